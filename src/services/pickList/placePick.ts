import type { Db } from '../../store/database.js';
import type { CatalogueItem } from '../../store/catalogueRepository.js';
import { insertPickRequest } from '../../store/pickRequestRepository.js';
import type { LendingRequest } from '../../store/schema.js';

/** A pick request (local move) for the copy to fetch from the shelf for a lending request; the pick slip prints from it. */
export async function placePick(trx: Db, request: Pick<LendingRequest, 'id' | 'institution_id'>, item: CatalogueItem, now: Date): Promise<void> {
  await insertPickRequest(
    trx,
    {
      institutionId: request.institution_id,
      lendingRequestId: request.id,
      itemId: item.itemId,
      barcode: item.barcode,
      libraryId: item.libraryId,
      location: item.location,
      callNumber: item.callNumber,
    },
    now,
  );
}
