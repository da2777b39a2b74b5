import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../src/config/loadConfigFile.js';
import { DEMO_CONSORTIUM_FILE } from '../../../src/cli/serve.js';
import { extractMatchFields, readMarcXml, type MarcMatchFields } from '../../../src/protocols/marc/index.js';
import { controlField, dataFields } from '../../../src/protocols/marc/record.js';

const ROOT = join(import.meta.dirname, '../../..');
const CODES = ['NSU', 'HCPL', 'LKC'] as const;
const LIBRARIES: Record<(typeof CODES)[number], string[]> = { NSU: ['MAIN', 'SCI'], HCPL: ['CENTRAL'], LKC: ['LIB'] };
const file = (code: string) => join(ROOT, 'config/demo-catalogue', `${code}.xml`);

/** Check digits computed here from the standards, not with the generator's code. */
function validIsbn(isbn: string): boolean {
  if (/^\d{13}$/.test(isbn)) return [...isbn].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0) % 10 === 0;
  if (/^\d{9}[\dX]$/.test(isbn)) return [...isbn].reduce((s, d, i) => s + (d === 'X' ? 10 : Number(d)) * (10 - i), 0) % 11 === 0;
  return false;
}
function validIssn(issn: string): boolean {
  const digits = issn.replace('-', '');
  return [...digits].reduce((s, d, i) => s + (d === 'X' ? 10 : Number(d)) * (8 - i), 0) % 11 === 0;
}

const catalogue = Object.fromEntries(
  CODES.map((code) => {
    const results = readMarcXml(readFileSync(file(code), 'utf8'));
    return [code, results.map((r) => (r.ok ? r.record : undefined))];
  }),
);

describe('the demo catalogue (config/demo-catalogue)', () => {
  it.each(CODES)('%s: every record parses, with a title, an author or ISSN, its own 001 and 003, valid identifiers and its own barcodes', (code) => {
    const records = catalogue[code] ?? [];
    expect(records.length).toBeGreaterThan(60);
    expect(records.every((r) => r !== undefined)).toBe(true);
    const ids = new Set<string>();
    const barcodes = new Set<string>();
    for (const record of records.filter((r) => r !== undefined)) {
      const fields = extractMatchFields(record);
      expect(fields.title).toBeTruthy();
      expect(fields.author !== undefined || fields.issns.length > 0).toBe(true);
      expect(fields.controlNumber).toMatch(new RegExp(`^${code.toLowerCase()}\\d{6}$`));
      expect(ids.has(fields.controlNumber ?? '')).toBe(false);
      ids.add(fields.controlNumber ?? '');
      expect(controlField(record, '003')).toBe(code);
      // Every 020/022 $a the record carries is well formed (extract drops malformed ones silently).
      const raw020 = dataFields(record, '020').flatMap((f) => f.subfields.filter((s) => s.code === 'a').map((s) => s.value));
      expect(raw020).toEqual(fields.isbns);
      for (const isbn of fields.isbns) expect(validIsbn(isbn), isbn).toBe(true);
      for (const issn of fields.issns) expect(validIssn(issn), issn).toBe(true);
      expect(fields.isbns.length + fields.issns.length).toBeGreaterThan(0);
      if (dataFields(record, '010').length > 0) expect(fields.lccn).toMatch(/^\d{8,10}$/);
      expect(fields.oclcNumbers).toHaveLength(1);
      expect(fields.holdings.length).toBeGreaterThan(0);
      for (const holding of fields.holdings) {
        expect(LIBRARIES[code]).toContain(holding.library);
        expect(holding.callNumber).toBeTruthy();
        expect(barcodes.has(holding.barcode ?? '')).toBe(false);
        barcodes.add(holding.barcode ?? '');
      }
    }
  });

  it('spreads works over the libraries and mixes available, on-loan and unavailable items', () => {
    const all = CODES.flatMap((code) => (catalogue[code] ?? []).map((r) => ({ code, fields: extractMatchFields(r!) })));
    expect(all.length).toBeGreaterThanOrEqual(250);
    expect(all.length).toBeLessThanOrEqual(350);
    const holders = new Map<string, Set<string>>();
    for (const { code, fields } of all) holders.set(fields.oclcNumbers[0] ?? '', (holders.get(fields.oclcNumbers[0] ?? '') ?? new Set()).add(code));
    const spread = [1, 2, 3].map((n) => [...holders.values()].filter((h) => h.size === n).length);
    expect(spread.every((n) => n >= 10)).toBe(true);
    // Most works are held by one library only.
    expect(spread[0]).toBeGreaterThan(spread[2] ?? 0);
    const statuses = all.flatMap(({ fields }) => fields.holdings.map((h) => h.status));
    const share = (status: MarcMatchFields['holdings'][number]['status']) => statuses.filter((s) => s === status).length / statuses.length;
    expect(share('on-loan')).toBeGreaterThan(0.08);
    expect(share('on-loan')).toBeLessThan(0.25);
    expect(share('unavailable')).toBeGreaterThan(0.03);
    expect(share('available')).toBeGreaterThan(0.6);
  });

  it('the demo network file names the catalogue files and a locate profile for every lending partner (a broker has none)', () => {
    const config = loadConfigFile(DEMO_CONSORTIUM_FILE);
    for (const institution of config.institutions) {
      expect(institution.inventory?.marcFiles).toEqual([`demo-catalogue/${institution.code}.xml`]);
      for (const partner of institution.partners.filter((p) => p.profileType !== 'broker')) {
        const profile = institution.locateProfiles?.find((p) => p.code === partner.locateProfile);
        expect(profile).toMatchObject({ protocol: 'sru', url: `/sru/${partner.code}`, version: '1.2', checkAvailability: true });
      }
      // Locate stays off in the demo: requests are sent at once unless the lead decides otherwise.
      expect(institution.borrowingSettings?.autoLocate ?? false).toBe(false);
    }
  });

  it('is exactly what the generator writes: deterministic and up to date', async () => {
    const out = mkdtempSync(join(tmpdir(), 'demo-catalogue-'));
    await promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/generate-demo-catalogue.ts'), out], { cwd: ROOT });
    for (const code of CODES) expect(readFileSync(join(out, `${code}.xml`), 'utf8') === readFileSync(file(code), 'utf8'), `${code}.xml differs: run npm run demo:catalogue`).toBe(true);
  }, 60_000);
});
