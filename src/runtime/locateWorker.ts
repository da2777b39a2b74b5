/**
 * Runs borrowing locate jobs in the background: claims a batch, runs them concurrently (each is
 * its own fan-out), sleeps until notify() or the next poll. The loop is the outbox worker's
 * (PollingLoop), without its error backoff: a locate poll just waits the poll interval.
 */
import { randomUUID } from 'node:crypto';
import type { ServiceContext } from '../services/context.js';
import { claimLocateJobs, DEFAULT_LOCATE_JOB_POLICY, recordLocateJobFailure, runLocateJob, type LocateJobPolicy } from '../services/locate/runLocateJobs.js';
import { PolledWorker } from './polledWorker.js';
import { defaultWorkerId } from './pollingLoop.js';

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

export class LocateWorker extends PolledWorker {
  readonly workerId: string;
  private readonly ctx: ServiceContext;
  private readonly policy: LocateJobPolicy;
  private readonly logger: LocateWorkerLogger;

  constructor(options: LocateWorkerOptions) {
    const logger = options.logger ?? FALLBACK_LOGGER;
    const workerId = options.workerId ?? defaultWorkerId();
    const pollIntervalMs = options.pollIntervalMs ?? 2_000;
    super({ name: 'locate', idleWaitMs: () => pollIntervalMs, logger, logContext: { workerId } });
    this.ctx = options.ctx;
    this.policy = { ...DEFAULT_LOCATE_JOB_POLICY, ...options.policy };
    this.logger = logger;
    this.workerId = workerId;
  }

  protected async runBatch(): Promise<number> {
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
}
