import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../databases.js';
import { freePort, startServer, type RunningServer } from '../serverProcess.js';

/** Short timers, so retries, expiry and overdue checks happen within a test, in every process. */
const FAST_TIMERS = {
  INTERLEND_OUTBOX_BASE_DELAY_MS: '100',
  INTERLEND_OUTBOX_MAX_ATTEMPTS: '60',
  INTERLEND_EXPIRY_INTERVAL_MS: '150',
  INTERLEND_OVERDUE_INTERVAL_MS: '200',
  LOG_LEVEL: 'warn',
};

export interface Cluster {
  /** Base URL of each server process. */
  bases: string[];
  servers: RunningServer[];
  /** The one database every process uses, for the test's own reads. */
  database: TestDatabase;
  stop(): Promise<void>;
}

/**
 * Several real `interlend serve --demo --config <file>` processes on ONE fresh PostgreSQL
 * database, all started at the same moment (so they race through migrations, the network file
 * and the demo accounts). Without a network file they race to load the demo consortium
 * instead. PostgreSQL only: a PGlite directory belongs to one process.
 */
export async function startCluster(processes: number, networkYaml: string | undefined): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'interlend-scale-'));
  const file = join(dir, 'network.yaml');
  if (networkYaml !== undefined) writeFileSync(file, networkYaml);
  const args = ['bin/interlend.js', 'serve', '--demo', ...(networkYaml !== undefined ? ['--config', file] : [])];
  const database = await createTestDatabase('postgres', { migrate: false });
  const ports = await Promise.all(Array.from({ length: processes }, () => freePort()));
  const started = await Promise.allSettled(
    ports.map((port, i) =>
      startServer(process.execPath, args, { ...FAST_TIMERS, DATABASE_URL: database.url, DATA_DIR: join(dir, `p${i}`), PORT: String(port) }, port),
    ),
  );
  const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stop = async (): Promise<void> => {
    await Promise.all(servers.map((s) => s.stop()));
    // Dropped only after every process has let go of it.
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  return { bases: servers.map((s) => s.base), servers, database, stop };
}
