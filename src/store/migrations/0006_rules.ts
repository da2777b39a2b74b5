import { sql, type Kysely } from 'kysely';

/** Rota templates, rota assignment rules and sending rules. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rota_template')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('ordered', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('rota_template_code_key', ['institution_id', 'code'])
    .execute();

  await db.schema
    .createTable('rota_template_partner')
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('template_id', 'uuid', (c) => c.notNull().references('rota_template.id').onDelete('cascade'))
    .addColumn('partner_id', 'uuid', (c) => c.notNull().references('partner.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rota_template_partner_pkey', ['template_id', 'position'])
    // The seed: a partner belongs to one template only.
    .addUniqueConstraint('rota_template_partner_once_key', ['institution_id', 'partner_id'])
    .execute();

  // Both kinds of rule in one table: same shape, different output (a template, or a sending decision).
  await db.schema
    .createTable('rule')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('rota-assignment', 'sending')`))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // Evaluation order; not unique, so a reorder can rewrite positions one row at a time.
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('conditions', 'jsonb', (c) => c.notNull())
    // A template in use cannot be deleted: its rules would silently match nothing.
    .addColumn('template_id', 'uuid', (c) => c.references('rota_template.id').onDelete('restrict'))
    .addColumn('sending', 'text', (c) => c.check(sql`sending in ('send-automatically', 'wait-for-staff')`))
    .addUniqueConstraint('rule_code_key', ['institution_id', 'kind', 'code'])
    .addCheckConstraint('rule_output_check', sql`(kind = 'rota-assignment' and template_id is not null and sending is null) or (kind = 'sending' and sending is not null and template_id is null)`)
    .execute();
  await db.schema.createIndex('rule_order_idx').on('rule').columns(['institution_id', 'kind', 'position']).execute();
  await db.schema.createIndex('rule_template_idx').on('rule').column('template_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rule').execute();
  await db.schema.dropTable('rota_template_partner').execute();
  await db.schema.dropTable('rota_template').execute();
}
