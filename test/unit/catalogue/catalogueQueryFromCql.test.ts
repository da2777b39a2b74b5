import { describe, expect, it } from 'vitest';
import { extractMatchFields } from '../../../src/protocols/marc/index.js';
import { parseCql, type CqlNode } from '../../../src/protocols/sru/cqlParser.js';
import { catalogueQueryFromCql, CQL_INDEXES } from '../../../src/services/catalogue/catalogueQueryFromCql.js';
import { itemField, recordForPartners, storedMarc } from '../../../src/services/catalogue/recordForPartners.js';
import type { CatalogueItem, CatalogueRecord } from '../../../src/store/catalogueRepository.js';

const convert = (cql: string) => {
  const parsed = parseCql(cql);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostic));
  return catalogueQueryFromCql(parsed.query);
};

describe('catalogueQueryFromCql', () => {
  it.each(Object.entries(CQL_INDEXES))('%s → %s, case-insensitively', (name, index) => {
    expect(convert(`${name.toUpperCase()} = x`)).toEqual({ ok: true, query: { index, relation: 'all', term: 'x' } });
  });

  it.each([
    ['=', 'all'],
    ['adj', 'all'],
    ['all', 'all'],
    ['any', 'any'],
    ['==', 'exact'],
    ['exact', 'exact'],
  ])('relation %s → %s', (relation, want) => {
    expect(convert(`dc.title ${relation} "a b"`)).toMatchObject({ ok: true, query: { relation: want } });
  });

  it('a bare term searches every index', () => {
    expect(convert('moby')).toEqual({ ok: true, query: { index: 'any', relation: 'all', term: 'moby' } });
  });

  it('an unknown index anywhere in the query is diagnostic 16 naming it', () => {
    expect(convert('dc.title = a and (isbn = 1 or dc.subject = maps)')).toEqual({
      ok: false,
      diagnostic: { code: 16, message: 'Unsupported index', details: 'dc.subject' },
    });
  });

  it('keeps left-to-right grouping', () => {
    expect(convert('a and b or c')).toEqual({
      ok: true,
      query: {
        op: 'or',
        left: { op: 'and', left: { index: 'any', relation: 'all', term: 'a' }, right: { index: 'any', relation: 'all', term: 'b' } },
        right: { index: 'any', relation: 'all', term: 'c' },
      },
    });
  });

  it('converts a very long chain without recursing per clause', () => {
    let node: CqlNode = { kind: 'clause', index: 'isbn', relation: '=', term: '0' };
    for (let i = 1; i < 50_000; i++) node = { kind: 'boolean', op: 'or', left: node, right: { kind: 'clause', index: 'isbn', relation: '=', term: String(i) } };
    expect(catalogueQueryFromCql(node).ok).toBe(true);
  });
});

const item = (over: Partial<CatalogueItem>): CatalogueItem => ({
  itemId: 'i',
  barcode: 'B1',
  status: 'available',
  requestable: true,
  electronic: false,
  policy: null,
  libraryId: 'l',
  libraryCode: 'MAIN',
  location: 'Stacks',
  callNumber: 'QA 1',
  ...over,
});

describe('952 item fields for partners', () => {
  it.each([
    [{}, 'available'],
    [{ status: 'on_loan' as const }, 'on-loan'],
    [{ status: 'in_transit' as const }, 'on-loan'],
    [{ status: 'missing' as const }, 'unavailable'],
    [{ requestable: false }, 'unavailable'],
    [{ status: 'on_loan' as const, requestable: false }, 'unavailable'],
  ])('%j reads back as %s through extractMatchFields', (over, status) => {
    const record = { leader: '00000cam a2200000 a 4500', controlFields: [], dataFields: [itemField(item(over))] };
    expect(extractMatchFields(record).holdings).toEqual([{ source: '952', library: 'MAIN', location: 'Stacks', callNumber: 'QA 1', barcode: 'B1', status }]);
  });

  it('omits empty subfields and notes electronic items', () => {
    expect(itemField(item({ libraryCode: null, location: null, callNumber: '  ', electronic: true })).subfields).toEqual([
      { code: 'p', value: 'B1' },
      { code: 'z', value: 'electronic' },
    ]);
  });

  const record = (marc: string, items: CatalogueItem[] = []): CatalogueRecord => ({
    id: 'r',
    sourceId: 's',
    marcFormat: 'marcxml',
    marc,
    title: 't',
    author: null,
    isbns: [],
    issns: [],
    lccn: null,
    oclcNumbers: [],
    controlNumber: null,
    items,
  });

  it('replaces the stored 852/952 with current items and keeps everything else', () => {
    const marc =
      '<record xmlns="http://www.loc.gov/MARC21/slim"><leader>00000cam a2200000 a 4500</leader><controlfield tag="001">x</controlfield>' +
      '<datafield tag="245" ind1="0" ind2="0"><subfield code="a">T &amp; U</subfield></datafield>' +
      '<datafield tag="852" ind1=" " ind2=" "><subfield code="a">OLD</subfield></datafield>' +
      '<datafield tag="952" ind1=" " ind2=" "><subfield code="p">OLD-1</subfield></datafield></record>';
    const xml = recordForPartners(record(marc, [item({}), item({ barcode: 'B2', status: 'missing' })]))!;
    const fields = extractMatchFields(storedMarc({ marcFormat: 'marcxml', marc: xml })!);
    expect(fields.title).toBe('T & U');
    expect(fields.holdings.map((h) => [h.barcode, h.status])).toEqual([
      ['B1', 'available'],
      ['B2', 'unavailable'],
    ]);
  });

  it('gives undefined for a stored record that no longer parses', () => {
    expect(recordForPartners(record('<not-marc/>'))).toBeUndefined();
    expect(storedMarc({ marcFormat: 'iso2709', marc: 'garbage' })).toBeUndefined();
  });
});
