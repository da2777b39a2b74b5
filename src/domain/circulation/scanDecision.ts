import type { BorrowingAction } from '../borrowing/table.js';
import type { LendingAction } from '../lending/table.js';

/**
 * Scan-in: staff scan a barcode at the desk and the system does what that barcode's request
 * needs next. What a barcode can identify at an institution, and what a scan means for it in
 * each status, is this table; the service only finds the candidates and performs the action.
 */

/** How a barcode can point at a request. */
export type ScanMatch =
  /** The lender's item id (or shipped barcode) of a borrowing request: the parcel at the door. */
  | 'lender-barcode'
  /** The temporary item created when a borrowed item was received. */
  | 'temporary-item'
  /** One of our catalogued items, on loan to a partner for a lending request. */
  | 'lent-item'
  /** An item on the pick list of a lending request. */
  | 'picked-item';

/** What a scan can do: a request's own action, or `arrive` (an item in transit reached its pickup library: a circulation step, not a request action). */
export const SCAN_ACTIONS = ['receive', 'loan-to-patron', 'patron-return', 'return-to-lender', 'check-in', 'ship', 'arrive'] as const satisfies readonly (
  | BorrowingAction
  | LendingAction
  | 'arrive'
)[];
export type ScanAction = (typeof SCAN_ACTIONS)[number];

export interface ScanCandidate {
  kind: 'borrowing' | 'lending';
  requestId: string;
  number: string;
  status: string;
  match: ScanMatch;
  /** Who drives the request (absent: our rota / ISO 18626 partner). */
  managedBy?: 'rota' | 'broker' | undefined;
  /** The patron's hold, for a temporary item: `waiting` while the item is in transit to the pickup library. */
  holdStatus?: string | undefined;
}

interface ScanRule {
  match: ScanMatch;
  statuses: readonly string[];
  action: ScanAction;
  /** Only for requests managed so (absent: whoever manages them). */
  managedBy?: 'rota' | 'broker';
  /** Only when the request's hold is in this state. */
  hold?: 'waiting';
  /** Needs more than a barcode (ship needs a due date): answer with a suggestion instead of acting. */
  suggestOnly?: true;
}

/**
 * What an automatic scan does, per match and status. A received item waiting on the hold shelf
 * is deliberately absent: the patron picking it up is a loan staff make from the request. One
 * still in transit to the patron's pickup library arrives there when scanned.
 */
export const SCAN_RULES: readonly ScanRule[] = [
  { match: 'lender-barcode', statuses: ['shipped_physically'], action: 'receive' },
  { match: 'temporary-item', statuses: ['received_physically'], hold: 'waiting', action: 'arrive' },
  { match: 'temporary-item', statuses: ['loaned_to_patron', 'renew_requested', 'renewed', 'renew_refused', 'recalled', 'overdue'], action: 'patron-return' },
  { match: 'temporary-item', statuses: ['returned_by_patron', 'damaged_communicated'], action: 'return-to-lender' },
  { match: 'lent-item', statuses: ['returned_by_partner'], action: 'check-in' },
  // A broker says the item is back only by its CheckInItem: our barcode scanned at the desk is the return.
  { match: 'lent-item', managedBy: 'broker', statuses: ['shipped_physically', 'recalled', 'overdue'], action: 'check-in' },
  // A broker ships in its own system and tells us by CheckOutItem: only our own requests are shipped from the desk.
  { match: 'picked-item', managedBy: 'rota', statuses: ['will_supply'], action: 'ship', suggestOnly: true },
];

/** Which actions staff may name explicitly for each kind of match (the request's state machine then decides). */
export const EXPLICIT_SCAN_ACTIONS: Readonly<Record<ScanMatch, readonly ScanAction[]>> = {
  'lender-barcode': ['receive'],
  'temporary-item': ['arrive', 'loan-to-patron', 'patron-return', 'return-to-lender'],
  'lent-item': ['check-in'],
  'picked-item': ['ship'],
};

export type ScanDecision =
  | { kind: 'act'; action: ScanAction; candidate: ScanCandidate }
  | { kind: 'suggest'; action: ScanAction; candidate: ScanCandidate }
  | { kind: 'ambiguous'; options: { action: ScanAction; candidate: ScanCandidate }[] }
  /** The barcode is known but its request has nothing a scan can do now. */
  | { kind: 'nothing-to-do'; candidates: ScanCandidate[] }
  | { kind: 'unknown' };

/** `requested` 'auto' follows SCAN_RULES; a named action picks the candidates it can apply to and always acts. */
export function decideScan(candidates: readonly ScanCandidate[], requested: ScanAction | 'auto'): ScanDecision {
  if (candidates.length === 0) return { kind: 'unknown' };
  const options = dedupe(
    requested === 'auto'
      ? candidates.flatMap((candidate) =>
          SCAN_RULES.filter((rule) => rule.match === candidate.match && (rule.managedBy === undefined || rule.managedBy === (candidate.managedBy ?? 'rota')) && rule.statuses.includes(candidate.status) && (rule.hold === undefined || rule.hold === candidate.holdStatus)).map((rule) => ({
            action: rule.action,
            candidate,
            suggestOnly: rule.suggestOnly === true,
          })),
        )
      : candidates.filter((candidate) => EXPLICIT_SCAN_ACTIONS[candidate.match].includes(requested)).map((candidate) => ({ action: requested, candidate, suggestOnly: false })),
  );
  const [only, ...rest] = options;
  if (!only) return { kind: 'nothing-to-do', candidates: [...candidates] };
  if (rest.length > 0) return { kind: 'ambiguous', options: options.map(({ action, candidate }) => ({ action, candidate })) };
  return { kind: only.suggestOnly ? 'suggest' : 'act', action: only.action, candidate: only.candidate };
}

/** One request can match a barcode twice (a shared lender barcode labels the temporary item too): count it once. */
function dedupe<T extends { action: ScanAction; candidate: ScanCandidate }>(options: T[]): T[] {
  const seen = new Set<string>();
  return options.filter((option) => {
    const key = `${option.candidate.kind}:${option.candidate.requestId}:${option.action}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
