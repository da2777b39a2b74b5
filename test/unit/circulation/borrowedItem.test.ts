import { describe, expect, it } from 'vitest';
import {
  chooseTemporaryBarcode,
  DEFAULT_HOLD_SHELF_LOCATION,
  holdPickupLocation,
  holdShelfExpiry,
  isHoldShelfLapsed,
  notPickedUpNote,
  patronDueDate,
  temporaryBarcodeFor,
} from '../../../src/domain/circulation/borrowedItem.js';
import { borrowingTable } from '../../../src/domain/borrowing/table.js';
import { lendingTable } from '../../../src/domain/lending/table.js';
import { decide } from '../../../src/domain/stateMachine.js';

describe('temporary barcode', () => {
  it('is TMP-<request number> unless the partner shares barcodes', () => {
    expect(temporaryBarcodeFor('NSU-000042')).toBe('TMP-NSU-000042');
    expect(chooseTemporaryBarcode({ requestNumber: 'NSU-1', sharedBarcodes: false, lenderBarcode: 'LKC-42' })).toEqual({ barcode: 'TMP-NSU-1' });
  });

  it("uses the lender's barcode (trimmed) when the partner shares barcodes", () => {
    expect(chooseTemporaryBarcode({ requestNumber: 'NSU-1', sharedBarcodes: true, lenderBarcode: ' LKC-42 ' })).toEqual({ barcode: 'LKC-42' });
  });

  it.each([
    [undefined, 'the lender sent no barcode'],
    [null, 'the lender sent no barcode'],
    ['   ', 'the lender sent no barcode'],
  ])('falls back when the lender barcode is %j', (lenderBarcode, reason) => {
    expect(chooseTemporaryBarcode({ requestNumber: 'NSU-1', sharedBarcodes: true, lenderBarcode })).toEqual({ barcode: 'TMP-NSU-1', fallbackReason: reason });
  });

  it('falls back when one of our items already carries the lender barcode', () => {
    expect(chooseTemporaryBarcode({ requestNumber: 'NSU-1', sharedBarcodes: true, lenderBarcode: 'X1', lenderBarcodeTaken: true })).toEqual({
      barcode: 'TMP-NSU-1',
      fallbackReason: 'lender barcode X1 is already one of our items',
    });
  });
});

describe('hold shelf', () => {
  const since = new Date('2026-03-01T10:00:00Z');

  it('keeps an item the given number of days (the borrowing setting holdShelfDays)', () => {
    expect(holdShelfExpiry(since, 7).toISOString()).toBe('2026-03-08T10:00:00.000Z');
    expect(holdShelfExpiry(since, 3).toISOString()).toBe('2026-03-04T10:00:00.000Z');
  });

  it('lapses at the shelf date, not before; a hold without one never lapses', () => {
    const expires = holdShelfExpiry(since, 7);
    expect(isHoldShelfLapsed(expires, new Date(expires.getTime() - 1))).toBe(false);
    expect(isHoldShelfLapsed(expires, expires)).toBe(true);
    expect(isHoldShelfLapsed(null, new Date('2100-01-01'))).toBe(false);
    expect(notPickedUpNote(expires)).toBe('not picked up by 2026-03-08: hold expired');
  });

  it('pickup location: the request, else the default pickup, else the default location, else the hold shelf', () => {
    expect(holdPickupLocation('Branch desk', { pickup: 'Main desk', location: 'ILL' })).toBe('Branch desk');
    expect(holdPickupLocation(null, { pickup: 'Main desk', location: 'ILL' })).toBe('Main desk');
    expect(holdPickupLocation('  ', { pickup: null, location: 'ILL' })).toBe('ILL');
    expect(holdPickupLocation(null, {})).toBe(DEFAULT_HOLD_SHELF_LOCATION);
  });

  it("the patron's due date is the lender's", () => {
    const due = new Date('2026-04-01T00:00:00Z');
    expect(patronDueDate(due)).toBe(due);
    expect(patronDueDate(null)).toBeNull();
  });
});

describe('circulation effects in the tables', () => {
  const effectsOf = (from: string, on: string, facts = {}) => {
    const d = decide(borrowingTable, from as never, on as never, { facts });
    if (!d.ok) throw new Error(d.reason);
    return d.effects.map((e) => e.kind);
  };

  it('receive, loan, renewal, return and return-to-lender carry their circulation effects', () => {
    expect(effectsOf('shipped_physically', 'receive')).toContain('create-temporary-item');
    expect(effectsOf('received_physically', 'loan-to-patron')).toEqual(['start-patron-loan']);
    expect(effectsOf('renew_requested', 'supplier:RenewAccepted')).toEqual(['record-lender-terms', 'renew-patron-loan', 'notify-patron']);
    expect(effectsOf('loaned_to_patron', 'patron-return')).toEqual(['end-patron-loan']);
    expect(effectsOf('returned_by_patron', 'return-to-lender')).toEqual(['tell-lender', 'item-in-transit']);
    expect(effectsOf('received_physically', 'cancel')).toEqual(['cancel-patron-hold']);
  });

  it('every way from receipt into a final state removes the temporary records, and no other does', () => {
    const afterReceipt = ['received_physically', 'loaned_to_patron', 'renewed', 'renew_refused', 'recalled', 'overdue', 'renew_requested', 'returned_by_patron', 'returned_to_partner', 'lost_communicated', 'damaged_communicated'];
    let closing = 0;
    for (const t of borrowingTable.transitions) {
      const final = t.to !== undefined && borrowingTable.states[t.to].terminal === true && t.from.some((f) => afterReceipt.includes(f));
      if (final) closing += 1;
      const removes = (t.effects ?? []).some((e) => e.kind === 'remove-temporary-records');
      expect(removes, `${t.from.join('|')} --${t.on}--> ${t.to ?? '(stay)'}`).toBe(final);
    }
    // return-to-lender without check-in, LoanCompleted, CompletedWithoutReturn, complete (at least).
    expect(closing).toBeGreaterThanOrEqual(4);
  });

  it('lending: ship lends the item, check-in returns it', () => {
    const ship = decide(lendingTable, 'will_supply', 'ship', { facts: {} });
    const checkIn = decide(lendingTable, 'returned_by_partner', 'check-in', { facts: {} });
    expect(ship.ok && ship.effects.map((e) => e.kind)).toContain('lend-item');
    expect(checkIn.ok && checkIn.effects.map((e) => e.kind)).toContain('return-lent-item');
    const digital = decide(lendingTable, 'will_supply', 'ship-digitally', { facts: {} });
    expect(digital.ok && digital.effects.map((e) => e.kind)).not.toContain('lend-item');
  });
});
