import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareBySupplyTime, orderRota, type RotaCandidate } from '../../../../src/domain/rota/order.js';

const partner = (code: string, averageSupplyDays: number | null, active = true): RotaCandidate => ({ partnerId: `id-${code}`, code, averageSupplyDays, active });

const candidate = fc.record({
  partnerId: fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8'),
  code: fc.string({ maxLength: 4 }),
  averageSupplyDays: fc.option(fc.oneof(fc.integer({ min: 0, max: 10 }), fc.double({ noNaN: false })), { nil: null }),
  active: fc.boolean(),
  position: fc.option(fc.integer(), { nil: undefined }),
});
const rota = fc.array(candidate, { maxLength: 12 });
const known = (d: number | null): boolean => d !== null && Number.isFinite(d) && d >= 0;

describe('orderRota', () => {
  it('ordered: keeps the given order, numbers positions from 0', () => {
    const out = orderRota([partner('C', 9), partner('A', 1), partner('B', null)], 'ordered');
    expect(out.map((e) => [e.code, e.position])).toEqual([
      ['C', 0],
      ['A', 1],
      ['B', 2],
    ]);
  });

  it('by-supply-time: fastest first, unknown last, ties in the given order', () => {
    const out = orderRota([partner('U1', null), partner('S5a', 5), partner('S2', 2), partner('S5b', 5), partner('U2', null), partner('S0', 0)], 'by-supply-time');
    expect(out.map((e) => e.code)).toEqual(['S0', 'S2', 'S5a', 'S5b', 'U1', 'U2']);
  });

  it('treats negative, NaN and infinite supply times as unknown', () => {
    const out = orderRota([partner('N', Number.NaN), partner('I', Number.POSITIVE_INFINITY), partner('M', -1), partner('K', 3)], 'by-supply-time');
    expect(out.map((e) => e.code)).toEqual(['K', 'N', 'I', 'M']);
  });

  it('keeps inactive partners in place, marked skipped', () => {
    const out = orderRota([partner('A', 3), partner('B', 1, false), partner('C', 2)], 'by-supply-time');
    expect(out.map((e) => [e.code, e.skipped, e.skipReason])).toEqual([
      ['B', true, 'inactive'],
      ['C', false, null],
      ['A', false, null],
    ]);
  });

  it('skips a partner listed twice after its first place', () => {
    const out = orderRota([partner('A', 3), partner('B', 1), partner('A', 3)], 'ordered');
    expect(out.map((e) => [e.code, e.skipReason])).toEqual([
      ['A', null],
      ['B', null],
      ['A', 'duplicate'],
    ]);
  });

  it('replaces any given position and keeps extra fields', () => {
    const out = orderRota([{ ...partner('A', 1), position: 7, extra: 'kept' }], 'ordered');
    expect(out[0]).toMatchObject({ position: 0, extra: 'kept', partnerId: 'id-A' });
  });

  it('does not change its input', () => {
    const input = [partner('B', 2), partner('A', 1)];
    const copy = structuredClone(input);
    orderRota(input, 'by-supply-time');
    expect(input).toEqual(copy);
  });

  describe('properties', () => {
    it('is a permutation of the input with positions 0..n-1', () => {
      fc.assert(
        fc.property(rota, fc.constantFrom('ordered', 'by-supply-time' as const), (entries, mode) => {
          const out = orderRota(entries, mode);
          expect(out.map((e) => e.position)).toEqual(entries.map((_, i) => i));
          const key = (e: { partnerId: string; code: string }): string => `${e.partnerId}|${e.code}`;
          expect(out.map(key).sort()).toEqual(entries.map(key).sort());
        }),
      );
    });

    it('ordered is the identity on order', () => {
      fc.assert(
        fc.property(rota, (entries) => {
          expect(orderRota(entries, 'ordered').map((e) => e.partnerId + e.code)).toEqual(entries.map((e) => e.partnerId + e.code));
        }),
      );
    });

    it('by-supply-time is sorted (unknown last) and stable', () => {
      fc.assert(
        fc.property(rota, (entries) => {
          const tagged = entries.map((e, i) => ({ ...e, code: String(i) }));
          const out = orderRota(tagged, 'by-supply-time');
          for (let i = 1; i < out.length; i++) {
            const a = out[i - 1];
            const b = out[i];
            if (!a || !b) continue;
            const cmp = compareBySupplyTime(a, b);
            expect(cmp).toBeLessThanOrEqual(0);
            if (cmp === 0) expect(Number(a.code)).toBeLessThan(Number(b.code));
          }
          const firstUnknown = out.findIndex((e) => !known(e.averageSupplyDays));
          if (firstUnknown >= 0) expect(out.slice(firstUnknown).every((e) => !known(e.averageSupplyDays))).toBe(true);
        }),
      );
    });

    it('skips exactly the inactive partners and the repeats', () => {
      fc.assert(
        fc.property(rota, fc.constantFrom('ordered', 'by-supply-time' as const), (entries, mode) => {
          const out = orderRota(entries, mode);
          const seen = new Set<string>();
          for (const e of out) {
            expect(e.skipped).toBe(seen.has(e.partnerId) || !e.active);
            expect(e.skipped).toBe(e.skipReason !== null);
            seen.add(e.partnerId);
          }
          expect(new Set(out.filter((e) => !e.skipped).map((e) => e.partnerId)).size).toBe(out.filter((e) => !e.skipped).length);
        }),
      );
    });
  });
});
