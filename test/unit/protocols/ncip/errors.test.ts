import { describe, expect, it } from 'vitest';
import {
  buildProblemResponse,
  GENERAL_PROCESSING_ERROR_SCHEME,
  MAX_MESSAGE_BYTES,
  MESSAGING_ERROR_SCHEME,
  parseNcipMessage,
  type NcipParseResult,
  type NcipProblem,
} from '../../../../src/protocols/ncip/index.js';
import { ncipSample } from '../../../support/ncipSamples.js';

const NS = 'http://www.niso.org/2008/ncip';
const V = 'http://www.niso.org/schemas/ncip/v2_02/ncip_v2_02.xsd';

function wrap(body: string, root = `<NCIPMessage xmlns="${NS}" xmlns:n="${NS}" n:version="${V}">`): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${root}${body}</NCIPMessage>`;
}

const HEADER = '<InitiationHeader><FromAgencyId><AgencyId>BROKER</AgencyId></FromAgencyId><ToAgencyId><AgencyId>US</AgencyId></ToAgencyId></InitiationHeader>';

function refused(result: NcipParseResult): NcipProblem {
  if (result.ok) throw new Error('expected a problem, got a message');
  // Every refusal can be answered with a problem response.
  expect(buildProblemResponse(result.problem, result)).toContain('<Problem>');
  return result.problem;
}

function expectProblem(result: NcipParseResult, type: string, detail?: RegExp, scheme = MESSAGING_ERROR_SCHEME): NcipProblem {
  const p = refused(result);
  expect(p.problemType).toEqual({ scheme, value: type });
  if (detail) expect(p.problemDetail).toMatch(detail);
  return p;
}

describe('parseNcipMessage refuses bad input with an NCIP Problem, never an exception', () => {
  const syntax: [string, string | Uint8Array, RegExp][] = [
    ['empty input', '', /empty/],
    ['not XML', 'hello', /not well-formed|root/],
    ['unclosed element', wrap(`<CheckInItem>${HEADER}`), /well-formed/],
    ['DOCTYPE with an external entity (XXE)', `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${wrap('&e;')}`, /DOCTYPE/],
    [
      'billion laughs',
      `<!DOCTYPE l [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>${wrap('&c;')}`,
      /DOCTYPE/,
    ],
    ['an undefined entity reference', wrap(`<CheckInItem>${HEADER}<ItemId><ItemIdentifierValue>&e;</ItemIdentifierValue></ItemId></CheckInItem>`), /entity/],
    ['a 2 MB body', wrap(`<CheckInItem>${HEADER}<ItemId><ItemIdentifierValue>${'x'.repeat(2 * 1024 * 1024)}</ItemIdentifierValue></ItemId></CheckInItem>`), /larger than/],
    ['a 2 MB byte body', new Uint8Array(MAX_MESSAGE_BYTES + 1).fill(0x20), /larger than/],
    ['nesting 10,000 deep', wrap(`${'<Ext>'.repeat(10_000)}${'</Ext>'.repeat(10_000)}`), /deeper|well-formed|read/],
    ['invalid UTF-8 bytes', new Uint8Array([...Buffer.from(wrap('<Problem><ProblemType>')), 0xc3, 0x28, ...Buffer.from('</ProblemType></Problem>')]), /UTF-8/],
    ['a NUL character', wrap(`<Problem><ProblemType>a\u0000</ProblemType></Problem>`), /not allowed/],
    ['the wrong root element', `<ISO18626Message xmlns="${NS}"/>`, /root element must be NCIPMessage/],
    ['the wrong namespace', `<NCIPMessage xmlns="http://www.niso.org/2007/ncip" version="${V}"><Problem/></NCIPMessage>`, /namespace/],
    ['no message inside NCIPMessage', wrap(''), /Missing|no message|order/],
    ['two messages', wrap(`<CheckInItem>${HEADER}<ItemId><ItemIdentifierValue>1</ItemIdentifierValue></ItemId></CheckInItem><CheckInItem/>`), /order|repeated|Missing/],
  ];
  for (const [name, input, detail] of syntax) {
    it(`Invalid Message Syntax Error: ${name}`, () => {
      expectProblem(parseNcipMessage(input), 'Invalid Message Syntax Error', detail);
    });
  }

  it('Protocol Error for a missing or unknown version, with the kind and header kept for the answer', () => {
    const body = `<CheckInItem>${HEADER}<ItemId><ItemIdentifierValue>1</ItemIdentifierValue></ItemId></CheckInItem>`;
    const missing = parseNcipMessage(wrap(body, `<NCIPMessage xmlns="${NS}">`));
    expectProblem(missing, 'Protocol Error', /version/);
    expect(!missing.ok && missing.kind).toBe('CheckInItem');
    expect(!missing.ok && missing.header?.fromAgencyId.agencyId.value).toBe('BROKER');
    const answer = buildProblemResponse(refused(missing), missing.ok ? {} : missing);
    expect(answer).toContain('<CheckInItemResponse>');
    expect(answer).toMatch(/<FromAgencyId>\s*<AgencyId>US<\/AgencyId>/);
    expectProblem(parseNcipMessage(wrap(body, `<NCIPMessage xmlns="${NS}" version="http://www.niso.org/schemas/ncip/v1_0/ncip.dtd">`)), 'Protocol Error');
  });

  it('accepts the 2.0 and 2.01 version attributes and an unqualified version', () => {
    const body = `<CheckInItem>${HEADER}<ItemId><ItemIdentifierValue>1</ItemIdentifierValue></ItemId></CheckInItem>`;
    for (const [attr, version] of [
      ['http://www.niso.org/schemas/ncip/v2_0/imp1/xsd/ncip_v2_0.xsd', '2.0'],
      ['http://www.niso.org/schemas/ncip/v2_01/ncip_v2_01.xsd', '2.01'],
      ['http://www.niso.org/schemas/ncip/v2_02/imp1/xsd/ncip_v2_02.xsd', '2.02'],
    ] as const) {
      const r = parseNcipMessage(wrap(body, `<NCIPMessage xmlns="${NS}" version="${attr}">`));
      expect(r.ok && r.version).toBe(version);
    }
  });

  it('Unknown Service for an element that is not an NCIP message', () => {
    const r = parseNcipMessage(wrap('<LendMeEverything/>'));
    const p = expectProblem(r, 'Unknown Service', /LendMeEverything/);
    expect(p.problemElement).toBe('LendMeEverything');
  });

  it('Unknown Element names the element and its path; the kind is kept for the answer', () => {
    const xml = ncipSample('CheckOutItem.xml').replace('<ns1:ItemIdentifierValue>', '<ns1:Colour>red</ns1:Colour><ns1:ItemIdentifierValue>');
    const r = parseNcipMessage(xml);
    const p = expectProblem(r, 'Unknown Element');
    expect(p.problemElement).toBe('Colour');
    expect(p.problemValue).toBe('NCIPMessage/CheckOutItem/ItemId/Colour');
    expect(!r.ok && r.kind).toBe('CheckOutItem');
  });

  it('Unknown Element for an element in another namespace outside Ext', () => {
    const xml = ncipSample('CheckInItem.xml').replace('</ns1:ItemId>', '</ns1:ItemId><x:Note xmlns:x="urn:x">hi</x:Note>');
    expect(expectProblem(parseNcipMessage(xml), 'Unknown Element').problemDetail).toContain('{urn:x}Note');
  });

  it('Unknown Element for a child inside a text element', () => {
    const xml = ncipSample('CheckInItem.xml').replace('19823098123', '<ns1:B>1</ns1:B>');
    expectProblem(parseNcipMessage(xml), 'Unknown Element');
  });

  it('Invalid Message Syntax Error naming a missing mandatory element', () => {
    const xml = wrap(`<CheckInItem>${HEADER}</CheckInItem>`);
    const p = expectProblem(parseNcipMessage(xml), 'Invalid Message Syntax Error', /Missing element NCIPMessage\/CheckInItem\/ItemId/);
    expect(p.problemElement).toBe('ItemId');
    const noValue = wrap(`<CheckInItem>${HEADER}<ItemId><AgencyId>X</AgencyId></ItemId></CheckInItem>`);
    expectProblem(parseNcipMessage(noValue), 'Invalid Message Syntax Error', /ItemIdentifierValue/);
  });

  it('Invalid Message Syntax Error for repeated or misordered elements', () => {
    const repeated = wrap(`<CheckInItem>${HEADER}<ItemId><ItemIdentifierValue>1</ItemIdentifierValue></ItemId><ItemId><ItemIdentifierValue>2</ItemIdentifierValue></ItemId></CheckInItem>`);
    expectProblem(parseNcipMessage(repeated), 'Invalid Message Syntax Error', /repeated or out of order/);
    const misordered = wrap(`<CheckInItem><ItemId><ItemIdentifierValue>1</ItemIdentifierValue></ItemId>${HEADER}</CheckInItem>`);
    expectProblem(parseNcipMessage(misordered), 'Invalid Message Syntax Error', /out of order/);
  });

  it('Invalid Date for a dateTime that is not one; bad integers and text in element-only content', () => {
    const badDate = ncipSample('CheckOutItemResponse.xml').replace('2010-11-18T16:17:03.291Z', 'tomorrow');
    expectProblem(parseNcipMessage(badDate), 'Invalid Date', /xs:dateTime/, GENERAL_PROCESSING_ERROR_SCHEME);
    const badCount = wrap(
      '<RenewItemResponse><ItemId><ItemIdentifierValue>1</ItemIdentifierValue></ItemId><RenewalCount>-1</RenewalCount></RenewItemResponse>',
    );
    expectProblem(parseNcipMessage(badCount), 'Invalid Message Syntax Error', /nonNegativeInteger/);
    const text = ncipSample('CheckInItem.xml').replace('<ns1:ItemId>', '<ns1:ItemId>loose text');
    expectProblem(parseNcipMessage(text), 'Invalid Message Syntax Error', /Unexpected text/);
  });

  it('a bare top-level Problem message parses (the NCIPMessage choice allows it)', () => {
    const r = parseNcipMessage(wrap('<Problem><ProblemType>Temporary Processing Failure</ProblemType></Problem>'));
    expect(r.ok && r.message).toEqual({ kind: 'Problem', body: { problem: [{ problemType: { value: 'Temporary Processing Failure' } }] } });
  });

  it('Ext content of any namespace is accepted and kept raw', () => {
    const xml = wrap(`<CheckInItem>${HEADER}<ItemId><ItemIdentifierValue>1</ItemIdentifierValue></ItemId><Ext><AgencyId>X</AgencyId></Ext></CheckInItem>`);
    const r = parseNcipMessage(xml);
    expect(r.ok && r.message.body.ext?.[0]?.name).toBe('AgencyId');
  });
});

describe('parseNcipMessage stays fast on large hostile messages', () => {
  it('20,000 repeated children parse in well under a second (no quadratic matching)', () => {
    const xml = wrap(`<CheckInItem><ItemId><ItemIdentifierValue>1</ItemIdentifierValue></ItemId>${'<ItemElementType>a</ItemElementType>'.repeat(20_000)}</CheckInItem>`);
    const started = performance.now();
    const r = parseNcipMessage(xml);
    const ms = performance.now() - started;
    expect(r.ok && Array.isArray(r.message.body.itemElementType) && r.message.body.itemElementType.length).toBe(20_000);
    expect(ms).toBeLessThan(2000);
  });
});
