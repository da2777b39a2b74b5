import type { ChartSeries } from '../../components/charts/types.js';
import type { Interval, Statistics } from '../../api/statistics.js';

/** Turning the statistics into chart series (pure, no DOM). */

export type Side = 'borrowing' | 'lending';

/** A period's short label: "Jan 2026" for months, "5 Jan" for the Monday of a week. */
export function periodLabel(period: string, interval: Interval): string {
  const date = new Date(`${period}T00:00:00Z`);
  return interval === 'month'
    ? date.toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' })
    : date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** At most this many partners in a chart (the busiest); the rest are in the totals. */
export const MAX_PARTNERS = 6;

export function fillRateSeries(statistics: Statistics, side: Side): ChartSeries[] {
  const partners = side === 'borrowing' ? statistics.borrowing.partners : statistics.lending.partners;
  return partners.slice(0, MAX_PARTNERS).map((p) => ({ name: p.partner.name, values: p.periods.map((period) => period.fillRate) }));
}

export function turnaroundSeries(statistics: Statistics, side: Side): ChartSeries[] {
  if (side === 'borrowing') {
    return statistics.borrowing.partners.slice(0, MAX_PARTNERS).map((p) => ({ name: p.partner.name, values: p.periods.map((period) => period.medianTurnaroundDays) }));
  }
  return statistics.lending.partners.slice(0, MAX_PARTNERS).map((p) => ({ name: p.partner.name, values: p.periods.map((period) => period.medianDaysToShip) }));
}
