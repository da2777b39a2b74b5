import type { Citation } from '../../domain/citation.js';
import type { BibliographicInfo, PublicationInfo, RequestMessage } from '../../protocols/iso18626/index.js';

/** Our citation as ISO 18626 bibliographic and publication info. */
export function toIso18626(citation: Citation): { bibliographicInfo: BibliographicInfo; publicationInfo?: PublicationInfo } {
  const itemIds = [
    ['ISBN', citation.isbn],
    ['ISSN', citation.issn],
    ['DOI', citation.doi],
  ] as const;
  const recordIds = [
    ['OCLC', citation.oclcNumber],
    ['LCCN', citation.lccn],
  ] as const;
  const bibliographicInfo: BibliographicInfo = {
    title: citation.title,
    ...(citation.author ? { author: citation.author } : {}),
    ...(citation.edition ? { edition: citation.edition } : {}),
    ...(citation.articleTitle ? { titleOfComponent: citation.articleTitle } : {}),
    ...(citation.articleAuthor ? { authorOfComponent: citation.articleAuthor } : {}),
    ...(citation.volume ? { volume: [citation.volume] } : {}),
    ...(citation.issue ? { issue: citation.issue } : {}),
    ...(citation.pages ? { pagesRequested: citation.pages } : {}),
  };
  const bibliographicItemId = itemIds
    .filter(([, value]) => value)
    .map(([code, value]) => ({ bibliographicItemIdentifier: value as string, bibliographicItemIdentifierCode: { value: code } }));
  if (bibliographicItemId.length > 0) bibliographicInfo.bibliographicItemId = bibliographicItemId;
  const bibliographicRecordId = recordIds
    .filter(([, value]) => value)
    .map(([code, value]) => ({ bibliographicRecordIdentifier: value as string, bibliographicRecordIdentifierCode: { value: code } }));
  if (bibliographicRecordId.length > 0) bibliographicInfo.bibliographicRecordId = bibliographicRecordId;

  const publicationInfo: PublicationInfo = {
    ...(citation.publisher ? { publisher: citation.publisher } : {}),
    ...(citation.publicationDate ? { publicationDate: citation.publicationDate } : {}),
    ...(citation.placeOfPublication ? { placeOfPublication: citation.placeOfPublication } : {}),
  };
  return Object.keys(publicationInfo).length > 0 ? { bibliographicInfo, publicationInfo } : { bibliographicInfo };
}

/** The longest headline kept for lists (and their index, whose entries are bounded); the citation keeps the whole text. */
export const MAX_HEADLINE_LENGTH = 500;

export function clipHeadline(text: string): string;
export function clipHeadline(text: string | null): string | null;
export function clipHeadline(text: string | null): string | null {
  return text === null ? null : Array.from(text).slice(0, MAX_HEADLINE_LENGTH).join('');
}

/** Title and author for lists, from whatever an inbound request carried. */
export function headline(message: Pick<RequestMessage, 'bibliographicInfo'>): { title: string | null; author: string | null } {
  const info = message.bibliographicInfo;
  return { title: clipHeadline(info.title ?? info.titleOfComponent ?? null), author: clipHeadline(info.author ?? info.authorOfComponent ?? null) };
}
