/**
 * The background loop shared by the lease-based workers (outbox delivery, borrowing locate):
 * run a batch; if it claimed anything run another at once (more may be due right away);
 * otherwise sleep until notify() or the next poll. Workers compose one and supply the batch;
 * how long to sleep is theirs to decide (the outbox backs off while polls keep failing).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/** host:pid:random — names the worker running a loop in its lease tokens (locked_by), unique across processes. */
export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** The subset of pino the loop uses. */
export interface PollingLoopLogger {
  error(obj: object, msg?: string): void;
}

export interface PollingLoopOptions {
  /** Starts the loop's log and error messages, e.g. 'outbox' → 'outbox poll failed; retrying'. */
  name: string;
  /** Claims and runs one batch; resolves to how many items it claimed. */
  runBatch: () => Promise<number>;
  /** How long to sleep after a batch that claimed nothing; `failures` counts consecutive failed batches (0 after a success). */
  idleWaitMs: (failures: number) => number;
  logger: PollingLoopLogger;
  /** Added to every log entry, e.g. { workerId }. */
  logContext?: Record<string, unknown>;
}

export class PollingLoop {
  private readonly name: string;
  private readonly runBatch: () => Promise<number>;
  private readonly idleWaitMs: (failures: number) => number;
  private readonly logger: PollingLoopLogger;
  private readonly logContext: Record<string, unknown>;

  private loop: Promise<void> | undefined;
  private stopping = false;
  /** Set by notify(); consumed by the next sleep so a wake-up during a batch is not lost. */
  private woken = false;
  private wakeSleeper: (() => void) | undefined;
  /** The loop's batches and runOnce/drain callers' alike, so stop() can wait for all of them. */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(options: PollingLoopOptions) {
    this.name = options.name;
    this.runBatch = options.runBatch;
    this.idleWaitMs = options.idleWaitMs;
    this.logger = options.logger;
    this.logContext = options.logContext ?? {};
  }

  /** Runs the loop until stop(). Idempotent. Never lets a rejection escape. */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.runLoop().catch((error: unknown) => {
      // runLoop catches everything itself; this is the last line of defence.
      this.logger.error({ err: error, ...this.logContext }, `${this.name} loop ended unexpectedly`);
    });
  }

  /** Stops the loop and waits for every batch in flight. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    const loop = this.loop;
    this.loop = undefined;
    if (loop) await loop;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Wakes the loop now (or makes its next sleep return at once if it is mid-batch). */
  notify(): void {
    this.woken = true;
    this.wake();
  }

  /** Runs one batch, tracked so stop() waits for it. Rejects when the batch does. */
  runOnce(): Promise<number> {
    const run = this.runBatch();
    this.inFlight.add(run);
    const forget = () => this.inFlight.delete(run);
    run.then(forget, forget);
    return run;
  }

  /** runOnce until a batch claims nothing; throws once `timeoutMs` has passed. */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.runOnce()) > 0) {
      if (Date.now() > deadline) throw new Error(`${this.name} drain did not finish within ${timeoutMs} ms`);
    }
  }

  private async runLoop(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      let handled = 0;
      try {
        handled = await this.runOnce();
        failures = 0;
      } catch (error) {
        failures += 1;
        this.logger.error({ err: error, ...this.logContext, failures }, `${this.name} poll failed; retrying`);
      }
      if (this.stopping) break;
      if (handled > 0) continue;
      await this.sleep(this.idleWaitMs(failures));
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken || this.stopping) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      // One `done` for both the timer and wake(), so neither leaves a stale sleeper behind.
      const done = (): void => {
        clearTimeout(timer);
        this.wakeSleeper = undefined;
        this.woken = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeSleeper = done;
    });
  }

  private wake(): void {
    this.wakeSleeper?.();
  }
}
