/**
 * Starts Debian's `yaz-ztest` (package `yaz`) on a free port for tests. It serves Z39.50 and, on the
 * same port, SRU over HTTP at `http://127.0.0.1:PORT/Default`.
 *
 * If yaz-ztest is missing: with CI set, `requireYazZtest()` throws (the suite fails); otherwise it warns
 * loudly and the caller skips (`describe.skipIf(!requireYazZtest('why'))`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, connect } from 'node:net';

export const YAZ_ZTEST = process.env.YAZ_ZTEST ?? '/usr/bin/yaz-ztest';

export function hasYazZtest(): boolean {
  if (!existsSync(YAZ_ZTEST)) return false;
  const probe = spawnSync(YAZ_ZTEST, ['-V'], { encoding: 'utf8', timeout: 5000 });
  return probe.error === undefined;
}

/** True when yaz-ztest can be used; false (with a loud warning) when not and CI is unset; throws under CI. */
export function requireYazZtest(purpose: string): boolean {
  if (hasYazZtest()) return true;
  const reason = `yaz-ztest not found at ${YAZ_ZTEST}: ${purpose} cannot run`;
  if (process.env.CI) throw new Error(`${reason} (CI is set, so this is a failure)`);
  console.warn(`SKIPPING: ${reason}. Install the Debian package yaz to run it.`);
  return false;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export interface YazZtest {
  port: number;
  host: string;
  /** SRU base URL (database Default). */
  sruUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startYazZtest(): Promise<YazZtest> {
  const port = await freePort();
  const child = spawn(YAZ_ZTEST, [`@:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  const deadline = Date.now() + 10_000;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null) throw new Error(`yaz-ztest exited (${child.exitCode}): ${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`yaz-ztest did not listen on ${port} within 10 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    host: '127.0.0.1',
    sruUrl: `http://127.0.0.1:${port}/Default`,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
