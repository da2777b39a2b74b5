/**
 * Ordering a new request's rota. Pure: no database, no clock.
 *
 * Choices, so callers need not read the code:
 * - The *given order* is the order of the input array (the order the assignment rules or staff
 *   produced). An input `position` is ignored for ordering and replaced: rotas built from
 *   several templates would otherwise interleave their template-local positions.
 * - `ordered` keeps the given order. `by-supply-time` sorts by `averageSupplyDays` ascending;
 *   partners with an unknown (null, negative or non-finite) supply time go last; ties keep the
 *   given order (the sort is stable).
 * - Inactive partners stay in the list, in their place, marked `skipped` with reason
 *   `inactive`: staff see who was left out and why, and the service never sends to them.
 * - A partner listed twice keeps its first place in the result; later copies are `skipped`
 *   with reason `duplicate` (two assignment rules can add the same partner).
 * - Output positions are 0-based and contiguous (the array index), as the store keeps them.
 */

export type RotaOrderMode = 'ordered' | 'by-supply-time';

export interface RotaCandidate {
  partnerId: string;
  code: string;
  averageSupplyDays: number | null;
  active: boolean;
  position?: number;
}

export type RotaSkipReason = 'inactive' | 'duplicate';

export type OrderedRotaEntry<T extends RotaCandidate = RotaCandidate> = Omit<T, 'position'> & {
  /** 0-based place in the ordered rota. */
  position: number;
  /** True when the service must never send to this entry. */
  skipped: boolean;
  skipReason: RotaSkipReason | null;
};

/** A supply time we can sort on, or undefined for "unknown". */
function knownDays(days: number | null): number | undefined {
  return days !== null && Number.isFinite(days) && days >= 0 ? days : undefined;
}

/** Ascending known supply time, unknown last; 0 for ties (the caller keeps the given order). */
export function compareBySupplyTime(a: { averageSupplyDays: number | null }, b: { averageSupplyDays: number | null }): number {
  const da = knownDays(a.averageSupplyDays);
  const db = knownDays(b.averageSupplyDays);
  if (da === undefined && db === undefined) return 0;
  if (da === undefined) return 1;
  if (db === undefined) return -1;
  return da - db;
}

export function orderRota<T extends RotaCandidate>(entries: readonly T[], mode: RotaOrderMode): OrderedRotaEntry<T>[] {
  const indexed = entries.map((entry, index) => ({ entry, index }));
  if (mode === 'by-supply-time') {
    // Array.prototype.sort is stable since ES2019; the index tie-break makes that explicit.
    indexed.sort((a, b) => compareBySupplyTime(a.entry, b.entry) || a.index - b.index);
  }
  const seen = new Set<string>();
  return indexed.map(({ entry }, position) => {
    const duplicate = seen.has(entry.partnerId);
    seen.add(entry.partnerId);
    const skipReason: RotaSkipReason | null = duplicate ? 'duplicate' : entry.active ? null : 'inactive';
    const { position: _given, ...rest } = entry;
    return { ...rest, position, skipped: skipReason !== null, skipReason };
  });
}
