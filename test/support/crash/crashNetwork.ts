import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from '../../../src/cli/apiClient.js';
import { createTestDatabase, type Backend, type TestDatabase } from '../databases.js';
import { freePort } from '../serverProcess.js';
import { writeTwoInstitutionFiles } from '../twoInstitutions.js';
import { killableServer, type KillableServer } from './killableServer.js';

export { BORROWER, LENDER, LENDER_CODE as LENDER_PARTNER_CODE } from '../twoInstitutions.js';

/**
 * Short timers so a killed process's work is picked up within the test: retries start at
 * 100 ms, and a message a killed process had claimed is claimable again after 4 s (the lease;
 * well above a loopback delivery, so a live worker is not overtaken).
 */
const FAST = {
  INTERLEND_OUTBOX_BASE_DELAY_MS: '100',
  INTERLEND_OUTBOX_MAX_ATTEMPTS: '60',
  INTERLEND_OUTBOX_LEASE_MS: '4000',
  LOG_LEVEL: 'warn',
};

export interface CrashNetwork {
  borrower: KillableServer;
  lender: KillableServer;
  borrowerApi: ApiClient;
  lenderApi: ApiClient;
  close(): Promise<void>;
}

/**
 * North State (borrower) in one `interlend serve` process and Harbor City (lender) in another,
 * each with its own database, exchanging ISO 18626 over loopback HTTP. `lenderEndpoint` lets a
 * test put a relay between the borrower and the lender (and `borrowerEndpoint` the other way).
 */
export async function startCrashNetwork(
  backend: Backend,
  endpoints: (bases: { borrowerBase: string; lenderBase: string }) => Promise<{ borrowerEndpoint: string; lenderEndpoint: string }> = ({ borrowerBase, lenderBase }) =>
    Promise.resolve({ borrowerEndpoint: `${borrowerBase}/iso18626`, lenderEndpoint: `${lenderBase}/iso18626` }),
): Promise<CrashNetwork> {
  const dir = mkdtempSync(join(tmpdir(), 'interlend-crash-'));
  const [borrowerPort, lenderPort] = [await freePort(), await freePort()];
  const { borrowerEndpoint, lenderEndpoint } = await endpoints({ borrowerBase: `http://127.0.0.1:${borrowerPort}`, lenderBase: `http://127.0.0.1:${lenderPort}` });
  const { borrowerFile, lenderFile } = writeTwoInstitutionFiles(dir, { borrowerEndpoint, lenderEndpoint });
  const databases: TestDatabase[] = [];
  const databaseEnv = async (name: string): Promise<NodeJS.ProcessEnv> => {
    if (backend === 'pglite') return { DATA_DIR: join(dir, name), DATABASE_URL: '' };
    const database = await createTestDatabase('postgres', { migrate: false });
    databases.push(database);
    return { DATABASE_URL: database.url, DATA_DIR: join(dir, name) };
  };
  const borrower = killableServer('borrower', ['serve', '--demo', '--config', borrowerFile], { ...FAST, ...(await databaseEnv('borrower')) }, borrowerPort);
  const lender = killableServer('lender', ['serve', '--demo', '--config', lenderFile], { ...FAST, ...(await databaseEnv('lender')) }, lenderPort);
  const close = async (): Promise<void> => {
    await Promise.all([borrower.stop(), lender.stop()]);
    // Databases are dropped only after both processes have let go of them.
    await Promise.all(databases.map((d) => d.close()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all([borrower.start(), lender.start()]);
  } catch (error) {
    await close();
    throw error;
  }
  return { borrower, lender, borrowerApi: new ApiClient(borrower.base), lenderApi: new ApiClient(lender.base), close };
}
