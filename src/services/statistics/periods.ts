/**
 * Periods of the statistics: calendar weeks (Monday to Sunday) or months, in UTC. Pure: the
 * service buckets rows with these and lists every period of the window, empty ones too.
 */

export type StatisticsInterval = 'week' | 'month';

const DAY_MS = 86_400_000;

/** The first instant (UTC) of the period `at` falls in. */
export function periodStart(at: Date, interval: StatisticsInterval): Date {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  if (interval === 'month') return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  // getUTCDay: Sunday 0 … Saturday 6; weeks start on Monday (ISO 8601).
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY_MS);
}

/** The first instant of the next period. */
export function nextPeriod(start: Date, interval: StatisticsInterval): Date {
  if (interval === 'month') return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  return new Date(start.getTime() + 7 * DAY_MS);
}

/** The period's key: its first day, `YYYY-MM-DD`. */
export function periodKey(at: Date, interval: StatisticsInterval): string {
  return periodStart(at, interval).toISOString().slice(0, 10);
}

/** Every period touching [from, to), oldest first. */
export function periodsBetween(from: Date, to: Date, interval: StatisticsInterval, max = 200): string[] {
  const keys: string[] = [];
  for (let start = periodStart(from, interval); start.getTime() < to.getTime() && keys.length < max; start = nextPeriod(start, interval)) {
    keys.push(start.toISOString().slice(0, 10));
  }
  return keys;
}

/** The median of the values (the mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Whole and fractional days between two instants, to one decimal. */
export function daysBetween(from: Date, to: Date): number {
  return Math.round(((to.getTime() - from.getTime()) / DAY_MS) * 10) / 10;
}
