import { dueDateForLoanPeriod } from '../../../domain/settings/libraryCalendar.js';
import type { Db } from '../../../store/database.js';
import { readSettings } from '../../settings/librarySettings.js';

/** The due date the broker asked for (DesiredDateDue), else the one of our terms of use's loan period; undefined with neither. */
export async function brokerDueDate(db: Db, institutionId: string, desired: Date | undefined, now: Date): Promise<Date | undefined> {
  if (desired) return desired;
  const { loanPeriodDays } = await readSettings(db, institutionId, 'termsOfUse');
  return loanPeriodDays === null ? undefined : dueDateForLoanPeriod(now, loanPeriodDays);
}
