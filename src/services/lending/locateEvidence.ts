import type { Db } from '../../store/database.js';
import type { LocateResult } from '../../store/schema.js';

/** What every lending locate of a request searched and found, oldest first: shown on the request. */
export async function lendingLocateEvidence(db: Db, institutionId: string, requestId: string): Promise<LocateResult[]> {
  return db
    .selectFrom('locate_result')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .where('request_kind', '=', 'lending')
    .where('request_id', '=', requestId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}
