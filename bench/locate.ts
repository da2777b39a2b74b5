/**
 * Locate fan-out: one borrowing locate across `partners` SRU catalogues, each answering after
 * `latencyMs`, measured through the same `locateRota` the locate worker runs. The partners are
 * loopback HTTP servers speaking SRU 1.2 with a MARCXML record carrying an available 952 item,
 * so every target is parsed and classified as a real one would be.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { locateRota, type RotaTarget } from '../src/services/locate/locateRota.js';
import type { TargetProfile } from '../src/services/locate/searchTarget.js';

export interface LocateBenchOptions {
  partners: number;
  latencyMs: number;
  runs: number;
}

export interface LocateBenchResult {
  partners: number;
  latencyMs: number;
  runs: number;
  p50ms: number;
  p95ms: number;
  maxMs: number;
  /** One locate with the targets searched one after the other, for contrast. */
  sequentialMs: number;
  heldEveryRun: boolean;
}

const RECORD = `<record xmlns="http://www.loc.gov/MARC21/slim"><leader>00000nam a2200000 a 4500</leader>
<controlfield tag="001">bench0001</controlfield>
<datafield tag="020" ind1=" " ind2=" "><subfield code="a">9780441478125</subfield></datafield>
<datafield tag="245" ind1="1" ind2="4"><subfield code="a">The left hand of darkness</subfield></datafield>
<datafield tag="952" ind1=" " ind2=" "><subfield code="a">MAIN</subfield><subfield code="c">STACKS</subfield><subfield code="p">B0001</subfield></datafield>
</record>`;

function sruAnswer(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<searchRetrieveResponse xmlns="http://www.loc.gov/zing/srw/"><version>1.2</version><numberOfRecords>1</numberOfRecords>
<records><record><recordSchema>info:srw/schema/1/marcxml-v1.1</recordSchema><recordPacking>xml</recordPacking><recordData>${RECORD}</recordData><recordPosition>1</recordPosition></record></records>
</searchRetrieveResponse>`;
}

async function slowCatalogue(latencyMs: number): Promise<{ server: Server; url: string }> {
  const body = sruAnswer();
  const server = createServer((_request, response) => {
    setTimeout(() => response.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(body), latencyMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sru` };
}

const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

export async function locateFanOut(options: LocateBenchOptions): Promise<LocateBenchResult> {
  const catalogues = await Promise.all(Array.from({ length: options.partners }, () => slowCatalogue(options.latencyMs)));
  try {
    const targets: RotaTarget[] = catalogues.map((catalogue, i) => {
      const profile: TargetProfile = {
        code: `P${i}`,
        protocol: 'sru',
        url: catalogue.url,
        sru_version: '1.2',
        host: null,
        port: null,
        database_name: null,
        match_fields: ['isbn', 'title'],
        check_availability: true,
        timeout_ms: 10_000,
      };
      return { entryId: `e${i}`, partnerId: `p${i}`, partnerCode: `P${i}`, profile };
    });
    const citation = { title: 'The left hand of darkness', isbn: '9780441478125' };
    await locateRota(targets.slice(0, 1), citation);
    const durations: number[] = [];
    let heldEveryRun = true;
    for (let run = 0; run < options.runs; run++) {
      const started = performance.now();
      const located = await locateRota(targets, citation);
      durations.push(performance.now() - started);
      heldEveryRun &&= located.results.every((r) => r.evidence?.outcome === 'held');
    }
    const sequentialStarted = performance.now();
    for (const target of targets) await locateRota([target], citation);
    const sequentialMs = performance.now() - sequentialStarted;
    durations.sort((a, b) => a - b);
    return {
      partners: options.partners,
      latencyMs: options.latencyMs,
      runs: options.runs,
      p50ms: quantile(durations, 0.5),
      p95ms: quantile(durations, 0.95),
      maxMs: durations.at(-1) ?? NaN,
      sequentialMs,
      heldEveryRun,
    };
  } finally {
    await Promise.all(catalogues.map(({ server }) => new Promise((resolve) => server.close(resolve))));
  }
}
