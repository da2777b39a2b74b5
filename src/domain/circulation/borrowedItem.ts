/**
 * Rules of the built-in circulation for an item borrowed from a partner: which barcode the
 * temporary item gets, how long it waits on the hold shelf, and when the patron must bring it
 * back. Pure: the services pass what they looked up and the time.
 */

/** Days a received item waits on the hold shelf for its patron before the hold expires. */
export const HOLD_SHELF_DAYS = 7;

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

export function holdShelfExpiry(onShelfSince: Date, days: number = HOLD_SHELF_DAYS): Date {
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
