/**
 * XSD conformance of the ISO 18626 builders, proven with xmllint:
 * (1) every OCLC sample, rebuilt as 1.2 and as 2021;
 * (2) ≥ 1,000 generated messages per kind per version (1.2 and 2021), plus cross-version builds;
 * (3) error confirmations built from parse failures, in both versions.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildIso18626,
  confirmationFor,
  MESSAGE_KINDS,
  parseIso18626,
  toVersion,
  type Iso18626Message,
  type Iso18626Version,
} from '../../../src/protocols/iso18626/index.js';
import { messageArbitraries } from '../../unit/protocols/iso18626/arbitraries.js';
import { samples as oclcSamples, STANDARDS_DIR } from '../../unit/protocols/iso18626/samples.js';
import { describeFailures, requireXmllint, validateWithXsd } from '../../support/xmllint.js';

const XSD: Record<'1.2' | '2021', string> = {
  '1.2': join(STANDARDS_DIR, 'ISO-18626-v1_2.xsd'),
  '2021': join(STANDARDS_DIR, 'ISO-18626-2021-2.xsd'),
};
const PER_KIND = 1000;

const available = requireXmllint('ISO 18626 XSD conformance tests');

function expectAllValid(xsd: string, docs: string[]): void {
  const results = validateWithXsd(xsd, docs);
  expect(results).toHaveLength(docs.length);
  const failures = results.filter((r) => !r.valid);
  expect(failures.length, describeFailures(results, docs)).toBe(0);
}

describe.skipIf(!available)('ISO 18626 builders validate against the XSDs (xmllint)', () => {
  const samples = oclcSamples;

  it('the xmllint helper reports invalid documents per file, with messages', () => {
    const good = buildIso18626(
      { kind: 'requestConfirmation', confirmationHeader: { timestamp: '2024-01-01T00:00:00Z', timestampReceived: '2024-01-01T00:00:00Z', messageStatus: 'OK' } },
      '1.2',
    );
    const bad = good.replace('<messageStatus>OK</messageStatus>', '<messageStatus>MAYBE</messageStatus>');
    const results = validateWithXsd(XSD['1.2'], [good, bad, 'not xml', good], 2);
    expect(results.map((r) => r.valid)).toEqual([true, false, false, true]);
    expect(results[1]?.messages.join('\n')).toContain('MAYBE');
  });

  it('has the 29 OCLC samples', () => {
    expect(samples).toHaveLength(29);
  });

  it('every OCLC sample rebuilt as 1.2 validates against the 1.2 XSD and round-trips', () => {
    const docs: string[] = [];
    for (const { file, xml } of samples) {
      const parsed = parseIso18626(xml);
      expect(parsed.ok, file).toBe(true);
      if (!parsed.ok) continue;
      const rebuilt = buildIso18626(parsed.message, '1.2');
      docs.push(rebuilt);
      const again = parseIso18626(rebuilt);
      expect(again.ok && again.message, file).toEqual(parsed.message);
    }
    expectAllValid(XSD['1.2'], docs);
  });

  it('every OCLC sample rebuilt as 2021 validates against the 2021 XSD (requests without serviceInfo get none → skipped)', () => {
    const docs: string[] = [];
    const skipped: string[] = [];
    for (const { file, xml } of samples) {
      const parsed = parseIso18626(xml);
      if (!parsed.ok) throw new Error(`${file} did not parse`);
      if (parsed.message.kind === 'request' && !parsed.message.serviceInfo) {
        skipped.push(file);
        expect(() => buildIso18626(parsed.message, '2021')).toThrow(/serviceInfo/);
        continue;
      }
      const rebuilt = buildIso18626(parsed.message, '2021');
      docs.push(rebuilt);
      const again = parseIso18626(rebuilt);
      expect(again.ok && again.version).toBe('2021');
      expect(again.ok && again.message, file).toEqual(toVersion(parsed.message, '2021'));
    }
    expect(docs.length + skipped.length).toBe(samples.length);
    expectAllValid(XSD['2021'], docs);
  });

  describe('property: generated messages of every kind', () => {
    const timings: string[] = [];
    for (const version of ['1.2', '2021'] as const) {
      it(`${PER_KIND} messages per kind (${MESSAGE_KINDS.length} kinds) built as ${version} are XSD-valid and parse back deep-equal`, () => {
        const arbs = messageArbitraries(version);
        const messages: Iso18626Message[] = [];
        for (const [i, kind] of MESSAGE_KINDS.entries()) {
          messages.push(...fc.sample(arbs[kind], { numRuns: PER_KIND, seed: 18626 + i + (version === '2021' ? 100 : 0) }));
        }
        expect(messages).toHaveLength(PER_KIND * MESSAGE_KINDS.length);
        const docs = messages.map((m) => buildIso18626(m, version));
        for (const [i, doc] of docs.entries()) {
          const parsed = parseIso18626(doc);
          if (!parsed.ok) throw new Error(`#${i} did not parse: ${JSON.stringify(parsed.issue)}\n${doc}`);
          expect(parsed.version).toBe(version);
          expect(parsed.message).toEqual(messages[i]);
        }
        const started = performance.now();
        expectAllValid(XSD[version], docs);
        timings.push(`${version}: ${docs.length} documents validated in ${Math.round(performance.now() - started)} ms`);
        console.warn(`xmllint timing — ${timings.at(-1)}`);
      });
    }

    const crossings: [Iso18626Version, '1.2' | '2021'][] = [
      ['2021', '1.2'],
      ['1.2', '2021'],
      ['1.1', '2021'],
    ];
    for (const [from, to] of crossings) {
      it(`messages generated for ${from} and built as ${to} are valid and parse back as toVersion(m, ${to})`, () => {
        const arbs = messageArbitraries(from);
        const messages: Iso18626Message[] = [];
        for (const [i, kind] of MESSAGE_KINDS.entries()) {
          for (const m of fc.sample(arbs[kind], { numRuns: 200, seed: 7 + i })) {
            // Mandatory values that do not exist in the target version cannot be written (documented).
            if (to !== '2021' && m.kind === 'supplyingAgencyMessage' && ['HoldReturn', 'ReleaseHoldReturn'].includes(m.statusInfo.status)) continue;
            if (to !== '2021' && m.kind === 'requestingAgencyMessage' && ['HoldReturn', 'Lost'].includes(m.action)) continue;
            if (to !== '2021' && m.kind === 'request' && !m.header.supplyingAgencyId) continue;
            if (to === '2021' && m.kind === 'request' && !m.serviceInfo) continue;
            messages.push(m);
          }
        }
        expect(messages.length).toBeGreaterThan(800);
        const docs = messages.map((m) => buildIso18626(m, to));
        docs.forEach((doc, i) => {
          const parsed = parseIso18626(doc);
          expect(parsed.ok && parsed.message).toEqual(toVersion(messages[i]!, to));
        });
        expectAllValid(XSD[to], docs);
      });
    }
  });

  describe('error confirmations', () => {
    const broken: string[] = [];
    beforeAll(() => {
      const rma = samples.find((s) => s.file === 'RequestingAgencyMessageCancel.xml')!.xml;
      const sam = samples.find((s) => s.file === 'SupplyingAgencyMessageLoaned.xml')!.xml;
      const req = samples.find((s) => s.file === 'RequestSample1.xml')!.xml;
      broken.push(
        '',
        'not xml at all',
        '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
        '<ISO18626Message xmlns="urn:other"/>',
        rma.replace('<ns1:action>Cancel</ns1:action>', '<ns1:action>Teleport</ns1:action>'),
        sam.replace(/<ns1:reasonForMessage>\w+<\/ns1:reasonForMessage>/, '<ns1:reasonForMessage>Gossip</ns1:reasonForMessage>'),
        req.replace('<ns1:serviceType>CopyOrLoan</ns1:serviceType>', '<ns1:serviceType>Teleport</ns1:serviceType>'),
        req.replace(/<ns1:requestingAgencyRequestId>.*<\/ns1:requestingAgencyRequestId>/, ''),
        req.replace('<ns1:title>', '<ns1:colour>red</ns1:colour><ns1:title>'),
        sam.replace(/<ns1:agencyIdValue>[^<]*<\/ns1:agencyIdValue>/, '<ns1:agencyIdValue>a<b>x</b></ns1:agencyIdValue>'),
        rma.replace('<ns1:action>Cancel</ns1:action>', '<ns1:action>Cancel</ns1:action><ns1:action>Renew</ns1:action>'),
      );
    });

    for (const version of ['1.2', '2021'] as const) {
      it(`confirmations for failed parses validate against the ${version} XSD`, () => {
        const docs = broken.map((xml, i) => {
          const outcome = parseIso18626(xml);
          expect(outcome.ok, `broken input #${i}`).toBe(false);
          const confirmation = confirmationFor(outcome, {
            status: 'ERROR',
            timestamp: '2024-05-01T10:00:00Z',
            timestampReceived: '2024-05-01T09:59:59.5+02:00',
          });
          return buildIso18626(confirmation, version);
        });
        expect(docs.filter((d) => d.includes('<errorType>'))).toHaveLength(broken.length);
        expectAllValid(XSD[version], docs);
      });
    }
  });
});
