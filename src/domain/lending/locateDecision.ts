/**
 * What the lender's own locate concluded, and what the lending settings make of it. Pure: the
 * service searches the catalogue and hands over what it found.
 */

/** One of our items a locate found, as much as the decision needs. */
export interface LocatedItem {
  barcode: string;
  /** Library code; items without one sort last. */
  library: string | null;
  status: 'available' | 'on_loan' | 'in_transit' | 'missing';
  requestable: boolean;
  electronic: boolean;
  /** Already to be fetched for another lending request: not on the shelf for this one. */
  onPickList?: boolean | undefined;
}

export interface RejectWhen {
  locateFails: boolean;
  noAvailableItems: boolean;
  noRequestableItems: boolean;
  onlyElectronic: boolean;
}

export interface LocatePolicy {
  rejectWhen: RejectWhen;
  /** Electronic resources do not count as holdings at all. */
  ignoreElectronic: boolean;
}

/** Why no item can be lent, most fundamental first: the first that applies is the finding. */
export type LocateShortfall = 'notHeld' | 'onlyElectronic' | 'noRequestableItems' | 'noAvailableItems';

/** Per shortfall: the setting that turns it into a rejection, the ISO 18626 reasonUnfilled, and what staff read otherwise. */
export const LOCATE_SHORTFALLS: Record<LocateShortfall, { rejectWhen: keyof RejectWhen; reasonUnfilled: string; explanation: string }> = {
  notHeld: { rejectWhen: 'locateFails', reasonUnfilled: 'NotHeld', explanation: 'locate found no copy in our catalogue' },
  onlyElectronic: { rejectWhen: 'onlyElectronic', reasonUnfilled: 'NotAvailableForILL', explanation: 'locate found only electronic copies' },
  noRequestableItems: { rejectWhen: 'noRequestableItems', reasonUnfilled: 'NonCirculating', explanation: 'locate found copies, none requestable for resource sharing' },
  noAvailableItems: { rejectWhen: 'noAvailableItems', reasonUnfilled: 'NotOnShelf', explanation: 'locate found requestable copies, none available on the shelf' },
};

export type LendingLocateDecision<I extends LocatedItem> =
  /** An item to pick from the shelf. */
  | { kind: 'found'; item: I }
  /** Rejected on the library's settings with this reasonUnfilled. */
  | { kind: 'reject'; shortfall: LocateShortfall; reasonUnfilled: string; explanation: string }
  /** A shortfall the settings do not reject on: staff decide. */
  | { kind: 'unresolved'; shortfall: LocateShortfall; explanation: string };

const byLibraryThenBarcode = (a: LocatedItem, b: LocatedItem): number => {
  if (a.library !== b.library) {
    if (a.library === null) return 1;
    if (b.library === null) return -1;
    return a.library < b.library ? -1 : 1;
  }
  return a.barcode < b.barcode ? -1 : a.barcode > b.barcode ? 1 : 0;
};

/** The shortfall of what locate found, or the item to lend: available, requestable, physical; first by library then barcode. */
export function assessLocate<I extends LocatedItem>(recordsFound: number, items: readonly I[], ignoreElectronic: boolean): { shortfall: LocateShortfall } | { item: I } {
  const counted = ignoreElectronic ? items.filter((i) => !i.electronic) : items;
  // A record without a single copy is a catalogue entry, not a holding.
  if (recordsFound === 0 || counted.length === 0) return { shortfall: 'notHeld' };
  const physical = counted.filter((i) => !i.electronic);
  if (physical.length === 0) return { shortfall: 'onlyElectronic' };
  const requestable = physical.filter((i) => i.requestable);
  if (requestable.length === 0) return { shortfall: 'noRequestableItems' };
  const available = requestable.filter((i) => i.status === 'available' && i.onPickList !== true).sort(byLibraryThenBarcode);
  const item = available[0];
  return item === undefined ? { shortfall: 'noAvailableItems' } : { item };
}

export function decideLendingLocate<I extends LocatedItem>(recordsFound: number, items: readonly I[], policy: LocatePolicy): LendingLocateDecision<I> {
  const assessed = assessLocate(recordsFound, items, policy.ignoreElectronic);
  if ('item' in assessed) return { kind: 'found', item: assessed.item };
  const { rejectWhen, reasonUnfilled, explanation } = LOCATE_SHORTFALLS[assessed.shortfall];
  return policy.rejectWhen[rejectWhen]
    ? { kind: 'reject', shortfall: assessed.shortfall, reasonUnfilled, explanation }
    : { kind: 'unresolved', shortfall: assessed.shortfall, explanation };
}
