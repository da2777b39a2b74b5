import { sql } from 'kysely';
import type { OpenDatabase } from './database.js';

/** The advisory lock key of a server start ("IL" + 0x5747, any fixed number no other lock uses). */
const START_LOCK_KEY = 0x494c_5747;

/**
 * Runs `work` holding the deployment's start lock. Server processes started together on one
 * PostgreSQL database would otherwise load the same network file, the demo consortium or the
 * demo accounts at the same moment and fail on each other's unique keys; under the lock they
 * take turns, and the later ones find the work done. The lock is a session advisory lock on a
 * connection set aside for it, so a process that dies mid-start releases it with its
 * connection. PGlite is one process by nature: nothing to take.
 */
export async function underStartLock<T>(database: OpenDatabase, work: () => Promise<T>): Promise<T> {
  if (database.backend !== 'postgres') return work();
  return database.db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${sql.lit(START_LOCK_KEY)})`.execute(connection);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(${sql.lit(START_LOCK_KEY)})`.execute(connection);
    }
  });
}
