/**
 * OpenURL (1.0 KEV and 0.1) onto the patron request form. Pure: no DOM, no I/O, so the mapping is
 * unit-tested in node. Hostile links (huge values, control characters, thousands of parameters)
 * are clipped, never thrown on.
 */

export type RequestType = 'book' | 'article' | 'chapter';

/** What the request form starts with. Empty strings are fields the link did not fill. */
export interface RequestDraft {
  type: RequestType;
  /** Book title (book, chapter) or journal title (article). */
  title: string;
  /** Article or chapter title. */
  partTitle: string;
  author: string;
  publisher: string;
  placeOfPublication: string;
  edition: string;
  publicationDate: string;
  volume: string;
  issue: string;
  pages: string;
  isbn: string;
  issn: string;
  doi: string;
  pmid: string;
  oclcNumber: string;
  lccn: string;
  /** The referring service (`rfr_id` in 1.0, `sid` in 0.1), sent with the request. */
  referrer: string;
}

/** The most parameters looked at: a link with more is read up to here. */
export const MAX_PARAMETERS = 500;
/** Values kept per key (repeated `rft.au`, `rft_id`). */
const MAX_REPEATS = 20;
/** Longest raw value looked at, before cleaning. */
const MAX_RAW = 4000;

/** The longest value each field keeps: the server's limits, so a clipped draft still validates. */
export const FIELD_LIMITS: Record<Exclude<keyof RequestDraft, 'type'>, number> = {
  title: 1000,
  partTitle: 1000,
  author: 500,
  publisher: 500,
  placeOfPublication: 200,
  edition: 100,
  publicationDate: 50,
  volume: 50,
  issue: 50,
  pages: 50,
  isbn: 20,
  issn: 20,
  doi: 200,
  pmid: 20,
  oclcNumber: 50,
  lccn: 50,
  referrer: 200,
};

export function emptyDraft(type: RequestType = 'book'): RequestDraft {
  return { type, title: '', partTitle: '', author: '', publisher: '', placeOfPublication: '', edition: '', publicationDate: '', volume: '', issue: '', pages: '', isbn: '', issn: '', doi: '', pmid: '', oclcNumber: '', lccn: '', referrer: '' };
}

/** Control characters out, whitespace runs to one space, clipped to `max` characters. */
export function cleanValue(value: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = value.slice(0, MAX_RAW).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return Array.from(cleaned).slice(0, max).join('').trim();
}

type Params = Map<string, string[]>;

function collect(input: string | URLSearchParams | Iterable<readonly [string, string]>): Params {
  const entries: Iterable<readonly [string, string]> = typeof input === 'string' ? new URLSearchParams(input.startsWith('?') ? input.slice(1) : input) : input;
  const params: Params = new Map();
  let seen = 0;
  for (const [rawKey, rawValue] of entries) {
    if (++seen > MAX_PARAMETERS) break;
    if (typeof rawKey !== 'string' || typeof rawValue !== 'string' || rawKey.length > 64) continue;
    const key = rawKey.trim().toLowerCase();
    const value = cleanValue(rawValue, MAX_RAW);
    if (!value) continue;
    const values = params.get(key) ?? [];
    if (values.length < MAX_REPEATS) values.push(value);
    params.set(key, values);
  }
  return params;
}

/** The first value of any of the keys, each looked up as `rft.<key>` (1.0) and bare (0.1). */
function first(params: Params, ...keys: string[]): string {
  for (const key of keys) {
    const value = params.get(`rft.${key}`)?.[0] ?? params.get(key)?.[0];
    if (value) return value;
  }
  return '';
}

function all(params: Params, key: string): string[] {
  return [...(params.get(`rft.${key}`) ?? []), ...(params.get(key) ?? [])];
}

interface Identifiers {
  doi?: string;
  pmid?: string;
  isbn?: string;
  issn?: string;
  oclcNumber?: string;
  lccn?: string;
}

/** One identifier URI (`info:doi/…`, `urn:isbn:…`, 0.1 `doi:…`, a doi.org link) into its field. */
export function parseIdentifier(raw: string): Identifiers {
  const value = raw.trim();
  const patterns: [RegExp, keyof Identifiers][] = [
    [/^info:doi\/(.+)$/i, 'doi'],
    [/^doi:(.+)$/i, 'doi'],
    [/^https?:\/\/(?:dx\.)?doi\.org\/(.+)$/i, 'doi'],
    [/^info:pmid\/(.+)$/i, 'pmid'],
    [/^pmid:(.+)$/i, 'pmid'],
    [/^urn:isbn:(.+)$/i, 'isbn'],
    [/^isbn:(.+)$/i, 'isbn'],
    [/^urn:issn:(.+)$/i, 'issn'],
    [/^issn:(.+)$/i, 'issn'],
    [/^info:oclcnum\/(.+)$/i, 'oclcNumber'],
    [/^oclcnum:(.+)$/i, 'oclcNumber'],
    [/^info:lccn\/(.+)$/i, 'lccn'],
    [/^lccn:(.+)$/i, 'lccn'],
  ];
  for (const [pattern, field] of patterns) {
    const match = pattern.exec(value);
    if (match?.[1]) {
      let id = match[1].trim();
      if (field === 'doi') id = safeDecode(id);
      return { [field]: id };
    }
  }
  return {};
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const ARTICLE_GENRES = new Set(['article', 'journal', 'issue', 'preprint', 'contribution']);
const CHAPTER_GENRES = new Set(['bookitem', 'chapter']);
const BOOK_GENRES = new Set(['book', 'report', 'document', 'dissertation', 'thesis']);

/** Book, article or chapter: the genre says so first, then the metadata format, then what fields are there. */
export function requestTypeOf(params: Params): RequestType {
  const genre = first(params, 'genre').toLowerCase();
  const hasPart = first(params, 'atitle') !== '';
  if (CHAPTER_GENRES.has(genre)) return 'chapter';
  if (ARTICLE_GENRES.has(genre)) return 'article';
  if (genre === 'proceeding' || genre === 'conference') return hasPart ? 'article' : 'book';
  if (BOOK_GENRES.has(genre)) return hasPart ? 'chapter' : 'book';
  const format = (params.get('rft_val_fmt')?.[0] ?? '').toLowerCase();
  if (format.endsWith(':book')) return hasPart ? 'chapter' : 'book';
  if (format.endsWith(':journal')) return 'article';
  if (hasPart) return first(params, 'btitle', 'isbn') !== '' ? 'chapter' : 'article';
  if (first(params, 'jtitle', 'issn', 'eissn') !== '' && first(params, 'btitle', 'isbn') === '') return 'article';
  return 'book';
}

/** Every author the link names, once each: `au` (repeated), `aulast` + `aufirst`/`auinit`, `aucorp`. */
function authorsOf(params: Params): string[] {
  const names: string[] = [];
  const last = first(params, 'aulast');
  const given = first(params, 'aufirst') || first(params, 'auinit', 'auinit1');
  if (last) names.push(given ? `${last}, ${given}` : last);
  names.push(...all(params, 'au'));
  const corporate = first(params, 'aucorp');
  if (corporate) names.push(corporate);
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
    if (!key || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function pagesOf(params: Params): string {
  const pages = first(params, 'pages');
  if (pages) return pages;
  const start = first(params, 'spage');
  const end = first(params, 'epage');
  return start && end ? `${start}-${end}` : start;
}

/** Maps an OpenURL query (1.0 KEV or 0.1) onto the request form. */
export function mapOpenUrl(input: string | URLSearchParams | Iterable<readonly [string, string]>): RequestDraft {
  const params = collect(input);
  let type = requestTypeOf(params);
  // A "book" naming only a part title (no book title) asks for that title as a book.
  if (type === 'chapter' && !CHAPTER_GENRES.has(first(params, 'genre').toLowerCase()) && !first(params, 'btitle', 'title', 'jtitle', 'stitle')) type = 'book';
  const ids: Identifiers = {};
  for (const raw of [...(params.get('rft_id') ?? []), ...(params.get('id') ?? []), ...(params.get('pid') ?? [])]) {
    for (const [field, value] of Object.entries(parseIdentifier(raw)) as [keyof Identifiers, string][]) ids[field] ??= value;
  }
  const bookTitle = first(params, 'btitle', 'title', 'jtitle', 'stitle');
  const journalTitle = first(params, 'jtitle', 'title', 'stitle', 'btitle');
  const partTitle = first(params, 'atitle');
  let title = type === 'article' ? journalTitle : bookTitle;
  // A link naming only the part (a 0.1 `atitle` alone) still has a title to ask for.
  if (!title && type === 'book') title = partTitle;
  const draft: RequestDraft = {
    type,
    title,
    partTitle: type === 'book' ? '' : partTitle,
    author: authorsOf(params).join('; '),
    publisher: first(params, 'pub', 'publisher'),
    placeOfPublication: first(params, 'place'),
    edition: first(params, 'edition'),
    publicationDate: first(params, 'date'),
    volume: first(params, 'volume'),
    issue: first(params, 'issue'),
    pages: pagesOf(params),
    isbn: first(params, 'isbn') || ids.isbn || '',
    issn: first(params, 'issn', 'eissn') || ids.issn || '',
    doi: ids.doi ?? first(params, 'doi'),
    pmid: ids.pmid ?? first(params, 'pmid'),
    oclcNumber: ids.oclcNumber ?? first(params, 'oclcnum'),
    lccn: ids.lccn ?? first(params, 'lccn'),
    referrer: params.get('rfr_id')?.[0] ?? params.get('sid')?.[0] ?? '',
  };
  for (const key of Object.keys(FIELD_LIMITS) as (keyof typeof FIELD_LIMITS)[]) draft[key] = cleanValue(draft[key], FIELD_LIMITS[key]);
  return draft;
}
