import { describe, expect, it } from 'vitest';
import { BORROWING_ACTIONS, borrowingTable, type BorrowingEffect } from '../../../../src/domain/borrowing/table.js';
import { brokerBorrowingTable } from '../../../../src/domain/borrowing/brokerTable.js';
import {
  BORROWING_EFFECT_SERVICES,
  BORROWING_ILS_CALLS,
  borrowedIlsItemId,
  borrowingEffectPlan,
  isBorrowingCirculationEffect,
  isLendingCirculationEffect,
  LENDING_ILS_CALLS,
  lendingEffectPlan,
  ncipDateTime,
} from '../../../../src/domain/circulation/ilsCalls.js';
import { LENDING_ACTIONS, lendingTable } from '../../../../src/domain/lending/table.js';

describe('ILS calls in circulation mode ncip', () => {
  it('maps the staff actions of the brief to their NCIP services, and only actions the tables know', () => {
    expect(BORROWING_ILS_CALLS).toEqual({ receive: 'AcceptItem', 'loan-to-patron': 'CheckOutItem', 'patron-return': 'CheckInItem' });
    expect(LENDING_ILS_CALLS).toEqual({ 'will-supply': 'RequestItem', ship: 'CheckOutItem', 'check-in': 'CheckInItem' });
    for (const action of Object.keys(BORROWING_ILS_CALLS)) expect(BORROWING_ACTIONS).toContain(action);
    for (const action of Object.keys(LENDING_ILS_CALLS)) expect(LENDING_ACTIONS).toContain(action);
    // A renewal request goes to the lender, never to the ILS.
    expect(Object.keys(BORROWING_ILS_CALLS)).not.toContain('request-renewal');
  });

  it('every built-in circulation effect of the borrowing tables is covered, and nothing else is', () => {
    const used = new Set<BorrowingEffect['kind']>();
    for (const table of [borrowingTable, brokerBorrowingTable]) for (const t of table.transitions) for (const e of t.effects ?? []) used.add(e.kind);
    const circulation = [...used].filter(isBorrowingCirculationEffect).sort();
    expect(circulation).toEqual(Object.keys(BORROWING_EFFECT_SERVICES).sort());
    expect(isBorrowingCirculationEffect('tell-lender')).toBe(false);
    expect(isBorrowingCirculationEffect('notify-patron')).toBe(false);
    expect(isLendingCirculationEffect('lend-item')).toBe(true);
    expect(isLendingCirculationEffect('tell-borrower')).toBe(false);
  });

  it('an effect done by the action’s own call is not repeated; partner changes are queued; the rest stays with the ILS', () => {
    expect(borrowingEffectPlan('create-temporary-item', 'receive')).toEqual({ kind: 'called', service: 'AcceptItem' });
    expect(borrowingEffectPlan('start-patron-loan', 'loan-to-patron')).toEqual({ kind: 'called', service: 'CheckOutItem' });
    expect(borrowingEffectPlan('end-patron-loan', 'patron-return')).toEqual({ kind: 'called', service: 'CheckInItem' });
    expect(borrowingEffectPlan('remove-temporary-records', 'supplier:LoanCompleted')).toEqual({ kind: 'queue', service: 'DeleteItem' });
    expect(borrowingEffectPlan('remove-temporary-records', 'broker:Cancelled')).toEqual({ kind: 'queue', service: 'DeleteItem' });
    expect(borrowingEffectPlan('renew-patron-loan', 'supplier:RenewAccepted')).toEqual({ kind: 'queue', service: 'RenewItem' });
    expect(borrowingEffectPlan('cancel-patron-hold', 'cancel')).toEqual({ kind: 'none' });
    expect(borrowingEffectPlan('item-in-transit', 'return-to-lender')).toEqual({ kind: 'none' });
    expect(lendingEffectPlan('lend-item', 'ship')).toEqual({ kind: 'called', service: 'CheckOutItem' });
    expect(lendingEffectPlan('return-lent-item', 'check-in')).toEqual({ kind: 'called', service: 'CheckInItem' });
    expect(lendingEffectPlan('return-lent-item', 'broker:CheckInItem')).toEqual({ kind: 'none' });
  });

  it('every lending circulation effect appears in the lending table', () => {
    const used = new Set(lendingTable.transitions.flatMap((t) => (t.effects ?? []).map((e) => e.kind)));
    expect(used.has('lend-item') && used.has('return-lent-item')).toBe(true);
  });

  it('the ILS item id: the lender barcode when sent, trimmed; else TMP-<request number>', () => {
    expect(borrowedIlsItemId({ request_number: '42', terms: { lenderItemId: ' HC-0001 ' } })).toBe('HC-0001');
    expect(borrowedIlsItemId({ request_number: '42', terms: { lenderItemId: '  ' } })).toBe('TMP-42');
    expect(borrowedIlsItemId({ request_number: '42', terms: { lenderItemId: 7 } })).toBe('TMP-42');
    expect(borrowedIlsItemId({ request_number: '42', terms: {} })).toBe('TMP-42');
  });

  it('NCIP dateTimes are whole seconds', () => {
    expect(ncipDateTime(new Date('2030-01-31T23:59:00.123Z'))).toBe('2030-01-31T23:59:00Z');
  });
});
