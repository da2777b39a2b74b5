/**
 * One-shot locate over Z39.50: connect, init, search, present the first records, close.
 * Never throws for network or protocol problems, never leaves a socket open.
 */
import { type RecordSyntax, Z3950Error, Z3950Session } from './client.js';
import type { RpnTerm, Z3950Diagnostic, Z3950Record } from './pdu.js';

export interface Z3950Target {
  host: string;
  port: number;
  database: string;
}

export interface LocateZ3950Options {
  /** Per-operation timeout (connect, init, search, present). Default 10 s. */
  timeoutMs?: number;
  /** Records to present at most (0: count only). Default 10. */
  maxRecords?: number;
  syntax?: RecordSyntax;
}

export type LocateZ3950Result =
  | { kind: 'hits'; count: number; records: Z3950Record[]; diagnostics: Z3950Diagnostic[] }
  | { kind: 'diagnostic'; diagnostics: Z3950Diagnostic[] }
  | { kind: 'timeout'; stage: LocateStage }
  | { kind: 'unreachable'; error: string }
  | { kind: 'failed'; stage: LocateStage; reason: 'protocol' | 'init-rejected' | 'connection-closed'; error: string };

export type LocateStage = 'connect' | 'init' | 'search' | 'present';

export async function locateZ3950(target: Z3950Target, query: RpnTerm, options: LocateZ3950Options = {}): Promise<LocateZ3950Result> {
  let stage: LocateStage = 'connect';
  let session: Z3950Session | undefined;
  try {
    session = await Z3950Session.connect({ host: target.host, port: target.port, timeoutMs: options.timeoutMs });
    stage = 'init';
    await session.init();
    stage = 'search';
    const found = await session.search({ database: target.database, ...query });
    if (found.kind === 'diagnostic') return { kind: 'diagnostic', diagnostics: found.diagnostics };
    const wanted = Math.min(found.count, options.maxRecords ?? 10);
    if (wanted <= 0) return { kind: 'hits', count: found.count, records: [], diagnostics: [] };
    stage = 'present';
    const presented = await session.present({ start: 1, count: wanted, syntax: options.syntax ?? 'usmarc' });
    return { kind: 'hits', count: found.count, records: presented.records, diagnostics: presented.diagnostics };
  } catch (e) {
    if (e instanceof Z3950Error) {
      if (e.kind === 'timeout') return { kind: 'timeout', stage };
      if (e.kind === 'unreachable') return { kind: 'unreachable', error: e.message };
      const reason = e.kind === 'init-rejected' || e.kind === 'protocol' ? e.kind : 'connection-closed';
      return { kind: 'failed', stage, reason, error: e.message };
    }
    return { kind: 'failed', stage, reason: 'protocol', error: e instanceof Error ? e.message : String(e) };
  } finally {
    if (session) {
      try {
        await session.close();
      } catch {
        session.destroy();
      }
    }
  }
}
