import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '../../../src/http/app.js';
import { importMarc } from '../../../src/services/inventory/importMarc.js';
import type { Db } from '../../../src/store/database.js';
import { upsertInstitution, upsertLibrary } from '../../../src/store/institutionRepository.js';
import { createTestDatabase, type Backend, type TestDatabase } from '../../support/databases.js';

const fixture = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures', name)));

export interface SeededCatalogues {
  hcpl: string;
  lkc: string;
  /** An institution whose catalogue came from ISO 2709 (yaz-ztest's sample records). */
  iso: string;
}

/**
 * HCPL: 13 records in various item states (fixtures/hcpl.marcxml), then the states an import cannot
 * express set directly: HC-5A not requestable, HC-7 electronic, hc-0008 suppressed. LKC: two records,
 * one sharing HCPL's ISBN (tenant isolation). ISO: yaz-ztest's ISO 2709 sample.
 */
export async function seedCatalogues(db: Db): Promise<SeededCatalogues> {
  const hcpl = (await upsertInstitution(db, 'HCPL', 'Harbor City Public Library')).id;
  const lkc = (await upsertInstitution(db, 'LKC', 'Lakeside College')).id;
  const iso = (await upsertInstitution(db, 'ISO', 'ISO 2709 Library')).id;
  await upsertLibrary(db, hcpl, 'CENTRAL', 'Central Library');
  await upsertLibrary(db, hcpl, 'BRANCH', 'Branch Library');
  await upsertLibrary(db, lkc, 'LIB', 'College Library');
  for (const [institutionId, file] of [
    [hcpl, 'hcpl.marcxml'],
    [lkc, 'lkc.marcxml'],
  ] as const) {
    const result = await importMarc(db, fixture(file), { institutionId });
    if (result.rejected.length > 0) throw new Error(`fixture ${file} rejected: ${JSON.stringify(result.rejected)}`);
  }
  const yaz = new Uint8Array(readFileSync(join(import.meta.dirname, '../../unit/marc/fixtures/yaz-ztest.mrc')));
  await importMarc(db, yaz, { institutionId: iso });
  await db.updateTable('item').set({ requestable_for_resource_sharing: false }).where('institution_id', '=', hcpl).where('barcode', '=', 'HC-5A').execute();
  await db.updateTable('item').set({ electronic: true }).where('institution_id', '=', hcpl).where('barcode', '=', 'HC-7').execute();
  await db.updateTable('bibliographic_record').set({ suppressed: true }).where('institution_id', '=', hcpl).where('source_id', '=', 'hc-0008').execute();
  return { hcpl, lkc, iso };
}

export interface SeededSruServer {
  database: TestDatabase;
  /** http://127.0.0.1:<port>; the catalogues answer at `${base}/sru/<CODE>`. */
  base: string;
  /** Closes the app, then the database. */
  stop(): Promise<void>;
}

/** A fresh database with {@link seedCatalogues} and the HTTP app alone (no workers) listening on a free port. */
export async function startSeededSruServer(backend: Backend): Promise<SeededSruServer> {
  const database = await createTestDatabase(backend);
  await seedCatalogues(database.db);
  const app = await buildApp({ ctx: { db: database.db, now: () => new Date() }, logger: false });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    database,
    base,
    stop: async () => {
      await app.close();
      await database.close();
    },
  };
}
