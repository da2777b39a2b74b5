import type { BorrowingAction, BorrowingEffect, BorrowingEvent } from '../borrowing/table.js';
import type { LendingAction, LendingEffect, LendingEvent } from '../lending/table.js';
import { temporaryBarcodeFor } from './borrowedItem.js';

/**
 * Circulation in an institution's own ILS (circulation mode `ncip`): which NCIP service stands
 * for which staff action and which built-in circulation effect. Pure data and rules; the
 * services send (src/services/ncip/client/ilsBorrowingCalls.ts, ilsLendingCalls.ts) or queue
 * (ilsCirculationEffects.ts) the messages.
 */

export type IlsService = 'AcceptItem' | 'CheckOutItem' | 'CheckInItem' | 'RenewItem' | 'DeleteItem' | 'RequestItem';

/**
 * Staff actions the ILS must accept before they happen here: sent before the action's
 * transaction, and a refusal stops the action (unless staff override). A renewal request needs
 * no call: the lender answers, and its answer reaches the ILS as a queued RenewItem.
 */
export const BORROWING_ILS_CALLS = {
  receive: 'AcceptItem',
  'loan-to-patron': 'CheckOutItem',
  'patron-return': 'CheckInItem',
} as const satisfies Partial<Record<BorrowingAction, IlsService>>;

export const LENDING_ILS_CALLS = {
  'will-supply': 'RequestItem',
  ship: 'CheckOutItem',
  'check-in': 'CheckInItem',
} as const satisfies Partial<Record<LendingAction, IlsService>>;

/** The built-in circulation effects of the borrowing table, and what the ILS does instead (undefined: nothing to tell it). */
export const BORROWING_EFFECT_SERVICES = {
  'create-temporary-item': 'AcceptItem',
  'start-patron-loan': 'CheckOutItem',
  // The lender moved the due date: RenewItem is the NCIP message that carries a new one (DesiredDateDue).
  'renew-patron-loan': 'RenewItem',
  'end-patron-loan': 'CheckInItem',
  // The ILS tracks the item itself; its hold goes with the item when DeleteItem removes it.
  'item-in-transit': undefined,
  'cancel-patron-hold': undefined,
  // The "cleanup": the item the ILS accepted for the request goes when the request closes.
  'remove-temporary-records': 'DeleteItem',
} as const satisfies Partial<Record<BorrowingEffect['kind'], IlsService | undefined>>;

export const LENDING_EFFECT_SERVICES = {
  'lend-item': 'CheckOutItem',
  'return-lent-item': 'CheckInItem',
} as const satisfies Partial<Record<LendingEffect['kind'], IlsService | undefined>>;

export type BorrowingCirculationEffect = keyof typeof BORROWING_EFFECT_SERVICES;
export type LendingCirculationEffect = keyof typeof LENDING_EFFECT_SERVICES;

export function isBorrowingCirculationEffect(kind: BorrowingEffect['kind']): kind is BorrowingCirculationEffect {
  return kind in BORROWING_EFFECT_SERVICES;
}

export function isLendingCirculationEffect(kind: LendingEffect['kind']): kind is LendingCirculationEffect {
  return kind in LENDING_EFFECT_SERVICES;
}

/**
 * What becomes of a built-in circulation effect in `ncip` mode:
 * - `called`: the staff action's own ILS call (made before the transaction) already did it;
 * - `queue`: a change that came from a partner, which the ILS must hear of but which cannot be
 *   refused: the message goes through the outbox in the event's transaction;
 * - `none`: the ILS keeps track of it by itself.
 */
export type IlsEffectPlan = { kind: 'called'; service: IlsService } | { kind: 'queue'; service: IlsService } | { kind: 'none' };

/** Services this deployment queues for partner-driven changes; the others are sent only by staff actions. */
export const QUEUED_SERVICES: ReadonlySet<IlsService> = new Set(['RenewItem', 'DeleteItem']);

function planFor(service: IlsService | undefined, calledByEvent: IlsService | undefined): IlsEffectPlan {
  if (service === undefined) return { kind: 'none' };
  if (calledByEvent === service) return { kind: 'called', service };
  return QUEUED_SERVICES.has(service) ? { kind: 'queue', service } : { kind: 'none' };
}

export function borrowingEffectPlan(effect: BorrowingCirculationEffect, event: BorrowingEvent): IlsEffectPlan {
  return planFor(BORROWING_EFFECT_SERVICES[effect], (BORROWING_ILS_CALLS as Partial<Record<BorrowingEvent, IlsService>>)[event]);
}

export function lendingEffectPlan(effect: LendingCirculationEffect, event: LendingEvent): IlsEffectPlan {
  return planFor(LENDING_EFFECT_SERVICES[effect], (LENDING_ILS_CALLS as Partial<Record<LendingEvent, IlsService>>)[event]);
}

/** The item id the ILS knows a borrowed item by: the lender's barcode when it sent one, else TMP-<request number>. */
export function borrowedIlsItemId(request: { request_number: string; terms: Record<string, unknown> }): string {
  const lender = request.terms.lenderItemId;
  return typeof lender === 'string' && lender.trim() ? lender.trim() : temporaryBarcodeFor(request.request_number);
}

/** An NCIP dateTime, to the second (what ISO 18626 carries too). */
export function ncipDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
