import { sql } from 'kysely';
import type { Db } from './database.js';
import type { DirectoryEntry, DirectoryEntryTable, DirectorySubscription } from './schema.js';
import type { Insertable } from 'kysely';

export interface DirectoryFilter {
  /** Words in the name or a symbol (case-insensitive). */
  q?: string | undefined;
  /** `TYPE:VALUE`, exact. */
  symbol?: string | undefined;
  service?: 'loan' | 'copy' | undefined;
}

/**
 * The entries an institution may see: every published entry of this deployment, its own entry
 * (published or not), and the entries of its own subscriptions.
 */
export async function searchDirectory(db: Db, institutionId: string, filter: DirectoryFilter, limit = 200): Promise<DirectoryEntry[]> {
  let query = db
    .selectFrom('directory_entry')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('subscription_id', 'is', null), eb.or([eb('publish', '=', true), eb('institution_id', '=', institutionId)])]),
        eb('subscription_id', 'in', eb.selectFrom('directory_subscription').select('id').where('institution_id', '=', institutionId)),
      ]),
    );
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('name', 'ilike', pattern), eb(sql<string>`symbols::text`, 'ilike', pattern)]));
  }
  if (filter.symbol) query = query.where(sql<boolean>`symbols @> ${JSON.stringify([filter.symbol])}::jsonb`);
  if (filter.service) query = query.where(sql<boolean>`lending_policies -> 'services' @> ${JSON.stringify([filter.service])}::jsonb`);
  return query.orderBy('name').orderBy('id').limit(limit).execute();
}

/** One entry, if the institution may see it (the same rule as searchDirectory). */
export async function findVisibleEntry(db: Db, institutionId: string, id: string): Promise<DirectoryEntry | undefined> {
  const rows = await db
    .selectFrom('directory_entry')
    .selectAll()
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb.and([eb('subscription_id', 'is', null), eb.or([eb('publish', '=', true), eb('institution_id', '=', institutionId)])]),
        eb('subscription_id', 'in', eb.selectFrom('directory_subscription').select('id').where('institution_id', '=', institutionId)),
      ]),
    )
    .execute();
  return rows[0];
}

export async function findOwnEntry(db: Db, institutionId: string): Promise<DirectoryEntry | undefined> {
  return db.selectFrom('directory_entry').selectAll().where('institution_id', '=', institutionId).where('subscription_id', 'is', null).executeTakeFirst();
}

type EntryValues = Omit<Insertable<DirectoryEntryTable>, 'id' | 'institution_id' | 'subscription_id' | 'external_id'>;

export async function upsertOwnEntry(db: Db, institutionId: string, externalId: string, values: EntryValues): Promise<DirectoryEntry> {
  const existing = await findOwnEntry(db, institutionId);
  if (existing) return db.updateTable('directory_entry').set({ ...values, external_id: externalId }).where('id', '=', existing.id).returningAll().executeTakeFirstOrThrow();
  return db
    .insertInto('directory_entry')
    .values({ ...values, institution_id: institutionId, subscription_id: null, external_id: externalId })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The entries of the public feed: published entries of this deployment's institutions, never learnt ones. */
export async function listPublishedEntries(db: Db): Promise<(DirectoryEntry & { code: string })[]> {
  return db
    .selectFrom('directory_entry as e')
    .innerJoin('institution as i', 'i.id', 'e.institution_id')
    .selectAll('e')
    .select('i.code')
    .where('e.subscription_id', 'is', null)
    .where('e.publish', '=', true)
    .orderBy('i.code')
    .execute();
}

export async function listSubscriptions(db: Db, institutionId: string): Promise<DirectorySubscription[]> {
  return db.selectFrom('directory_subscription').selectAll().where('institution_id', '=', institutionId).orderBy('created_at').orderBy('id').execute();
}

export async function findSubscription(db: Db, institutionId: string, id: string): Promise<DirectorySubscription | undefined> {
  return db.selectFrom('directory_subscription').selectAll().where('institution_id', '=', institutionId).where('id', '=', id).executeTakeFirst();
}

export async function listAllSubscriptions(db: Db): Promise<DirectorySubscription[]> {
  return db.selectFrom('directory_subscription').selectAll().orderBy('id').execute();
}
