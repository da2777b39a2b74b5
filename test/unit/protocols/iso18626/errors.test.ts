import { describe, expect, it } from 'vitest';
import { parseIso18626, type ParseOutcome } from '../../../../src/protocols/iso18626/index.js';
import { sample } from './samples.js';

const request = sample('RequestSample1.xml');
const cancel = sample('RequestingAgencyMessageCancel.xml');
const loaned = sample('SupplyingAgencyMessageLoaned.xml');

function failure(outcome: ParseOutcome): Extract<ParseOutcome, { ok: false }> {
  if (outcome.ok) throw new Error('expected a failure');
  return outcome;
}

function replaced(xml: string, from: string | RegExp, to: string): string {
  const out = xml.replace(from, to);
  if (out === xml) throw new Error(`test setup: ${String(from)} not found`);
  return out;
}

const requestHeader = {
  supplyingAgencyId: {
    agencyIdType: { value: 'ISIL', scheme: 'http://illtransactions.org/ISO18626/OpenCodeList/AgencyIdTypeList-V1.0' },
    agencyIdValue: 'OCLC-ABCDE',
  },
  requestingAgencyId: {
    agencyIdType: { value: 'ISIL', scheme: 'http://illtransactions.org/ISO18626/OpenCodeList/AgencyIdTypeList-V1.0' },
    agencyIdValue: 'OCLC-ABCDE',
  },
  multipleItemRequestId: 'What is this?',
  timestamp: '2018-02-08T08:34:54Z',
  requestingAgencyRequestId: 'my123',
};

describe('parseIso18626 error mapping', () => {
  describe('BadlyFormedMessage for input that is not an ISO 18626 document', () => {
    const cases: [string, string, RegExp][] = [
      ['empty', '', /empty/],
      ['plain text', 'hello world', /not well-formed/],
      ['unclosed element', '<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626"><request>', /not well-formed/],
      ['two roots', '<a/><b/>', /more than one root/],
      ['wrong root', '<foo xmlns="http://illtransactions.org/2013/iso18626"/>', /root element must be ISO18626Message/],
      ['root in no namespace', '<ISO18626Message version="1.2"><request/></ISO18626Message>', /root element must be ISO18626Message/],
      ['root in another namespace', '<ISO18626Message xmlns="urn:x"/>', /root element must be ISO18626Message/],
      ['no message element', '<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626" version="1.2"/>', /no message element/],
      ['undefined entity', '<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626">&nbsp;</ISO18626Message>', /Undefined entity/],
      ['bare ampersand', '<a>fish & chips</a>', /not well-formed|bare '&'/],
      ['invalid char ref', '<a>&#0;</a>', /does not denote an XML character/],
      ['control character', '<a>\u0001</a>', /not allowed in XML \(U\+0001\)/],
      ['unbound prefix', '<x:ISO18626Message/>', /prefix "x" is not declared/],
      ['< in attribute', '<a b="<"/>', /contains '<'/],
    ];
    for (const [name, xml, reason] of cases) {
      it(name, () => {
        const f = failure(parseIso18626(xml));
        expect(f.issue.type).toBe('BadlyFormedMessage');
        expect(f.issue.value).toMatch(reason);
      });
    }

    it('two message elements', () => {
      const xml = replaced(cancel, '</ns1:requestingAgencyMessage>', '</ns1:requestingAgencyMessage><ns1:requestConfirmation/>');
      expect(failure(parseIso18626(xml)).issue).toEqual({
        type: 'BadlyFormedMessage',
        value: 'ISO18626Message contains more than one message element',
        path: '',
      });
    });
  });

  describe('XXE and entity expansion are refused before parsing', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626" version="1.2"><requestingAgencyMessage><header><requestingAgencyRequestId>&e;</requestingAgencyRequestId></header></requestingAgencyMessage></ISO18626Message>`;
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626" version="1.2"><requestingAgencyMessage><header><requestingAgencyRequestId>&lol3;</requestingAgencyRequestId></header></requestingAgencyMessage></ISO18626Message>`;
    const internal = `<!DOCTYPE ISO18626Message [<!ENTITY id "injected">]>${cancel.replace('<?xml version="1.0" encoding="UTF-8"?>', '').replace('request-id-001', '&id;')}`;

    for (const [name, xml] of [['XXE', xxe], ['billion laughs', laughs], ['internal entity', internal]] as const) {
      it(name, () => {
        const outcome = parseIso18626(xml);
        const f = failure(outcome);
        expect(f.issue.type).toBe('BadlyFormedMessage');
        expect(f.issue.value).toMatch(/DOCTYPE and ENTITY declarations are not accepted/);
        const serialised = JSON.stringify(outcome);
        expect(serialised).not.toContain('root:');
        expect(serialised).not.toContain('lollol');
        expect(serialised).not.toContain('injected');
        expect(f.header).toBeUndefined();
      });
    }

    it('a lowercase or spaced doctype is refused too', () => {
      expect(failure(parseIso18626('<!doctype x><x/>')).issue.type).toBe('BadlyFormedMessage');
    });
  });

  it('UnrecognisedDataElement with the element path for an unknown element, header still read', () => {
    const f = failure(parseIso18626(replaced(request, '<ns1:title>', '<ns1:colour>red</ns1:colour><ns1:title>')));
    expect(f.issue).toEqual({
      type: 'UnrecognisedDataElement',
      value: 'request/bibliographicInfo/colour',
      path: 'request/bibliographicInfo/colour',
    });
    expect(f.kind).toBe('request');
    expect(f.version).toBe('1.2');
    expect(f.header).toEqual(requestHeader);
  });

  it('UnrecognisedDataElement for an element in another namespace', () => {
    const xml = replaced(request, '<ns1:title>', '<x:title xmlns:x="urn:other">t</x:title><ns1:title>');
    expect(failure(parseIso18626(xml)).issue.value).toBe('request/bibliographicInfo/title');
  });

  it('UnrecognisedDataElement for a 2021-only element in a 1.2 message', () => {
    const xml = replaced(request, '<ns1:author>', '<ns1:authorId>0000</ns1:authorId><ns1:author>');
    expect(failure(parseIso18626(xml)).issue).toMatchObject({ type: 'UnrecognisedDataElement', value: 'request/bibliographicInfo/authorId' });
  });

  it('UnrecognisedDataElement for an element inside a simple-content element', () => {
    const xml = replaced(request, '<ns1:title>Something about elephants</ns1:title>', '<ns1:title>x<ns1:b>y</ns1:b></ns1:title>');
    expect(failure(parseIso18626(xml)).issue).toMatchObject({ type: 'UnrecognisedDataElement', value: 'request/bibliographicInfo/title/b' });
  });

  it('UnrecognisedDataElement for an unknown element directly under the root', () => {
    const xml = replaced(cancel, '<ns1:requestingAgencyMessage>', '<ns1:extra/><ns1:requestingAgencyMessage>');
    expect(failure(parseIso18626(xml)).issue).toMatchObject({ type: 'UnrecognisedDataElement', value: 'ISO18626Message/extra' });
  });

  describe('UnrecognisedDataValue names the path and the bad value', () => {
    const cases: [string, string, RegExp | string, string, string][] = [
      ['closed code list', request, '<ns1:serviceType>CopyOrLoan</ns1:serviceType>', '<ns1:serviceType>Teleport</ns1:serviceType>', 'request/serviceInfo/serviceType: "Teleport"'],
      ['xs:dateTime', request, '<ns1:timestamp>2018-02-08T08:34:54Z</ns1:timestamp>', '<ns1:timestamp>yesterday</ns1:timestamp>', 'request/header/timestamp: "yesterday"'],
      ['impossible date', request, '<ns1:needBeforeDate>2018-01-16T14:00:00Z</ns1:needBeforeDate>', '<ns1:needBeforeDate>2018-02-30T14:00:00Z</ns1:needBeforeDate>', 'request/serviceInfo/needBeforeDate: "2018-02-30T14:00:00Z"'],
      ['xs:integer', request, '<ns1:sortOrder>2</ns1:sortOrder>', '<ns1:sortOrder>two</ns1:sortOrder>', 'request/supplierInfo/sortOrder: "two"'],
      ['xs:decimal', request, '<ns1:monetaryValue>99.99</ns1:monetaryValue>', '<ns1:monetaryValue>$99</ns1:monetaryValue>', 'request/billingInfo/maximumCosts/monetaryValue: "$99"'],
      ['xs:boolean', loaned, /<ns1:sentToPatron>\w+<\/ns1:sentToPatron>/, '<ns1:sentToPatron>yes</ns1:sentToPatron>', 'supplyingAgencyMessage/deliveryInfo/sentToPatron: "yes"'],
      ['yesNo', request, '<ns1:anyEdition>Y</ns1:anyEdition>', '<ns1:anyEdition>Yes</ns1:anyEdition>', 'request/serviceInfo/anyEdition: "Yes"'],
      ['2021-only status in 1.2', loaned, /<ns1:status>\w+<\/ns1:status>/, '<ns1:status>HoldReturn</ns1:status>', 'supplyingAgencyMessage/statusInfo/status: "HoldReturn"'],
    ];
    for (const [name, xml, from, to, value] of cases) {
      it(name, () => {
        const f = failure(parseIso18626(replaced(xml, from, to)));
        expect(f.issue).toEqual({ type: 'UnrecognisedDataValue', value, path: value.slice(0, value.indexOf(':')) });
      });
    }
  });

  it('UnsupportedActionType for an unknown action, with the header for the confirmation', () => {
    const f = failure(parseIso18626(replaced(cancel, '<ns1:action>Cancel</ns1:action>', '<ns1:action>Teleport</ns1:action>')));
    expect(f.issue).toEqual({ type: 'UnsupportedActionType', value: 'requestingAgencyMessage/action: "Teleport"', path: 'requestingAgencyMessage/action' });
    expect(f.kind).toBe('requestingAgencyMessage');
    expect(f.header?.requestingAgencyRequestId).toBeDefined();
    expect(f.header?.supplyingAgencyId?.agencyIdValue).toBeDefined();
    expect(f.action).toBeUndefined();
  });

  it('the 2021 action HoldReturn is unsupported in a 1.2 message but fine in 2021', () => {
    const v12 = replaced(cancel, '<ns1:action>Cancel</ns1:action>', '<ns1:action>HoldReturn</ns1:action>');
    expect(failure(parseIso18626(v12)).issue.type).toBe('UnsupportedActionType');
    const v2021 = replaced(v12, 'ns1:version="v1_2_2017"', 'ns1:version="2021-2"').replace(/<ns1:multipleItemRequestId>[^<]*<\/ns1:multipleItemRequestId>|<ns1:multipleItemRequestId\/>/, '');
    const ok = parseIso18626(v2021);
    expect(ok.ok && ok.message.kind === 'requestingAgencyMessage' && ok.message.action).toBe('HoldReturn');
  });

  it('an unknown action in a requestingAgencyMessageConfirmation is UnrecognisedDataValue', () => {
    const xml = replaced(sample('RequestingAgencyMessageConfirmationSample1.xml'), /<ns1:action>\w+<\/ns1:action>/, '<ns1:action>Teleport</ns1:action>');
    expect(failure(parseIso18626(xml)).issue.type).toBe('UnrecognisedDataValue');
  });

  it('UnsupportedReasonForMessageType for an unknown reasonForMessage', () => {
    const f = failure(parseIso18626(replaced(loaned, /<ns1:reasonForMessage>\w+<\/ns1:reasonForMessage>/, '<ns1:reasonForMessage>Gossip</ns1:reasonForMessage>')));
    expect(f.issue).toMatchObject({ type: 'UnsupportedReasonForMessageType', value: 'supplyingAgencyMessage/messageInfo/reasonForMessage: "Gossip"' });
    expect(f.kind).toBe('supplyingAgencyMessage');
    expect(f.reasonForMessage).toBeUndefined();
  });

  it('a failure elsewhere still returns the valid action / reasonForMessage to echo', () => {
    const f = failure(parseIso18626(replaced(cancel, '<ns1:timestamp>', '<ns1:bogus/><ns1:timestamp>')));
    expect(f.action).toBe('Cancel');
    const g = failure(parseIso18626(replaced(loaned, '<ns1:dateSent>', '<ns1:bogus/><ns1:dateSent>')));
    expect(g.reasonForMessage).toBe('RequestResponse');
  });

  describe('BadlyFormedMessage naming the missing mandatory element', () => {
    const cases: [string, string, RegExp, string][] = [
      ['header/requestingAgencyRequestId', request, /<ns1:requestingAgencyRequestId>[^<]*<\/ns1:requestingAgencyRequestId>/, 'request/header/requestingAgencyRequestId'],
      ['bibliographicInfo', request, /<ns1:bibliographicInfo>[\s\S]*<\/ns1:bibliographicInfo>/, 'request/bibliographicInfo'],
      ['agencyIdValue', cancel, /<ns1:agencyIdValue>[^<]*<\/ns1:agencyIdValue>/, 'requestingAgencyMessage/header/supplyingAgencyId/agencyIdValue'],
      ['action', cancel, /<ns1:action>[^<]*<\/ns1:action>/, 'requestingAgencyMessage/action'],
      ['statusInfo/lastChange', loaned, /<ns1:lastChange>[^<]*<\/ns1:lastChange>/, 'supplyingAgencyMessage/statusInfo/lastChange'],
    ];
    for (const [name, xml, from, path] of cases) {
      it(name, () => {
        const f = failure(parseIso18626(replaced(xml, from, '')));
        expect(f.issue).toEqual({ type: 'BadlyFormedMessage', value: `Missing mandatory element ${path}`, path });
      });
    }

    it('an empty address (neither choice)', () => {
      const f = failure(parseIso18626(replaced(request, /<ns1:address>\s*<ns1:electronicAddress>[\s\S]*?<\/ns1:electronicAddress>\s*<\/ns1:address>/, '<ns1:address/>')));
      expect(f.issue.type).toBe('BadlyFormedMessage');
      expect(f.issue.value).toBe(
        'Missing mandatory element request/requestingAgencyInfo/address/electronicAddress or request/requestingAgencyInfo/address/physicalAddress',
      );
    });

    it('a 2021 request without serviceInfo (mandatory in 2021 only)', () => {
      const xml = replaced(replaced(request, 'ns1:version="v1_2_2017"', 'ns1:version="2021"'), /<ns1:serviceInfo>[\s\S]*<\/ns1:serviceInfo>/, '');
      const noMultiple = xml.replace(/<ns1:multipleItemRequestId>[^<]*<\/ns1:multipleItemRequestId>/, '');
      const f = failure(parseIso18626(noMultiple));
      expect(f.version).toBe('2021');
      expect(f.issue.value).toBe('Missing mandatory element request/serviceInfo');
    });
  });

  it('a repeated non-repeating element is BadlyFormedMessage', () => {
    const f = failure(parseIso18626(replaced(request, '<ns1:title>', '<ns1:title>one</ns1:title><ns1:title>')));
    expect(f.issue).toEqual({
      type: 'BadlyFormedMessage',
      value: 'Element request/bibliographicInfo/title occurs more than once',
      path: 'request/bibliographicInfo/title',
    });
  });

  it('more than 3 requestSubType in 1.2 is BadlyFormedMessage', () => {
    const four = '<ns1:requestSubType>PatronRequest</ns1:requestSubType>'.repeat(4);
    const f = failure(parseIso18626(replaced(request, '<ns1:requestSubType>TransferRequest</ns1:requestSubType>', four)));
    expect(f.issue.value).toBe('Element request/serviceInfo/requestSubType occurs more than 3 times');
  });

  it('text inside an element-only element is BadlyFormedMessage', () => {
    const f = failure(parseIso18626(replaced(request, '<ns1:bibliographicInfo>', '<ns1:bibliographicInfo>stray')));
    expect(f.issue).toMatchObject({ type: 'BadlyFormedMessage', path: 'request/bibliographicInfo' });
  });

  describe('leniency', () => {
    it('elements out of schema order are accepted', () => {
      const swapped = replaced(
        request,
        /(<ns1:title>[^<]*<\/ns1:title>)\s*(<ns1:author>[^<]*<\/ns1:author>)/,
        '$2$1',
      );
      const a = parseIso18626(swapped);
      const b = parseIso18626(request);
      expect(a.ok).toBe(true);
      expect(a).toEqual(b);
    });

    it('a 1.x header without multipleItemRequestId is accepted (1.1 senders)', () => {
      const xml = replaced(cancel, /<ns1:multipleItemRequestId>[^<]*<\/ns1:multipleItemRequestId>|<ns1:multipleItemRequestId\/>/, '');
      expect(parseIso18626(xml).ok).toBe(true);
    });

    it('code values and dates are trimmed; strings are kept exactly', () => {
      const xml = replaced(cancel, '<ns1:action>Cancel</ns1:action>', '<ns1:action>\n  Cancel\n</ns1:action><ns1:note>  spaced  </ns1:note>');
      const parsed = parseIso18626(xml);
      expect(parsed.ok && parsed.message.kind === 'requestingAgencyMessage' && [parsed.message.action, parsed.message.note]).toEqual([
        'Cancel',
        '  spaced  ',
      ]);
    });

    it('unknown attributes (xsi:schemaLocation) are ignored', () => {
      const xml = replaced(
        cancel,
        'ns1:version="v1_2_2017"',
        'ns1:version="v1_2_2017" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://illtransactions.org/2013/iso18626 x.xsd"',
      );
      expect(parseIso18626(xml).ok).toBe(true);
    });

    it('CRLF line ends and a byte-order mark are accepted; &#13; survives', () => {
      const xml = '\uFEFF' + replaced(cancel, '<ns1:action>Cancel</ns1:action>', '<ns1:action>Cancel</ns1:action><ns1:note>a\r\nb&#13;c</ns1:note>');
      const parsed = parseIso18626(xml);
      expect(parsed.ok && parsed.message.kind === 'requestingAgencyMessage' && parsed.message.note).toBe('a\nb\rc');
    });
  });
});
