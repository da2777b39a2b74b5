/**
 * A cheap fingerprint of the state a hostile input could touch: per table the row count, the
 * newest change (max updated_at, or max id for append-only tables) and the sum of row versions,
 * read in one SQL query. Inbound protocol messages refused with an error are counted apart:
 * keeping what a partner sent (and what we answered) is the product's contract, not a state change.
 */
import { sql } from 'kysely';
import type { Db } from '../../../src/store/database.js';

/** Tables whose change would mean a protocol message was (partly) applied. */
export const PROTOCOL_TABLES = [
  'lending_request',
  'borrowing_request',
  'rota_entry',
  'request_event',
  'protocol_message',
  'outbox_message',
  'bibliographic_record',
  'holding',
  'item',
  'loan',
  'hold',
  'patron',
  'patron_notice',
  'pick_request',
] as const;

export interface Fingerprint {
  /** table → "count/newest/versions" */
  tables: Record<string, string>;
  /** Inbound protocol messages kept with an ERROR answer. */
  refusalsKept: number;
}

/** Builds the fingerprint reader for `tables` (every table of the schema but migrations and sessions when 'all'). */
export async function fingerprintReader(db: Db, tables: readonly string[] | 'all'): Promise<() => Promise<Fingerprint>> {
  const columns = await sql<{ table_name: string; column_name: string; data_type: string }>`
    select table_name, column_name, data_type from information_schema.columns
    where table_schema = current_schema() and column_name in ('id', 'updated_at', 'version')`.execute(db);
  const all = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db);
  // Sessions and the sign-in throttle's failures are what a refused sign-in is meant to leave behind.
  const names = tables === 'all' ? all.rows.map((r) => r.table_name).filter((t) => !t.startsWith('kysely_') && t !== 'user_session' && t !== 'sign_in_failure') : [...tables];
  const has = (table: string, column: string) => columns.rows.find((c) => c.table_name === table && c.column_name === column);
  const parts = names.sort().map((table) => {
    const newest = has(table, 'updated_at') ? 'max(updated_at)::text' : has(table, 'id')?.data_type === 'bigint' ? 'max(id)::text' : "''";
    const versions = has(table, 'version') ? 'coalesce(sum(version), 0)::text' : "''";
    // Refusals kept are counted apart (below), so they do not show as a change of protocol_message.
    const rows = table === 'protocol_message' ? `${table} where not (direction = 'in' and message_status = 'ERROR')` : table;
    return `(select count(*)::text || '/' || coalesce(${newest}, '') || '/' || ${versions} from ${rows}) as "${table}"`;
  });
  const refusals = `(select count(*)::int from protocol_message where direction = 'in' and message_status = 'ERROR') as "refusalsKept"`;
  const query = sql.raw(`select ${[...parts, refusals].join(', ')}`);
  return async () => {
    const row = (await sql<Record<string, string | number>>`${query}`.execute(db)).rows[0] ?? {};
    const { refusalsKept, ...rest } = row;
    return { tables: rest as Record<string, string>, refusalsKept: Number(refusalsKept) };
  };
}

/** Tables whose fingerprint differs, as "table: before → after". */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  return Object.keys(after.tables)
    .filter((t) => before.tables[t] !== after.tables[t])
    .map((t) => `${t}: ${before.tables[t]} → ${after.tables[t]}`);
}

export interface Settled {
  index: number;
  label: string;
  /** The input was refused (protocol error, problem, 4xx) or only read: it must not have changed anything. */
  unchanging: boolean;
  /** Refusals this case may leave in protocol_message: 1 when attributable to an institution, 0 when unreadable. */
  mayKeep: number;
}

/**
 * Checks batches of cases against the fingerprint: a batch of refusals must leave every table as it
 * found it (and keep no more refusals than its cases may). A batch with an accepted case changes
 * state legitimately: the fingerprint is taken anew and its refusals are counted as unchecked.
 */
export class StateGuard {
  private before: Fingerprint | undefined;
  refusalsChecked = 0;
  refusalsUnchecked = 0;

  constructor(private readonly read: () => Promise<Fingerprint>) {}

  /** Takes the first fingerprint: call before the first batch is sent. */
  async start(): Promise<void> {
    this.before = await this.read();
  }

  async settle(batch: readonly Settled[]): Promise<{ index: number; label: string; problem: string }[]> {
    const before = this.before;
    if (!before) throw new Error('StateGuard.start() was not called');
    const after = await this.read();
    this.before = after;
    const refusals = batch.filter((c) => c.unchanging).length;
    if (refusals < batch.length) {
      this.refusalsUnchecked += refusals;
      return [];
    }
    this.refusalsChecked += refusals;
    const cases = batch.map((c) => `${c.index} [${c.label}]`).join(', ');
    const first = batch[0];
    if (!first) return [];
    const changed = changedTables(before, after);
    if (changed.length > 0) return [{ index: first.index, label: first.label, problem: `refused cases ${cases} changed state: ${changed.join('; ')}` }];
    const kept = after.refusalsKept - before.refusalsKept;
    const mayKeep = batch.reduce((n, c) => n + c.mayKeep, 0);
    if (kept > mayKeep) return [{ index: first.index, label: first.label, problem: `refused cases ${cases} kept ${kept} messages, at most ${mayKeep} may be kept` }];
    return [];
  }
}
