/**
 * Runs borrowing locate jobs in the background: claims a batch, runs them concurrently (each is
 * its own fan-out), sleeps until notify() or the next poll. Modelled on the outbox worker.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ServiceContext } from '../services/context.js';
import { claimLocateJobs, DEFAULT_LOCATE_JOB_POLICY, recordLocateJobFailure, runLocateJob, type LocateJobPolicy } from '../services/locate/runLocateJobs.js';

export interface LocateWorkerLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface LocateWorkerOptions {
  ctx: ServiceContext;
  policy?: Partial<LocateJobPolicy>;
  pollIntervalMs?: number;
  logger?: LocateWorkerLogger;
  workerId?: string;
}

const FALLBACK_LOGGER: LocateWorkerLogger = { info: () => undefined, error: (obj, msg) => console.error(msg ?? 'locate', obj) };

export class LocateWorker {
  readonly workerId: string;
  private readonly ctx: ServiceContext;
  private readonly policy: LocateJobPolicy;
  private readonly pollIntervalMs: number;
  private readonly logger: LocateWorkerLogger;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private woken = false;
  private wakeSleeper: (() => void) | undefined;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(options: LocateWorkerOptions) {
    this.ctx = options.ctx;
    this.policy = { ...DEFAULT_LOCATE_JOB_POLICY, ...options.policy };
    this.pollIntervalMs = options.pollIntervalMs ?? 2_000;
    this.logger = options.logger ?? FALLBACK_LOGGER;
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.runLoop().catch((error: unknown) => this.logger.error({ err: error, workerId: this.workerId }, 'locate loop ended unexpectedly'));
  }

  /** Stops the loop and waits for the runs in flight. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    const loop = this.loop;
    this.loop = undefined;
    if (loop) await loop;
    await Promise.allSettled([...this.inFlight]);
  }

  notify(): void {
    this.woken = true;
    this.wake();
  }

  /** Claims and runs one batch; returns how many jobs were claimed. */
  runOnce(): Promise<number> {
    const run = this.claimAndRun();
    this.inFlight.add(run);
    const forget = () => this.inFlight.delete(run);
    run.then(forget, forget);
    return run;
  }

  /** runOnce until nothing is due (tests). */
  async drain(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.runOnce()) > 0) {
      if (Date.now() > deadline) throw new Error(`locate drain did not finish within ${timeoutMs} ms`);
    }
  }

  private async claimAndRun(): Promise<number> {
    const token = `${this.workerId}:${randomUUID()}`;
    const jobs = await claimLocateJobs(this.ctx, token, this.policy);
    await Promise.all(
      jobs.map(async (job) => {
        try {
          const outcome = await runLocateJob(this.ctx, job, token);
          this.logger.info({ workerId: this.workerId, jobId: job.id, requestId: job.borrowing_request_id, applied: outcome.applied, status: outcome.request?.status }, 'locate run recorded');
        } catch (error) {
          this.logger.error({ err: error, workerId: this.workerId, jobId: job.id, attempts: job.attempts }, 'locate run failed');
          await recordLocateJobFailure(this.ctx, job, token, error, this.policy).catch((e: unknown) => this.logger.error({ err: e, jobId: job.id }, 'recording a locate failure failed; the lease will expire'));
        }
      }),
    );
    return jobs.length;
  }

  private async runLoop(): Promise<void> {
    while (!this.stopping) {
      let handled = 0;
      try {
        handled = await this.runOnce();
      } catch (error) {
        this.logger.error({ err: error, workerId: this.workerId }, 'locate poll failed; retrying');
      }
      if (this.stopping) break;
      if (handled > 0) continue;
      await this.sleep(this.pollIntervalMs);
    }
  }

  private wake(): void {
    this.wakeSleeper?.();
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken || this.stopping) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeSleeper = () => {
        this.wakeSleeper = undefined;
        this.woken = false;
        done();
      };
    });
  }
}
