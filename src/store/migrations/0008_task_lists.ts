import { sql, type Kysely } from 'kysely';

/*
 * Task-list support: assignment, the partner a borrowing request is with, search, and the
 * indexes that keep lists fast at a million requests.
 *
 * Search is an expression GIN index over to_tsvector('simple', …), not pg_trgm: PGlite ships
 * without pg_trgm, and full text works the same on both back-ends. 'simple' keeps words as
 * they are (no stemming: titles are in many languages, request numbers are not words).
 * Punctuation becomes a space first, so `NSU-1042` is the words `nsu` and `1042` rather than
 * the parser's `nsu` and the signed number `-1042`. The repository repeats these expressions
 * verbatim (taskListRepository.ts): an expression index is used only for the same expression.
 *
 * Every btree leads with institution_id (every query filters by it) and ends with id, the
 * keyset tie-breaker, so a page is an index range scan that stops after `limit` rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('borrowing_request').addColumn('assigned_to', 'text').execute();
  await db.schema.alterTable('lending_request').addColumn('assigned_to', 'text').execute();

  // The partner staff associate with a borrowing request (the lender asked last, else the next
  // to ask) and every partner's request number for it: both live on rota entries, so a trigger
  // copies them here where one index can serve filters, facets and search.
  await db.schema
    .alterTable('borrowing_request')
    .addColumn('current_partner_id', 'uuid', (c) => c.references('partner.id').onDelete('set null'))
    .addColumn('partner_request_ids', 'text')
    .execute();
  await sql`
    create function borrowing_request_follow_rota() returns trigger language plpgsql as $$
    begin
      update borrowing_request b
         set current_partner_id = r.current_partner_id, partner_request_ids = r.partner_request_ids
        from (select (select e.partner_id from rota_entry e
                       where e.borrowing_request_id = new.borrowing_request_id
                       order by e.sent_at is null, case when e.sent_at is null then e.position else -e.position end
                       limit 1) as current_partner_id,
                     (select string_agg(e.supplying_agency_request_id, ' ' order by e.position) from rota_entry e
                       where e.borrowing_request_id = new.borrowing_request_id) as partner_request_ids) r
       where b.id = new.borrowing_request_id
         and (b.current_partner_id, b.partner_request_ids) is distinct from (r.current_partner_id, r.partner_request_ids);
      return null;
    end $$`.execute(db);
  await sql`
    create trigger rota_entry_follow after insert or update of status, sent_at, supplying_agency_request_id on rota_entry
    for each row execute function borrowing_request_follow_rota()`.execute(db);
  await sql`update rota_entry set status = status`.execute(db);

  await sql`drop index borrowing_request_task_list_idx`.execute(db);
  await sql`drop index lending_request_task_list_idx`.execute(db);
  for (const [table, partner] of [
    ['borrowing_request', 'current_partner_id'],
    ['lending_request', 'partner_id'],
  ] as const) {
    const t = sql.table(table);
    const ix = (suffix: string) => sql.id(`${table}_${suffix}`);
    await sql`create index ${ix('updated_idx')} on ${t} (institution_id, updated_at, id)`.execute(db);
    await sql`create index ${ix('created_idx')} on ${t} (institution_id, created_at, id)`.execute(db);
    await sql`create index ${ix('title_idx')} on ${t} (institution_id, (coalesce(lower(title), '')), id)`.execute(db);
    await sql`create index ${ix('due_idx')} on ${t} (institution_id, (coalesce(due_date, 'infinity'::timestamptz)), id)`.execute(db);
    await sql`create index ${ix('status_idx')} on ${t} (institution_id, status, updated_at, id)`.execute(db);
    await sql`create index ${ix('partner_idx')} on ${t} (institution_id, ${sql.ref(partner)}, updated_at, id)`.execute(db);
    await sql`create index ${ix('library_idx')} on ${t} (institution_id, library_id, updated_at, id)`.execute(db);
    await sql`create index ${ix('assigned_idx')} on ${t} (institution_id, assigned_to, updated_at, id)`.execute(db);
    await sql`create index ${ix('attention_idx')} on ${t} (institution_id, updated_at, id) where needs_attention is not null`.execute(db);
  }
  await sql`
    create index borrowing_request_search_idx on borrowing_request using gin (to_tsvector('simple'::regconfig, regexp_replace(
      coalesce(title, '') || ' ' || coalesce(author, '') || ' ' || request_number || ' ' || patron_id || ' ' || coalesce(partner_request_ids, ''),
      '[[:punct:]]+', ' ', 'g')))`.execute(db);
  await sql`
    create index lending_request_search_idx on lending_request using gin (to_tsvector('simple'::regconfig, regexp_replace(
      coalesce(title, '') || ' ' || coalesce(author, '') || ' ' || supplying_agency_request_id || ' ' || requesting_agency_request_id || ' ' || coalesce(citation->'patronInfo'->>'patronId', ''),
      '[[:punct:]]+', ' ', 'g')))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['borrowing_request', 'lending_request']) {
    for (const suffix of ['updated_idx', 'created_idx', 'title_idx', 'due_idx', 'status_idx', 'partner_idx', 'library_idx', 'assigned_idx', 'attention_idx', 'search_idx']) {
      await sql`drop index ${sql.id(`${table}_${suffix}`)}`.execute(db);
    }
    await sql`create index ${sql.id(`${table}_task_list_idx`)} on ${sql.table(table)} (institution_id, status, updated_at)`.execute(db);
  }
  await sql`drop trigger rota_entry_follow on rota_entry`.execute(db);
  await sql`drop function borrowing_request_follow_rota()`.execute(db);
  await db.schema.alterTable('borrowing_request').dropColumn('partner_request_ids').dropColumn('current_partner_id').dropColumn('assigned_to').execute();
  await db.schema.alterTable('lending_request').dropColumn('assigned_to').execute();
}
