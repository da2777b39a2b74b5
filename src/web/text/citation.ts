/**
 * A request's citation as label/value lines. A borrowing request keeps flat citation fields; a
 * lending request keeps what the ISO 18626 request said (bibliographicInfo, publicationInfo).
 * Pure, unit-tested.
 */

const FLAT: [string, string][] = [
  ['title', 'Title'],
  ['author', 'Author'],
  ['articleTitle', 'Article title'],
  ['articleAuthor', 'Article author'],
  ['publisher', 'Publisher'],
  ['publicationDate', 'Published'],
  ['edition', 'Edition'],
  ['volume', 'Volume'],
  ['issue', 'Issue'],
  ['pages', 'Pages'],
  ['isbn', 'ISBN'],
  ['issn', 'ISSN'],
  ['doi', 'DOI'],
  ['pmid', 'PMID'],
  ['oclcNumber', 'OCLC number'],
  ['lccn', 'LCCN'],
];

const BIBLIOGRAPHIC: [string, string][] = [
  ['title', 'Title'],
  ['subtitle', 'Subtitle'],
  ['author', 'Author'],
  ['titleOfComponent', 'Article or chapter'],
  ['authorOfComponent', 'Article or chapter author'],
  ['seriesTitle', 'Series'],
  ['edition', 'Edition'],
  ['volume', 'Volume'],
  ['issue', 'Issue'],
  ['pagesRequested', 'Pages'],
];

const PUBLICATION: [string, string][] = [
  ['publisher', 'Publisher'],
  ['placeOfPublication', 'Place'],
  ['publicationDate', 'Published'],
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  if (typeof value === 'string' || typeof value === 'number') return String(value).trim() || null;
  if (Array.isArray(value)) return value.map(text).filter((v): v is string => v !== null).join('; ') || null;
  if (isRecord(value) && typeof value['value'] === 'string') return value['value'];
  return null;
}

function pick(source: Record<string, unknown>, fields: [string, string][]): [string, string][] {
  return fields.flatMap(([key, label]) => {
    const value = text(source[key]);
    return value ? [[label, value] as [string, string]] : [];
  });
}

export function citationFacts(citation: unknown): [string, string][] {
  if (!isRecord(citation)) return [];
  const bib = citation['bibliographicInfo'];
  if (!isRecord(bib)) return pick(citation, FLAT);
  const facts = pick(bib, BIBLIOGRAPHIC);
  const ids = Array.isArray(bib['bibliographicItemId']) ? bib['bibliographicItemId'] : [];
  for (const id of ids) {
    if (!isRecord(id)) continue;
    const value = text(id['bibliographicItemIdentifier']);
    const code = text(id['bibliographicItemIdentifierCode']);
    if (value) facts.push([code ?? 'Identifier', value]);
  }
  const publication = citation['publicationInfo'];
  if (isRecord(publication)) facts.push(...pick(publication, PUBLICATION));
  return facts;
}
