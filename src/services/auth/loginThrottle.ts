import type { Db } from '../../store/database.js';
import { deleteSignInFailures, deleteSignInFailuresBefore, insertSignInFailure, recentSignInFailures } from '../../store/signInFailureRepository.js';

export interface ThrottleLimits {
  /** Failures per IP + institution + username within the window: password guessing. */
  perAccount: number;
  /** Failures per IP across all usernames within the window: password spraying. */
  perIp: number;
  windowMs: number;
}

export const DEFAULT_THROTTLE_LIMITS: ThrottleLimits = { perAccount: 10, perIp: 50, windowMs: 5 * 60_000 };

/**
 * Failed sign-ins kept in the database, so every server process sharing it counts the same
 * failures: after `perAccount` failures for one account from one IP, or `perIp` failures from
 * one IP, within `windowMs`, further attempts are refused until the oldest counted failure
 * leaves the window. Checking and recording are separate statements, so simultaneous attempts
 * may pass the limit by the few that were in flight together; guessing stays throttled.
 */
export class LoginThrottle {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
    readonly limits: ThrottleLimits = DEFAULT_THROTTLE_LIMITS,
  ) {}

  /** Seconds until another attempt is allowed; 0 when allowed now. */
  async retryAfterSeconds(attempt: { key: string; ip: string }): Promise<number> {
    const now = this.now().getTime();
    const since = new Date(now - this.limits.windowMs);
    const [perAccount, perIp] = await Promise.all([
      recentSignInFailures(this.db, { throttleKey: attempt.key }, since, this.limits.perAccount),
      recentSignInFailures(this.db, { ip: attempt.ip }, since, this.limits.perIp),
    ]);
    return Math.max(this.waitFor(perAccount, this.limits.perAccount, now), this.waitFor(perIp, this.limits.perIp, now));
  }

  async recordFailure(attempt: { key: string; ip: string }): Promise<void> {
    const now = this.now();
    // Failures are rare next to reads: each carries the clean-up of those out of the window.
    await deleteSignInFailuresBefore(this.db, new Date(now.getTime() - this.limits.windowMs));
    await insertSignInFailure(this.db, { throttleKey: attempt.key, ip: attempt.ip, failedAt: now });
  }

  /** The account's own typos are forgiven; failures for other usernames from the IP still count. */
  async recordSuccess(attempt: { key: string }): Promise<void> {
    await deleteSignInFailures(this.db, attempt.key);
  }

  /** `newestFirst` holds at most `limit` failures: when full, the last leaving the window frees a slot. */
  private waitFor(newestFirst: Date[], limit: number, now: number): number {
    if (newestFirst.length < limit) return 0;
    const oldest = (newestFirst[limit - 1] as Date).getTime();
    return Math.max(1, Math.ceil((oldest + this.limits.windowMs - now) / 1000));
  }
}

/** `ISIL:US-NSU` and `US-NSU` name the same institution: they share one count. */
export function throttleKey(ip: string, institution: string, username: string): string {
  return JSON.stringify([ip, institution.slice(institution.indexOf(':') + 1).toUpperCase(), username.toLowerCase()]);
}
