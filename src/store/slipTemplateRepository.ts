import type { Db } from './database.js';
import type { SlipTemplate } from './schema.js';

export async function findSlipTemplate(db: Db, institutionId: string, kind: string): Promise<SlipTemplate | undefined> {
  return db.selectFrom('slip_template').selectAll().where('institution_id', '=', institutionId).where('kind', '=', kind).executeTakeFirst();
}

export async function upsertSlipTemplate(db: Db, institutionId: string, kind: string, html: string, now: Date): Promise<SlipTemplate> {
  return db
    .insertInto('slip_template')
    .values({ institution_id: institutionId, kind, html, updated_at: now })
    .onConflict((oc) => oc.columns(['institution_id', 'kind']).doUpdateSet({ html, updated_at: now }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteSlipTemplate(db: Db, institutionId: string, kind: string): Promise<boolean> {
  const result = await db.deleteFrom('slip_template').where('institution_id', '=', institutionId).where('kind', '=', kind).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
