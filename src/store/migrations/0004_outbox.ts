import { sql, type Kysely } from 'kysely';

/**
 * The outbox: outbound protocol messages, written in the same transaction as the state change
 * that produced them and delivered afterwards by `src/outbox/worker.ts` (at least once, in id
 * order per request, with retry and backoff). No foreign key to the request tables: a row
 * belongs to a borrowing or a lending request (`request_kind` says which).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('outbox_message')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('institution_id', 'uuid', (c) => c.notNull().references('institution.id').onDelete('cascade'))
    .addColumn('request_kind', 'text', (c) => c.notNull().check(sql`request_kind in ('borrowing', 'lending')`))
    .addColumn('request_id', 'uuid', (c) => c.notNull())
    .addColumn('protocol', 'text', (c) => c.notNull().defaultTo('iso18626'))
    .addColumn('message_kind', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('recipient_id_type', 'text')
    .addColumn('recipient_id_value', 'text')
    // NULL: an institution of this deployment, delivered in-process through the inbound handler.
    .addColumn('endpoint_url', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending', 'delivered', 'parked')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // The claim lease: while in the future, one worker is delivering the message.
    .addColumn('locked_until', 'timestamptz')
    // The claim token of the worker holding the lease; the outcome is recorded only under it.
    .addColumn('locked_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('confirmation', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('delivered_at', 'timestamptz')
    .execute();

  // The claim query: due pending messages, oldest first.
  await db.schema
    .createIndex('outbox_message_due_idx')
    .on('outbox_message')
    .columns(['next_attempt_at', 'id'])
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  // Per-request order (the claim's NOT EXISTS) and a request's message list.
  await db.schema
    .createIndex('outbox_message_request_idx')
    .on('outbox_message')
    .columns(['request_kind', 'request_id', 'id'])
    .execute();
  // Staff lists per tenant (e.g. parked messages) and the backlog for GET /health.
  await db.schema
    .createIndex('outbox_message_institution_idx')
    .on('outbox_message')
    .columns(['institution_id', 'status', 'id'])
    .execute();
  await db.schema
    .createIndex('outbox_message_undelivered_idx')
    .on('outbox_message')
    .columns(['status', 'created_at'])
    .where(sql.ref('status'), '<>', 'delivered')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('outbox_message').execute();
}
