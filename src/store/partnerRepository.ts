import type { Db } from './database.js';
import { normaliseAgencyKey, type AgencyKey } from './institutionRepository.js';
import type { Partner, PartnerTable } from './schema.js';
import type { Insertable } from 'kysely';

export async function upsertPartner(db: Db, partner: Insertable<PartnerTable>): Promise<Partner> {
  const { idType, idValue } = normaliseAgencyKey({ idType: partner.id_type, idValue: partner.id_value });
  const values = { ...partner, id_type: idType, id_value: idValue };
  const { institution_id: _institution, code: _code, ...changes } = values;
  return db
    .insertInto('partner')
    .values(values)
    .onConflict((oc) => oc.columns(['institution_id', 'code']).doUpdateSet(changes))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The partner record an institution keeps for an agency id, active or not. */
export async function findPartnerBySymbol(db: Db, institutionId: string, key: AgencyKey): Promise<Partner | undefined> {
  const { idType, idValue } = normaliseAgencyKey(key);
  return db
    .selectFrom('partner')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .where('id_type', '=', idType)
    .where('id_value', '=', idValue)
    .executeTakeFirst();
}

export async function findPartnerByCode(db: Db, institutionId: string, code: string, options: { lock?: boolean } = {}): Promise<Partner | undefined> {
  let query = db.selectFrom('partner').selectAll().where('institution_id', '=', institutionId).where('code', '=', code);
  if (options.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function findPartner(db: Db, institutionId: string, id: string): Promise<Partner | undefined> {
  return db.selectFrom('partner').selectAll().where('institution_id', '=', institutionId).where('id', '=', id).executeTakeFirst();
}

/** Partners named by code or by `TYPE:VALUE` symbol, in the order asked; unknown names are returned apart. */
export async function findPartnersByName(db: Db, institutionId: string, names: readonly string[]): Promise<{ found: Partner[]; unknown: string[] }> {
  const all = await listPartners(db, institutionId);
  const found: Partner[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    const partner = all.find((p) => p.code === name || `${p.id_type}:${p.id_value}`.toUpperCase() === name.toUpperCase() || p.id_value === name);
    if (partner) found.push(partner);
    else unknown.push(name);
  }
  return { found, unknown };
}

export async function listPartners(db: Db, institutionId: string): Promise<Partner[]> {
  return db.selectFrom('partner').selectAll().where('institution_id', '=', institutionId).orderBy('code').execute();
}
