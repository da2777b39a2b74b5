import { describe, expect, it } from 'vitest';
import {
  buildIso18626,
  CANONICAL_VERSION_ATTRIBUTE,
  parseIso18626,
  toVersion,
  type MessageKind,
} from '../../../../src/protocols/iso18626/index.js';
import { sample, samples } from './samples.js';

function expectedKind(file: string): MessageKind {
  if (file.startsWith('RequestConfirmation')) return 'requestConfirmation';
  if (file.startsWith('SupplyingAgencyMessageConfirmation')) return 'supplyingAgencyMessageConfirmation';
  if (file.startsWith('RequestingAgencyMessageConfirmation') || file.startsWith('RequestingAgencyConfirmation')) {
    return 'requestingAgencyMessageConfirmation';
  }
  if (file.startsWith('SupplyingAgencyMessage')) return 'supplyingAgencyMessage';
  if (file.startsWith('RequestingAgencyMessage')) return 'requestingAgencyMessage';
  return 'request';
}

describe('OCLC samples', () => {
  it('there are 29 of them', () => {
    expect(samples).toHaveLength(29);
  });

  for (const { file, xml } of samples) {
    it(`${file} parses as 1.2 ${expectedKind(file)} and survives parse → build → parse in 1.1, 1.2 and 2021`, () => {
      const parsed = parseIso18626(xml);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issue));
      expect(parsed.version).toBe('1.2');
      expect(parsed.message.kind).toBe(expectedKind(file));

      const again = parseIso18626(buildIso18626(parsed.message, '1.2'));
      expect(again).toEqual({ ok: true, version: '1.2', message: parsed.message });

      const v11 = parseIso18626(buildIso18626(parsed.message, '1.1'));
      expect(v11).toEqual({ ok: true, version: '1.1', message: toVersion(parsed.message, '1.1') });

      if (parsed.message.kind !== 'request' || parsed.message.serviceInfo) {
        const v2021 = parseIso18626(buildIso18626(parsed.message, '2021'));
        expect(v2021).toEqual({ ok: true, version: '2021', message: toVersion(parsed.message, '2021') });
      }
    });
  }

  it('reads every field of the full request sample into the model', () => {
    const parsed = parseIso18626(sample('RequestSample1.xml'));
    if (!parsed.ok || parsed.message.kind !== 'request') throw new Error('expected a request');
    const m = parsed.message;
    expect(m.header.supplyingAgencyId).toEqual({
      agencyIdType: { value: 'ISIL', scheme: 'http://illtransactions.org/ISO18626/OpenCodeList/AgencyIdTypeList-V1.0' },
      agencyIdValue: 'OCLC-ABCDE',
    });
    expect(m.header.multipleItemRequestId).toBe('What is this?');
    expect(m.header.timestamp).toBe('2018-02-08T08:34:54Z');
    expect(m.serviceInfo?.requestSubType).toEqual(['TransferRequest']);
    expect(m.serviceInfo?.itemFormat?.value).toBe('LargePrint'); // 1.2 preferredFormat
    expect(m.serviceInfo?.anyEdition).toBe('Y');
    expect(m.supplierInfo?.[0]?.sortOrder).toBe(2);
    expect(m.requestedDeliveryInfo?.[0]?.address?.physicalAddress?.region).toEqual({
      value: 'US-OH',
      scheme: 'https://www.iso.org/iso-3166-country-codes.html#2012_iso3166-2',
    });
    expect(m.requestingAgencyInfo?.address?.[0]?.electronicAddress?.electronicAddressData).toBe('librarian@address.net');
    expect(m.billingInfo?.maximumCosts).toEqual({
      currencyCode: { value: 'USD', scheme: 'https://www.iso.org/iso-4217-currency-codes.html' },
      monetaryValue: '99.99',
    });
  });

  it('maps 1.2 messageInfo offeredCosts/retryAfter/retryBefore and deliveryInfo sentVia/deliveredFormat to the model', () => {
    const parsed = parseIso18626(sample('SupplyingAgencyMessageSample1.xml'));
    if (!parsed.ok || parsed.message.kind !== 'supplyingAgencyMessage') throw new Error('expected a supplyingAgencyMessage');
    const m = parsed.message;
    expect(m.retryInfo?.offeredCosts?.[0]?.monetaryValue).toBe('99.99');
    expect(m.retryInfo?.retryAfter).toBe('2018-03-09T12:00:00Z');
    expect(m.retryInfo?.retryBefore).toBe('2018-03-10T12:00:00Z');
    expect(m.deliveryInfo?.deliveryMethod?.value).toBe('Mail');
    expect(m.deliveryInfo?.itemFormat?.value).toBe('LargePrint');
    expect(m.deliveryInfo?.sentToPatron).toBe(true);
    expect(m.header.multipleItemRequestId).toBeUndefined(); // empty element → absent

    const xml12 = buildIso18626(m, '1.2');
    expect(xml12).toMatch(/<messageInfo>[\s\S]*<offeredCosts>[\s\S]*<retryAfter>[\s\S]*<\/messageInfo>/);
    expect(xml12).toContain('<sentVia ill:scheme=');
    expect(xml12).toContain('<deliveredFormat ill:scheme=');
    expect(xml12).toContain('<multipleItemRequestId/>');
    const xml2021 = buildIso18626(m, '2021');
    expect(xml2021).toMatch(/<retryInfo>[\s\S]*<offeredCosts>[\s\S]*<\/retryInfo>/);
    expect(xml2021).toContain('<deliveryMethod ill:scheme=');
    expect(xml2021).toContain('<region>US-OH</region>');
    expect(xml2021).not.toContain('multipleItemRequestId');
  });

  it('accepts a prefix-less default-namespace message with unqualified scheme and version attributes', () => {
    const xml = `<?xml version="1.0"?>
<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626" version="1.2">
  <requestingAgencyMessage>
    <header>
      <supplyingAgencyId><agencyIdType scheme="http://x.org/a">ISIL</agencyIdType><agencyIdValue>DK-1</agencyIdValue></supplyingAgencyId>
      <requestingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>DK-2</agencyIdValue></requestingAgencyId>
      <timestamp>2024-01-01T00:00:00Z</timestamp>
      <requestingAgencyRequestId>r1</requestingAgencyRequestId>
    </header>
    <note>a &lt;b&gt; &amp; &#x263A; &#65;<![CDATA[<raw & stuff>]]></note>
    <action>Received</action>
  </requestingAgencyMessage>
</ISO18626Message>`;
    const parsed = parseIso18626(xml);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issue));
    expect(parsed.version).toBe('1.2');
    expect(parsed.message).toEqual({
      kind: 'requestingAgencyMessage',
      header: {
        supplyingAgencyId: { agencyIdType: { value: 'ISIL', scheme: 'http://x.org/a' }, agencyIdValue: 'DK-1' },
        requestingAgencyId: { agencyIdType: { value: 'ISIL' }, agencyIdValue: 'DK-2' },
        timestamp: '2024-01-01T00:00:00Z',
        requestingAgencyRequestId: 'r1',
      },
      action: 'Received',
      note: 'a <b> & \u263A A<raw & stuff>',
    });
  });

  it('accepts any prefix bound to the ISO namespace, and mixed prefixes', () => {
    const xml = sample('RequestingAgencyMessageCancel.xml')
      .replaceAll('ns1:', 'foo:')
      .replace('xmlns:foo=', 'xmlns:foo=')
      .replace('xmlns:ns1=', 'xmlns:foo=');
    const parsed = parseIso18626(xml);
    expect(parsed.ok && parsed.message.kind).toBe('requestingAgencyMessage');
  });

  for (const version of ['1.1', '1.2', '2021'] as const) {
    it(`builder writes the canonical ${version} version attribute, qualified, and the default namespace`, () => {
      const parsed = parseIso18626(sample('RequestingAgencyMessageCancel.xml'));
      if (!parsed.ok) throw new Error('sample failed');
      const xml = buildIso18626(parsed.message, version);
      expect(xml).toContain(
        `<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626" xmlns:ill="http://illtransactions.org/2013/iso18626" ill:version="${CANONICAL_VERSION_ATTRIBUTE[version]}">`,
      );
      const again = parseIso18626(xml);
      expect(again.ok && again.version).toBe(version);
    });
  }
  it('canonical attribute values are v1_2_2017 for 1.2 and 2021-2 for 2021', () => {
    expect(CANONICAL_VERSION_ATTRIBUTE).toEqual({ '1.1': '1.1', '1.2': 'v1_2_2017', '2021': '2021-2' });
  });
});
