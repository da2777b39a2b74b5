/**
 * The patron pages in real Chromium at phone size (390 px): demo mode's patron account signs in
 * from an OpenURL link, finds the form filled in (a book from a WorldCat-style KEV link, an
 * article from a PubMed-style one), sends it (the article only with the copyright declaration),
 * sees both in "My requests" in plain words, and cancels one. axe-core on every page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { parseConfigText } from '../../../src/config/loadConfigFile.js';
import { refuseDefaultCredentials } from '../../../src/services/auth/demoAccounts.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { availableBackends } from '../../support/databases.js';
import { describeViolations, launchBrowser, newPage, requireChromium, screenshot, seriousAxeViolations } from '../../support/web/browser.js';

const [backend] = await availableBackends();
const chromiumHere = requireChromium('the patron pages tests');
const SUITE = 'patron';

const NETWORK = `
institutions:
  - code: NSU
    name: North State University
    symbols: ["ISIL:US-NSU"]
    libraries:
      - { code: MAIN, name: Main Library }
      - { code: SCI, name: Science Library }
    partners:
      - { code: HCPL, name: Harbor City, symbol: "ISIL:US-HCPL" }
    patrons:
      - { barcode: P-1001, name: Maya Chen, patronGroup: undergraduate, homeLibrary: SCI, expiresOn: 2030-06-30 }
  - code: HCPL
    name: Harbor City Public Library
    symbols: ["ISIL:US-HCPL"]
    libraries: [{ code: CENTRAL, name: Central Library }]
    partners:
      - { code: NSU, name: North State, symbol: "ISIL:US-NSU" }
`;

const BOOK_LINK =
  '/openurl?url_ver=Z39.88-2004&ctx_ver=Z39.88-2004&rfr_id=info%3Asid%2Fworldcat.org%3Aworldcat&rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Abook' +
  '&rft.genre=book&rft.btitle=Kindred&rft.au=Butler%2C+Octavia+E.&rft_id=urn%3Aisbn%3A9780807083697&rft.pub=Beacon+Press&rft.date=2003';
const ARTICLE_LINK =
  '/openurl?url_ver=Z39.88-2004&rfr_id=info%3Asid%2Fpubmed&rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Ajournal&rft.genre=article' +
  '&rft.atitle=Molecular+structure+of+nucleic+acids&rft.jtitle=Nature&rft.aulast=Watson&rft.aufirst=J.+D.&rft.volume=171&rft.issue=4356' +
  '&rft.spage=737&rft.epage=738&rft.date=1953&rft_id=info%3Adoi%2F10.1038%2F171737a0&rft_id=info%3Apmid%2F13054692';

async function axeClean(page: Page, where: string): Promise<void> {
  expect(describeViolations(await seriousAxeViolations(page)), where).toBe('');
}

/** Nothing sticks out sideways at 390 px. */
async function fitsThePhone(page: Page): Promise<void> {
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
}

describe.skipIf(!chromiumHere)('the patron pages', () => {
  let server: ApiServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startApiServer(backend ?? 'pglite', { network: parseConfigText(NETWORK, 'patron.yaml'), demo: true, background: false });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('demo mode gives each register patron an account (barcode lower-cased / demo), which the default-credentials check refuses outside demo mode', async () => {
    const account = await server.db.selectFrom('user_account').select(['username', 'kind', 'patron_id']).where('username', '=', 'p-1001').executeTakeFirstOrThrow();
    expect(account).toEqual({ username: 'p-1001', kind: 'patron', patron_id: 'P-1001' });
    await expect(refuseDefaultCredentials(server.interlend.ctx)).rejects.toThrow(/p-1001 at NSU/);
  });

  it('a patron follows OpenURL links on a phone, sends a book and an article request, sees them in plain words and cancels one', async () => {
    const { context, page } = await newPage(browser, { phone: true });
    // The link first: signing in keeps the patron on it.
    await page.goto(`${server.base}${BOOK_LINK}`);
    await page.getByLabel('Library (symbol, e.g. US-NSU)').fill('US-NSU');
    await page.getByLabel('Username').fill('p-1001');
    await page.getByLabel('Password').fill('demo');
    await screenshot(page, SUITE, '01-sign-in-from-link');
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('heading', { name: 'Request this item', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/openurl');
    expect(await page.getByRole('radio', { name: /^A book \(/ }).isChecked()).toBe(true);
    expect(await page.getByLabel('Title (required)', { exact: true }).inputValue()).toBe('Kindred');
    expect(await page.getByLabel('Author(s)', { exact: true }).inputValue()).toBe('Butler, Octavia E.');
    expect(await page.getByLabel('ISBN', { exact: true }).inputValue()).toBe('9780807083697');
    expect(await page.getByLabel('Publisher', { exact: true }).inputValue()).toBe('Beacon Press');
    // The patron's home library is preselected for pickup.
    await expect.poll(() => page.getByLabel('Pick up at', { exact: true }).inputValue()).toBe('SCI');
    await page.getByLabel('Needed before (optional)', { exact: true }).fill('2030-01-31');
    await axeClean(page, 'book form');
    await fitsThePhone(page);
    await screenshot(page, SUITE, '02-book-form-prefilled');

    await page.getByRole('button', { name: 'Send request' }).click();
    await page.getByRole('heading', { name: 'Request received', level: 1 }).waitFor();
    const bookNumber = (await page.getByRole('status').locator('strong').textContent()) ?? '';
    expect(bookNumber).toMatch(/^NSU-\d+$/);
    await axeClean(page, 'confirmation');
    await screenshot(page, SUITE, '03-book-confirmation');

    const book = await server.db.selectFrom('borrowing_request').selectAll().where('request_number', '=', bookNumber).executeTakeFirstOrThrow();
    expect(book).toMatchObject({ patron_id: 'P-1001', service_type: 'loan', format: 'physical', pickup_location: 'SCI', title: 'Kindred' });
    expect(book.needed_before?.toISOString().slice(0, 10)).toBe('2030-01-31');
    expect(book.citation).toMatchObject({ title: 'Kindred', author: 'Butler, Octavia E.', isbn: '9780807083697', referrer: 'info:sid/worldcat.org:worldcat' });

    // The article: the copyright declaration is required, and the server says so next to it.
    await page.goto(`${server.base}${ARTICLE_LINK}`);
    await page.getByRole('heading', { name: 'Request this item', level: 1 }).waitFor();
    expect(await page.getByRole('radio', { name: /^A journal article/ }).isChecked()).toBe(true);
    expect(await page.getByLabel('Article title (required)', { exact: true }).inputValue()).toBe('Molecular structure of nucleic acids');
    expect(await page.getByLabel('Journal title (required)', { exact: true }).inputValue()).toBe('Nature');
    expect(await page.getByLabel('DOI', { exact: true }).inputValue()).toBe('10.1038/171737a0');
    expect(await page.getByLabel('PubMed ID (PMID)', { exact: true }).inputValue()).toBe('13054692');
    expect(await page.getByLabel('Pages', { exact: true }).inputValue()).toBe('737-738');
    await page.getByLabel('Notes for the library (optional)', { exact: true }).fill('A scan is fine.');
    await axeClean(page, 'article form');
    await screenshot(page, SUITE, '04-article-form-prefilled');
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Your request was not sent');
    const declaration = page.getByLabel(/I declare that this copy/);
    expect(await declaration.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#copyrightDeclaration-error').textContent()).toContain('copyright declaration');
    // The alert took the focus, for screen readers and keyboards alike.
    expect(await page.evaluate('document.activeElement.getAttribute("role")')).toBe('alert');
    await axeClean(page, 'article form with problems');
    await screenshot(page, SUITE, '05-article-needs-declaration');
    expect(await server.db.selectFrom('borrowing_request').select('id').where('service_type', '=', 'copy').execute()).toEqual([]);

    await declaration.check();
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.getByRole('heading', { name: 'Request received', level: 1 }).waitFor();
    const articleNumber = (await page.getByRole('status').locator('strong').textContent()) ?? '';
    const article = await server.db.selectFrom('borrowing_request').selectAll().where('request_number', '=', articleNumber).executeTakeFirstOrThrow();
    expect(article).toMatchObject({ service_type: 'copy', format: 'digital', title: 'Molecular structure of nucleic acids' });
    expect(article.citation).toMatchObject({ title: 'Nature', articleTitle: 'Molecular structure of nucleic acids', doi: '10.1038/171737a0', pmid: '13054692', copyrightDeclaration: true, patronNote: 'A scan is fine.', referrer: 'info:sid/pubmed' });
    await screenshot(page, SUITE, '06-article-confirmation');

    // My requests: both, newest first, in the patron's words.
    await page.getByRole('link', { name: 'See my requests' }).click();
    await page.getByRole('heading', { name: 'My requests', level: 1 }).waitFor();
    const items = page.getByRole('list', { name: 'Your requests' }).getByRole('listitem');
    await expect.poll(() => items.count()).toBe(2);
    const bookItem = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Kindred' }) });
    expect(await bookItem.textContent()).toContain('Requested');
    expect(await bookItem.textContent()).toContain(bookNumber);
    expect(await bookItem.textContent()).toContain('Pick up atScience Library');
    await axeClean(page, 'my requests');
    await fitsThePhone(page);
    await screenshot(page, SUITE, '07-my-requests');

    // Cancel the book: asked first, then done; the database agrees.
    await bookItem.getByRole('button', { name: 'Cancel request' }).click();
    await screenshot(page, SUITE, '08-cancel-asked');
    await bookItem.getByRole('button', { name: 'Yes, cancel it' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain(`Request ${bookNumber} is cancelled.`);
    await expect.poll(() => bookItem.locator('.patron-status').textContent()).toBe('Cancelled');
    expect(await bookItem.getByRole('button', { name: 'Cancel request' }).count()).toBe(0);
    const cancelled = await server.db.selectFrom('borrowing_request').select('status').where('request_number', '=', bookNumber).executeTakeFirstOrThrow();
    expect(cancelled.status).toBe('cancelled');
    await axeClean(page, 'my requests after cancel');
    await screenshot(page, SUITE, '09-cancelled');

    // The empty form from the navigation, operated by keyboard: the type radios switch the fields.
    await page.getByRole('link', { name: 'New request' }).click();
    await page.getByRole('heading', { name: 'New request', level: 1 }).waitFor();
    await page.getByRole('radio', { name: /^A book \(/ }).focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('radio', { name: /^A journal article/ }).isChecked()).toBe(true);
    await page.getByLabel('Journal title (required)', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect.poll(() => page.locator('#title-error').textContent()).toBe('Please fill this in.');
    expect(await page.getByLabel('Journal title (required)', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await axeClean(page, 'new request');
    await screenshot(page, SUITE, '10-new-request-empty');
    await context.close();
  }, 180_000);
});
