/**
 * SRU client against Debian's yaz-ztest (started on a free port) plus local misbehaving servers.
 *
 * yaz-ztest behaviours relied on: it answers SRU GET on the Z39.50 port at /Default; the hit count is
 * synthetic — a query that is just a number N yields exactly N hits (so `0` gives zero hits); any other
 * query gets a count derived from the query string (stable, but unrelated to record content); it serves MARCXML (schema info:srw/schema/1/marcxml-1.1) from a fixed set of
 * dummy LC records; startRecord beyond the result set gives diagnostic info:srw/diagnostic/1/61;
 * an unknown database path gives HTTP 404 with an HTML body. It accepts any CQL index without a
 * diagnostic, so index support cannot be checked against it.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractMatchFields, readMarcXml } from '../../../src/protocols/marc/index.js';
import { cqlFor, searchRetrieve, type SruResult, type SruVersion } from '../../../src/protocols/sru/index.js';
import { freePort, requireYazZtest, startYazZtest, type YazZtest } from '../../support/yazZtest.js';

function hits(r: SruResult): Extract<SruResult, { kind: 'hits' }> {
  if (r.kind !== 'hits') throw new Error(`expected hits, got ${JSON.stringify(r)}`);
  return r;
}

describe.skipIf(!requireYazZtest('SRU client integration tests'))('SRU client against yaz-ztest', () => {
  let ztest: YazZtest;
  beforeAll(async () => {
    ztest = await startYazZtest();
  });
  afterAll(async () => {
    await ztest?.stop();
  });

  it.each<SruVersion>(['1.1', '1.2', '2.0'])('version %s: searchRetrieve returns MARCXML records that parse', async (version) => {
    const r = hits(await searchRetrieve({ baseUrl: ztest.sruUrl, version, query: cqlFor({ title: 'computer' })!, recordSchema: 'marcxml', maximumRecords: 3, startRecord: 1, timeoutMs: 5000 }));
    expect(r.count).toBeGreaterThan(0);
    expect(r.records).toHaveLength(3);
    r.records.forEach((rec, i) => {
      expect(rec.schema).toBe('info:srw/schema/1/marcxml-1.1');
      expect(rec.position).toBe(i + 1);
      const [parsed] = readMarcXml(rec.xml);
      if (!parsed?.ok) throw new Error(`record did not parse: ${rec.xml}`);
      const m = extractMatchFields(parsed.record);
      expect(m.controlNumber).toBeTruthy();
      expect(m.title).toBeTruthy();
    });
    const first = readMarcXml(r.records[0]!.xml)[0];
    expect(first?.ok && extractMatchFields(first.record)).toMatchObject({ controlNumber: '11224466', lccn: '11224466', title: 'How to program a computer', author: 'Jack Collins' });
  });

  it.each([
    ['isbn', { isbn: '0879832355' }],
    ['issn', { issn: '1064-3923' }],
    ['lccn', { lccn: '92646062' }],
    ['oclcNumber', { oclcNumber: '26273275' }],
    ['controlNumber', { controlNumber: 'ACD-3837' }],
    ['author', { author: 'Jack Collins' }],
  ])('search by %s is accepted', async (_field, fields) => {
    const r = hits(await searchRetrieve({ baseUrl: ztest.sruUrl, version: '1.2', query: cqlFor(fields)!, recordSchema: 'marcxml', maximumRecords: 1, timeoutMs: 5000 }));
    expect(r.count).toBeGreaterThanOrEqual(0);
  });

  it.each<SruVersion>(['1.1', '1.2', '2.0'])('version %s: zero hits (yaz-ztest: a bare numeric query N gives exactly N hits)', async (version) => {
    const r = hits(await searchRetrieve({ baseUrl: ztest.sruUrl, version, query: '0', recordSchema: 'marcxml', timeoutMs: 5000 }));
    expect(r).toEqual({ kind: 'hits', count: 0, records: [] });
    const seven = hits(await searchRetrieve({ baseUrl: ztest.sruUrl, version, query: '7', recordSchema: 'marcxml', maximumRecords: 5, timeoutMs: 5000 }));
    expect(seven.count).toBe(7);
    expect(seven.records).toHaveLength(5);
  });

  it('diagnostic: first record position out of range', async () => {
    for (const version of ['1.1', '1.2', '2.0'] as const) {
      const r = await searchRetrieve({ baseUrl: ztest.sruUrl, version, query: 'dc.title = "x"', startRecord: 9999, maximumRecords: 1, timeoutMs: 5000 });
      expect(r).toMatchObject({ kind: 'diagnostic', uri: 'info:srw/diagnostic/1/61' });
    }
  });

  it('unknown record schema comes back as a surrogate diagnostic record', async () => {
    const r = hits(await searchRetrieve({ baseUrl: ztest.sruUrl, version: '2.0', query: 'dc.title = "3"', recordSchema: 'opac', maximumRecords: 1, timeoutMs: 5000 }));
    expect(r.records[0]?.diagnostic?.uri).toMatch(/^info:srw\/diagnostic\/1\//);
  });

  it('unknown database: HTTP 404 HTML page → invalid-response', async () => {
    const r = await searchRetrieve({ baseUrl: `http://127.0.0.1:${ztest.port}/NoSuchDb`, version: '1.2', query: 'x', timeoutMs: 5000 });
    expect(r.kind).toBe('invalid-response');
  });
});

describe('SRU client against misbehaving servers', () => {
  let silent: NetServer;
  let silentPort: number;
  const sockets: Socket[] = [];
  let hostile: Server;
  let hostilePort: number;
  const bodies: Record<string, string> = {
    '/garbage': 'this is not xml <<<',
    '/bomb': '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]><searchRetrieveResponse><numberOfRecords>&lol2;</numberOfRecords></searchRetrieveResponse>',
    '/xxe': '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><searchRetrieveResponse><numberOfRecords>0</numberOfRecords><d>&xxe;</d></searchRetrieveResponse>',
    '/json': '{"numberOfRecords": 3}',
  };

  beforeAll(async () => {
    silent = createNetServer((s) => {
      sockets.push(s); // accept and never answer
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const a = silent.address();
    silentPort = typeof a === 'object' && a ? a.port : 0;
    hostile = createHttpServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/stall') {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.write('<searchRetrieveResponse><numberOfRecords>'); // then nothing more
        return;
      }
      if (path === '/huge') {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(`<searchRetrieveResponse><numberOfRecords>1</numberOfRecords><x>${'a'.repeat(2_000_000)}</x></searchRetrieveResponse>`);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(bodies[path] ?? '');
    });
    await new Promise<void>((r) => hostile.listen(0, '127.0.0.1', r));
    const h = hostile.address();
    hostilePort = typeof h === 'object' && h ? h.port : 0;
  });
  afterAll(async () => {
    sockets.forEach((s) => s.destroy());
    await new Promise((r) => silent.close(r));
    hostile.closeAllConnections();
    await new Promise((r) => hostile.close(r));
  });

  it('a server that never answers → timeout', async () => {
    const r = await searchRetrieve({ baseUrl: `http://127.0.0.1:${silentPort}/Default`, version: '1.2', query: 'x', timeoutMs: 300 });
    expect(r).toEqual({ kind: 'timeout' });
  });

  it('headers then a stalled body → timeout', async () => {
    const r = await searchRetrieve({ baseUrl: `http://127.0.0.1:${hostilePort}/stall`, version: '1.1', query: 'x', timeoutMs: 300 });
    expect(r).toEqual({ kind: 'timeout' });
  });

  it('a closed port → unreachable', async () => {
    const port = await freePort();
    const r = await searchRetrieve({ baseUrl: `http://127.0.0.1:${port}/Default`, version: '2.0', query: 'x', timeoutMs: 5000 });
    expect(r.kind).toBe('unreachable');
    expect(r.kind === 'unreachable' && r.error).toMatch(/ECONNREFUSED/);
  });

  it('an invalid base URL → unreachable, not a throw', async () => {
    expect((await searchRetrieve({ baseUrl: 'not a url', version: '1.1', query: 'x' })).kind).toBe('unreachable');
  });

  it.each(['/garbage', '/bomb', '/xxe', '/json', '/empty'])('%s → invalid-response', async (path) => {
    const r = await searchRetrieve({ baseUrl: `http://127.0.0.1:${hostilePort}${path}`, version: '1.2', query: 'x', timeoutMs: 5000 });
    expect(r.kind).toBe('invalid-response');
  });

  it('a response over maxResponseBytes → invalid-response', async () => {
    const r = await searchRetrieve({ baseUrl: `http://127.0.0.1:${hostilePort}/huge`, version: '1.2', query: 'x', timeoutMs: 5000, maxResponseBytes: 100_000 });
    expect(r).toEqual({ kind: 'invalid-response', reason: 'response too large' });
  });
});
