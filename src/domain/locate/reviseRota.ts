import type { LocateOutcome } from './classify.js';

/** What an outcome does to its rota entry: proven holders go first, undetermined ones stay as fallback. */
export type RotaRole = 'holder' | 'fallback' | 'drop';

export const OUTCOME_ROLES: Record<LocateOutcome, RotaRole> = {
  held: 'holder',
  'held-unavailable': 'drop',
  'not-held': 'drop',
  'no-match-fields': 'fallback',
  'no-profile': 'fallback',
  timeout: 'fallback',
  unreachable: 'fallback',
  error: 'fallback',
};

/** How staff read an outcome on the rota and in reasons. */
export const OUTCOME_LABELS: Record<LocateOutcome, string> = {
  held: 'held',
  'held-unavailable': 'held, no available item',
  'not-held': 'not held',
  'no-match-fields': 'nothing to search by',
  'no-profile': 'no locate profile',
  timeout: 'no answer in time',
  unreachable: 'unreachable',
  error: 'search failed',
};

/** One searched rota entry, in rota order; `evidence` is a short account such as "SRU http://… 0 hits". */
export interface LocatedEntry {
  entryId: string;
  outcome: LocateOutcome;
  evidence: string;
}

export interface RevisedRota {
  /** Every entry once: holders, then fallbacks, then dropped ones, each group in rota order. */
  order: string[];
  dropped: { entryId: string; reason: string }[];
  /** Something is left to ask: holders, or fallbacks that locate could not rule out. */
  event: 'locate:found' | 'locate:none';
}

const ROLE_RANK: Record<RotaRole, number> = { holder: 0, fallback: 1, drop: 2 };

/** The rota after locate: who stays, in which order, and why the others were dropped. */
export function reviseRota(entries: readonly LocatedEntry[]): RevisedRota {
  const ranked = entries.map((entry, index) => ({ entry, index, role: OUTCOME_ROLES[entry.outcome] }));
  ranked.sort((a, b) => ROLE_RANK[a.role] - ROLE_RANK[b.role] || a.index - b.index);
  const dropped = ranked.filter((r) => r.role === 'drop').map((r) => ({ entryId: r.entry.entryId, reason: `locate: ${OUTCOME_LABELS[r.entry.outcome]} (${r.entry.evidence})` }));
  const kept = ranked.length - dropped.length;
  return {
    order: ranked.map((r) => r.entry.entryId),
    dropped,
    event: kept > 0 ? 'locate:found' : 'locate:none',
  };
}
