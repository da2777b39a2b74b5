import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childElements, firstChild, localName, parseXmlDocument, textOf, type XmlElement } from '../../../src/protocols/marc/safeXml.js';
import { parseSearchRetrieveResponse } from '../../../src/protocols/sru/index.js';
import { availableBackends } from '../../support/databases.js';
import { startSeededSruServer, type SeededSruServer } from './seedCatalogue.js';

const backends = await availableBackends();

interface Answer {
  status: number;
  contentType: string | null;
  body: string;
  root: XmlElement;
  diagnostic?: string;
}

function find(el: XmlElement, local: string): XmlElement | undefined {
  for (const child of childElements(el)) {
    if (localName(child.name) === local) return child;
    const deeper = find(child, local);
    if (deeper) return deeper;
  }
  return undefined;
}

describe.each(backends)('/sru over HTTP, hostile and unusual requests, on %s', (backend) => {
  let server: SeededSruServer;
  let base: string;

  beforeAll(async () => {
    server = await startSeededSruServer(backend);
    base = server.base;
  });

  afterAll(() => server.stop());

  async function answer(response: Response): Promise<Answer> {
    const body = await response.text();
    const root = parseXmlDocument(body);
    const uri = find(root, 'diagnostic');
    const out: Answer = { status: response.status, contentType: response.headers.get('content-type'), body, root };
    if (uri) out.diagnostic = textOf(firstChild(uri, 'uri')).replace('info:srw/diagnostic/1/', '');
    return out;
  }

  const get = async (path: string) => answer(await fetch(`${base}${path}`));
  const q = (query: string, extra = '') => `/sru/HCPL?operation=searchRetrieve&version=1.2&query=${encodeURIComponent(query)}${extra}`;

  it('answers explain with a ZeeRex record naming indexes and the marcxml schema', async () => {
    for (const path of ['/sru/HCPL', '/sru/HCPL?operation=explain&version=1.1', '/sru/hcpl?operation=explain&version=2.0']) {
      const a = await get(path);
      expect(a.status).toBe(200);
      expect(a.contentType).toBe('text/xml; charset=utf-8');
      expect(localName(a.root.name)).toBe('explainResponse');
      const explain = find(a.root, 'explain')!;
      expect(explain.attrs.xmlns).toBe('http://explain.z3950.org/dtd/2.0/');
      expect(textOf(find(explain, 'database'))).toBe('sru/HCPL');
      const names = childElements(find(explain, 'indexInfo')!, 'index').map((i) => textOf(find(i, 'name')));
      expect(names).toEqual(expect.arrayContaining(['title', 'creator', 'isbn', 'issn', 'lccn', 'standardIdentifier', 'id']));
      expect(find(explain, 'schema')!.attrs.name).toBe('marcxml');
    }
  });

  it('uses the SRU 2.0 namespace and recordXMLEscaping for version 2.0', async () => {
    const a = await get('/sru/HCPL?query=rec.id%3Dhc-0001&version=2.0');
    expect(a.root.attrs['xmlns:zs']).toBe('http://docs.oasis-open.org/ns/search-ws/sruResponse');
    expect(textOf(find(a.root, 'recordXMLEscaping'))).toBe('xml');
    const one = await get(q('rec.id=hc-0001'));
    expect(one.root.attrs['xmlns:zs']).toBe('http://www.loc.gov/zing/srw/');
    expect(textOf(find(one.root, 'recordPacking'))).toBe('xml');
  });

  it('packs records as strings on request', async () => {
    const a = await get(q('rec.id=hc-0001', '&recordPacking=string'));
    const parsed = parseSearchRetrieveResponse(a.body);
    expect(parsed).toMatchObject({ kind: 'hits', count: 1 });
    expect(parsed.kind === 'hits' && parsed.records[0]!.xml).toContain('<controlfield tag="001">hc-0001</controlfield>');
    expect(textOf(find(a.root, 'recordData'))).toContain('<record xmlns="http://www.loc.gov/MARC21/slim">');
  });

  it('serves Dublin Core on request', async () => {
    const a = await get(q('rec.id=hc-0001', '&recordSchema=dc'));
    expect(textOf(find(a.root, 'recordSchema'))).toBe('info:srw/schema/1/dc-v1.1');
    const dc = find(a.root, 'dc')!;
    expect(dc.attrs['xmlns:srw_dc']).toBe('info:srw/schema/1/dc-schema');
    expect(childElements(dc).map((e) => [e.name, textOf(e)])).toEqual([
      ['dc:title', 'The art of computer programming'],
      ['dc:creator', 'Knuth, Donald E.'],
      ['dc:identifier', 'URN:ISBN:0306406152'],
      ['dc:identifier', 'info:lccn/85000002'],
      ['dc:identifier', 'info:oclcnum/12345'],
    ]);
  });

  it('accepts a POSTed form', async () => {
    const response = await fetch(`${base}/sru/HCPL`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ operation: 'searchRetrieve', version: '1.2', query: 'bath.isbn = "0306406152"' }).toString(),
    });
    expect(parseSearchRetrieveResponse(await response.text())).toMatchObject({ kind: 'hits', count: 1 });
  });

  it('refuses a POST that is not a form (SRU over SOAP) with 415 and a diagnostic', async () => {
    const response = await fetch(`${base}/sru/HCPL`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: '<soap:Envelope/>' });
    const a = await answer(response);
    expect(a.status).toBe(415);
    expect(a.diagnostic).toBe('4');
  });

  it('explains that a PQF query is not CQL', async () => {
    const a = await get(q('@attr 1=7 0306406152'));
    expect(a.diagnostic).toBe('10');
    expect(textOf(find(a.root, 'details'))).toContain('PQF');
  });

  it.each([
    ['no query', '/sru/HCPL?operation=searchRetrieve&version=1.2', '7'],
    ['an unsupported version', '/sru/HCPL?operation=searchRetrieve&version=3.0&query=x', '5'],
    ['scan', '/sru/HCPL?operation=scan&version=1.2&scanClause=dc.title', '4'],
    ['a made-up operation', '/sru/HCPL?operation=drop&version=1.2', '4'],
    ['a negative startRecord', '/sru/HCPL?operation=searchRetrieve&version=1.2&query=x&startRecord=-1', '6'],
    ['startRecord 0', '/sru/HCPL?operation=searchRetrieve&version=1.2&query=x&startRecord=0', '6'],
    ['a huge maximumRecords', '/sru/HCPL?operation=searchRetrieve&version=1.2&query=x&maximumRecords=99999999999', '6'],
    ['an unknown schema', '/sru/HCPL?operation=searchRetrieve&version=1.2&query=x&recordSchema=mods', '66'],
    ['an unknown packing', '/sru/HCPL?operation=searchRetrieve&version=1.2&query=x&recordPacking=json', '71'],
    ['an empty query', '/sru/HCPL?operation=searchRetrieve&version=1.2&query=', '7'],
    ['a query of blanks', q('   '), '7'],
    ['a relation modifier', q('dc.title =/stem moby'), '20'],
    ['a sort clause', q('moby sortby dc.title'), '80'],
    ['prox', q('moby prox dick'), '37'],
    ['a prefix assignment', q('> dc = "info:x" dc.title = moby'), '10'],
    ['3000 opening parentheses', q('('.repeat(3000)), '10'],
    ['deep but short nesting', q(`${'('.repeat(40)}moby${')'.repeat(40)}`), '10'],
    ['a hundred clauses', q(Array.from({ length: 100 }, (_, i) => `t${i}`).join(' or ')), '38'],
    ['NUL and control characters', q('dc.title = "\u0000\u0001"\u0007'), undefined],
  ])('answers %s with an SRU diagnostic, never 5xx', async (_what, path, code) => {
    const a = await get(path);
    expect(a.status).toBe(200);
    if (code === undefined) {
      expect(a.status).toBeLessThan(500);
      return;
    }
    expect(a.diagnostic).toBe(code);
  });

  it.each([
    ['a 100 KB term', `dc.title = "${'x'.repeat(100_000)}"`],
    ['100 000 opening parentheses', '('.repeat(100_000)],
  ])('answers %s in a POST body with diagnostic 10', async (_what, query) => {
    const response = await fetch(`${base}/sru/HCPL`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ operation: 'searchRetrieve', query }).toString(),
    });
    const a = await answer(response);
    expect(a.status).toBe(200);
    expect(a.diagnostic).toBe('10');
  });

  it('answers a GET whose URL is too long for HTTP with a 4xx, not a crash', async () => {
    const response = await fetch(`${base}${q('('.repeat(100_000))}`);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });

  it('refuses a body larger than the limit with a 413 SRU diagnostic', async () => {
    const response = await fetch(`${base}/sru/HCPL`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query='.padEnd(2_000_000, 'x') });
    const a = await answer(response);
    expect(a.status).toBe(413);
    expect(a.diagnostic).toBe('6');
  });

  it('survives invalid percent-encoding and invalid UTF-8 in the query string', async () => {
    for (const raw of ['%FF%FE%FD', '%C3%28', '%', '%zz', '%ED%A0%80']) {
      const a = await get(`/sru/HCPL?operation=searchRetrieve&version=1.2&query=dc.title%3D${raw}`);
      expect(a.status).toBeLessThan(500);
      expect(['searchRetrieveResponse']).toContain(localName(a.root.name));
    }
  });

  it('answers an unknown institution with HTTP 404 and diagnostic 235', async () => {
    const a = await get('/sru/NOPE?operation=searchRetrieve&version=1.2&query=moby');
    expect(a.status).toBe(404);
    expect(a.diagnostic).toBe('235');
    const hostile = await get(`/sru/${encodeURIComponent('<x>&"\'')}?query=moby`);
    expect(hostile.status).toBe(404);
    expect(textOf(find(hostile.root, 'details'))).toContain('<x>&');
  });

  it('answers /sru without a catalogue with the list of catalogues', async () => {
    const slash = await fetch(`${base}/sru/`);
    expect(slash.status).toBeLessThan(500);
    const a = await get('/sru');
    expect(a.diagnostic).toBe('235');
    expect(textOf(find(a.root, 'details'))).toBe('choose a catalogue: /sru/HCPL /sru/ISO /sru/LKC');
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${base}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/sru/{institutionCode}']));
  });
});
