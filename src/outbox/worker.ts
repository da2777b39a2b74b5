/**
 * The outbox worker: delivers outbound protocol messages durably, in order per request, at
 * least once.
 *
 * How it works (the outbox model of graphile-worker):
 * 1. A service enqueues a message inside the transaction of its state change (enqueue.ts).
 * 2. `claim`: one short statement (its own transaction) leases a batch of due messages — at
 *    most one per request, and only the oldest undelivered message of its request — with
 *    `FOR UPDATE SKIP LOCKED`, so any number of workers in any number of processes can share
 *    one database without delivering a message twice at the same time.
 * 3. Delivery happens OUTSIDE any transaction. On PGlite (one connection) the in-process
 *    inbound handler needs that connection; holding a transaction across delivery would
 *    deadlock, and on PostgreSQL it would hold a connection and row locks for a network call.
 * 4. `record`: one transaction updates the row (delivered / parked / retry with backoff) and
 *    calls OutboxHooks.recordOutcome with that same transaction. It only applies while the
 *    worker still holds its claim (`locked_by` = its claim token).
 *
 * AT LEAST ONCE. A worker that dies (or stalls past its lease) after delivering but before
 * recording leaves the row leased; when the lease expires another worker claims it and
 * delivers it AGAIN. The same happens if recording fails (e.g. the hook throws). Duplicates
 * are therefore possible, and that is fine: inbound ISO 18626 handling is idempotent (a
 * repeated message is recognised and answered the same way, never applied twice). A stale
 * worker's late result is discarded, because its claim token no longer matches.
 *
 * ORDER. Message n+1 of a request is claimable only when every earlier message of that
 * request is delivered. A message being delivered (leased), waiting for a retry, or PARKED
 * blocks the later messages of its request: a parked message stops its request's
 * conversation until staff resend it (resend.ts), because a partner must not see a Cancel
 * before the Request it cancels. Other requests are never blocked.
 *
 * TIME. Due and lease decisions use the database's now(), so processes with skewed clocks agree.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { defaultWorkerId, PollingLoop } from '../runtime/pollingLoop.js';
import type { Db } from '../store/database.js';
import { backoffDelaySql, decideOutcome, resolvePolicy, type DeliveryOutcome, type OutboxPolicy } from './policy.js';
import type { DeliveryResult, OutboxRow, Transport } from './transport.js';

export type { DeliveryOutcome, OutboxPolicy } from './policy.js';
export { DEFAULT_OUTBOX_POLICY } from './policy.js';

export interface OutboxHooks {
  /**
   * Called for every recorded outcome (delivered, parked, retry) inside the transaction that
   * updates the row, with the row as updated. Use `trx` only. If it throws, the row update
   * rolls back too and the message is delivered again after its lease expires.
   */
  recordOutcome(trx: Db, message: OutboxRow, outcome: DeliveryOutcome): Promise<void>;
}

/** The subset of pino the worker uses. */
export interface OutboxLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface OutboxWorkerOptions {
  db: Db;
  transport: Transport;
  hooks?: OutboxHooks;
  policy?: Partial<OutboxPolicy>;
  logger?: OutboxLogger;
  /** Shown in locked_by; defaults to host:pid:random. */
  workerId?: string;
}

/** Without a logger, problems still reach stderr. */
const FALLBACK_LOGGER: OutboxLogger = {
  info: () => undefined,
  warn: (obj, msg) => console.warn(msg ?? 'outbox', obj),
  error: (obj, msg) => console.error(msg ?? 'outbox', obj),
};

/** The idle loop backs off to at most this many poll intervals while runOnce keeps failing. */
const MAX_ERROR_BACKOFF_POLLS = 20;

export class OutboxWorker {
  readonly workerId: string;
  readonly policy: OutboxPolicy;
  private readonly db: Db;
  private readonly transport: Transport;
  private readonly hooks: OutboxHooks | undefined;
  private readonly logger: OutboxLogger;
  private readonly polling: PollingLoop;

  constructor(options: OutboxWorkerOptions) {
    this.db = options.db;
    this.transport = options.transport;
    this.hooks = options.hooks;
    this.policy = resolvePolicy(options.policy);
    this.logger = options.logger ?? FALLBACK_LOGGER;
    this.workerId = options.workerId ?? defaultWorkerId();
    this.polling = new PollingLoop({
      name: 'outbox',
      runBatch: () => this.claimAndDeliver(),
      idleWaitMs: (failures) => this.idleWaitMs(failures),
      logger: this.logger,
      logContext: { workerId: this.workerId },
    });
  }

  /** Runs the background loop until stop(). Idempotent. Never lets a rejection escape. */
  start(): void {
    this.polling.start();
  }

  /** Stops the loop and waits for deliveries in flight (the loop's and runOnce/drain callers'). */
  stop(): Promise<void> {
    return this.polling.stop();
  }

  /** Wakes the loop now, e.g. after a commit that enqueued a message. */
  notify(): void {
    this.polling.notify();
  }

  /**
   * Claims one batch of due messages, delivers them (concurrently: they belong to different
   * requests) and records each outcome. Returns how many were claimed. Rejects only when the
   * claim fails; a failure to record one message is logged and leaves it to lease expiry.
   */
  runOnce(): Promise<number> {
    return this.polling.runOnce();
  }

  /**
   * runOnce until nothing is due now (tests; shutdown). A message waiting for a retry later,
   * blocked behind another request message, or leased by another worker does not count.
   */
  drain(options: { timeoutMs?: number } = {}): Promise<void> {
    return this.polling.drain(options.timeoutMs ?? 30_000);
  }

  private async claimAndDeliver(): Promise<number> {
    const token = `${this.workerId}:${randomUUID()}`;
    const claimed = await this.claim(token);
    await Promise.all(claimed.map((row) => this.deliverAndRecord(row, token)));
    return claimed.length;
  }

  /**
   * Leases up to batchSize due messages: pending, due, not leased (or lease expired), and the
   * oldest undelivered message of their request. The NOT EXISTS looks at every earlier row
   * whose status is not 'delivered' — pending (waiting, leased or not) and parked alike — so
   * a batch never holds two messages of one request, and n+1 waits for n. SKIP LOCKED lets
   * concurrent claimers pass each other; a row another claimer just leased fails the re-check
   * of `locked_until` when its lock is taken, so it is never claimed twice.
   */
  private async claim(token: string): Promise<OutboxRow[]> {
    const { leaseMs, batchSize } = this.policy;
    const result = await sql<OutboxRow>`
      update outbox_message
         set locked_until = now() + ${leaseMs}::double precision * interval '1 millisecond',
             locked_by = ${token},
             attempts = attempts + 1
       where id in (
         select o.id
           from outbox_message o
          where o.status = 'pending'
            and o.next_attempt_at <= now()
            and (o.locked_until is null or o.locked_until < now())
            and not exists (
              select 1
                from outbox_message earlier
               where earlier.request_kind = o.request_kind
                 and earlier.request_id = o.request_id
                 and earlier.id < o.id
                 and earlier.status <> 'delivered')
          order by o.id
          limit ${batchSize}
          for update skip locked)
      returning *`.execute(this.db);
    return [...result.rows].sort((a, b) => compareIds(a.id, b.id));
  }

  private async deliverAndRecord(row: OutboxRow, token: string): Promise<void> {
    let result: DeliveryResult;
    try {
      result = await this.transport.deliver(row);
    } catch (error) {
      result = { kind: 'failed', retryable: true, error: `transport threw: ${error instanceof Error ? error.message : String(error)}` };
    }
    const outcome = decideOutcome(result, row.attempts, this.policy.maxAttempts);
    const context = {
      workerId: this.workerId,
      messageId: row.id,
      institutionId: row.institution_id,
      requestKind: row.request_kind,
      requestId: row.request_id,
      messageKind: row.message_kind,
      summary: row.summary,
      attempts: row.attempts,
      status: outcome.status,
    };
    try {
      const recorded = await this.record(row, token, outcome);
      if (!recorded) {
        this.logger.warn(context, 'outbox message was re-claimed by another worker after its lease expired; this result is discarded');
        return;
      }
    } catch (error) {
      this.logger.error({ ...context, err: error }, 'recording the outcome of an outbox message failed; it will be delivered again when its lease expires');
      return;
    }
    if (outcome.status === 'delivered') this.logger.info(context, 'outbox message delivered');
    else if (outcome.status === 'parked') this.logger.warn({ ...context, reason: outcome.reason }, 'outbox message parked for staff');
    else this.logger.info({ ...context, error: outcome.error }, 'outbox message will be retried');
  }

  /** Applies the outcome under our claim; false when the claim was lost. */
  private async record(row: OutboxRow, token: string, outcome: DeliveryOutcome): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const update = trx
        .updateTable('outbox_message')
        .where('id', '=', row.id)
        .where('locked_by', '=', token)
        .where('status', '=', 'pending');
      let statement;
      switch (outcome.status) {
        case 'delivered':
          statement = update.set({
            status: 'delivered',
            confirmation: outcome.confirmation,
            delivered_at: sql<Date>`now()`,
            locked_until: null,
            locked_by: null,
          });
          break;
        case 'parked':
          statement = update.set({
            status: 'parked',
            last_error: outcome.reason,
            ...(outcome.confirmation !== undefined ? { confirmation: outcome.confirmation } : {}),
            locked_until: null,
            locked_by: null,
          });
          break;
        case 'retry':
          statement = update.set({
            last_error: outcome.error,
            next_attempt_at: sql<Date>`now() + ${backoffDelaySql(this.policy)}`,
            locked_until: null,
            locked_by: null,
          });
          break;
      }
      const updated = await statement.returningAll().executeTakeFirst();
      if (!updated) return false;
      await this.hooks?.recordOutcome(trx, updated, outcome);
      return true;
    });
  }

  /**
   * The idle wait: one poll interval, doubling per consecutive failed poll (up to
   * MAX_ERROR_BACKOFF_POLLS intervals) so a database outage is not hammered.
   */
  private idleWaitMs(failures: number): number {
    const polls = failures === 0 ? 1 : Math.min(MAX_ERROR_BACKOFF_POLLS, 2 ** (failures - 1));
    return this.policy.pollIntervalMs * polls;
  }
}

function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
