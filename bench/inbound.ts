import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requestXml } from '../test/support/iso18626Messages.js';
import { freePort, startServer } from '../test/support/serverProcess.js';
import { admin } from './lifecycles.js';
import { closedLoop, type LoadResult } from './load.js';

export interface InboundOptions {
  backend: 'pglite' | 'postgres';
  concurrency: number;
  seconds: number;
  pgUrl: string;
}

/** New ISO 18626 requests (US-NSU → US-HCPL of the demo consortium), each with a fresh id. */
export async function inboundRequests(options: InboundOptions): Promise<LoadResult & { peakRssBytes: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'interlend-bench-'));
  const dbName = `interlend_bench_${process.pid}_${options.concurrency}`;
  const env: NodeJS.ProcessEnv = { DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' };
  if (options.backend === 'postgres') {
    await admin(options.pgUrl, `create database ${dbName}`);
    const url = new URL(options.pgUrl);
    url.pathname = `/${dbName}`;
    env.DATABASE_URL = url.toString();
  }
  const port = await freePort();
  env.PORT = String(port);
  const server = await startServer(process.execPath, ['bin/interlend.js', 'serve'], env, port);
  let peakRssBytes = 0;
  const sampleRss = async (): Promise<void> => {
    const text = await (await fetch(`${server.base}/metrics`)).text();
    const rss = Number(/^process_resident_memory_bytes (\d+)/m.exec(text)?.[1] ?? 0);
    peakRssBytes = Math.max(peakRssBytes, rss);
  };
  const sampler = setInterval(() => void sampleRss().catch(() => undefined), 250);
  try {
    const run = `${options.backend}-${options.concurrency}-${Date.now()}`;
    const result = await closedLoop(options.concurrency, options.seconds, async (n) => {
      const response = await fetch(`${server.base}/iso18626`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml' },
        body: requestXml({ id: `${run}-${n}` }),
      });
      const text = await response.text();
      return response.status === 200 && text.includes('<messageStatus>OK</messageStatus>');
    });
    await sampleRss();
    return { ...result, peakRssBytes };
  } finally {
    clearInterval(sampler);
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (options.backend === 'postgres') await admin(options.pgUrl, `drop database if exists ${dbName} with (force)`);
  }
}
