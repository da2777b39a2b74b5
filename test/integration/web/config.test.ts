/**
 * The configuration pages in real Chromium, as NSU's fulfillment administrator: a partner created
 * through the form (a server field error shown next to its field first), a rota template of two
 * partners reordered by drag and by keyboard, a rule whose condition selects that template and a
 * dry run that shows the rota; everything still there after a reload and in the API; a partner
 * added from the directory; the other sections open and save; axe-core clean on every page;
 * and a partners manager sees only the sections their role allows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { parseConfigText } from '../../../src/config/loadConfigFile.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { TEST_PASSWORD, testPasswordHash } from '../../support/auth/accounts.js';
import { availableBackends } from '../../support/databases.js';
import { describeViolations, launchBrowser, newPage, requireChromium, screenshot, seriousAxeViolations, signInThroughUi } from '../../support/web/browser.js';

const [backend] = await availableBackends();
const chromiumHere = requireChromium('the configuration page tests');
const SUITE = 'config';

async function network() {
  const hash = await testPasswordHash();
  const user = (username: string, roles: string) => `      - { username: ${username}, name: ${username}, passwordHash: "${hash}", roles: [${roles}] }`;
  return parseConfigText(
    `
institutions:
  - code: NSU
    name: North State University
    symbols: ["ISIL:US-NSU"]
    libraries: [{ code: MAIN, name: Main Library }, { code: LAW, name: Law Library }]
    partners:
      - { code: HCPL, name: Harbor City, symbol: "ISIL:US-HCPL" }
      - { code: LKC, name: Lakeside, symbol: "ISIL:US-LKC" }
    users:
${user('admin', 'fulfillment-admin')}
${user('partners', 'partners-manager')}
  - code: HCPL
    name: Harbor City Public Library
    symbols: ["ISIL:US-HCPL"]
    libraries: [{ code: CENTRAL, name: Central Library }]
  - code: LKC
    name: Lakeside College
    symbols: ["ISIL:US-LKC"]
    libraries: [{ code: LIB, name: College Library }]
  - code: RVR
    name: River Valley Library
    symbols: ["ISIL:US-RVR"]
    libraries: [{ code: RV, name: River Valley Main }]
    directory:
      publish: true
      lendingPolicies: { text: "Loans of four weeks", loanPeriodDays: 28 }
      contacts: [{ name: Robin Reyes, email: ill@rvr.example, role: lending }]
`,
    'config-web.yaml',
  );
}

async function axeClean(page: Page, what: string): Promise<void> {
  expect(describeViolations(await seriousAxeViolations(page)), what).toBe('');
}

async function apiGet<T>(page: Page, path: string): Promise<T> {
  return page.evaluate<T>(`fetch(${JSON.stringify(path)}).then((r) => r.json())`);
}

const NSU = '/api/v1/institutions/US-NSU';

describe.skipIf(!chromiumHere)('the configuration pages', () => {
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

  it('round trip as administrator: partner, rota template reordered by drag and keyboard, rule, dry run, reload, directory', async () => {
    const { context, page } = await newPage(browser);
    await signInThroughUi(page, server.base, { institution: 'US-NSU', username: 'admin', password: TEST_PASSWORD });

    // The index lists every section for the administrator.
    await page.getByRole('navigation', { name: 'Staff workspace' }).getByRole('link', { name: 'Configuration' }).click();
    await page.getByRole('heading', { name: 'Configuration', level: 1 }).waitFor();
    for (const name of ['Partners', 'Rota templates', 'Rota assignment rules', 'Sending rules', 'Workflow profiles', 'Library settings and terms of use', 'Users and roles', 'Directory']) {
      await page.getByRole('main').getByRole('link', { name, exact: true }).waitFor();
    }
    await axeClean(page, 'index');
    await screenshot(page, SUITE, '01-index');

    // A new partner: several fields and one contact; the server refuses the currency first, next to its field.
    await page.getByRole('main').getByRole('link', { name: 'Partners', exact: true }).click();
    await page.getByRole('heading', { name: 'Partners', level: 1 }).waitFor();
    await page.getByRole('row', { name: /HCPL/ }).waitFor();
    await axeClean(page, 'partner list');
    await page.getByRole('link', { name: 'Add a partner' }).click();
    await page.getByRole('heading', { name: 'New partner', level: 1 }).waitFor();
    await page.getByLabel('Code', { exact: true }).fill('FAR');
    await page.getByLabel('Name', { exact: true }).fill('Far Away Library');
    await page.getByLabel('Symbol').fill('ISIL:US-FAR');
    await page.getByLabel('ISO 18626 endpoint').fill('https://far.example/iso18626');
    await page.getByLabel('System type').selectOption('alma');
    await page.getByLabel('Average supply days').fill('3');
    await page.getByLabel('Request expiry').selectOption('days');
    await page.getByLabel('Expires after (days)').fill('10');
    await page.getByLabel('Currency').fill('usd');
    await page.getByLabel('Send requester info (our patron\'s details)').check();
    await page.getByLabel('Holdings code').fill('FAR-MAIN');
    await page.getByRole('button', { name: 'Add contact' }).click();
    await page.getByLabel('Contact name').fill('Pat Lee');
    await page.getByLabel('Email').fill('pat@far.example');
    await page.getByLabel('Notes').fill('Closed in August');
    await axeClean(page, 'partner form');
    await page.getByRole('button', { name: 'Create partner' }).click();
    const currencyError = page.locator('#currency-error');
    await currencyError.waitFor();
    expect(await currencyError.textContent()).toContain('ISO 4217');
    expect(await page.getByLabel('Currency').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Currency').getAttribute('aria-describedby')).toContain('currency-error');
    expect(await page.getByRole('alert').filter({ hasText: 'Not saved' }).textContent()).toContain('one field needs attention');
    expect((await apiGet<{ items: { code: string }[] }>(page, `${NSU}/partners`)).items.map((p) => p.code)).not.toContain('FAR');
    await axeClean(page, 'partner form with a field error');
    await screenshot(page, SUITE, '02-partner-field-error');

    await page.getByLabel('Currency').fill('USD');
    await page.getByRole('button', { name: 'Create partner' }).click();
    await page.getByRole('heading', { name: 'Partner FAR', level: 1 }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Partner FAR saved.' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/staff/config/partners/FAR');
    await page.reload();
    await page.getByRole('heading', { name: 'Partner FAR', level: 1 }).waitFor();
    await expect.poll(() => page.getByLabel('Name', { exact: true }).inputValue()).toBe('Far Away Library');
    expect(await page.getByLabel('Currency').inputValue()).toBe('USD');
    expect(await page.getByLabel('Email').inputValue()).toBe('pat@far.example');
    expect(await page.getByLabel('Expires after (days)').inputValue()).toBe('10');
    expect(await page.getByLabel("Send requester info (our patron's details)").isChecked()).toBe(true);
    await screenshot(page, SUITE, '03-partner-saved');
    const far = await apiGet<Record<string, unknown>>(page, `${NSU}/partners/FAR`);
    expect(far).toMatchObject({
      code: 'FAR',
      name: 'Far Away Library',
      symbol: 'ISIL:US-FAR',
      endpoint: 'https://far.example/iso18626',
      systemType: 'alma',
      averageSupplyDays: 3,
      requestExpiry: { days: 10 },
      currency: 'USD',
      sendRequesterInfo: true,
      holdingsCode: 'FAR-MAIN',
      contacts: [{ name: 'Pat Lee', email: 'pat@far.example' }],
      notes: 'Closed in August',
    });

    // A rota template of two partners, reordered by dragging before it is created …
    await page.getByRole('navigation', { name: 'Staff workspace' }).getByRole('link', { name: 'Configuration' }).click();
    await page.getByRole('main').getByRole('link', { name: 'Rota templates', exact: true }).click();
    const fresh = page.getByRole('region', { name: 'New rota template' });
    await fresh.waitFor();
    await fresh.getByLabel('Code').fill('MAIN-ROTA');
    await fresh.getByLabel('Name').fill('Main rota');
    for (const partner of ['FAR', 'HCPL']) {
      await fresh.getByLabel('Partner to add').selectOption(partner);
      await fresh.getByRole('button', { name: 'Add to template' }).click();
    }
    const order = async (scope: typeof fresh) => Promise.all((await scope.locator('ol.order-list li').all()).map((li) => li.getAttribute('data-item')));
    expect(await order(fresh)).toEqual(['FAR', 'HCPL']);
    await fresh.locator('li[data-item="HCPL"]').dragTo(fresh.locator('li[data-item="FAR"]'));
    expect(await order(fresh)).toEqual(['HCPL', 'FAR']);
    await screenshot(page, SUITE, '04-rota-dragged');
    await fresh.getByRole('button', { name: 'Create rota template' }).click();
    await page.getByRole('status').filter({ hasText: 'Rota template MAIN-ROTA created.' }).waitFor();
    expect((await apiGet<{ partners: string[] }>(page, `${NSU}/rota-templates/MAIN-ROTA`)).partners).toEqual(['HCPL', 'FAR']);

    // … and by keyboard once saved: focus stays on the moved partner.
    const saved = page.getByRole('region', { name: 'Rota template Main rota' });
    await saved.getByRole('button', { name: 'Move Far Away Library (FAR) up' }).focus();
    await page.keyboard.press('Enter');
    expect(await order(saved)).toEqual(['FAR', 'HCPL']);
    expect(await page.evaluate('document.activeElement.getAttribute("aria-label")')).toBe('Move Far Away Library (FAR) down');
    await saved.getByRole('status').filter({ hasText: 'Far Away Library (FAR) moved to position 1 of 2.' }).waitFor();
    await saved.getByRole('button', { name: 'Save rota template' }).click();
    await page.getByRole('status').filter({ hasText: 'Rota template MAIN-ROTA saved.' }).first().waitFor();
    expect((await apiGet<{ partners: string[] }>(page, `${NSU}/rota-templates/MAIN-ROTA`)).partners).toEqual(['FAR', 'HCPL']);
    await axeClean(page, 'rota templates');
    await screenshot(page, SUITE, '05-rota-keyboard-saved');

    // A rule whose condition (format is digital) selects the template, then the dry run.
    await page.goto(`${server.base}/staff/config/rota-rules`);
    const rule = page.getByRole('region', { name: 'New rota assignment rule' });
    await rule.waitFor();
    await rule.getByLabel('Rule code').fill('DIGITAL');
    await rule.getByLabel('Rule name').fill('Digital copies');
    await rule.getByLabel('Rota template').selectOption('MAIN-ROTA');
    await rule.getByRole('button', { name: 'Add condition' }).click();
    await rule.getByLabel('Field').selectOption('format');
    await rule.getByLabel('Operator').selectOption('equals');
    await rule.getByLabel('Value').selectOption('digital');
    await axeClean(page, 'rules with a condition row');
    await screenshot(page, SUITE, '06-rule-condition');
    await rule.getByRole('button', { name: 'Create rule' }).click();
    await page.getByRole('status').filter({ hasText: 'The rota assignment rule DIGITAL was created.' }).waitFor();
    await page.getByRole('heading', { name: 'Rule 1: Digital copies' }).waitFor();

    const dryRun = page.getByRole('region', { name: 'Dry run' });
    await dryRun.getByLabel('Sample title').fill('Kindred');
    await dryRun.getByLabel('Sample format').selectOption('digital');
    await dryRun.getByRole('button', { name: 'Run dry run' }).click();
    const rota = dryRun.getByRole('list', { name: 'Dry-run rota' });
    await rota.waitFor();
    expect(await rota.getByRole('listitem').allTextContents()).toEqual(['FAR', 'HCPL']);
    expect(await dryRun.textContent()).toContain('Digital copies (DIGITAL → MAIN-ROTA)');
    await screenshot(page, SUITE, '07-dry-run');
    // A physical request matches nothing.
    await dryRun.getByLabel('Sample format').selectOption('physical');
    await dryRun.getByRole('button', { name: 'Run dry run' }).click();
    await dryRun.getByText('No rota: no rule gives this request a partner.').waitFor();

    // Reload: the rule is still there, in words and in the API.
    await page.reload();
    await page.getByRole('heading', { name: 'Rule 1: Digital copies' }).waitFor();
    await page.getByText('When Format is digital → template MAIN-ROTA').waitFor();
    const rules = await apiGet<{ items: { code: string; template: string; conditions: unknown[] }[] }>(page, `${NSU}/rota-rules`);
    expect(rules.items).toEqual([expect.objectContaining({ code: 'DIGITAL', template: 'MAIN-ROTA', conditions: [{ field: 'format', operator: 'equals', value: 'digital' }] })]);
    await axeClean(page, 'rules after reload');

    // Add a partner from the directory.
    await page.getByRole('navigation', { name: 'Staff workspace' }).getByRole('link', { name: 'Configuration' }).click();
    await page.getByRole('main').getByRole('link', { name: 'Directory', exact: true }).click();
    await page.getByRole('heading', { name: 'Directory', level: 1 }).waitFor();
    await page.getByLabel('Name or symbol contains').fill('river');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('status').filter({ hasText: 'One entry.' }).waitFor();
    await axeClean(page, 'directory search');
    await screenshot(page, SUITE, '08-directory');
    await page.getByRole('link', { name: 'River Valley Library' }).click();
    await page.getByRole('heading', { name: 'River Valley Library', level: 1 }).waitFor();
    await page.getByText('Robin Reyes · lending · ill@rvr.example').waitFor();
    await page.getByLabel('Partner code').fill('RVR');
    await axeClean(page, 'directory entry');
    await page.getByRole('button', { name: 'Add partner' }).click();
    await page.getByRole('status').filter({ hasText: 'Partner RVR added.' }).waitFor();
    await screenshot(page, SUITE, '09-partner-from-directory');
    expect(await apiGet<Record<string, unknown>>(page, `${NSU}/partners/RVR`)).toMatchObject({ code: 'RVR', name: 'River Valley Library', symbol: 'ISIL:US-RVR', locateProfile: 'RVR' });
    // A second time the symbol is taken: said so, nothing added.
    await page.getByLabel('Partner code').fill('RVR2');
    await page.getByRole('button', { name: 'Add partner' }).click();
    await page.getByRole('alert').filter({ hasText: /RVR|US-RVR/ }).waitFor();
    await context.close();
  });

  it('the other sections open axe-clean and save: workflow profiles, settings (a field error), users', async () => {
    const { context, page } = await newPage(browser);
    await signInThroughUi(page, server.base, { institution: 'US-NSU', username: 'admin', password: TEST_PASSWORD });

    await page.goto(`${server.base}/staff/config/workflow-profiles`);
    const profile = page.getByRole('region', { name: 'New workflow profile' });
    await profile.waitFor();
    await profile.getByLabel('Code').fill('NO-COND');
    await profile.getByLabel('Name').fill('No conditions');
    await profile.getByLabel('Conditional answers').uncheck();
    await profile.getByRole('button', { name: 'Create workflow profile' }).click();
    await page.getByRole('status').filter({ hasText: 'Workflow profile NO-COND saved.' }).waitFor();
    expect((await apiGet<{ steps: Record<string, boolean> }>(page, `${NSU}/workflow-profiles/NO-COND`)).steps.conditional).toBe(false);
    await axeClean(page, 'workflow profiles');
    await screenshot(page, SUITE, '09b-workflow-profiles');

    // A sending rule: the condition's missing value is refused next to it, then saved.
    await page.goto(`${server.base}/staff/config/sending-rules`);
    const sending = page.getByRole('region', { name: 'New sending rule' });
    await sending.getByLabel('Rule code').fill('LAW-WAITS');
    await sending.getByLabel('Sending').selectOption('wait-for-staff');
    await sending.getByRole('button', { name: 'Add condition' }).click();
    await sending.getByLabel('Field').selectOption('pickupLocation');
    await sending.getByLabel('Operator').selectOption('in');
    await sending.getByRole('button', { name: 'Create rule' }).click();
    await sending.locator('[id$="-cond-0-value-error"]').filter({ hasText: 'non-empty list' }).waitFor();
    await axeClean(page, 'sending rules with a condition error');
    await screenshot(page, SUITE, '10-sending-rule-error');
    await sending.getByLabel('Value').fill('LAW, REFERENCE');
    await sending.getByRole('button', { name: 'Create rule' }).click();
    await page.getByRole('status').filter({ hasText: 'The sending rule LAW-WAITS was created.' }).waitFor();
    expect((await apiGet<{ items: unknown[] }>(page, `${NSU}/sending-rules`)).items).toEqual([
      expect.objectContaining({ code: 'LAW-WAITS', sending: 'wait-for-staff', conditions: [{ field: 'pickupLocation', operator: 'in', value: ['LAW', 'REFERENCE'] }] }),
    ]);
    const sendingDryRun = page.getByRole('region', { name: 'Dry run' });
    await sendingDryRun.getByLabel('Sample title').fill('Torts');
    await sendingDryRun.getByLabel('Sample pickup location').fill('law');
    await sendingDryRun.getByRole('button', { name: 'Run dry run' }).click();
    await sendingDryRun.getByText('Sending: Wait for staff (Pending approval) (rule LAW-WAITS)').waitFor();

    await page.goto(`${server.base}/staff/config/settings`);
    const borrowing = page.getByRole('region', { name: 'Borrowing settings' });
    await borrowing.getByLabel('Hold shelf days').fill('0');
    await borrowing.getByRole('button', { name: 'Save borrowing settings' }).click();
    await borrowing.locator('#b-holdShelfDays-error').waitFor();
    await borrowing.getByLabel('Hold shelf days').fill('10');
    await borrowing.getByLabel('Cancel when the rota runs out (instead of Locate failed)').check();
    await borrowing.getByRole('button', { name: 'Save borrowing settings' }).click();
    await borrowing.getByRole('status').filter({ hasText: 'Borrowing settings saved.' }).waitFor();
    expect(await apiGet(page, `${NSU}/settings/borrowing`)).toMatchObject({ holdShelfDays: 10, cancelOnLocateFailure: true });
    const terms = page.getByRole('region', { name: 'Lending terms of use' });
    await terms.getByLabel('Loan period (days)').fill('21');
    await terms.getByRole('button', { name: 'Save terms of use' }).click();
    await terms.getByRole('status').filter({ hasText: 'Terms of use saved.' }).waitFor();
    expect(await apiGet(page, `${NSU}/settings/terms-of-use`)).toMatchObject({ loanPeriodDays: 21 });
    await axeClean(page, 'settings');
    await screenshot(page, SUITE, '11-settings');

    await page.goto(`${server.base}/staff/config/users`);
    const created = page.getByRole('region', { name: 'New account' });
    await created.getByLabel('Username').fill('sam');
    await created.getByLabel('Full name').fill('Sam Shelver');
    await created.getByLabel('Password').fill('a long enough password');
    await created.getByLabel('circulation-desk').check();
    await created.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('status').filter({ hasText: 'Account sam created.' }).waitFor();
    await page.getByRole('button', { name: 'Edit sam' }).click();
    const edit = page.getByRole('region', { name: 'Account sam' });
    await edit.getByLabel('services-operator').check();
    await edit.getByLabel('Libraries').fill('LAW');
    await edit.getByLabel('Active (may sign in)').uncheck();
    await edit.getByRole('button', { name: 'Save account' }).click();
    await page.getByRole('status').filter({ hasText: 'Account sam saved.' }).waitFor();
    const sam = (await apiGet<{ items: { username: string; roles: string[]; libraries: string[] | null; active: boolean }[] }>(page, `${NSU}/users`)).items.find((u) => u.username === 'sam');
    expect(sam).toMatchObject({ roles: ['circulation-desk', 'services-operator'], libraries: ['LAW'], active: false });
    await page.getByRole('button', { name: 'Edit sam' }).click();
    await page.getByRole('region', { name: 'Account sam' }).getByLabel('New password').fill('short');
    await page.getByRole('region', { name: 'Account sam' }).getByRole('button', { name: 'Reset password' }).click();
    await page.locator('#reset-password-error').filter({ hasText: 'at least 10 characters' }).waitFor();
    await axeClean(page, 'users');
    await screenshot(page, SUITE, '12-users');
    await context.close();
  });

  it('a partners manager sees only partners, rota templates, rota rules and the directory', async () => {
    const { context, page } = await newPage(browser);
    await signInThroughUi(page, server.base, { institution: 'US-NSU', username: 'partners', password: TEST_PASSWORD });
    await page.getByRole('navigation', { name: 'Staff workspace' }).getByRole('link', { name: 'Configuration' }).click();
    await page.getByRole('heading', { name: 'Configuration', level: 1 }).waitFor();
    const links = await page.locator('ul.section-list a').allTextContents();
    expect(links).toEqual(['Partners', 'Rota templates', 'Rota assignment rules', 'Directory']);
    await axeClean(page, 'index as partners manager');
    await screenshot(page, SUITE, '13-partners-manager-index');
    await page.goto(`${server.base}/staff/config/users`);
    await page.getByRole('alert').filter({ hasText: 'do not include this section' }).waitFor();
    // Their partner form still works: workflow profiles (administrator's) become typed codes.
    await page.goto(`${server.base}/staff/config/partners/HCPL`);
    await expect.poll(() => page.getByLabel('Name', { exact: true }).inputValue()).toBe('Harbor City');
    expect(await page.locator('input#borrowingWorkflowProfile').count()).toBe(1);
    await context.close();
  });
});
