import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { hasNextPartner, nextPendingEntry, ROTA_ENTRY_STATUSES, type RotaEntryStatus } from '../../../../src/domain/rota/entry.js';
import type { RotaEntryStatus as StoredRotaEntryStatus } from '../../../../src/store/schema.js';

const entry = (position: number, status: RotaEntryStatus, partnerActive = true) => ({ position, status, partnerActive, id: `e${position}` });

describe('nextPendingEntry', () => {
  it('is the lowest-position pending entry with an active partner', () => {
    const rota = [entry(3, 'pending'), entry(0, 'rejected'), entry(1, 'pending', false), entry(2, 'pending'), entry(4, 'sent')];
    expect(nextPendingEntry(rota)?.id).toBe('e2');
    expect(hasNextPartner(rota)).toBe(true);
  });

  it('is undefined when nothing is pending with an active partner', () => {
    const rota = [entry(0, 'sent'), entry(1, 'pending', false), entry(2, 'cancelled'), entry(3, 'expired'), entry(4, 'supplying')];
    expect(nextPendingEntry(rota)).toBeUndefined();
    expect(hasNextPartner(rota)).toBe(false);
    expect(hasNextPartner([])).toBe(false);
  });

  it('never counts the entry with the current lender (sent / supplying)', () => {
    expect(hasNextPartner([entry(0, 'sent')])).toBe(false);
    expect(hasNextPartner([entry(0, 'supplying')])).toBe(false);
  });

  it('uses the same statuses as the store', () => {
    expectTypeOf<RotaEntryStatus>().toEqualTypeOf<StoredRotaEntryStatus>();
  });

  describe('properties', () => {
    const rota = fc.array(
      fc.record({ position: fc.integer({ min: -5, max: 20 }), status: fc.constantFrom(...ROTA_ENTRY_STATUSES), partnerActive: fc.boolean() }),
      { maxLength: 15 },
    );

    it('never returns a non-pending entry or an inactive partner, and returns one of the input objects', () => {
      fc.assert(
        fc.property(rota, (entries) => {
          const next = nextPendingEntry(entries);
          if (next === undefined) return;
          expect(next.status).toBe('pending');
          expect(next.partnerActive).toBe(true);
          expect(entries).toContain(next);
        }),
      );
    });

    it('no eligible entry has a lower position; undefined exactly when none is eligible', () => {
      fc.assert(
        fc.property(rota, (entries) => {
          const eligible = entries.filter((e) => e.status === 'pending' && e.partnerActive);
          const next = nextPendingEntry(entries);
          expect(next === undefined).toBe(eligible.length === 0);
          expect(hasNextPartner(entries)).toBe(eligible.length > 0);
          if (next) expect(eligible.every((e) => e.position >= next.position)).toBe(true);
        }),
      );
    });

    it('does not depend on the order entries are listed in (up to ties)', () => {
      fc.assert(
        fc.property(rota, fc.func(fc.integer()), (entries, shuffleKey) => {
          const unique = entries.filter((e, i) => entries.findIndex((o) => o.position === e.position) === i);
          const shuffled = [...unique].sort((a, b) => shuffleKey(a.position) - shuffleKey(b.position));
          expect(nextPendingEntry(shuffled)).toBe(nextPendingEntry(unique));
        }),
      );
    });
  });
});
