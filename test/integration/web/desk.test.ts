/**
 * The desk in real Chromium on the circulation network (a real ISO 18626 loan from Harbor City
 * to North State): the scan desk receives the lender's barcode, loans, takes the patron's return
 * and sends the item back, says what an unknown barcode is; the hold shelf lists the received
 * item; the dashboard shows the counts and both charts with their table alternative. axe-core on
 * each page, screenshots of each step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ApiClient, RequestView } from '../../../src/cli/apiClient.js';
import type { Db } from '../../../src/store/database.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { TEST_PASSWORD } from '../../support/auth/accounts.js';
import { availableBackends } from '../../support/databases.js';
import { describeViolations, launchBrowser, newPage, requireChromium, screenshot, seriousAxeViolations, signInThroughUi } from '../../support/web/browser.js';
import { agreedToSupply, circulationNetwork, inDays, institutionId, seedCatalogueItem, seedPatron } from '../circulation/circulationNetwork.js';
import { borrowing, partnerId } from '../statistics/seedStatistics.js';

const [backend] = await availableBackends();
const chromiumHere = requireChromium('the desk and dashboard UI tests');
const SUITE = 'desk';
const DAY = 86_400_000;

/** HCPL's copy HC-0001 to lend; NSU's patron; and NSU's borrowing history of the last months, for the charts. */
async function seed(db: Db): Promise<void> {
  await seedCatalogueItem(db, 'HCPL');
  await seedPatron(db, 'NSU', 'P-7', 'Pat Reader');
  const nsu = await institutionId(db, 'NSU');
  const hcpl = await partnerId(db, nsu, 'HCPL');
  const lkc = await partnerId(db, nsu, 'LKC');
  const today = new Date();
  // One filled request per partner a month for the last three months (HCPL in 3 and 5 days, LKC in 6), and one LKC could not fill.
  for (const monthsAgo of [1, 2, 3]) {
    const sent = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - monthsAgo, 10, 12));
    await borrowing(db, nsu, 'completed', [{ partner: hcpl, sentAt: sent, status: 'supplying' }], [
      { to: 'shipped_physically', at: new Date(sent.getTime() + DAY) },
      { to: 'received_physically', at: new Date(sent.getTime() + (monthsAgo === 2 ? 5 : 3) * DAY) },
      { to: 'completed', at: new Date(sent.getTime() + 20 * DAY) },
    ]);
    await borrowing(db, nsu, 'completed', [{ partner: lkc, sentAt: sent, status: 'supplying' }], [{ to: 'received_physically', at: new Date(sent.getTime() + 6 * DAY) }]);
  }
  await borrowing(db, nsu, 'cancelled', [{ partner: lkc, sentAt: new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 12, 12)), status: 'rejected' }], []);
}

async function expectNoSeriousViolations(page: Page): Promise<void> {
  expect(describeViolations(await seriousAxeViolations(page))).toBe('');
}

describe.skipIf(!chromiumHere)('the scan desk, hold shelf and dashboard', () => {
  let server: ApiServer;
  let api: ApiClient;
  let browser: Browser;
  let page: Page;
  let loan: Awaited<ReturnType<typeof agreedToSupply>>;

  beforeAll(async () => {
    server = await startApiServer(backend ?? 'pglite', { network: await circulationNetwork({ accounts: true }), seed, outboxPolicy: { baseDelayMs: 100, pollIntervalMs: 50 } });
    api = server.client({ username: 'admin', password: TEST_PASSWORD });
    // A real loan: NSU asks Harbor City, which will supply and ships its copy HC-0001.
    loan = await agreedToSupply(api, 'HCPL', 'P-7');
    await api.call<RequestView>('POST', `${loan.lp}/actions/ship`, { dueDate: inDays(28), barcode: 'HC-0001' });
    await api.waitForStatus(loan.bp, 'shipped_physically');
    browser = await launchBrowser();
    ({ page } = await newPage(browser));
    await signInThroughUi(page, server.base, { institution: 'US-NSU', username: 'desk', password: TEST_PASSWORD });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const status = () => page.getByRole('status').filter({ has: page.locator('.scan-answer') });
  const statusOf = async () => (await api.call<RequestView>('GET', loan.bp)).status;

  async function scanBarcode(barcode: string): Promise<void> {
    const field = page.getByLabel('Barcode');
    await field.fill(barcode);
    await field.press('Enter');
  }

  it('receives the lender’s barcode: the answer in words, a link to the request, the field empty and focused again', async () => {
    await page.getByRole('link', { name: 'Scan', exact: true }).click();
    await page.getByRole('heading', { name: 'Scan desk', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/staff/scan');
    // A scanner types into whatever has focus: the barcode field has it on arrival.
    expect(await page.evaluate('document.activeElement.id')).toBe('scan-barcode');
    await expectNoSeriousViolations(page);
    await screenshot(page, SUITE, '01-scan-desk');

    await scanBarcode('HC-0001');
    await expect.poll(() => status().textContent()).toContain(`Received ${loan.number} for patron P-7`);
    const answer = (await status().textContent()) ?? '';
    expect(answer).toContain('now Received physically');
    expect(answer).toContain('A Wizard of Earthsea');
    expect(await statusOf()).toBe('received_physically');
    expect(await page.getByLabel('Barcode').inputValue()).toBe('');
    expect(await page.evaluate('document.activeElement.id')).toBe('scan-barcode');
    await expectNoSeriousViolations(page);
    await screenshot(page, SUITE, '02-received');

    // The link leads to the request page.
    const link = status().getByRole('link', { name: `Borrowing request ${loan.number}` });
    expect(await link.getAttribute('href')).toBe(`/staff/borrowing/${loan.id}`);
    await link.click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/staff/borrowing/${loan.id}`);
    await expect.poll(() => page.locator('main').textContent()).toContain(loan.number);
    expect(await page.getByRole('heading', { name: 'Page not found' }).count()).toBe(0);
    await screenshot(page, SUITE, '03-request-page');
  });

  it('lists the received item on the hold shelf, with its request and receive slip', async () => {
    await page.getByRole('link', { name: 'Hold shelf', exact: true }).click();
    await page.getByRole('heading', { name: 'Hold shelf', level: 1 }).waitFor();
    const row = page.getByRole('row').filter({ hasText: loan.number });
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('A Wizard of Earthsea');
    expect(text).toContain('Pat Reader (P-7)');
    expect(text).toContain(`TMP-${loan.number}`);
    expect(await row.getByRole('link', { name: loan.number, exact: true }).getAttribute('href')).toBe(`/staff/borrowing/${loan.id}`);
    const slip = row.getByRole('link', { name: /Print receive slip/ });
    const slipHref = (await slip.getAttribute('href')) ?? '';
    expect(slipHref).toBe(`/api/v1/institutions/US-NSU/borrowing-requests/${loan.id}/slips/receive`);
    // The slip is really there for the desk (same cookie as the page).
    const slipStatus = await page.evaluate(`fetch(${JSON.stringify(slipHref)}).then((r) => r.status)`);
    expect(slipStatus).toBe(200);
    expect(await page.getByRole('status').textContent()).toContain('1 item is waiting');
    // The pickup location filter narrows the list to what the API answers for it.
    const location = page.getByLabel('Pickup location');
    const options = await location.locator('option').allTextContents();
    expect(options[0]).toBe('All pickup locations');
    expect(options.length).toBe(2);
    await location.selectOption({ index: 1 });
    await expect.poll(() => page.getByRole('status').textContent()).toContain(`at ${options[1]}`);
    expect(await page.getByRole('row').filter({ hasText: loan.number }).count()).toBe(1);
    await expectNoSeriousViolations(page);
    await screenshot(page, SUITE, '04-hold-shelf');
  });

  it('loans by a named action, then the temporary item’s scans are the patron return and the return to the lender', async () => {
    await page.getByRole('link', { name: 'Scan', exact: true }).click();
    await page.getByRole('heading', { name: 'Scan desk', level: 1 }).waitFor();
    const temporary = `TMP-${loan.number}`;

    // On the hold shelf an automatic scan has nothing to do: said so, nothing changes.
    await scanBarcode(temporary);
    await expect.poll(() => status().textContent()).toContain('nothing to do by scanning it now');
    expect(await statusOf()).toBe('received_physically');

    // The patron picks it up: the desk names the action.
    await page.getByLabel('Action').selectOption({ label: 'Loan to the patron' });
    await scanBarcode(temporary);
    await expect.poll(() => status().textContent()).toContain(`Loaned ${loan.number} to patron P-7`);
    expect(await statusOf()).toBe('loaned_to_patron');
    // The named action was for that scan only.
    expect(await page.getByLabel('Action').inputValue()).toBe('auto');
    await screenshot(page, SUITE, '05-loaned');

    await scanBarcode(temporary);
    await expect.poll(() => status().textContent()).toContain('Returned by patron P-7');
    expect(await status().textContent()).toContain('now Returned by patron');
    expect(await statusOf()).toBe('returned_by_patron');
    await screenshot(page, SUITE, '06-patron-return');

    await scanBarcode(temporary);
    await expect.poll(() => status().textContent()).toContain(`Sent ${loan.number} back to the lender`);
    expect(await statusOf()).toBe('returned_to_partner');
    expect(await page.evaluate('document.activeElement.id')).toBe('scan-barcode');
    await expectNoSeriousViolations(page);
    await screenshot(page, SUITE, '07-return-to-lender');
  });

  it('an unknown barcode gets a readable message; the session’s scans are listed', async () => {
    await scanBarcode('NO-SUCH-BARCODE');
    await expect.poll(() => status().textContent()).toContain('Unknown barcode');
    expect(await status().textContent()).toContain('barcode NO-SUCH-BARCODE is not an item of any open request at NSU');
    expect(await page.getByLabel('Barcode').inputValue()).toBe('');
    const log = page.locator('table.scan-log tbody tr');
    expect(await log.count()).toBe(6);
    expect(await log.first().textContent()).toContain('NO-SUCH-BARCODE');
    expect(await log.nth(1).textContent()).toContain(`Borrowing ${loan.number} (Returned item to partner)`);
    await expectNoSeriousViolations(page);
    await screenshot(page, SUITE, '08-unknown-barcode');
  });

  it('an ambiguous barcode lists its requests and staff choose one', async () => {
    const first = await agreedToSupply(api, 'LKC', 'P-7');
    const second = await agreedToSupply(api, 'LKC', 'P-7');
    for (const { lp, bp } of [first, second]) {
      await api.call<RequestView>('POST', `${lp}/actions/ship`, { dueDate: inDays(14), barcode: 'LKC-DUP' });
      await api.waitForStatus(bp, 'shipped_physically');
    }
    await scanBarcode('LKC-DUP');
    await expect.poll(() => status().textContent()).toContain('LKC-DUP matches more than one request');
    const choices = page.getByRole('region', { name: 'Which request is LKC-DUP for?' });
    await choices.waitFor();
    expect(await choices.getByRole('button').allTextContents()).toEqual(
      expect.arrayContaining([`Receive from the lender: borrowing request ${first.number}`, `Receive from the lender: borrowing request ${second.number}`]),
    );
    await expectNoSeriousViolations(page);
    await screenshot(page, SUITE, '08b-ambiguous');
    await choices.getByRole('button', { name: `Receive from the lender: borrowing request ${second.number}` }).click();
    await expect.poll(() => status().textContent()).toContain(`borrowing request ${second.number} is now Received physically`);
    expect((await api.call<RequestView>('GET', second.bp)).status).toBe('received_physically');
    expect((await api.call<RequestView>('GET', first.bp)).status).toBe('shipped_physically');
    expect(await choices.count()).toBe(0);
  });

  it('the dashboard shows the counts, both charts with data, and their tables', async () => {
    await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    await page.getByRole('heading', { name: 'North State University: dashboard', level: 1 }).waitFor();
    await page.getByTestId('open-borrowing').waitFor();
    // The real loan (returned to the partner) and the two from Lakeside are open; the one received waits on the shelf.
    expect(await page.getByTestId('open-borrowing').textContent()).toBe('3');
    expect(await page.getByTestId('holds-on-shelf').textContent()).toBe('1');
    expect(await page.getByTestId('overdue-loans').textContent()).toBe('0');
    expect(await page.locator('#borrowing-status').textContent()).toContain('Returned item to partner');

    const fill = page.getByRole('img', { name: /Borrowing: fill rate per partner/ });
    const turnaround = page.getByRole('img', { name: /Borrowing: median turnaround per partner/ });
    await fill.waitFor();
    await turnaround.waitFor();
    // Bars and points are drawn: one bar per partner and month with requests.
    expect(await page.locator('figure.chart').first().locator('rect.bar').count()).toBeGreaterThanOrEqual(6);
    expect(await page.locator('figure.chart').nth(1).locator('path.line').count()).toBe(2);
    expect(await fill.locator('title').textContent()).toBe('Borrowing: fill rate per partner');
    expect(await fill.locator('desc').textContent()).toContain('Share of the requests we sent each partner');

    // The totals: HCPL filled all four (three seeded and the real loan); LKC three of its four seeded and both shipped today.
    const totals = page.locator('table.dashboard-totals');
    expect(await totals.getByRole('row', { name: /Harbor City Public Library/ }).textContent()).toContain('100%');
    expect(await totals.getByRole('row', { name: /Lakeside College/ }).textContent()).toContain('83%');
    await screenshot(page, SUITE, '09-dashboard');

    // The table alternative of each chart.
    await page.getByText('Show the data of “Borrowing: fill rate per partner” as a table').click();
    await page.getByText(/Show the data of “Borrowing: median turnaround/).click();
    const fillTable = page.locator('#fill-rate-chart-table');
    await fillTable.waitFor();
    expect(await fillTable.locator('thead th').allTextContents()).toEqual(['Period', 'Lakeside College', 'Harbor City Public Library']); // busiest partner first
    expect(await fillTable.textContent()).toContain('100%');
    const turnaroundTable = page.locator('#turnaround-chart-table');
    expect(await turnaroundTable.textContent()).toContain('5 d');
    expect(await turnaroundTable.textContent()).toContain('6 d');
    await expectNoSeriousViolations(page);
    await screenshot(page, SUITE, '10-dashboard-tables');

    // Per week, and the lending side.
    await page.getByLabel('Figures per', { exact: true }).selectOption('week');
    await expect.poll(() => page.locator('#fill-rate-chart-table tbody tr').count()).toBe(12);
    await page.getByLabel('Show requests', { exact: true }).selectOption('lending');
    await page.getByRole('img', { name: /Lending: fill rate per partner/ }).waitFor();
    await expectNoSeriousViolations(page);
    await screenshot(page, SUITE, '11-dashboard-lending-weeks');
  });
});
