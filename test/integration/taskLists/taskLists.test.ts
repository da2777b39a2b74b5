import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyNetworkConfig } from '../../../src/services/applyNetworkConfig.js';
import type { ServiceContext } from '../../../src/services/context.js';
import { listTaskList, type TaskListRequest } from '../../../src/services/taskLists/listTaskList.js';
import { performBulkAction } from '../../../src/services/taskLists/performBulkAction.js';
import type { Institution } from '../../../src/store/schema.js';
import { availableBackends, createTestDatabase, type TestDatabase } from '../../support/databases.js';
import { testNetwork } from '../../support/demoNetwork.js';

const backends = await availableBackends();
const NOW = new Date('2026-11-25T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TITLES = ['Dune', 'The Left Hand of Darkness', 'Solaris', 'Neuromancer'];
const STATUSES = ['created', 'request_sent', 'will_supply'] as const;

/** One seeded borrowing request, as the test expects to see it. */
interface Seed {
  id: string;
  number: string;
  status: string;
  title: string;
  author: string;
  patron: string;
  created: Date;
  updated: Date;
  due: Date | null;
  library: 'MAIN' | 'BRANCH' | null;
  attention: boolean;
  assignee: string | null;
  partner: 'HCPL' | 'LKC';
  partnerNumber: string | null;
}

describe.each(backends)('task lists on %s', (backend) => {
  let database: TestDatabase;
  let ctx: ServiceContext;
  let nsu: Institution;
  let hcpl: Institution;
  const seeds: Seed[] = [];

  const list = (request: Partial<TaskListRequest>, scope = {}) =>
    listTaskList(ctx, nsu, 'borrowing', { sort: { by: 'updated', order: 'desc' }, limit: 200, facets: true, ...request }, scope, 'demo');
  const ids = (rows: readonly Seed[]) => rows.map((s) => s.id).sort();

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    await applyNetworkConfig(database.db, testNetwork, 'test');
    ctx = { db: database.db, now: () => NOW };
    const db = database.db;
    const institution = (code: string) => db.selectFrom('institution').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
    [nsu, hcpl] = [await institution('NSU'), await institution('HCPL')];
    await db.insertInto('library').values({ institution_id: nsu.id, code: 'BRANCH', name: 'Branch Library' }).execute();
    const libraries = Object.fromEntries((await db.selectFrom('library').select(['code', 'id']).where('institution_id', '=', nsu.id).execute()).map((l) => [l.code, l.id]));
    const partners = Object.fromEntries((await db.selectFrom('partner').select(['code', 'id']).where('institution_id', '=', nsu.id).execute()).map((p) => [p.code, p.id]));

    for (let i = 0; i < 24; i++) {
      const seed: Omit<Seed, 'id'> = {
        number: `NSU-${1000 + i}`,
        status: STATUSES[i % 3]!,
        title: `${TITLES[i % 4]} ${i}`,
        author: i % 2 ? 'Le Guin, Ursula K.' : 'Herbert, Frank',
        patron: `P-${i % 3}`,
        created: new Date(NOW.getTime() - i * 2 * DAY - HOUR),
        // Pairs share an updated_at: the id must break the tie, or pages repeat or lose rows.
        updated: new Date(NOW.getTime() - Math.floor(i / 2) * HOUR),
        due: i % 3 === 0 ? null : new Date(NOW.getTime() + ((i * 7) % 11) * DAY),
        library: i % 4 === 3 ? null : i % 2 ? 'BRANCH' : 'MAIN',
        attention: i % 5 === 0,
        assignee: i % 3 === 0 ? 'demo' : i % 3 === 1 ? 'alice' : null,
        partner: i % 2 ? 'HCPL' : 'LKC',
        partnerNumber: i % 2 ? `HCPL-${500 + i}` : null,
      };
      const row = await db
        .insertInto('borrowing_request')
        .values({
          institution_id: nsu.id,
          library_id: seed.library ? libraries[seed.library]! : null,
          status: seed.status,
          request_number: seed.number,
          patron_id: seed.patron,
          format: 'physical',
          service_type: 'loan',
          title: seed.title,
          author: seed.author,
          citation: '{}',
          due_date: seed.due,
          needs_attention: seed.attention ? 'parked message' : null,
          assigned_to: seed.assignee,
          created_at: seed.created,
          updated_at: seed.updated,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // Odd rows were sent to HCPL; even rows wait for LKC, the next to ask.
      await db
        .insertInto('rota_entry')
        .values({
          institution_id: nsu.id,
          borrowing_request_id: row.id,
          position: 1,
          partner_id: partners[seed.partner]!,
          status: seed.partnerNumber ? 'sent' : 'pending',
          sent_at: seed.partnerNumber ? seed.updated : null,
          supplying_agency_request_id: seed.partnerNumber,
          updated_at: seed.updated,
        })
        .execute();
      seeds.push({ id: row.id, ...seed });
    }
    // Another tenant with look-alike rows: none may ever be listed or counted at NSU.
    for (let i = 0; i < 10; i++) {
      await db
        .insertInto('borrowing_request')
        .values({
          institution_id: hcpl.id,
          status: STATUSES[i % 3]!,
          request_number: `HCPL-${2000 + i}`,
          patron_id: 'P-0',
          format: 'physical',
          service_type: 'loan',
          title: `${TITLES[i % 4]} ${i}`,
          author: 'Herbert, Frank',
          citation: '{}',
          assigned_to: 'demo',
          needs_attention: 'parked message',
          created_at: NOW,
          updated_at: NOW,
        })
        .execute();
    }
  });

  afterAll(async () => {
    await database?.close();
  });

  it('lists only the institution’s rows, newest update first, with the total', async () => {
    const page = await list({});
    expect(page.total).toBe(24);
    expect(page.items.map((r) => r.id)).toEqual(
      [...seeds].sort((a, b) => b.updated.getTime() - a.updated.getTime() || (a.id < b.id ? 1 : -1)).map((s) => s.id),
    );
    expect(page.items.every((r) => r.institution_id === nsu.id)).toBe(true);
    expect(page.next).toBeNull();
  });

  it.each<[string, Partial<TaskListRequest>, (s: Seed) => boolean]>([
    ['status', { statuses: ['will_supply'] }, (s) => s.status === 'will_supply'],
    ['two statuses', { statuses: ['created', 'will_supply'] }, (s) => s.status !== 'request_sent'],
    ['partner (the lender asked)', { partners: ['HCPL'] }, (s) => s.partner === 'HCPL'],
    ['partner (the next to ask), by symbol', { partners: ['ISIL:US-LKC'] }, (s) => s.partner === 'LKC'],
    ['library', { libraries: ['BRANCH'] }, (s) => s.library === 'BRANCH'],
    ['no library', { libraries: ['none'] }, (s) => s.library === null],
    ['created today', { created: 'today' }, (s) => s.created >= new Date('2026-11-25T00:00:00Z')],
    ['created in 7 days', { created: '7d' }, (s) => s.created.getTime() >= NOW.getTime() - 7 * DAY],
    ['created in 30 days', { created: '30d' }, (s) => s.created.getTime() >= NOW.getTime() - 30 * DAY],
    ['created earlier', { created: 'older' }, (s) => s.created.getTime() < NOW.getTime() - 30 * DAY],
    ['created from / before', { createdFrom: new Date(NOW.getTime() - 10 * DAY), createdBefore: new Date(NOW.getTime() - 2 * DAY) }, (s) => s.created.getTime() >= NOW.getTime() - 10 * DAY && s.created.getTime() < NOW.getTime() - 2 * DAY],
    ['assigned to me', { assignedTo: ['me'] }, (s) => s.assignee === 'demo'],
    ['unassigned', { assignedTo: ['unassigned'] }, (s) => s.assignee === null],
    ['assigned to alice or nobody', { assignedTo: ['alice', 'unassigned'] }, (s) => s.assignee !== 'demo'],
    ['needs attention', { needsAttention: true }, (s) => s.attention],
    ['all is well', { needsAttention: false }, (s) => !s.attention],
    ['several filters at once', { statuses: ['request_sent'], partners: ['HCPL'], assignedTo: ['alice'] }, (s) => s.status === 'request_sent' && s.partner === 'HCPL' && s.assignee === 'alice'],
  ])('filters by %s', async (_name, request, expected) => {
    const page = await list(request);
    const want = seeds.filter(expected);
    expect(want.length).toBeGreaterThan(0);
    expect(page.items.map((r) => r.id).sort()).toEqual(ids(want));
    expect(page.total).toBe(want.length);
  });

  it('counts facets under every filter but their own, never another institution’s rows', async () => {
    const page = await list({ statuses: ['request_sent'], assignedTo: ['alice', 'demo'] });
    const facets = page.facets!;
    const count = (pred: (s: Seed) => boolean) => seeds.filter(pred).length;
    const assigned = (s: Seed) => s.assignee === 'alice' || s.assignee === 'demo';
    // Status ignores the status filter, but keeps the assignee one.
    for (const status of STATUSES) {
      expect(facets.status.find((f) => f.value === status)?.count ?? 0).toBe(count((s) => s.status === status && assigned(s)));
    }
    // Assignee ignores its own filter, but keeps the status one.
    expect(Object.fromEntries(facets.assignedTo.map((f) => [f.value ?? 'unassigned', f.count]))).toEqual(
      Object.fromEntries(
        (['demo', 'alice', null] as const)
          .map((a) => [a ?? 'unassigned', count((s) => s.status === 'request_sent' && s.assignee === a)] as const)
          .filter(([, n]) => n > 0),
      ),
    );
    const both = (s: Seed) => s.status === 'request_sent' && assigned(s);
    expect(facets.partner.map((f) => [f.partner?.code, f.count]).sort()).toEqual(
      (['HCPL', 'LKC'] as const).map((p) => [p, count((s) => both(s) && s.partner === p)]).filter(([, n]) => n !== 0).sort(),
    );
    expect(facets.library.map((f) => [f.library?.code ?? null, f.count]).sort()).toEqual(
      (['BRANCH', 'MAIN', null] as const).map((l) => [l, count((s) => both(s) && s.library === l)]).filter(([, n]) => n !== 0).sort(),
    );
    expect(facets.needsAttention).toEqual({ yes: count((s) => both(s) && s.attention), no: count((s) => both(s) && !s.attention) });
    expect(facets.created).toEqual({
      today: count((s) => both(s) && s.created >= new Date('2026-11-25T00:00:00Z')),
      '7d': count((s) => both(s) && s.created.getTime() >= NOW.getTime() - 7 * DAY),
      '30d': count((s) => both(s) && s.created.getTime() >= NOW.getTime() - 30 * DAY),
      older: count((s) => both(s) && s.created.getTime() < NOW.getTime() - 30 * DAY),
    });
    expect(page.total).toBe(count(both));
  });

  it('never counts another institution’s rows, even unfiltered', async () => {
    const facets = (await list({})).facets!;
    expect(facets.status.reduce((n, f) => n + f.count, 0)).toBe(24);
    expect(facets.assignedTo.find((f) => f.value === 'demo')?.count).toBe(seeds.filter((s) => s.assignee === 'demo').length);
    expect(facets.needsAttention.yes).toBe(seeds.filter((s) => s.attention).length);
    expect(facets.created.today).toBe(1);
  });

  it.each<[string, string, (s: Seed) => boolean]>([
    ['a title word', 'solaris', (s) => s.title.startsWith('Solaris')],
    ['a title word prefix and a number', 'Neuro 7', (s) => s.title.startsWith('Neuromancer') && / 7\d*$/.test(s.title)],
    ['an author', 'le guin', (s) => s.author.startsWith('Le Guin')],
    ['our request number', 'NSU-1005', (s) => s.number === 'NSU-1005'],
    ['the partner’s request number', 'hcpl-507', (s) => s.partnerNumber === 'HCPL-507'],
    ['a patron id', 'P-2', (s) => s.patron === 'P-2'],
  ])('searches by %s', async (_name, q, expected) => {
    const page = await list({ q });
    expect(page.items.map((r) => r.id).sort()).toEqual(ids(seeds.filter(expected)));
  });

  it('finds nothing for a word only another institution has', async () => {
    expect((await list({ q: 'HCPL-2003' })).total).toBe(0);
  });

  const orders: [TaskListRequest['sort'], (a: Seed, b: Seed) => number][] = [
    [{ by: 'updated', order: 'desc' }, (a, b) => b.updated.getTime() - a.updated.getTime()],
    [{ by: 'updated', order: 'asc' }, (a, b) => a.updated.getTime() - b.updated.getTime()],
    [{ by: 'created', order: 'desc' }, (a, b) => b.created.getTime() - a.created.getTime()],
    [{ by: 'created', order: 'asc' }, (a, b) => a.created.getTime() - b.created.getTime()],
    [{ by: 'title', order: 'asc' }, (a, b) => (a.title.toLowerCase() < b.title.toLowerCase() ? -1 : a.title.toLowerCase() > b.title.toLowerCase() ? 1 : 0)],
    [{ by: 'title', order: 'desc' }, (a, b) => (a.title.toLowerCase() < b.title.toLowerCase() ? 1 : a.title.toLowerCase() > b.title.toLowerCase() ? -1 : 0)],
    // No due date sorts as the furthest future.
    [{ by: 'due', order: 'asc' }, (a, b) => (a.due?.getTime() ?? Infinity) - (b.due?.getTime() ?? Infinity) || 0],
    [{ by: 'due', order: 'desc' }, (a, b) => (b.due?.getTime() ?? Infinity) - (a.due?.getTime() ?? Infinity) || 0],
  ];

  it.each(orders)('sorts by %o, ties by id, and pages by keyset without repeats or gaps', async (sort, compare) => {
    const tieBreak = (a: Seed, b: Seed) => (a.id < b.id ? -1 : 1) * (sort.order === 'asc' ? 1 : -1);
    const expected = [...seeds].sort((a, b) => compare(a, b) || tieBreak(a, b)).map((s) => s.id);
    expect((await list({ sort })).items.map((r) => r.id)).toEqual(expected);

    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 20; pages++) {
      const page = await list({ sort, limit: 5, after, facets: false });
      expect(page.total).toBe(24);
      expect(page.items.length).toBeLessThanOrEqual(5);
      seen.push(...page.items.map((r) => r.id));
      if (!page.next) break;
      after = page.next;
    }
    expect(seen).toEqual(expected);
  });

  it('keeps paging correct while a row of a later page is updated', async () => {
    const sort = { by: 'updated', order: 'desc' } as const;
    const first = await list({ sort, limit: 10, facets: false });
    const moved = first.items[0]!;
    // The first row is touched again; keyset pages neither repeat nor skip the others.
    await database.db.updateTable('borrowing_request').set({ updated_at: new Date(NOW.getTime() + HOUR) }).where('id', '=', moved.id).execute();
    try {
      const rest = await list({ sort, limit: 200, after: first.next!, facets: false });
      const all = [...first.items, ...rest.items].map((r) => r.id);
      expect(new Set(all).size).toBe(24);
    } finally {
      await database.db.updateTable('borrowing_request').set({ updated_at: moved.updated_at }).where('id', '=', moved.id).execute();
    }
  });

  it('applies a library scope to rows and counts: the scope’s libraries and requests of none', async () => {
    const main = (await database.db.selectFrom('library').select('id').where('institution_id', '=', nsu.id).where('code', '=', 'MAIN').executeTakeFirstOrThrow()).id;
    const page = await list({}, { libraryIds: [main] });
    const visible = seeds.filter((s) => s.library !== 'BRANCH');
    expect(page.items.map((r) => r.id).sort()).toEqual(ids(visible));
    expect(page.facets!.status.reduce((n, f) => n + f.count, 0)).toBe(visible.length);
  });

  it('applies a patron scope: their own borrowing requests, no lending request', async () => {
    const page = await list({}, { patronId: 'P-1' });
    expect(page.items.map((r) => r.id).sort()).toEqual(ids(seeds.filter((s) => s.patron === 'P-1')));
    const lending = await listTaskList(ctx, nsu, 'lending', { sort: { by: 'updated', order: 'desc' }, limit: 50, facets: true }, { patronId: 'P-1' }, 'demo');
    expect(lending.total).toBe(0);
  });

  it('acts in bulk only on requests the scope shows: the others are unknown (404)', async () => {
    const main = (await database.db.selectFrom('library').select('id').where('institution_id', '=', nsu.id).where('code', '=', 'MAIN').executeTakeFirstOrThrow()).id;
    const inMain = seeds.find((s) => s.library === 'MAIN' && s.assignee === null)!;
    const inBranch = seeds.find((s) => s.library === 'BRANCH' && s.assignee === null)!;
    const outcomes = await performBulkAction(ctx, nsu, 'borrowing', 'assign', [inMain.id, inBranch.id], { libraryIds: [main] }, { actor: 'user:op', userId: 'op' });
    try {
      expect(outcomes.map((o) => [o.id, o.ok ? o.assignedTo : o.problem.status])).toEqual([
        [inMain.id, 'op'],
        [inBranch.id, 404],
      ]);
      const history = await database.db.selectFrom('request_event').select(['request_id', 'event', 'actor', 'note']).where('event', '=', 'assign').execute();
      expect(history).toEqual([{ request_id: inMain.id, event: 'assign', actor: 'user:op', note: 'assigned to user:op' }]);
    } finally {
      await database.db.updateTable('borrowing_request').set({ assigned_to: null }).where('id', '=', inMain.id).execute();
    }
  });

  it.each<[string, Partial<TaskListRequest>, string]>([
    ['an unknown partner', { partners: ['NOPE'] }, 'partner: unknown partner NOPE'],
    ['an unknown library', { libraries: ['NOPE'] }, 'library: unknown library NOPE'],
    ['a search with nothing to search', { q: '--- !!' }, 'q: '],
    ['a cursor that is not one', { after: 'garbage' }, 'after: '],
    ['a cursor of another sort', { after: Buffer.from(JSON.stringify({ by: 'title', order: 'asc', value: 'x', id: '00000000-0000-4000-8000-000000000000' })).toString('base64url') }, 'after: the cursor is for sort=title'],
  ])('refuses %s, naming the parameter', async (_name, request, message) => {
    await expect(list(request)).rejects.toThrow(message);
  });
});
