/**
 * XSD conformance of the NCIP codec, proven with xmllint against ncip_v2_02.xsd:
 * (1) all 43 OCLC samples are themselves valid (none had to be excluded), and rebuild valid;
 * (2) generated messages of every issue 6 kind (requests and responses), and of every other
 *     message in the XSD, build valid;
 * (3) Problem responses built from parse failures, for every kind and bare, are valid.
 */
import { describe, expect, it } from 'vitest';
import { definitionOf } from '../../../src/protocols/ncip/grammar.js';
import { buildNcipMessage, buildProblemResponse, messagingProblem, parseNcipMessage, processingErrorScheme, type NcipHeader } from '../../../src/protocols/ncip/index.js';
import { ISSUE6_KINDS, randomMessage } from '../../support/ncipArbitraries.js';
import { NCIP_XSD_PATH, ncipSamples } from '../../support/ncipSamples.js';
import { describeFailures, requireXmllint, validateWithXsd } from '../../support/xmllint.js';

const PER_KIND = 200;
const available = requireXmllint('NCIP XSD conformance tests');

function expectAllValid(docs: string[]): void {
  const results = validateWithXsd(NCIP_XSD_PATH, docs);
  expect(results).toHaveLength(docs.length);
  expect(results.filter((r) => !r.valid).length, describeFailures(results, docs)).toBe(0);
}

function allMessageKinds(): string[] {
  const root = definitionOf('NCIPMessage');
  if (root?.t !== 'complex') throw new Error('no NCIPMessage');
  return [...root.names].filter((n) => n !== 'Problem' && n !== 'Ext');
}

const HEADER: NcipHeader = { fromAgencyId: { agencyId: { scheme: 'http://oclc.org/ncip/schemes/agencyid/symbol.scm', value: 'BROKER' } }, toAgencyId: { agencyId: { value: 'US' } } };

describe.skipIf(!available)('NCIP codec output validates against ncip_v2_02.xsd (xmllint)', () => {
  it('the xmllint check can fail: a sample with an element out of order is reported invalid', () => {
    const sample = ncipSamples.find((s) => s.file === 'CheckInItem.xml')?.xml ?? '';
    const broken = sample.replace(/(<ns1:InitiationHeader>[\s\S]*?<\/ns1:InitiationHeader>)([\s\S]*?<\/ns1:ItemId>)/, '$2$1');
    expect(broken).not.toBe(sample);
    expect(validateWithXsd(NCIP_XSD_PATH, [sample, broken]).map((r) => r.valid)).toEqual([true, false]);
  });

  it('all 43 OCLC samples are valid as published', () => {
    expect(ncipSamples).toHaveLength(43);
    expectAllValid(ncipSamples.map((s) => s.xml));
  });

  it('all 43 OCLC samples, parsed and rebuilt, are valid', () => {
    expectAllValid(
      ncipSamples.map(({ file, xml }) => {
        const r = parseNcipMessage(xml);
        if (!r.ok) throw new Error(`${file}: ${JSON.stringify(r.problem)}`);
        return buildNcipMessage(r.message, r.version);
      }),
    );
  });

  it(`${PER_KIND} generated messages per issue 6 kind (${ISSUE6_KINDS.length} kinds) are valid and parse back deep-equal`, () => {
    const docs: string[] = [];
    let buildMs = 0;
    let parseMs = 0;
    for (const [k, kind] of ISSUE6_KINDS.entries()) {
      for (let i = 0; i < PER_KIND; i++) {
        const message = randomMessage(kind, 6_000_000 + k * 10_000 + i);
        let t = performance.now();
        const xml = buildNcipMessage(message);
        buildMs += performance.now() - t;
        t = performance.now();
        const parsed = parseNcipMessage(xml);
        parseMs += performance.now() - t;
        if (!parsed.ok) throw new Error(`${kind} #${i}: ${JSON.stringify(parsed.problem)}\n${xml}`);
        expect(parsed.message).toEqual(message);
        docs.push(xml);
      }
    }
    const started = performance.now();
    expectAllValid(docs);
    console.warn(
      `NCIP timing — ${docs.length} generated messages: build ${Math.round(docs.length / (buildMs / 1000))}/s, parse ${Math.round(docs.length / (parseMs / 1000))}/s; xmllint ${Math.round(performance.now() - started)} ms`,
    );
  });

  it('20 generated messages of every other NCIP 2.02 message kind are valid', () => {
    const others = allMessageKinds().filter((k) => !ISSUE6_KINDS.includes(k));
    expect(others.length).toBeGreaterThan(40);
    const docs = others.flatMap((kind, k) => Array.from({ length: 20 }, (_, i) => buildNcipMessage(randomMessage(kind, 7_000_000 + k * 100 + i))));
    expectAllValid(docs);
  });

  it('Problem responses are valid: for every kind, bare, and from real parse failures', () => {
    const problem = messagingProblem('Invalid Message Syntax Error', 'bad & <worse> "input"', 'ItemId', 'x\ty');
    const docs = allMessageKinds().map((kind) => buildProblemResponse(problem, { kind, header: HEADER }));
    docs.push(buildProblemResponse(problem));
    docs.push(buildProblemResponse({ problemType: { scheme: processingErrorScheme('LookupUser'), value: 'Unknown User' } }, { kind: 'LookupUser' }));
    const failures = [
      '',
      '<x/>',
      '<!DOCTYPE x><x/>',
      ncipSamples[0]?.xml.replace('ns1:version', 'ns1:versio') ?? '',
      ncipSamples[8]?.xml.replace('<ns1:ItemIdentifierValue>', '<ns1:Bogus/><ns1:ItemIdentifierValue>') ?? '',
      ncipSamples[18]?.xml.replace('2010-11-18T16:17:03.291Z', 'never') ?? '',
    ];
    for (const xml of failures) {
      const r = parseNcipMessage(xml);
      if (r.ok) throw new Error(`expected a failure for ${xml.slice(0, 80)}`);
      docs.push(buildProblemResponse(r.problem, r));
    }
    expectAllValid(docs);
  });
});
