import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { definitionOf, type Particle } from '../../../../src/protocols/ncip/grammar.js';
import { GRAMMAR_TABLE } from '../../../../src/protocols/ncip/grammar.table.js';
import { buildNcipMessage, buildProblemResponse, NcipBuildError, parseNcipMessage, type NcipParseResult } from '../../../../src/protocols/ncip/index.js';
import { ISSUE6_KINDS, ncipMessageArbitrary } from '../../../support/ncipArbitraries.js';
import { ncipSamples } from '../../../support/ncipSamples.js';

function expectWellShaped(result: NcipParseResult): void {
  expect(typeof result.ok).toBe('boolean');
  if (!result.ok) {
    expect(result.problem.problemType.value.length).toBeGreaterThan(0);
    expect(buildProblemResponse(result.problem, result)).toContain('<ProblemType');
  }
}

const mutation = fc.record({
  at: fc.nat(),
  cut: fc.nat({ max: 40 }),
  insert: fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.constantFrom('<', '>', '&', '&amp;', '&#0;', '<!DOCTYPE x>', '<!--', ']]>', '<![CDATA[', '"', '</ns1:ItemId>', '<ns1:x/>', 'xmlns:ns1="urn:x"', '\u0000', '\uD800', '<ns1:Ext><a/></ns1:Ext>', '<__proto__/>', '<ns1:constructor/>'),
  ),
});

function referenced(p: Particle, out: Set<string>): void {
  if (p.p === 'element') out.add(p.name);
  else if (p.p !== 'any') for (const item of p.items) referenced(item, out);
}

describe('NCIP grammar', () => {
  it('every element a content model refers to is defined (names with digits included)', () => {
    const names = new Set<string>();
    for (const name of Object.keys(GRAMMAR_TABLE)) {
      const def = definitionOf(name);
      if (def?.t === 'complex') referenced(def.content, names);
    }
    expect(names.has('Line1')).toBe(true);
    expect([...names].filter((n) => !definitionOf(n))).toEqual([]);
  });
});

describe('parseNcipMessage never throws', () => {
  it('on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => expectWellShaped(parseNcipMessage(s))), { numRuns: 1000 });
  });

  it('on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => expectWellShaped(parseNcipMessage(b))), { numRuns: 1000 });
  });

  it('on mutated OCLC samples', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ncipSamples), fc.array(mutation, { minLength: 1, maxLength: 4 }), ({ xml }, mutations) => {
        let s = xml;
        for (const { at, cut, insert } of mutations) {
          const i = at % (s.length + 1);
          s = s.slice(0, i) + insert + s.slice(i + cut);
        }
        expectWellShaped(parseNcipMessage(s));
      }),
      { numRuns: 1500 },
    );
  });
});

describe('build → parse round trip on generated messages', () => {
  it(`every issue 6 kind (${ISSUE6_KINDS.length}) round-trips deep-equal`, () => {
    for (const kind of ISSUE6_KINDS) {
      fc.assert(
        fc.property(ncipMessageArbitrary(kind), (message) => {
          const parsed = parseNcipMessage(buildNcipMessage(message));
          if (!parsed.ok) throw new Error(`${kind}: ${JSON.stringify(parsed.problem)}`);
          expect(parsed.message).toEqual(message);
        }),
        { numRuns: 40 },
      );
    }
  });

  it('the builder refuses what cannot be valid', () => {
    expect(() => buildNcipMessage({ kind: 'CheckInItem', body: {} })).toThrow(NcipBuildError);
    expect(() => buildNcipMessage({ kind: 'NoSuchService', body: {} })).toThrow(/Unknown NCIP message/);
    expect(() => buildNcipMessage({ kind: 'CheckInItem', body: { itemId: { itemIdentifierValue: '1' }, colour: 'red' } })).toThrow(/colour/);
    expect(() => buildNcipMessage({ kind: 'CheckOutItemResponse', body: { itemId: { itemIdentifierValue: '1' }, userId: { userIdentifierValue: 'u' }, dateDue: 'soon' } })).toThrow(
      /xs:dateTime/,
    );
    expect(() => buildNcipMessage({ kind: 'RenewItemResponse', body: { itemId: { itemIdentifierValue: '1' }, renewalCount: -1 } })).toThrow(/nonNegativeInteger/);
    expect(() => buildNcipMessage({ kind: 'Problem', body: {} })).toThrow(/at least one/);
  });
});
