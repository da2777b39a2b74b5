import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type RequestView } from '../../../src/cli/apiClient.js';
import { isPostgresAvailable, POSTGRES_ADMIN_URL } from '../../support/databases.js';
import { requestXml } from '../../support/iso18626Messages.js';
import { startCluster, type Cluster } from '../../support/scale/cluster.js';
import { startRecordingPartner, type RecordingPartner } from '../../support/scale/recordingPartner.js';
import { waitFor } from '../../support/waitFor.js';

/**
 * Scale-out: several `interlend serve` processes share ONE PostgreSQL database and split the
 * traffic. PostgreSQL only: PGlite is one process by nature (its directory belongs to the
 * process that opened it), so there is nothing to share on it.
 */
const postgres = await isPostgresAvailable();
if (!postgres) {
  if (process.env.CI) throw new Error(`PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL}; CI must run the scale-out suite`);
  console.warn(`\n*** SKIPPING the scale-out suite: PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL}. ***\n`);
}

const LIBRARY = 'XX-LND';
const PARTNER = 'XX-PTR';

/** One institution of the cluster that both lends to and borrows from the recording partner. */
function network(partnerEndpoint: string): string {
  return `institutions:
  - code: LND
    name: Scale Test Library
    symbols: ["ISIL:${LIBRARY}"]
    libraries: [{ code: MAIN, name: Main Library }]
    partners:
      - { code: PTR, name: Recording Partner, symbol: "ISIL:${PARTNER}", endpoint: "${partnerEndpoint}" }
      - { code: SLOW, name: Slow Partner, symbol: "ISIL:XX-SLOW", endpoint: "${partnerEndpoint}", requestExpiry: { date: "2000-01-01" } }
`;
}

interface Sizes {
  inbound: number;
  outbound: number;
  expiring: number;
  overdue: number;
}

/** Runs `work` for 0..count-1 with at most `senders` at a time. */
async function spread(count: number, senders: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const sender = async (): Promise<void> => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: senders }, sender));
}

async function post(base: string, body: string): Promise<string> {
  const response = await fetch(`${base}/iso18626`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body });
  expect(response.status).toBe(200);
  return response.text();
}

describe.skipIf(!postgres).each([
  { processes: 2, sizes: { inbound: 240, outbound: 30, expiring: 12, overdue: 12 } },
  { processes: 3, sizes: { inbound: 150, outbound: 18, expiring: 9, overdue: 9 } },
])('$processes server processes on one PostgreSQL database', ({ processes, sizes }: { processes: number; sizes: Sizes }) => {
  let partner: RecordingPartner;
  let cluster: Cluster;
  let apis: ApiClient[];
  const run = `S${processes}`;
  const db = () => cluster.database.db;
  const apiFor = (i: number): ApiClient => apis[i % apis.length] as ApiClient;
  const baseFor = (i: number): string => cluster.bases[i % cluster.bases.length] as string;

  beforeAll(async () => {
    partner = await startRecordingPartner();
    // All processes start at the same moment: migrations, the network file and the demo accounts race.
    cluster = await startCluster(processes, network(partner.endpoint));
    apis = cluster.bases.map((base) => new ApiClient(base));
  }, 180_000);

  afterAll(async () => {
    await cluster?.stop();
    await partner?.close();
  });

  it('started every process: the racing start loaded the network file and the demo account once', async () => {
    expect(cluster.bases).toHaveLength(processes);
    const institutions = await db().selectFrom('institution').select('code').execute();
    expect(institutions.map((i) => i.code)).toEqual(['LND']);
    const partners = await db().selectFrom('partner').select('code').orderBy('code').execute();
    expect(partners.map((p) => p.code)).toEqual(['PTR', 'SLOW']);
    const staff = await db().selectFrom('user_account').select('username').where('username', '=', 'demo').execute();
    expect(staff).toHaveLength(1);
    for (const server of cluster.servers) expect(server.output()).not.toMatch(/duplicate key|unique constraint/i);
  });

  it('applies every inbound request once, whichever process gets it, and answers duplicates identically', async () => {
    const bodies = Array.from({ length: sizes.inbound }, (_, i) => requestXml({ from: PARTNER, to: LIBRARY, id: `${run}-IN-${i}` }));
    const firstAnswers: string[] = [];
    await spread(sizes.inbound, 8, async (i) => {
      const body = bodies[i] as string;
      if (i % 4 === 0) {
        // The same message to every process at once: one applies it, the others answer as a re-delivery.
        const answers = await Promise.all(cluster.bases.map((base) => post(base, body)));
        expect(new Set(answers).size, `answers to ${run}-IN-${i}`).toBe(1);
        firstAnswers[i] = answers[0] as string;
      } else {
        firstAnswers[i] = await post(baseFor(i), body);
      }
      expect(firstAnswers[i]).toContain('<messageStatus>OK</messageStatus>');
    });
    // Later re-deliveries, each to another process than the first: the stored answer again.
    await spread(sizes.inbound / 6, 4, async (k) => {
      const i = k * 6 + 1;
      expect(await post(baseFor(i + 1), bodies[i] as string)).toBe(firstAnswers[i]);
    });
    const requests = await db()
      .selectFrom('lending_request')
      .select(['requesting_agency_request_id'])
      .where('requesting_agency_request_id', 'like', `${run}-IN-%`)
      .execute();
    expect(requests).toHaveLength(sizes.inbound);
    expect(new Set(requests.map((r) => r.requesting_agency_request_id)).size).toBe(sizes.inbound);
    const created = await db()
      .selectFrom('request_event as e')
      .innerJoin('lending_request as l', 'l.id', 'e.request_id')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('e.event', '=', 'requester:Request')
      .where('l.requesting_agency_request_id', 'like', `${run}-IN-%`)
      .executeTakeFirstOrThrow();
    expect(Number(created.n)).toBe(sizes.inbound);
  });

  it('delivers every outbound message exactly once and in order per request, from requests made through any process', async () => {
    const numbers: string[] = [];
    await spread(sizes.outbound, 6, async (i) => {
      const api = apiFor(i);
      const created = await api.call<RequestView>('POST', api.borrowing(LIBRARY), { patronId: `P-${i}`, citation: { title: `Scale ${i}` }, rota: ['PTR'], send: true });
      numbers[i] = created.number;
      // Cancelled through another process than the one that sent it: the Cancel must follow the Request.
      const other = apiFor(i + 1);
      await other.call('POST', `${other.borrowing(LIBRARY, created.id)}/actions/cancel`, {});
    });
    await waitForDrainedOutbox();
    for (const number of numbers) {
      expect(partner.received.filter((m) => m.requestId === number).map((m) => m.what), number).toEqual(['Request', 'Cancel']);
    }
    await expectDeliveredExactlyOnce();
  });

  it('expires each unanswered request once with every process running the expiry job', async () => {
    const ids: string[] = [];
    await spread(sizes.expiring, 4, async (i) => {
      const api = apiFor(i);
      const created = await api.call<RequestView>('POST', api.borrowing(LIBRARY), { patronId: `P-X${i}`, citation: { title: `Expiring ${i}` }, rota: ['SLOW'], send: true });
      ids[i] = created.id;
    });
    const expireEvents = () =>
      db().selectFrom('request_event').select(['request_id']).where('request_kind', '=', 'borrowing').where('event', '=', 'timer:expire').where('request_id', 'in', ids).execute();
    await waitFor(expireEvents, (events) => new Set(events.map((e) => e.request_id)).size === ids.length, { what: 'every request expired', timeoutMs: 60_000 });
    // Several more rounds of every process's job: still once each.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const events = await expireEvents();
    expect(events.map((e) => e.request_id).sort()).toEqual([...ids].sort());
    await waitForDrainedOutbox();
    await expectDeliveredExactlyOnce();
  });

  it('queues one overdue notice per loan with every process running the overdue job', async () => {
    const ids: string[] = [];
    await spread(sizes.overdue, 4, async (i) => {
      const api = apiFor(i);
      const created = await api.call<RequestView>('POST', api.borrowing(LIBRARY), { patronId: `P-O${i}`, citation: { title: `Overdue ${i}` }, rota: ['PTR'], send: false });
      ids[i] = created.id;
    });
    const institution = await db().selectFrom('institution').select('id').where('code', '=', 'LND').executeTakeFirstOrThrow();
    // The job's input, written directly: patrons' loans whose due date passed yesterday.
    const yesterday = new Date(Date.now() - 86_400_000);
    await db()
      .insertInto('loan')
      .values(ids.map((id, i) => ({ institution_id: institution.id, item_id: null, item_barcode: `TMP-O${i}`, borrowing_request_id: id, patron_barcode: `P-O${i}`, due_date: yesterday, status: 'active' as const, loaned_at: yesterday, returned_at: null })))
      .execute();
    const told = () => db().selectFrom('loan').select(['borrowing_request_id']).where('borrowing_request_id', 'in', ids).where('overdue_notice_at', 'is not', null).execute();
    await waitFor(told, (loans) => loans.length === ids.length, { what: 'every overdue loan told', timeoutMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const events = await db().selectFrom('request_event').select(['request_id']).where('event', '=', 'timer:loan-overdue').where('request_id', 'in', ids).execute();
    expect(events.map((e) => e.request_id).sort()).toEqual([...ids].sort());
  });

  async function waitForDrainedOutbox(): Promise<void> {
    const undelivered = () => db().selectFrom('outbox_message').select(['id', 'status', 'last_error']).where('status', '<>', 'delivered').execute();
    const left = await waitFor(undelivered, (rows) => rows.every((r) => r.status !== 'pending'), { what: 'the outbox drained', timeoutMs: 60_000 });
    expect(left, 'parked messages').toEqual([]);
  }

  /** What the partner got is what the outbox says it delivered to it: no message twice. */
  async function expectDeliveredExactlyOnce(): Promise<void> {
    const delivered = await db().selectFrom('outbox_message').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'delivered').where('endpoint_url', 'is not', null).executeTakeFirstOrThrow();
    expect(partner.unreadable).toEqual([]);
    expect(partner.received.length).toBe(Number(delivered.n));
    expect(new Set(partner.received.map((m) => m.body)).size).toBe(partner.received.length);
  }
});

describe.skipIf(!postgres)('server processes started together on an empty PostgreSQL database', () => {
  it('load the demo consortium once between them', async () => {
    const cluster = await startCluster(3, undefined);
    try {
      const institutions = await cluster.database.db.selectFrom('institution').select('code').orderBy('code').execute();
      expect(institutions.map((i) => i.code)).toEqual(['HCPL', 'LKC', 'NSU']);
      const admins = await cluster.database.db.selectFrom('user_account').select('institution_id').where('username', '=', 'demo').execute();
      expect(admins).toHaveLength(3);
      for (const server of cluster.servers) expect(server.output()).not.toMatch(/duplicate key|unique constraint/i);
    } finally {
      await cluster.stop();
    }
  }, 180_000);
});
