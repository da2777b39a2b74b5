import { sql, type Kysely } from 'kysely';

/**
 * Broker-based sharing and patron notices.
 *
 * A request a broker owns (`managed_by = 'broker'`) follows the broker tables of
 * src/domain/*\/brokerTable.ts: the broker keeps the rota, we keep circulation in step. The
 * broker's own ids (its RequestId and the ItemId it knows the item by) are what its NCIP
 * messages name, so they are indexed for the responder's lookups.
 *
 * A patron notice is queued in the transaction of the change it tells about and sent by the
 * notice worker over SMTP (or logged when no SMTP server is configured), with retries.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['borrowing_request', 'lending_request']) {
    await db.schema
      .alterTable(table)
      .addColumn('managed_by', 'text', (c) => c.notNull().defaultTo('rota').check(sql`managed_by in ('rota', 'broker')`))
      .addColumn('broker_request_id', 'text')
      .addColumn('broker_item_id', 'text')
      .execute();
    // One request per broker RequestId: a message delivered twice finds the request it made.
    await db.schema.createIndex(`${table}_broker_request_key`).unique().on(table).columns(['institution_id', 'broker_request_id']).where(sql.ref('broker_request_id'), 'is not', null).execute();
    await db.schema.createIndex(`${table}_broker_item_idx`).on(table).columns(['institution_id', 'broker_item_id']).where(sql.ref('broker_item_id'), 'is not', null).execute();
  }

  // Digital items a broker delivers are received (completed) at once when the partner says so.
  await db.schema.alterTable('partner').addColumn('automatic_receive', 'boolean', (c) => c.notNull().defaultTo(false)).execute();

  await db.schema
    .createTable('patron_notice')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('borrowing_request_id', 'uuid', (c) => c.references('borrowing_request.id').onDelete('cascade'))
    .addColumn('patron_barcode', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    /** Null: the patron has no email address; the notice is kept (status skipped) so staff see it. */
    .addColumn('to_address', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending', 'sent', 'logged', 'skipped', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('locked_until', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('message_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('patron_notice_due_idx').on('patron_notice').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('patron_notice_request_idx').on('patron_notice').columns(['institution_id', 'borrowing_request_id']).execute();

  // The overdue notice goes once per loan (and again only after a renewal moved the due date).
  await db.schema.alterTable('loan').addColumn('overdue_notice_at', 'timestamptz').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('loan').dropColumn('overdue_notice_at').execute();
  await db.schema.dropTable('patron_notice').execute();
  await db.schema.alterTable('partner').dropColumn('automatic_receive').execute();
  for (const table of ['borrowing_request', 'lending_request']) {
    for (const column of ['broker_item_id', 'broker_request_id', 'managed_by']) await db.schema.alterTable(table).dropColumn(column).execute();
  }
}
