import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  extractMatchFields,
  normaliseIsbn,
  normaliseIssn,
  normaliseLccn,
  normaliseOclc,
  parseIso2709Record,
  readIso2709,
  readMarcXml,
  type MarcReadResult,
  type MarcRecord,
} from '../../../src/protocols/marc/index.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const bytes = (name: string) => new Uint8Array(readFileSync(join(fixtures, name)));
const text = (name: string) => readFileSync(join(fixtures, name), 'utf8');

function ok(results: MarcReadResult[]): MarcRecord[] {
  return results.map((r) => {
    if (!r.ok) throw new Error(`unexpected parse failure: ${r.error.code} ${r.error.message}`);
    return r.record;
  });
}

describe('MARC readers on records from yaz-ztest (MARCXML via SRU, ISO 2709 via yaz-marcdump)', () => {
  const fromXml = ok(readMarcXml(text('yaz-ztest.marcxml')));
  const fromIso = ok(readIso2709(bytes('yaz-ztest.mrc')));

  it('reads all 15 records in both encodings, identically (ignoring leader lengths)', () => {
    expect(fromXml).toHaveLength(15);
    expect(fromIso).toHaveLength(15);
    const strip = (r: MarcRecord) => ({ ...r, leader: r.leader.slice(5, 12) + r.leader.slice(17) });
    expect(fromIso.map(strip)).toEqual(fromXml.map(strip));
  });

  it('extracts match fields', () => {
    const all = fromIso.map(extractMatchFields);
    expect(all[0]).toMatchObject({ controlNumber: '11224466', controlNumberIdentifier: 'DLC', lccn: '11224466', title: 'How to program a computer', author: 'Jack Collins', isbns: [], holdings: [] });
    const puget = all.find((m) => m.controlNumber?.startsWith('76357895'));
    expect(puget).toMatchObject({ title: 'The Puget Sound Region : a portfolio of thematic computer maps', author: 'Mairs, John W.', lccn: '76357895' });
    expect(all.find((m) => m.controlNumber === '80082329')?.isbns).toEqual(['0879832355']);
    const internet = all.find((m) => m.controlNumber === 'ACD-3837');
    expect(internet).toMatchObject({ issns: ['1064-3923'], oclcNumbers: ['26273275'], lccn: '92646062', title: 'Internet world' });
    expect(all.find((m) => m.controlNumber === 'ACD-3799')).toMatchObject({ issns: ['1187-7081'], lccn: 'cn92031641' });
    // 110 / 111 authors
    expect(all.find((m) => m.controlNumber?.startsWith('77637075'))?.author).toBe('Washington (State).');
    expect(all.find((m) => m.controlNumber?.startsWith('73090924'))?.author).toMatch(/^Workshop on Computer Processing/);
  });
});

describe('holdings and UTF-8 (hand-written MARCXML, ISO 2709 made by yaz-marcdump)', () => {
  it('reads both encodings to the same match fields', () => {
    const [x] = ok(readMarcXml(text('holdings.marcxml')));
    const [i] = ok(readIso2709(bytes('holdings.mrc')));
    const m = extractMatchFields(x!);
    expect(extractMatchFields(i!)).toEqual(m);
    expect(m).toMatchObject({
      controlNumber: 'koha-4711',
      title: 'Straßen & Brücken : eine Geschichte',
      author: 'Müller, Jürgen',
      isbns: ['9783161484100', '316148410X'],
      lccn: '2001000627',
      oclcNumbers: ['12345'],
    });
    expect(m.holdings).toEqual([
      { source: '852', library: 'Central Library', location: 'Stacks', callNumber: 'TA 1 .M8', status: 'unknown' },
      { source: '952', library: 'CPL', location: 'GEN', callNumber: 'TA1 .M8', barcode: '3900001', status: 'available' },
      { source: '952', library: 'MPL', callNumber: 'TA1 .M8 c.2', barcode: '3900002', status: 'on-loan' },
      { source: '952', library: 'FPL', barcode: '3900003', status: 'unavailable' },
    ]);
  });
});

describe('normalisers', () => {
  it.each([
    ['0-8391-0882-6 (pbk.)', '0839108826'],
    ['978 3 16 148410 0', '9783161484100'],
    ['080442957x', '080442957X'],
    ['12345', undefined],
    ['', undefined],
  ])('ISBN %j → %j', (raw, want) => expect(normaliseIsbn(raw)).toBe(want));
  it.each([
    ['10643923', '1064-3923'],
    ['0025-953x', '0025-953X'],
    ['abc', undefined],
  ])('ISSN %j → %j', (raw, want) => expect(normaliseIssn(raw)).toBe(want));
  it.each([
    ['   11224466 ', '11224466'],
    [' 73090924 //r82', '73090924'],
    ['cn 92031641 ', 'cn92031641'],
    ['2001-1114', '2001001114'],
    ['n78-890351', 'n78890351'],
    ['garbage', undefined],
  ])('LCCN %j → %j', (raw, want) => expect(normaliseLccn(raw)).toBe(want));
  it.each([
    ['(OCoLC)26273275', '26273275'],
    ['(OCoLC)ocm00012345', '12345'],
    ['(OCoLC) on1234567890', '1234567890'],
    ['(DLC)12345', undefined],
  ])('OCLC %j → %j', (raw, want) => expect(normaliseOclc(raw)).toBe(want));
});

describe('malformed input gives typed errors, never throws', () => {
  const good = bytes('yaz-ztest.mrc');
  const firstEnd = good.indexOf(0x1d) + 1;
  const first = good.slice(0, firstEnd);
  const enc = (s: string) => new TextEncoder().encode(s);

  it.each<[string, Uint8Array, string]>([
    ['empty', new Uint8Array(), 'empty'],
    ['short', enc('00012'), 'bad-leader'],
    ['non-numeric leader', enc('abcdenam a22xxxxx  4500' + 'x'.repeat(20)), 'bad-leader'],
    ['truncated', first.slice(0, 100), 'bad-length'],
    ['base address beyond the end', (() => { const b = first.slice(); b.set(enc('99999'), 12); return b; })(), 'bad-leader'],
    ['directory entry overflowing', (() => { const b = first.slice(); b.set(enc('9999'), 24 + 3); return b; })(), 'bad-field'],
    ['directory garbage', (() => { const b = first.slice(); b.set(enc('#?!'), 24); return b; })(), 'bad-directory'],
  ])('ISO 2709: %s', (_name, input, code) => {
    const r = parseIso2709Record(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(code);
  });

  it('a bad record among good ones only fails that record', () => {
    const second = good.slice(firstEnd, good.indexOf(0x1d, firstEnd) + 1);
    const broken = first.slice();
    broken.set(enc('xx'), 0);
    const results = readIso2709(new Uint8Array([...broken, ...second]));
    expect(results.map((r) => r.ok)).toEqual([false, true]);
  });

  it('random bytes never throw', () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let n = 0; n < 300; n++) {
      const b = first.slice();
      for (let k = 0; k < 5; k++) b[rnd() % b.length] = rnd() & 0xff;
      expect(() => readIso2709(b)).not.toThrow();
      expect(() => readIso2709(b.slice(0, rnd() % b.length))).not.toThrow();
    }
  });

  it.each<[string, string, string]>([
    ['empty', '', 'empty'],
    ['not XML', 'hello <world', 'not-xml'],
    ['unclosed', '<record><leader>', 'not-xml'],
    ['wrong root', '<html><body/></html>', 'not-marcxml'],
    ['bad leader', '<record><leader>short</leader></record>', 'bad-leader'],
    ['bad tag', '<record><leader>00000nam a2200000 a 4500</leader><datafield tag="&lt;x"/></record>', 'bad-field'],
    ['entity bomb', '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><record><leader>&b;</leader></record>', 'xml-refused'],
    ['external entity', '<!DOCTYPE r SYSTEM "file:///etc/passwd"><record/>', 'xml-refused'],
  ])('MARCXML: %s', (_name, input, code) => {
    const [r] = readMarcXml(input);
    expect(r?.ok).toBe(false);
    if (r && !r.ok) expect(r.error.code).toBe(code);
  });

  it('MARCXML with a marc: prefix and a single record', () => {
    const xml = '<marc:record xmlns:marc="http://www.loc.gov/MARC21/slim"><marc:leader>00000nam a2200000 a 4500</marc:leader><marc:controlfield tag="001">x1</marc:controlfield><marc:datafield tag="245" ind1="0" ind2="0"><marc:subfield code="a">A &lt;b&gt; &#233;t&#xE9;</marc:subfield></marc:datafield></marc:record>';
    const [r] = ok(readMarcXml(xml));
    expect(extractMatchFields(r!)).toMatchObject({ controlNumber: 'x1', title: 'A <b> été' });
  });
});
