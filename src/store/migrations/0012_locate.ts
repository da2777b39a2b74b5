import { sql, type Kysely } from 'kysely';

/**
 * Locate: how to search each partner's catalogue (locate profiles), what every search found
 * (locate results: the evidence staff read on the rota), borrowing locate runs waiting for a
 * worker (locate jobs, enqueued in the request's transaction), and the lender's local move
 * (pick-from-shelf) requests.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('locate_profile')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('protocol', 'text', (c) => c.notNull().check(sql`protocol in ('sru', 'z3950')`))
    // SRU: the base URL (a path starting with "/" means this deployment's own /sru).
    .addColumn('url', 'text')
    .addColumn('sru_version', 'text', (c) => c.check(sql`sru_version in ('1.1', '1.2', '2.0')`))
    // Z39.50: host, port and database.
    .addColumn('host', 'text')
    .addColumn('port', 'integer')
    .addColumn('database_name', 'text')
    .addColumn('match_fields', 'jsonb', (c) => c.notNull())
    .addColumn('check_availability', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('timeout_ms', 'integer', (c) => c.notNull().defaultTo(10_000))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('locate_profile_code_key', ['institution_id', 'code'])
    .execute();

  await db.schema
    .createTable('locate_result')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('request_kind', 'text', (c) => c.notNull().check(sql`request_kind in ('borrowing', 'lending')`))
    .addColumn('request_id', 'uuid', (c) => c.notNull())
    // One locate of a request searches many targets: their results share a run id.
    .addColumn('run_id', 'uuid', (c) => c.notNull())
    .addColumn('rota_entry_id', 'uuid', (c) => c.references('rota_entry.id').onDelete('set null'))
    .addColumn('partner_id', 'uuid', (c) => c.references('partner.id').onDelete('set null'))
    .addColumn('profile_code', 'text')
    .addColumn('protocol', 'text', (c) => c.notNull().check(sql`protocol in ('sru', 'z3950', 'local')`))
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('query', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('hits', 'integer')
    .addColumn('record_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('availability', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('detail', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('locate_result_request_idx').on('locate_result').columns(['institution_id', 'request_kind', 'request_id', 'at']).execute();

  await db.schema
    .createTable('locate_job')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('borrowing_request_id', 'uuid', (c) => c.notNull().references('borrowing_request.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending', 'done', 'failed')`))
    // Send to the first holder when locate finds one (the sending decision made at creation).
    .addColumn('send_when_found', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('run_after', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('locked_until', 'timestamptz')
    .addColumn('locked_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await sql`create index locate_job_claim_idx on locate_job (run_after) where status = 'pending'`.execute(db);
  await sql`create unique index locate_job_one_open_idx on locate_job (borrowing_request_id) where status = 'pending'`.execute(db);

  await db.schema
    .createTable('pick_request')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('lending_request_id', 'uuid', (c) => c.notNull().references('lending_request.id').onDelete('cascade'))
    .addColumn('item_id', 'uuid', (c) => c.references('item.id').onDelete('set null'))
    .addColumn('barcode', 'text', (c) => c.notNull())
    .addColumn('library_id', 'uuid', (c) => c.references('library.id').onDelete('set null'))
    .addColumn('location', 'text')
    .addColumn('call_number', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'picked', 'cancelled')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('pick_request_open_idx').on('pick_request').columns(['institution_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('pick_request_request_idx').on('pick_request').column('lending_request_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('pick_request').execute();
  await db.schema.dropTable('locate_job').execute();
  await db.schema.dropTable('locate_result').execute();
  await db.schema.dropTable('locate_profile').execute();
}
