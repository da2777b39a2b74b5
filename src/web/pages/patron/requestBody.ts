/**
 * The request form's state into the API body, and the API's problems back onto the form's
 * fields. Pure (no DOM): unit-tested.
 */
import type { RequestDraft, RequestType } from '../../openurl/mapOpenUrl.js';

export interface RequestFormState {
  draft: RequestDraft;
  pickupLocation: string;
  neededBefore: string;
  notes: string;
  copyrightDeclaration: boolean;
}

/** The body of `POST …/borrowing-requests` as a patron sends it (the form's only way out). */
export interface RequestBody {
  citation: Record<string, string>;
  serviceType: 'loan' | 'copy';
  format: 'physical' | 'digital';
  pickupLocation?: string;
  neededBefore?: string;
  patronNote?: string;
  copyrightDeclaration?: boolean;
  referrer?: string;
}

/** Copies (articles, chapters) need the copyright declaration; books are lent. */
export function isCopy(type: RequestType): boolean {
  return type !== 'book';
}

/** Form field → citation field; the author belongs to the part for a copy. */
export function toRequestBody(state: RequestFormState): RequestBody {
  const d = state.draft;
  const copy = isCopy(d.type);
  const citation: Record<string, string> = { title: d.title.trim() };
  const put = (key: string, value: string) => {
    if (value.trim()) citation[key] = value.trim();
  };
  if (copy) {
    put('articleTitle', d.partTitle);
    put('articleAuthor', d.author);
    put('volume', d.volume);
    put('issue', d.issue);
    put('pages', d.pages);
  } else {
    put('author', d.author);
    put('edition', d.edition);
  }
  if (d.type !== 'article') {
    put('publisher', d.publisher);
    put('placeOfPublication', d.placeOfPublication);
    put('isbn', d.isbn);
  } else {
    put('issn', d.issn);
  }
  if (d.type === 'chapter' && !d.isbn.trim()) put('issn', d.issn);
  put('publicationDate', d.publicationDate);
  put('doi', d.doi);
  put('pmid', d.pmid);
  put('oclcNumber', d.oclcNumber);
  put('lccn', d.lccn);
  return {
    citation,
    serviceType: copy ? 'copy' : 'loan',
    format: copy ? 'digital' : 'physical',
    ...(state.pickupLocation ? { pickupLocation: state.pickupLocation } : {}),
    ...(state.neededBefore ? { neededBefore: state.neededBefore } : {}),
    ...(state.notes.trim() ? { patronNote: state.notes.trim() } : {}),
    ...(copy ? { copyrightDeclaration: state.copyrightDeclaration } : {}),
    ...(d.referrer ? { referrer: d.referrer } : {}),
  };
}

/** The form's field ids, as the problems are shown next to them. */
export type FieldId = 'title' | 'partTitle' | 'author' | 'publisher' | 'placeOfPublication' | 'edition' | 'publicationDate' | 'volume' | 'issue' | 'pages' | 'isbn' | 'issn' | 'doi' | 'pmid' | 'pickupLocation' | 'neededBefore' | 'notes' | 'copyrightDeclaration';

const PATHS: Record<string, FieldId> = {
  'citation.title': 'title',
  'citation.articleTitle': 'partTitle',
  'citation.author': 'author',
  'citation.articleAuthor': 'author',
  'citation.publisher': 'publisher',
  'citation.placeOfPublication': 'placeOfPublication',
  'citation.edition': 'edition',
  'citation.publicationDate': 'publicationDate',
  'citation.volume': 'volume',
  'citation.issue': 'issue',
  'citation.pages': 'pages',
  'citation.isbn': 'isbn',
  'citation.issn': 'issn',
  'citation.doi': 'doi',
  'citation.pmid': 'pmid',
  pickupLocation: 'pickupLocation',
  neededBefore: 'neededBefore',
  patronNote: 'notes',
  copyrightDeclaration: 'copyrightDeclaration',
};

/** Validation messages in plain words. */
export function plainMessage(message: string): string {
  if (/too big/i.test(message)) return 'This is too long.';
  if (/too small|received undefined/i.test(message)) return 'Please fill this in.';
  if (/invalid (iso )?date|invalid input/i.test(message)) return 'Please give a valid value.';
  if (/needs the title/i.test(message)) return 'Please fill this in.';
  if (/copyright declaration/i.test(message)) return 'Please confirm the copyright declaration to ask for a copy.';
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** The server's problem `errors` by form field; what matches no field goes to `other`. */
export function problemsByField(errors: readonly { path: string; message: string }[]): { fields: Partial<Record<FieldId, string>>; other: string[] } {
  const fields: Partial<Record<FieldId, string>> = {};
  const other: string[] = [];
  for (const error of errors) {
    const field = PATHS[error.path];
    if (field) fields[field] ??= plainMessage(error.message);
    else other.push(`${error.path}: ${error.message}`);
  }
  return { fields, other };
}
