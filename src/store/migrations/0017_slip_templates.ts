import { sql, type Kysely } from 'kysely';

/** An institution's own slip templates; a kind without a row prints from `config/slip-templates/<kind>.html`. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('slip_template')
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('slip_template_pkey', ['institution_id', 'kind'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('slip_template').execute();
}
