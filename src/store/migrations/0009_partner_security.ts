import type { Kysely } from 'kysely';

/** Partner credentials and interop profiles. */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
