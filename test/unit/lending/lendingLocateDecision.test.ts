import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessLocate, decideLendingLocate, LOCATE_SHORTFALLS, type LocatedItem, type LocatePolicy, type RejectWhen } from '../../../src/domain/lending/locateDecision.js';

const item = (over: Partial<LocatedItem> = {}): LocatedItem => ({ barcode: 'B1', library: 'MAIN', status: 'available', requestable: true, electronic: false, ...over });
const NONE: RejectWhen = { locateFails: false, noAvailableItems: false, noRequestableItems: false, onlyElectronic: false };
const ALL: RejectWhen = { locateFails: true, noAvailableItems: true, noRequestableItems: true, onlyElectronic: true };
const policy = (rejectWhen: RejectWhen, ignoreElectronic = false): LocatePolicy => ({ rejectWhen, ignoreElectronic });

describe('lending locate decision', () => {
  it.each([
    ['nothing found', 0, [], 'NotHeld'],
    ['a record without copies', 1, [], 'NotHeld'],
    ['only electronic', 1, [item({ electronic: true })], 'NotAvailableForILL'],
    ['nothing requestable', 1, [item({ requestable: false }), item({ barcode: 'B2', requestable: false, status: 'on_loan' })], 'NonCirculating'],
    ['requestable, all on loan or gone', 2, [item({ status: 'on_loan' }), item({ barcode: 'B2', status: 'missing' }), item({ barcode: 'B3', status: 'in_transit' })], 'NotOnShelf'],
  ] as const)('%s: rejected with %s when the settings say so', (_name, records, items, reason) => {
    expect(decideLendingLocate(records, items, policy(ALL))).toMatchObject({ kind: 'reject', reasonUnfilled: reason });
  });

  it('a shortfall whose rejection is off is left to staff, with an explanation', () => {
    const decision = decideLendingLocate(1, [item({ status: 'on_loan' })], policy({ ...ALL, noAvailableItems: false }));
    expect(decision).toEqual({ kind: 'unresolved', shortfall: 'noAvailableItems', explanation: LOCATE_SHORTFALLS.noAvailableItems.explanation });
  });

  it('a copy already on the pick list for another request is not on the shelf for this one', () => {
    const items = [item({ barcode: 'B1', onPickList: true }), item({ barcode: 'B2' })];
    expect(decideLendingLocate(1, items, policy(ALL))).toEqual({ kind: 'found', item: items[1] });
    expect(decideLendingLocate(1, [items[0]!], policy(ALL))).toMatchObject({ kind: 'reject', reasonUnfilled: 'NotOnShelf' });
  });

  it('ignoring electronic resources turns an electronic-only holding into not held', () => {
    expect(decideLendingLocate(1, [item({ electronic: true })], policy(ALL, true))).toMatchObject({ kind: 'reject', shortfall: 'notHeld', reasonUnfilled: 'NotHeld' });
  });

  it('picks the available requestable physical item, first by library then barcode; items without a library last', () => {
    const items = [
      item({ barcode: 'A1', library: null }),
      item({ barcode: 'Z9', library: 'LAW' }),
      item({ barcode: 'C3', library: 'LAW' }),
      item({ barcode: 'A0', library: 'ART', status: 'on_loan' }),
      item({ barcode: 'A00', library: 'ART', requestable: false }),
      item({ barcode: 'A000', library: 'ART', electronic: true }),
    ];
    expect(decideLendingLocate(3, items, policy(NONE))).toEqual({ kind: 'found', item: items[2] });
    expect(decideLendingLocate(1, [items[0]!], policy(NONE))).toEqual({ kind: 'found', item: items[0] });
  });

  const arbItem = fc.record({
    barcode: fc.string({ minLength: 1, maxLength: 4 }),
    library: fc.option(fc.constantFrom('ART', 'LAW', 'MAIN'), { nil: null }),
    status: fc.constantFrom('available', 'on_loan', 'in_transit', 'missing'),
    requestable: fc.boolean(),
    electronic: fc.boolean(),
    onPickList: fc.boolean(),
  }) satisfies fc.Arbitrary<LocatedItem>;
  const arbRejectWhen = fc.record({ locateFails: fc.boolean(), noAvailableItems: fc.boolean(), noRequestableItems: fc.boolean(), onlyElectronic: fc.boolean() });

  it('every combination: found exactly when an available, requestable, physical item exists, and then it is one of those', () => {
    fc.assert(
      fc.property(fc.nat(3), fc.array(arbItem, { maxLength: 8 }), arbRejectWhen, fc.boolean(), (records, items, rejectWhen, ignoreElectronic) => {
        const decision = decideLendingLocate(records, items, policy(rejectWhen, ignoreElectronic));
        const lendable = records > 0 && items.some((i) => i.status === 'available' && i.requestable && !i.electronic && !i.onPickList);
        expect(decision.kind === 'found').toBe(lendable);
        if (decision.kind === 'found') {
          expect(items).toContain(decision.item);
          expect(decision.item).toMatchObject({ status: 'available', requestable: true, electronic: false, onPickList: false });
        } else {
          // The settings alone decide between rejecting and asking staff, and a rejection carries the shortfall's reason.
          const rule = LOCATE_SHORTFALLS[decision.shortfall];
          expect(decision.kind).toBe(rejectWhen[rule.rejectWhen] ? 'reject' : 'unresolved');
          if (decision.kind === 'reject') expect(decision.reasonUnfilled).toBe(rule.reasonUnfilled);
        }
      }),
    );
  });

  it('every combination: the shortfall names the most fundamental missing thing', () => {
    fc.assert(
      fc.property(fc.nat(3), fc.array(arbItem, { maxLength: 8 }), fc.boolean(), (records, items, ignoreElectronic) => {
        const assessed = assessLocate(records, items, ignoreElectronic);
        if ('item' in assessed) return;
        const counted = ignoreElectronic ? items.filter((i) => !i.electronic) : items;
        const physical = counted.filter((i) => !i.electronic);
        const expected =
          records === 0 || counted.length === 0
            ? 'notHeld'
            : physical.length === 0
              ? 'onlyElectronic'
              : physical.every((i) => !i.requestable)
                ? 'noRequestableItems'
                : 'noAvailableItems';
        expect(assessed.shortfall).toBe(expected);
      }),
    );
  });

  it('uses reasons of the ISO 18626 ReasonUnfilled code list', () => {
    expect(Object.values(LOCATE_SHORTFALLS).map((s) => s.reasonUnfilled).sort()).toEqual(['NonCirculating', 'NotAvailableForILL', 'NotHeld', 'NotOnShelf']);
  });
});
