import { calendarDay, patronStanding, type PatronStanding } from '../../domain/circulation/patronStanding.js';
import type { Db } from '../../store/database.js';
import { findPatron } from '../../store/patronRepository.js';

/**
 * Whether the patron with this barcode (a borrowing request's `patronId`) may borrow at `now`.
 * null: the institution's register has no such patron — the caller decides what that means
 * (an institution whose patrons live in its own ILS has none here).
 */
export async function patronStandingFor(db: Db, institutionId: string, barcode: string, now: Date): Promise<PatronStanding | null> {
  const patron = await findPatron(db, institutionId, barcode);
  if (!patron) return null;
  return patronStanding({ active: patron.active, expiresOn: patron.expires_on, blocks: patron.blocks }, calendarDay(now));
}
