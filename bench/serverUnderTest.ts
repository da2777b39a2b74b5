import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, startServer, type RunningServer } from '../test/support/serverProcess.js';

/**
 * Runs `work` against a fresh server process (`interlend serve --demo`, the demo consortium) on
 * a scratch PGlite directory or a scratch PostgreSQL database, and cleans both up afterwards.
 */
export async function withServer<T>(backend: 'pglite' | 'postgres', pgUrl: string, work: (server: RunningServer) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'interlend-bench-'));
  const dbName = `interlend_bench_${process.pid}_${Date.now()}`;
  const env: NodeJS.ProcessEnv = { DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' };
  if (backend === 'postgres') {
    await admin(pgUrl, `create database ${dbName}`);
    const url = new URL(pgUrl);
    url.pathname = `/${dbName}`;
    env.DATABASE_URL = url.toString();
  }
  const port = await freePort();
  env.PORT = String(port);
  const server = await startServer(process.execPath, ['bin/interlend.js', 'serve', '--demo'], env, port);
  try {
    return await work(server);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (backend === 'postgres') await admin(pgUrl, `drop database if exists ${dbName} with (force)`);
  }
}

/** One statement on the admin connection (create / drop the scratch database). */
export async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
