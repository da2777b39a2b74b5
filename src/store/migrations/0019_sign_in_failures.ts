import type { Kysely } from 'kysely';

/**
 * Failed sign-ins, shared by every server process of a deployment so that the throttle's limit
 * holds however many processes answer: one row per failure, kept only for the throttle's window.
 * `throttle_key` names IP + institution + username (see throttleKey); `ip` alone counts
 * password spraying across usernames.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sign_in_failure')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('throttle_key', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('failed_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sign_in_failure_key_idx').on('sign_in_failure').columns(['throttle_key', 'failed_at']).execute();
  await db.schema.createIndex('sign_in_failure_ip_idx').on('sign_in_failure').columns(['ip', 'failed_at']).execute();
  // Pruning deletes by age.
  await db.schema.createIndex('sign_in_failure_failed_at_idx').on('sign_in_failure').column('failed_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sign_in_failure').execute();
}
