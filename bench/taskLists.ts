import { performance } from 'node:perf_hooks';
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { parseConfigText } from '../src/config/loadConfigFile.js';
import { applyNetworkConfig } from '../src/services/applyNetworkConfig.js';
import { createdRangeBounds } from '../src/services/taskLists/createdRanges.js';
import { encodeCursor, decodeCursor } from '../src/services/taskLists/cursor.js';
import { toPrefixTsQuery } from '../src/services/taskLists/searchQuery.js';
import type { Database } from '../src/store/schema.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { countTaskListFacets, listTaskList, type TaskListQuery } from '../src/store/taskListRepository.js';

export interface TaskListFigure {
  query: string;
  p50ms: number;
  p95ms: number;
  runs: number;
  /** The plan's scan lines (EXPLAIN ANALYZE of the first run). */
  plan: string[];
}

export interface TaskListBench {
  rows: number;
  seedSeconds: number;
  indexSeconds: number;
  figures: TaskListFigure[];
}

const NETWORK = parseConfigText(
  ['NSU', 'HCPL', 'LKC']
    .map(
      (code, i, all) => `  - code: ${code}
    name: ${code}
    symbols: ["ISIL:US-${code}"]
    libraries: [{ code: MAIN, name: Main }, { code: BRANCH, name: Branch }]
    partners: [${all
      .filter((other) => other !== code)
      .map((other) => `{ code: ${other}, name: ${other}, symbol: "ISIL:US-${other}" }`)
      .concat(Array.from({ length: 8 }, (_, p) => `{ code: FAR${i}${p}, name: Far ${p}, symbol: "ISIL:XX-F${i}${p}", endpoint: "https://far${p}.example/iso18626" }`))
      .join(', ')}]`,
    )
    .join('\n')
    .replace(/^/, 'institutions:\n'),
  'bench-task-lists.yaml',
);

/** Realistic weights: most requests of a year are closed; a tenth are with a lender. */
const STATUS_WEIGHTS: [string, number][] = [
  ['completed', 55],
  ['cancelled', 8],
  ['expired', 3],
  ['request_sent', 10],
  ['will_supply', 4],
  ['shipped_physically', 4],
  ['received_physically', 3],
  ['loaned_to_patron', 6],
  ['returned_by_patron', 2],
  ['created', 2],
  ['locate_failed', 2],
  ['overdue', 1],
];

const WORDS = ['history', 'science', 'darkness', 'garden', 'river', 'solaris', 'empire', 'winter', 'ocean', 'letters', 'machine', 'memory', 'city', 'island', 'journey', 'silence', 'theory', 'music', 'stone', 'light'];

/**
 * Seeds `rows` borrowing requests over three institutions with one INSERT … generate_series on
 * a scratch database (indexes dropped while loading and rebuilt after, as a bulk load would),
 * then times the common task-list queries through the repository, as the API runs them.
 */
export async function taskListQueries(options: { pgUrl: string; rows: number; runs: number }): Promise<TaskListBench> {
  const name = `interlend_bench_tl_${process.pid}`;
  const admin = new pg.Client({ connectionString: options.pgUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  const url = new URL(options.pgUrl);
  url.pathname = `/${name}`;
  const captured: { sql: string; parameters: readonly unknown[] }[] = [];
  const pool = new pg.Pool({ connectionString: url.toString(), max: 8 });
  // The scratch database is dropped at the end, with force: its idle connections end then.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query') captured.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  try {
    await migrateToLatest(db);
    await applyNetworkConfig(db, NETWORK, 'bench');
    const institutions = await db.selectFrom('institution').select(['id', 'code']).orderBy('code').execute();

    const started = performance.now();
    const indexes = await sql<{ indexdef: string; indexname: string }>`
      select indexname, indexdef from pg_indexes where tablename = 'borrowing_request' and indexname like 'borrowing_request\_%\_idx'`.execute(db);
    for (const index of indexes.rows) await sql`drop index ${sql.id(index.indexname)}`.execute(db);
    const statusArray = STATUS_WEIGHTS.flatMap(([status, weight]) => Array<string>(weight).fill(status));
    await sql`
      insert into borrowing_request (institution_id, library_id, status, request_number, patron_id, format, service_type,
        title, author, citation, due_date, needs_attention, assigned_to, current_partner_id, created_at, updated_at)
      select i.id,
             case when g % 10 = 0 then null else (select l.id from library l where l.institution_id = i.id order by l.code offset (g / 3) % 2 limit 1) end,
             s.status,
             i.code || '-' || g,
             'P-' || (g % 20000),
             'physical', 'loan',
             initcap((${sql.val(WORDS)}::text[])[1 + g % 20]) || ' ' || (${sql.val(WORDS)}::text[])[1 + (g / 20) % 20] || ' ' || (g % 997),
             'Author ' || (g % 5000),
             '{}'::jsonb,
             case when s.status in ('shipped_physically', 'received_physically', 'loaned_to_patron', 'overdue') then c.at + interval '30 days' end,
             case when g % 97 = 0 then 'parked message' end,
             case when s.status not in ('completed', 'cancelled', 'expired') and g % 4 = 0 then 'user-' || (g % 7) end,
             (select p.id from partner p where p.institution_id = i.id order by p.code offset g % 10 limit 1),
             c.at,
             c.at + ((g % 20) || ' days')::interval
      from generate_series(1, ${options.rows}::int) g
      cross join lateral (select id, code from institution order by code offset g % 3 limit 1) i
      cross join lateral (select (${sql.val(statusArray)}::text[])[1 + ((g::bigint * 7919) % ${statusArray.length})::int] as status) s
      cross join lateral (select now() - ((g % 730) || ' days')::interval - ((g % 1440) || ' minutes')::interval as at) c`.execute(db);
    const seedSeconds = (performance.now() - started) / 1000;
    const indexStarted = performance.now();
    await sql`set maintenance_work_mem = '256MB'`.execute(db);
    for (const index of indexes.rows) await sql.raw(index.indexdef).execute(db);
    await sql`vacuum analyze borrowing_request`.execute(db);
    const indexSeconds = (performance.now() - indexStarted) / 1000;

    const figures: TaskListFigure[] = [];
    const now = new Date();
    const measure = async (label: string, run: (institutionId: string) => Promise<unknown>) => {
      const times: number[] = [];
      let first: typeof captured = [];
      for (let i = 0; i < options.runs; i++) {
        const institutionId = institutions[i % institutions.length]!.id;
        captured.length = 0;
        const t0 = performance.now();
        await run(institutionId);
        times.push(performance.now() - t0);
        if (i === 0) first = [...captured];
      }
      const plan: string[] = [];
      for (const query of first) {
        const result = await db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain (analyze, costs off, timing off, summary off) ${query.sql}`, [...query.parameters]));
        plan.push(...result.rows.map((r) => r['QUERY PLAN']).filter((line) => /Scan|Sort|Limit|Aggregate|Recheck|Index Cond/.test(line)).slice(0, 6).map((line) => shorten(line.trimEnd())));
        plan.push('--');
      }
      times.sort((a, b) => a - b);
      figures.push({ query: label, p50ms: times[Math.floor(times.length * 0.5)]!, p95ms: times[Math.min(times.length - 1, Math.floor(times.length * 0.95))]!, runs: times.length, plan });
    };
    const query = (institutionId: string, patch: Partial<TaskListQuery>): TaskListQuery => ({
      institutionId,
      scope: {},
      filter: {},
      sort: { by: 'updated', order: 'desc' },
      limit: 50,
      ...patch,
    });

    await measure('first page by status (request_sent), newest update first, with total', (id) => listTaskList(db, 'borrowing', query(id, { filter: { statuses: ['request_sent'] } })));
    await measure('search a title word ("solaris"), with total', (id) => listTaskList(db, 'borrowing', query(id, { filter: { search: toPrefixTsQuery('solaris') } })));
    await measure('search a request number prefix', (id) => listTaskList(db, 'borrowing', query(id, { filter: { search: toPrefixTsQuery(`${institutions.find((i) => i.id === id)!.code}-12345`) } })));
    await measure('facet counts, no filter (6 facet queries)', (id) => countTaskListFacets(db, 'borrowing', query(id, {}), createdRangeBounds(now)));
    await measure('facet counts under status filter', (id) => countTaskListFacets(db, 'borrowing', query(id, { filter: { statuses: ['request_sent'] } }), createdRangeBounds(now)));
    await measure('assigned to me, newest update first, with total', (id) => listTaskList(db, 'borrowing', query(id, { filter: { assignees: ['user-3'] } })));
    // A deep page: the keyset cursor of row 100 000 of the institution's list, reached in one step.
    const deep = new Map<string, { value: string; id: string }>();
    for (const institution of institutions) {
      const row = await sql<{ value: string; id: string }>`
        select updated_at::text as value, id from borrowing_request where institution_id = ${institution.id}
        order by updated_at desc, id desc offset ${Math.floor(options.rows / 10)} limit 1`.execute(db);
      const sort = { by: 'updated', order: 'desc' } as const;
      const cursor = decodeCursor(encodeCursor(sort, row.rows[0]!), sort);
      if (cursor.ok) deep.set(institution.id, cursor.position);
    }
    await measure(`deep keyset page (after row ${Math.floor(options.rows / 10)}), with total`, (id) => listTaskList(db, 'borrowing', query(id, { after: deep.get(id) })));
    await measure('sort by title, first page, with total', (id) => listTaskList(db, 'borrowing', query(id, { sort: { by: 'title', order: 'asc' } })));
    return { rows: options.rows, seedSeconds, indexSeconds, figures };
  } finally {
    await db.destroy();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/** Plan lines name the whole search expression; its operand is what the reader needs. */
function shorten(line: string): string {
  return line.replace(/to_tsvector\('simple'::regconfig, regexp_replace\(.*?'g'::text\)\)/g, 'to_tsvector(<search document>)');
}
