import type { Citation } from '../citation.js';
import type { CitationType, RuleSubject } from './fields.js';

/** What rules need of a new borrowing request: its input, before anything is stored. */
export interface RuleInput {
  citation: Citation;
  format: 'physical' | 'digital';
  serviceType: 'loan' | 'copy';
  patronGroup?: string | undefined;
  pickupLocation?: string | undefined;
  neededBefore?: Date | undefined;
}

/**
 * Book, article or chapter, from the citation: a part (articleTitle) of something with an ISBN
 * and no ISSN is a chapter, any other part an article, and no part at all a book.
 */
export function citationType(citation: Citation): CitationType {
  if (!citation.articleTitle) return 'book';
  return citation.isbn && !citation.issn ? 'chapter' : 'article';
}

export function ruleSubject(input: RuleInput): RuleSubject {
  const { citation } = input;
  return {
    format: input.format,
    requestedMedia: input.format,
    serviceType: input.serviceType,
    citationType: citationType(citation),
    patronGroup: input.patronGroup,
    pickupLocation: input.pickupLocation,
    title: citation.articleTitle ?? citation.title,
    author: citation.articleAuthor ?? citation.author,
    isbn: citation.isbn,
    issn: citation.issn,
    doi: citation.doi,
    oclcNumber: citation.oclcNumber,
    lccn: citation.lccn,
    neededBefore: input.neededBefore,
  };
}
