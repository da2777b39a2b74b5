import { api, institutionPath } from './client.js';

/** `GET …/statistics`: fill rate and turnaround per partner and period, and what is open now. */

export type Interval = 'week' | 'month';

export interface BorrowingFigures {
  sent: number;
  filled: number;
  fillRate: number | null;
  medianTurnaroundDays: number | null;
}

export interface LendingFigures {
  received: number;
  filled: number;
  fillRate: number | null;
  medianDaysToShip: number | null;
}

export interface PartnerSeries<F> {
  partner: { code: string; name: string };
  totals: F;
  periods: (F & { period: string })[];
}

export interface StatusCount {
  status: string;
  label: string;
  count: number;
}

export interface Statistics {
  from: string;
  to: string;
  interval: Interval;
  periods: string[];
  borrowing: { totals: BorrowingFigures; partners: PartnerSeries<BorrowingFigures>[] };
  lending: { totals: LendingFigures; partners: PartnerSeries<LendingFigures>[] };
  current: {
    borrowingByStatus: StatusCount[];
    lendingByStatus: StatusCount[];
    openBorrowing: number;
    openLending: number;
    overdueLoans: number;
    holdsOnShelf: number;
  };
}

export function statistics(institution: string, interval: Interval): Promise<Statistics> {
  return api<Statistics>('GET', institutionPath(institution, `/statistics?interval=${interval}`));
}
