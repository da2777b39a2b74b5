/** What one target's search proved about the rota entry (stored as locate_result.outcome). */
export type LocateOutcome = 'held' | 'held-unavailable' | 'not-held' | 'no-match-fields' | 'no-profile' | 'timeout' | 'unreachable' | 'error';

export type ItemAvailability = 'available' | 'on-loan' | 'unavailable' | 'unknown';

/** One holding or item a target reported (the domain's view of LocateAvailability). */
export interface SeenItem {
  status: ItemAvailability;
  requestable?: boolean | undefined;
}

/** How a target answered, before any judgement. */
export type TargetAnswer =
  | { kind: 'hits'; hits: number; items: readonly SeenItem[] }
  | { kind: 'no-match-fields' | 'no-profile' | 'timeout' | 'unreachable' | 'error' };

/**
 * What an item's status says about supplying it. `unknown` cannot prove the item is away, so it
 * counts for the partner: dropping a partner needs evidence that it cannot supply.
 */
const ITEM_COUNTS_AS: Record<ItemAvailability, 'available' | 'away' | 'unknown'> = {
  available: 'available',
  'on-loan': 'away',
  unavailable: 'away',
  unknown: 'unknown',
};

function mayBeSupplied(item: SeenItem): boolean {
  return item.requestable !== false && ITEM_COUNTS_AS[item.status] !== 'away';
}

/**
 * The outcome of one target's search. With hits, a target that reports no holdings is taken as
 * holding the item (it cannot be checked); with `checkAvailability`, holdings that are all on
 * loan, missing or not requestable make it `held-unavailable`.
 */
export function classifyAnswer(answer: TargetAnswer, checkAvailability: boolean): LocateOutcome {
  if (answer.kind !== 'hits') return answer.kind;
  if (answer.hits <= 0) return 'not-held';
  if (!checkAvailability || answer.items.length === 0) return 'held';
  return answer.items.some(mayBeSupplied) ? 'held' : 'held-unavailable';
}
