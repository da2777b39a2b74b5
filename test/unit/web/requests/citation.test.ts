import { describe, expect, it } from 'vitest';
import { citationFacts } from '../../../../src/web/text/citation.js';

describe('citationFacts', () => {
  it('lists a borrowing citation in a fixed order, leaving out empty fields', () => {
    expect(citationFacts({ isbn: '9780547773742', author: 'Le Guin', title: 'A Wizard of Earthsea', issue: '' })).toEqual([
      ['Title', 'A Wizard of Earthsea'],
      ['Author', 'Le Guin'],
      ['ISBN', '9780547773742'],
    ]);
  });

  it('reads the ISO 18626 request of a lending request: bibliographic and publication info, identifiers', () => {
    const citation = {
      bibliographicInfo: {
        title: 'Kindred',
        author: 'Butler, Octavia E.',
        volume: ['1', '2'],
        bibliographicItemId: [{ bibliographicItemIdentifier: '9780807083697', bibliographicItemIdentifierCode: { value: 'ISBN' } }],
      },
      publicationInfo: { publisher: 'Beacon', publicationType: { value: 'Book' } },
      serviceInfo: { serviceType: 'Loan' },
    };
    expect(citationFacts(citation)).toEqual([
      ['Title', 'Kindred'],
      ['Author', 'Butler, Octavia E.'],
      ['Volume', '1; 2'],
      ['ISBN', '9780807083697'],
      ['Publisher', 'Beacon'],
    ]);
  });

  it('answers nothing for what is not a citation', () => {
    expect(citationFacts(null)).toEqual([]);
    expect(citationFacts('title')).toEqual([]);
    expect(citationFacts({ bibliographicInfo: { bibliographicItemId: ['junk'] } })).toEqual([]);
  });
});
