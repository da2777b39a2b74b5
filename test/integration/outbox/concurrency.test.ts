import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueMessage } from '../../../src/outbox/enqueue.js';
import type { DeliveryResult, OutboxRow, Transport } from '../../../src/outbox/transport.js';
import { OutboxWorker } from '../../../src/outbox/worker.js';
import { openDatabase, type Db, type OpenDatabase } from '../../../src/store/database.js';
import { availableBackends, createTestDatabase, type TestDatabase } from '../../support/databases.js';
import { capturingLogger, createInstitution, eventually, outbound } from './support.js';

const backends = await availableBackends();

const REQUESTS = 20;
const PER_REQUEST = 10;

/**
 * Shared by both workers, as the partner would see it: what arrived, in which order, and
 * whether any message was ever being delivered twice at the same time.
 */
class PartnerTransport {
  readonly delivered: { id: string; request: string; n: number; worker: string }[] = [];
  readonly overlaps: string[] = [];
  readonly orderViolations: string[] = [];
  private readonly inFlight = new Set<string>();
  private readonly lastDelivered = new Map<string, number>();
  private attempt = 0;

  forWorker(worker: string): Transport {
    return { deliver: (message) => this.deliverAs(message, worker) };
  }

  private async deliverAs(message: OutboxRow, worker: string): Promise<DeliveryResult> {
    if (this.inFlight.has(message.id)) this.overlaps.push(message.id);
    const n = Number(message.summary);
    const before = this.lastDelivered.get(message.request_id) ?? -1;
    // Delivering n while n-1 is not yet delivered breaks per-request order.
    if (n !== before + 1) this.orderViolations.push(`${message.request_id}: ${n} after ${before}`);
    this.inFlight.add(message.id);
    try {
      // Yield a few times so the other worker's claims interleave with this delivery.
      for (let i = 0, spins = Number(message.id) % 4; i < spins; i++) await new Promise((resolve) => setImmediate(resolve));
      // Every 7th attempt fails (retried at once with a zero backoff): failures must not reorder.
      if (++this.attempt % 7 === 0) return { kind: 'failed', error: 'flaky partner', retryable: true };
      this.lastDelivered.set(message.request_id, n);
      this.delivered.push({ id: message.id, request: message.request_id, n, worker });
      return { kind: 'answered', confirmation: `<ok id="${message.id}"/>`, accepted: true };
    } finally {
      this.inFlight.delete(message.id);
    }
  }
}

describe.each(backends)('two outbox workers on %s', (backend) => {
  let database: TestDatabase;
  let second: OpenDatabase | undefined;
  let institution: string;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    institution = await createInstitution(database.db);
  });
  afterAll(async () => {
    await second?.close();
    await database.close();
  });

  it(`deliver ${REQUESTS * PER_REQUEST} messages over ${REQUESTS} requests exactly once each, in order per request`, async () => {
    const db = database.db;
    // On PostgreSQL the second worker gets a pool of its own: another process's worth of connections.
    second = backend === 'postgres' ? openDatabase({ databaseUrl: database.url!, dataDir: 'unused' }) : undefined;
    const otherDb: Db = second?.db ?? db;

    const requests = Array.from({ length: REQUESTS }, () => randomUUID());
    // Enqueued round-robin, so each request's messages are interleaved with the others'.
    await db.transaction().execute(async (trx) => {
      for (let n = 0; n < PER_REQUEST; n++) {
        for (const request of requests) await enqueueMessage(trx, outbound(institution, request, n, { summary: String(n) }));
      }
    });

    const partner = new PartnerTransport();
    const policy = { batchSize: 25, pollIntervalMs: 5, baseDelayMs: 0, maxDelayMs: 0, maxAttempts: 1000 };
    const workers = [
      new OutboxWorker({ db, transport: partner.forWorker('one'), policy, logger: capturingLogger(), workerId: 'one' }),
      new OutboxWorker({ db: otherDb, transport: partner.forWorker('two'), policy, logger: capturingLogger(), workerId: 'two' }),
    ];
    for (const worker of workers) worker.start();
    try {
      await eventually(async () => {
        const row = await db
          .selectFrom('outbox_message')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('status', '=', 'delivered')
          .executeTakeFirstOrThrow();
        return Number(row.n) === REQUESTS * PER_REQUEST;
      }, 'every message to be delivered', 60_000);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }

    expect(partner.overlaps).toEqual([]);
    expect(partner.orderViolations).toEqual([]);
    expect(partner.delivered).toHaveLength(REQUESTS * PER_REQUEST);
    expect(new Set(partner.delivered.map((d) => d.id)).size).toBe(REQUESTS * PER_REQUEST);
    for (const request of requests) {
      expect(partner.delivered.filter((d) => d.request === request).map((d) => d.n)).toEqual([...Array(PER_REQUEST).keys()]);
    }
    // Both workers took part (with a shared database, neither can starve the other for 200 messages).
    expect(new Set(partner.delivered.map((d) => d.worker))).toEqual(new Set(['one', 'two']));
    // Some deliveries failed and were retried, and retries are counted.
    const retried = await sql<{ n: string }>`select count(*) as n from outbox_message where attempts > 1`.execute(db);
    expect(Number(retried.rows[0]!.n)).toBeGreaterThan(0);
  });
});
