import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONSORTIUM_FILE } from '../../../src/cli/serve.js';
import { ConfigError, loadConfigFile, parseConfigText } from '../../../src/config/loadConfigFile.js';
import { applyNetworkConfig, type ApplyReport } from '../../../src/services/applyNetworkConfig.js';
import { importMarc } from '../../../src/services/inventory/importMarc.js';
import { searchCatalogue, type CatalogueQuery } from '../../../src/store/catalogueRepository.js';
import type { Db } from '../../../src/store/database.js';
import { availableBackends, createTestDatabase, type TestDatabase } from '../../support/databases.js';

const CODES = ['NSU', 'HCPL', 'LKC'] as const;
type Code = (typeof CODES)[number];

/** What the files say, counted straight from the XML (one 952 per line), not through the importer. */
function expected(code: Code) {
  const xml = readFileSync(join(import.meta.dirname, '../../../config/demo-catalogue', `${code}.xml`), 'utf8');
  const items = xml.split('\n').filter((line) => line.includes('tag="952"'));
  const has = (line: string, sub: string) => line.includes(`<subfield code="${sub}">`);
  const missing = items.filter((l) => has(l, '7') || has(l, '1')).length;
  const onLoan = items.filter((l) => has(l, 'q') && !has(l, '7') && !has(l, '1')).length;
  return { records: (xml.match(/<record>/g) ?? []).length, items: items.length, missing, on_loan: onLoan, available: items.length - missing - onLoan };
}

const isbn = (term: string): CatalogueQuery => ({ index: 'isbn', relation: 'exact', term });
const backends = await availableBackends();

describe.each(backends)('demo catalogue on %s', (backend) => {
  let database: TestDatabase;
  let db: Db;
  let report: ApplyReport;
  const ids = {} as Record<Code, string>;

  const count = async (table: 'bibliographic_record' | 'item', institutionId: string) =>
    Number((await db.selectFrom(table).select((e) => e.fn.countAll<string>().as('n')).where('institution_id', '=', institutionId).executeTakeFirstOrThrow()).n);
  const statuses = async (institutionId: string) => {
    const rows = await db.selectFrom('item').select(['status', (e) => e.fn.countAll<string>().as('n')]).where('institution_id', '=', institutionId).groupBy('status').execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  };
  const holders = async (query: CatalogueQuery) => {
    const found: Partial<Record<Code, string[]>> = {};
    for (const code of CODES) {
      const result = await searchCatalogue(db, ids[code], query);
      if (result.total > 0) found[code] = result.records.flatMap((r) => r.items.map((i) => i.status));
    }
    return found;
  };

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    db = database.db;
    report = await applyNetworkConfig(db, loadConfigFile(DEMO_CONSORTIUM_FILE), DEMO_CONSORTIUM_FILE);
    for (const row of await db.selectFrom('institution').select(['id', 'code']).execute()) ids[row.code as Code] = row.id;
  });
  afterAll(() => database.close());

  it.each(CODES)('%s: every record of its file is imported, with its items per status and placed in a library', async (code) => {
    const want = expected(code);
    expect(report.inventory).toContainEqual({ institution: code, files: 1, imported: want.records, updated: 0, rejected: [] });
    expect(await count('bibliographic_record', ids[code])).toBe(want.records);
    expect(await count('item', ids[code])).toBe(want.items);
    expect(await statuses(ids[code])).toEqual({ available: want.available, on_loan: want.on_loan, missing: want.missing });
    const unplaced = await db.selectFrom('holding').select('id').where('institution_id', '=', ids[code]).where('library_id', 'is', null).execute();
    expect(unplaced).toEqual([]);
    const notRequestable = await db.selectFrom('item').select('id').where('institution_id', '=', ids[code]).where('requestable_for_resource_sharing', '=', false).execute();
    expect(notRequestable).toHaveLength(want.missing);
  });

  it('finds the "try these" works where the README says', async () => {
    // Where the crawdads sing: only HCPL, on the shelf.
    expect(await holders(isbn('9780735219090'))).toEqual({ HCPL: ['available'] });
    // Sapiens: only LKC, on loan; found by ISBN-10 too.
    expect(await holders(isbn('9780062316097'))).toEqual({ LKC: ['on_loan'] });
    expect(await holders(isbn('0-06-231609-5'))).toEqual({ LKC: ['on_loan'] });
    // To kill a mockingbird: all three, each with a copy on the shelf (by ISBN-13 whether the record holds 10 or 13).
    const mockingbird = await holders(isbn('978-0-06-093546-7'));
    expect(Object.keys(mockingbird).sort()).toEqual(['HCPL', 'LKC', 'NSU']);
    for (const items of Object.values(mockingbird)) expect(items).toContain('available');
    expect(Object.keys(await holders({ index: 'title', relation: 'all', term: 'kill mockingbird' })).sort()).toEqual(['HCPL', 'LKC', 'NSU']);
    // The overstory: nobody, by ISBN or by title.
    expect(await holders(isbn('9780393635522'))).toEqual({});
    expect(await holders({ index: 'title', relation: 'all', term: 'overstory' })).toEqual({});
  });

  it('a reload leaves the catalogues and their circulation state alone', async () => {
    const before = Object.fromEntries(await Promise.all(CODES.map(async (code) => [code, await statuses(ids[code])] as const)));
    const item = await db.selectFrom('item').select(['id', 'status']).where('institution_id', '=', ids.NSU).where('status', '=', 'available').orderBy('barcode').executeTakeFirstOrThrow();
    await db.updateTable('item').set({ status: 'in_transit' }).where('id', '=', item.id).execute();

    const again = await applyNetworkConfig(db, loadConfigFile(DEMO_CONSORTIUM_FILE), DEMO_CONSORTIUM_FILE);
    expect(again.inventory).toEqual(CODES.map((code) => ({ institution: code, skipped: 'catalogue not empty' })));
    for (const code of CODES) expect(await count('bibliographic_record', ids[code])).toBe(expected(code).records);
    expect((await db.selectFrom('item').select('status').where('id', '=', item.id).executeTakeFirstOrThrow()).status).toBe('in_transit');
    expect(await statuses(ids.NSU)).toEqual({ ...before.NSU, available: (before.NSU?.available ?? 0) - 1, in_transit: 1 });
    expect(await statuses(ids.HCPL)).toEqual(before.HCPL);
  });
});

describe.each(backends)('inventory in a network file on %s', (backend) => {
  let database: TestDatabase;
  let dir: string;
  const network = (code: string, inventory: string) => `
institutions:
  - code: ${code}
    name: Inventory Test ${code}
    symbols: ["ISIL:XX-${code}"]
    libraries: [{ code: MAIN, name: Main }]
${inventory}`;
  const record = (id: string, title: string, barcode: string) =>
    `<record><leader>00000nam a2200000 i 4500</leader><controlfield tag="001">${id}</controlfield>` +
    `<datafield tag="245" ind1="0" ind2="0"><subfield code="a">${title}</subfield></datafield>` +
    `<datafield tag="952" ind1=" " ind2=" "><subfield code="a">MAIN</subfield><subfield code="p">${barcode}</subfield></datafield></record>`;
  const collection = (...records: string[]) => `<collection xmlns="http://www.loc.gov/MARC21/slim">${records.join('')}</collection>`;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    dir = mkdtempSync(join(tmpdir(), 'inventory-config-'));
  });
  afterAll(() => database.close());

  it('a file that is missing, or a directory, stops the whole load with a ConfigError naming the path', async () => {
    const yaml = join(dir, 'missing.yaml');
    writeFileSync(yaml, network('MISS', '    inventory: { marcFiles: [catalogue/nothing-here.xml, ..] }'));
    const load = applyNetworkConfig(database.db, loadConfigFile(yaml), yaml);
    await expect(load).rejects.toThrow(ConfigError);
    await expect(applyNetworkConfig(database.db, loadConfigFile(yaml), yaml)).rejects.toThrow(
      new ConfigError([
        `${yaml}: institutions[0].inventory.marcFiles[0]: cannot read MARC file ${join(dir, 'catalogue/nothing-here.xml')}`,
        `${yaml}: institutions[0].inventory.marcFiles[1]: cannot read MARC file ${join(dir, '..')}`,
      ]),
    );
    // Nothing half-applied: the institution itself was rolled back.
    expect(await database.db.selectFrom('institution').select('id').where('code', '=', 'MISS').execute()).toEqual([]);
  });

  it('refuses an empty or misspelt inventory section before touching the database', () => {
    expect(() => parseConfigText(network('BAD', '    inventory: { marcFiles: [] }'), 'bad.yaml')).toThrow(/inventory\.marcFiles: name at least one MARC file/);
    expect(() => parseConfigText(network('BAD', '    inventory: { files: [a.xml] }'), 'bad.yaml')).toThrow(ConfigError);
    expect(() => parseConfigText(network('BAD', '    inventory: { marcFiles: ["  "] }'), 'bad.yaml')).toThrow(/expected a file path/);
  });

  it('imports files relative to the network file into an empty catalogue only; a later file updates the first one, rejects are reported', async () => {
    writeFileSync(join(dir, 'first.xml'), collection(record('r1', 'First', 'B1'), record('r2', 'Second', 'B2'), record('r3', 'Clash', 'B1'), record('r1', 'First again', 'B1')));
    writeFileSync(join(dir, 'second.xml'), collection(record('r2', 'Second, revised', 'B2'), record('r4', 'Fourth', 'B1')));
    const yaml = join(dir, 'ok.yaml');
    writeFileSync(yaml, network('OKAY', '    inventory: { marcFiles: [first.xml, ./second.xml] }'));
    const report = await applyNetworkConfig(database.db, loadConfigFile(yaml), yaml);
    expect(report.inventory).toEqual([
      {
        institution: 'OKAY',
        files: 2,
        imported: 2,
        updated: 2,
        rejected: ['first.xml record 3: barcode B1 already belongs to record r1', './second.xml record 2: barcode B1 already belongs to record r1'],
      },
    ]);
    const rows = await database.db.selectFrom('bibliographic_record').innerJoin('institution', 'institution.id', 'bibliographic_record.institution_id').select(['source_id', 'title']).where('institution.code', '=', 'OKAY').orderBy('source_id').execute();
    expect(rows).toEqual([
      { source_id: 'r1', title: 'First again' },
      { source_id: 'r2', title: 'Second, revised' },
    ]);
    writeFileSync(join(dir, 'first.xml'), collection(record('r9', 'Would reset the catalogue', 'B9')));
    expect((await applyNetworkConfig(database.db, loadConfigFile(yaml), yaml)).inventory).toEqual([{ institution: 'OKAY', skipped: 'catalogue not empty' }]);
  });

  it('a catalogue holding only temporary (suppressed) records of borrowed items still counts as empty', async () => {
    const yaml = join(dir, 'temp.yaml');
    writeFileSync(yaml, network('TEMP', ''));
    await applyNetworkConfig(database.db, loadConfigFile(yaml), yaml);
    const institution = await database.db.selectFrom('institution').select('id').where('code', '=', 'TEMP').executeTakeFirstOrThrow();
    writeFileSync(join(dir, 'temp.xml'), collection(record('t1', 'Temporary', 'T1')));
    await importMarc(database.db, new Uint8Array(readFileSync(join(dir, 'temp.xml'))), { institutionId: institution.id });
    await database.db.updateTable('bibliographic_record').set({ suppressed: true }).where('institution_id', '=', institution.id).execute();
    // The file reuses the temporary record's barcode: refused record by record, not a failed load.
    writeFileSync(join(dir, 'own.xml'), collection(record('o1', 'Own book', 'O1'), record('o2', 'Clashing', 'T1')));
    writeFileSync(yaml, network('TEMP', '    inventory: { marcFiles: [own.xml] }'));
    const report = await applyNetworkConfig(database.db, loadConfigFile(yaml), yaml);
    expect(report.inventory).toEqual([{ institution: 'TEMP', files: 1, imported: 1, updated: 0, rejected: ['own.xml record 2: barcode T1 already belongs to record t1'] }]);
  });
});
