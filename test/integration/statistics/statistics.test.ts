/**
 * `GET …/statistics` on known data: requests, rota entries and history events seeded with fixed
 * times, so fill rate and turnaround per partner and period are exact numbers; the current
 * counts by status, overdue loans and holds on the shelf; one institution never sees another's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/store/database.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { bearer, signIn, type Session } from '../../support/auth/accounts.js';
import { availableBackends } from '../../support/databases.js';
import { circulationNetwork, institutionId } from '../circulation/circulationNetwork.js';
import { borrowing, lending, partnerId } from './seedStatistics.js';

const backends = await availableBackends();

const DAY = 86_400_000;
const t = (iso: string) => new Date(iso);

interface Figures {
  period?: string;
  sent?: number;
  received?: number;
  filled: number;
  fillRate: number | null;
  medianTurnaroundDays?: number | null;
  medianDaysToShip?: number | null;
}
interface Series {
  partner: { code: string; name: string };
  totals: Figures;
  periods: Figures[];
}
interface Statistics {
  from: string;
  to: string;
  interval: string;
  periods: string[];
  borrowing: { totals: Figures; partners: Series[] };
  lending: { totals: Figures; partners: Series[] };
  current: {
    borrowingByStatus: { status: string; label: string; count: number }[];
    lendingByStatus: { status: string; label: string; count: number }[];
    openBorrowing: number;
    openLending: number;
    overdueLoans: number;
    holdsOnShelf: number;
  };
}

async function seed(db: Db): Promise<void> {
  const nsu = await institutionId(db, 'NSU');
  const hcplInstitution = await institutionId(db, 'HCPL');
  const hcpl = await partnerId(db, nsu, 'HCPL');
  const lkc = await partnerId(db, nsu, 'LKC');

  // January: HCPL fills both (received after 4 and 10 days); LKC rejects one, which HCPL then ships in February.
  await borrowing(db, nsu, 'completed', [{ partner: hcpl, sentAt: t('2026-01-05T10:00:00Z'), status: 'supplying' }], [
    { to: 'request_sent', at: t('2026-01-05T10:00:00Z') },
    { to: 'shipped_physically', at: t('2026-01-07T10:00:00Z') },
    { to: 'received_physically', at: t('2026-01-09T10:00:00Z') },
    { to: 'completed', at: t('2026-02-20T10:00:00Z') },
  ]);
  const loaned = await borrowing(db, nsu, 'loaned_to_patron', [{ partner: hcpl, sentAt: t('2026-01-20T08:00:00Z'), status: 'supplying' }], [
    { to: 'shipped_physically', at: t('2026-01-25T08:00:00Z') },
    { to: 'received_physically', at: t('2026-01-30T08:00:00Z') },
    { to: 'loaned_to_patron', at: t('2026-01-31T08:00:00Z') },
  ]);
  const shipped = await borrowing(
    db,
    nsu,
    'shipped_physically',
    [
      { partner: lkc, sentAt: t('2026-01-10T09:00:00Z'), status: 'rejected' },
      { partner: hcpl, sentAt: t('2026-02-03T09:00:00Z'), status: 'supplying' },
    ],
    [{ to: 'shipped_physically', at: t('2026-02-05T09:00:00Z') }],
  );
  // Still waiting for HCPL's answer: asked, not filled.
  await borrowing(db, nsu, 'request_sent', [{ partner: hcpl, sentAt: t('2026-02-10T09:00:00Z'), status: 'sent' }], []);
  // Outside the window: before and after.
  await borrowing(db, nsu, 'completed', [{ partner: lkc, sentAt: t('2025-12-20T09:00:00Z'), status: 'supplying' }], [{ to: 'received_physically', at: t('2025-12-27T09:00:00Z') }]);
  await borrowing(db, nsu, 'request_sent', [{ partner: hcpl, sentAt: t('2026-03-02T09:00:00Z'), status: 'sent' }], []);

  // Lending: HCPL asks twice (one shipped after 2.5 days), an agency that is no partner once (shipped digitally after a day).
  await lending(db, nsu, { partner: hcpl, agency: 'US-HCPL' }, 'shipped_physically', t('2026-01-12T00:00:00Z'), { to: 'shipped_physically', at: t('2026-01-14T12:00:00Z') });
  await lending(db, nsu, { partner: hcpl, agency: 'US-HCPL' }, 'will_supply', t('2026-01-15T00:00:00Z'));
  await lending(db, nsu, { partner: null, agency: 'US-XYZ' }, 'completed', t('2026-02-02T00:00:00Z'), { to: 'shipped_digitally', at: t('2026-02-03T00:00:00Z') });

  // Circulation now: one loan overdue, one not yet due, one returned late; one hold on the shelf, one fulfilled.
  const now = Date.now();
  const loan = (request: string, barcode: string, due: number, status: 'active' | 'returned') =>
    db
      .insertInto('loan')
      .values({ institution_id: nsu, item_id: null, item_barcode: barcode, borrowing_request_id: request, patron_barcode: 'P-1', due_date: new Date(due), status, loaned_at: new Date(now - 30 * DAY), returned_at: status === 'returned' ? new Date(now - DAY) : null })
      .execute();
  await loan(loaned, 'TMP-A', now - 3 * DAY, 'active');
  await loan(shipped, 'TMP-B', now + 3 * DAY, 'active');
  await loan(shipped, 'TMP-C', now - 9 * DAY, 'returned');
  const hold = (request: string, status: 'on_shelf' | 'fulfilled') =>
    db
      .insertInto('hold')
      .values({ institution_id: nsu, borrowing_request_id: request, patron_barcode: 'P-1', pickup_location: 'Main Library', status, on_shelf_since: new Date(now - DAY), shelf_expires_at: new Date(now + 6 * DAY), updated_at: new Date(now) })
      .execute();
  await hold(shipped, 'on_shelf');
  await hold(loaned, 'fulfilled');

  // Harbor City's own borrowing from NSU in the same window: never in NSU's figures.
  const nsuAtHarbor = await partnerId(db, hcplInstitution, 'NSU');
  await borrowing(db, hcplInstitution, 'request_sent', [{ partner: nsuAtHarbor, sentAt: t('2026-01-06T09:00:00Z'), status: 'sent' }], []);
}

describe.each(backends)('statistics on %s', (backend) => {
  let server: ApiServer;
  let admin: Session;

  beforeAll(async () => {
    server = await startApiServer(backend, { network: await circulationNetwork({ accounts: true }), seed, background: false });
    admin = await signIn(server.base, 'US-NSU', 'admin');
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  async function get(query: string, session: Session | null = admin, symbol = 'US-NSU'): Promise<{ status: number; body: Statistics & { detail?: string } }> {
    const response = await fetch(`${server.base}/api/v1/institutions/${symbol}/statistics${query}`, { headers: session ? bearer(session) : {} });
    return { status: response.status, body: (await response.json()) as Statistics & { detail?: string } };
  }

  it('computes borrowing fill rate and median turnaround per partner and month', async () => {
    const { status, body } = await get('?from=2026-01-01&to=2026-03-01&interval=month');
    expect(status).toBe(200);
    expect(body.periods).toEqual(['2026-01-01', '2026-02-01']);
    expect(body.interval).toBe('month');
    expect(body.from).toBe('2026-01-01T00:00:00.000Z');
    expect(body.borrowing.totals).toEqual({ sent: 5, filled: 3, fillRate: 0.6, medianTurnaroundDays: 7 });
    const [hcpl, lkc] = body.borrowing.partners;
    expect(hcpl).toEqual({
      partner: { code: 'HCPL', name: 'Harbor City Public Library' },
      totals: { sent: 4, filled: 3, fillRate: 0.75, medianTurnaroundDays: 7 },
      periods: [
        { period: '2026-01-01', sent: 2, filled: 2, fillRate: 1, medianTurnaroundDays: 7 },
        { period: '2026-02-01', sent: 2, filled: 1, fillRate: 0.5, medianTurnaroundDays: null },
      ],
    });
    expect(lkc).toEqual({
      partner: { code: 'LKC', name: 'Lakeside College' },
      totals: { sent: 1, filled: 0, fillRate: 0, medianTurnaroundDays: null },
      periods: [
        { period: '2026-01-01', sent: 1, filled: 0, fillRate: 0, medianTurnaroundDays: null },
        { period: '2026-02-01', sent: 0, filled: 0, fillRate: null, medianTurnaroundDays: null },
      ],
    });
    expect(body.borrowing.partners).toHaveLength(2);
  });

  it('computes lending fill rate and median days to ship per requester, a non-partner by its agency id', async () => {
    const { body } = await get('?from=2026-01-01&to=2026-03-01&interval=month');
    expect(body.lending.totals).toEqual({ received: 3, filled: 2, fillRate: 0.667, medianDaysToShip: 1.8 });
    expect(body.lending.partners).toEqual([
      {
        partner: { code: 'HCPL', name: 'Harbor City Public Library' },
        totals: { received: 2, filled: 1, fillRate: 0.5, medianDaysToShip: 2.5 },
        periods: [
          { period: '2026-01-01', received: 2, filled: 1, fillRate: 0.5, medianDaysToShip: 2.5 },
          { period: '2026-02-01', received: 0, filled: 0, fillRate: null, medianDaysToShip: null },
        ],
      },
      {
        partner: { code: 'US-XYZ', name: 'US-XYZ' },
        totals: { received: 1, filled: 1, fillRate: 1, medianDaysToShip: 1 },
        periods: [
          { period: '2026-01-01', received: 0, filled: 0, fillRate: null, medianDaysToShip: null },
          { period: '2026-02-01', received: 1, filled: 1, fillRate: 1, medianDaysToShip: 1 },
        ],
      },
    ]);
  });

  it('buckets by ISO week (Monday first)', async () => {
    const { body } = await get('?from=2026-01-05&to=2026-01-19&interval=week');
    expect(body.periods).toEqual(['2026-01-05', '2026-01-12']);
    const hcpl = body.borrowing.partners.find((p) => p.partner.code === 'HCPL');
    // Only the request of Monday 5 January falls in these two weeks (the other January one is the 20th).
    expect(hcpl?.periods).toEqual([
      { period: '2026-01-05', sent: 1, filled: 1, fillRate: 1, medianTurnaroundDays: 4 },
      { period: '2026-01-12', sent: 0, filled: 0, fillRate: null, medianTurnaroundDays: null },
    ]);
    expect(body.borrowing.partners.find((p) => p.partner.code === 'LKC')?.periods.map((p) => p.sent)).toEqual([1, 0]);
    expect(body.lending.partners.find((p) => p.partner.code === 'HCPL')?.periods.map((p) => p.received)).toEqual([0, 2]);
  });

  it('counts what is open now by status, overdue loans and holds on the shelf', async () => {
    const { body } = await get('');
    expect(body.interval).toBe('month');
    expect(body.periods).toHaveLength(6);
    expect(body.current.borrowingByStatus).toEqual([
      { status: 'request_sent', label: 'Request sent to partner', count: 2 },
      { status: 'shipped_physically', label: 'Shipped physically', count: 1 },
      { status: 'loaned_to_patron', label: 'Loaned item to patron', count: 1 },
    ]);
    expect(body.current.openBorrowing).toBe(4);
    expect(body.current.lendingByStatus).toEqual([
      { status: 'will_supply', label: 'Will supply', count: 1 },
      { status: 'shipped_physically', label: 'Shipped physically', count: 1 },
    ]);
    expect(body.current.openLending).toBe(2);
    expect(body.current.overdueLoans).toBe(1);
    expect(body.current.holdsOnShelf).toBe(1);
  });

  it('keeps each institution to its own figures', async () => {
    const harbor = await signIn(server.base, 'US-HCPL', 'admin');
    const { body } = await get('?from=2026-01-01&to=2026-03-01', harbor, 'US-HCPL');
    expect(body.borrowing.partners.map((p) => p.partner.code)).toEqual(['NSU']);
    expect(body.borrowing.totals.sent).toBe(1);
    expect(body.lending.totals.received).toBe(0);
    expect(body.current).toMatchObject({ openBorrowing: 1, overdueLoans: 0, holdsOnShelf: 0 });
    // NSU's figures are not Harbor City's to read.
    expect((await get('', harbor, 'US-NSU')).status).toBe(404);
  });

  it('any staff may read them; bad queries are problems; anonymous is 401', async () => {
    const desk = await signIn(server.base, 'US-NSU', 'desk');
    const partners = await signIn(server.base, 'US-NSU', 'partners');
    expect((await get('?interval=week', desk)).status).toBe(200);
    expect((await get('', partners)).status).toBe(200);
    expect((await get('', null)).status).toBe(401);
    const badInterval = await get('?interval=year');
    expect(badInterval.status).toBe(400);
    expect(badInterval.body.detail).toContain('interval');
    const backwards = await get('?from=2026-03-01&to=2026-01-01');
    expect(backwards.status).toBe(400);
    expect(backwards.body.detail).toContain('from must be before to');
    expect((await get('?from=2020-01-01&to=2026-01-01')).status).toBe(400);
  });
});
