/**
 * The staff task lists and request pages in real Chromium, against a real server where North
 * State University (NSU) borrows from Harbor City (HCPL) over ISO 18626: facets, search and the
 * back button, assign to me, the request page's timeline, pretty-printed messages and rota, actions
 * through their forms (will supply, ship with a due date, receive), a refused action's problem,
 * a bulk action on two rows, live updates by polling, slips, and axe-core on each page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ApiClient, RequestView } from '../../../src/cli/apiClient.js';
import type { Db } from '../../../src/store/database.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { TEST_PASSWORD } from '../../support/auth/accounts.js';
import { availableBackends } from '../../support/databases.js';
import { describeViolations, launchBrowser, newPage, requireChromium, screenshot, seriousAxeViolations, signInThroughUi } from '../../support/web/browser.js';
import { circulationNetwork, seedCatalogueItem } from '../circulation/circulationNetwork.js';

const [backend] = await availableBackends();
const chromiumHere = requireChromium('the task list and request page tests');
const SUITE = 'requests';

const BOOKS = [
  { title: 'A Wizard of Earthsea', author: 'Le Guin, Ursula K.', isbn: '9780547773742', barcode: 'HC-0001', patron: 'P-100' },
  { title: 'The Dispossessed', author: 'Le Guin, Ursula K.', isbn: '9780061054884', barcode: 'HC-0002', patron: 'P-200' },
  { title: 'Kindred', author: 'Butler, Octavia E.', isbn: '9780807083697', barcode: 'HC-0003', patron: 'P-300' },
];

async function seed(db: Db): Promise<void> {
  for (const [i, book] of BOOKS.entries()) {
    await seedCatalogueItem(db, 'HCPL', { sourceId: `hc-${i + 1}`, title: book.title, author: book.author, isbns: [book.isbn], barcode: book.barcode });
  }
}

async function expectAccessible(page: Page): Promise<void> {
  expect(describeViolations(await seriousAxeViolations(page))).toBe('');
}

/** Stops (hidden) or resumes (visible) the page's polling the way a browser tab does. */
async function setVisibility(page: Page, state: 'hidden' | 'visible'): Promise<void> {
  await page.evaluate(`Object.defineProperty(document, 'visibilityState', { value: '${state}', configurable: true }); document.dispatchEvent(new Event('visibilitychange'));`);
}

describe.skipIf(!chromiumHere)('staff task lists and request pages', () => {
  let server: ApiServer;
  let browser: Browser;
  let api: ApiClient;
  const requests: { id: string; number: string; lendingId: string; lendingNumber: string }[] = [];

  beforeAll(async () => {
    server = await startApiServer(backend ?? 'pglite', { network: await circulationNetwork({ accounts: true }), seed, outboxPolicy: { baseDelayMs: 100, pollIntervalMs: 50 } });
    api = server.client({ username: 'admin', password: TEST_PASSWORD });
    browser = await launchBrowser();
    for (const book of BOOKS) {
      const created = await api.call<RequestView>('POST', api.borrowing('US-NSU'), { patronId: book.patron, citation: { title: book.title, author: book.author, isbn: book.isbn }, rota: ['HCPL'] });
      const lending = await api.findLendingRequest('US-HCPL', created.number);
      requests.push({ id: created.id, number: created.number, lendingId: lending.id, lendingNumber: lending.number });
    }
    // Each lending request waits for staff (will supply offered).
    for (const r of requests) {
      const deadline = Date.now() + 15_000;
      while (!(await api.call<{ allowedActions: string[] }>('GET', api.lending('US-HCPL', r.lendingId))).allowedActions.includes('will-supply')) {
        if (Date.now() > deadline) throw new Error(`lending request ${r.lendingNumber} never offered will-supply`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('borrowing list: facets, search, the back button, assign to me; the request page: timeline, messages, rota by keyboard', async () => {
    const earthsea = requests[0]!;
    const { context, page } = await newPage(browser);
    await signInThroughUi(page, server.base, { institution: 'US-NSU', username: 'admin', password: TEST_PASSWORD });
    await page.getByRole('link', { name: 'Borrowing', exact: true }).click();
    await page.getByRole('heading', { name: 'Borrowing', level: 1 }).waitFor();
    await page.getByText('3 requests; showing 3.').waitFor();
    await expectAccessible(page);
    await screenshot(page, SUITE, '01-borrowing-list');

    // A facet: the current partner, with its count; the filter goes into the URL.
    await page.getByRole('checkbox', { name: 'Harbor City Public Library (3)' }).check();
    await expect.poll(() => new URL(page.url()).searchParams.get('partner')).toBe('HCPL');
    await page.getByText('3 requests match; showing 3.').waitFor();
    // Search within it.
    await page.getByLabel('Search title, author, request number or patron').fill('wizard');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('1 request match; showing 1.').waitFor();
    expect(new URL(page.url()).search).toBe('?partner=HCPL&q=wizard');
    expect(await page.locator('table.requests tbody tr').count()).toBe(1);
    await screenshot(page, SUITE, '02-borrowing-filtered-and-searched');
    // The back button undoes the search, forward redoes it.
    await page.goBack();
    await page.getByText('3 requests match; showing 3.').waitFor();
    expect(await page.getByLabel('Search title, author, request number or patron').inputValue()).toBe('');
    await page.goForward();
    await page.getByText('1 request match; showing 1.').waitFor();

    // Assign to me: said on the page, shown in the row and the facet, and true in the API.
    await page.getByRole('button', { name: `Assign to me: request ${earthsea.number}` }).click();
    await page.getByRole('status').filter({ hasText: `Request ${earthsea.number} is assigned to you.` }).waitFor();
    await page.getByRole('checkbox', { name: 'Me (1)' }).waitFor();
    expect(await page.locator('table.requests tbody tr td[data-label="Assigned"]').first().textContent()).toContain('Me');
    const mine = await api.call<{ items: { id: string }[] }>('GET', `${api.borrowing('US-NSU')}?assignedTo=me`);
    expect(mine.items.map((i) => i.id)).toEqual([earthsea.id]);
    await screenshot(page, SUITE, '03-borrowing-assigned-to-me');

    // The request page.
    await page.getByRole('link', { name: earthsea.number }).click();
    await page.getByRole('heading', { name: 'A Wizard of Earthsea', level: 1 }).waitFor();
    expect(await page.locator('dd.status-label').textContent()).toBe('Request sent to partner');
    const timeline = page.locator('ol.timeline > li');
    expect(await timeline.count()).toBeGreaterThan(0);
    expect(await timeline.last().textContent()).toContain('Request sent to partner');
    await expectAccessible(page);
    await screenshot(page, SUITE, '04-borrowing-request-timeline');

    await page.getByRole('tab', { name: /Messages/ }).click();
    const request = page.getByRole('heading', { name: /Outbound request/i }).first();
    await request.waitFor();
    const xml = (await page.locator('pre.xml').first().textContent()) ?? '';
    expect(xml).toMatch(/^<\?xml[^\n]*\?>\n<ISO18626Message[^\n]*>\n {2}<request>\n {4}<header>\n/);
    expect(xml).toContain('<title>A Wizard of Earthsea</title>');
    // The partner's confirmation too.
    expect(await page.getByRole('heading', { name: 'Confirmation' }).count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await screenshot(page, SUITE, '05-borrowing-request-messages');

    // The tabs work by keyboard: right arrow from Messages to Rota.
    await page.getByRole('tab', { name: /Messages/ }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'Rota' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Rota');
    await page.getByRole('tabpanel').getByText('Harbor City Public Library (HCPL)').waitFor();
    await page.getByText('No locate has run for this request.').waitFor();
    // The borrower may cancel the partner it waits on: offered on the rota tab.
    await page.getByRole('tabpanel').getByRole('button', { name: 'Cancel this partner' }).waitFor();
    await screenshot(page, SUITE, '06-borrowing-request-rota');
    await context.close();
  });

  it('lending: will supply, a refused ship (stale version) with its problem, ship with a due date, a bulk action; the borrower sees it live and receives', async () => {
    const [earthsea, dispossessed, kindred] = requests as [(typeof requests)[0], (typeof requests)[0], (typeof requests)[0]];
    // The borrower keeps the request page open: it follows the lender by polling.
    const borrower = await newPage(browser);
    await signInThroughUi(borrower.page, server.base, { institution: 'US-NSU', username: 'admin', password: TEST_PASSWORD });
    await borrower.page.goto(`${server.base}/staff/borrowing/${earthsea.id}`);
    await borrower.page.getByRole('heading', { name: 'A Wizard of Earthsea', level: 1 }).waitFor();

    const { context, page } = await newPage(browser);
    await signInThroughUi(page, server.base, { institution: 'US-HCPL', username: 'admin', password: TEST_PASSWORD });
    await page.getByRole('link', { name: 'Lending', exact: true }).click();
    await page.getByRole('heading', { name: 'Lending', level: 1 }).waitFor();
    await page.getByText('3 requests; showing 3.').waitFor();
    await expectAccessible(page);
    await screenshot(page, SUITE, '07-lending-list');

    await page.getByRole('link', { name: earthsea.lendingNumber }).click();
    await page.getByRole('heading', { name: 'A Wizard of Earthsea', level: 1 }).waitFor();
    await page.getByRole('tab', { name: /Messages/ }).click();
    await screenshot(page, SUITE, '08-lending-request-messages');
    await page.getByRole('heading', { name: /Inbound request/i }).first().waitFor();
    await page.getByRole('tab', { name: 'Timeline' }).click();
    const historyBefore = await page.locator('ol.timeline > li').count();

    // Will supply: its form has only the note.
    await page.getByRole('button', { name: 'Will supply', exact: true }).click();
    await page.getByLabel('Note (optional)').fill('On the shelf');
    await screenshot(page, SUITE, '09-lending-will-supply-form');
    await page.getByRole('button', { name: 'Confirm: Will supply' }).click();
    await page.getByRole('status').filter({ hasText: 'Done: Will supply. Status now Will supply.' }).waitFor();
    expect(await page.locator('dd.status-label').textContent()).toBe('Will supply');
    await expect.poll(() => page.locator('ol.timeline > li').count()).toBe(historyBefore + 1);
    expect(await page.locator('ol.timeline > li').last().textContent()).toContain('On the shelf');
    // The pick and shipping slips apply now, as HTML and PDF.
    const pdf = page.getByRole('link', { name: 'Shipping slip (PDF)' });
    expect(await pdf.getAttribute('href')).toBe(`/api/v1/institutions/US-HCPL/lending-requests/${earthsea.lendingId}/slips/shipping?format=pdf`);
    expect(await page.evaluate<string>(`fetch(${JSON.stringify(await pdf.getAttribute('href'))}).then((r) => r.headers.get('content-type'))`)).toContain('application/pdf');
    await page.getByRole('link', { name: 'Pick slip (HTML)' }).waitFor();

    // Ship: due date and barcode. Someone else changes the request meanwhile (the tab hidden,
    // so polling does not pick it up): the action is refused with the API's problem.
    await setVisibility(page, 'hidden');
    await page.getByRole('button', { name: 'Ship', exact: true }).click();
    await page.getByLabel('Due date').fill('2030-01-31');
    await page.getByLabel('Item barcode (optional)').fill('HC-0001');
    await api.call('POST', `${api.lending('US-HCPL', earthsea.lendingId)}/assign`, {});
    await page.getByRole('button', { name: 'Confirm: Ship' }).click();
    const refused = page.getByRole('alert');
    await refused.filter({ hasText: 'the request changed since version' }).waitFor();
    expect(await refused.textContent()).toContain('Current status: will_supply');
    await screenshot(page, SUITE, '10-lending-ship-refused');
    expect((await api.call<RequestView>('GET', api.lending('US-HCPL', earthsea.lendingId))).status).toBe('will_supply');

    // Back in view: polling fetches the new version at once and says so politely.
    await setVisibility(page, 'visible');
    await page.locator('p.live[aria-live="polite"]').filter({ hasText: 'Updated' }).waitFor();
    await page.getByRole('button', { name: 'Confirm: Ship' }).click();
    await page.getByRole('status').filter({ hasText: 'Done: Ship. Status now Shipped physically.' }).waitFor();
    expect(await page.locator('ol.timeline > li').last().textContent()).toContain('Will supply → Shipped physically');
    const shipped = await api.call<RequestView & { dueDate: string }>('GET', api.lending('US-HCPL', earthsea.lendingId));
    expect(shipped.status).toBe('shipped_physically');
    expect(shipped.dueDate.slice(0, 10)).toBe('2030-01-31');
    await expectAccessible(page);
    await screenshot(page, SUITE, '11-lending-shipped');

    // A bulk action on two selected rows.
    await page.getByRole('navigation', { name: 'Staff workspace' }).getByRole('link', { name: 'Lending', exact: true }).click();
    await page.getByText('3 requests; showing 3.').waitFor();
    await page.getByRole('checkbox', { name: `Select request ${dispossessed.lendingNumber}` }).check();
    await page.getByRole('checkbox', { name: `Select request ${kindred.lendingNumber}` }).check();
    await page.getByLabel('With 2 selected').selectOption({ label: 'Will supply' });
    await screenshot(page, SUITE, '12-lending-bulk-selected');
    await page.getByRole('button', { name: 'Apply to selected' }).click();
    await page.getByRole('status').filter({ hasText: 'Will supply: 2 done, 0 refused.' }).waitFor();
    for (const r of [dispossessed, kindred]) expect((await api.call<RequestView>('GET', api.lending('US-HCPL', r.lendingId))).status).toBe('will_supply');
    await page.getByRole('checkbox', { name: 'Will supply (2)' }).waitFor();
    await screenshot(page, SUITE, '13-lending-bulk-done');
    await context.close();

    // The borrower's open page follows by polling, then receives.
    const b = borrower.page;
    await b.locator('dd.status-label').filter({ hasText: 'Shipped physically' }).waitFor({ timeout: 20_000 });
    expect(await b.locator('p.live').textContent()).toContain('Updated');
    await screenshot(b, SUITE, '14-borrowing-updated-live');
    await b.getByRole('button', { name: 'Receive', exact: true }).click();
    await b.getByRole('button', { name: 'Confirm: Receive' }).click();
    await b.getByRole('status').filter({ hasText: 'Done: Receive. Status now Received physically.' }).waitFor();
    expect(await b.locator('ol.timeline > li').last().textContent()).toContain('Shipped physically → Received physically');
    expect((await api.call<RequestView>('GET', api.borrowing('US-NSU', earthsea.id))).status).toBe('received_physically');
    await b.getByRole('link', { name: 'Receive slip (PDF)' }).waitFor();
    await b.getByRole('tab', { name: 'Circulation' }).click();
    await b.getByRole('tabpanel').getByText(`TMP-${earthsea.number}`).first().waitFor();
    await expectAccessible(b);
    await screenshot(b, SUITE, '15-borrowing-received-circulation');
    await borrower.context.close();
  }, 180_000);
});
