import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pgliteDialect.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export interface DatabaseOptions {
  /** `postgres://…` selects a PostgreSQL server; otherwise PGlite runs in-process. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files; `memory://` keeps them in memory (tests). */
  dataDir: string;
  /** Connections in the PostgreSQL pool. */
  poolSize?: number;
  /** Told when the server drops a pooled connection. */
  onConnectionError?: (error: Error) => void;
}

export interface OpenDatabase {
  db: Db;
  backend: 'postgres' | 'pglite';
  /** A short description for logs, without credentials. */
  description: string;
  close(): Promise<void>;
}

export function openDatabase(options: DatabaseOptions): OpenDatabase {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
    });
    // A connection the server drops (restart, failover, admin kill) must not crash the process:
    // the pool replaces it, and queries on it fail and are retried by their callers. An idle
    // client's error reaches both listeners, and pg hangs the whole client on it (kilobytes
    // in a log line): report each loss once, as message and code.
    const reported = new WeakSet<Error>();
    const reportLost = (error: Error): void => {
      if (reported.has(error)) return;
      reported.add(error);
      const { code } = error as { code?: unknown };
      options.onConnectionError?.(Object.assign(new Error(error.message), typeof code === 'string' ? { code } : {}));
    };
    pool.on('error', reportLost);
    pool.on('connect', (client) => client.on('error', reportLost));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const url = new URL(options.databaseUrl);
    return {
      db,
      backend: 'postgres',
      description: `postgres://${url.host}${url.pathname}`,
      close: () => db.destroy(),
    };
  }
  const inMemory = options.dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(options.dataDir, { recursive: true });
  const pglite = new PGlite(inMemory ? undefined : options.dataDir);
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    backend: 'pglite',
    description: inMemory ? 'pglite (in memory)' : `pglite ${options.dataDir}`,
    close: () => db.destroy(),
  };
}

export async function isReachable(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/**
 * SQLSTATE classes and socket errors that mean "the database is not there right now" (restart,
 * failover, network), not "this request is wrong": callers answer 503 so clients try again.
 */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300']);

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  return /Connection terminated|timeout exceeded when trying to connect/.test(error.message);
}
