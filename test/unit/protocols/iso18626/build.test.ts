import { describe, expect, it } from 'vitest';
import {
  buildIso18626,
  Iso18626BuildError,
  parseIso18626,
  toVersion,
  type RequestMessage,
  type SupplyingAgencyMessage,
} from '../../../../src/protocols/iso18626/index.js';

const agency = (v: string) => ({ agencyIdType: { value: 'ISIL' }, agencyIdValue: v });
const header = { supplyingAgencyId: agency('S'), requestingAgencyId: agency('R'), timestamp: '2024-01-01T00:00:00Z', requestingAgencyRequestId: 'r1' };

const request2021: RequestMessage = {
  kind: 'request',
  header: { ...header, consortialId: agency('C'), multipleItemRequestId: 'm1' },
  bibliographicInfo: { title: 'T <&> "q" \'a\'', authorId: '0000 0001', volume: ['v.1', 'v.2'] },
  publicationInfo: { publisherId: 'isni' },
  serviceInfo: {
    serviceType: 'Loan',
    requestSubType: ['PatronRequest', 'BookingRequest', 'TransferRequest', 'MultipleItemRequest'],
    preferredEdition: 'AnyEdition',
    loanCondition: [{ value: 'LibraryUseOnly' }],
    startDate: '2024-02-01T00:00:00Z',
  },
  supplierInfo: [{ sortOrder: -1, supplierDescription: 'neg' }],
  requestedDeliveryInfo: [{ sortOrder: 1, deliveryMethod: { value: 'Courier' }, address: { physicalAddress: { region: { value: 'OH', scheme: 'urn:iso:3166-2' } } } }],
};

describe('buildIso18626 version mapping', () => {
  it('1.2: joins volumes, maps preferredEdition to anyEdition, caps requestSubType at 3, drops 2021-only fields', () => {
    expect(toVersion(request2021, '1.2')).toEqual({
      kind: 'request',
      header: { ...header, multipleItemRequestId: 'm1' },
      bibliographicInfo: { title: 'T <&> "q" \'a\'', volume: ['v.1; v.2'] },
      publicationInfo: {},
      serviceInfo: {
        serviceType: 'Loan',
        requestSubType: ['PatronRequest', 'BookingRequest', 'TransferRequest'],
        anyEdition: 'Y',
        startDate: '2024-02-01T00:00:00Z',
      },
      supplierInfo: [{ sortOrder: -1, supplierDescription: 'neg' }],
      requestedDeliveryInfo: [{ sortOrder: 1, address: { physicalAddress: { region: { value: 'OH', scheme: 'urn:iso:3166-2' } } } }],
    });
  });

  it('1.1: additionally drops multipleItemRequestId, requestSubType and start/end dates', () => {
    const v11 = toVersion(request2021, '1.1');
    expect(v11.header.multipleItemRequestId).toBeUndefined();
    expect(v11.serviceInfo).toEqual({ serviceType: 'Loan', anyEdition: 'Y' });
    const xml = buildIso18626(request2021, '1.1');
    expect(xml).not.toContain('multipleItemRequestId');
    expect(xml).toContain('ill:version="1.1"');
  });

  it('2021: drops a negative sortOrder and the region scheme, keeps the rest', () => {
    const v2021 = toVersion(request2021, '2021');
    expect(v2021.supplierInfo).toEqual([{ supplierDescription: 'neg' }]);
    expect(v2021.requestedDeliveryInfo?.[0]?.address?.physicalAddress?.region).toEqual({ value: 'OH' });
    expect(v2021.bibliographicInfo.volume).toEqual(['v.1', 'v.2']);
    expect(v2021.serviceInfo?.requestSubType).toHaveLength(4);
  });

  it('writes elements in XSD order even when the model object is in another order', () => {
    const xml = buildIso18626({ ...request2021, bibliographicInfo: { volume: ['1'], title: 'x', author: 'y' } }, '2021');
    expect(xml.indexOf('<title>')).toBeLessThan(xml.indexOf('<author>'));
    expect(xml.indexOf('<author>')).toBeLessThan(xml.indexOf('<volume>'));
  });

  it('escapes text and attributes; replaces characters XML cannot carry', () => {
    const m: RequestMessage = {
      ...request2021,
      bibliographicInfo: { title: 'a<b&c>d\r\u0001\uFFFE', bibliographicItemId: [{ bibliographicItemIdentifier: 'i', bibliographicItemIdentifierCode: { value: 'ISBN', scheme: 'http://x.org/a b"é' } }] },
    };
    const xml = buildIso18626(m, '2021');
    expect(xml).toContain('<title>a&lt;b&amp;c&gt;d&#13;\uFFFD\uFFFD</title>');
    expect(xml).toContain('ill:scheme="http://x.org/a%20b%22%C3%A9"');
    const back = parseIso18626(xml);
    expect(back.ok && back.message).toEqual(toVersion(m, '2021'));
  });

  it('moves 2021 retryInfo into 1.2 messageInfo (first offeredCosts only)', () => {
    const sam: SupplyingAgencyMessage = {
      kind: 'supplyingAgencyMessage',
      header,
      messageInfo: { reasonForMessage: 'RequestResponse' },
      statusInfo: { status: 'RetryPossible', lastChange: '2024-01-01T00:00:00Z' },
      retryInfo: {
        offeredCosts: [{ currencyCode: { value: 'EUR' }, monetaryValue: '1.5' }, { currencyCode: { value: 'USD' }, monetaryValue: '2' }],
        retryAfter: '2024-03-01T00:00:00Z',
        edition: ['2nd'],
      },
      shippingInfo: { trackingId: ['t1'] },
    };
    const xml = buildIso18626(sam, '1.2');
    expect(xml).toMatch(/<messageInfo>[\s\S]*<offeredCosts>[\s\S]*EUR[\s\S]*<retryAfter>[\s\S]*<\/messageInfo>/);
    expect(xml).not.toContain('USD');
    expect(xml).not.toContain('retryInfo');
    expect(xml).not.toContain('shippingInfo');
    expect(toVersion(sam, '1.2').retryInfo).toEqual({
      offeredCosts: [{ currencyCode: { value: 'EUR' }, monetaryValue: '1.5' }],
      retryAfter: '2024-03-01T00:00:00Z',
    });
  });

  it('throws Iso18626BuildError for messages the version cannot carry', () => {
    const { supplyingAgencyId: _dropped, ...noSupplier } = header;
    const transfer: RequestMessage = { ...request2021, header: noSupplier };
    expect(buildIso18626(transfer, '2021')).toContain('<request>');
    expect(() => buildIso18626(transfer, '1.2')).toThrow(new Iso18626BuildError('Missing mandatory element request/header/supplyingAgencyId', 'request/header/supplyingAgencyId'));
    const { serviceInfo: _none, ...noService } = request2021;
    expect(() => buildIso18626(noService, '2021')).toThrow(/Missing mandatory element request\/serviceInfo/);
    expect(() => buildIso18626({ ...request2021, header: { ...header, timestamp: 'now' } }, '2021')).toThrow(/request\/header\/timestamp: not an xs:dateTime/);
    const holdReturn: SupplyingAgencyMessage = {
      kind: 'supplyingAgencyMessage',
      header,
      messageInfo: { reasonForMessage: 'StatusChange' },
      statusInfo: { status: 'HoldReturn', lastChange: '2024-01-01T00:00:00Z' },
    };
    expect(buildIso18626(holdReturn, '2021')).toContain('<status>HoldReturn</status>');
    expect(() => buildIso18626(holdReturn, '1.2')).toThrow(/statusInfo\/status/);
  });
});
