import type { BibliographicInfo } from '../../protocols/iso18626/index.js';

/**
 * What a broker's RequestItem asks of us as lender (seed 004: "the broker may send a RequestItem
 * message"): which service, and the citation our catalogue is searched by. Pure: the NCIP values
 * come in as plain strings.
 */

export type BrokerServiceType = 'Loan' | 'Copy';

/**
 * NCIP RequestType values (NISO scheme, plus the copy types brokers send) and the service each
 * asks for. Types not listed are loans: the physical item is the default a broker expects.
 */
const SERVICE_OF_REQUEST_TYPE: Readonly<Record<string, BrokerServiceType>> = {
  loan: 'Loan',
  hold: 'Loan',
  'stack retrieval': 'Loan',
  recall: 'Loan',
  copy: 'Copy',
  photocopy: 'Copy',
  'digital copy': 'Copy',
  'electronic copy': 'Copy',
};

/** ItemElementType values that only make sense for a delivery without the physical item. */
const COPY_ITEM_ELEMENTS: ReadonlySet<string> = new Set(['electronic resource']);

const normal = (value: string): string => value.replace(/\s+/g, ' ').trim().toLowerCase();

export function brokerServiceType(requestType: string, itemElementTypes: readonly string[]): BrokerServiceType {
  if (SERVICE_OF_REQUEST_TYPE[normal(requestType)] === 'Copy') return 'Copy';
  return itemElementTypes.some((type) => COPY_ITEM_ELEMENTS.has(normal(type))) ? 'Copy' : 'Loan';
}

/** The NCIP identifiers of the wanted title, as plain values. */
export interface NcipCitation {
  /** BibliographicRecordId: identifier and its code (OCLC, LCCN, …). */
  recordIds: readonly { identifier: string; code: string | undefined }[];
  /** BibliographicItemId: identifier and its code (ISBN, ISSN, …). */
  itemIds: readonly { identifier: string; code: string | undefined }[];
  title?: string | undefined;
  author?: string | undefined;
}

/** The citation as lending locate reads it (ISO 18626 bibliographicInfo); a code-less identifier is left out, it cannot be searched. */
export function bibliographicInfoOf(citation: NcipCitation): BibliographicInfo {
  const coded = (ids: NcipCitation['recordIds']) => ids.flatMap((id) => (id.code && id.identifier.trim() !== '' ? [{ code: id.code.trim(), identifier: id.identifier.trim() }] : []));
  const records = coded(citation.recordIds).map((id) => ({ bibliographicRecordIdentifierCode: { value: id.code }, bibliographicRecordIdentifier: id.identifier }));
  const items = coded(citation.itemIds).map((id) => ({ bibliographicItemIdentifierCode: { value: id.code }, bibliographicItemIdentifier: id.identifier }));
  const title = citation.title?.trim();
  const author = citation.author?.trim();
  return {
    ...(title ? { title } : {}),
    ...(author ? { author } : {}),
    ...(records.length > 0 ? { bibliographicRecordId: records } : {}),
    ...(items.length > 0 ? { bibliographicItemId: items } : {}),
  };
}
