import type { Kysely } from 'kysely';

/** Staff users, sessions, API tokens and the audit log. */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
