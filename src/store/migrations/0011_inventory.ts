import { sql, type Kysely } from 'kysely';

/** Local inventory: bibliographic records (MARC21 kept whole, match fields indexed), holdings and items. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('bibliographic_record')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    // The record's 001, or a content hash when it has none: what re-imports match on.
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('marc_format', 'text', (c) => c.notNull().check(sql`marc_format in ('iso2709', 'marcxml')`))
    .addColumn('marc', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('author', 'text')
    .addColumn('isbns', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('issns', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('lccn', 'text')
    .addColumn('oclc_numbers', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('control_number', 'text')
    .addColumn('suppressed', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('bibliographic_record_source_key', ['institution_id', 'source_id'])
    .execute();
  for (const column of ['isbns', 'issns', 'oclc_numbers'] as const) {
    await db.schema.createIndex(`bibliographic_record_${column}_idx`).on('bibliographic_record').using('gin').column(column).execute();
  }
  await db.schema.createIndex('bibliographic_record_lccn_idx').on('bibliographic_record').columns(['institution_id', 'lccn']).execute();
  await db.schema.createIndex('bibliographic_record_control_number_idx').on('bibliographic_record').columns(['institution_id', 'control_number']).execute();
  await sql`create index bibliographic_record_title_idx on bibliographic_record (institution_id, lower(title))`.execute(db);

  await db.schema
    .createTable('holding')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('bibliographic_record_id', 'uuid', (c) => c.notNull().references('bibliographic_record.id').onDelete('cascade'))
    .addColumn('library_id', 'uuid', (c) => c.references('library.id').onDelete('set null'))
    .addColumn('location', 'text')
    .addColumn('call_number', 'text')
    .execute();
  await db.schema.createIndex('holding_record_idx').on('holding').column('bibliographic_record_id').execute();
  await db.schema.createIndex('holding_institution_idx').on('holding').columns(['institution_id', 'library_id']).execute();

  await db.schema
    .createTable('item')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('holding_id', 'uuid', (c) => c.notNull().references('holding.id').onDelete('cascade'))
    .addColumn('barcode', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('available', 'on_loan', 'in_transit', 'missing')`))
    .addColumn('policy', 'text')
    .addColumn('requestable_for_resource_sharing', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('electronic', 'boolean', (c) => c.notNull().defaultTo(false))
    .addUniqueConstraint('item_barcode_key', ['institution_id', 'barcode'])
    .execute();
  await db.schema.createIndex('item_holding_idx').on('item').column('holding_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('item').execute();
  await db.schema.dropTable('holding').execute();
  await db.schema.dropTable('bibliographic_record').execute();
}
