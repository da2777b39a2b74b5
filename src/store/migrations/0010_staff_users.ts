import type { Kysely } from 'kysely';

/** Staff and patron accounts, sessions and API tokens. */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
