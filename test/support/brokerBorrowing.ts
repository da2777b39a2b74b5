/**
 * The broker's side of broker-based borrowing, for the tests that play it: the NCIP messages a
 * broker sends to `POST /ncip` (built with the codec, so they are what a broker's would be) and
 * the answers its stub gives to our RenewItem.
 */
import { buildNcipMessage, type NcipBody, type NcipStruct } from '../../src/protocols/ncip/index.js';

export const BROKER = 'BROKER';
export const US = 'US-NSU';
const ISBN_CODE = 'http://www.niso.org/ncip/v1_0/imp1/schemes/bibliographicitemidentifiercode/bibliographicitemidentifiercode.scm';
const ACTION = 'http://www.niso.org/ncip/v1_0/imp1/schemes/requestedactiontype/requestedactiontype.scm';

function header(from: string): NcipBody {
  return { initiationHeader: { fromAgencyId: { agencyId: { value: from } }, toAgencyId: { agencyId: { value: US } } } };
}

export interface AcceptItemOptions {
  requestId?: string;
  itemId?: string;
  userId?: string;
  from?: string;
  dateForReturn?: string;
  pickupLocation?: string;
  /** Extra ItemOptionalFields / BibliographicDescription parts (MediumType, ElectronicResource …). */
  description?: NcipStruct;
  optional?: NcipStruct;
}

/** AcceptItem as a broker sends it when the item reached us (OCLC sample AcceptItem.xml's shape). */
export function acceptItem(options: AcceptItemOptions): string {
  const body: NcipBody = {
    ...header(options.from ?? BROKER),
    ...(options.requestId !== undefined ? { requestId: { agencyId: { value: options.from ?? BROKER }, requestIdentifierValue: options.requestId } } : {}),
    requestedActionType: { scheme: ACTION, value: 'Hold For Pickup' },
    ...(options.userId !== undefined ? { userId: { userIdentifierValue: options.userId } } : {}),
    ...(options.itemId !== undefined ? { itemId: { agencyId: { value: 'LENDER' }, itemIdentifierValue: options.itemId } } : {}),
    ...(options.dateForReturn ? { dateForReturn: options.dateForReturn } : {}),
    itemOptionalFields: {
      bibliographicDescription: {
        author: 'Le Guin, Ursula K.',
        bibliographicItemId: { bibliographicItemIdentifier: '9780547773742', bibliographicItemIdentifierCode: { scheme: ISBN_CODE, value: 'ISBN' } },
        publisher: 'Parnassus',
        title: 'A Wizard of Earthsea',
        ...options.description,
      },
      ...options.optional,
    },
    ...(options.pickupLocation ? { pickupLocation: { value: options.pickupLocation } } : {}),
  };
  return buildNcipMessage({ kind: 'AcceptItem', body });
}

export function checkInItem(itemId: string, from = BROKER): string {
  return buildNcipMessage({ kind: 'CheckInItem', body: { ...header(from), itemId: { itemIdentifierValue: itemId } } });
}

export function renewItem(itemId: string, userId: string, desiredDateDue?: string): string {
  return buildNcipMessage({
    kind: 'RenewItem',
    body: { ...header(BROKER), userId: { userIdentifierValue: userId }, itemId: { itemIdentifierValue: itemId }, ...(desiredDateDue ? { desiredDateDue } : {}) },
  });
}

export function recallItem(itemId: string, desiredDateDue?: string): string {
  return buildNcipMessage({ kind: 'RecallItem', body: { ...header(BROKER), itemId: { itemIdentifierValue: itemId }, ...(desiredDateDue ? { desiredDateDue } : {}) } });
}

export function cancelRequestItem(requestId: string, userId: string): string {
  return buildNcipMessage({
    kind: 'CancelRequestItem',
    body: {
      ...header(BROKER),
      userId: { userIdentifierValue: userId },
      requestId: { requestIdentifierValue: requestId },
      requestType: { scheme: 'http://www.niso.org/ncip/v1_0/imp1/schemes/requesttype/requesttype.scm', value: 'Hold' },
    },
  });
}

/** The broker stub's answers to our RenewItem. */
const wrap = (inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<NCIPMessage xmlns="http://www.niso.org/2008/ncip" xmlns:ns1="http://www.niso.org/2008/ncip" ns1:version="http://www.niso.org/schemas/ncip/v2_02/ncip_v2_02.xsd"><RenewItemResponse>${inner}</RenewItemResponse></NCIPMessage>\n`;

export function renewRefusedByBroker(detail: string): string {
  return wrap(
    `<Problem><ProblemType ns1:Scheme="http://www.niso.org/ncip/v1_0/schemes/processingerrortype/renewitemprocessingerror.scm">Item Not Renewable</ProblemType><ProblemDetail>${detail}</ProblemDetail><ProblemElement>ItemIdentifierValue</ProblemElement></Problem>`,
  );
}

export function renewPendingAtBroker(): string {
  return wrap('<Pending><DateOfExpectedReply>2026-12-01T00:00:00Z</DateOfExpectedReply></Pending>');
}
