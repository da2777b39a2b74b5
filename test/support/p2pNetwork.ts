import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from '../../src/cli/apiClient.js';
import { startApiServer } from './apiServer.js';
import { createTestDatabase, type Backend, type TestDatabase } from './databases.js';
import { freePort, startServer, type RunningServer } from './serverProcess.js';

/**
 * Two libraries (and two more lenders) for the peer-to-peer suites. The borrower, North
 * State (US-NSU), asks Harbor City (HCPL), Lakeside (LKC) and Slow Town (XPR, whose requests
 * expire at once). `one-process`: all four in one server and database, messages delivered
 * in-process. `two-processes`: NSU in one server process, the three lenders in another, each
 * with its own database, talking ISO 18626 over real HTTP.
 */
export type Topology = 'one-process' | 'two-processes';

export const BORROWER = 'US-NSU';
export const LENDERS = { HCPL: 'US-HCPL', LKC: 'US-LKC', XPR: 'US-XPR' } as const;

/** Short timers so retries and expiry happen within a test. */
const FAST = { INTERLEND_OUTBOX_BASE_DELAY_MS: '100', INTERLEND_OUTBOX_MAX_ATTEMPTS: '60', INTERLEND_EXPIRY_INTERVAL_MS: '150', LOG_LEVEL: 'warn' };

function partnersOfBorrower(lenderEndpoint: string | undefined): string {
  const endpoint = lenderEndpoint ? `, endpoint: "${lenderEndpoint}"` : '';
  return `
    partners:
      - { code: HCPL, name: Harbor City Public Library, symbol: "ISIL:US-HCPL", averageSupplyDays: 4${endpoint} }
      - { code: LKC, name: Lakeside College, symbol: "ISIL:US-LKC", averageSupplyDays: 2${endpoint} }
      - { code: XPR, name: Slow Town Library, symbol: "ISIL:US-XPR", requestExpiry: { date: "2000-01-01" }${endpoint} }`;
}

function borrowerInstitution(lenderEndpoint: string | undefined): string {
  return `
  - code: NSU
    name: North State University
    symbols: ["ISIL:US-NSU"]
    libraries: [{ code: MAIN, name: Main Library }]${partnersOfBorrower(lenderEndpoint)}`;
}

function lenderInstitutions(borrowerEndpoint: string | undefined): string {
  const endpoint = borrowerEndpoint ? `, endpoint: "${borrowerEndpoint}"` : '';
  return ['HCPL:Harbor City Public Library', 'LKC:Lakeside College', 'XPR:Slow Town Library']
    .map((entry) => {
      const [code, name] = entry.split(':') as [string, string];
      return `
  - code: ${code}
    name: ${name}
    symbols: ["ISIL:US-${code}"]
    libraries: [{ code: MAIN, name: ${name} }]
    partners:
      - { code: NSU, name: North State University, symbol: "ISIL:US-NSU"${endpoint} }`;
    })
    .join('');
}

export interface P2PNetwork {
  topology: Topology;
  borrowerApi: ApiClient;
  lenderApi: ApiClient;
  borrowerBase: string;
  lenderBase: string;
  /** Two-processes only: take the lenders' server down and bring it back with its data. */
  stopLender?: () => Promise<void>;
  startLender?: () => Promise<void>;
  close(): Promise<void>;
}

export async function startNetwork(topology: Topology, backend: Backend): Promise<P2PNetwork> {
  return topology === 'one-process' ? startOneProcess(backend) : startTwoProcesses(backend);
}

async function startOneProcess(backend: Backend): Promise<P2PNetwork> {
  const server = await startApiServer(backend, {
    network: `institutions:${borrowerInstitution(undefined)}${lenderInstitutions(undefined)}\n`,
    networkFile: 'one-process.yaml',
    demo: true,
    outboxPolicy: { baseDelayMs: 100, pollIntervalMs: 50 },
    expiryIntervalMs: 150,
  });
  const { base } = server;
  const api = server.client();
  return {
    topology: 'one-process',
    borrowerApi: api,
    lenderApi: api,
    borrowerBase: base,
    lenderBase: base,
    close: () => server.stop(),
  };
}

async function startTwoProcesses(backend: Backend): Promise<P2PNetwork> {
  const dir = mkdtempSync(join(tmpdir(), 'interlend-p2p-'));
  const [borrowerPort, lenderPort] = [await freePort(), await freePort()];
  const borrowerBase = `http://127.0.0.1:${borrowerPort}`;
  const lenderBase = `http://127.0.0.1:${lenderPort}`;
  const borrowerFile = join(dir, 'borrower.yaml');
  const lenderFile = join(dir, 'lenders.yaml');
  writeFileSync(borrowerFile, `institutions:${borrowerInstitution(`${lenderBase}/iso18626`)}\n`);
  writeFileSync(lenderFile, `institutions:${lenderInstitutions(`${borrowerBase}/iso18626`)}\n`);
  const databases: TestDatabase[] = [];
  const envFor = async (name: string): Promise<NodeJS.ProcessEnv> => {
    if (backend === 'pglite') return { DATA_DIR: join(dir, name), DATABASE_URL: '' };
    const database = await createTestDatabase('postgres', { migrate: false });
    databases.push(database);
    return { DATABASE_URL: database.url, DATA_DIR: join(dir, name) };
  };
  const borrowerEnv = { ...FAST, ...(await envFor('borrower')), PORT: String(borrowerPort) };
  const lenderEnv = { ...FAST, ...(await envFor('lender')), PORT: String(lenderPort) };
  const serve = (file: string, env: NodeJS.ProcessEnv, port: number): Promise<RunningServer> =>
    startServer(process.execPath, ['bin/interlend.js', 'serve', '--demo', '--config', file], env, port);
  const borrower = await serve(borrowerFile, borrowerEnv, borrowerPort);
  let lender: RunningServer | undefined = await serve(lenderFile, lenderEnv, lenderPort);
  return {
    topology: 'two-processes',
    borrowerApi: new ApiClient(borrowerBase),
    lenderApi: new ApiClient(lenderBase),
    borrowerBase,
    lenderBase,
    stopLender: async () => {
      await lender?.stop();
      lender = undefined;
    },
    startLender: async () => {
      lender = await serve(lenderFile, lenderEnv, lenderPort);
    },
    close: async () => {
      await Promise.all([borrower.stop(), lender?.stop()]);
      // Databases are dropped only after both processes have let go of them.
      await Promise.all(databases.map((d) => d.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

