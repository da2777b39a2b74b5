import type { Db } from './database.js';

/** The stored circulation document of an institution; `{}` when never set (built-in circulation). */
export async function findCirculationSettings(db: Db, institutionId: string): Promise<unknown> {
  const row = await db.selectFrom('circulation_settings').select('settings').where('institution_id', '=', institutionId).executeTakeFirst();
  return row?.settings ?? {};
}

export async function saveCirculationSettings(db: Db, institutionId: string, value: unknown, now: Date): Promise<void> {
  const json = JSON.stringify(value);
  await db
    .insertInto('circulation_settings')
    .values({ institution_id: institutionId, settings: json, updated_at: now })
    .onConflict((oc) => oc.column('institution_id').doUpdateSet({ settings: json, updated_at: now }))
    .execute();
}

/** The institution's first agency symbol value (institution-level before library-level): our default NCIP agency id. */
export async function primarySymbolValue(db: Db, institutionId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('agency_symbol')
    .select('id_value')
    .where('institution_id', '=', institutionId)
    .orderBy((eb) => eb('library_id', 'is', null), 'desc')
    .orderBy('id_type')
    .orderBy('id_value')
    .executeTakeFirst();
  return row?.id_value;
}
