/**
 * The Z39.50 client against Debian's yaz-ztest (started here on a free port).
 *
 * yaz-ztest behaviours relied on (man yaz-ztest, "TESTING"): a term with leading digits N gives N
 * hits (so "0" gives zero hits); databases Default, slow and db* exist, any other gives Bib-1
 * diagnostic 109 "Database unavailable"; USMARC presents come from 24 built-in MARC records; the
 * OPAC syntax wraps the MARC record with generated holdings/circulation.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctx, encode } from '../../../src/protocols/z3950/ber.js';
import { BIB1_USE, locateZ3950, type UseName, Z3950Client, Z3950Error, type Z3950Record } from '../../../src/protocols/z3950/index.js';
import { parseIso2709 } from './marc.js';
import { freePort, requireYazZtest, startYazZtest, type YazZtest } from '../../support/yazZtest.js';

const marcBytes = (r: Z3950Record | undefined): Buffer => {
  if (r?.kind !== 'marc') throw new Error(`expected a MARC record, got ${JSON.stringify(r)}`);
  return r.data;
};

const parseMarc = parseIso2709;

describe.skipIf(!requireYazZtest('the Z39.50 client tests'))('Z39.50 client against yaz-ztest', () => {
  let ztest: YazZtest;
  beforeAll(async () => {
    ztest = await startYazZtest();
  });
  afterAll(async () => {
    await ztest?.stop();
  });

  it('inits as version 3 with search and present', async () => {
    const session = await Z3950Client.connect({ host: ztest.host, port: ztest.port, timeoutMs: 5000 });
    try {
      const init = await session.init();
      expect(init.accepted).toBe(true);
      expect(init.versions).toContain(3);
      expect(init.options).toEqual(expect.arrayContaining([0, 1]));
      expect(init.implementationName).toMatch(/YAZ/);
      expect(init.preferredMessageSize).toBeGreaterThan(0);
    } finally {
      await session.close();
    }
    expect(session.closed).toBe(true);
  });

  it.each(Object.keys(BIB1_USE) as UseName[])('searches by %s and finds hits', async (use) => {
    const session = await Z3950Client.connect({ host: ztest.host, port: ztest.port, timeoutMs: 5000 });
    try {
      await session.init();
      const r = await session.search({ database: 'Default', use, term: '7' });
      expect(r).toEqual({ kind: 'hits', count: 7, resultSetName: 'default' });
    } finally {
      await session.close();
    }
  });

  it('presents USMARC records that parse as ISO 2709', async () => {
    const session = await Z3950Client.connect({ host: ztest.host, port: ztest.port, timeoutMs: 5000 });
    try {
      await session.init();
      const found = await session.search({ database: 'Default', use: 'isbn', term: '3' });
      expect(found).toMatchObject({ kind: 'hits', count: 3 });
      const presented = await session.present({ start: 1, count: 3, syntax: 'usmarc' });
      expect(presented.diagnostics).toEqual([]);
      expect(presented.records).toHaveLength(3);
      expect(presented.nextResultSetPosition).toBe(4);
      for (const r of presented.records) {
        expect(r).toMatchObject({ kind: 'marc', database: 'Default', syntax: '1.2.840.10003.5.10' });
        const data = marcBytes(r);
        expect(data.subarray(0, 5).toString('latin1')).toBe(String(data.length).padStart(5, '0'));
        expect(data[data.length - 1]).toBe(0x1d);
        const record = parseMarc(data);
        expect(record.leader).toHaveLength(24);
        expect(record.get(/^245$/)).toHaveLength(1);
        expect(record.get(/^001$/)[0]?.value).toBeTruthy();
      }
      const first = parseMarc(marcBytes(presented.records[0]));
      expect(first.get(/^245$/)[0]?.subfields?.[0]?.value).toBe('How to program a computer');
    } finally {
      await session.close();
    }
  });

  it('presents OPAC records with the MARC record and holdings', async () => {
    const session = await Z3950Client.connect({ host: ztest.host, port: ztest.port, timeoutMs: 5000 });
    try {
      await session.init();
      await session.search({ database: 'Default', use: 'title', term: '2' });
      const presented = await session.present({ start: 1, count: 1, syntax: 'opac' });
      const r = presented.records[0];
      if (r?.kind !== 'opac') throw new Error(`expected an OPAC record, got ${JSON.stringify(r)}`);
      expect(parseMarc(r.bibliographic ?? Buffer.alloc(0)).get(/^245$/)).toHaveLength(1);
      expect(r.holdings.length).toBeGreaterThan(0);
      expect(r.holdings[0]?.callNumber).toBeTruthy();
      expect(typeof r.holdings[0]?.circulation[0]?.availableNow).toBe('boolean');
    } finally {
      await session.close();
    }
  });

  it('reports zero hits', async () => {
    const r = await locateZ3950({ host: ztest.host, port: ztest.port, database: 'Default' }, { use: 'lccn', term: '0' }, { timeoutMs: 5000 });
    expect(r).toEqual({ kind: 'hits', count: 0, records: [], diagnostics: [] });
  });

  it('turns a nonSurrogateDiagnostic into a typed diagnostic', async () => {
    const session = await Z3950Client.connect({ host: ztest.host, port: ztest.port, timeoutMs: 5000 });
    try {
      await session.init();
      const r = await session.search({ database: 'NoSuchDatabase', use: 'title', term: 'anything' });
      expect(r).toEqual({
        kind: 'diagnostic',
        count: 0,
        diagnostics: [{ code: 109, message: 'Database unavailable', addinfo: 'NoSuchDatabase', diagnosticSet: '1.2.840.10003.4.1' }],
      });
      // Presenting from a result set that does not exist: diagnostic 30 in the present response.
      const p = await session.present({ start: 1, count: 1, resultSetName: 'nope' });
      expect(p.records).toEqual([]);
      expect(p.diagnostics[0]).toMatchObject({ code: 30, addinfo: 'nope' });
    } finally {
      await session.close();
    }
  });

  it('locates in one shot: hits with parsed records', async () => {
    const r = await locateZ3950({ host: ztest.host, port: ztest.port, database: 'Default' }, { use: 'oclc', term: '30' }, { timeoutMs: 5000, maxRecords: 5 });
    if (r.kind !== 'hits') throw new Error(JSON.stringify(r));
    expect(r.count).toBe(30);
    expect(r.records).toHaveLength(5);
    for (const rec of r.records) expect(parseMarc(marcBytes(rec)).leader).toHaveLength(24);
  });

  it('locates in one shot: a diagnostic', async () => {
    const r = await locateZ3950({ host: ztest.host, port: ztest.port, database: 'Missing' }, { use: 'isbn', term: '9780441478125' }, { timeoutMs: 5000 });
    expect(r).toMatchObject({ kind: 'diagnostic', diagnostics: [{ code: 109 }] });
  });

  it('sends attribute overrides and numeric use attributes', async () => {
    const session = await Z3950Client.connect({ host: ztest.host, port: ztest.port, timeoutMs: 5000 });
    try {
      await session.init();
      const r = await session.search({ database: 'Default', use: 1016, term: '4 any', attributes: { structure: 2, truncation: 1 } });
      expect(r).toMatchObject({ kind: 'hits', count: 4 });
    } finally {
      await session.close();
    }
  });
});

describe('Z39.50 client: timeouts and connection errors', () => {
  it('a target that accepts and never answers → timeout, socket destroyed', async () => {
    const sockets: net.Socket[] = [];
    const closed: net.Socket[] = [];
    const silent = net.createServer((s) => {
      sockets.push(s);
      s.on('close', () => closed.push(s));
      s.resume(); // read (and ignore) the init request, so the client's FIN is seen
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const r = await locateZ3950({ host: '127.0.0.1', port, database: 'Default' }, { use: 'isbn', term: '1' }, { timeoutMs: 300 });
      expect(r).toEqual({ kind: 'timeout', stage: 'init' });
      // Our side closed the connection: the server sees the end of its socket.
      await expect.poll(() => closed.length, { timeout: 2000 }).toBe(1);

      const session = await Z3950Client.connect({ host: '127.0.0.1', port, timeoutMs: 200 });
      const err = await session.init().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(Z3950Error);
      expect((err as Z3950Error).kind).toBe('timeout');
      expect(session.closed).toBe(true);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('a closed port → unreachable', async () => {
    const port = await freePort();
    const r = await locateZ3950({ host: '127.0.0.1', port, database: 'Default' }, { use: 'title', term: 'x' }, { timeoutMs: 2000 });
    expect(r.kind).toBe('unreachable');
    if (r.kind === 'unreachable') expect(r.error).toMatch(/ECONNREFUSED/);
  });

  it.each([
    ['unparseable bytes', Buffer.from('ffffffffffffffffffff', 'hex')],
    ['the wrong PDU', encode(ctx.seq(23, [ctx.int(23, 1)]))],
  ])('a target that answers init with %s → failed (protocol), socket destroyed', async (_name, reply) => {
    const sockets: net.Socket[] = [];
    const server = net.createServer((s) => {
      sockets.push(s);
      s.once('data', () => s.write(reply));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const r = await locateZ3950({ host: '127.0.0.1', port, database: 'Default' }, { use: 'title', term: 'x' }, { timeoutMs: 2000 });
      expect(r).toMatchObject({ kind: 'failed', stage: 'init', reason: 'protocol' });
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('a target that talks garbage and hangs up → failed (connection-closed), not a throw', async () => {
    const sockets: net.Socket[] = [];
    const garbage = net.createServer((s) => {
      sockets.push(s);
      s.end(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'));
    });
    await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
    const address = garbage.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const r = await locateZ3950({ host: '127.0.0.1', port, database: 'Default' }, { use: 'title', term: 'x' }, { timeoutMs: 2000 });
      expect(r).toMatchObject({ kind: 'failed', stage: 'init', reason: 'connection-closed' });
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => garbage.close(() => resolve()));
    }
  });
});
