import { buildIso18626, type Iso18626Version, type RequestMessage, type RequestingAgencyMessage, type SupplyingAgencyMessage } from '../../src/protocols/iso18626/index.js';

const ISIL = { value: 'ISIL' };
export const isil = (value: string) => ({ agencyIdType: ISIL, agencyIdValue: value });

export interface RequestOptions {
  from?: string;
  to?: string;
  id?: string;
  title?: string;
  version?: Iso18626Version;
}

export function requestMessage(options: RequestOptions = {}): RequestMessage {
  return {
    kind: 'request',
    header: {
      supplyingAgencyId: isil(options.to ?? 'US-HCPL'),
      requestingAgencyId: isil(options.from ?? 'US-NSU'),
      timestamp: '2026-11-20T10:00:00Z',
      requestingAgencyRequestId: options.id ?? 'NSU-REQ-1',
    },
    bibliographicInfo: {
      title: options.title ?? 'The Left Hand of Darkness',
      author: 'Le Guin, Ursula K.',
      bibliographicItemId: [{ bibliographicItemIdentifier: '9780441478125', bibliographicItemIdentifierCode: { value: 'ISBN' } }],
    },
    publicationInfo: { publisher: 'Ace Books', publicationDate: '1969' },
    serviceInfo: { serviceType: 'Loan', requestType: 'New' },
  };
}

export function requestXml(options: RequestOptions = {}): string {
  return buildIso18626(requestMessage(options), options.version ?? '1.2');
}

export function requestingAgencyMessageXml(
  action: RequestingAgencyMessage['action'],
  options: { from?: string; to?: string; id?: string; supplyingAgencyRequestId?: string; note?: string } = {},
): string {
  const message: RequestingAgencyMessage = {
    kind: 'requestingAgencyMessage',
    header: {
      supplyingAgencyId: isil(options.to ?? 'US-HCPL'),
      requestingAgencyId: isil(options.from ?? 'US-NSU'),
      timestamp: '2026-11-21T10:00:00Z',
      requestingAgencyRequestId: options.id ?? 'NSU-REQ-1',
      ...(options.supplyingAgencyRequestId ? { supplyingAgencyRequestId: options.supplyingAgencyRequestId } : {}),
    },
    action,
    ...(options.note ? { note: options.note } : {}),
  };
  return buildIso18626(message, '1.2');
}

export function supplyingAgencyMessageXml(options: { from?: string; to?: string; id?: string } = {}): string {
  const message: SupplyingAgencyMessage = {
    kind: 'supplyingAgencyMessage',
    header: {
      supplyingAgencyId: isil(options.from ?? 'US-HCPL'),
      requestingAgencyId: isil(options.to ?? 'US-NSU'),
      timestamp: '2026-11-21T10:00:00Z',
      requestingAgencyRequestId: options.id ?? 'NSU-REQ-1',
      supplyingAgencyRequestId: 'HCPL-1000',
    },
    messageInfo: { reasonForMessage: 'RequestResponse' },
    statusInfo: { status: 'WillSupply', lastChange: '2026-11-21T10:00:00Z' },
  };
  return buildIso18626(message, '1.2');
}

/** Hostile bodies every protocol endpoint must refuse without reading files or expanding entities. */
export const hostileBodies = {
  xxe: `<?xml version="1.0"?>
<!DOCTYPE ISO18626Message [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626" version="1.2"><request><header><requestingAgencyRequestId>&xxe;</requestingAgencyRequestId></header></request></ISO18626Message>`,
  billionLaughs: `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626" version="1.2"><request><header><requestingAgencyRequestId>&lol4;</requestingAgencyRequestId></header></request></ISO18626Message>`,
};
