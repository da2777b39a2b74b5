import { daysBetween, median, periodKey, type StatisticsInterval } from './periods.js';

/**
 * Statistics per partner and period from one row per request asked (borrowing: a rota entry
 * sent to a partner; lending: a request a partner sent us). Pure, so the arithmetic is tested
 * on its own; the service reads the rows.
 */

export interface PartnerRef {
  code: string;
  name: string;
}

/** A rota entry sent to a lender: filled when that lender shipped or supplied it. */
export interface BorrowingRow {
  partner: PartnerRef;
  sentAt: Date;
  filled: boolean;
  /** When we received the item (physically or digitally) from this lender; null: not (yet). */
  receivedAt: Date | null;
}

/** A request a borrower sent us: filled when we shipped it (physically or digitally). */
export interface LendingRow {
  partner: PartnerRef;
  receivedAt: Date;
  shippedAt: Date | null;
}

export interface BorrowingFigures {
  sent: number;
  filled: number;
  /** filled / sent, 0…1; null when nothing was sent. */
  fillRate: number | null;
  /** Median days from sending the request to receiving the item; null when nothing was received. */
  medianTurnaroundDays: number | null;
}

export interface LendingFigures {
  received: number;
  filled: number;
  fillRate: number | null;
  /** Median days from receiving the request to shipping; null when nothing was shipped. */
  medianDaysToShip: number | null;
}

export interface PartnerSeries<F> {
  partner: PartnerRef;
  totals: F;
  /** One entry per period of the window, in order (empty periods count zero). */
  periods: (F & { period: string })[];
}

/** Days to one decimal, like the inputs. */
const oneDecimal = (days: number | null): number | null => (days === null ? null : Math.round(days * 10) / 10);
const rate = (filled: number, asked: number): number | null => (asked === 0 ? null : Math.round((filled / asked) * 1000) / 1000);

function borrowingFigures(rows: readonly BorrowingRow[]): BorrowingFigures {
  const filled = rows.filter((row) => row.filled).length;
  const turnaround = rows.flatMap((row) => (row.filled && row.receivedAt ? [daysBetween(row.sentAt, row.receivedAt)] : []));
  return { sent: rows.length, filled, fillRate: rate(filled, rows.length), medianTurnaroundDays: oneDecimal(median(turnaround)) };
}

function lendingFigures(rows: readonly LendingRow[]): LendingFigures {
  const shipped = rows.flatMap((row) => (row.shippedAt ? [daysBetween(row.receivedAt, row.shippedAt)] : []));
  return { received: rows.length, filled: shipped.length, fillRate: rate(shipped.length, rows.length), medianDaysToShip: oneDecimal(median(shipped)) };
}

function byPartnerAndPeriod<R extends { partner: PartnerRef }, F>(
  rows: readonly R[],
  periods: readonly string[],
  interval: StatisticsInterval,
  at: (row: R) => Date,
  figures: (rows: readonly R[]) => F,
): PartnerSeries<F>[] {
  const partners = new Map<string, { partner: PartnerRef; rows: R[] }>();
  for (const row of rows) {
    const entry = partners.get(row.partner.code) ?? { partner: row.partner, rows: [] };
    entry.rows.push(row);
    partners.set(row.partner.code, entry);
  }
  return [...partners.values()]
    .sort((a, b) => b.rows.length - a.rows.length || a.partner.code.localeCompare(b.partner.code))
    .map(({ partner, rows: mine }) => ({
      partner,
      totals: figures(mine),
      periods: periods.map((period) => ({ period, ...figures(mine.filter((row) => periodKey(at(row), interval) === period)) })),
    }));
}

export function borrowingByPartner(rows: readonly BorrowingRow[], periods: readonly string[], interval: StatisticsInterval): PartnerSeries<BorrowingFigures>[] {
  return byPartnerAndPeriod(rows, periods, interval, (row) => row.sentAt, borrowingFigures);
}

export function lendingByPartner(rows: readonly LendingRow[], periods: readonly string[], interval: StatisticsInterval): PartnerSeries<LendingFigures>[] {
  return byPartnerAndPeriod(rows, periods, interval, (row) => row.receivedAt, lendingFigures);
}

export function borrowingTotals(rows: readonly BorrowingRow[]): BorrowingFigures {
  return borrowingFigures(rows);
}

export function lendingTotals(rows: readonly LendingRow[]): LendingFigures {
  return lendingFigures(rows);
}
