import { describe, expect, it } from 'vitest';
import { sruRecordsSeen, z3950RecordsSeen } from '../../../../src/services/locate/targetRecords.js';

const MARCXML = `<record xmlns="http://www.loc.gov/MARC21/slim"><leader>00000nam a2200000 a 4500</leader><controlfield tag="001">rec-9</controlfield>
<datafield tag="245" ind1="1" ind2="0"><subfield code="a">Dune</subfield></datafield>
<datafield tag="952" ind1=" " ind2=" "><subfield code="a">MAIN</subfield><subfield code="p">B1</subfield><subfield code="q">2030-01-01</subfield></datafield>
<datafield tag="952" ind1=" " ind2=" "><subfield code="a">MAIN</subfield><subfield code="p">B2</subfield><subfield code="7">1</subfield></datafield>
<datafield tag="952" ind1=" " ind2=" "><subfield code="a">BRANCH</subfield><subfield code="c">STACKS</subfield><subfield code="p">B3</subfield></datafield></record>`;

describe('what a locate target sent back', () => {
  it('reads SRU MARCXML records: 001 as record id, 952 items with their availability', () => {
    expect(sruRecordsSeen([{ schema: 'marcxml', xml: MARCXML, position: 1 }])).toEqual({
      recordIds: ['rec-9'],
      availability: [
        { recordId: 'rec-9', library: 'MAIN', barcode: 'B1', status: 'on-loan' },
        { recordId: 'rec-9', library: 'MAIN', barcode: 'B2', status: 'unavailable' },
        { recordId: 'rec-9', library: 'BRANCH', location: 'STACKS', barcode: 'B3', status: 'available' },
      ],
    });
  });

  it('keeps a record that does not parse as its position, and skips surrogate diagnostics', () => {
    const seen = sruRecordsSeen([
      { schema: 'marcxml', xml: '<not-marc/>', position: 4 },
      { schema: 'marcxml', xml: '', position: 5, diagnostic: { uri: 'info:srw/diagnostic/1/65', message: 'Record deleted', details: '' } },
    ]);
    expect(seen).toEqual({ recordIds: ['#4'], availability: [] });
  });

  it('reads Z39.50 OPAC holdings: available now, on loan, or unknown', () => {
    const seen = z3950RecordsSeen([
      {
        kind: 'opac',
        syntax: '1.2.840.10003.5.102',
        holdings: [
          { nucCode: 'MAIN', shelvingLocation: 'STACKS', callNumber: 'QA1', circulation: [{ itemId: 'I1', availableNow: true }, { itemId: 'I2', availableNow: false }] },
          { nucCode: 'ANNEX', circulation: [] },
        ],
      },
      { kind: 'diagnostic', diagnostic: { code: 14, message: 'System error in presenting records' } },
    ]);
    expect(seen.recordIds).toEqual(['#1', '#2']);
    expect(seen.availability.map((a) => [a.library, a.barcode, a.status])).toEqual([
      ['MAIN', 'I1', 'available'],
      ['MAIN', 'I2', 'on-loan'],
      ['ANNEX', undefined, 'unknown'],
    ]);
  });
});
