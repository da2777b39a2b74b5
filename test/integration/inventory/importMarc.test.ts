import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectMarcFormat, importMarc } from '../../../src/services/inventory/importMarc.js';
import { openDatabase, type Db } from '../../../src/store/database.js';
import { upsertInstitution, upsertLibrary } from '../../../src/store/institutionRepository.js';
import { textArray } from '../../../src/store/inventoryRepository.js';
import { migrateToLatest } from '../../../src/store/migrate.js';
import { availableBackends, createTestDatabase, type TestDatabase } from '../../support/databases.js';
import { runCli } from '../../support/serverProcess.js';

const fixtures = join(import.meta.dirname, '../../unit/marc/fixtures');
const bytes = (name: string) => new Uint8Array(readFileSync(join(fixtures, name)));
const utf8 = (text: string) => new TextEncoder().encode(text);

/** Two good records around a broken leader and a record without a title. */
const MIXED = `<?xml version="1.0"?>
<collection xmlns="http://www.loc.gov/MARC21/slim">
<record><leader>00000cam a2200000 a 4500</leader><controlfield tag="001">good-1</controlfield>
  <datafield tag="245" ind1="0" ind2="0"><subfield code="a">First good record</subfield></datafield></record>
<record><leader>short</leader><controlfield tag="001">bad-leader</controlfield>
  <datafield tag="245" ind1="0" ind2="0"><subfield code="a">Broken</subfield></datafield></record>
<record><leader>00000cam a2200000 a 4500</leader><controlfield tag="001">no-title</controlfield>
  <datafield tag="100" ind1="1" ind2=" "><subfield code="a">Nobody</subfield></datafield></record>
<record><leader>00000cam a2200000 a 4500</leader>
  <datafield tag="020" ind1=" " ind2=" "><subfield code="a">0-306-40615-2</subfield></datafield>
  <datafield tag="245" ind1="0" ind2="0"><subfield code="a">Second good record, no 001</subfield></datafield>
  <datafield tag="952" ind1=" " ind2=" "><subfield code="a">CPL</subfield><subfield code="p">MIX-1</subfield></datafield></record>
</collection>`;

const backends = await availableBackends();

describe.each(backends)('import-marc on %s', (backend) => {
  let database: TestDatabase;
  let db: Db;
  let home: string;
  let other: string;

  const counts = async (institutionId: string) => ({
    records: Number((await db.selectFrom('bibliographic_record').select((e) => e.fn.countAll().as('n')).where('institution_id', '=', institutionId).executeTakeFirstOrThrow()).n),
    holdings: Number((await db.selectFrom('holding').select((e) => e.fn.countAll().as('n')).where('institution_id', '=', institutionId).executeTakeFirstOrThrow()).n),
    items: Number((await db.selectFrom('item').select((e) => e.fn.countAll().as('n')).where('institution_id', '=', institutionId).executeTakeFirstOrThrow()).n),
  });

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    db = database.db;
    home = (await upsertInstitution(db, 'HOME', 'Home Library')).id;
    other = (await upsertInstitution(db, 'OTHER', 'Other Library')).id;
    await upsertLibrary(db, home, 'CPL', 'Central Public Library');
    await upsertLibrary(db, home, 'MPL', 'Midway Public Library');
  });
  afterAll(() => database.close());

  it('detects the format from the content', () => {
    expect(detectMarcFormat(bytes('yaz-ztest.marcxml'))).toBe('marcxml');
    expect(detectMarcFormat(bytes('yaz-ztest.mrc'))).toBe('iso2709');
    expect(detectMarcFormat(utf8('\ufeff  \n<collection/>'))).toBe('marcxml');
  });

  it('imports the yaz-ztest MARCXML records with their match fields indexed, reporting progress', async () => {
    const progress: [number, number][] = [];
    const result = await importMarc(db, bytes('yaz-ztest.marcxml'), { institutionId: home, onProgress: (d, t) => progress.push([d, t]) });
    expect(result).toMatchObject({ format: 'marcxml', total: 15, imported: 15, updated: 0, rejected: [] });
    expect(progress).toHaveLength(15);
    expect(progress.at(-1)).toEqual([15, 15]);
    expect(await counts(home)).toEqual({ records: 15, holdings: 0, items: 0 });

    const first = await db.selectFrom('bibliographic_record').selectAll().where('institution_id', '=', home).where('source_id', '=', '11224466').executeTakeFirstOrThrow();
    expect(first).toMatchObject({ marc_format: 'marcxml', title: 'How to program a computer', author: 'Jack Collins', lccn: '11224466', control_number: '11224466', isbns: [], suppressed: false });
    expect(first.marc).toContain('<controlfield tag="001">   11224466 </controlfield>');
    // The GIN-indexed arrays answer containment queries.
    const byIsbn = await db.selectFrom('bibliographic_record').select('control_number').where('institution_id', '=', home).where('isbns', '@>', textArray(['0879832355'])).execute();
    expect(byIsbn.map((r) => r.control_number)).toEqual(['80082329']);
    const byIssn = await db.selectFrom('bibliographic_record').select(['control_number', 'lccn']).where('issns', '@>', textArray(['1187-7081'])).execute();
    expect(byIssn).toEqual([{ control_number: 'ACD-3799', lccn: 'cn92031641' }]);
  });

  it('re-importing the same records (as ISO 2709 this time) updates them instead of duplicating', async () => {
    const result = await importMarc(db, bytes('yaz-ztest.mrc'), { institutionId: home });
    expect(result).toMatchObject({ format: 'iso2709', total: 15, imported: 0, updated: 15, rejected: [] });
    expect((await counts(home)).records).toBe(15);
    const first = await db.selectFrom('bibliographic_record').select(['marc_format', 'marc', 'created_at', 'updated_at']).where('source_id', '=', '11224466').executeTakeFirstOrThrow();
    expect(first.marc_format).toBe('iso2709');
    expect(first.marc).toMatch(/^\d{5}/);
    expect(first.updated_at.getTime()).toBeGreaterThanOrEqual(first.created_at.getTime());
  });

  it('turns 952 items with barcodes into holdings and items, and replaces them on update', async () => {
    const result = await importMarc(db, bytes('holdings.marcxml'), { institutionId: home });
    expect(result).toMatchObject({ imported: 1, updated: 0, rejected: [] });
    const record = await db.selectFrom('bibliographic_record').selectAll().where('institution_id', '=', home).where('source_id', '=', 'koha-4711').executeTakeFirstOrThrow();
    expect(record).toMatchObject({ title: 'Straßen & Brücken : eine Geschichte', author: 'Müller, Jürgen', lccn: '2001000627', oclc_numbers: ['12345'] });
    expect(record.isbns).toContain('9783161484100');
    const items = await db
      .selectFrom('item')
      .innerJoin('holding', 'holding.id', 'item.holding_id')
      .leftJoin('library', 'library.id', 'holding.library_id')
      .select(['item.barcode', 'item.status', 'item.requestable_for_resource_sharing', 'item.electronic', 'library.code', 'holding.location', 'holding.call_number'])
      .where('holding.bibliographic_record_id', '=', record.id)
      .orderBy('item.barcode')
      .execute();
    expect(items).toEqual([
      { barcode: '3900001', status: 'available', requestable_for_resource_sharing: true, electronic: false, code: 'CPL', location: 'GEN', call_number: 'TA1 .M8' },
      { barcode: '3900002', status: 'on_loan', requestable_for_resource_sharing: true, electronic: false, code: 'MPL', location: null, call_number: 'TA1 .M8 c.2' },
      // FPL is not a library of this institution: kept as the location.
      { barcode: '3900003', status: 'missing', requestable_for_resource_sharing: false, electronic: false, code: null, location: 'FPL', call_number: null },
    ]);
    const before = await counts(home);
    const again = await importMarc(db, bytes('holdings.mrc'), { institutionId: home });
    expect(again).toMatchObject({ format: 'iso2709', imported: 0, updated: 1, rejected: [] });
    expect(await counts(home)).toEqual(before);
    const ids = await db.selectFrom('item').innerJoin('holding', 'holding.id', 'item.holding_id').select('item.barcode').where('holding.bibliographic_record_id', '=', record.id).execute();
    expect(ids.map((r) => r.barcode).sort()).toEqual(['3900001', '3900002', '3900003']);
  });

  it('rejects a malformed record and a record without a title with their reasons, importing the others', async () => {
    const result = await importMarc(db, utf8(MIXED), { institutionId: home });
    expect(result.imported).toBe(2);
    expect(result.rejected.map((r) => r.index)).toEqual([2, 3]);
    expect(result.rejected[0]?.reason).toMatch(/^parse error \(bad-leader\): leader must be 24 characters/);
    expect(result.rejected[1]?.reason).toBe('no title (245 $a/$b)');
    const hashed = await db.selectFrom('bibliographic_record').select(['source_id', 'control_number', 'isbns']).where('title', '=', 'Second good record, no 001').executeTakeFirstOrThrow();
    expect(hashed.source_id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(hashed).toMatchObject({ control_number: null, isbns: ['0306406152'] });
    // Same content again: same hash, so updated.
    expect(await importMarc(db, utf8(MIXED), { institutionId: home })).toMatchObject({ imported: 0, updated: 2 });
  });

  it('rejects a record whose barcode already belongs to another record, leaving it untouched', async () => {
    const clash = MIXED.replace('<controlfield tag="001">good-1</controlfield>', '<controlfield tag="001">good-1</controlfield><datafield tag="952" ind1=" " ind2=" "><subfield code="p">3900001</subfield></datafield>');
    const result = await importMarc(db, utf8(clash), { institutionId: home });
    expect(result.rejected[0]).toEqual({ index: 1, reason: 'barcode 3900001 already belongs to record koha-4711' });
  });

  it('keeps institutions apart: another institution importing the same records changes none of these rows', async () => {
    const snapshot = async () =>
      db.selectFrom('bibliographic_record').select(['id', 'source_id', 'updated_at', 'marc_format']).where('institution_id', '=', home).orderBy('source_id').execute();
    const before = await snapshot();
    const homeCounts = await counts(home);
    expect(await importMarc(db, bytes('yaz-ztest.marcxml'), { institutionId: other })).toMatchObject({ imported: 15, updated: 0 });
    // Same barcodes are fine in another institution.
    expect(await importMarc(db, bytes('holdings.marcxml'), { institutionId: other })).toMatchObject({ imported: 1, rejected: [] });
    expect(await snapshot()).toEqual(before);
    expect(await counts(home)).toEqual(homeCounts);
    expect(await counts(other)).toEqual({ records: 16, holdings: 3, items: 3 });
  });

  it('fails every record of a document that is not XML at all', async () => {
    const result = await importMarc(db, utf8('<collection><record>'), { institutionId: home });
    expect(result).toMatchObject({ total: 1, imported: 0, updated: 0 });
    expect(result.rejected[0]?.reason).toMatch(/^parse error \(not-xml\)/);
  });
});

describe('interlend import-marc', () => {
  const dir = mkdtempSync(join(tmpdir(), 'interlend-import-'));
  const dataDir = join(dir, 'data');
  const env = { DATABASE_URL: '' };

  beforeAll(async () => {
    const database = openDatabase({ dataDir });
    try {
      await migrateToLatest(database.db);
      await upsertInstitution(database.db, 'HOME', 'Home Library');
    } finally {
      await database.close();
    }
  });

  it('imports a file and prints the summary; a second run updates', async () => {
    const file = join(fixtures, 'yaz-ztest.mrc');
    const first = await runCli(['import-marc', file, '--institution', 'HOME', '--data-dir', dataDir], env);
    expect(first.stderr).toContain('] 15/15');
    expect(first.stdout.trim()).toBe('imported 15, updated 0, rejected 0');
    expect(first.code).toBe(0);
    const second = await runCli(['import-marc', file, '--institution', 'HOME', '--data-dir', dataDir], env);
    expect(second.stdout.trim()).toBe('imported 0, updated 15, rejected 0');
  });

  it('lists the rejection reasons; exit 1 when every record was rejected', async () => {
    const mixed = join(dir, 'mixed.xml');
    writeFileSync(mixed, MIXED);
    const some = await runCli(['import-marc', mixed, '--institution', 'HOME', '--data-dir', dataDir], env);
    expect(some.code).toBe(0);
    expect(some.stdout).toContain('imported 2, updated 0, rejected 2');
    expect(some.stdout).toContain('record 3: no title (245 $a/$b)');
    const junk = join(dir, 'junk.mrc');
    writeFileSync(junk, 'this is not MARC at all');
    const none = await runCli(['import-marc', junk, '--institution', 'HOME', '--data-dir', dataDir], env);
    expect(none.stdout).toContain('imported 0, updated 0, rejected 1');
    expect(none.stdout).toContain('record 1: parse error');
    expect(none.code).toBe(1);
  });

  it('exits 2 for an unknown institution or an unreadable file', async () => {
    const unknown = await runCli(['import-marc', join(fixtures, 'holdings.mrc'), '--institution', 'NOPE', '--data-dir', dataDir], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no institution with symbol or code "NOPE"');
    const missing = await runCli(['import-marc', join(dir, 'missing.mrc'), '--institution', 'HOME', '--data-dir', dataDir], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read');
  });
});
