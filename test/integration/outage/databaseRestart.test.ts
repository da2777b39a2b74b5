/**
 * PostgreSQL restarted under two running servers (borrower and lender) while loans are in
 * flight: once with `pg_ctl restart -m immediate` (every connection cut, crash recovery), once
 * stopped (`-m fast`) for a few seconds. The servers must stay up, say the database is unreachable while
 * it is, and carry on: every loan completes, every transition is recorded once, the outboxes
 * drain. The cluster is the test's own; the machine's PostgreSQL is never touched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCrashTolerantLoan, type LoanOutcome } from '../../support/crash/staffRobot.js';
import { BORROWER, LENDER, LENDER_CODE, startPartnerServers, type PartnerServers } from '../../support/outage/partnerServers.js';
import { requirePrivatePostgres, startPrivatePostgres, type PrivatePostgres } from '../../support/outage/privatePostgres.js';
import type { RequestView } from '../../../src/cli/apiClient.js';
import { waitFor } from '../../support/waitFor.js';

const available = requirePrivatePostgres('the database-restart test');
/** Robots working at once; each starts loan after loan until told to stop. */
const ROBOTS = 4;
/** Seconds the database stays down in the second outage. */
const DOWNTIME_MS = 4_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Health {
  status: string;
  database: string;
  outbox?: { pending: number; parked: number };
}

async function health(base: string): Promise<{ code: number; body: Health }> {
  // A hung pool would hang here: the bound turns that into a failure instead.
  const response = await fetch(`${base}/health`, { signal: AbortSignal.timeout(20_000) });
  return { code: response.status, body: (await response.json()) as Health };
}

describe.skipIf(!available)('PostgreSQL restarted under running servers', () => {
  let cluster: PrivatePostgres;
  let net: PartnerServers;

  beforeAll(async () => {
    cluster = await startPrivatePostgres();
    net = await startPartnerServers({
      borrower: { databaseUrl: await cluster.createDatabase('borrower') },
      lender: { databaseUrl: await cluster.createDatabase('lender') },
      env: {
        INTERLEND_OUTBOX_BASE_DELAY_MS: '100',
        INTERLEND_OUTBOX_MAX_DELAY_MS: '1000',
        INTERLEND_OUTBOX_MAX_ATTEMPTS: '10000',
        // A claim whose outcome could not be recorded (database gone) is retried after this.
        INTERLEND_OUTBOX_LEASE_MS: '3000',
      },
    });
  }, 180_000);

  afterAll(async () => {
    await net?.close();
    cluster?.destroy();
  }, 120_000);

  it('servers stay up, report the database unreachable while it is down, and every loan in flight completes once', async () => {
    let startNewLoans = true;
    const loans: LoanOutcome[] = [];
    const robots = Array.from({ length: ROBOTS }, async (_, robot) => {
      for (let n = 0; startNewLoans; n++) {
        const loan = { borrower: BORROWER, lender: LENDER, lenderPartnerCode: LENDER_CODE, borrowerApi: net.borrowerApi, lenderApi: net.lenderApi };
        loans.push(await runCrashTolerantLoan({ ...loan, title: `Restart robot ${robot} loan ${n}`, barcode: `R-${robot}-${n}`, deadline: Date.now() + 240_000, pollMs: 100 }));
      }
    });
    const settled = Promise.allSettled(robots);

    await sleep(3_000);
    cluster.restart('immediate');

    await sleep(3_000);
    cluster.stop('fast');
    const whileDown = await Promise.all([health(net.borrowerBase), health(net.lenderBase)]);
    // The API says "try again" (503 + Retry-After), not "we broke" (500), while the database is away.
    const apiWhileDown = await fetch(`${net.borrowerBase}/api/v1/session`, { headers: { authorization: 'Bearer not-a-session' }, signal: AbortSignal.timeout(20_000) });
    await sleep(DOWNTIME_MS);
    const stillDown = await Promise.all([health(net.borrowerBase), health(net.lenderBase)]);
    cluster.start();
    startNewLoans = false;

    for (const { code, body } of [...whileDown, ...stillDown]) {
      expect(code).toBe(503);
      expect(body).toMatchObject({ status: 'unavailable', database: 'unreachable' });
    }
    expect(apiWhileDown.status).toBe(503);
    expect(apiWhileDown.headers.get('retry-after')).toBe('5');
    expect(apiWhileDown.headers.get('content-type')).toContain('application/problem+json');
    const outcomes = await settled;
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    expect(loans.length).toBeGreaterThanOrEqual(ROBOTS);
    // The robots did run into the outages (their calls failed and were taken again).
    expect(loans.reduce((sum, loan) => sum + loan.counts.failedReads + loan.counts.uncertain, 0)).toBeGreaterThan(0);

    // Each transition once, in the order of a plain loan.
    for (const loan of loans) {
      const borrowing = await net.borrowerApi.call<RequestView>('GET', loan.borrowingPath);
      const lending = await net.lenderApi.call<RequestView>('GET', loan.lendingPath);
      expect(borrowing.history.map((h) => h.event)).toEqual([
        'create', 'send', 'supplier:WillSupply', 'supplier:Loaned', 'receive', 'loan-to-patron', 'patron-return', 'return-to-lender', 'supplier:LoanCompleted',
      ]);
      expect(lending.history.map((h) => h.event)).toEqual(['requester:Request', 'will-supply', 'ship', 'requester:Received', 'requester:ShippedReturn', 'check-in']);
      expect(borrowing.messages.map((m) => `${m.direction} ${m.summary}`)).toEqual([
        'out New', 'in RequestResponse WillSupply', 'in StatusChange Loaned', 'out Received', 'out ShippedReturn', 'in StatusChange LoanCompleted',
      ]);
    }

    // Both outboxes drain, nothing parked; the same processes answer (none exited and came back).
    for (const base of [net.borrowerBase, net.lenderBase]) {
      const drained = await waitFor(() => health(base), (h) => h.code === 200 && h.body.outbox?.pending === 0, { what: `${base} outbox to drain`, timeoutMs: 60_000 });
      expect(drained.body).toMatchObject({ status: 'ok', database: 'reachable', outbox: { pending: 0, parked: 0 } });
    }
    const output = net.borrowerOutput() + net.lenderOutput();
    expect(output).not.toMatch(/uncaught|unhandled/i);
    expect(output).toContain('database connection lost');
    // A lost connection is logged as its message, not with pg's whole client attached.
    expect(output).not.toContain('connectionParameters');
  }, 400_000);
});
