import { sql, type Kysely } from 'kysely';

/**
 * The built-in circulation's patron register. A patron is known by barcode, unique per
 * institution regardless of case (scanners and typists disagree on case); borrowing requests
 * name the patron by that barcode (`patronId`). Blocks are a small list kept with the patron.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('patron')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('barcode', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('patron_group', 'text', (c) => c.notNull())
    .addColumn('home_library_id', 'uuid', (c) => c.references('library.id').onDelete('set null'))
    .addColumn('blocks', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`).check(sql`jsonb_typeof(blocks) = 'array'`))
    .addColumn('expires_on', 'date')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index patron_barcode_key on patron (institution_id, lower(barcode))`.execute(db);
  // Staff look patrons up by name or email as often as by barcode.
  await sql`create index patron_name_idx on patron (institution_id, lower(name))`.execute(db);
  await sql`create index patron_email_idx on patron (institution_id, lower(email))`.execute(db);
  await db.schema.createIndex('patron_group_idx').on('patron').columns(['institution_id', 'patron_group']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('patron').execute();
}
