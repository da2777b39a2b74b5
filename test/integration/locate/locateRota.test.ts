/**
 * Borrowing locate's fan-out against real targets: Debian's yaz-ztest over Z39.50 and SRU, a
 * closed port (unreachable) and a TCP server that accepts and never answers (timeout).
 *
 * yaz-ztest behaviours relied on (found with yaz-client and curl): over Z39.50 a term with
 * leading digits N gives N hits and a term without digits ("zero") none; over SRU the count is
 * derived from the query string, and `dc.title all "zero"` gives none while
 * `bath.isbn = "0441478123"` gives some.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateRota, type RotaTarget } from '../../../src/services/locate/locateRota.js';
import type { TargetProfile } from '../../../src/services/locate/searchTarget.js';
import { freePort, requireYazZtest, startYazZtest, type YazZtest } from '../../support/yazZtest.js';

const HELD = { title: '2 computers', isbn: '0-441-47812-3' };

function z3950(port: number, fields: string[], overrides: Partial<TargetProfile> = {}): TargetProfile {
  return { code: 'Z', protocol: 'z3950', url: null, sru_version: null, host: '127.0.0.1', port, database_name: 'Default', match_fields: fields, check_availability: true, timeout_ms: 3000, ...overrides };
}

function sru(url: string, fields: string[], overrides: Partial<TargetProfile> = {}): TargetProfile {
  return { code: 'S', protocol: 'sru', url, sru_version: '1.2', host: null, port: null, database_name: null, match_fields: fields, check_availability: true, timeout_ms: 3000, ...overrides };
}

const target = (entryId: string, profile: TargetProfile | undefined): RotaTarget => ({ entryId, partnerId: `p-${entryId}`, partnerCode: entryId.toUpperCase(), profile });

describe.skipIf(!requireYazZtest('borrowing locate fan-out tests'))('locateRota against real targets', () => {
  let ztest: YazZtest;
  let silent: Server;
  let silentPort: number;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    ztest = await startYazZtest();
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    silentPort = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(async () => {
    sockets.forEach((s) => s.destroy());
    await new Promise<void>((resolve) => silent.close(() => resolve()));
    await ztest?.stop();
  });

  it('searches every target at once and classifies each with its evidence', async () => {
    const closed = await freePort();
    const targets = [
      target('zheld', z3950(ztest.port, ['title'])),
      target('sheld', sru(ztest.sruUrl, ['isbn'])),
      target('closed', z3950(closed, ['title'])),
      target('silent', z3950(silentPort, ['title'], { timeout_ms: 600 })),
      target('silentsru', sru(`http://127.0.0.1:${silentPort}/Default`, ['title'], { timeout_ms: 600 })),
      target('nofields', sru(ztest.sruUrl, ['issn'])),
      target('noprofile', undefined),
    ];
    const { results, durationMs } = await locateRota(targets, HELD);
    const by = new Map(results.map((r) => [r.entryId, r.evidence]));

    const zheld = by.get('zheld');
    expect(zheld).toMatchObject({ protocol: 'z3950', target: `127.0.0.1:${ztest.port}/Default`, query: 'title=2 computers', hits: 2 });
    expect(['held', 'held-unavailable']).toContain(zheld?.outcome);
    expect(zheld?.recordIds).toHaveLength(2);
    // OPAC syntax: yaz-ztest generates holdings with circulation data for each record.
    expect(zheld?.availability.length).toBeGreaterThan(0);
    expect(zheld?.availability.every((a) => ['available', 'on-loan'].includes(a.status))).toBe(true);
    expect(zheld?.outcome).toBe(zheld?.availability.some((a) => a.status === 'available') ? 'held' : 'held-unavailable');

    expect(by.get('sheld')).toMatchObject({ outcome: 'held', protocol: 'sru', target: ztest.sruUrl, query: 'isbn=0441478123' });
    expect(by.get('sheld')?.hits).toBeGreaterThan(0);
    expect(by.get('sheld')?.recordIds.length).toBeGreaterThan(0);
    expect(by.get('closed')).toMatchObject({ outcome: 'unreachable', hits: null, query: 'title=2 computers' });
    expect(by.get('silent')).toMatchObject({ outcome: 'timeout' });
    expect(by.get('silentsru')).toMatchObject({ outcome: 'timeout' });
    expect(by.get('nofields')).toMatchObject({ outcome: 'no-match-fields', query: null });
    expect(by.get('noprofile')).toBeUndefined();
    // The timeouts are bounded by their own profile, not by the others.
    expect(by.get('silent')!.durationMs).toBeGreaterThanOrEqual(550);
    expect(by.get('silent')!.durationMs).toBeLessThan(2000);

    // Parallel: the whole fan-out takes about the slowest target, not the sum of all.
    const sum = results.reduce((total, r) => total + (r.evidence?.durationMs ?? 0), 0);
    const slowest = Math.max(...results.map((r) => r.evidence?.durationMs ?? 0));
    expect(durationMs).toBeLessThan(sum);
    expect(durationMs).toBeLessThan(slowest + 1000);
  });

  it('tries the match fields in order and stops at the first with hits', async () => {
    const citation = { title: 'zero', isbn: '0441478123', issn: '0028-0836' };
    const { results } = await locateRota([target('z', z3950(ztest.port, ['title', 'isbn', 'issn'], { check_availability: false }))], citation);
    expect(results[0]?.evidence).toMatchObject({ outcome: 'held', query: 'title=zero; isbn=0441478123' });
    expect(results[0]?.evidence?.detail).toContain('by isbn');
  });

  it('reports not-held with every query sent when nothing matches', async () => {
    const { results } = await locateRota([target('s', sru(ztest.sruUrl, ['title'])), target('z', z3950(ztest.port, ['title']))], { title: 'zero' });
    expect(results.map((r) => r.evidence)).toMatchObject([
      { outcome: 'not-held', hits: 0, query: 'title=zero', recordIds: [] },
      { outcome: 'not-held', hits: 0, query: 'title=zero', recordIds: [] },
    ]);
  });

  it('turns a database the target does not have into an error with the diagnostic', async () => {
    const { results } = await locateRota([target('z', z3950(ztest.port, ['title'], { database_name: 'NoSuchDatabase' }))], HELD);
    expect(results[0]?.evidence?.outcome).toBe('error');
    expect(results[0]?.evidence?.detail).toContain('Bib-1 109');
  });

  it('never throws for a hostile or broken profile', async () => {
    const { results } = await locateRota(
      [target('rel', sru('/sru/NSU', ['title'])), target('port', z3950(1, ['title'], { timeout_ms: 500 })), target('url', sru('http://[::1', ['title']))],
      HELD,
    );
    expect(results.map((r) => r.evidence?.outcome)).toEqual(['error', 'unreachable', 'unreachable']);
  });
});
