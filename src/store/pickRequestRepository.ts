import type { Db } from './database.js';
import type { PickRequest } from './schema.js';

export type PickStatus = PickRequest['status'];

export interface NewPick {
  institutionId: string;
  lendingRequestId: string;
  itemId: string | null;
  barcode: string;
  libraryId: string | null;
  location: string | null;
  callNumber: string | null;
}

/** A pick request as the pick list shows it: with its lending request and library. */
export interface PickListRow extends PickRequest {
  library_code: string | null;
  lending_number: string;
  lending_status: string;
  title: string | null;
  author: string | null;
}

export async function insertPickRequest(db: Db, pick: NewPick, now: Date): Promise<PickRequest> {
  return db
    .insertInto('pick_request')
    .values({
      institution_id: pick.institutionId,
      lending_request_id: pick.lendingRequestId,
      item_id: pick.itemId,
      barcode: pick.barcode,
      library_id: pick.libraryId,
      location: pick.location,
      call_number: pick.callNumber,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

function listQuery(db: Db, institutionId: string) {
  return db
    .selectFrom('pick_request')
    .innerJoin('lending_request', (join) =>
      join.onRef('lending_request.id', '=', 'pick_request.lending_request_id').onRef('lending_request.institution_id', '=', 'pick_request.institution_id'),
    )
    .leftJoin('library', 'library.id', 'pick_request.library_id')
    .selectAll('pick_request')
    .select([
      'library.code as library_code',
      'lending_request.supplying_agency_request_id as lending_number',
      'lending_request.status as lending_status',
      'lending_request.title',
      'lending_request.author',
    ])
    .where('pick_request.institution_id', '=', institutionId);
}

/** Oldest first: the shelf round starts with what has waited longest. `libraryIds` narrows to those libraries (and picks without one). */
export async function listPickRequests(
  db: Db,
  institutionId: string,
  filter: { status?: PickStatus | undefined; libraryId?: string | undefined; libraryIds?: readonly string[] | undefined; limit: number },
): Promise<PickListRow[]> {
  let query = listQuery(db, institutionId);
  if (filter.status) query = query.where('pick_request.status', '=', filter.status);
  if (filter.libraryId) query = query.where('pick_request.library_id', '=', filter.libraryId);
  if (filter.libraryIds) {
    const ids = [...filter.libraryIds];
    query = query.where((eb) => (ids.length > 0 ? eb.or([eb('pick_request.library_id', 'is', null), eb('pick_request.library_id', 'in', ids)]) : eb('pick_request.library_id', 'is', null)));
  }
  return query.orderBy('pick_request.created_at').orderBy('pick_request.id').limit(filter.limit).execute();
}

export async function findPickListRow(db: Db, institutionId: string, id: string): Promise<PickListRow | undefined> {
  return listQuery(db, institutionId).where('pick_request.id', '=', id).executeTakeFirst();
}

export async function findPickRequest(db: Db, institutionId: string, id: string, options: { lock?: boolean } = {}): Promise<PickRequest | undefined> {
  let query = db.selectFrom('pick_request').selectAll().where('institution_id', '=', institutionId).where('id', '=', id);
  if (options.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function setPickStatus(db: Db, institutionId: string, id: string, status: PickStatus, now: Date): Promise<PickRequest> {
  return db
    .updateTable('pick_request')
    .set({ status, updated_at: now })
    .where('institution_id', '=', institutionId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Closes the open picks of a lending request that ended; answers how many. */
export async function cancelOpenPicks(db: Db, institutionId: string, lendingRequestId: string, now: Date): Promise<number> {
  const rows = await db
    .updateTable('pick_request')
    .set({ status: 'cancelled', updated_at: now })
    .where('institution_id', '=', institutionId)
    .where('lending_request_id', '=', lendingRequestId)
    .where('status', '=', 'open')
    .returning('id')
    .execute();
  return rows.length;
}

export async function picksOfLendingRequest(db: Db, institutionId: string, lendingRequestId: string): Promise<PickRequest[]> {
  return db
    .selectFrom('pick_request')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .where('lending_request_id', '=', lendingRequestId)
    .orderBy('created_at')
    .execute();
}

/** Which of these items an open pick request already claims. */
export async function itemsOnPickList(db: Db, institutionId: string, itemIds: readonly string[]): Promise<Set<string>> {
  if (itemIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('pick_request')
    .select('item_id')
    .where('institution_id', '=', institutionId)
    .where('status', '=', 'open')
    .where('item_id', 'in', [...itemIds])
    .execute();
  return new Set(rows.flatMap((row) => (row.item_id ? [row.item_id] : [])));
}
