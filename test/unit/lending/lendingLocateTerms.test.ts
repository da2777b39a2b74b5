import { describe, expect, it } from 'vitest';
import type { BibliographicInfo } from '../../../src/protocols/iso18626/index.js';
import { locateSearches } from '../../../src/services/lending/locateTerms.js';

const info: BibliographicInfo = {
  title: '  A Wizard of Earthsea ',
  supplierUniqueRecordId: 'rec-42',
  bibliographicItemId: [
    { bibliographicItemIdentifier: '9780547773742', bibliographicItemIdentifierCode: { value: 'ISBN' } },
    { bibliographicItemIdentifier: '0-547-77374-0', bibliographicItemIdentifierCode: { value: 'isbn' } },
    { bibliographicItemIdentifier: '1234-5679', bibliographicItemIdentifierCode: { value: 'ISSN' } },
    { bibliographicItemIdentifier: '10.1000/x', bibliographicItemIdentifierCode: { value: 'DOI' } },
  ],
  bibliographicRecordId: [
    { bibliographicRecordIdentifier: '68-21330', bibliographicRecordIdentifierCode: { value: 'LCCN' } },
    { bibliographicRecordIdentifier: '(OCoLC)12345', bibliographicRecordIdentifierCode: { value: 'OCLC' } },
    { bibliographicRecordIdentifier: 'ABC-1', bibliographicRecordIdentifierCode: { value: 'AMICUS' } },
  ],
};

describe('lending locate searches', () => {
  it('follow the locate-by order and read every identifier of the request', () => {
    const searches = locateSearches(info, ['title', 'isbn', 'lccn', 'systemControlNumber', 'issn', 'oclcNumber']);
    expect(searches.map((s) => [s.field, s.text])).toEqual([
      ['title', 'title=A Wizard of Earthsea'],
      ['isbn', 'isbn=9780547773742 or isbn=0-547-77374-0'],
      ['lccn', 'lccn=68-21330'],
      ['systemControlNumber', 'controlNumber=rec-42 or controlNumber=ABC-1 or oclcNumber=(OCoLC)12345'],
      ['issn', 'issn=1234-5679'],
      ['oclcNumber', 'oclcNumber=(OCoLC)12345'],
    ]);
    expect(searches[1]?.query).toEqual({
      op: 'or',
      left: { index: 'isbn', relation: 'exact', term: '9780547773742' },
      right: { index: 'isbn', relation: 'exact', term: '0-547-77374-0' },
    });
  });

  it('skip fields the request carries nothing for, and ignore empty or oversized values', () => {
    const bare: BibliographicInfo = {
      title: '   ',
      bibliographicItemId: [{ bibliographicItemIdentifier: 'x'.repeat(501), bibliographicItemIdentifierCode: { value: 'ISBN' } }],
    };
    expect(locateSearches(bare, ['lccn', 'oclcNumber', 'systemControlNumber', 'isbn', 'issn', 'title'])).toEqual([]);
    expect(locateSearches({}, ['title'])).toEqual([]);
  });
});
