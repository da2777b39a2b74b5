import { sql, type RawBuilder } from 'kysely';
import type { Db } from './database.js';
import type { BorrowingRequest, LendingRequest, Library, RequestKind } from './schema.js';

export type TaskListSortKey = 'updated' | 'created' | 'title' | 'due';
export interface TaskListSort {
  by: TaskListSortKey;
  order: 'asc' | 'desc';
}

/**
 * Who may see what, applied to every row and count: a library-scoped operator sees requests of
 * their libraries and those of no library (the institution's as a whole); a patron sees their
 * own borrowing requests and no lending request.
 */
export interface TaskListScope {
  libraryIds?: readonly string[] | undefined;
  patronId?: string | undefined;
}

/** What staff chose. Values within one filter are alternatives; filters combine with AND. */
export interface TaskListFilter {
  statuses?: readonly string[] | undefined;
  partnerIds?: readonly string[] | undefined;
  /** null: requests without a library. */
  libraryIds?: readonly (string | null)[] | undefined;
  createdFrom?: Date | undefined;
  createdBefore?: Date | undefined;
  /** null: unassigned. */
  assignees?: readonly (string | null)[] | undefined;
  needsAttention?: boolean | undefined;
  /** A tsquery (searchQuery.ts) over title, author, request numbers and patron id. */
  search?: string | undefined;
}

export interface TaskListQuery {
  institutionId: string;
  scope: TaskListScope;
  filter: TaskListFilter;
  sort: TaskListSort;
  /** The last row of the previous page: its sort value as the database printed it, and id. */
  after?: { value: string; id: string } | undefined;
  limit: number;
}

type RowOf<K extends RequestKind> = K extends 'borrowing' ? BorrowingRequest : LendingRequest;

export interface TaskListPage<K extends RequestKind> {
  items: RowOf<K>[];
  total: number;
  /** Where the next page starts; undefined on the last page. */
  next?: { value: string; id: string } | undefined;
}

export type FacetName = 'status' | 'partner' | 'library' | 'assignedTo' | 'created' | 'needsAttention';

export interface TaskListFacets {
  status: { value: string; count: number }[];
  partner: { value: string | null; count: number }[];
  library: { value: string | null; count: number }[];
  assignedTo: { value: string | null; count: number }[];
  created: { today: number; '7d': number; '30d': number; older: number };
  needsAttention: { yes: number; no: number };
}

/*
 * The expressions below must stay identical to those indexed in migration 0008, or PostgreSQL
 * will not use the indexes.
 */
const KINDS = {
  borrowing: {
    table: 'borrowing_request',
    partner: sql.ref('current_partner_id'),
    patron: sql.ref('patron_id'),
    document: sql`to_tsvector('simple'::regconfig, regexp_replace(
      coalesce(title, '') || ' ' || coalesce(author, '') || ' ' || request_number || ' ' || patron_id || ' ' || coalesce(partner_request_ids, ''),
      '[[:punct:]]+', ' ', 'g'))`,
  },
  lending: {
    table: 'lending_request',
    partner: sql.ref('partner_id'),
    // The patron on a lending request is the borrower's; no patron of ours has one.
    patron: undefined,
    document: sql`to_tsvector('simple'::regconfig, regexp_replace(
      coalesce(title, '') || ' ' || coalesce(author, '') || ' ' || supplying_agency_request_id || ' ' || requesting_agency_request_id || ' ' || coalesce(citation->'patronInfo'->>'patronId', ''),
      '[[:punct:]]+', ' ', 'g'))`,
  },
} as const;

const SORTS: Record<TaskListSortKey, { expression: RawBuilder<unknown>; type: RawBuilder<unknown> }> = {
  updated: { expression: sql.ref('updated_at'), type: sql`timestamptz` },
  created: { expression: sql.ref('created_at'), type: sql`timestamptz` },
  title: { expression: sql`coalesce(lower(title), '')`, type: sql`text` },
  due: { expression: sql`coalesce(due_date, 'infinity'::timestamptz)`, type: sql`timestamptz` },
};

/** `column in (…)`, where a null among the values also matches NULL. */
function oneOf(column: RawBuilder<unknown>, values: readonly (string | null)[]): RawBuilder<boolean> {
  const present = values.filter((v): v is string => v !== null);
  const parts: RawBuilder<boolean>[] = [];
  if (present.length > 0) parts.push(sql<boolean>`${column} in (${sql.join(present)})`);
  if (present.length < values.length) parts.push(sql<boolean>`${column} is null`);
  return parts.length === 1 ? parts[0]! : sql<boolean>`(${sql.join(parts, sql` or `)})`;
}

/** The WHERE of a list or of one facet's counts: a facet ignores its own filter (classic faceting), never the institution or scope. */
function conditions(kind: RequestKind, query: Pick<TaskListQuery, 'institutionId' | 'scope' | 'filter'>, except?: FacetName): RawBuilder<boolean> {
  const k = KINDS[kind];
  const { scope, filter } = query;
  const where: RawBuilder<boolean>[] = [sql<boolean>`institution_id = ${query.institutionId}`];
  if (scope.libraryIds) where.push(oneOf(sql.ref('library_id'), [...scope.libraryIds, null]));
  if (scope.patronId !== undefined) where.push(k.patron ? sql<boolean>`${k.patron} = ${scope.patronId}` : sql<boolean>`false`);
  if (filter.statuses && except !== 'status') where.push(oneOf(sql.ref('status'), filter.statuses));
  if (filter.partnerIds && except !== 'partner') where.push(oneOf(k.partner, filter.partnerIds));
  if (filter.libraryIds && except !== 'library') where.push(oneOf(sql.ref('library_id'), filter.libraryIds));
  if (filter.assignees && except !== 'assignedTo') where.push(oneOf(sql.ref('assigned_to'), filter.assignees));
  if (filter.createdFrom && except !== 'created') where.push(sql<boolean>`created_at >= ${filter.createdFrom}`);
  if (filter.createdBefore && except !== 'created') where.push(sql<boolean>`created_at < ${filter.createdBefore}`);
  if (filter.needsAttention !== undefined && except !== 'needsAttention') {
    where.push(filter.needsAttention ? sql<boolean>`needs_attention is not null` : sql<boolean>`needs_attention is null`);
  }
  if (filter.search) where.push(sql<boolean>`${k.document} @@ to_tsquery('simple'::regconfig, ${filter.search})`);
  return sql<boolean>`${sql.join(where, sql` and `)}`;
}

/**
 * One page of a task list, by keyset: rows after the cursor in (sort value, id) order, so a
 * deep page costs what the first does and rows changing meanwhile are neither repeated nor
 * skipped. The total counts every matching row.
 */
export async function listTaskList<K extends RequestKind>(db: Db, kind: K, query: TaskListQuery): Promise<TaskListPage<K>> {
  const table = sql.table(KINDS[kind].table);
  const where = conditions(kind, query);
  const sort = SORTS[query.sort.by];
  const direction = query.sort.order === 'asc' ? sql`asc` : sql`desc`;
  const after = query.after
    ? sql<boolean>` and (${sort.expression}, id) ${query.sort.order === 'asc' ? sql`>` : sql`<`} (cast(${query.after.value} as ${sort.type}), cast(${query.after.id} as uuid))`
    : sql``;
  const [rows, count] = await Promise.all([
    sql<RowOf<K> & { sort_key: string }>`
      select *, ${sort.expression}::text as sort_key from ${table}
      where ${where}${after}
      order by ${sort.expression} ${direction}, id ${direction}
      limit ${query.limit + 1}`.execute(db),
    countRows(db, kind, query),
  ]);
  const page = rows.rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ sort_key: _sortKey, ...row }) => row as unknown as RowOf<K>),
    total: count,
    next: rows.rows.length > query.limit && last ? { value: last.sort_key, id: last.id } : undefined,
  };
}

async function countRows(db: Db, kind: RequestKind, query: Pick<TaskListQuery, 'institutionId' | 'scope' | 'filter'>): Promise<number> {
  const result = await sql<{ n: string }>`select count(*) as n from ${sql.table(KINDS[kind].table)} where ${conditions(kind, query)}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/** Counts per facet value, each under every filter but its own; at most `maxValues` values per facet, largest first. */
export async function countTaskListFacets(
  db: Db,
  kind: RequestKind,
  query: Pick<TaskListQuery, 'institutionId' | 'scope' | 'filter'>,
  createdBounds: { today: Date; week: Date; month: Date },
  maxValues = 100,
): Promise<TaskListFacets> {
  const table = sql.table(KINDS[kind].table);
  const groups = async <V extends string | null>(facet: FacetName, column: RawBuilder<unknown>) => {
    const result = await sql<{ value: V; n: string }>`
      select ${column} as value, count(*) as n from ${table} where ${conditions(kind, query, facet)}
      group by 1 order by 2 desc, 1 limit ${maxValues}`.execute(db);
    return result.rows.map((r) => ({ value: r.value, count: Number(r.n) }));
  };
  const [status, partner, library, assignedTo, created, attention] = await Promise.all([
    groups<string>('status', sql.ref('status')),
    groups<string | null>('partner', KINDS[kind].partner),
    groups<string | null>('library', sql.ref('library_id')),
    groups<string | null>('assignedTo', sql.ref('assigned_to')),
    sql<{ today: string; week: string; month: string; older: string }>`
      select count(*) filter (where created_at >= ${createdBounds.today}) as today,
             count(*) filter (where created_at >= ${createdBounds.week}) as week,
             count(*) filter (where created_at >= ${createdBounds.month}) as month,
             count(*) filter (where created_at < ${createdBounds.month}) as older
      from ${table} where ${conditions(kind, query, 'created')}`.execute(db),
    sql<{ yes: string; no: string }>`
      select count(*) filter (where needs_attention is not null) as yes, count(*) filter (where needs_attention is null) as no
      from ${table} where ${conditions(kind, query, 'needsAttention')}`.execute(db),
  ]);
  const c = created.rows[0];
  const a = attention.rows[0];
  return {
    status,
    partner,
    library,
    assignedTo,
    created: { today: Number(c?.today ?? 0), '7d': Number(c?.week ?? 0), '30d': Number(c?.month ?? 0), older: Number(c?.older ?? 0) },
    needsAttention: { yes: Number(a?.yes ?? 0), no: Number(a?.no ?? 0) },
  };
}

/** Which of these requests the scope lets the caller see: bulk actions treat the others as unknown. */
export async function visibleRequestIds(db: Db, kind: RequestKind, institutionId: string, scope: TaskListScope, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const where = conditions(kind, { institutionId, scope, filter: {} });
  const result = await sql<{ id: string }>`select id from ${sql.table(KINDS[kind].table)} where ${where} and id in (${sql.join(ids)})`.execute(db);
  return new Set(result.rows.map((r) => r.id));
}

export async function listLibraries(db: Db, institutionId: string): Promise<Library[]> {
  return db.selectFrom('library').selectAll().where('institution_id', '=', institutionId).orderBy('code').execute();
}
