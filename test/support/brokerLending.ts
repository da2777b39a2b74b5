/**
 * The broker's side of broker-based lending, for the tests that play it: the NCIP messages a
 * broker sends to its lender's `POST /ncip` (built with the codec, so they are what a broker's
 * would be), and a lender (MIT, with the OCLC samples' agencies) whose catalogue holds them.
 */
import { buildNcipMessage, type NcipBody } from '../../src/protocols/ncip/index.js';

export const LENDER = 'MIT';
export const BROKER = 'ENG';
export const BORROWER_LIBRARY = 'NDOSU';

const SCHEMES = 'http://www.niso.org/ncip/v1_0/imp1/schemes/';
const REQUEST_TYPE = `${SCHEMES}requesttype/requesttype.scm`;
const SCOPE = `${SCHEMES}requestscopetype/requestscopetype.scm`;
const ITEM_CODE = `${SCHEMES}bibliographicitemidentifiercode/bibliographicitemidentifiercode.scm`;

function header(from: string, to: string): NcipBody {
  return { initiationHeader: { fromAgencyId: { agencyId: { value: from } }, toAgencyId: { agencyId: { value: to } } } };
}

export interface RequestItemOptions {
  requestId?: string;
  itemId?: string;
  isbn?: string;
  title?: string;
  requestType?: string;
  from?: string;
}

/** RequestItem as a broker sends it to the lender it chose (OCLC sample RequestItemSample1.xml's shape). */
export function requestItem(options: RequestItemOptions): string {
  const body: NcipBody = {
    ...header(options.from ?? BROKER, LENDER),
    userId: { userIdentifierValue: BORROWER_LIBRARY },
    ...(options.isbn ? { bibliographicId: [{ bibliographicItemId: { bibliographicItemIdentifier: options.isbn, bibliographicItemIdentifierCode: { scheme: ITEM_CODE, value: 'ISBN' } } }] } : {}),
    ...(options.itemId ? { itemId: [{ itemIdentifierValue: options.itemId }] } : {}),
    ...(options.requestId !== undefined ? { requestId: { agencyId: { value: options.from ?? BROKER }, requestIdentifierValue: options.requestId } } : {}),
    requestType: { scheme: REQUEST_TYPE, value: options.requestType ?? 'Loan' },
    requestScopeType: { scheme: SCOPE, value: 'Bibliographic Item' },
    ...(options.title ? { itemOptionalFields: { bibliographicDescription: { title: options.title } } } : {}),
  };
  return buildNcipMessage({ kind: 'RequestItem', body });
}

/** CheckOutItem: the broker says our item was shipped to the borrowing institution. */
export function checkOutItem(itemId: string, options: { requestId?: string; desiredDateDue?: string } = {}): string {
  const body: NcipBody = {
    ...header(BROKER, LENDER),
    userId: { userIdentifierValue: BORROWER_LIBRARY },
    itemId: { itemIdentifierValue: itemId },
    ...(options.requestId ? { requestId: { requestIdentifierValue: options.requestId } } : {}),
    ...(options.desiredDateDue ? { desiredDateDue: options.desiredDateDue } : {}),
  };
  return buildNcipMessage({ kind: 'CheckOutItem', body });
}

/** A CheckOutItem without its mandatory ItemId: only a broker with a bug sends it, so it is written by hand. */
export function checkOutItemWithoutItemId(requestId: string): string {
  return checkOutItem('PLACEHOLDER', { requestId }).replace(/<ItemId>[\s\S]*?<\/ItemId>\s*/, '');
}

export function checkInItem(itemId: string): string {
  return buildNcipMessage({ kind: 'CheckInItem', body: { ...header(BROKER, LENDER), itemId: { itemIdentifierValue: itemId } } });
}

export function renewItem(itemId: string, desiredDateDue: string): string {
  return buildNcipMessage({
    kind: 'RenewItem',
    body: { ...header(BROKER, LENDER), userId: { userIdentifierValue: BORROWER_LIBRARY }, itemId: { itemIdentifierValue: itemId }, desiredDateDue },
  });
}

export function cancelRequestItem(requestId: string): string {
  return buildNcipMessage({
    kind: 'CancelRequestItem',
    body: {
      ...header(BROKER, LENDER),
      userId: { userIdentifierValue: BORROWER_LIBRARY },
      requestId: { requestIdentifierValue: requestId },
      requestType: { scheme: REQUEST_TYPE, value: 'Loan' },
    },
  });
}

const item952 = (barcode: string) =>
  `<datafield tag="952" ind1=" " ind2=" "><subfield code="a">MAIN</subfield><subfield code="c">STACKS</subfield><subfield code="o">PS3562.E42</subfield><subfield code="p">${barcode}</subfield></datafield>`;
const record = (id: string, fields: string, title: string, barcodes: string[]) => `<record>
  <leader>00000cam a2200000 a 4500</leader><controlfield tag="001">${id}</controlfield>
  ${fields}
  <datafield tag="245" ind1="1" ind2="0"><subfield code="a">${title}</subfield></datafield>
  ${barcodes.map(item952).join('')}
</record>`;
const isbn = (value: string) => `<datafield tag="020" ind1=" " ind2=" "><subfield code="a">${value}</subfield></datafield>`;
const collection = (records: string[]) => `<?xml version="1.0" encoding="UTF-8"?>
<collection xmlns="http://www.loc.gov/MARC21/slim">
${records.join('\n')}
</collection>`;

export const ISBN = { earthsea: '9780547773742', kindred: '9780807083697', dispossessed: '9780061054884' } as const;

/** MIT's shelves: the OCLC samples' items (OCLC record 2052516, barcode 19823098123) and the tests' own. */
export const LENDER_CATALOGUE = collection([
  record('mit-1', '<datafield tag="035" ind1=" " ind2=" "><subfield code="a">(OCoLC)2052516</subfield></datafield>', 'The sample title', ['MIT-0001']),
  record('mit-2', isbn(ISBN.earthsea), 'A wizard of Earthsea', ['MIT-0101', 'MIT-0102', 'MIT-0103']),
  record('mit-3', isbn(ISBN.dispossessed), 'The dispossessed', ['19823098123']),
  record('mit-4', isbn(ISBN.kindred), 'Kindred', ['MIT-0301', 'MIT-0302', 'MIT-0303']),
]);

/** The WorldShare library of the OCLC samples (OCWMS) and its item ABCDE. */
export const WMS_CATALOGUE = collection([record('wms-1', '', 'An OCLC sample book', ['ABCDE'])]);
