/**
 * Real Chromium for the web UI's tests: Debian's `/usr/bin/chromium` driven by playwright-core.
 * Without it, `requireChromium()` throws under CI and skips loudly otherwise (like xmllint).
 * Screenshots go to `test-results/screenshots/<suite>/`, kept by CI as artifacts.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');

export function requireChromium(purpose: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  const reason = `Chromium not found at ${CHROMIUM}: ${purpose} cannot run`;
  if (process.env.CI) throw new Error(`${reason} (CI is set, so this is a failure)`);
  console.warn(`SKIPPING: ${reason}. Install Debian's chromium to run it.`);
  return false;
}

export async function launchBrowser(): Promise<Browser> {
  // --no-sandbox: CI runs as root in a container, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** A fresh context (own cookies and storage) at a desktop or a phone size. */
export async function newPage(browser: Browser, options: { phone?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options.phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : { viewport: { width: 1280, height: 900 } });
  return { context, page: await context.newPage() };
}

export async function screenshot(page: Page, suite: string, name: string): Promise<string> {
  const dir = join(SCREENSHOTS, suite);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Signs in through the sign-in form. */
export async function signInThroughUi(page: Page, base: string, credentials: { institution: string; username: string; password: string }): Promise<void> {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Library (symbol, e.g. US-NSU)').fill(credentials.institution);
  await page.getByLabel('Username').fill(credentials.username);
  await page.getByLabel('Password').fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core (WCAG 2.1 A and AA rules) in the page and returns the serious and critical
 * violations. Injected through the DevTools protocol, so the page's CSP does not block it.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate<{ violations: AxeViolation[] }>(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`);
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** One line per violation, for assertion messages. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`).join('\n');
}
