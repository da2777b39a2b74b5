import { execFileSync, spawnSync } from 'node:child_process';

/**
 * The machine's own limit for small write transactions: pgbench's simple-update script (-N)
 * at the given client count against a scratch database. Our figures are reported as a
 * fraction of it, so they compare across machines of different speed.
 */
export function pgbenchTps(adminUrl: string, clients: number, seconds: number): number | undefined {
  const has = spawnSync('pgbench', ['--version'], { encoding: 'utf8' });
  if (has.status !== 0) return undefined;
  const url = new URL(adminUrl);
  const db = `interlend_pgbench_${process.pid}`;
  const psql = (sql: string): void => {
    execFileSync('psql', ['-h', url.hostname, '-p', url.port || '5432', '-U', url.username || 'postgres', '-d', url.pathname.slice(1), '-qc', sql]);
  };
  const common = ['-h', url.hostname, '-p', url.port || '5432', '-U', url.username || 'postgres'];
  psql(`create database ${db}`);
  try {
    execFileSync('pgbench', [...common, '-i', '-q', '-s', '4', db], { stdio: 'ignore' });
    const out = execFileSync('pgbench', [...common, '-N', '-c', String(clients), '-j', String(Math.min(clients, 2)), '-T', String(seconds), db], {
      encoding: 'utf8',
    });
    const match = /tps = ([\d.]+)/.exec(out);
    return match?.[1] ? Number(match[1]) : undefined;
  } finally {
    psql(`drop database if exists ${db} with (force)`);
  }
}
