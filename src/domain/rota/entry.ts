/**
 * Rota entries: which partner of a borrowing request's rota is next.
 *
 * A rota is the ordered list of partners a borrowing request may be sent to. Each entry has a
 * status; only `pending` entries are still to be tried. The entry the current lender holds is
 * `sent` (or `supplying` once the lender committed), so it never counts as "next": the
 * borrowing table's `hasNextPartner` fact means "someone *else* is left to ask".
 */

/** Where one rota entry stands. Kept identical to the stored column (store/schema.ts). */
export const ROTA_ENTRY_STATUSES = ['pending', 'sent', 'rejected', 'cancelled', 'expired', 'supplying'] as const;
export type RotaEntryStatus = (typeof ROTA_ENTRY_STATUSES)[number];

/** What `nextPendingEntry` needs to know about an entry; callers may pass richer rows. */
export interface RotaEntryState {
  /** Order in the rota; lower is asked first. */
  position: number;
  status: RotaEntryStatus;
  /** The partner's status now: an inactive partner is never sent to, even when its entry is pending. */
  partnerActive: boolean;
}

/**
 * The entry the request would be sent to next: the lowest-position `pending` entry whose partner
 * is active, or undefined when the rota is exhausted. Ties on position (which a well-formed rota
 * never has) go to the entry listed first. The input is not reordered or changed.
 */
export function nextPendingEntry<T extends RotaEntryState>(entries: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const entry of entries) {
    if (entry.status !== 'pending' || !entry.partnerActive) continue;
    if (best === undefined || entry.position < best.position) best = entry;
  }
  return best;
}

/** The borrowing table's `hasNextPartner` fact. */
export function hasNextPartner(entries: readonly RotaEntryState[]): boolean {
  return nextPendingEntry(entries) !== undefined;
}
