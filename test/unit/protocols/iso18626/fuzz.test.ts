import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildIso18626,
  confirmationFor,
  MESSAGE_KINDS,
  parseIso18626,
  toVersion,
  type ParseOutcome,
} from '../../../../src/protocols/iso18626/index.js';
import { messageArbitraries } from './arbitraries.js';
import { samples } from './samples.js';

function expectWellShaped(outcome: ParseOutcome): void {
  expect(typeof outcome.ok).toBe('boolean');
  if (!outcome.ok) {
    expect(outcome.issue.type).toMatch(/^(UnsupportedActionType|UnsupportedReasonForMessageType|UnrecognisedDataElement|UnrecognisedDataValue|BadlyFormedMessage)$/);
    expect(typeof outcome.issue.value).toBe('string');
    // Whatever failed, an error confirmation can be built from it in every version.
    const c = confirmationFor(outcome, { status: 'ERROR', timestamp: '2024-01-01T00:00:00Z', timestampReceived: '2024-01-01T00:00:00Z' });
    for (const v of ['1.1', '1.2', '2021'] as const) expect(buildIso18626(c, v)).toContain('<errorType>');
  }
}

const mutation = fc.record({
  at: fc.nat(),
  cut: fc.nat({ max: 40 }),
  insert: fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.constantFrom('<', '>', '&', '&amp;', '&#0;', '<!DOCTYPE x>', '<!--', ']]>', '<![CDATA[', '"', "'", '</ns1:header>', '<ns1:x/>', 'xmlns:ns1="urn:x"', '\u0000', '\uD800', '<__proto__/>', '<constructor/>'),
  ),
});

describe('parseIso18626 never throws', () => {
  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        expectWellShaped(parseIso18626(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('on XML-ish strings', () => {
    const token = fc.constantFrom('<', '>', '/', '=', '"', '&', ';', 'ns1:', 'xmlns', 'ISO18626Message', 'request', 'header', ' ', '<?xml?>', 'a', '#', 'x:');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (tokens) => {
        expectWellShaped(parseIso18626(tokens.join('')));
      }),
      { numRuns: 2000 },
    );
  });

  it('on mutated OCLC samples', () => {
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.array(mutation, { minLength: 1, maxLength: 4 }), ({ xml }, mutations) => {
        let s = xml;
        for (const { at, cut, insert } of mutations) {
          const i = at % (s.length + 1);
          s = s.slice(0, i) + insert + s.slice(i + cut);
        }
        expectWellShaped(parseIso18626(s));
      }),
      { numRuns: 3000 },
    );
  });

  it('on deep nesting, huge attributes and prototype-ish names', () => {
    const deep = `<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626">${'<a>'.repeat(50_000)}${'</a>'.repeat(50_000)}</ISO18626Message>`;
    for (const xml of [
      deep,
      `<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626" version="${'x'.repeat(1_000_000)}"/>`,
      '<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626"><__proto__/></ISO18626Message>',
      '<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626" __proto__="x"><constructor/></ISO18626Message>',
      '<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626"><request><header><__proto__>1</__proto__></header></request></ISO18626Message>',
    ]) {
      const outcome = parseIso18626(xml);
      expect(outcome.ok).toBe(false);
      expectWellShaped(outcome);
    }
  });

  it('on non-string input from untyped callers', () => {
    for (const junk of [undefined, null, 42, {}, []]) {
      // Deliberately wrong types, as an untyped (JavaScript) caller could pass.
      const outcome = parseIso18626(junk as never);
      expect(outcome.ok).toBe(false);
    }
  });
});

describe('round trip without xmllint (fast)', () => {
  for (const version of ['1.1', '1.2', '2021'] as const) {
    it(`parse(build(m, ${version})) deep-equals m for every kind`, () => {
      const arbs = messageArbitraries(version);
      for (const kind of MESSAGE_KINDS) {
        fc.assert(
          fc.property(arbs[kind], (m) => {
            const outcome = parseIso18626(buildIso18626(m, version));
            if (!outcome.ok) throw new Error(JSON.stringify(outcome.issue));
            expect(outcome.version).toBe(version);
            expect(outcome.message).toEqual(m);
            expect(toVersion(m, version)).toEqual(m);
          }),
          { numRuns: 100 },
        );
      }
    });
  }
});
