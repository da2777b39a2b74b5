import type { LOCATE_BY_FIELDS } from '../../config/sections/settings.js';
import type { BibliographicInfo } from '../../protocols/iso18626/index.js';
import type { CatalogueIndex, CatalogueQuery } from '../../store/catalogueRepository.js';

export type LocateByField = (typeof LOCATE_BY_FIELDS)[number];

/** One search of our catalogue: the query and how it reads in the evidence (`isbn=978…`). */
export interface LocateSearch {
  field: LocateByField;
  query: CatalogueQuery;
  text: string;
}

const code = (value: { value?: string } | undefined) => (value?.value ?? '').trim().toUpperCase();
const clean = (values: readonly (string | undefined)[]) => [...new Set(values.map((v) => (v ?? '').trim()).filter((v) => v !== '' && v.length <= 500))];

/** The identifiers and title of an inbound request, grouped by the locate-by field that searches them. */
export function locateValues(info: BibliographicInfo): Record<LocateByField, { index: CatalogueIndex; term: string }[]> {
  const itemIds = info.bibliographicItemId ?? [];
  const recordIds = info.bibliographicRecordId ?? [];
  const items = (wanted: string) => clean(itemIds.filter((id) => code(id.bibliographicItemIdentifierCode) === wanted).map((id) => id.bibliographicItemIdentifier));
  const records = (match: (c: string) => boolean) => clean(recordIds.filter((id) => match(code(id.bibliographicRecordIdentifierCode))).map((id) => id.bibliographicRecordIdentifier));
  const as = (index: CatalogueIndex) => (term: string) => ({ index, term });
  return {
    lccn: records((c) => c === 'LCCN').map(as('lccn')),
    oclcNumber: records((c) => c === 'OCLC').map(as('oclcNumber')),
    // The system control number: the record id the borrower saw in our catalogue, or any other record id it sent (OCLC counts too).
    systemControlNumber: [
      ...clean([info.supplierUniqueRecordId, ...records((c) => c !== 'LCCN' && c !== 'OCLC')]).map(as('controlNumber')),
      ...records((c) => c === 'OCLC').map(as('oclcNumber')),
    ],
    isbn: items('ISBN').map(as('isbn')),
    issn: items('ISSN').map(as('issn')),
    title: clean([info.title]).map(as('title')),
  };
}

/** The searches to run, in the lending settings' locate-by order; fields the request has no value for are skipped. */
export function locateSearches(info: BibliographicInfo, locateBy: readonly LocateByField[]): LocateSearch[] {
  const values = locateValues(info);
  const searches: LocateSearch[] = [];
  for (const field of locateBy) {
    const terms = values[field];
    if (terms.length === 0) continue;
    const queries = terms.map(({ index, term }): CatalogueQuery => ({ index, relation: 'exact', term }));
    const query = queries.reduce((left, right) => ({ op: 'or', left, right }));
    searches.push({ field, query, text: terms.map(({ index, term }) => `${index}=${term}`).join(' or ') });
  }
  return searches;
}
