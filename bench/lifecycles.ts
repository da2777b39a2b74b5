import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ApiClient } from '../src/cli/apiClient.js';
import { runLoanLifecycle } from '../src/cli/loanLifecycle.js';
import { freePort, startServer } from '../test/support/serverProcess.js';
import { closedLoop, type LoadResult } from './load.js';

export interface LifecycleOptions {
  backend: 'pglite' | 'postgres';
  concurrency: number;
  seconds: number;
  pgUrl: string;
}

/**
 * Complete loans between two demo institutions (US-NSU borrows from US-HCPL), each 13 API
 * calls and 6 ISO 18626 messages through the outbox, run by `concurrency` staff robots
 * against one server process. Latency is a whole loan, including the clients' polling
 * (25 ms) for each partner answer.
 */
export async function loanLifecycles(options: LifecycleOptions): Promise<LoadResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'interlend-bench-'));
  const dbName = `interlend_bench_lifecycle_${process.pid}_${options.concurrency}`;
  const env: NodeJS.ProcessEnv = { DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' };
  if (options.backend === 'postgres') {
    await admin(options.pgUrl, `create database ${dbName}`);
    const url = new URL(options.pgUrl);
    url.pathname = `/${dbName}`;
    env.DATABASE_URL = url.toString();
  }
  const port = await freePort();
  env.PORT = String(port);
  const server = await startServer(process.execPath, ['bin/interlend.js', 'serve', '--demo'], env, port);
  try {
    const api = new ApiClient(server.base);
    return await closedLoop(options.concurrency, options.seconds, async (n) => {
      const { borrowing, lending } = await runLoanLifecycle({ borrower: api, lender: api }, 'US-NSU', 'US-HCPL', 'HCPL', { patronId: `P-${n}` });
      return borrowing.status === 'completed' && lending.status === 'completed';
    });
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (options.backend === 'postgres') await admin(options.pgUrl, `drop database if exists ${dbName} with (force)`);
  }
}

export async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
