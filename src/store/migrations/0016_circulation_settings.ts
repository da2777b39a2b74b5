import { sql, type Kysely } from 'kysely';

/** Each institution's circulation setting (built-in, or NCIP to its own ILS): one document, read through its zod schema. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('circulation_settings')
    .addColumn('institution_id', 'uuid', (c) => c.primaryKey().references('institution.id').onDelete('cascade'))
    .addColumn('settings', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('circulation_settings').execute();
}
