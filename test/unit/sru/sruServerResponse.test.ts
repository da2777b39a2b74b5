import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { childElements, firstChild, localName, parseXmlDocument, textOf } from '../../../src/protocols/marc/safeXml.js';
import { parseSearchRetrieveResponse, type SruVersion } from '../../../src/protocols/sru/client.js';
import { parseSruParams } from '../../../src/protocols/sru/serverRequest.js';
import { buildDiagnosticResponse, buildExplainResponse, buildSearchRetrieveResponse } from '../../../src/protocols/sru/serverResponse.js';
import { hasXmllint, requireXmllint, XMLLINT } from '../../support/xmllint.js';

const VERSIONS: SruVersion[] = ['1.1', '1.2', '2.0'];
const RECORD = '<record xmlns="http://www.loc.gov/MARC21/slim"><leader>00000cam a2200000 a 4500</leader><controlfield tag="001">a&amp;b &lt;1&gt;</controlfield></record>';
const lint = hasXmllint() || requireXmllint('SRU response well-formedness');

function wellFormed(xml: string): string {
  if (!lint) return '';
  const run = spawnSync(XMLLINT, ['--noout', '-'], { input: xml, encoding: 'utf8' });
  return run.status === 0 ? '' : run.stderr;
}

describe.each(VERSIONS)('SRU %s server responses', (version) => {
  const ns = version === '2.0' ? 'http://docs.oasis-open.org/ns/search-ws/sruResponse' : 'http://www.loc.gov/zing/srw/';

  it('searchRetrieveResponse with records reads back through our client', () => {
    for (const packing of ['xml', 'string'] as const) {
      const xml = buildSearchRetrieveResponse({
        version,
        count: 7,
        packing,
        nextRecordPosition: 3,
        records: [
          { xml: RECORD, schemaId: 'info:srw/schema/1/marcxml-v1.1', position: 1 },
          { xml: RECORD, schemaId: 'info:srw/schema/1/marcxml-v1.1', position: 2 },
        ],
      });
      expect(wellFormed(xml)).toBe('');
      const root = parseXmlDocument(xml);
      expect(root.attrs['xmlns:zs']).toBe(ns);
      expect(childElements(root).map((e) => localName(e.name))).toEqual(['version', 'numberOfRecords', 'records', 'nextRecordPosition']);
      const record = childElements(firstChild(root, 'records')!, 'record')[0]!;
      const packingName = version === '2.0' ? 'recordXMLEscaping' : 'recordPacking';
      expect(childElements(record).map((e) => localName(e.name))).toEqual(['recordSchema', packingName, 'recordData', 'recordPosition']);
      const parsed = parseSearchRetrieveResponse(xml);
      expect(parsed).toMatchObject({ kind: 'hits', count: 7, nextRecordPosition: 3 });
      if (parsed.kind !== 'hits') return;
      expect(parsed.records.map((r) => r.position)).toEqual([1, 2]);
      expect(parsed.records[0]!.xml).toContain('a&amp;b &lt;1&gt;');
    }
  });

  it('zero hits has no records element', () => {
    const xml = buildSearchRetrieveResponse({ version, count: 0, packing: 'xml', records: [] });
    expect(wellFormed(xml)).toBe('');
    expect(parseSearchRetrieveResponse(xml)).toEqual({ kind: 'hits', count: 0, records: [] });
  });

  it('a diagnostic escapes hostile details and reads back as a fatal diagnostic', () => {
    const xml = buildDiagnosticResponse(version, 'searchRetrieve', { code: 16, message: 'Unsupported index', details: '<x>&"]]>' });
    expect(wellFormed(xml)).toBe('');
    expect(parseSearchRetrieveResponse(xml)).toEqual({ kind: 'diagnostic', uri: 'info:srw/diagnostic/1/16', message: 'Unsupported index', details: '<x>&"]]>' });
    const explain = parseXmlDocument(buildDiagnosticResponse(version, 'explain', { code: 1, message: 'General system error' }));
    expect(localName(explain.name)).toBe('explainResponse');
    expect(textOf(firstChild(firstChild(firstChild(explain, 'diagnostics')!, 'diagnostic')!, 'uri'))).toBe('info:srw/diagnostic/1/1');
  });

  it('explainResponse carries a ZeeRex record', () => {
    const xml = buildExplainResponse({
      version,
      host: 'example.org',
      port: 8080,
      database: 'sru/A&B',
      title: 'A & B <catalogue>',
      description: 'd',
      contextSets: [{ name: 'dc', identifier: 'info:srw/cql-context-set/1/dc-v1.1' }],
      indexes: [{ title: 'Title', name: 'dc.title' }],
      schemas: [{ name: 'marcxml', identifier: 'info:srw/schema/1/marcxml-v1.1', title: 'MARCXML' }],
      defaultRecords: 10,
      maximumRecords: 100,
    });
    expect(wellFormed(xml)).toBe('');
    const root = parseXmlDocument(xml);
    expect(localName(root.name)).toBe('explainResponse');
    const explain = childElements(firstChild(firstChild(root, 'record')!, 'recordData')!)[0]!;
    expect(textOf(firstChild(firstChild(explain, 'databaseInfo')!, 'title'))).toBe('A & B <catalogue>');
    expect(firstChild(firstChild(firstChild(firstChild(explain, 'indexInfo')!, 'index')!, 'map')!, 'name')!.attrs.set).toBe('dc');
  });
});

describe('parseSruParams', () => {
  it('defaults: explain without query, searchRetrieve with one, version 1.2, 10 records, xml packing', () => {
    expect(parseSruParams({})).toEqual({ ok: true, request: { operation: 'explain', version: '1.2' } });
    expect(parseSruParams({ query: 'x' })).toMatchObject({
      ok: true,
      request: { operation: 'searchRetrieve', version: '1.2', startRecord: 1, maximumRecords: 10, packing: 'xml' },
    });
  });

  it('caps maximumRecords at 100, allows 0, reads 2.0 recordXMLEscaping, accepts schema aliases, keeps the first of a repeated parameter', () => {
    expect(parseSruParams({ query: 'x', maximumRecords: '500' })).toMatchObject({ request: { maximumRecords: 100 } });
    expect(parseSruParams({ query: 'x', maximumRecords: '0' })).toMatchObject({ request: { maximumRecords: 0 } });
    expect(parseSruParams({ query: 'x', version: '2.0', recordXMLEscaping: 'string', recordPacking: 'packed' })).toMatchObject({ request: { packing: 'string' } });
    for (const recordSchema of ['marcxml', 'MARC21-xml', 'info:srw/schema/1/marcxml-v1.1']) {
      expect(parseSruParams({ query: 'x', recordSchema })).toMatchObject({ ok: true, request: { recordSchemaId: 'info:srw/schema/1/marcxml-v1.1' } });
    }
    expect(parseSruParams({ query: 'x', recordSchema: 'DC' })).toMatchObject({ ok: true, request: { recordSchemaId: 'info:srw/schema/1/dc-v1.1' } });
    expect(parseSruParams({ query: ['a', 'b'] })).toMatchObject({ request: { query: 'a' } });
  });

  it.each([
    [{ version: '9' }, 5, 'explain'],
    [{ operation: 'scan' }, 4, 'searchRetrieve'],
    [{ operation: 'searchRetrieve' }, 7, 'searchRetrieve'],
    [{ query: 'x', startRecord: 'one' }, 6, 'searchRetrieve'],
    [{ query: 'x', startRecord: '0' }, 6, 'searchRetrieve'],
    [{ query: 'x', maximumRecords: '-1' }, 6, 'searchRetrieve'],
    [{ query: 'x', maximumRecords: '1e3' }, 6, 'searchRetrieve'],
    [{ query: 'x', recordSchema: 'mods' }, 66, 'searchRetrieve'],
    [{ query: 'x', recordPacking: 'json' }, 71, 'searchRetrieve'],
  ])('%j → diagnostic %i', (params, code, operation) => {
    expect(parseSruParams(params)).toMatchObject({ ok: false, operation, diagnostic: { code } });
  });
});
