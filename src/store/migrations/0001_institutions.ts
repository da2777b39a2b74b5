import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('institution')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('library')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('library_institution_code_key', ['institution_id', 'code'])
    .execute();

  await db.schema
    .createTable('agency_symbol')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('library_id', 'uuid', (c) => c.references('library.id').onDelete('set null'))
    .addColumn('id_type', 'text', (c) => c.notNull())
    .addColumn('id_value', 'text', (c) => c.notNull())
    // One symbol names one institution in the whole deployment: inbound routing depends on it.
    .addUniqueConstraint('agency_symbol_type_value_key', ['id_type', 'id_value'])
    .execute();
  await db.schema.createIndex('agency_symbol_institution_idx').on('agency_symbol').column('institution_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('agency_symbol').execute();
  await db.schema.dropTable('library').execute();
  await db.schema.dropTable('institution').execute();
}
