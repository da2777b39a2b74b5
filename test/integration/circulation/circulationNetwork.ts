import type { ApiClient, RequestView } from '../../../src/cli/apiClient.js';
import type { Db } from '../../../src/store/database.js';
import { upsertBibliographicRecord } from '../../../src/store/inventoryRepository.js';
import { testPasswordHash } from '../../support/auth/accounts.js';

/** Shared set-up of the circulation suites (scan-in, borrowed and lent items, slips). */

export interface CirculationNetworkOptions {
  /** Staff accounts (password TEST_PASSWORD): admin, desk and partners at NSU; admin at HCPL and LKC. */
  accounts?: boolean;
  /** How Lakeside College stands with NSU: a partner (the default), a partner sharing barcodes, or no partner at all. */
  lakeside?: 'partner' | 'sharedBarcodes' | 'unrelated';
  /** Directory addresses at NSU (office, shipping dock) and HCPL (administration, returns), for printed slips. */
  addresses?: boolean;
}

/** The three-institution network YAML: NSU borrows from Harbor City (HCPL) and Lakeside College (LKC). */
export async function circulationNetwork(options: CirculationNetworkOptions = {}): Promise<string> {
  const { accounts = false, lakeside = 'partner', addresses = false } = options;
  const hash = accounts ? await testPasswordHash() : '';
  const user = (username: string, name: string, role: string) => `      - { username: ${username}, name: ${name}, passwordHash: "${hash}", roles: [${role}] }\n`;
  const users = (...lines: string[]) => (accounts ? `    users:\n${lines.join('')}` : '');
  const admin = user('admin', 'Admin', 'fulfillment-admin');
  const directory = (...lines: string[]) => (addresses ? `    directory:\n      addresses:\n${lines.map((line) => `        - ${line}\n`).join('')}` : '');
  const lakesidePartner =
    lakeside === 'unrelated' ? '' : `      - { code: LKC, name: Lakeside College, symbol: "ISIL:US-LKC"${lakeside === 'sharedBarcodes' ? ', sharedBarcodes: true' : ''} }\n`;
  const nsuPartner = lakeside === 'unrelated' ? '' : `    partners:\n      - { code: NSU, name: North State University, symbol: "ISIL:US-NSU" }\n`;
  return `institutions:
  - code: NSU
    name: North State University
    symbols: ["ISIL:US-NSU"]
    libraries: [{ code: MAIN, name: Main Library }]
    partners:
      - { code: HCPL, name: Harbor City Public Library, symbol: "ISIL:US-HCPL" }
${lakesidePartner}${directory(
    '{ label: Main office, line1: 1 University Avenue, city: Northville, country: US }',
    '{ label: Shipping dock, line1: "40 Campus Drive <Dock B>", postalCode: "10001", city: Northville, region: NY, country: US }',
  )}${users(admin, user('desk', 'Desk', 'circulation-desk'), user('partners', 'Partners', 'partners-manager'))}  - code: HCPL
    name: Harbor City Public Library
    symbols: ["ISIL:US-HCPL"]
    libraries: [{ code: MAIN, name: Harbor City Public Library }]
    partners:
      - { code: NSU, name: North State University, symbol: "ISIL:US-NSU" }
${directory('{ label: Administration, line1: 1 City Hall Plaza, city: Harbor City, country: US }', '{ label: Returns, line1: 200 Harbor Street, city: Harbor City, country: US }')}${users(admin)}  - code: LKC
    name: Lakeside College
    symbols: ["ISIL:US-LKC"]
    libraries: [{ code: MAIN, name: Lakeside College }]
${nsuPartner}${users(admin)}`;
}

/** The id of the institution with `code`. */
export async function institutionId(db: Db, code: string): Promise<string> {
  return (await db.selectFrom('institution').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
}

export interface CatalogueItem {
  sourceId: string;
  title: string;
  author: string;
  isbns: string[];
  barcode: string;
  location: string;
  callNumber: string;
}

/** By default HCPL's copy HC-0001 of A Wizard of Earthsea. */
export const EARTHSEA: CatalogueItem = {
  sourceId: 'hc-1',
  title: 'A Wizard of Earthsea',
  author: 'Le Guin, Ursula K.',
  isbns: ['9780547773742'],
  barcode: 'HC-0001',
  location: 'Stacks',
  callNumber: 'PZ7 .L52',
};

/** Catalogues one available, requestable copy (a bibliographic record with one item) at `institutionCode`. */
export async function seedCatalogueItem(db: Db, institutionCode: string, overrides: Partial<CatalogueItem> = {}): Promise<void> {
  const item = { ...EARTHSEA, ...overrides };
  await upsertBibliographicRecord(
    db,
    {
      institutionId: await institutionId(db, institutionCode),
      sourceId: item.sourceId,
      marcFormat: 'marcxml',
      marc: '<record/>',
      title: item.title,
      author: item.author,
      isbns: item.isbns,
      issns: [],
      lccn: null,
      oclcNumbers: [],
      controlNumber: item.sourceId,
    },
    [{ libraryId: null, location: item.location, callNumber: item.callNumber, barcode: item.barcode, status: 'available', policy: null, requestableForResourceSharing: true }],
  );
}

/** Registers a staff-group patron at `institutionCode`. */
export async function seedPatron(db: Db, institutionCode: string, barcode: string, name: string): Promise<void> {
  await db
    .insertInto('patron')
    .values({ institution_id: await institutionId(db, institutionCode), barcode, name, patron_group: 'staff', updated_at: new Date() })
    .execute();
}

/** An ISO timestamp `days` from now, to the second. */
export const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');

export interface AgreedRequest {
  /** The borrowing request's path at NSU. */
  bp: string;
  /** The lending request's path at the lender. */
  lp: string;
  id: string;
  number: string;
  lendingId: string;
}

/** NSU asks `lender` for A Wizard of Earthsea for `patronId`; the lender says it will supply. */
export async function agreedToSupply(api: ApiClient, lender: 'HCPL' | 'LKC', patronId: string): Promise<AgreedRequest> {
  const created = await api.call<RequestView>('POST', api.borrowing('US-NSU'), {
    patronId,
    citation: { title: 'A Wizard of Earthsea', author: 'Le Guin, Ursula K.', isbn: '9780547773742' },
    rota: [lender],
  });
  const bp = api.borrowing('US-NSU', created.id);
  const lending = await api.findLendingRequest(`US-${lender}`, created.number);
  const lp = api.lending(`US-${lender}`, lending.id);
  await api.call<RequestView>('POST', `${lp}/actions/will-supply`, {});
  await api.waitForStatus(bp, 'will_supply');
  return { bp, lp, id: created.id, number: created.number, lendingId: lending.id };
}
