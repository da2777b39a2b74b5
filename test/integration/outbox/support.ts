import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { enqueueMessage, type OutboundMessage } from '../../../src/outbox/enqueue.js';
import type { DeliveryResult, OutboxRow, Transport } from '../../../src/outbox/transport.js';
import type { OutboxLogger } from '../../../src/outbox/worker.js';
import type { Db } from '../../../src/store/database.js';

export async function createInstitution(db: Db, code = `I${randomUUID().slice(0, 8)}`): Promise<string> {
  const row = await db.insertInto('institution').values({ code, name: `Institution ${code}` }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function outbound(institutionId: string, requestId: string, n: number, overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    institutionId,
    requestKind: 'lending',
    requestId,
    messageKind: 'supplyingAgencyMessage',
    summary: `m${n}`,
    recipient: { idType: 'ISIL', idValue: 'US-PARTNER' },
    endpointUrl: 'http://partner.invalid/iso18626',
    body: `<message n="${n}"/>`,
    ...overrides,
  };
}

/** Enqueues one message in its own committed transaction; returns its id. */
export function enqueueCommitted(db: Db, message: OutboundMessage): Promise<string> {
  return db.transaction().execute((trx) => enqueueMessage(trx, message));
}

export async function rowById(db: Db, id: string): Promise<OutboxRow> {
  return db.selectFrom('outbox_message').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Makes every pending message due now (instead of waiting out a backoff). */
export async function makeAllDue(db: Db): Promise<void> {
  await sql`update outbox_message set next_attempt_at = now() where status = 'pending'`.execute(db);
}

export const ACCEPTED = (confirmation = '<ok/>'): DeliveryResult => ({ kind: 'answered', confirmation, accepted: true });

/**
 * A transport that answers from a script and records what it delivered. `answer` sees the row
 * and how many times this message was delivered before.
 */
export class RecordingTransport implements Transport {
  readonly calls: OutboxRow[] = [];
  private readonly counts = new Map<string, number>();

  constructor(private readonly answer: (row: OutboxRow, previousCalls: number) => DeliveryResult | Promise<DeliveryResult> = () => ACCEPTED()) {}

  async deliver(message: OutboxRow): Promise<DeliveryResult> {
    const previous = this.counts.get(message.id) ?? 0;
    this.counts.set(message.id, previous + 1);
    this.calls.push(message);
    return this.answer(message, previous);
  }

  summaries(): (string | null)[] {
    return this.calls.map((c) => c.summary);
  }
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export interface CapturedLog {
  level: 'info' | 'warn' | 'error';
  obj: object;
  msg: string | undefined;
}

export function capturingLogger(): OutboxLogger & { entries: CapturedLog[] } {
  const entries: CapturedLog[] = [];
  return {
    entries,
    info: (obj, msg) => entries.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => entries.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => entries.push({ level: 'error', obj, msg }),
  };
}

/** Polls `check` until it returns true (the loop runs on timers; this waits for it, bounded). */
export async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
