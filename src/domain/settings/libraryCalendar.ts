/** A period a library closes for borrowing or lending: both days included (UTC); no `until` = until further notice. */
export interface InactivePeriod {
  from: string;
  until?: string | undefined;
}

/** Whether `now` falls in the period. Days are compared as `YYYY-MM-DD` text, which orders like the dates. */
export function isInactive(period: InactivePeriod | null | undefined, now: Date): boolean {
  if (!period) return false;
  const today = now.toISOString().slice(0, 10);
  return period.from <= today && (period.until === undefined || today <= period.until);
}

/** "until 2026-08-31", or "until further notice". */
export function untilText(period: InactivePeriod): string {
  return period.until ? `until ${period.until}` : 'until further notice';
}

/** The lender's due date for a loan shipped `now` under a loan period of `days`. */
export function dueDateForLoanPeriod(now: Date, days: number): Date {
  return new Date(now.getTime() + days * 24 * 60 * 60 * 1000);
}
