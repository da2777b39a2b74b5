/**
 * A PostgreSQL cluster of the test's own, for tests that stop and restart the database server.
 * The machine's server on 5432 is shared by every suite and must never be touched; this one
 * lives in a temp dir, listens on a free port and keeps its unix socket in the temp dir.
 *
 * PostgreSQL refuses to run as root (CI runs as root), so there every binary runs as the
 * `postgres` OS user through runuser, and the temp dir is handed to that user.
 *
 * Binaries missing: with CI set, `requirePrivatePostgres()` throws (the suite fails); otherwise
 * it warns loudly and the caller skips.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../serverProcess.js';

const POSTGRES_ROOT = '/usr/lib/postgresql';

/** The bin dir of the newest installed PostgreSQL, or undefined. */
export function postgresBinDir(): string | undefined {
  if (!existsSync(POSTGRES_ROOT)) return undefined;
  const versions = readdirSync(POSTGRES_ROOT)
    .filter((name) => /^\d+$/.test(name) && existsSync(join(POSTGRES_ROOT, name, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(POSTGRES_ROOT, versions[0], 'bin');
}

/** True when a private cluster can be started; false (with a loud warning) when not and CI is unset; throws under CI. */
export function requirePrivatePostgres(purpose: string): boolean {
  if (postgresBinDir()) return true;
  const reason = `no PostgreSQL binaries (initdb, pg_ctl) under ${POSTGRES_ROOT}/<version>/bin: ${purpose} cannot run`;
  if (process.env.CI) throw new Error(`${reason} (CI is set, so this is a failure)`);
  console.warn(`\n*** SKIPPING: ${reason}. Install the postgresql package (Debian) to run it. ***\n`);
  return false;
}

function idOf(flag: '-u' | '-g'): string {
  const result = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`running as root needs the postgres OS user: ${result.stderr}`);
  return result.stdout.trim();
}

export type StopMode = 'fast' | 'immediate';

export interface PrivatePostgres {
  port: number;
  /** A connection URL for `database` on this cluster (TCP on 127.0.0.1). */
  url(database?: string): string;
  createDatabase(name: string): Promise<string>;
  stop(mode?: StopMode): void;
  start(): void;
  /** pg_ctl restart: stop in `mode`, start again at once. */
  restart(mode?: StopMode): void;
  /** Stops the cluster (immediately) and removes its files. */
  destroy(): void;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(`no PostgreSQL binaries under ${POSTGRES_ROOT}`);
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'interlend-pg-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const postgresUser = asRoot ? { uid: Number(idOf('-u')), gid: Number(idOf('-g')) } : undefined;
  if (postgresUser) chownSync(dir, postgresUser.uid, postgresUser.gid);
  const port = await freePort();

  const run = (program: string, args: string[]): void => {
    const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]] : [join(bin, program), args];
    const result = spawnSync(command, argv, { encoding: 'utf8', timeout: 120_000 });
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`${program} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}\n${readLog()}`);
  };
  const readLog = (): string => {
    const tail = spawnSync('tail', ['-n', '30', logFile], { encoding: 'utf8' });
    return tail.stdout ?? '';
  };
  // Options in the data dir rather than on pg_ctl's command line, so restarts keep them.
  const writeServerOptions = (): void => {
    const conf = [
      `port = ${port}`,
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = '${dir}'`,
      'fsync = off',
      'max_connections = 60',
      'shared_buffers = 16MB',
    ].join('\n');
    const file = join(dataDir, 'postgresql.auto.conf');
    writeFileSync(file, `${conf}\n`);
    if (postgresUser) chownSync(file, postgresUser.uid, postgresUser.gid);
  };

  const pgCtl = (args: string[]): void => run('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', ...args]);
  try {
    run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    writeServerOptions();
    pgCtl(['start']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  const url = (database = 'postgres'): string => `postgres://postgres@127.0.0.1:${port}/${database}`;
  let stopped = false;
  return {
    port,
    url,
    async createDatabase(name) {
      const admin = new pg.Client({ connectionString: url() });
      await admin.connect();
      try {
        await admin.query(`create database ${name}`);
      } finally {
        await admin.end();
      }
      return url(name);
    },
    stop(mode = 'fast') {
      pgCtl(['stop', '-m', mode]);
      stopped = true;
    },
    start() {
      pgCtl(['start']);
      stopped = false;
    },
    restart(mode = 'fast') {
      pgCtl(['restart', '-m', mode]);
      stopped = false;
    },
    destroy() {
      try {
        if (!stopped) pgCtl(['stop', '-m', 'immediate']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
