import type { Citation } from '../citation.js';
import { normaliseIsbn, normaliseIssn, normaliseLccn, normaliseOclc } from '../../protocols/marc/extract.js';

/** The fields a locate profile may match by, as the configuration names them (LOCATE_BY_FIELDS). */
export type MatchField = 'lccn' | 'systemControlNumber' | 'oclcNumber' | 'isbn' | 'issn' | 'title';

/** What a query searches: one index every protocol adapter knows how to express. */
export type LocateIndex = 'lccn' | 'oclcNumber' | 'isbn' | 'issn' | 'title';

/** One query to try at a target: one field, one normalised term. */
export interface LocateQuery {
  field: MatchField;
  index: LocateIndex;
  term: string;
}

const collapse = (value: string): string => value.replace(/\s+/g, ' ').trim();

/** OCLC numbers arrive as "(OCoLC)ocm0123", "ocn123" or plain digits; partners index the bare number. */
function oclcTerm(raw: string): string | undefined {
  return normaliseOclc(raw) ?? /^\s*(?:ocm|ocn|on)?\s*0*([0-9]+)\s*$/i.exec(raw)?.[1];
}

/**
 * Where each match field reads the citation and how its term is normalised. The system control
 * number of a citation is its OCLC number (the only shared control number a citation carries),
 * so both fields search the same index and plan only one query.
 */
const FIELD_SOURCES: Record<MatchField, { index: LocateIndex; term: (citation: Citation) => string | undefined }> = {
  lccn: { index: 'lccn', term: (c) => (c.lccn === undefined ? undefined : normaliseLccn(c.lccn)) },
  systemControlNumber: { index: 'oclcNumber', term: (c) => (c.oclcNumber === undefined ? undefined : oclcTerm(c.oclcNumber)) },
  oclcNumber: { index: 'oclcNumber', term: (c) => (c.oclcNumber === undefined ? undefined : oclcTerm(c.oclcNumber)) },
  isbn: { index: 'isbn', term: (c) => (c.isbn === undefined ? undefined : normaliseIsbn(c.isbn)) },
  issn: { index: 'issn', term: (c) => (c.issn === undefined ? undefined : normaliseIssn(c.issn)) },
  title: { index: 'title', term: (c) => (collapse(c.title) === '' ? undefined : collapse(c.title)) },
};

/**
 * The queries to try at a target, in the profile's order: one per match field the citation
 * has a usable value for, never the same index and term twice. Empty: nothing to search by.
 */
export function planQueries(citation: Citation, matchFields: readonly MatchField[]): LocateQuery[] {
  const queries: LocateQuery[] = [];
  for (const field of matchFields) {
    const source = FIELD_SOURCES[field];
    const term = source.term(citation);
    if (term === undefined || term === '') continue;
    if (queries.some((q) => q.index === source.index && q.term === term)) continue;
    queries.push({ field, index: source.index, term });
  }
  return queries;
}

/** A query as staff read it in the evidence, e.g. `isbn=9780441478125`. */
export function describeQuery(query: LocateQuery): string {
  return `${query.index}=${query.term}`;
}
