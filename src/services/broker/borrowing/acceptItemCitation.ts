import type { Citation } from '../../../domain/citation.js';
import type { BibliographicDescription, NcipValue } from '../../../protocols/ncip/index.js';
import { present } from './ncipFields.js';

/** NCIP BibliographicItemIdentifierCode / BibliographicRecordIdentifierCode values we keep, and where. */
const ITEM_IDENTIFIERS: Readonly<Record<string, 'isbn' | 'issn'>> = { isbn: 'isbn', issn: 'issn' };
const RECORD_IDENTIFIERS: Readonly<Record<string, 'oclcNumber' | 'lccn'>> = { oclc: 'oclcNumber', lccn: 'lccn' };

function text(value: NcipValue | undefined): string | undefined {
  return typeof value === 'string' ? present(value) : undefined;
}

/**
 * The citation of an item a broker announces, from AcceptItem's BibliographicDescription. A
 * broker may send none at all (it knows the item by its ItemId): the title then says so, since
 * a request needs one.
 */
export function citationOf(description: BibliographicDescription | undefined, brokerRequestId: string): Citation {
  const citation: Citation = { title: present(description?.title) ?? `Broker request ${brokerRequestId}` };
  if (!description) return citation;
  const fields: [keyof Citation, string | undefined][] = [
    ['author', present(description.author)],
    ['publisher', present(description.publisher)],
    ['publicationDate', present(description.publicationDate)],
    ['placeOfPublication', text(description.placeOfPublication)],
    ['edition', present(description.edition)],
    ['pages', text(description.pagination)],
    ['articleTitle', text(description.titleOfComponent)],
    ['articleAuthor', text(description.authorOfComponent)],
  ];
  for (const [field, value] of fields) if (value) citation[field] = value;
  const itemId = description.bibliographicItemId;
  const itemField = ITEM_IDENTIFIERS[itemId?.bibliographicItemIdentifierCode?.value.trim().toLowerCase() ?? ''];
  if (itemField && present(itemId?.bibliographicItemIdentifier)) citation[itemField] = present(itemId?.bibliographicItemIdentifier);
  for (const record of description.bibliographicRecordId ?? []) {
    const recordField = RECORD_IDENTIFIERS[record.bibliographicRecordIdentifierCode?.value.trim().toLowerCase() ?? ''];
    if (recordField && !citation[recordField]) citation[recordField] = present(record.bibliographicRecordIdentifier);
  }
  return citation;
}
