import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cqlFor, type CqlMatchFields } from '../../../src/protocols/sru/cql.js';
import { CQL_LIMITS, parseCql, type CqlNode } from '../../../src/protocols/sru/cqlParser.js';
import { catalogueQueryFromCql } from '../../../src/services/catalogue/catalogueQueryFromCql.js';
import type { CatalogueQuery } from '../../../src/store/catalogueRepository.js';

const clause = (index: string, relation: string, term: string) => ({ kind: 'clause', index, relation, term });
const ok = (query: string): CqlNode => {
  const result = parseCql(query);
  if (!result.ok) throw new Error(`${query}: ${JSON.stringify(result.diagnostic)}`);
  return result.query;
};
const code = (query: string) => {
  const result = parseCql(query);
  return result.ok ? undefined : result.diagnostic.code;
};

describe('parseCql: the subset partners send', () => {
  it.each([
    ['moby', clause('cql.serverChoice', '=', 'moby')],
    ['"moby dick"', clause('cql.serverChoice', '=', 'moby dick')],
    ['dc.title = "moby dick"', clause('dc.title', '=', 'moby dick')],
    ['title=moby', clause('title', '=', 'moby')],
    ['bath.isbn == 0306406152', clause('bath.isbn', '==', '0306406152')],
    ['dc.title EXACT "Moby Dick"', clause('dc.title', 'exact', 'Moby Dick')],
    ['dc.title cql.all "a b"', clause('dc.title', 'all', 'a b')],
    ['dc.title any "a b"', clause('dc.title', 'any', 'a b')],
    ['dc.title adj "a b"', clause('dc.title', 'adj', 'a b')],
    ['dc.title = "say \\"hi\\" \\\\ \\* \\?"', clause('dc.title', '=', 'say "hi" \\ * ?')],
    ['  ( ( moby ) )  ', clause('cql.serverChoice', '=', 'moby')],
    ['dc.title = "" ', clause('dc.title', '=', '')],
    ['dc.title = "and"', clause('dc.title', '=', 'and')],
    ['dc.title = "unicode ünïcødé 書"', clause('dc.title', '=', 'unicode ünïcødé 書')],
  ])('%s', (query, want) => expect(ok(query)).toEqual(want));

  it('combines booleans left to right without precedence, case-insensitively', () => {
    expect(ok('a AND b or c NOT d')).toEqual({
      kind: 'boolean',
      op: 'not',
      left: {
        kind: 'boolean',
        op: 'or',
        left: { kind: 'boolean', op: 'and', left: clause('cql.serverChoice', '=', 'a'), right: clause('cql.serverChoice', '=', 'b') },
        right: clause('cql.serverChoice', '=', 'c'),
      },
      right: clause('cql.serverChoice', '=', 'd'),
    });
  });

  it('lets parentheses group the right-hand side', () => {
    expect(ok('dc.title = a and (isbn = 1 or isbn = 2)')).toEqual({
      kind: 'boolean',
      op: 'and',
      left: clause('dc.title', '=', 'a'),
      right: { kind: 'boolean', op: 'or', left: clause('isbn', '=', '1'), right: clause('isbn', '=', '2') },
    });
  });

  it.each([
    ['', 27],
    ['   ', 27],
    ['dc.title = "open', 10],
    ['dc.title = "ends with backslash\\', 10],
    ['(moby', 10],
    ['moby)', 10],
    [')', 10],
    ['moby and', 10],
    ['and moby', 19],
    ['dc.title =', 10],
    ['dc.title = (x)', 10],
    ['"quoted" = index', 10],
    ['9bad = x', 10],
    ['a.b.c = x', 10],
    ['moby dick', 19],
    ['dc.title <> x', 19],
    ['dc.title >= 1990', 19],
    ['dc.title within "1 2"', 19],
    ['dc.title =/stem x', 20],
    ['a and/rel.combine=sum b', 46],
    ['a prox b', 37],
    ['a sortby dc.title', 80],
    ['@attr 1=4 moby', 10],
    ['> dc = "info:srw/cql-context-set/1/dc-v1.1" dc.title = x', 10],
  ])('%j is diagnostic %i', (query, want) => expect(code(query)).toBe(want));

  it('reports where parsing stopped', () => {
    const result = parseCql('dc.title = moby and )');
    expect(result).toMatchObject({ ok: false, diagnostic: { code: 10, message: 'Query syntax error' } });
    expect(!result.ok && result.diagnostic.details).toContain('position 20');
  });

  it('refuses hostile sizes quickly and without deep recursion', () => {
    const started = performance.now();
    expect(code('('.repeat(100_000))).toBe(10);
    expect(code(`${'('.repeat(2000)}x${')'.repeat(2000)}`)).toBe(10);
    expect(code(`${'('.repeat(CQL_LIMITS.maxDepth)}x${')'.repeat(CQL_LIMITS.maxDepth)}`)).toBeUndefined();
    expect(code(`${'('.repeat(CQL_LIMITS.maxDepth + 1)}x${')'.repeat(CQL_LIMITS.maxDepth + 1)}`)).toBe(10);
    expect(code(`dc.title = "${'x'.repeat(100_000)}"`)).toBe(10);
    expect(code(Array.from({ length: CQL_LIMITS.maxClauses }, (_, i) => `t${i}`).join(' or '))).toBeUndefined();
    expect(code(Array.from({ length: CQL_LIMITS.maxClauses + 1 }, (_, i) => `t${i}`).join(' or '))).toBe(38);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('never throws for any string: a query or a diagnostic', () => {
    const cqlish = fc.stringMatching(/^[a-z.()" =<>\\/*?^@-]{0,60}$/);
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 80 }), cqlish), (input) => {
        const result = parseCql(input);
        if (!result.ok) expect([10, 19, 20, 27, 37, 38, 46, 80]).toContain(result.diagnostic.code);
      }),
      { numRuns: 3000 },
    );
  });
});

/** What cqlFor's fields mean, as the catalogue query our endpoint should run. */
function expectedQuery(fields: CqlMatchFields): CatalogueQuery | undefined {
  const order = ['lccn', 'controlNumber', 'oclcNumber', 'isbn', 'issn', 'title', 'author'] as const;
  const groups: CatalogueQuery[] = [];
  for (const field of order) {
    const raw = fields[field];
    const values = [...new Set((Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) => v.replace(/\s+/g, ' ').trim()).filter(Boolean))];
    const clauses = values.map((term): CatalogueQuery => ({ index: field, relation: 'all', term }));
    if (clauses.length > 0) groups.push(clauses.reduce((left, right) => ({ op: 'or', left, right })));
  }
  return groups.length === 0 ? undefined : groups.reduce((left, right) => ({ op: 'and', left, right }));
}

describe('cqlFor output round-trips through parseCql and catalogueQueryFromCql', () => {
  const value = fc.string({ minLength: 0, maxLength: 20 });
  const values = fc.oneof(value, fc.array(value, { maxLength: 3 }));
  const fields = fc.record(
    { isbn: values, issn: values, lccn: values, oclcNumber: values, controlNumber: values, title: value, author: value },
    { requiredKeys: [] },
  );

  it('for every field and any characters in the values', () => {
    fc.assert(
      fc.property(fields, (f) => {
        const cql = cqlFor(f);
        const want = expectedQuery(f);
        if (cql === null) {
          expect(want).toBeUndefined();
          return;
        }
        const parsed = parseCql(cql);
        if (!parsed.ok) throw new Error(`${cql}: ${JSON.stringify(parsed.diagnostic)}`);
        expect(catalogueQueryFromCql(parsed.query)).toEqual({ ok: true, query: want });
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    [{ isbn: '0306406152' }, { index: 'isbn', relation: 'all', term: '0306406152' }],
    [{ issn: '0028-0836' }, { index: 'issn', relation: 'all', term: '0028-0836' }],
    [{ lccn: '2001-12345' }, { index: 'lccn', relation: 'all', term: '2001-12345' }],
    [{ oclcNumber: '(OCoLC)123' }, { index: 'oclcNumber', relation: 'all', term: '(OCoLC)123' }],
    [{ controlNumber: 'hc-1' }, { index: 'controlNumber', relation: 'all', term: 'hc-1' }],
    [{ title: 'Moby "Dick"*' }, { index: 'title', relation: 'all', term: 'Moby "Dick"*' }],
    [{ author: 'Melville, H.' }, { index: 'author', relation: 'all', term: 'Melville, H.' }],
  ] as const)('%j', (f, want) => {
    const parsed = parseCql(cqlFor(f)!);
    expect(parsed.ok && catalogueQueryFromCql(parsed.query)).toEqual({ ok: true, query: want });
  });
});
