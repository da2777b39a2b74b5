import { sql, type Kysely } from 'kysely';

/** Workflow profiles, library settings, lending terms of use and the rest of a partner's profile. */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Which optional steps apply with the partners a profile is attached to. Only the steps
  // switched off are stored, so a step added to the product later is on everywhere.
  await db.schema
    .createTable('workflow_profile')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('borrowing', 'lending')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('disabled_steps', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('workflow_profile_code_key', ['institution_id', 'code'])
    .execute();

  // Settings are one document per section: read through the same zod schema that wrote them,
  // so a setting added later reads back as its default.
  await db.schema
    .createTable('library_settings')
    .addColumn('institution_id', 'uuid', (c) => c.primaryKey().references('institution.id').onDelete('cascade'))
    .addColumn('borrowing', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('lending', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('terms_of_use', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .alterTable('partner')
    .addColumn('profile_type', 'text', (c) => c.notNull().defaultTo('iso18626').check(sql`profile_type in ('iso18626', 'ncip', 'email', 'broker')`))
    .addColumn('delivery_delay_days', 'integer')
    .addColumn('currency', 'text')
    .addColumn('send_requester_info', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('shared_barcodes', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('ignore_lender_shipping_cost', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('resend_overdue_interval_days', 'integer')
    // Profiles are named by code, as in the network file. The check waits for the commit: the
    // file's partners are loaded before its profiles, in one transaction.
    .addColumn('borrowing_workflow_profile', 'text')
    .addColumn('lending_workflow_profile', 'text')
    .addColumn('locate_profile', 'text')
    .addColumn('holdings_code', 'text')
    .addColumn('contacts', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('notes', 'text')
    .execute();
  for (const kind of ['borrowing', 'lending']) {
    await db.schema
      .alterTable('partner')
      .addForeignKeyConstraint(`partner_${kind}_workflow_profile_fkey`, ['institution_id', `${kind}_workflow_profile`], 'workflow_profile', ['institution_id', 'code'], (fk) =>
        fk.deferrable().initiallyDeferred(),
      )
      .execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const kind of ['borrowing', 'lending']) {
    await db.schema.alterTable('partner').dropConstraint(`partner_${kind}_workflow_profile_fkey`).execute();
  }
  for (const column of [
    'profile_type',
    'delivery_delay_days',
    'currency',
    'send_requester_info',
    'shared_barcodes',
    'ignore_lender_shipping_cost',
    'resend_overdue_interval_days',
    'borrowing_workflow_profile',
    'lending_workflow_profile',
    'locate_profile',
    'holdings_code',
    'contacts',
    'notes',
  ]) {
    await db.schema.alterTable('partner').dropColumn(column).execute();
  }
  await db.schema.dropTable('library_settings').execute();
  await db.schema.dropTable('workflow_profile').execute();
}
