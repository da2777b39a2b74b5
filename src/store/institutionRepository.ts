import { sql } from 'kysely';
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

/** The institution's library with this code (any case). */
export async function findLibraryId(db: Db, institutionId: string, code: string): Promise<string | undefined> {
  const library = await db.selectFrom('library').select('id').where('institution_id', '=', institutionId).where(sql<string>`lower(code)`, '=', code.trim().toLowerCase()).executeTakeFirst();
  return library?.id;
}

/** The institution's library when it has exactly one. */
export async function onlyLibraryId(db: Db, institutionId: string): Promise<string | undefined> {
  const libraries = await db.selectFrom('library').select('id').where('institution_id', '=', institutionId).limit(2).execute();
  return libraries.length === 1 ? libraries[0]?.id : undefined;
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

/** The symbol an institution signs its own messages with: its first institution-level symbol. */
export async function primarySymbol(db: Db, institutionId: string): Promise<AgencyKey> {
  const row = await db
    .selectFrom('agency_symbol')
    .select(['id_type', 'id_value'])
    .where('institution_id', '=', institutionId)
    .orderBy((eb) => eb('library_id', 'is', null), 'desc')
    .orderBy('id_type')
    .orderBy('id_value')
    .limit(1)
    .executeTakeFirst();
  if (!row) throw new Error(`institution ${institutionId} has no agency symbol`);
  return { idType: row.id_type, idValue: row.id_value };
}

export async function findInstitution(db: Db, id: string): Promise<Institution | undefined> {
  return db.selectFrom('institution').selectAll().where('id', '=', id).executeTakeFirst();
}

/** An institution named in a URL by `TYPE:VALUE` or by the value alone (when no other type shares it). */
export async function findInstitutionByPathSymbol(db: Db, text: string): Promise<Institution | undefined> {
  const colon = text.indexOf(':');
  if (colon > 0) return findInstitutionBySymbol(db, { idType: text.slice(0, colon), idValue: text.slice(colon + 1) });
  const rows = await db
    .selectFrom('agency_symbol')
    .innerJoin('institution', 'institution.id', 'agency_symbol.institution_id')
    .selectAll('institution')
    .where('agency_symbol.id_value', '=', text)
    .execute();
  const ids = new Set(rows.map((r) => r.id));
  return ids.size === 1 ? rows[0] : undefined;
}
