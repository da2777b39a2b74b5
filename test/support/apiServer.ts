import { ApiClient, type Credentials } from '../../src/cli/apiClient.js';
import { parseConfigText } from '../../src/config/loadConfigFile.js';
import type { NetworkConfig } from '../../src/config/networkConfig.js';
import { createInterlend, type Interlend, type InterlendOptions } from '../../src/runtime/interlend.js';
import { applyNetworkConfig } from '../../src/services/applyNetworkConfig.js';
import type { Db } from '../../src/store/database.js';
import { signIn, type Session } from './auth/accounts.js';
import { createTestDatabase, type Backend, type TestDatabase } from './databases.js';

/**
 * An Interlend server in this process, as the API suites use it: the app listening on a free
 * port of 127.0.0.1, and (unless `background: false`) its outbox worker and scheduled jobs.
 */
export interface ServeOptions {
  /** Demo mode: the API open to demo / demo at every institution. Default false: sign in with the network's accounts. */
  demo?: boolean;
  now?: InterlendOptions['now'];
  outboxPolicy?: InterlendOptions['outboxPolicy'];
  expiryIntervalMs?: number;
  locatePollIntervalMs?: number;
  /** Start the outbox worker and the scheduled jobs once listening. Default true. */
  background?: boolean;
}

export interface ServedApi {
  interlend: Interlend;
  /** http://127.0.0.1:<port> */
  base: string;
  /** A client signing in at each institution it calls with `credentials` (default demo mode's demo / demo). */
  client(credentials?: Credentials): ApiClient;
  /** POST /api/v1/session on this server (password default TEST_PASSWORD). */
  signIn(institution: string, username: string, password?: string): Promise<Session>;
  /** Stops the server (and, for startApiServer, then closes its database). */
  stop(): Promise<void>;
}

/** Serves a database that is already set up (several servers may share one). */
export async function serveApi(db: Db, options: ServeOptions = {}): Promise<ServedApi> {
  const interlend = await createInterlend({
    db,
    logger: false,
    demoMode: options.demo ?? false,
    ...(options.now ? { now: options.now } : {}),
    ...(options.outboxPolicy ? { outboxPolicy: options.outboxPolicy } : {}),
    ...(options.expiryIntervalMs !== undefined ? { expiryIntervalMs: options.expiryIntervalMs } : {}),
    ...(options.locatePollIntervalMs !== undefined ? { locatePollIntervalMs: options.locatePollIntervalMs } : {}),
  });
  const base = await interlend.listen({ port: 0, host: '127.0.0.1' });
  if (options.background ?? true) interlend.startBackground();
  return {
    interlend,
    base,
    client: (credentials) => new ApiClient(base, credentials),
    signIn: (institution, username, password) => signIn(base, institution, username, password),
    stop: () => interlend.stop(),
  };
}

export interface StartOptions extends ServeOptions {
  /** The network file loaded first: parsed, or YAML text (parsed as `networkFile`). Default none. */
  network?: NetworkConfig | string;
  /** The file name the network is loaded as (audit entries name it config:<file>). Default 'test'. */
  networkFile?: string;
  /** Runs after the network is loaded and before the server starts (catalogues, settings, …). */
  seed?: (db: Db) => Promise<void>;
}

export interface ApiServer extends ServedApi {
  database: TestDatabase;
  db: Db;
}

/** A fresh test database with the network (and `seed`) loaded, served by one server; stop() closes both. */
export async function startApiServer(backend: Backend, options: StartOptions = {}): Promise<ApiServer> {
  const database = await createTestDatabase(backend);
  try {
    const file = options.networkFile ?? 'test';
    if (options.network !== undefined) {
      const config = typeof options.network === 'string' ? parseConfigText(options.network, file) : options.network;
      await applyNetworkConfig(database.db, config, file);
    }
    await options.seed?.(database.db);
    const server = await serveApi(database.db, options);
    return {
      ...server,
      database,
      db: database.db,
      stop: async () => {
        await server.stop();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
