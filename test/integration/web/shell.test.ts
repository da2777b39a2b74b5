/**
 * The web UI's shell in real Chromium: served at `/` with its security headers, sign-in for staff
 * and patrons (each lands on their own pages, wrong credentials say so), sign-out, keyboard
 * reach of the main content, no serious axe-core violations, and a phone-sized patron view.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { TEST_PASSWORD } from '../../support/auth/accounts.js';
import { networkWithAccounts } from '../../support/auth/network.js';
import { availableBackends } from '../../support/databases.js';
import { describeViolations, launchBrowser, newPage, requireChromium, screenshot, seriousAxeViolations, signInThroughUi } from '../../support/web/browser.js';

const [backend] = await availableBackends();
const chromiumHere = requireChromium('the web UI tests');

describe.skipIf(!chromiumHere)('the web UI shell', () => {
  let server: ApiServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startApiServer(backend ?? 'pglite', { network: await networkWithAccounts(), background: false });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('serves the page at / and every UI path with its security headers, and its assets', async () => {
    for (const path of ['/', '/sign-in', '/staff/borrowing', '/patron', '/openurl?rft.btitle=Kindred']) {
      const response = await fetch(`${server.base}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toContain('text/html');
      expect(response.headers.get('content-security-policy'), path).toContain("script-src 'self'");
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
    const html = await (await fetch(server.base)).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${server.base}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    // Paths that are not the UI's stay the API's: a 404 problem, not the page.
    expect((await fetch(`${server.base}/nothing-here`)).status).toBe(404);
  });

  it('staff sign in, land on their workspace, and sign out; a wrong password is said so', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${server.base}/`);
    await page.getByLabel('Library (symbol, e.g. US-NSU)').fill('US-NSU');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('unknown institution, username or password');
    expect(describeViolations(await seriousAxeViolations(page))).toBe('');
    await screenshot(page, 'shell', '01-sign-in-refused');

    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'North State University', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/staff');
    expect(describeViolations(await seriousAxeViolations(page))).toBe('');
    await screenshot(page, 'shell', '02-staff-home');

    // Reloading keeps the session (cookie) and the page.
    await page.reload();
    await page.getByRole('heading', { name: 'North State University', level: 1 }).waitFor();

    // The skip link is the first stop of the keyboard and leads to the content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const me = await page.evaluate(`fetch('/api/v1/session').then((r) => r.status)`);
    expect(me).toBe(401);
    await context.close();
  });

  it('a patron signs in on a phone-sized screen and lands on their own pages, not the staff workspace', async () => {
    const { context, page } = await newPage(browser, { phone: true });
    await signInThroughUi(page, server.base, { institution: 'US-NSU', username: 'patron', password: TEST_PASSWORD });
    expect(new URL(page.url()).pathname).toBe('/patron');
    await page.goto(`${server.base}/staff`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    const width = Number(await page.evaluate('document.documentElement.scrollWidth'));
    expect(width).toBeLessThanOrEqual(390);
    expect(describeViolations(await seriousAxeViolations(page))).toBe('');
    await screenshot(page, 'shell', '03-patron-phone');
    await context.close();
  });
});
