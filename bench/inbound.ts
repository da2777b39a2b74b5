import { requestXml } from '../test/support/iso18626Messages.js';
import { closedLoop, type LoadResult } from './load.js';
import { withServer } from './serverUnderTest.js';

export interface InboundOptions {
  backend: 'pglite' | 'postgres';
  concurrency: number;
  seconds: number;
  pgUrl: string;
}

/** New ISO 18626 requests (US-NSU → US-HCPL of the demo consortium), each with a fresh id. */
export function inboundRequests(options: InboundOptions): Promise<LoadResult & { peakRssBytes: number }> {
  return withServer(options.backend, options.pgUrl, async (server) => {
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
    }
  });
}
