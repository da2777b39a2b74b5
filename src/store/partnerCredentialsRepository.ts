import { sql, type Insertable } from 'kysely';
import type { Db } from './database.js';
import type { Partner, PartnerCredentials, PartnerCredentialsTable } from './schema.js';

export type PartnerCredentialsValues = Omit<Insertable<PartnerCredentialsTable>, 'partner_id' | 'institution_id' | 'updated_at'>;

/** Replaces a partner's credentials; `undefined` removes them. */
export async function savePartnerCredentials(db: Db, partner: Pick<Partner, 'id' | 'institution_id'>, values: PartnerCredentialsValues | undefined): Promise<void> {
  if (!values) {
    await db.deleteFrom('partner_credentials').where('partner_id', '=', partner.id).execute();
    return;
  }
  const row = { ...values, partner_id: partner.id, institution_id: partner.institution_id, updated_at: sql<Date>`now()` };
  const { partner_id: _partner, institution_id: _institution, ...changes } = row;
  await db
    .insertInto('partner_credentials')
    .values(row)
    .onConflict((oc) => oc.column('partner_id').doUpdateSet(changes))
    .execute();
}

export async function findPartnerCredentials(db: Db, partnerId: string): Promise<PartnerCredentials | undefined> {
  return db.selectFrom('partner_credentials').selectAll().where('partner_id', '=', partnerId).executeTakeFirst();
}
