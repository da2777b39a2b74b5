import type { Kysely } from 'kysely';

/** Workflow profiles, library settings, lending terms of use and the rest of a partner's profile. */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
