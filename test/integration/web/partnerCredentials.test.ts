/**
 * The "Credentials" section of the partner form in real Chromium, as NSU's fulfillment
 * administrator: an inbound bearer token and outbound basic credentials typed into the form;
 * the browser sends only the token's SHA-256 (the stored hash is that of the typed token and
 * verifies it), the outbound pair is what we would send; no page, request body or API answer
 * carries a secret; a reload says "set"; an empty section keeps them; a stored credential is
 * never dropped silently; "Remove" clears one. axe-core clean, screenshots of each step.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { parseConfigText } from '../../../src/config/loadConfigFile.js';
import { matchesSecret, outboundAuthorization } from '../../../src/services/interop/credentials.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { TEST_PASSWORD, testPasswordHash } from '../../support/auth/accounts.js';
import { availableBackends } from '../../support/databases.js';
import { describeViolations, launchBrowser, newPage, requireChromium, screenshot, seriousAxeViolations, signInThroughUi } from '../../support/web/browser.js';

const [backend] = await availableBackends();
const chromiumHere = requireChromium('the partner credentials tests');
const SUITE = 'partner-credentials';
const NSU = '/api/v1/institutions/US-NSU';
const TOKEN = 'inbound-Tök€n-7f3a91c2';
const PASSWORD = 'outbound-pässword-55e1';
const SECURITY_CODE = 'outbound-code-0b7d';

async function network() {
  const hash = await testPasswordHash();
  return parseConfigText(
    `
institutions:
  - code: NSU
    name: North State University
    symbols: ["ISIL:US-NSU"]
    libraries: [{ code: MAIN, name: Main Library }]
    partners:
      - { code: FAR, name: Far Away Library, symbol: "ISIL:US-FAR", endpoint: "https://far.example/iso18626", systemType: alma }
    users:
      - { username: admin, name: admin, passwordHash: "${hash}", roles: [fulfillment-admin] }
`,
    'partner-credentials-web.yaml',
  );
}

async function axeClean(page: Page, what: string): Promise<void> {
  expect(describeViolations(await seriousAxeViolations(page)), what).toBe('');
}

const sha256 = (text: string) => `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;

describe.skipIf(!chromiumHere)('the partner credentials section', () => {
  let server: ApiServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startApiServer(backend ?? 'pglite', { network: await network(), background: false });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const stored = async () => {
    const far = await server.db.selectFrom('partner').select('id').where('code', '=', 'FAR').executeTakeFirstOrThrow();
    return server.db.selectFrom('partner_credentials').selectAll().where('partner_id', '=', far.id).executeTakeFirst();
  };
  const state = (page: Page, slot: string) => page.locator(`#${slot}-state strong`).textContent();

  it('sets an inbound bearer token and outbound basic credentials, sends only the hash, shows "set" and never the secret', async () => {
    const { context, page } = await newPage(browser);
    const bodies: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/')) bodies.push(request.postData() ?? '');
    });
    const answers: string[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/partners')) void response.text().then((text) => answers.push(text), () => undefined);
    });
    await signInThroughUi(page, server.base, { institution: 'US-NSU', username: 'admin', password: TEST_PASSWORD });
    await page.goto(`${server.base}/staff/config/partners/FAR`);
    await page.getByRole('heading', { name: 'Partner FAR', level: 1 }).waitFor();
    await expect.poll(() => page.getByLabel('Name', { exact: true }).inputValue()).toBe('Far Away Library');
    await page.getByRole('group', { name: 'Credentials' }).waitFor();
    for (const slot of ['inboundAgencyAuthentication', 'inboundHttp', 'outboundAgencyAuthentication', 'outboundHttp']) expect(await state(page, slot)).toBe('not set');
    expect(await page.getByLabel('Inbound bearer token').getAttribute('type')).toBe('password');
    expect(await page.getByLabel('Inbound bearer token').getAttribute('autocomplete')).toBe('new-password');
    await axeClean(page, 'partner form with credentials');
    await screenshot(page, SUITE, '01-credentials-not-set');

    await page.getByLabel('Inbound bearer token').fill(TOKEN);
    await page.getByLabel('Outbound HTTP scheme').selectOption('basic');
    await page.getByLabel('Outbound user name').fill('nsu-ill');
    await page.getByLabel('Outbound password').fill(PASSWORD);
    expect(await page.getByLabel('Outbound password').getAttribute('autocomplete')).toBe('new-password');
    await screenshot(page, SUITE, '02-credentials-typed');
    await page.getByRole('button', { name: 'Save partner' }).click();
    await page.getByRole('status').filter({ hasText: 'Partner FAR saved.' }).waitFor();
    expect(await state(page, 'inboundHttp')).toBe('set');
    expect(await state(page, 'outboundHttp')).toBe('set');
    expect(await page.getByLabel('Inbound bearer token').inputValue()).toBe('');

    // The stored hash is the SHA-256 of the typed token, and it verifies that token; the outbound pair is what we send.
    const row = await stored();
    expect(row?.inbound_http_scheme).toBe('bearer');
    expect(row?.inbound_http_secret_hash).toBe(sha256(TOKEN));
    expect(matchesSecret(TOKEN, row?.inbound_http_secret_hash ?? '')).toBe(true);
    expect(matchesSecret('wrong', row?.inbound_http_secret_hash ?? '')).toBe(false);
    expect(row).toMatchObject({ outbound_http_scheme: 'basic', outbound_http_username: 'nsu-ill', outbound_http_secret: PASSWORD, inbound_account_id: null, outbound_account_id: null });
    expect(outboundAuthorization(row)).toBe(`Basic ${Buffer.from(`nsu-ill:${PASSWORD}`, 'utf8').toString('base64')}`);

    // The browser sent the hash, never the token; nothing the server answered or the page holds has a secret or the hash.
    const put = bodies.find((b) => b.includes('"credentials"')) ?? '';
    expect(put).toContain(sha256(TOKEN));
    expect(bodies.join('\n')).not.toContain(TOKEN);
    const api = await page.evaluate<string>(`fetch(${JSON.stringify(`${NSU}/partners/FAR`)}).then((r) => r.text())`);
    expect(JSON.parse(api)).toMatchObject({ code: 'FAR', credentialsSet: { inboundAgencyAuthentication: false, inboundHttp: true, outboundAgencyAuthentication: false, outboundHttp: true } });
    const list = await page.evaluate<string>(`fetch(${JSON.stringify(`${NSU}/partners`)}).then((r) => r.text())`);
    for (const text of [api, list, ...answers, await page.content()]) {
      for (const secret of [TOKEN, PASSWORD, sha256(TOKEN).slice(7)]) expect(text).not.toContain(secret);
    }
    await screenshot(page, SUITE, '03-credentials-saved');

    // A reload shows "set"; saving with the section empty keeps the stored credentials.
    await page.reload();
    await page.getByRole('heading', { name: 'Partner FAR', level: 1 }).waitFor();
    await expect.poll(() => state(page, 'inboundHttp')).toBe('set');
    expect(await state(page, 'outboundHttp')).toBe('set');
    expect(await state(page, 'inboundAgencyAuthentication')).toBe('not set');
    await page.getByRole('checkbox', { name: 'Remove the inbound HTTP credentials' }).waitFor();
    await axeClean(page, 'partner form with credentials set');
    await screenshot(page, SUITE, '04-credentials-set-after-reload');
    await page.getByLabel('Notes').fill('Credentials agreed in March');
    const before = bodies.length;
    await page.getByRole('button', { name: 'Save partner' }).click();
    await page.getByRole('status').filter({ hasText: 'Partner FAR saved.' }).waitFor();
    expect(bodies.slice(before).join('\n')).not.toContain('"credentials"');
    expect(await stored()).toEqual(row);

    // Typing one credential while others are stored would drop them: the form says so next to their fields and sends nothing.
    await page.getByLabel('Outbound account ID').fill('NSU');
    await page.getByLabel('Outbound security code').fill(SECURITY_CODE);
    const beforeRefusal = bodies.length;
    await page.getByRole('button', { name: 'Save partner' }).click();
    await page.locator('#inboundHttp-secret-error').waitFor();
    expect(await page.locator('#inboundHttp-secret-error').textContent()).toContain('Remove');
    expect(await page.getByLabel('Inbound bearer token').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#outboundHttp-secret-error').textContent()).toContain('type this one again');
    expect(await page.getByRole('alert').filter({ hasText: 'Not saved' }).textContent()).toContain('2 fields need');
    expect(bodies.length).toBe(beforeRefusal);
    await axeClean(page, 'credentials refused');
    await screenshot(page, SUITE, '05-stored-credential-not-dropped');

    // Remove the inbound HTTP token, type the outbound password again: saved as asked.
    await page.getByRole('checkbox', { name: 'Remove the inbound HTTP credentials' }).check();
    expect(await page.getByLabel('Inbound bearer token').isDisabled()).toBe(true);
    await page.getByLabel('Outbound HTTP scheme').selectOption('basic');
    await page.getByLabel('Outbound user name').fill('nsu-ill');
    await page.getByLabel('Outbound password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Save partner' }).click();
    await page.getByRole('status').filter({ hasText: 'Partner FAR saved.' }).waitFor();
    expect(await state(page, 'inboundHttp')).toBe('not set');
    expect(await state(page, 'outboundAgencyAuthentication')).toBe('set');
    expect(await stored()).toMatchObject({ inbound_http_scheme: null, inbound_http_secret_hash: null, outbound_account_id: 'NSU', outbound_security_code: SECURITY_CODE, outbound_http_secret: PASSWORD });
    expect(await page.content()).not.toContain(SECURITY_CODE);
    await screenshot(page, SUITE, '06-inbound-removed');
    await context.close();
  });
});
