import { describe, expect, it } from 'vitest';
import { emptyDraft, mapOpenUrl } from '../../../../src/web/openurl/mapOpenUrl.js';
import { plainMessage, problemsByField, toRequestBody } from '../../../../src/web/pages/patron/requestBody.js';

const base = { pickupLocation: 'MAIN', neededBefore: '', notes: '', copyrightDeclaration: false };

describe('the request form into the API body', () => {
  it('sends a book as a physical loan with the book fields and the referrer', () => {
    const draft = mapOpenUrl('rfr_id=info:sid/x&rft.genre=book&rft.btitle=Kindred&rft.au=Butler&rft.isbn=978&rft.issn=ignored');
    expect(toRequestBody({ ...base, draft, notes: '  ', neededBefore: '2030-01-01' })).toEqual({
      citation: { title: 'Kindred', author: 'Butler', isbn: '978' },
      serviceType: 'loan',
      format: 'physical',
      pickupLocation: 'MAIN',
      neededBefore: '2030-01-01',
      referrer: 'info:sid/x',
    });
  });

  it('sends an article as a digital copy with the part fields, identifiers and the declaration', () => {
    const draft = mapOpenUrl('rft.genre=article&rft.atitle=A&rft.jtitle=J&rft.au=W&rft.volume=1&rft.pages=2-3&rft.issn=1234&rft_id=info:doi/10.1/x&rft_id=info:pmid/9');
    expect(toRequestBody({ ...base, draft, copyrightDeclaration: true, notes: 'hi' })).toEqual({
      citation: { title: 'J', articleTitle: 'A', articleAuthor: 'W', volume: '1', pages: '2-3', issn: '1234', doi: '10.1/x', pmid: '9' },
      serviceType: 'copy',
      format: 'digital',
      pickupLocation: 'MAIN',
      patronNote: 'hi',
      copyrightDeclaration: true,
    });
  });

  it('always sends the declaration answer for a copy, never for a book', () => {
    expect(toRequestBody({ ...base, draft: { ...emptyDraft('chapter'), title: 'B', partTitle: 'C' } }).copyrightDeclaration).toBe(false);
    expect('copyrightDeclaration' in toRequestBody({ ...base, draft: { ...emptyDraft('book'), title: 'B' } })).toBe(false);
  });
});

describe('the API problems onto the form', () => {
  it('puts each problem next to its field in plain words, and the rest apart', () => {
    const { fields, other } = problemsByField([
      { path: 'citation.title', message: 'Too small: expected string to have >=1 characters' },
      { path: 'citation.articleAuthor', message: 'Too big: expected string to have <=500 characters' },
      { path: 'copyrightDeclaration', message: 'a copy needs the copyright declaration' },
      { path: 'rota', message: 'odd' },
    ]);
    expect(fields).toEqual({ title: 'Please fill this in.', author: 'This is too long.', copyrightDeclaration: 'Please confirm the copyright declaration to ask for a copy.' });
    expect(other).toEqual(['rota: odd']);
    expect(plainMessage('a PubMed id is digits only')).toBe('A PubMed id is digits only');
  });
});
