/**
 * Sends queued patron notices in the background: claims a batch (lease, FOR UPDATE SKIP LOCKED),
 * sends each one outside any transaction, records sent / logged, a retry with backoff, or
 * failed; sleeps until notify() or the next poll. The loop is the shared PollingLoop.
 */
import type { ServiceContext } from '../services/context.js';
import type { NoticeMailer } from '../services/notices/mailer.js';
import { claimPatronNotices, DEFAULT_NOTICE_POLICY, deliverPatronNotice, type NoticePolicy } from '../services/notices/sendPatronNotices.js';
import { PolledWorker } from './polledWorker.js';
import { defaultWorkerId } from './pollingLoop.js';

export interface NoticeWorkerLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface NoticeWorkerOptions {
  ctx: ServiceContext;
  mailer: NoticeMailer;
  /** The From address of institutions without a `noticeFromAddress` setting. */
  defaultFrom: string;
  policy?: Partial<NoticePolicy>;
  pollIntervalMs?: number;
  logger?: NoticeWorkerLogger;
  workerId?: string;
}

const FALLBACK_LOGGER: NoticeWorkerLogger = { info: () => undefined, warn: () => undefined, error: (obj, msg) => console.error(msg ?? 'notices', obj) };

export class NoticeWorker extends PolledWorker {
  readonly workerId: string;
  private readonly ctx: ServiceContext;
  private readonly mailer: NoticeMailer;
  private readonly defaultFrom: string;
  private readonly policy: NoticePolicy;
  private readonly logger: NoticeWorkerLogger;

  constructor(options: NoticeWorkerOptions) {
    const logger = options.logger ?? FALLBACK_LOGGER;
    const workerId = options.workerId ?? defaultWorkerId();
    const pollIntervalMs = options.pollIntervalMs ?? 5_000;
    super({ name: 'notices', idleWaitMs: () => pollIntervalMs, logger, logContext: { workerId } });
    this.ctx = options.ctx;
    this.mailer = options.mailer;
    this.defaultFrom = options.defaultFrom;
    this.policy = { ...DEFAULT_NOTICE_POLICY, ...options.policy };
    this.logger = logger;
    this.workerId = workerId;
  }

  protected async runBatch(): Promise<number> {
    const notices = await claimPatronNotices(this.ctx.db, this.policy);
    // One at a time: a burst of notices should not open a burst of SMTP connections.
    for (const notice of notices) {
      const context = { workerId: this.workerId, noticeId: notice.id, kind: notice.kind, attempts: notice.attempts };
      try {
        const outcome = await deliverPatronNotice(this.ctx, notice, this.mailer, this.defaultFrom, this.policy);
        if (outcome.status === 'retry') this.logger.warn({ ...context, error: outcome.error }, 'patron notice not sent; will retry');
        else if (outcome.status === 'failed') this.logger.error({ ...context, error: outcome.error }, 'patron notice failed; staff can resend it');
        else if (outcome.status === 'sent') this.logger.info({ ...context, messageId: outcome.messageId }, 'patron notice sent');
      } catch (error) {
        // Recording failed (database trouble): the lease runs out and the notice is claimed again.
        this.logger.error({ err: error, ...context }, 'recording a patron notice failed; the lease will expire');
      }
    }
    return notices.length;
  }
}
