import { feedDocumentSchema, feedEntrySchema, type FeedEntry } from '../../config/sections/directory.js';
import type { Db } from '../../store/database.js';
import type { DirectorySubscription } from '../../store/schema.js';
import type { ServiceContext } from '../context.js';
import { outboundRefusal } from '../outboundDeny.js';

export const FEED_MAX_BYTES = 5 * 1024 * 1024;
export const FEED_TIMEOUT_MS = 15_000;

export interface SyncReport {
  status: 'ok' | 'failed';
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  /** Entries the feed had that were skipped, with why. */
  rejected: { index: number; id?: string; reason: string }[];
  error?: string;
}

export interface FeedLimits {
  timeoutMs?: number;
  maxBytes?: number;
}

class FeedError extends Error {}

/**
 * Fetches the subscription's feed and makes its entries what the feed says, in one transaction:
 * new entries added, changed ones updated, missing ones removed. A bad entry is skipped and
 * reported; a bad document (unreachable, too large, not JSON, wrong shape) changes no entry and
 * is recorded on the subscription.
 */
export async function syncSubscription(ctx: ServiceContext, subscription: DirectorySubscription, limits: FeedLimits = {}): Promise<SyncReport> {
  const now = ctx.now();
  let entries: FeedEntry[];
  let rejected: SyncReport['rejected'];
  try {
    ({ entries, rejected } = readFeed(await fetchFeed(subscription.feed_url, limits)));
  } catch (error) {
    const message = error instanceof FeedError ? error.message : `feed could not be read: ${(error as Error).message}`;
    await ctx.db
      .updateTable('directory_subscription')
      .set({ status: 'failed', last_error: message, last_sync_at: now })
      .where('id', '=', subscription.id)
      .execute();
    return { status: 'failed', added: 0, updated: 0, removed: 0, unchanged: 0, rejected: [], error: message };
  }
  const counts = await ctx.db.transaction().execute((trx) => replaceEntries(trx, subscription, entries, now, rejected));
  return { status: 'ok', ...counts, rejected };
}

export async function fetchFeed(url: string, limits: FeedLimits): Promise<string> {
  const maxBytes = limits.maxBytes ?? FEED_MAX_BYTES;
  const refusal = await outboundRefusal(url).catch((error: unknown) => `feed URL is not usable: ${String(error)}`);
  if (refusal) throw new FeedError(`feed refused: ${refusal}`);
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(limits.timeoutMs ?? FEED_TIMEOUT_MS), headers: { accept: 'application/json' }, redirect: 'error' });
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${limits.timeoutMs ?? FEED_TIMEOUT_MS} ms` : (error as Error).message;
    throw new FeedError(`feed unreachable: ${reason}`);
  }
  if (!response.ok) throw new FeedError(`feed answered HTTP ${response.status}`);
  const declared = Number(response.headers.get('content-length') ?? 'NaN');
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new FeedError(`feed too large: ${declared} bytes (at most ${maxBytes})`);
  }
  // The declared length may be absent or wrong: count what actually arrives.
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (!response.body) return '';
  // Node's web streams are async iterable; the DOM typings do not say so.
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    // Leaving the loop by throwing cancels the stream.
    if (size > maxBytes) throw new FeedError(`feed too large: more than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function readFeed(text: string): { entries: FeedEntry[]; rejected: SyncReport['rejected'] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new FeedError('feed is not JSON');
  }
  const document = feedDocumentSchema.safeParse(json);
  if (!document.success) {
    throw new FeedError(`feed is not a directory feed: ${document.error.issues.map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`).join('; ')}`);
  }
  const entries: FeedEntry[] = [];
  const rejected: SyncReport['rejected'] = [];
  const ids = new Set<string>();
  document.data.entries.forEach((raw, index) => {
    const parsed = feedEntrySchema.safeParse(raw);
    const rawId = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? ((raw as { id: string }).id.slice(0, 200)) : undefined;
    if (!parsed.success) {
      rejected.push({ index, ...(rawId ? { id: rawId } : {}), reason: parsed.error.issues.map((i) => `${i.path.join('.') || '(entry)'}: ${i.message}`).join('; ') });
    } else if (ids.has(parsed.data.id)) {
      rejected.push({ index, id: parsed.data.id, reason: `id "${parsed.data.id}" appears twice in the feed` });
    } else {
      ids.add(parsed.data.id);
      entries.push(parsed.data);
    }
  });
  return { entries, rejected };
}

async function replaceEntries(trx: Db, subscription: DirectorySubscription, entries: FeedEntry[], now: Date, rejected: SyncReport['rejected']) {
  // Two processes syncing the same subscription take turns.
  await trx.selectFrom('directory_subscription').select('id').where('id', '=', subscription.id).forUpdate().execute();
  const existing = new Map(
    (await trx.selectFrom('directory_entry').selectAll().where('subscription_id', '=', subscription.id).forUpdate().execute()).map((row) => [row.external_id, row]),
  );
  let added = 0;
  let updated = 0;
  let unchanged = 0;
  for (const entry of entries) {
    const values = {
      name: entry.name,
      symbols: JSON.stringify(entry.symbols),
      endpoint_url: entry.iso18626Endpoint,
      system_type: entry.systemType ?? null,
      locate: entry.locate === undefined ? null : JSON.stringify(entry.locate),
      addresses: JSON.stringify(entry.addresses),
      lending_policies: JSON.stringify(entry.lendingPolicies),
      contacts: JSON.stringify(entry.contacts),
      updated_at: new Date(entry.updatedAt),
    };
    const row = existing.get(entry.id);
    existing.delete(entry.id);
    if (!row) {
      await trx.insertInto('directory_entry').values({ ...values, subscription_id: subscription.id, institution_id: null, external_id: entry.id, publish: true }).execute();
      added += 1;
    } else if (sameEntry(row, values)) {
      unchanged += 1;
    } else {
      await trx.updateTable('directory_entry').set(values).where('id', '=', row.id).execute();
      updated += 1;
    }
  }
  const gone = [...existing.values()].map((row) => row.id);
  if (gone.length > 0) await trx.deleteFrom('directory_entry').where('id', 'in', gone).execute();
  const error = rejected.length > 0 ? `${rejected.length} entr${rejected.length === 1 ? 'y' : 'ies'} skipped: ${rejected.map((r) => `[${r.index}] ${r.reason}`).join(' | ').slice(0, 2000)}` : null;
  await trx
    .updateTable('directory_subscription')
    .set({ status: 'ok', last_error: error, last_sync_at: now, entry_count: entries.length })
    .where('id', '=', subscription.id)
    .execute();
  return { added, updated, removed: gone.length, unchanged };
}

/** jsonb keeps its own key order: compare canonical forms. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value instanceof Date ? value.getTime() : value);
}

const COMPARED = ['name', 'symbols', 'endpoint_url', 'system_type', 'locate', 'addresses', 'lending_policies', 'contacts', 'updated_at'] as const;

function sameEntry(row: Record<(typeof COMPARED)[number], unknown>, values: Record<(typeof COMPARED)[number], unknown>): boolean {
  const stored = (key: (typeof COMPARED)[number], value: unknown) => (typeof value === 'string' && !['name', 'endpoint_url', 'system_type'].includes(key) ? (JSON.parse(value) as unknown) : value);
  return COMPARED.every((key) => canonical(row[key]) === canonical(stored(key, values[key])));
}

/** The scheduled job: every subscription of the deployment, one after another. */
export async function syncAllSubscriptions(ctx: ServiceContext): Promise<SyncReport[]> {
  const subscriptions = await ctx.db.selectFrom('directory_subscription').selectAll().orderBy('id').execute();
  const reports: SyncReport[] = [];
  for (const subscription of subscriptions) reports.push(await syncSubscription(ctx, subscription));
  return reports;
}
