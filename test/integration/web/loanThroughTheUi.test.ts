/**
 * Issue 7's whole loan, through the UI only, in real Chromium: a patron of North State (NSU) asks
 * for a book from an OpenURL link on a phone; NSU's rota assignment and sending rules send it to
 * Harbor City (HCPL) at once; HCPL's staff will-supply on the request page and ship by scanning
 * their copy's barcode; NSU's staff receive by scanning the same barcode and loan the temporary
 * item; the patron sees "ready for pickup", then "on loan" with the due date; the patron's return,
 * the return to the lender and the lender's check-in are scans too; both requests end completed
 * and the borrower's temporary records are gone. ISO 18626 messages flow between the two
 * institutions in-process (background workers on); the test waits for them by watching the pages,
 * which poll. The API and the database are read only to assert. Screenshots of each step in
 * test-results/screenshots/loan/, axe-core on each kind of page reached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ApiClient, RequestView } from '../../../src/cli/apiClient.js';
import { importMarc } from '../../../src/services/inventory/importMarc.js';
import type { Db } from '../../../src/store/database.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { TEST_PASSWORD, testPasswordHash } from '../../support/auth/accounts.js';
import { availableBackends } from '../../support/databases.js';
import { describeViolations, launchBrowser, newPage, requireChromium, screenshot, seriousAxeViolations, signInThroughUi } from '../../support/web/browser.js';

const [backend] = await availableBackends();
const chromiumHere = requireChromium('the whole loan through the UI');
const SUITE = 'loan';

const TITLE = 'The Left Hand of Darkness';
const ISBN = '9780441478125';
const BARCODE = 'HC-7001';
const DUE = '2030-03-15';

/** NSU: a patron in the register with a sign-in account, desk staff, and rules sending every physical book to HCPL at once. HCPL: its staff, and a locate of each request as it arrives that puts the copy on the pick list. */
async function network(): Promise<string> {
  const hash = await testPasswordHash();
  return `institutions:
  - code: NSU
    name: North State University
    symbols: ["ISIL:US-NSU"]
    libraries: [{ code: MAIN, name: Main Library }]
    partners:
      - { code: HCPL, name: Harbor City Public Library, symbol: "ISIL:US-HCPL" }
    patrons:
      - { barcode: P-1001, name: Maya Chen, patronGroup: undergraduate, homeLibrary: MAIN, expiresOn: 2030-06-30 }
    users:
      - { username: admin, name: Admin, passwordHash: "${hash}", roles: [fulfillment-admin] }
      - { username: desk, name: Desk, passwordHash: "${hash}", roles: [circulation-desk] }
      - { username: maya, name: Maya Chen, passwordHash: "${hash}", patronId: P-1001 }
    rotaTemplates:
      - { code: CITY, name: City partners, partners: [HCPL] }
    rotaAssignmentRules:
      - code: books
        template: CITY
        conditions:
          - { field: citationType, operator: equals, value: book }
          - { field: format, operator: equals, value: physical }
    sendingRules:
      - { code: everything, sending: send-automatically }
  - code: HCPL
    name: Harbor City Public Library
    symbols: ["ISIL:US-HCPL"]
    libraries: [{ code: MAIN, name: Harbor City Public Library }]
    partners:
      - { code: NSU, name: North State University, symbol: "ISIL:US-NSU" }
    lendingSettings: { autoLocate: true, createLocalMoveAutomatically: true }
    users:
      - { username: admin, name: Admin, passwordHash: "${hash}", roles: [fulfillment-admin] }
      - { username: lending, name: Lending, passwordHash: "${hash}", roles: [fulfillment-admin] }
`;
}

/** Harbor City's catalogue, imported as MARCXML: one record, one copy on the shelf. */
const CATALOGUE = `<?xml version="1.0" encoding="UTF-8"?>
<collection xmlns="http://www.loc.gov/MARC21/slim">
<record>
  <leader>00000cam a2200000 a 4500</leader><controlfield tag="001">hc-lhd</controlfield>
  <datafield tag="020" ind1=" " ind2=" "><subfield code="a">${ISBN}</subfield></datafield>
  <datafield tag="100" ind1="1" ind2=" "><subfield code="a">Le Guin, Ursula K.</subfield></datafield>
  <datafield tag="245" ind1="1" ind2="4"><subfield code="a">${TITLE}</subfield></datafield>
  <datafield tag="952" ind1=" " ind2=" "><subfield code="a">MAIN</subfield><subfield code="c">STACKS</subfield><subfield code="o">PS3562.E42 L4</subfield><subfield code="p">${BARCODE}</subfield></datafield>
</record>
</collection>`;

async function seed(db: Db): Promise<void> {
  const hcpl = await db.selectFrom('institution').select('id').where('code', '=', 'HCPL').executeTakeFirstOrThrow();
  await importMarc(db, new TextEncoder().encode(CATALOGUE), { institutionId: hcpl.id });
}

/** A WorldCat-style OpenURL 1.0 KEV book link. */
const LINK =
  '/openurl?url_ver=Z39.88-2004&ctx_ver=Z39.88-2004&rfr_id=info%3Asid%2Fworldcat.org%3Aworldcat&rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Abook' +
  `&rft.genre=book&rft.btitle=${encodeURIComponent(TITLE)}&rft.au=${encodeURIComponent('Le Guin, Ursula K.')}&rft_id=${encodeURIComponent(`urn:isbn:${ISBN}`)}&rft.pub=Ace+Books&rft.date=1969`;

async function axeClean(page: Page, where: string): Promise<void> {
  expect(describeViolations(await seriousAxeViolations(page)), where).toBe('');
}

describe.skipIf(!chromiumHere)('a whole loan through the UI only', () => {
  let server: ApiServer;
  let browser: Browser;
  let api: ApiClient;

  beforeAll(async () => {
    server = await startApiServer(backend ?? 'pglite', { network: await network(), networkFile: 'loan.yaml', seed, outboxPolicy: { baseDelayMs: 100, pollIntervalMs: 50 } });
    api = server.client({ username: 'admin', password: TEST_PASSWORD });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('patron asks by OpenURL, the lender will-supplies and ships by scan, the borrower receives and loans, return and check-in complete both requests', async () => {
    // Three people, each in their own browser, each signing in through the UI.
    const patron = await newPage(browser, { phone: true });
    const borrower = await newPage(browser);
    const lender = await newPage(browser);
    const p = patron.page;
    const b = borrower.page;
    const l = lender.page;

    // 1. The patron follows the link, signs in on the way, and sends the prefilled form.
    await p.goto(`${server.base}${LINK}`);
    await p.getByLabel('Library (symbol, e.g. US-NSU)').fill('US-NSU');
    await p.getByLabel('Username').fill('maya');
    await p.getByLabel('Password').fill(TEST_PASSWORD);
    await axeClean(p, 'sign-in');
    await screenshot(p, SUITE, '01-patron-sign-in-from-link');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('heading', { name: 'Request this item', level: 1 }).waitFor();
    expect(await p.getByLabel('Title (required)', { exact: true }).inputValue()).toBe(TITLE);
    expect(await p.getByLabel('ISBN', { exact: true }).inputValue()).toBe(ISBN);
    await expect.poll(() => p.getByLabel('Pick up at', { exact: true }).inputValue()).toBe('MAIN');
    await axeClean(p, 'OpenURL form');
    await screenshot(p, SUITE, '02-patron-openurl-form');
    await p.getByRole('button', { name: 'Send request' }).click();
    await p.getByRole('heading', { name: 'Request received', level: 1 }).waitFor();
    const number = (await p.getByRole('status').locator('strong').textContent()) ?? '';
    expect(number).toMatch(/^NSU-\d+$/);
    await axeClean(p, 'confirmation');
    await screenshot(p, SUITE, '03-patron-request-received');

    // The rules sent it to Harbor City without anyone at NSU touching it.
    const bp = api.borrowing('US-NSU', (await server.db.selectFrom('borrowing_request').select('id').where('request_number', '=', number).executeTakeFirstOrThrow()).id);
    await api.waitForStatus(bp, 'request_sent');
    expect(await server.db.selectFrom('borrowing_request').select(['patron_id', 'pickup_location', 'title']).where('request_number', '=', number).executeTakeFirstOrThrow()).toEqual({ patron_id: 'P-1001', pickup_location: 'MAIN', title: TITLE });
    const lendingView = await api.findLendingRequest('US-HCPL', number);
    const lp = api.lending('US-HCPL', lendingView.id);
    const status = async (path: string) => (await api.call<RequestView>('GET', path)).status;

    // 2. Harbor City's staff find it in their lending task list (which polls) and will supply.
    await signInThroughUi(l, server.base, { institution: 'US-HCPL', username: 'lending', password: TEST_PASSWORD });
    await l.getByRole('link', { name: 'Lending', exact: true }).click();
    await l.getByRole('heading', { name: 'Lending', level: 1 }).waitFor();
    const row = l.locator('table.requests tbody tr').filter({ hasText: TITLE });
    await row.waitFor({ timeout: 20_000 });
    await axeClean(l, 'lending task list');
    await screenshot(l, SUITE, '04-lender-lending-list');
    await row.getByRole('link', { name: lendingView.number, exact: true }).click();
    await l.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    // The request page polls until the lender's locate offers will supply.
    const willSupply = l.getByRole('button', { name: 'Will supply', exact: true });
    await willSupply.waitFor({ timeout: 20_000 });
    await axeClean(l, 'lending request page');
    await willSupply.click();
    await l.getByLabel('Note (optional)').fill('On the shelf at Stacks');
    await screenshot(l, SUITE, '05-lender-will-supply-form');
    await l.getByRole('button', { name: 'Confirm: Will supply' }).click();
    await l.getByRole('status').filter({ hasText: 'Done: Will supply. Status now Will supply.' }).waitFor();
    expect(await status(lp)).toBe('will_supply');
    await screenshot(l, SUITE, '06-lender-will-supply-done');

    // 3. Ship by scanning the copy at the scan desk, with a due date.
    await l.getByRole('link', { name: 'Scan', exact: true }).click();
    await l.getByRole('heading', { name: 'Scan desk', level: 1 }).waitFor();
    await axeClean(l, 'scan desk');
    const scan = async (page: Page, barcode: string) => {
      const field = page.getByLabel('Barcode');
      await field.fill(barcode);
      await field.press('Enter');
    };
    const answer = (page: Page) => page.getByRole('status').filter({ has: page.locator('.scan-answer') });
    await l.getByLabel('Action').selectOption({ label: 'Ship to the borrower' });
    await l.getByLabel('Due date (for shipping)').fill(DUE);
    await screenshot(l, SUITE, '07-lender-ship-by-scan');
    await scan(l, BARCODE);
    await expect.poll(() => answer(l).textContent()).toContain(`Shipped ${BARCODE} for lending request ${lendingView.number} due back`);
    const shipped = await api.call<RequestView & { dueDate: string }>('GET', lp);
    expect(shipped.status).toBe('shipped_physically');
    expect(shipped.dueDate.slice(0, 10)).toBe(DUE);
    await screenshot(l, SUITE, '08-lender-shipped');

    // 4. North State's desk receives by scanning the lender's barcode: once the shipped message
    // has arrived (the borrowing request page polls), the scan receives.
    await signInThroughUi(b, server.base, { institution: 'US-NSU', username: 'desk', password: TEST_PASSWORD });
    await b.getByRole('link', { name: 'Borrowing', exact: true }).click();
    await b.getByRole('heading', { name: 'Borrowing', level: 1 }).waitFor();
    await axeClean(b, 'borrowing task list');
    await b.locator('table.requests tbody tr').filter({ hasText: TITLE }).getByRole('link', { name: number, exact: true }).click();
    await b.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    await b.locator('dd.status-label').filter({ hasText: 'Shipped physically' }).waitFor({ timeout: 20_000 });
    await axeClean(b, 'borrowing request page');
    await screenshot(b, SUITE, '09-borrower-sees-shipped');
    // The patron's "my requests" says it is on its way.
    await p.getByRole('link', { name: 'See my requests' }).click();
    await p.getByRole('heading', { name: 'My requests', level: 1 }).waitFor();
    const mine = p.getByRole('listitem').filter({ has: p.getByRole('heading', { name: TITLE }) });
    await expect.poll(() => mine.locator('.patron-status').textContent()).toBe('On its way');
    await axeClean(p, 'my requests');
    expect(await p.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(p, SUITE, '10-patron-on-its-way');
    await b.getByRole('link', { name: 'Scan', exact: true }).click();
    await b.getByRole('heading', { name: 'Scan desk', level: 1 }).waitFor();
    await scan(b, BARCODE);
    await expect.poll(() => answer(b).textContent()).toContain(`Received ${number} for patron P-1001`);
    expect(await status(bp)).toBe('received_physically');
    await screenshot(b, SUITE, '11-borrower-received-by-scan');

    // 5. The patron's "my requests", reloaded: ready for pickup.
    await p.reload();
    await expect.poll(() => mine.locator('.patron-status').textContent()).toBe('Ready for pickup at Main Library');
    await screenshot(p, SUITE, '12-patron-ready-for-pickup');

    // 6. The desk loans the temporary item to the patron.
    const temporary = `TMP-${number}`;
    await b.getByLabel('Action').selectOption({ label: 'Loan to the patron' });
    await scan(b, temporary);
    await expect.poll(() => answer(b).textContent()).toContain(`Loaned ${number} to patron P-1001`);
    const loaned = await api.call<RequestView & { dueDate: string }>('GET', bp);
    expect(loaned.status).toBe('loaned_to_patron');
    await screenshot(b, SUITE, '13-borrower-loaned');

    // 7. The patron: on loan, with the due date in words.
    await p.reload();
    await expect.poll(() => mine.locator('.patron-status').textContent()).toMatch(/^On loan until \d{1,2} \w+ \d{4}$/);
    const dueInWords = new Date(loaned.dueDate).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    expect(await mine.locator('.patron-status').textContent()).toBe(`On loan until ${dueInWords}`);
    expect(await mine.textContent()).toContain(`Due${dueInWords}`);
    await axeClean(p, 'my requests on loan');
    await screenshot(p, SUITE, '14-patron-on-loan');

    // 8. The patron brings it back; the desk sends it back to Harbor City.
    await scan(b, temporary);
    await expect.poll(() => answer(b).textContent()).toContain('Returned by patron P-1001');
    expect(await status(bp)).toBe('returned_by_patron');
    await screenshot(b, SUITE, '15-borrower-patron-return');
    await scan(b, temporary);
    await expect.poll(() => answer(b).textContent()).toContain(`Sent ${number} back to the lender`);
    expect(await status(bp)).toBe('returned_to_partner');
    await screenshot(b, SUITE, '16-borrower-return-to-lender');

    // 9. Harbor City sees it returned (its request page polls), then checks its copy in by scanning it.
    await l.goto(`${server.base}/staff/lending/${lendingView.id}`);
    await l.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    await l.locator('dd.status-label').filter({ hasText: 'Returned by partner' }).waitFor({ timeout: 20_000 });
    await screenshot(l, SUITE, '17-lender-sees-returned');
    await l.getByRole('link', { name: 'Scan', exact: true }).click();
    await l.getByRole('heading', { name: 'Scan desk', level: 1 }).waitFor();
    await scan(l, BARCODE);
    await expect.poll(() => answer(l).textContent()).toContain(`Checked in ${BARCODE} from lending request ${lendingView.number}: back on its shelf`);
    expect(await status(lp)).toBe('completed');
    await axeClean(l, 'scan desk after check-in');
    await screenshot(l, SUITE, '18-lender-checked-in');

    // 10. The borrower's request page follows the lender's completion by polling.
    await b.goto(`${server.base}/staff/borrowing/${(await api.call<RequestView>('GET', bp)).id}`);
    await b.locator('dd.status-label').filter({ hasText: 'Request completed' }).waitFor({ timeout: 20_000 });
    await screenshot(b, SUITE, '19-borrower-completed');
    await p.reload();
    await expect.poll(() => mine.locator('.patron-status').textContent()).toBe('Returned');
    await screenshot(p, SUITE, '20-patron-returned');

    // Behind the pages: both completed, the copy back on Harbor City's shelf, NSU's temporary records gone, one returned loan.
    expect(await status(bp)).toBe('completed');
    expect(await status(lp)).toBe('completed');
    const id = (await api.call<RequestView>('GET', bp)).id;
    const item = await server.db.selectFrom('item').select(['status', 'on_loan_to_partner_id', 'lent_for_request_id']).where('barcode', '=', BARCODE).executeTakeFirstOrThrow();
    expect(item).toEqual({ status: 'available', on_loan_to_partner_id: null, lent_for_request_id: null });
    expect(await server.db.selectFrom('bibliographic_record').select('id').where('temporary_for_request_id', '=', id).execute()).toEqual([]);
    expect(await server.db.selectFrom('item').select('id').where('temporary_for_request_id', '=', id).execute()).toEqual([]);
    expect(await server.db.selectFrom('hold').select('id').where('borrowing_request_id', '=', id).execute()).toEqual([]);
    const loans = await server.db.selectFrom('loan').select(['status', 'item_barcode', 'patron_barcode']).where('borrowing_request_id', '=', id).execute();
    expect(loans).toEqual([{ status: 'returned', item_barcode: temporary, patron_barcode: 'P-1001' }]);

    await patron.context.close();
    await borrower.context.close();
    await lender.context.close();
  }, 240_000);
});
