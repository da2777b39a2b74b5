import type { HoldStatus } from '../../store/schema.js';

/**
 * Rules of the built-in circulation for an item borrowed from a partner: which barcode the
 * temporary item gets, how long it waits on the hold shelf, and when the patron must bring it
 * back. Pure: the services pass what they looked up and the time.
 */

/** Where a received item waits when neither the request nor the library settings name a pickup location. */
export const DEFAULT_HOLD_SHELF_LOCATION = 'Hold shelf';

const DAY_MS = 86_400_000;


export function temporaryBarcodeFor(requestNumber: string): string {
  return `TMP-${requestNumber}`;
}

export interface BarcodeChoice {
  barcode: string;
  /** Why the lender's barcode was not used although the partner shares barcodes. */
  fallbackReason?: string;
}

/**
 * The temporary item's barcode: the lender's own when the partner shares barcodes (staff scan
 * the label already on the item), else `TMP-<request number>`. A lender barcode that one of
 * our items already carries would make scanning ambiguous, so it falls back too.
 */
export function chooseTemporaryBarcode(input: {
  requestNumber: string;
  sharedBarcodes: boolean;
  lenderBarcode?: string | null | undefined;
  lenderBarcodeTaken?: boolean;
}): BarcodeChoice {
  const temporary = temporaryBarcodeFor(input.requestNumber);
  if (!input.sharedBarcodes) return { barcode: temporary };
  const lender = input.lenderBarcode?.trim();
  if (!lender) return { barcode: temporary, fallbackReason: 'the lender sent no barcode' };
  if (input.lenderBarcodeTaken) return { barcode: temporary, fallbackReason: `lender barcode ${lender} is already one of our items` };
  return { barcode: lender };
}

/** The last moment on the hold shelf; `days` is the borrowing setting `holdShelfDays`. */
export function holdShelfExpiry(onShelfSince: Date, days: number): Date {
  return new Date(onShelfSince.getTime() + days * DAY_MS);
}

export function isHoldShelfLapsed(shelfExpiresAt: Date | null, now: Date): boolean {
  return shelfExpiresAt !== null && shelfExpiresAt.getTime() <= now.getTime();
}

/** The patron keeps the item until the lender wants it back: no local loan period applies. */
export function patronDueDate(lenderDueDate: Date | null): Date | null {
  return lenderDueDate;
}

/** The pickup location of the hold: the request's, else the library's default pickup location, else its default location. */
export function holdPickupLocation(request: string | null, defaults: { pickup?: string | null; location?: string | null }): string {
  return request?.trim() || defaults.pickup?.trim() || defaults.location?.trim() || DEFAULT_HOLD_SHELF_LOCATION;
}

export function notPickedUpNote(shelfExpiresAt: Date): string {
  return `not picked up by ${shelfExpiresAt.toISOString().slice(0, 10)}: hold expired`;
}

export interface PickupLibrary {
  id: string;
  code: string;
  name: string;
}

/** The institution's library a pickup location names, by code or name, regardless of case. */
export function pickupLibraryOf(pickupLocation: string, libraries: readonly PickupLibrary[]): PickupLibrary | undefined {
  const wanted = pickupLocation.trim().toLowerCase();
  if (!wanted) return undefined;
  return libraries.find((library) => library.code.trim().toLowerCase() === wanted) ?? libraries.find((library) => library.name.trim().toLowerCase() === wanted);
}

/** Where a received item goes: on this library's hold shelf, or in transit to the institution's library where the patron picks it up. */
export type HoldPlacement = { kind: 'on-shelf'; onShelfSince: Date; shelfExpiresAt: Date } | { kind: 'in-transit'; to: PickupLibrary };

export function placeReceivedItem(input: {
  pickupLocation: string;
  /** The library that received the item (the request's library); unknown: it is here. */
  receivingLibraryId: string | null;
  libraries: readonly PickupLibrary[];
  holdShelfDays: number;
  now: Date;
}): HoldPlacement {
  const pickup = pickupLibraryOf(input.pickupLocation, input.libraries);
  if (pickup && input.receivingLibraryId !== null && pickup.id !== input.receivingLibraryId) return { kind: 'in-transit', to: pickup };
  return { kind: 'on-shelf', onShelfSince: input.now, shelfExpiresAt: holdShelfExpiry(input.now, input.holdShelfDays) };
}

export function inTransitNote(barcode: string, to: string): string {
  return `temporary item ${barcode} in transit to ${to}`;
}

export function arrivedNote(pickupLocation: string, shelfExpiresAt: Date): string {
  return `arrived at ${pickupLocation}: on the hold shelf until ${shelfExpiresAt.toISOString().slice(0, 10)}`;
}

/**
 * Staff actions the built-in circulation refuses while the patron's hold is in a given state,
 * checked before the action runs (and before any call to another system). The request's own
 * table cannot see the hold, so these rules sit beside it.
 */
export const HOLD_GUARDS: readonly { action: string; holdStatus: HoldStatus; reason: (pickupLocation: string) => string }[] = [
  {
    action: 'loan-to-patron',
    holdStatus: 'waiting',
    reason: (pickup) => `the item is still in transit to ${pickup}: scan it there when it arrives, then loan it to the patron`,
  },
];

/** Why the hold forbids the action now, or undefined when it does not. */
export function holdRefusal(action: string, hold: { status: HoldStatus; pickup_location: string } | undefined): string | undefined {
  if (!hold) return undefined;
  return HOLD_GUARDS.find((guard) => guard.action === action && guard.holdStatus === hold.status)?.reason(hold.pickup_location);
}
