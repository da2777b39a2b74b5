import { sql, type Kysely } from 'kysely';

/**
 * When a session was last used, so a session left alone (a desk terminal nobody signed out of)
 * ends before its absolute expiry. Existing sessions count as just used.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('user_session')
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('user_session').dropColumn('last_seen_at').execute();
}
