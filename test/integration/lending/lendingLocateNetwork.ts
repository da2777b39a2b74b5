import type { ApiClient } from '../../../src/cli/apiClient.js';
import { lendingSettingsSchema, type LendingSettings } from '../../../src/config/sections/settings.js';
import { parseConfigText } from '../../../src/config/loadConfigFile.js';
import type { Interlend } from '../../../src/runtime/interlend.js';
import { importMarc } from '../../../src/services/inventory/importMarc.js';
import { writeSettings } from '../../../src/services/settings/librarySettings.js';
import type { Db } from '../../../src/store/database.js';
import type { Institution } from '../../../src/store/schema.js';
import { startApiServer } from '../../support/apiServer.js';
import type { Backend } from '../../support/databases.js';
import { TEST_PASSWORD, testPasswordHash } from '../../support/auth/accounts.js';

/**
 * A borrower (North State, US-NSU) and a lender with a catalogue (Lakeview, US-LVW) in one
 * deployment: requests and answers travel as real ISO 18626 through the outbox. The lender's
 * catalogue holds one title available, one on loan, one not for loan and one electronic only.
 */
export const BORROWER = 'US-NSU';
export const LENDER = 'US-LVW';

export const ISBN = {
  available: '9780547773742',
  onLoan: '9780441478125',
  notForLoan: '9780141439518',
  electronic: '9780451524935',
  notHeld: '9780316769488',
} as const;

const item952 = (barcode: string, extra = '') =>
  `<datafield tag="952" ind1=" " ind2=" "><subfield code="a">MAIN</subfield><subfield code="c">STACKS</subfield><subfield code="o">PS3562.E42</subfield><subfield code="p">${barcode}</subfield>${extra}</datafield>`;
const record = (id: string, isbn: string, title: string, items: string) => `<record>
  <leader>00000cam a2200000 a 4500</leader><controlfield tag="001">${id}</controlfield>
  <datafield tag="020" ind1=" " ind2=" "><subfield code="a">${isbn}</subfield></datafield>
  <datafield tag="245" ind1="1" ind2="0"><subfield code="a">${title}</subfield></datafield>
  ${items}
</record>`;

/** Koha 952 items: $q a due date (on loan), $7 not for loan. */
export const LENDER_CATALOGUE = `<?xml version="1.0" encoding="UTF-8"?>
<collection xmlns="http://www.loc.gov/MARC21/slim">
${record('lvw-1', ISBN.available, 'A wizard of Earthsea', `${item952('LVW-0002', '<subfield code="q">2026-12-24</subfield>')}${item952('LVW-0001')}`)}
${record('lvw-2', ISBN.onLoan, 'The left hand of darkness', item952('LVW-0101', '<subfield code="q">2026-12-24</subfield>'))}
${record('lvw-3', ISBN.notForLoan, 'Pride and prejudice', item952('LVW-0201', '<subfield code="7">1</subfield>'))}
${record('lvw-4', ISBN.electronic, 'Nineteen eighty-four', item952('LVW-0301'))}
</collection>`;

export interface LocateNetwork {
  base: string;
  db: Db;
  interlend: Interlend;
  borrowerApi: ApiClient;
  lenderApi: ApiClient;
  lenderId: string;
  setLending(settings: Partial<LendingSettings>): Promise<void>;
  close(): Promise<void>;
}

export async function startLocateNetwork(backend: Backend): Promise<LocateNetwork> {
  const hash = await testPasswordHash();
  const user = (username: string, extra: string) => `      - { username: ${username}, name: ${username}, passwordHash: "${hash}", ${extra} }`;
  const config = parseConfigText(
    `
institutions:
  - code: NSU
    name: North State University
    symbols: ["ISIL:US-NSU"]
    libraries: [{ code: MAIN, name: Main Library }]
    partners:
      - { code: LVW, name: Lakeview Library, symbol: "ISIL:US-LVW" }
    users:
${user('admin', 'roles: [fulfillment-admin]')}
  - code: LVW
    name: Lakeview Library
    symbols: ["ISIL:US-LVW"]
    libraries: [{ code: MAIN, name: Lakeview Main }, { code: ANNEX, name: Lakeview Annex }]
    partners:
      - { code: NSU, name: North State University, symbol: "ISIL:US-NSU" }
    users:
${user('admin', 'roles: [fulfillment-admin]')}
${user('desk', 'roles: [circulation-desk]')}
${user('partners', 'roles: [partners-manager]')}
${user('annex-operator', 'roles: [services-operator], libraries: [ANNEX]')}
`,
    'lending-locate.yaml',
  );
  let lender!: Institution;
  const server = await startApiServer(backend, {
    network: config,
    networkFile: 'lending-locate.yaml',
    seed: async (db) => {
      lender = await db.selectFrom('institution').selectAll().where('code', '=', 'LVW').executeTakeFirstOrThrow();
      const imported = await importMarc(db, new TextEncoder().encode(LENDER_CATALOGUE), { institutionId: lender.id });
      if (imported.imported !== 4) throw new Error(`lender catalogue not imported: ${JSON.stringify(imported)}`);
      // MARC import knows no electronic items: the e-book copy is marked here.
      await db.updateTable('item').set({ electronic: true }).where('institution_id', '=', lender.id).where('barcode', '=', 'LVW-0301').execute();
    },
    outboxPolicy: { baseDelayMs: 100, pollIntervalMs: 50 },
    expiryIntervalMs: 60_000,
  });
  const credentials = { username: 'admin', password: TEST_PASSWORD };
  return {
    base: server.base,
    db: server.db,
    interlend: server.interlend,
    borrowerApi: server.client(credentials),
    lenderApi: server.client(credentials),
    lenderId: lender.id,
    setLending: async (settings) => {
      await writeSettings(server.db, lender, 'lending', lendingSettingsSchema.parse(settings), 'test', new Date());
    },
    close: () => server.stop(),
  };
}
