import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type OpenDatabase } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';

/**
 * The two back-ends every store test runs on. PGlite needs nothing; the PostgreSQL server
 * is found at INTERLEND_TEST_PG_URL (default 127.0.0.1:5432/test) and each test file gets a
 * database of its own, created fresh and dropped afterwards, so runs never interfere.
 */
export type Backend = 'pglite' | 'postgres';

export const POSTGRES_ADMIN_URL = process.env.INTERLEND_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase extends OpenDatabase {
  /** Set for PostgreSQL: the URL of this test's own database. */
  url?: string;
}

let postgresAvailable: Promise<boolean> | undefined;

export function isPostgresAvailable(): Promise<boolean> {
  postgresAvailable ??= (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return postgresAvailable;
}

/**
 * Back-ends to run on. PostgreSQL missing: CI fails (a green run must have used it);
 * elsewhere the suite runs on PGlite only and says so loudly.
 */
export async function availableBackends(): Promise<Backend[]> {
  if (await isPostgresAvailable()) return ['pglite', 'postgres'];
  const reason = `PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL}`;
  if (process.env.CI) throw new Error(`${reason}; CI must run the store tests on a real server`);
  console.warn(`\n*** SKIPPING the PostgreSQL back-end: ${reason}. Running on PGlite only. ***\n`);
  return ['pglite'];
}

export async function createTestDatabase(backend: Backend, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  if (backend === 'pglite') {
    const database = openDatabase({ dataDir: 'memory://' });
    if (migrate) await migrateToLatest(database.db);
    return database;
  }
  const name = `interlend_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const database = openDatabase({ databaseUrl: url.toString(), dataDir: 'unused' });
  if (migrate) await migrateToLatest(database.db);
  return {
    ...database,
    url: url.toString(),
    close: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await cleanup.connect();
      try {
        await cleanup.query(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
