/**
 * Pure parts of the outbox worker: policy defaults, the retry backoff and how a delivery
 * result becomes an outcome. No I/O here; worker.ts applies them in SQL.
 */
import { sql, type RawBuilder } from 'kysely';
import type { DeliveryResult } from './transport.js';

export interface OutboxPolicy {
  /** Failed attempts after which a retryable failure is parked. */
  maxAttempts: number;
  /** Backoff before the 2nd attempt (upper bound; see backoffBoundsMs). */
  baseDelayMs: number;
  /** Upper bound of any backoff. */
  maxDelayMs: number;
  /** How long a claim holds a message; after it another worker may claim it again. */
  leaseMs: number;
  /** Messages claimed per runOnce (at most one per request). */
  batchSize: number;
  /** Sleep of the idle loop between polls (notify() cuts it short). */
  pollIntervalMs: number;
}

/**
 * 40 attempts doubling from 1 s to the 1 h cap span about a day (14 to 28 h with the jitter):
 * a partner down overnight for maintenance gets its messages when it is back, without staff.
 */
export const DEFAULT_OUTBOX_POLICY: Readonly<OutboxPolicy> = Object.freeze({
  maxAttempts: 40,
  baseDelayMs: 1000,
  maxDelayMs: 60 * 60 * 1000,
  leaseMs: 30_000,
  batchSize: 10,
  pollIntervalMs: 500,
});

/** Defaults filled in and every value checked (a typo must not turn into a busy loop). */
export function resolvePolicy(overrides: Partial<OutboxPolicy> = {}): OutboxPolicy {
  const policy: OutboxPolicy = { ...DEFAULT_OUTBOX_POLICY };
  for (const [name, value] of Object.entries(overrides) as [keyof OutboxPolicy, number | undefined][]) {
    if (value !== undefined) policy[name] = value;
  }
  const positiveIntegers: (keyof OutboxPolicy)[] = ['maxAttempts', 'batchSize', 'leaseMs'];
  for (const name of positiveIntegers) {
    if (!Number.isInteger(policy[name]) || policy[name] < 1) throw new RangeError(`outbox policy: ${name} must be a positive integer, not ${policy[name]}`);
  }
  const nonNegative: (keyof OutboxPolicy)[] = ['baseDelayMs', 'maxDelayMs', 'pollIntervalMs'];
  for (const name of nonNegative) {
    if (!Number.isFinite(policy[name]) || policy[name] < 0) throw new RangeError(`outbox policy: ${name} must be a finite number >= 0, not ${policy[name]}`);
  }
  if (policy.maxDelayMs < policy.baseDelayMs) throw new RangeError('outbox policy: maxDelayMs must be >= baseDelayMs');
  return policy;
}

/**
 * The backoff after the `attempts`-th failed attempt (attempts >= 1), in milliseconds:
 *
 *     delay = least(maxDelayMs, baseDelayMs * 2^(attempts - 1)) * (0.5 + random() / 2)
 *
 * so it lies in [cap / 2, cap) with cap = least(maxDelayMs, baseDelayMs * 2^(attempts - 1)).
 * The jitter spreads out retries of messages that failed together (a partner coming back
 * up); the window of attempt n+1 starts where the window of attempt n ends, so waits never
 * shrink. This mirror documents and tests what backoffDelaySql computes in the database.
 */
export function backoffBoundsMs(attempts: number, policy: Pick<OutboxPolicy, 'baseDelayMs' | 'maxDelayMs'>): { min: number; max: number } {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return { min: cap / 2, max: cap };
}

/**
 * backoffBoundsMs in SQL with the jitter drawn by the database, as an interval, for
 * `next_attempt_at = now() + <this>`. `attempts` is the row's column, which the claim has
 * already incremented: it counts the attempt that just failed. The exponent is capped so
 * power() cannot overflow whatever maxAttempts is.
 */
export function backoffDelaySql(policy: Pick<OutboxPolicy, 'baseDelayMs' | 'maxDelayMs'>): RawBuilder<unknown> {
  return sql`(least(${policy.maxDelayMs}::double precision,
      ${policy.baseDelayMs}::double precision * power(2::double precision, least(greatest(attempts - 1, 0), 60)))
    * (0.5 + random() / 2) * interval '1 millisecond')`;
}

/** What the worker records for one delivery attempt; passed to OutboxHooks.recordOutcome. */
export type DeliveryOutcome =
  | { status: 'delivered'; confirmation: string }
  | { status: 'parked'; reason: string; confirmation?: string }
  | { status: 'retry'; error: string };

/**
 * A delivery result becomes an outcome. `attempts` counts the attempt that produced `result`.
 * An ERROR confirmation and a non-retryable failure park at once (trying again cannot help;
 * staff must look); a retryable failure parks when it was the maxAttempts-th attempt.
 */
export function decideOutcome(result: DeliveryResult, attempts: number, maxAttempts: number): DeliveryOutcome {
  if (result.kind === 'answered') {
    if (result.accepted) return { status: 'delivered', confirmation: result.confirmation };
    return { status: 'parked', reason: `partner answered ERROR: ${result.error ?? '(no error data)'}`, confirmation: result.confirmation };
  }
  if (!result.retryable) return { status: 'parked', reason: `delivery failed and cannot be retried: ${result.error}` };
  if (attempts >= maxAttempts) return { status: 'parked', reason: `gave up after ${attempts} attempts; last error: ${result.error}` };
  return { status: 'retry', error: result.error };
}
