import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText } from '../../../src/config/loadConfigFile.js';
import { applyNetworkConfig } from '../../../src/services/applyNetworkConfig.js';
import {
  countInstitutions,
  findInstitutionBySymbol,
  listInstitutions,
  listSymbols,
} from '../../../src/store/institutionRepository.js';
import {
  findLendingRequest,
  findLendingRequestByTransaction,
  insertLendingRequestIfNew,
} from '../../../src/store/lendingRequestRepository.js';
import { nextRequestNumber } from '../../../src/store/requestNumbers.js';
import { migrateToLatest } from '../../../src/store/migrate.js';
import pg from 'pg';
import { availableBackends, createTestDatabase, POSTGRES_ADMIN_URL, type TestDatabase } from '../../support/databases.js';
import { testNetwork } from '../../support/demoNetwork.js';

const backends = await availableBackends();

describe.each(backends)('store on %s', (backend) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(() => database.close());

  it.runIf(backend === 'postgres')('survives the server dropping its pooled connections', async () => {
    await Promise.all([sql`select pg_sleep(0.05)`.execute(database.db), sql`select pg_sleep(0.05)`.execute(database.db)]);
    const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
    try {
      const { rowCount } = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [new URL(database.url!).pathname.slice(1)]);
      expect(rowCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await countInstitutions(database.db)).toBeGreaterThanOrEqual(0);
  });

  it('reports nothing to do when migrated again', async () => {
    expect(await migrateToLatest(database.db)).toEqual({ applied: [] });
  });

  it('loads institutions, libraries and symbols, and loading again changes nothing', async () => {
    const first = await applyNetworkConfig(database.db, testNetwork, 'test');
    expect(first).toEqual({ institutions: 3, libraries: 3, symbols: 3, partners: 6 });
    await applyNetworkConfig(database.db, testNetwork, 'test');
    expect(await countInstitutions(database.db)).toBe(3);
    expect((await listInstitutions(database.db)).map((i) => i.code)).toEqual(['HCPL', 'LKC', 'NSU']);
    const libraries = await database.db.selectFrom('library').select('code').orderBy('code').execute();
    expect(libraries.map((l) => l.code)).toEqual(['CENTRAL', 'LIB', 'MAIN']);
  });

  it('updates names in place and adds new symbols', async () => {
    const renamed = parseConfigText(
      `institutions:
  - code: NSU
    name: North State University (renamed)
    symbols: ["ISIL:US-NSU", "OCLC:NSU"]
    libraries: [{ code: MAIN, name: Main Library }]`,
      'rename.yaml',
    );
    await applyNetworkConfig(database.db, renamed, 'rename.yaml');
    const nsu = await findInstitutionBySymbol(database.db, { idType: 'oclc', idValue: 'NSU' });
    expect(nsu?.name).toBe('North State University (renamed)');
    expect(await listSymbols(database.db, nsu!.id)).toEqual([
      { idType: 'ISIL', idValue: 'US-NSU' },
      { idType: 'OCLC', idValue: 'NSU' },
    ]);
  });

  it('refuses a symbol owned by another institution and rolls the whole load back', async () => {
    const stealing = parseConfigText(
      `institutions:
  - code: NEW
    name: A newcomer
    symbols: ["ISIL:US-HCPL"]
    libraries: [{ code: L, name: L }]`,
      'steal.yaml',
    );
    await expect(applyNetworkConfig(database.db, stealing, 'steal.yaml')).rejects.toThrow(ConfigError);
    await expect(applyNetworkConfig(database.db, stealing, 'steal.yaml')).rejects.toThrow(/US-HCPL already belongs to institution HCPL/);
    expect(await countInstitutions(database.db)).toBe(3);
  });

  it('keeps one request per transaction key and never shows one tenant another tenant’s request', async () => {
    const hcpl = (await findInstitutionBySymbol(database.db, { idType: 'ISIL', idValue: 'US-HCPL' }))!;
    const lkc = (await findInstitutionBySymbol(database.db, { idType: 'ISIL', idValue: 'US-LKC' }))!;
    const row = {
      institution_id: hcpl.id,
      status: 'created',
      requesting_agency_id_type: 'ISIL',
      requesting_agency_id_value: 'US-NSU',
      requesting_agency_request_id: 'R1',
      supplying_agency_id_type: 'ISIL',
      supplying_agency_id_value: 'US-HCPL',
      supplying_agency_request_id: `HCPL-${await nextRequestNumber(database.db)}`,
      protocol_version: '1.2',
      service_type: 'Loan',
      title: 'T',
      author: null,
      citation: JSON.stringify({ bibliographicInfo: { title: 'T' } }),
    };
    const created = await insertLendingRequestIfNew(database.db, row);
    expect(created?.citation).toEqual({ bibliographicInfo: { title: 'T' } });
    expect(await insertLendingRequestIfNew(database.db, { ...row, supplying_agency_request_id: 'HCPL-other' })).toBeUndefined();
    const key = { requester: { idType: 'ISIL', idValue: 'US-NSU' }, requestingAgencyRequestId: 'R1' };
    expect((await findLendingRequestByTransaction(database.db, { institutionId: hcpl.id, ...key }))?.id).toBe(created?.id);
    expect(await findLendingRequestByTransaction(database.db, { institutionId: lkc.id, ...key })).toBeUndefined();
    expect(await findLendingRequest(database.db, lkc.id, created!.id)).toBeUndefined();
  });

  it('hands out increasing request numbers', async () => {
    const a = Number(await nextRequestNumber(database.db));
    const b = Number(await nextRequestNumber(database.db));
    expect(a).toBeGreaterThanOrEqual(1000);
    expect(b).toBeGreaterThan(a);
  });

  it('commits all of a transaction or nothing', async () => {
    const before = await countInstitutions(database.db);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await trx.insertInto('institution').values({ code: 'GHOST', name: 'Ghost' }).execute();
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect(await countInstitutions(database.db)).toBe(before);
  });

  it('refuses to commit a transaction after a failed statement that was caught', async () => {
    const before = await countInstitutions(database.db);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await trx.insertInto('institution').values({ code: 'HALF', name: 'Half' }).execute();
        await sql`select * from no_such_table`.execute(trx).catch(() => undefined);
      }),
    ).rejects.toThrow();
    expect(await countInstitutions(database.db)).toBe(before);
  });

  it('serialises concurrent transactions without interleaving them', async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        database.db.transaction().execute(async (trx) => {
          await trx.insertInto('institution').values({ code: `C${i}`, name: `Concurrent ${i}` }).execute();
          await trx.insertInto('library').values({ institution_id: sql<string>`(select id from institution where code = ${`C${i}`})`, code: 'L', name: 'L' }).execute();
        }),
      ),
    );
    const libraries = await database.db
      .selectFrom('library')
      .innerJoin('institution', 'institution.id', 'library.institution_id')
      .select('institution.code')
      .where('institution.code', 'like', 'C%')
      .execute();
    expect(libraries).toHaveLength(10);
  });
});
