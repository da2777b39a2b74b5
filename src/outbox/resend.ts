import { sql } from 'kysely';
import type { Db } from '../store/database.js';
import type { OutboxRow } from './transport.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BIGINT = /^[1-9][0-9]{0,18}$/;

/**
 * Staff "resend": a parked message of this institution becomes pending again, with its
 * attempts reset and due now, so the worker delivers it and then the messages of its request
 * that it was blocking. The last error is kept until the next attempt replaces it. Returns
 * false when there is no such parked message for this institution (wrong tenant, unknown id,
 * not parked). Call OutboxWorker.notify() after it for immediate delivery.
 */
export async function resendParked(db: Db, institutionId: string, messageId: string): Promise<boolean> {
  if (!UUID.test(institutionId) || !BIGINT.test(messageId)) return false;
  const result = await db
    .updateTable('outbox_message')
    .set({ status: 'pending', attempts: 0, next_attempt_at: sql<Date>`now()`, locked_until: null, locked_by: null })
    .where('id', '=', messageId)
    .where('institution_id', '=', institutionId)
    .where('status', '=', 'parked')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface OutboxFilter {
  requestKind?: 'borrowing' | 'lending';
  requestId?: string;
  status?: 'pending' | 'delivered' | 'parked';
  /** At most this many rows (default 500), oldest first. */
  limit?: number;
}

/** One institution's outbox messages, in id order (a request's messages in sending order). */
export async function listOutbox(db: Db, institutionId: string, filter: OutboxFilter = {}): Promise<OutboxRow[]> {
  if (!UUID.test(institutionId)) return [];
  if (filter.requestId !== undefined && !UUID.test(filter.requestId)) return [];
  let query = db.selectFrom('outbox_message').selectAll().where('institution_id', '=', institutionId);
  if (filter.requestKind) query = query.where('request_kind', '=', filter.requestKind);
  if (filter.requestId) query = query.where('request_id', '=', filter.requestId);
  if (filter.status) query = query.where('status', '=', filter.status);
  return query.orderBy('id').limit(filter.limit ?? 500).execute();
}

export interface OutboxBacklog {
  pending: number;
  parked: number;
  /** Age of the oldest pending message (from enqueue), or null when nothing is pending. */
  oldestPendingSeconds: number | null;
}

/** For GET /health and /metrics: what is waiting, across all institutions. */
export async function outboxBacklog(db: Db): Promise<OutboxBacklog> {
  const result = await sql<{ pending: string; parked: string; oldest_pending_seconds: number | null }>`
    select count(*) filter (where status = 'pending') as pending,
           count(*) filter (where status = 'parked') as parked,
           extract(epoch from now() - min(created_at) filter (where status = 'pending'))::double precision as oldest_pending_seconds
      from outbox_message
     where status <> 'delivered'`.execute(db);
  const row = result.rows[0];
  return {
    pending: Number(row?.pending ?? 0),
    parked: Number(row?.parked ?? 0),
    oldestPendingSeconds: row?.oldest_pending_seconds ?? null,
  };
}
