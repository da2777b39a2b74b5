import { findHold, findLatestLoan, findTemporaryItem } from '../../store/circulationRepository.js';
import type { Db } from '../../store/database.js';
import type { Hold, Item, Loan } from '../../store/schema.js';

/** What the built-in circulation holds for one borrowing request: its temporary item, hold and (latest) loan. */
export interface RequestCirculation {
  item: Item | undefined;
  hold: Hold | undefined;
  loan: Loan | undefined;
}

export async function requestCirculation(db: Db, institutionId: string, requestId: string): Promise<RequestCirculation> {
  const [item, hold, loan] = await Promise.all([
    findTemporaryItem(db, institutionId, requestId),
    findHold(db, institutionId, requestId),
    findLatestLoan(db, institutionId, requestId),
  ]);
  return { item, hold, loan };
}
