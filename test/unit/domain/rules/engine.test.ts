import { describe, expect, it } from 'vitest';
import type { RotaCandidate } from '../../../../src/domain/rota/order.js';
import { conditionHolds, type Condition } from '../../../../src/domain/rules/condition.js';
import { assignRota, decideSending, type RotaAssignmentRule, type RotaTemplateForRules, type SendingRule } from '../../../../src/domain/rules/engine.js';
import { citationType, ruleSubject } from '../../../../src/domain/rules/subject.js';

const now = new Date('2026-03-10T15:00:00Z');
const book = ruleSubject({ citation: { title: 'A Wizard of Earthsea', author: 'Le Guin, Ursula K.', isbn: '9780547773742' }, format: 'physical', serviceType: 'loan', patronGroup: 'Faculty', pickupLocation: 'MAIN' });
const article = ruleSubject({
  citation: { title: 'Nature', articleTitle: 'On Dragons', issn: '0028-0836', doi: '10.1/x' },
  format: 'digital',
  serviceType: 'copy',
  neededBefore: new Date('2026-03-14T00:00:00Z'),
});

const holds = (condition: Condition, subject = book) => conditionHolds(condition, subject, now);

describe('citation type', () => {
  it.each([
    [{ title: 'Dune' }, 'book'],
    [{ title: 'Nature', articleTitle: 'On Dragons', issn: '1' }, 'article'],
    [{ title: 'Essays', articleTitle: 'Chapter 3', isbn: '978' }, 'chapter'],
    [{ title: 'Essays', articleTitle: 'Chapter 3', isbn: '978', issn: '1' }, 'article'],
    [{ title: 'Loose part', articleTitle: 'Part' }, 'article'],
  ])('%j is a %s', (citation, type) => {
    expect(citationType(citation)).toBe(type);
  });
});

describe('operators', () => {
  it('equals and in compare without regard to case or blanks', () => {
    expect(holds({ field: 'patronGroup', operator: 'equals', value: ' faculty ' })).toBe(true);
    expect(holds({ field: 'patronGroup', operator: 'equals', value: 'Staff' })).toBe(false);
    expect(holds({ field: 'format', operator: 'in', value: ['digital', 'physical'] })).toBe(true);
    expect(holds({ field: 'format', operator: 'in', value: ['digital'] })).toBe(false);
    expect(holds({ field: 'requestedMedia', operator: 'equals', value: 'digital' }, article)).toBe(true);
  });

  it('equals, in and contains never hold for a missing value; not does', () => {
    expect(holds({ field: 'patronGroup', operator: 'equals', value: 'Faculty' }, article)).toBe(false);
    expect(holds({ field: 'patronGroup', operator: 'in', value: ['Faculty'] }, article)).toBe(false);
    expect(holds({ field: 'author', operator: 'contains', value: 'x' }, article)).toBe(false);
    expect(holds({ field: 'patronGroup', operator: 'not', value: 'Faculty' }, article)).toBe(true);
  });

  it('not is not-equals with one value and not-in with a list', () => {
    expect(holds({ field: 'serviceType', operator: 'not', value: 'copy' })).toBe(true);
    expect(holds({ field: 'serviceType', operator: 'not', value: 'loan' })).toBe(false);
    expect(holds({ field: 'citationType', operator: 'not', value: ['article', 'chapter'] })).toBe(true);
    expect(holds({ field: 'citationType', operator: 'not', value: ['book', 'chapter'] })).toBe(false);
  });

  it('empty and not-empty see identifiers, blank text and dates', () => {
    expect(holds({ field: 'isbn', operator: 'not-empty' })).toBe(true);
    expect(holds({ field: 'issn', operator: 'empty' })).toBe(true);
    expect(holds({ field: 'doi', operator: 'not-empty' }, article)).toBe(true);
    expect(holds({ field: 'oclcNumber', operator: 'not-empty' }, article)).toBe(false);
    expect(holds({ field: 'lccn', operator: 'empty' }, article)).toBe(true);
    expect(holds({ field: 'pickupLocation', operator: 'empty' }, { ...book, pickupLocation: '  ' })).toBe(true);
    expect(holds({ field: 'neededBefore', operator: 'empty' })).toBe(true);
    expect(holds({ field: 'neededBefore', operator: 'not-empty' }, article)).toBe(true);
  });

  it('contains is a case-insensitive substring of title or author (the part for an article)', () => {
    expect(holds({ field: 'title', operator: 'contains', value: 'WIZARD' })).toBe(true);
    expect(holds({ field: 'author', operator: 'contains', value: 'le guin' })).toBe(true);
    expect(holds({ field: 'title', operator: 'contains', value: 'dragons' }, article)).toBe(true);
    expect(holds({ field: 'title', operator: 'contains', value: 'nature' }, article)).toBe(false);
  });

  it('before and after compare with a day, or with a number of days from today', () => {
    // needed before 2026-03-14; today is 2026-03-10.
    expect(holds({ field: 'neededBefore', operator: 'before', value: '2026-03-15' }, article)).toBe(true);
    expect(holds({ field: 'neededBefore', operator: 'before', value: '2026-03-14' }, article)).toBe(false);
    expect(holds({ field: 'neededBefore', operator: 'after', value: '2026-03-13' }, article)).toBe(true);
    expect(holds({ field: 'neededBefore', operator: 'after', value: '2026-03-14' }, article)).toBe(false);
    expect(holds({ field: 'neededBefore', operator: 'before', value: 7 }, article)).toBe(true);
    expect(holds({ field: 'neededBefore', operator: 'before', value: 4 }, article)).toBe(false);
    expect(holds({ field: 'neededBefore', operator: 'after', value: 4 }, article)).toBe(false);
    expect(holds({ field: 'neededBefore', operator: 'after', value: 3 }, article)).toBe(true);
    // No date: neither before nor after anything.
    expect(holds({ field: 'neededBefore', operator: 'before', value: 365 })).toBe(false);
    expect(holds({ field: 'neededBefore', operator: 'after', value: '2000-01-01' })).toBe(false);
  });
});

const partner = (code: string, averageSupplyDays: number | null = null, active = true): RotaCandidate => ({ partnerId: `id-${code}`, code, averageSupplyDays, active });
const templates = new Map<string, RotaTemplateForRules>([
  ['FAST', { code: 'FAST', ordered: false, partners: [partner('SLOW', 9), partner('QUICK', 1), partner('UNKNOWN'), partner('MID', 4)] }],
  ['LOCAL', { code: 'LOCAL', ordered: true, partners: [partner('B'), partner('A')] }],
  ['WIDE', { code: 'WIDE', ordered: true, partners: [partner('A'), partner('C', 1, false)] }],
]);
const rule = (code: string, template: string, conditions: Condition[] = [], enabled = true): RotaAssignmentRule => ({ code, name: code, enabled, conditions, template });
const codes = (rules: readonly { code: string }[]) => rules.map((r) => r.code);

describe('rota assignment', () => {
  it('follows the rules in order; each match appends its partners, a partner listed again keeps its first place', () => {
    const rules = [rule('local', 'LOCAL'), rule('articles', 'FAST', [{ field: 'citationType', operator: 'equals', value: 'article' }]), rule('wide', 'WIDE')];
    const { matchedRules, rota } = assignRota(rules, templates, book, now);
    expect(codes(matchedRules)).toEqual(['local', 'wide']);
    expect(codes(rota)).toEqual(['B', 'A', 'C']);
    expect(rota.find((p) => p.code === 'C')?.active).toBe(false);
  });

  it('sorts an unordered template by average supply time, unknown last', () => {
    const { rota } = assignRota([rule('fast', 'FAST')], templates, book, now);
    expect(codes(rota)).toEqual(['QUICK', 'MID', 'SLOW', 'UNKNOWN']);
  });

  it('needs every condition of a rule to hold', () => {
    const rules = [
      rule('both', 'LOCAL', [
        { field: 'format', operator: 'equals', value: 'physical' },
        { field: 'patronGroup', operator: 'equals', value: 'staff' },
      ]),
    ];
    expect(assignRota(rules, templates, book, now).matchedRules).toEqual([]);
    expect(codes(assignRota(rules, templates, { ...book, patronGroup: 'Staff' }, now).matchedRules)).toEqual(['both']);
  });

  it('skips disabled rules, even catch-alls', () => {
    const { matchedRules, rota } = assignRota([rule('off', 'LOCAL', [], false), rule('wide', 'WIDE')], templates, book, now);
    expect(codes(matchedRules)).toEqual(['wide']);
    expect(codes(rota)).toEqual(['A', 'C']);
  });

  it('builds nothing when no rule matches', () => {
    expect(assignRota([rule('copies', 'FAST', [{ field: 'serviceType', operator: 'equals', value: 'copy' }])], templates, book, now)).toEqual({ matchedRules: [], rota: [] });
  });

  it('refuses a rule naming a template it was not given', () => {
    expect(() => assignRota([rule('lost', 'NOPE')], templates, book, now)).toThrow(/unknown template NOPE/);
  });
});

describe('sending decision', () => {
  const sending = (code: string, decision: SendingRule['sending'], conditions: Condition[], enabled = true): SendingRule => ({ code, name: code, enabled, conditions, sending: decision });

  it('is automatic when no rule matches', () => {
    expect(decideSending([sending('rush', 'wait-for-staff', [{ field: 'neededBefore', operator: 'before', value: 3 }])], book, now)).toEqual({ sending: 'send-automatically', rule: null });
  });

  it('takes the first matching enabled rule', () => {
    const rules = [
      sending('off', 'send-automatically', [], false),
      sending('copies', 'wait-for-staff', [{ field: 'serviceType', operator: 'equals', value: 'copy' }]),
      sending('rest', 'send-automatically', []),
    ];
    expect(decideSending(rules, article, now)).toMatchObject({ sending: 'wait-for-staff', rule: { code: 'copies' } });
    expect(decideSending(rules, book, now)).toMatchObject({ sending: 'send-automatically', rule: { code: 'rest' } });
  });
});
