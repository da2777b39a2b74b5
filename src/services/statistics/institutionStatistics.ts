import { sql } from 'kysely';
import { borrowingStates } from '../../domain/borrowing/table.js';
import { lendingStates } from '../../domain/lending/table.js';
import type { Db } from '../../store/database.js';
import type { Institution } from '../../store/schema.js';
import type { ServiceContext } from '../context.js';
import {
  borrowingByPartner,
  borrowingTotals,
  lendingByPartner,
  lendingTotals,
  type BorrowingFigures,
  type BorrowingRow,
  type LendingFigures,
  type LendingRow,
  type PartnerSeries,
} from './aggregate.js';
import { periodsBetween, periodStart, type StatisticsInterval } from './periods.js';

/**
 * The dashboard's figures for one institution: per partner and period, how its borrowing
 * requests were filled and how fast (request sent → item received), and how it filled the
 * requests partners sent it (request received → shipped); plus what is open now by status,
 * loans overdue and holds on the shelf. Read-only; every query is scoped to the institution.
 */

export interface StatisticsQuery {
  from?: Date | undefined;
  to?: Date | undefined;
  interval: StatisticsInterval;
}

export interface StatusCount {
  status: string;
  label: string;
  count: number;
}

export interface InstitutionStatistics {
  from: Date;
  to: Date;
  interval: StatisticsInterval;
  periods: string[];
  borrowing: { totals: BorrowingFigures; partners: PartnerSeries<BorrowingFigures>[] };
  lending: { totals: LendingFigures; partners: PartnerSeries<LendingFigures>[] };
  current: {
    borrowingByStatus: StatusCount[];
    lendingByStatus: StatusCount[];
    openBorrowing: number;
    openLending: number;
    /** Patron loans of borrowed items past their due date and not returned. */
    overdueLoans: number;
    /** Received items waiting on the hold shelf. */
    holdsOnShelf: number;
  };
}

/** The default windows: the last 12 weeks, or the last 6 months, up to now. */
const DEFAULT_PERIODS: Record<StatisticsInterval, number> = { week: 12, month: 6 };

const SHIPPED = ['shipped_physically', 'shipped_digitally'];
const RECEIVED = ['received_physically', 'received_digitally'];

function terminal(states: Record<string, { label: string; terminal?: boolean }>): string[] {
  return Object.entries(states).flatMap(([code, state]) => (state.terminal ? [code] : []));
}

function windowOf(query: StatisticsQuery, now: Date): { from: Date; to: Date } {
  const to = query.to ?? now;
  if (query.from) return { from: query.from, to };
  let from = periodStart(to, query.interval);
  for (let i = 1; i < DEFAULT_PERIODS[query.interval]; i++) from = periodStart(new Date(from.getTime() - 1), query.interval);
  return { from, to };
}

export async function institutionStatistics(ctx: ServiceContext, institution: Institution, query: StatisticsQuery): Promise<InstitutionStatistics> {
  const now = ctx.now();
  const { from, to } = windowOf(query, now);
  const periods = periodsBetween(from, to, query.interval);
  const [borrowingRows, lendingRows, current] = await Promise.all([
    readBorrowingRows(ctx.db, institution.id, from, to),
    readLendingRows(ctx.db, institution.id, from, to),
    readCurrent(ctx.db, institution.id, now),
  ]);
  return {
    from,
    to,
    interval: query.interval,
    periods,
    borrowing: { totals: borrowingTotals(borrowingRows), partners: borrowingByPartner(borrowingRows, periods, query.interval) },
    lending: { totals: lendingTotals(lendingRows), partners: lendingByPartner(lendingRows, periods, query.interval) },
    current,
  };
}

/**
 * When a request first entered one of `statuses` (at or after the outer row's `since` column,
 * when given), as a subquery on the outer row's request id column.
 */
function firstEntryInto(db: Db, institutionId: string, kind: 'borrowing' | 'lending', requestIdColumn: string, statuses: readonly string[], sinceColumn?: string) {
  const query = db
    .selectFrom('request_event as ev')
    .select((sub) => sub.fn.min('ev.at').as('at'))
    .where('ev.institution_id', '=', institutionId)
    .where('ev.request_kind', '=', kind)
    .where('ev.request_id', '=', sql.ref<string>(requestIdColumn))
    .where('ev.to_status', 'in', statuses);
  return sinceColumn === undefined ? query : query.where('ev.at', '>=', sql.ref<Date>(sinceColumn));
}

/** One row per rota entry sent in the window: the lender asked, whether it supplied, when the item came in. */
async function readBorrowingRows(db: Db, institutionId: string, from: Date, to: Date): Promise<BorrowingRow[]> {
  const rows = await db
    .selectFrom('rota_entry as e')
    .innerJoin('partner as p', (join) => join.onRef('p.id', '=', 'e.partner_id').onRef('p.institution_id', '=', 'e.institution_id'))
    .select([
      'p.code',
      'p.name',
      'e.sent_at',
      'e.status',
      firstEntryInto(db, institutionId, 'borrowing', 'e.borrowing_request_id', SHIPPED, 'e.sent_at').as('shipped_at'),
      firstEntryInto(db, institutionId, 'borrowing', 'e.borrowing_request_id', RECEIVED, 'e.sent_at').as('received_at'),
    ])
    .where('e.institution_id', '=', institutionId)
    .where('e.sent_at', '>=', from)
    .where('e.sent_at', '<', to)
    .execute();
  return rows.flatMap((row) => {
    if (!row.sent_at) return [];
    // The lender that supplied is the entry left `supplying`; one that shipped or whose item we received filled it.
    const filled = row.status === 'supplying' && (row.shipped_at !== null || row.received_at !== null);
    return [{ partner: { code: row.code, name: row.name }, sentAt: row.sent_at, filled, receivedAt: filled ? asDate(row.received_at) : null }];
  });
}

/** One row per lending request received in the window: from which partner, and when we shipped it. */
async function readLendingRows(db: Db, institutionId: string, from: Date, to: Date): Promise<LendingRow[]> {
  const rows = await db
    .selectFrom('lending_request as r')
    .leftJoin('partner as p', (join) => join.onRef('p.id', '=', 'r.partner_id').onRef('p.institution_id', '=', 'r.institution_id'))
    .select([
      'p.code',
      'p.name',
      'r.requesting_agency_id_value',
      'r.created_at',
      firstEntryInto(db, institutionId, 'lending', 'r.id', SHIPPED).as('shipped_at'),
    ])
    .where('r.institution_id', '=', institutionId)
    .where('r.created_at', '>=', from)
    .where('r.created_at', '<', to)
    .execute();
  return rows.map((row) => ({
    // A requester that is not (yet) a partner is known by its agency id.
    partner: { code: row.code ?? row.requesting_agency_id_value, name: row.name ?? row.requesting_agency_id_value },
    receivedAt: row.created_at,
    shippedAt: asDate(row.shipped_at),
  }));
}

async function readCurrent(db: Db, institutionId: string, now: Date): Promise<InstitutionStatistics['current']> {
  const [borrowing, lending, overdue, holds] = await Promise.all([
    db
      .selectFrom('borrowing_request')
      .select(['status', (eb) => eb.fn.countAll<string>().as('count')])
      .where('institution_id', '=', institutionId)
      .where('status', 'not in', terminal(borrowingStates))
      .groupBy('status')
      .execute(),
    db
      .selectFrom('lending_request')
      .select(['status', (eb) => eb.fn.countAll<string>().as('count')])
      .where('institution_id', '=', institutionId)
      .where('status', 'not in', terminal(lendingStates))
      .groupBy('status')
      .execute(),
    db
      .selectFrom('loan')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('institution_id', '=', institutionId)
      .where('status', '=', 'active')
      .where('due_date', '<', now)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('hold')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('institution_id', '=', institutionId)
      .where('status', '=', 'on_shelf')
      .executeTakeFirstOrThrow(),
  ]);
  const byStatus = (rows: { status: string; count: string | number }[], states: Record<string, { label: string }>): StatusCount[] => {
    // In the order of the state table: the order a request goes through.
    const order = Object.keys(states);
    return rows
      .map((row) => ({ status: row.status, label: states[row.status]?.label ?? row.status, count: Number(row.count) }))
      .sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
  };
  const borrowingByStatus = byStatus(borrowing, borrowingStates);
  const lendingByStatus = byStatus(lending, lendingStates);
  const sum = (counts: StatusCount[]) => counts.reduce((total, c) => total + c.count, 0);
  return {
    borrowingByStatus,
    lendingByStatus,
    openBorrowing: sum(borrowingByStatus),
    openLending: sum(lendingByStatus),
    overdueLoans: Number(overdue.count),
    holdsOnShelf: Number(holds.count),
  };
}

/** min() over a timestamp comes back as a Date from pg and PGlite alike; be lenient with strings. */
function asDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  return typeof value === 'string' || typeof value === 'number' ? new Date(value) : null;
}
