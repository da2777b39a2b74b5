import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifyAnswer,
  OUTCOME_ROLES,
  planQueries,
  reviseRota,
  type LocateOutcome,
  type LocatedEntry,
  type MatchField,
} from '../../../../src/domain/locate/index.js';

const ALL_FIELDS: MatchField[] = ['lccn', 'systemControlNumber', 'oclcNumber', 'isbn', 'issn', 'title'];
const OUTCOMES = Object.keys(OUTCOME_ROLES) as LocateOutcome[];

describe('planQueries', () => {
  it('follows the profile order, one query per field, with normalised terms', () => {
    const citation = { title: '  The  Left Hand of Darkness ', isbn: '0-441-47812-3', issn: '0028-0836', lccn: '85 -  2345', oclcNumber: '(OCoLC)ocm00012345' };
    expect(planQueries(citation, ['isbn', 'title', 'lccn', 'issn', 'oclcNumber'])).toEqual([
      { field: 'isbn', index: 'isbn', term: '0441478123' },
      { field: 'title', index: 'title', term: 'The Left Hand of Darkness' },
      { field: 'lccn', index: 'lccn', term: '85002345' },
      { field: 'issn', index: 'issn', term: '0028-0836' },
      { field: 'oclcNumber', index: 'oclcNumber', term: '12345' },
    ]);
  });

  it('searches the OCLC number once when the profile names both control-number fields', () => {
    const queries = planQueries({ title: 'T', oclcNumber: 'ocn000987' }, ['systemControlNumber', 'oclcNumber', 'title']);
    expect(queries).toEqual([
      { field: 'systemControlNumber', index: 'oclcNumber', term: '987' },
      { field: 'title', index: 'title', term: 'T' },
    ]);
  });

  it('skips fields the citation lacks or that are not identifier-shaped', () => {
    expect(planQueries({ title: 'T', isbn: 'not an isbn', issn: '12', lccn: 'x', oclcNumber: 'abc' }, ['isbn', 'issn', 'lccn', 'oclcNumber'])).toEqual([]);
    expect(planQueries({ title: '   ' }, ALL_FIELDS)).toEqual([]);
  });

  it('never plans a field the profile does not name, nor one (index, term) twice', () => {
    fc.assert(
      fc.property(
        fc.record({ title: fc.string(), isbn: fc.option(fc.string(), { nil: undefined }), oclcNumber: fc.option(fc.stringMatching(/^[0-9]{1,9}$/), { nil: undefined }) }),
        fc.uniqueArray(fc.constantFrom(...ALL_FIELDS)),
        (citation, fields) => {
          const queries = planQueries(citation, fields);
          expect(queries.every((q) => fields.includes(q.field))).toBe(true);
          expect(new Set(queries.map((q) => `${q.index}=${q.term}`)).size).toBe(queries.length);
          const positions = queries.map((q) => fields.indexOf(q.field));
          expect([...positions].sort((a, b) => a - b)).toEqual(positions);
        },
      ),
    );
  });
});

describe('classifyAnswer', () => {
  const hits = (n: number, ...items: { status: 'available' | 'on-loan' | 'unavailable' | 'unknown'; requestable?: boolean }[]) => ({ kind: 'hits' as const, hits: n, items });

  it.each([
    ['zero hits', hits(0), true, 'not-held'],
    ['hits without holdings', hits(2), true, 'held'],
    ['an available item', hits(1, { status: 'on-loan' }, { status: 'available' }), true, 'held'],
    ['only items on loan', hits(1, { status: 'on-loan' }, { status: 'unavailable' }), true, 'held-unavailable'],
    ['available but not requestable', hits(1, { status: 'available', requestable: false }), true, 'held-unavailable'],
    ['status unknown', hits(1, { status: 'unknown' }), true, 'held'],
    ['on loan, availability not checked', hits(1, { status: 'on-loan' }), false, 'held'],
  ] as const)('%s', (_name, answer, check, outcome) => {
    expect(classifyAnswer(answer, check)).toBe(outcome);
  });

  it.each(['timeout', 'unreachable', 'error', 'no-profile', 'no-match-fields'] as const)('%s passes through', (kind) => {
    expect(classifyAnswer({ kind }, true)).toBe(kind);
  });
});

describe('reviseRota', () => {
  const entry = (entryId: string, outcome: LocateOutcome): LocatedEntry => ({ entryId, outcome, evidence: `SRU x ${entryId}` });

  it('puts holders first, keeps undetermined ones as fallback and drops the rest with a reason', () => {
    const revised = reviseRota([entry('a', 'unreachable'), entry('b', 'not-held'), entry('c', 'held'), entry('d', 'held-unavailable'), entry('e', 'held')]);
    expect(revised.order).toEqual(['c', 'e', 'a', 'b', 'd']);
    expect(revised.dropped).toEqual([
      { entryId: 'b', reason: 'locate: not held (SRU x b)' },
      { entryId: 'd', reason: 'locate: held, no available item (SRU x d)' },
    ]);
    expect(revised.event).toBe('locate:found');
  });

  it('says locate:none when every entry was ruled out, and for an empty rota', () => {
    expect(reviseRota([entry('a', 'not-held'), entry('b', 'held-unavailable')]).event).toBe('locate:none');
    expect(reviseRota([]).event).toBe('locate:none');
  });

  it('loses and duplicates no entry, keeps holders before fallbacks before dropped, and keeps rota order within each', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...OUTCOMES), { maxLength: 30 }), (outcomes) => {
        const entries = outcomes.map((o, i) => entry(`e${i}`, o));
        const revised = reviseRota(entries);
        expect([...revised.order].sort()).toEqual(entries.map((e) => e.entryId).sort());
        const rank = { holder: 0, fallback: 1, drop: 2 };
        const byId = new Map(entries.map((e, i) => [e.entryId, { role: OUTCOME_ROLES[e.outcome], index: i }]));
        for (let i = 1; i < revised.order.length; i++) {
          const prev = byId.get(revised.order[i - 1]!)!;
          const cur = byId.get(revised.order[i]!)!;
          expect(rank[prev.role] < rank[cur.role] || (prev.role === cur.role && prev.index < cur.index)).toBe(true);
        }
        expect(revised.dropped.map((d) => d.entryId)).toEqual(revised.order.filter((id) => byId.get(id)!.role === 'drop'));
        expect(revised.event).toBe(revised.order.length > revised.dropped.length ? 'locate:found' : 'locate:none');
      }),
    );
  });
});
