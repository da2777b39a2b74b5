import { describe, expect, it } from 'vitest';
import { cleanValue, FIELD_LIMITS, mapOpenUrl, MAX_PARAMETERS, parseIdentifier } from '../../../../src/web/openurl/mapOpenUrl.js';

describe('OpenURL 1.0 KEV', () => {
  it('maps a book link: btitle, repeated au, ISBN from rft_id, publisher, place, edition, date, referrer', () => {
    const draft = mapOpenUrl(
      'url_ver=Z39.88-2004&ctx_ver=Z39.88-2004&rfr_id=info%3Asid%2Fworldcat.org%3Aworldcat&rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Abook' +
        '&rft.genre=book&rft.btitle=Kindred&rft.au=Butler%2C+Octavia+E.&rft.au=Due%2C+Tananarive&rft_id=urn%3Aisbn%3A9780807083697' +
        '&rft_id=info%3Aoclcnum%2F20013393&rft.pub=Beacon+Press&rft.place=Boston&rft.edition=25th+anniversary&rft.date=2003',
    );
    expect(draft).toMatchObject({
      type: 'book',
      title: 'Kindred',
      partTitle: '',
      author: 'Butler, Octavia E.; Due, Tananarive',
      isbn: '9780807083697',
      oclcNumber: '20013393',
      publisher: 'Beacon Press',
      placeOfPublication: 'Boston',
      edition: '25th anniversary',
      publicationDate: '2003',
      referrer: 'info:sid/worldcat.org:worldcat',
    });
  });

  it('maps an article link: atitle, jtitle, aulast + aufirst, DOI and PMID from rft_id, volume, issue, spage-epage', () => {
    const draft = mapOpenUrl(
      '?url_ver=Z39.88-2004&rft_val_fmt=info:ofi/fmt:kev:mtx:journal&rft.genre=article&rft.atitle=Molecular+structure+of+nucleic+acids' +
        '&rft.jtitle=Nature&rft.aulast=Watson&rft.aufirst=J.+D.&rft.au=Crick%2C+F.+H.+C.&rft.volume=171&rft.issue=4356&rft.spage=737&rft.epage=738' +
        '&rft.date=1953&rft.issn=0028-0836&rft_id=info:doi/10.1038%2F171737a0&rft_id=info:pmid/13054692&rfr_id=info:sid/pubmed',
    );
    expect(draft).toMatchObject({
      type: 'article',
      title: 'Nature',
      partTitle: 'Molecular structure of nucleic acids',
      author: 'Watson, J. D.; Crick, F. H. C.',
      volume: '171',
      issue: '4356',
      pages: '737-738',
      issn: '0028-0836',
      doi: '10.1038/171737a0',
      pmid: '13054692',
      referrer: 'info:sid/pubmed',
    });
  });

  it('takes a chapter from bookitem, with its book title and the chapter title apart', () => {
    const draft = mapOpenUrl('rft.genre=bookitem&rft.btitle=The+Oxford+Handbook&rft.atitle=On+Method&rft.pages=10-30&rft.isbn=978-0-19-953-0&rft.au=Smith');
    expect(draft).toMatchObject({ type: 'chapter', title: 'The Oxford Handbook', partTitle: 'On Method', pages: '10-30', isbn: '978-0-19-953-0', author: 'Smith' });
  });

  it('orders book titles btitle, title, jtitle, stitle, and article containers jtitle first', () => {
    expect(mapOpenUrl('rft.genre=book&rft.title=T&rft.jtitle=J&rft.stitle=S').title).toBe('T');
    expect(mapOpenUrl('rft.genre=book&rft.jtitle=J&rft.stitle=S').title).toBe('J');
    expect(mapOpenUrl('rft.genre=book&rft.stitle=S').title).toBe('S');
    expect(mapOpenUrl('rft.genre=book&rft.btitle=B&rft.title=T').title).toBe('B');
    expect(mapOpenUrl('rft.genre=article&rft.atitle=A&rft.title=T&rft.jtitle=J').title).toBe('J');
  });

  it('decides the type from the metadata format and the fields when there is no genre', () => {
    expect(mapOpenUrl('rft_val_fmt=info:ofi/fmt:kev:mtx:book&rft.btitle=B').type).toBe('book');
    expect(mapOpenUrl('rft_val_fmt=info:ofi/fmt:kev:mtx:book&rft.btitle=B&rft.atitle=C').type).toBe('chapter');
    expect(mapOpenUrl('rft_val_fmt=info:ofi/fmt:kev:mtx:journal&rft.jtitle=J').type).toBe('article');
    expect(mapOpenUrl('rft.jtitle=J&rft.atitle=A').type).toBe('article');
    expect(mapOpenUrl('rft.jtitle=J').type).toBe('article');
    expect(mapOpenUrl('rft.title=Something').type).toBe('book');
    expect(mapOpenUrl('rft.genre=journal&rft.jtitle=J').type).toBe('article');
    expect(mapOpenUrl('rft.genre=proceeding&rft.atitle=P&rft.title=Conf').type).toBe('article');
    expect(mapOpenUrl('rft.genre=dissertation&rft.title=D').type).toBe('book');
    expect(mapOpenUrl('rft.genre=BOOK&rft.title=Loud').type).toBe('book');
  });

  it('reads every identifier kind from repeated rft_id, keeping the first of each kind and ignoring unknown ones', () => {
    const draft = mapOpenUrl(
      'rft.btitle=B&rft_id=http://example.org/record/1&rft_id=urn:issn:1234-5678&rft_id=info:lccn/2001012345&rft_id=urn:isbn:0-12-345678-9&rft_id=urn:isbn:9999999999',
    );
    expect(draft).toMatchObject({ issn: '1234-5678', lccn: '2001012345', isbn: '0-12-345678-9', doi: '', pmid: '' });
    expect(mapOpenUrl('rft.atitle=A&rft.jtitle=J&rft_id=https://doi.org/10.1000/xyz%3C1%3E').doi).toBe('10.1000/xyz<1>');
  });
});

describe('OpenURL 0.1', () => {
  it('maps genre, title, atitle, aulast, aufirst, issn, id=doi:, pmid and sid', () => {
    const draft = mapOpenUrl('sid=Entrez:PubMed&genre=article&atitle=A+study&title=J+Clin+Invest&aulast=Doe&aufirst=Jane&issn=0021-9738&volume=9&spage=5&date=2001&id=doi:10.1172/JCI1&pmid=11111');
    expect(draft).toMatchObject({
      type: 'article',
      title: 'J Clin Invest',
      partTitle: 'A study',
      author: 'Doe, Jane',
      issn: '0021-9738',
      volume: '9',
      pages: '5',
      publicationDate: '2001',
      doi: '10.1172/JCI1',
      pmid: '11111',
      referrer: 'Entrez:PubMed',
    });
  });

  it('maps a 0.1 book with au, isbn and auinit, and id=pmid:', () => {
    const draft = mapOpenUrl('genre=book&title=Dune&aulast=Herbert&auinit=F&au=Herbert%2C+F&isbn=0441172717&id=pmid:42');
    expect(draft).toMatchObject({ type: 'book', title: 'Dune', author: 'Herbert, F', isbn: '0441172717', pmid: '42' });
  });

  it('keeps a book asked for by its part title alone', () => {
    expect(mapOpenUrl('genre=book&atitle=Only+this')).toMatchObject({ type: 'book', title: 'Only this', partTitle: '' });
  });
});

describe('hostile input', () => {
  it('clips huge values to the server limits and strips control characters', () => {
    const draft = mapOpenUrl(new URLSearchParams({ 'rft.btitle': `Bad\u0000title\u0007\nwith\ttabs ${'x'.repeat(100_000)}`, 'rft.isbn': '9'.repeat(5000), rfr_id: 'r'.repeat(5000) }));
    expect(draft.title.startsWith('Bad title with tabs x')).toBe(true);
    expect(draft.title.length).toBeLessThanOrEqual(FIELD_LIMITS.title);
    expect(draft.isbn).toHaveLength(FIELD_LIMITS.isbn);
    expect(draft.referrer).toHaveLength(FIELD_LIMITS.referrer);
    expect([...draft.title].some((c) => c.charCodeAt(0) < 0x20)).toBe(false);
  });

  it('reads 10,000 parameters without crashing, up to its limit', () => {
    const params = new URLSearchParams();
    for (let i = 0; i < 10_000; i++) params.append('rft.au', `Author ${i}`);
    params.append('rft.btitle', 'Too late');
    const started = Date.now();
    const draft = mapOpenUrl(params);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(draft.title).toBe('');
    expect(draft.author.length).toBeLessThanOrEqual(FIELD_LIMITS.author);
    expect(draft.author.startsWith('Author 0; Author 1')).toBe(true);
    expect(MAX_PARAMETERS).toBeLessThan(10_000);
  });

  it('survives malformed percent-encoding, empty keys and an empty query', () => {
    expect(() => mapOpenUrl('rft.btitle=%E0%A4%A&=x&&rft_id=info:doi/10.1/%ZZ')).not.toThrow();
    expect(mapOpenUrl('rft_id=info:doi/10.1/%ZZ&rft.atitle=A&rft.jtitle=J').doi).toBe('10.1/%ZZ');
    expect(mapOpenUrl('')).toMatchObject({ type: 'book', title: '', author: '', referrer: '' });
  });

  it('cleans and clips by characters, not halves of surrogate pairs', () => {
    expect(cleanValue('  a\u0085b  ', 10)).toBe('a b');
    expect(cleanValue('😀😀😀', 2)).toBe('😀😀');
  });

  it('parses identifier URIs one by one', () => {
    expect(parseIdentifier('info:oclcnum/123')).toEqual({ oclcNumber: '123' });
    expect(parseIdentifier('doi:10.5/x')).toEqual({ doi: '10.5/x' });
    expect(parseIdentifier('ftp://nothing')).toEqual({});
  });
});
