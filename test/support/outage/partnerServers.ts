import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from '../../../src/cli/apiClient.js';
import { freePort, startServer, type RunningServer } from '../serverProcess.js';
import { writeTwoInstitutionFiles } from '../twoInstitutions.js';

/**
 * One borrower (North State, US-NSU) and one lender (Harbor City, US-HCPL), each in its own
 * server process with its own database, talking ISO 18626 over real HTTP. Unlike
 * p2pNetwork.ts, the caller chooses where each database lives (a private PostgreSQL cluster
 * for the database-restart test) and the outbox timers (the partner-down test caps the backoff).
 */
export { BORROWER, LENDER, LENDER_CODE } from '../twoInstitutions.js';

/** DATABASE_URL for PostgreSQL; empty for PGlite under the process's own DATA_DIR. */
export interface SideDatabase {
  databaseUrl: string;
}

export interface PartnerServers {
  borrowerApi: ApiClient;
  lenderApi: ApiClient;
  borrowerBase: string;
  lenderBase: string;
  /** What each process wrote (the lender's since its last start). */
  borrowerOutput(): string;
  lenderOutput(): string;
  stopLender(): Promise<void>;
  startLender(): Promise<void>;
  close(): Promise<void>;
}

export async function startPartnerServers(options: { borrower: SideDatabase; lender: SideDatabase; env: NodeJS.ProcessEnv }): Promise<PartnerServers> {
  const dir = mkdtempSync(join(tmpdir(), 'interlend-outage-'));
  const [borrowerPort, lenderPort] = [await freePort(), await freePort()];
  const borrowerBase = `http://127.0.0.1:${borrowerPort}`;
  const lenderBase = `http://127.0.0.1:${lenderPort}`;
  const { borrowerFile, lenderFile } = writeTwoInstitutionFiles(dir, { borrowerEndpoint: `${borrowerBase}/iso18626`, lenderEndpoint: `${lenderBase}/iso18626` });
  const serve = (file: string, side: SideDatabase, name: string, port: number): Promise<RunningServer> =>
    startServer(
      process.execPath,
      ['bin/interlend.js', 'serve', '--demo', '--config', file],
      { LOG_LEVEL: 'warn', ...options.env, DATABASE_URL: side.databaseUrl, DATA_DIR: join(dir, name), PORT: String(port) },
      port,
    );
  const borrower = await serve(borrowerFile, options.borrower, 'borrower', borrowerPort);
  let lender: RunningServer | undefined;
  try {
    lender = await serve(lenderFile, options.lender, 'lender', lenderPort);
  } catch (error) {
    await borrower.stop();
    throw error;
  }
  return {
    borrowerApi: new ApiClient(borrowerBase),
    lenderApi: new ApiClient(lenderBase),
    borrowerBase,
    lenderBase,
    borrowerOutput: () => borrower.output(),
    lenderOutput: () => lender?.output() ?? '',
    stopLender: async () => {
      await lender?.stop();
      lender = undefined;
    },
    startLender: async () => {
      lender = await serve(lenderFile, options.lender, 'lender', lenderPort);
    },
    close: async () => {
      await Promise.all([borrower.stop(), lender?.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
