import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractMatchFields, readMarcXml, type MarcRecord } from '../../../src/protocols/marc/index.js';
import { cqlFor, searchRetrieve, type SruResult, type SruVersion } from '../../../src/protocols/sru/index.js';
import { availableBackends, type TestDatabase } from '../../support/databases.js';
import { startSeededSruServer, type SeededSruServer } from './seedCatalogue.js';

const backends = await availableBackends();
const VERSIONS: SruVersion[] = ['1.1', '1.2', '2.0'];

function marcOf(xml: string): MarcRecord {
  const [parsed] = readMarcXml(xml);
  if (!parsed?.ok) throw new Error(`record does not parse: ${xml.slice(0, 200)}`);
  return parsed.record;
}

function hits(result: SruResult): Extract<SruResult, { kind: 'hits' }> {
  if (result.kind !== 'hits') throw new Error(`expected hits, got ${JSON.stringify(result)}`);
  return result;
}

describe.each(backends)('our /sru endpoint on %s', (backend) => {
  let server: SeededSruServer;
  let database: TestDatabase;
  let base: string;

  beforeAll(async () => {
    server = await startSeededSruServer(backend);
    ({ database, base } = server);
  });

  afterAll(() => server.stop());

  const search = (query: string, version: SruVersion = '1.2', extra: { startRecord?: number; maximumRecords?: number } = {}, code = 'HCPL') =>
    searchRetrieve({ baseUrl: `${base}/sru/${code}`, version, query, recordSchema: 'marcxml', timeoutMs: 5000, ...extra });

  const controlNumbers = (result: SruResult) => hits(result).records.map((r) => extractMatchFields(marcOf(r.xml)).controlNumber);

  describe.each(VERSIONS)('our SRU client, version %s', (version) => {
    it.each([
      ['ISBN-10 of a record catalogued with ISBN-10', { isbn: '0306406152' }, 'hc-0001'],
      ['ISBN-13 of a record catalogued with ISBN-10', { isbn: '978-0-306-40615-7' }, 'hc-0001'],
      ['ISBN-10 of a record catalogued with ISBN-13', { isbn: '0262033844' }, 'hc-0002'],
      ['ISSN', { issn: '00280836' }, 'hc-0003'],
      ['LCCN (hyphenated form)', { lccn: '2001-12345' }, 'hc-0004'],
      ['LCCN (normalised)', { lccn: '85000002' }, 'hc-0001'],
      ['OCLC number with prefix', { oclcNumber: '(OCoLC)987654' }, 'hc-0005'],
      ['OCLC number bare', { oclcNumber: '12345' }, 'hc-0001'],
      ['control number', { controlNumber: 'hc-0002' }, 'hc-0002'],
      ['title words in any order', { title: 'programming art computer' }, 'hc-0001'],
      ['author', { author: 'Erikson' }, 'hc-0004'],
      ['title and author', { title: 'Moby Dick', author: 'Melville' }, 'hc-0005'],
    ] as const)('finds by %s', async (_what, fields, expected) => {
      const result = await search(cqlFor(fields)!, version);
      expect(hits(result).count).toBe(1);
      expect(controlNumbers(result)).toEqual([expected]);
      expect(hits(result).records[0]!.schema).toBe('info:srw/schema/1/marcxml-v1.1');
    });

    it('answers zero hits with numberOfRecords 0', async () => {
      const result = await search(cqlFor({ isbn: '9781234567897' })!, version);
      expect(result).toEqual({ kind: 'hits', count: 0, records: [] });
    });

    it('pages through results with startRecord, maximumRecords and nextRecordPosition', async () => {
      const first = hits(await search('dc.creator all "Pager"', version, { maximumRecords: 2 }));
      expect(first.count).toBe(5);
      expect(first.records.map((r) => r.position)).toEqual([1, 2]);
      expect(first.nextRecordPosition).toBe(3);
      const last = hits(await search('dc.creator all "Pager"', version, { maximumRecords: 2, startRecord: 5 }));
      expect(last.records.map((r) => r.position)).toEqual([5]);
      expect(last.nextRecordPosition).toBeUndefined();
      expect(controlNumbers(last)).toEqual(['hc-0105']);
    });

    it('reports diagnostics: syntax, unknown index, relation, schema, position out of range', async () => {
      expect(await search('dc.title = "unterminated', version)).toMatchObject({ kind: 'diagnostic', uri: 'info:srw/diagnostic/1/10' });
      expect(await search('dc.subject = maps', version)).toMatchObject({ kind: 'diagnostic', uri: 'info:srw/diagnostic/1/16', details: 'dc.subject' });
      expect(await search('dc.title within "a b"', version)).toMatchObject({ kind: 'diagnostic', uri: 'info:srw/diagnostic/1/19' });
      expect(await search('dc.creator = Pager', version, { startRecord: 6 })).toMatchObject({ kind: 'diagnostic', uri: 'info:srw/diagnostic/1/61' });
      const badSchema = await searchRetrieve({ baseUrl: `${base}/sru/HCPL`, version, query: 'moby', recordSchema: 'mods' });
      expect(badSchema).toMatchObject({ kind: 'diagnostic', uri: 'info:srw/diagnostic/1/66' });
    });
  });

  it('shows current availability in 952 fields that our own locate reads', async () => {
    const byIsbn = async (fields: Parameters<typeof cqlFor>[0]) => extractMatchFields(marcOf(hits(await search(cqlFor(fields)!)).records[0]!.xml)).holdings;
    expect(await byIsbn({ isbn: '0306406152' })).toEqual([
      { source: '952', library: 'CENTRAL', location: 'Stacks', callNumber: 'QA76.6 .K64', barcode: 'HC-1', status: 'available' },
    ]);
    expect(await byIsbn({ isbn: '9780262033848' })).toMatchObject([{ barcode: 'HC-2', status: 'on-loan' }]);
    expect(await byIsbn({ lccn: '2001012345' })).toMatchObject([{ barcode: 'HC-4', status: 'unavailable' }]);
    expect(await byIsbn({ oclcNumber: '987654' })).toMatchObject([
      { barcode: 'HC-5A', status: 'unavailable' },
      { barcode: 'HC-5B', status: 'available' },
    ]);
    expect(await byIsbn({ title: 'digital libraries' })).toMatchObject([{ barcode: 'HC-7', status: 'available', note: 'electronic' }]);
  });

  it('reflects an item status change at once (records are not served from the import)', async () => {
    await database.db.updateTable('item').set({ status: 'on_loan' }).where('barcode', '=', 'HC-3').execute();
    const record = marcOf(hits(await search(cqlFor({ issn: '0028-0836' })!)).records[0]!.xml);
    expect(extractMatchFields(record).holdings).toMatchObject([{ barcode: 'HC-3', status: 'on-loan' }]);
    await database.db.updateTable('item').set({ status: 'available' }).where('barcode', '=', 'HC-3').execute();
  });

  it('keeps the rest of the record whole', async () => {
    const record = marcOf(hits(await search(cqlFor({ isbn: '0306406152' })!)).records[0]!.xml);
    expect(record.leader).toBe('00000cam a2200000 a 4500');
    expect(record.dataFields.map((f) => f.tag)).toEqual(['010', '020', '035', '100', '245', '952']);
    expect(record.dataFields.find((f) => f.tag === '245')!.subfields).toEqual([
      { code: 'a', value: 'The art of computer programming /' },
      { code: 'c', value: 'Donald E. Knuth.' },
    ]);
  });

  it('serves records imported from ISO 2709 as MARCXML', async () => {
    const result = hits(await search('bath.lccn = "11224466" and dc.creator all "Jack Collins" and dc.title all "program computer"', '1.2', {}, 'ISO'));
    expect(result.count).toBe(1);
    const record = marcOf(result.records[0]!.xml);
    expect(record.leader.slice(5, 8)).toBe('nam');
    expect(extractMatchFields(record)).toMatchObject({ title: 'How to program a computer', author: 'Jack Collins', lccn: '11224466' });
  });

  it('finds the institution case-insensitively and never returns another institution’s records', async () => {
    const lower = hits(await search(cqlFor({ isbn: '9780306406157' })!, '1.2', {}, 'hcpl'));
    expect(controlNumbers(lower)).toEqual(['hc-0001']);
    const lakeside = hits(await search(cqlFor({ isbn: '9780306406157' })!, '1.2', {}, 'LKC'));
    expect(controlNumbers(lakeside)).toEqual(['lk-0001']);
    expect(hits(await search('dc.title all "Lakeside"')).count).toBe(0);
  });

  it('answers a stored record that no longer parses with a surrogate diagnostic in its place', async () => {
    await database.db.updateTable('bibliographic_record').set({ marc: '<broken' }).where('source_id', '=', 'hc-0007').execute();
    const result = hits(await search('rec.id = "hc-0007"'));
    expect(result.count).toBe(1);
    expect(result.records[0]).toMatchObject({ position: 1, diagnostic: { uri: 'info:srw/diagnostic/1/64' } });
  });

  it('never returns a suppressed record', async () => {
    expect(hits(await search('dc.title all "secret temporary"')).count).toBe(0);
    expect(hits(await search('rec.id = "hc-0008"')).count).toBe(0);
  });
});
