import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backoffBoundsMs, backoffDelaySql, decideOutcome, DEFAULT_OUTBOX_POLICY, resolvePolicy } from '../../../src/outbox/policy.js';
import { openDatabase, type OpenDatabase } from '../../../src/store/database.js';

describe('outbox policy', () => {
  it('has the documented defaults', () => {
    expect(resolvePolicy()).toEqual({ maxAttempts: 40, baseDelayMs: 1000, maxDelayMs: 3_600_000, leaseMs: 30_000, batchSize: 10, pollIntervalMs: 500 });
    expect(resolvePolicy({ batchSize: 3, leaseMs: undefined })).toEqual({ ...DEFAULT_OUTBOX_POLICY, batchSize: 3 });
  });

  it('refuses values that would break the worker', () => {
    expect(() => resolvePolicy({ maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => resolvePolicy({ batchSize: 1.5 })).toThrow(/batchSize/);
    expect(() => resolvePolicy({ pollIntervalMs: -1 })).toThrow(/pollIntervalMs/);
    expect(() => resolvePolicy({ baseDelayMs: Number.NaN })).toThrow(/baseDelayMs/);
    expect(() => resolvePolicy({ baseDelayMs: 10, maxDelayMs: 5 })).toThrow(/maxDelayMs/);
  });
});

describe('backoffBoundsMs', () => {
  const policy = { baseDelayMs: 1000, maxDelayMs: 10_000 };

  it('doubles from [base/2, base) and stops at maxDelay', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffBoundsMs(n, policy))).toEqual([
      { min: 500, max: 1000 },
      { min: 1000, max: 2000 },
      { min: 2000, max: 4000 },
      { min: 4000, max: 8000 },
      { min: 5000, max: 10_000 },
      { min: 5000, max: 10_000 },
    ]);
  });

  it('never lets a later window start before an earlier one ends (uncapped) and never exceeds maxDelay', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 10_000_000 }), (attempts, base, extra) => {
        const p = { baseDelayMs: base, maxDelayMs: base + extra };
        const now = backoffBoundsMs(attempts, p);
        const next = backoffBoundsMs(attempts + 1, p);
        expect(now.max).toBeLessThanOrEqual(p.maxDelayMs);
        expect(now.min).toBe(now.max / 2);
        expect(next.min).toBeGreaterThanOrEqual(now.min);
        if (next.max < p.maxDelayMs) expect(next.min).toBe(now.max);
      }),
    );
  });
});

describe('backoffDelaySql (computed by the database)', () => {
  let database: OpenDatabase;
  beforeAll(async () => {
    database = openDatabase({ dataDir: 'memory://' });
    await sql`select 1`.execute(database.db); // PGlite starts up here, not in the test
  }, 60_000);
  afterAll(() => database.close());

  it('lies within backoffBoundsMs for every attempt, including huge attempt counts', async () => {
    const policy = { baseDelayMs: 250, maxDelayMs: 60_000 };
    for (const attempts of [1, 2, 3, 5, 8, 9, 50, 5000]) {
      const { rows } = await sql<{ ms: number }>`
        select (extract(epoch from ${backoffDelaySql(policy)}) * 1000)::double precision as ms
          from generate_series(1, 200), (values (${attempts}::int)) as t(attempts)`.execute(database.db);
      const { min, max } = backoffBoundsMs(attempts, policy);
      const values = rows.map((r) => r.ms);
      expect(Math.min(...values)).toBeGreaterThanOrEqual(min - 0.001);
      expect(Math.max(...values)).toBeLessThan(max + 0.001);
      // Jitter: 200 draws are not all the same.
      expect(new Set(values).size).toBeGreaterThan(1);
    }
  }, 30_000);
});

describe('decideOutcome', () => {
  it('delivers an accepted answer', () => {
    expect(decideOutcome({ kind: 'answered', confirmation: '<c/>', accepted: true }, 1, 8)).toEqual({ status: 'delivered', confirmation: '<c/>' });
  });

  it('parks an ERROR confirmation at once, keeping the confirmation', () => {
    expect(decideOutcome({ kind: 'answered', confirmation: '<e/>', accepted: false, error: 'UnsupportedActionType: x' }, 1, 8)).toEqual({
      status: 'parked',
      reason: 'partner answered ERROR: UnsupportedActionType: x',
      confirmation: '<e/>',
    });
  });

  it('parks a non-retryable failure at once', () => {
    expect(decideOutcome({ kind: 'failed', error: 'HTTP 404', retryable: false }, 1, 8)).toMatchObject({ status: 'parked' });
  });

  it('retries a retryable failure until the last allowed attempt, then parks saying why', () => {
    const failure = { kind: 'failed', error: 'HTTP 503', retryable: true } as const;
    expect(decideOutcome(failure, 7, 8)).toEqual({ status: 'retry', error: 'HTTP 503' });
    expect(decideOutcome(failure, 8, 8)).toEqual({ status: 'parked', reason: 'gave up after 8 attempts; last error: HTTP 503' });
  });
});
