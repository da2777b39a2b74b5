import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isbnForms, searchCatalogue, type CatalogueIndex, type CatalogueQuery } from '../../../src/store/catalogueRepository.js';
import { upsertBibliographicRecord } from '../../../src/store/inventoryRepository.js';
import { availableBackends, createTestDatabase, type TestDatabase } from '../../support/databases.js';
import { seedCatalogues, type SeededCatalogues } from './seedCatalogue.js';

const backends = await availableBackends();

describe('isbnForms', () => {
  it.each([
    ['0306406152', ['0306406152', '9780306406157']],
    ['0-306-40615-2', ['0306406152', '9780306406157']],
    ['080442957X', ['080442957X', '9780804429573']],
    ['9780804429573', ['9780804429573', '080442957X']],
    ['9780262033848', ['9780262033848', '0262033844']],
    ['9791034304045', ['9791034304045']],
    ['not an isbn', []],
  ])('%s → %j', (raw, want) => expect(isbnForms(raw)).toEqual(want));
});

const q = (index: CatalogueIndex, term: string, relation: 'exact' | 'all' | 'any' = 'all'): CatalogueQuery => ({ index, relation, term });

describe.each(backends)('searchCatalogue on %s', (backend) => {
  let database: TestDatabase;
  let ids: SeededCatalogues;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    ids = await seedCatalogues(database.db);
  });
  afterAll(() => database.close());

  const found = async (query: CatalogueQuery, institution: keyof SeededCatalogues = 'hcpl') =>
    (await searchCatalogue(database.db, ids[institution], query, { limit: 100 })).records.map((r) => r.sourceId).sort();

  it.each([
    ['ISBN-10 → record with ISBN-10', q('isbn', '0306406152'), ['hc-0001']],
    ['ISBN-13 → record with ISBN-10', q('isbn', '978-0-306-40615-7'), ['hc-0001']],
    ['ISBN-10 → record with ISBN-13', q('isbn', '0-262-03384-4'), ['hc-0002']],
    ['garbage ISBN', q('isbn', 'hello'), []],
    ['ISSN with hyphen', q('issn', '0028-0836'), ['hc-0003']],
    ['ISSN without hyphen', q('issn', '00280836'), ['hc-0003']],
    ['LCCN hyphenated', q('lccn', '2001-12345'), ['hc-0004']],
    ['LCCN with blanks, stored with blanks', q('lccn', '  85000002 '), ['hc-0001']],
    ['LCCN not LCCN-shaped', q('lccn', 'x'), []],
    ['OCLC (OCoLC)ocm prefix and zeros', q('oclcNumber', '(OCoLC)ocm00012345'), ['hc-0001']],
    ['OCLC bare number', q('oclcNumber', '987654'), ['hc-0005']],
    ['OCLC (OCoLC) prefix', q('oclcNumber', '(OCoLC)227032'), ['hc-0002']],
    ['control number', q('controlNumber', 'hc-0003'), ['hc-0003']],
    ['title all, any order, any case', q('title', 'PROGRAMMING the art'), ['hc-0001']],
    ['title all needs every word', q('title', 'moby whale sea'), []],
    ['title any', q('title', 'moby whale sea', 'any'), ['hc-0005', 'hc-0006']],
    ['title exact (whole title, case-insensitive)', q('title', 'the sea & moby', 'exact'), ['hc-0006']],
    ['title exact is not a word match', q('title', 'moby', 'exact'), []],
    ['title words are whole words, not substrings', q('title', 'dic'), []],
    ['title word inside another word does not match', q('title', 'art'), ['hc-0001']],
    ['author', q('author', 'melville'), ['hc-0005']],
    ['author exact', q('author', 'Erikson, Steven', 'exact'), ['hc-0004']],
    ['any: title word', q('any', 'gardens'), ['hc-0004']],
    ['any: ISBN', q('any', '9780306406157'), ['hc-0001']],
    ['any: author', q('any', 'knuth'), ['hc-0001']],
    ['punctuation only matches nothing', q('title', '&&& ---'), []],
    ['LIKE wildcards are literal', q('title', '%'), []],
  ])('%s', async (_what, query, want) => {
    expect(await found(query)).toEqual(want);
  });

  it('combines with and / or / not', async () => {
    const moby = q('title', 'moby');
    expect(await found(moby)).toEqual(['hc-0005', 'hc-0006']);
    expect(await found({ op: 'and', left: moby, right: q('author', 'melville') })).toEqual(['hc-0005']);
    expect(await found({ op: 'not', left: moby, right: q('author', 'melville') })).toEqual(['hc-0006']);
    expect(await found({ op: 'or', left: q('isbn', '0306406152'), right: q('issn', '0028-0836') })).toEqual(['hc-0001', 'hc-0003']);
    expect(await found({ op: 'and', left: moby, right: { op: 'or', left: q('author', 'nobody'), right: q('author', 'else') } })).toEqual(['hc-0006']);
  });

  it('never finds suppressed records', async () => {
    expect(await found(q('title', 'secret temporary'))).toEqual([]);
    expect(await found(q('controlNumber', 'hc-0008'))).toEqual([]);
  });

  it('is scoped to the institution', async () => {
    expect(await found(q('isbn', '0306406152'), 'lkc')).toEqual(['lk-0001']);
    expect(await found(q('title', 'lakeside'))).toEqual([]);
    expect(await found(q('title', 'paging'), 'lkc')).toEqual([]);
  });

  it('pages in title order and counts every match', async () => {
    const page = (offset: number, limit: number) => searchCatalogue(database.db, ids.hcpl, q('author', 'pager'), { offset, limit });
    const first = await page(0, 2);
    expect(first.total).toBe(5);
    expect(first.records.map((r) => r.title)).toEqual(['Paging test volume 1', 'Paging test volume 2']);
    expect((await page(4, 2)).records.map((r) => r.sourceId)).toEqual(['hc-0105']);
    expect(await page(10, 2)).toEqual({ total: 5, records: [] });
    expect(await page(0, 0)).toEqual({ total: 5, records: [] });
  });

  it('returns the record with its identifiers and items', async () => {
    const [record] = (await searchCatalogue(database.db, ids.hcpl, q('oclcNumber', '987654'))).records;
    expect(record).toMatchObject({ sourceId: 'hc-0005', marcFormat: 'marcxml', author: 'Melville, Herman', oclcNumbers: ['987654'] });
    expect(record!.items.map((i) => [i.barcode, i.libraryCode, i.status, i.requestable])).toEqual([
      ['HC-5A', 'CENTRAL', 'available', false],
      ['HC-5B', 'BRANCH', 'available', true],
    ]);
  });

  it('matches non-ASCII words case-insensitively', async () => {
    await upsertBibliographicRecord(database.db, {
      institutionId: ids.lkc,
      sourceId: 'lk-uni',
      marcFormat: 'marcxml',
      marc: '<record/>',
      title: 'Über die Straße',
      author: 'Ångström, Anders',
      isbns: [],
      issns: [],
      lccn: null,
      oclcNumbers: [],
      controlNumber: 'lk-uni',
    }, []);
    expect(await found(q('title', 'ÜBER straße'), 'lkc')).toEqual(['lk-uni']);
    expect(await found(q('author', 'ångström'), 'lkc')).toEqual(['lk-uni']);
    expect(await found(q('title', 'stra'), 'lkc')).toEqual([]);
  });
});
