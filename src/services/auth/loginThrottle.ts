/**
 * Failed sign-ins per IP + institution + username, in memory: after `limit` failures within
 * `windowMs`, further attempts are refused until the oldest failure leaves the window. Per
 * process: several processes each allow `limit`, which still stops password guessing.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly now: () => Date,
    readonly limit = 10,
    readonly windowMs = 5 * 60_000,
  ) {}

  /** Seconds until another attempt is allowed; 0 when allowed now. */
  retryAfterSeconds(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.limit) return 0;
    const oldest = recent[recent.length - this.limit] as number;
    return Math.max(1, Math.ceil((oldest + this.windowMs - this.now().getTime()) / 1000));
  }

  recordFailure(key: string): void {
    const recent = this.recent(key);
    recent.push(this.now().getTime());
    this.failures.set(key, recent);
    if (this.failures.size > 10_000) this.prune();
  }

  recordSuccess(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now().getTime() - this.windowMs;
    return (this.failures.get(key) ?? []).filter((at) => at > since);
  }

  /** Keeps memory bounded when many keys are tried once and never again. */
  private prune(): void {
    for (const key of [...this.failures.keys()]) {
      if (this.recent(key).length === 0) this.failures.delete(key);
    }
  }
}

/** `ISIL:US-NSU` and `US-NSU` name the same institution: they share one count. */
export function throttleKey(ip: string, institution: string, username: string): string {
  return JSON.stringify([ip, institution.slice(institution.indexOf(':') + 1).toUpperCase(), username.toLowerCase()]);
}
