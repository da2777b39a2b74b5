/** What is being asked for, as staff and patrons describe it. Every field is optional but the title. */
export interface Citation {
  title: string;
  author?: string | undefined;
  isbn?: string | undefined;
  issn?: string | undefined;
  publisher?: string | undefined;
  publicationDate?: string | undefined;
  placeOfPublication?: string | undefined;
  edition?: string | undefined;
  volume?: string | undefined;
  issue?: string | undefined;
  pages?: string | undefined;
  /** For a copy: the article or chapter. */
  articleTitle?: string | undefined;
  articleAuthor?: string | undefined;
  doi?: string | undefined;
  oclcNumber?: string | undefined;
  lccn?: string | undefined;
  /** PubMed id. */
  pmid?: string | undefined;
}
