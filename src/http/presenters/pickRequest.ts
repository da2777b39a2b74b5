import type { PickListRow } from '../../store/pickRequestRepository.js';
import type { PickRequest } from '../../store/schema.js';

/** A pick request on the lending request it belongs to. */
export function presentPick(pick: PickRequest) {
  return {
    id: pick.id,
    status: pick.status,
    barcode: pick.barcode,
    location: pick.location,
    callNumber: pick.call_number,
    createdAt: pick.created_at.toISOString(),
    updatedAt: pick.updated_at.toISOString(),
  };
}

/** A line of the pick list: what to fetch, where from, for which request, waiting how long. */
export function presentPickListRow(row: PickListRow, now: Date) {
  return {
    ...presentPick(row),
    library: row.library_code,
    ageMinutes: Math.max(0, Math.floor((now.getTime() - row.created_at.getTime()) / 60_000)),
    lendingRequest: { id: row.lending_request_id, number: row.lending_number, status: row.lending_status, title: row.title, author: row.author },
  };
}
