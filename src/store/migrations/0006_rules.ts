import type { Kysely } from 'kysely';

/** Rota templates, rota assignment rules and sending rules. */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
