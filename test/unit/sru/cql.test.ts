import { describe, expect, it } from 'vitest';
import { BATH_DC_INDEXES, cqlFor, cqlQuote } from '../../../src/protocols/sru/cql.js';

describe('cqlQuote', () => {
  it.each([
    ['plain', '"plain"'],
    ['two words', '"two words"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['back\\slash', '"back\\\\slash"'],
    ['wild* card? ^anchor', '"wild\\* card\\? \\^anchor"'],
    ['and or not prox = < > / ( )', '"and or not prox = < > / ( )"'],
  ])('%j → %s', (term, want) => expect(cqlQuote(term)).toBe(want));
});

describe('cqlFor', () => {
  it('uses the Bath/DC defaults', () => {
    expect(BATH_DC_INDEXES).toMatchObject({ isbn: 'bath.isbn', issn: 'bath.issn', lccn: 'bath.lccn', controlNumber: 'rec.id', title: 'dc.title', author: 'dc.creator' });
    expect(cqlFor({ isbn: '0839108826' })).toBe('bath.isbn = "0839108826"');
    expect(cqlFor({ title: 'How to program' })).toBe('dc.title all "How to program"');
  });

  it('orders fields, ANDs them and ORs multiple values in parentheses', () => {
    expect(cqlFor({ title: 'Internet world', issn: ['1064-3923', '1064-3923', ' '], lccn: '92646062', isbn: ['1', '2'] })).toBe(
      'bath.lccn = "92646062" and (bath.isbn = "1" or bath.isbn = "2") and bath.issn = "1064-3923" and dc.title all "Internet world"',
    );
  });

  it('combine: or keeps value groups parenthesised (CQL booleans are left-associative, no precedence)', () => {
    expect(cqlFor({ isbn: ['1', '2'], oclcNumber: '26273275' }, {}, { combine: 'or' })).toBe('bath.standardIdentifier = "26273275" or (bath.isbn = "1" or bath.isbn = "2")');
  });

  it('escapes hostile terms so they cannot change the query structure', () => {
    const q = cqlFor({ title: 'x" or dc.title = "*', author: 'a\\' });
    expect(q).toBe('dc.title all "x\\" or dc.title = \\"\\*" and dc.creator all "a\\\\"');
  });

  it('configurable index names and text relation; collapses whitespace', () => {
    expect(cqlFor({ oclcNumber: '123', controlNumber: 'ACD-3837', author: '  Smith,\n John ' }, { oclcNumber: 'oclc.no', controlNumber: 'dc.identifier' }, { textRelation: '=' })).toBe(
      'dc.identifier = "ACD-3837" and oclc.no = "123" and dc.creator = "Smith, John"',
    );
  });

  it('null when there is nothing to search; RangeError for a bad index name', () => {
    expect(cqlFor({})).toBeNull();
    expect(cqlFor({ isbn: [], title: '   ' })).toBeNull();
    expect(() => cqlFor({ isbn: '1' }, { isbn: 'bath.isbn = "x" or y' })).toThrow(RangeError);
  });
});
