import { describe, expect, it } from 'vitest';
import { buildIso18626, parseIso18626, type RequestMessage, type SupplyingAgencyMessage } from '../../../src/protocols/iso18626/index.js';
import { shapeForPartner } from '../../../src/services/interop/prepareDelivery.js';
import { ISO18626_XSD } from '../../support/standards.js';
import { describeFailures, requireXmllint, validateWithXsd } from '../../support/xmllint.js';
import { isil, requestMessage } from '../../support/iso18626Messages.js';

const xmllint = requireXmllint('validation of messages shaped for Alma');
const address = { line1: '12 Harbor Road', locality: 'Harbor City', region: { value: 'CA' }, postalCode: '90001', country: { value: 'US' } };

const loaned: SupplyingAgencyMessage = {
  kind: 'supplyingAgencyMessage',
  header: { supplyingAgencyId: isil('US-HCPL'), requestingAgencyId: isil('XX-ALMA'), timestamp: '2026-11-25T10:00:00Z', requestingAgencyRequestId: 'ALMA-9', supplyingAgencyRequestId: 'HCPL-9' },
  messageInfo: { reasonForMessage: 'StatusChange', note: 'Handle with care' },
  statusInfo: { status: 'Loaned', lastChange: '2026-11-25T10:00:00Z', dueDate: '2027-01-31T00:00:00Z' },
  deliveryInfo: { dateSent: '2026-11-25T10:00:00Z', itemId: ['HC-1'], deliveryCosts: [{ currencyCode: { value: 'USD' }, monetaryValue: '7.50' }] },
  returnInfo: { name: 'Harbor City ILL', physicalAddress: address },
};
const withShipTo: RequestMessage = {
  ...requestMessage({ from: 'US-HCPL', to: 'XX-ALMA', id: 'HCPL-REQ-9' }),
  requestingAgencyInfo: { name: 'Harbor City ILL' },
  requestedDeliveryInfo: [{ address: { physicalAddress: address } }],
  billingInfo: { maximumCosts: { currencyCode: { value: 'USD' }, monetaryValue: '25.00' } },
};

function note(xml: string): string | undefined {
  const parsed = parseIso18626(xml);
  if (!parsed.ok) throw new Error(parsed.issue.value);
  const m = parsed.message;
  return m.kind === 'supplyingAgencyMessage' ? m.messageInfo.note : m.kind === 'request' ? m.serviceInfo?.note : undefined;
}

describe('messages shaped for Alma, which reads costs and addresses only from notes', () => {
  const shippedLoan = shapeForPartner(buildIso18626(loaned, '1.2'), 'alma', undefined);
  const request = shapeForPartner(buildIso18626(withShipTo, '1.2'), 'alma', { accountId: 'HCPL', securityCode: 'x' });

  it('writes the cost and the return-to address into a shipping notice', () => {
    expect(note(shippedLoan)).toBe(['Handle with care', 'Cost: 7.50 USD', '#RETURN_TO#', 'Harbor City ILL', '12 Harbor Road', 'Harbor City CA 90001', 'US', '#RT_END#'].join('\n'));
  });

  it('writes the maximum cost and the ship-to address into a request, once', () => {
    const expected = ['Cost: 25.00 USD', '#SHIP_TO#', 'Harbor City ILL', '12 Harbor Road', 'Harbor City CA 90001', 'US', '#ST_END#'].join('\n');
    expect(note(request)).toBe(expected);
    expect(note(shapeForPartner(request, 'alma', undefined))).toBe(expected);
  });

  it('leaves a message for a generic partner byte for byte, and adds only credentials when asked', () => {
    const xml = buildIso18626(loaned, '1.2');
    expect(shapeForPartner(xml, 'generic', undefined)).toBe(xml);
    expect(shapeForPartner(xml, 'illiad', { accountId: 'A', securityCode: 'B' })).toBe(xml);
  });

  it.skipIf(!xmllint)('stays valid against the ISO 18626 1.2 XSD', () => {
    const documents = [shippedLoan, request];
    const results = validateWithXsd(ISO18626_XSD['1.2'], documents);
    expect(results.filter((r) => !r.valid), describeFailures(results, documents)).toEqual([]);
  });
});
