import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requestXml } from '../test/support/iso18626Messages.js';
import { freePort, startServer, type RunningServer } from '../test/support/serverProcess.js';
import { closedLoop, type LoadResult } from './load.js';
import { admin } from './serverUnderTest.js';

export interface ScaleOutOptions {
  processes: number;
  concurrency: number;
  seconds: number;
  pgUrl: string;
}

export interface ScaleOutResult extends LoadResult {
  /** Peak resident set size of each server process. */
  peakRssBytes: number[];
  /** CPU each server process used during the run, in cores (1 = one core busy all the time). */
  serverCores: number[];
  /** CPU of every PostgreSQL process on the machine during the run, in cores. */
  postgresCores: number;
  /** CPU of this load generator during the run, in cores. */
  senderCores: number;
}

/** Clock ticks per second of /proc/<pid>/stat: 100 on every Linux we run on. */
const CLOCK_TICKS = 100;

/** utime + stime of a process in seconds, from /proc (Linux); 0 when it is gone. */
function cpuSeconds(pid: number): number {
  try {
    // The command name may hold spaces: fields are counted after its closing parenthesis.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** Processes whose command line satisfies `match` (Linux /proc). */
function pidsWhere(match: (command: string[]) => boolean): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return match(readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0'));
      } catch {
        return false;
      }
    })
    .map(Number);
}

const postgresCpu = (): number => pidsWhere((command) => /(^|\/)postgres(:|$)/.test(command[0] ?? '')).reduce((sum, pid) => sum + cpuSeconds(pid), 0);

/**
 * Inbound ISO 18626 requests (US-NSU → US-HCPL of the demo consortium, each a new lending
 * request) against `processes` server processes sharing ONE scratch PostgreSQL database; the
 * closed-loop senders' messages are spread round-robin over the processes, so the total
 * concurrency is the same whatever the process count. Also samples each process's peak RSS and where the CPU went.
 */
export async function scaleOut(options: ScaleOutOptions): Promise<ScaleOutResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'interlend-scaleout-'));
  const dbName = `interlend_scaleout_${process.pid}_${Date.now()}`;
  await admin(options.pgUrl, `create database ${dbName}`);
  const url = new URL(options.pgUrl);
  url.pathname = `/${dbName}`;
  const servers: RunningServer[] = [];
  try {
    // One at a time: the first migrates and loads the demo, the others find it done.
    const ports: number[] = [];
    for (let i = 0; i < options.processes; i++) {
      const port = await freePort();
      ports.push(port);
      const env = { DATABASE_URL: url.toString(), DATA_DIR: join(dataDir, `p${i}`), LOG_LEVEL: 'warn' };
      servers.push(await startServer(process.execPath, ['bin/interlend.js', 'serve', '--demo', '--port', String(port)], env, port));
    }
    const serverPids = ports.map((port) => pidsWhere((command) => command.includes('serve') && command.join(' ').includes(`--port ${port}`))[0] ?? 0);
    const peakRssBytes = servers.map(() => 0);
    const sampleRss = async (i: number): Promise<void> => {
      const text = await (await fetch(`${servers[i]?.base}/metrics`)).text();
      peakRssBytes[i] = Math.max(peakRssBytes[i] ?? 0, Number(/^process_resident_memory_bytes (\d+)/m.exec(text)?.[1] ?? 0));
    };
    const sampleAll = (): Promise<unknown> => Promise.all(servers.map((_, i) => sampleRss(i).catch(() => undefined)));
    const sampler = setInterval(() => void sampleAll(), 250);
    const cpuBefore = { servers: serverPids.map(cpuSeconds), postgres: postgresCpu(), sender: process.cpuUsage() };
    try {
      const run = `scaleout-${options.processes}-${options.concurrency}-${Date.now()}`;
      // Messages go round-robin over the processes, so each has about concurrency / processes in flight.
      const result = await closedLoop(options.concurrency, options.seconds, async (n) => {
        const server = servers[n % servers.length] as RunningServer;
        const response = await fetch(`${server.base}/iso18626`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: requestXml({ id: `${run}-${n}` }) });
        const text = await response.text();
        return response.status === 200 && text.includes('<messageStatus>OK</messageStatus>');
      });
      const sender = process.cpuUsage(cpuBefore.sender);
      await sampleAll();
      return {
        ...result,
        peakRssBytes,
        serverCores: serverPids.map((pid, i) => (cpuSeconds(pid) - (cpuBefore.servers[i] ?? 0)) / result.seconds),
        postgresCores: (postgresCpu() - cpuBefore.postgres) / result.seconds,
        senderCores: (sender.user + sender.system) / 1e6 / result.seconds,
      };
    } finally {
      clearInterval(sampler);
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dataDir, { recursive: true, force: true });
    await admin(options.pgUrl, `drop database if exists ${dbName} with (force)`);
  }
}
