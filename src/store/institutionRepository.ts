import type { Db } from './database.js';
import type { Institution } from './schema.js';

export interface AgencyKey {
  idType: string;
  idValue: string;
}

/** Agency id types are compared case-insensitively (`isil` = `ISIL`); values exactly. */
export function normaliseAgencyKey(key: AgencyKey): AgencyKey {
  return { idType: key.idType.trim().toUpperCase(), idValue: key.idValue.trim() };
}

export async function findInstitutionBySymbol(db: Db, key: AgencyKey): Promise<Institution | undefined> {
  const { idType, idValue } = normaliseAgencyKey(key);
  return db
    .selectFrom('agency_symbol')
    .innerJoin('institution', 'institution.id', 'agency_symbol.institution_id')
    .selectAll('institution')
    .where('agency_symbol.id_type', '=', idType)
    .where('agency_symbol.id_value', '=', idValue)
    .executeTakeFirst();
}

export async function listInstitutions(db: Db): Promise<Institution[]> {
  return db.selectFrom('institution').selectAll().orderBy('code').execute();
}

export async function countInstitutions(db: Db): Promise<number> {
  const row = await db
    .selectFrom('institution')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function upsertInstitution(db: Db, code: string, name: string): Promise<Institution> {
  return db
    .insertInto('institution')
    .values({ code, name })
    .onConflict((oc) => oc.column('code').doUpdateSet({ name }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function upsertLibrary(db: Db, institutionId: string, code: string, name: string): Promise<string> {
  const row = await db
    .insertInto('library')
    .values({ institution_id: institutionId, code, name })
    .onConflict((oc) => oc.columns(['institution_id', 'code']).doUpdateSet({ name }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findSymbolOwner(db: Db, key: AgencyKey): Promise<{ institutionId: string; code: string } | undefined> {
  const { idType, idValue } = normaliseAgencyKey(key);
  const row = await db
    .selectFrom('agency_symbol')
    .innerJoin('institution', 'institution.id', 'agency_symbol.institution_id')
    .select(['institution.id', 'institution.code'])
    .where('agency_symbol.id_type', '=', idType)
    .where('agency_symbol.id_value', '=', idValue)
    .executeTakeFirst();
  return row && { institutionId: row.id, code: row.code };
}

export async function upsertSymbol(
  db: Db,
  institutionId: string,
  libraryId: string | null,
  key: AgencyKey,
): Promise<void> {
  const { idType, idValue } = normaliseAgencyKey(key);
  await db
    .insertInto('agency_symbol')
    .values({ institution_id: institutionId, library_id: libraryId, id_type: idType, id_value: idValue })
    .onConflict((oc) => oc.columns(['id_type', 'id_value']).doUpdateSet({ library_id: libraryId }).where('agency_symbol.institution_id', '=', institutionId))
    .execute();
}

export async function listSymbols(db: Db, institutionId: string): Promise<AgencyKey[]> {
  const rows = await db
    .selectFrom('agency_symbol')
    .select(['id_type', 'id_value'])
    .where('institution_id', '=', institutionId)
    .orderBy('id_type')
    .orderBy('id_value')
    .execute();
  return rows.map((r) => ({ idType: r.id_type, idValue: r.id_value }));
}
