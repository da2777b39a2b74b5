import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/**
 * Kysely dialect over an in-process PGlite.
 *
 * PGlite is a single connection. Two traps follow, both handled here:
 * - Interleaving: a transaction owns the connection from BEGIN to COMMIT, so every other
 *   query must wait for it. The driver hands out the one connection under a lock. Code
 *   inside `db.transaction()` must use the transaction handle; using `db` there waits on
 *   itself (on a PostgreSQL server it would run outside the transaction, which is a bug too).
 * - Poisoning: after a failed statement the open transaction is aborted and COMMIT silently
 *   rolls back. The connection remembers the failure and COMMIT then raises instead.
 */
export class PGliteDialect implements Dialect {
  constructor(private readonly pglite: PGlite) {}

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pglite);
  }
  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}

class ConnectionLock {
  private tail: Promise<void> = Promise.resolve();

  /** Resolves with a release function once every earlier holder has released. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const acquired = this.tail.then(() => release);
    this.tail = this.tail.then(() => released);
    return acquired;
  }
}

class PGliteDriver implements Driver {
  private readonly lock = new ConnectionLock();
  private readonly connection: PGliteConnection;
  private releaseHeld: (() => void) | undefined;

  constructor(pglite: PGlite) {
    this.connection = new PGliteConnection(pglite);
  }

  async init(): Promise<void> {
    await this.connection.pglite.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    this.releaseHeld = await this.lock.acquire();
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const clauses = [
      settings.isolationLevel ? `isolation level ${settings.isolationLevel}` : '',
      settings.accessMode ?? '',
    ].filter(Boolean);
    await connection.executeQuery(CompiledQuery.raw(['start transaction', ...clauses].join(' ')));
    this.connection.inTransaction = true;
    this.connection.aborted = false;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.connection.aborted) {
      await this.rollbackTransaction(connection);
      throw new Error('transaction was aborted by an earlier failed statement and has been rolled back');
    }
    await connection.executeQuery(CompiledQuery.raw('commit'));
    this.connection.inTransaction = false;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    this.connection.inTransaction = false;
    this.connection.aborted = false;
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint "${name}"`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint "${name}"`));
    this.connection.aborted = false;
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint "${name}"`));
  }

  releaseConnection(): Promise<void> {
    const release = this.releaseHeld;
    this.releaseHeld = undefined;
    release?.();
    return Promise.resolve();
  }

  async destroy(): Promise<void> {
    if (!this.connection.pglite.closed) await this.connection.pglite.close();
  }
}

const INT8_OID = 20;
/** int8 (ids, counts) is read as a string, as node-postgres does, so both back-ends agree. */
const QUERY_OPTIONS = { parsers: { [INT8_OID]: (value: string) => value } };

class PGliteConnection implements DatabaseConnection {
  inTransaction = false;
  aborted = false;

  constructor(readonly pglite: PGlite) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    try {
      const result = await this.pglite.query<R>(compiledQuery.sql, [...compiledQuery.parameters], QUERY_OPTIONS);
      return {
        rows: result.rows,
        numAffectedRows: result.affectedRows === undefined ? undefined : BigInt(result.affectedRows),
      };
    } catch (error) {
      if (this.inTransaction) this.aborted = true;
      throw error;
    }
  }

  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streamQuery is not supported on PGlite; use keyset pagination');
  }
}
