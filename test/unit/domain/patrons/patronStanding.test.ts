import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockInEffect, calendarDay, patronStanding, type PatronBlock, type PatronStandingInput } from '../../../../src/domain/circulation/patronStanding.js';

const good: PatronStandingInput = { active: true, expiresOn: '2027-06-30', blocks: [] };

describe('patronStanding', () => {
  it('lets an active, unexpired, unblocked patron borrow', () => {
    expect(patronStanding(good, '2026-11-25')).toEqual({ mayBorrow: true, reasons: [] });
    expect(patronStanding({ ...good, expiresOn: null }, '2099-01-01').mayBorrow).toBe(true);
  });

  it('counts the expiry day itself as valid and the day after as expired', () => {
    expect(patronStanding(good, '2027-06-30').mayBorrow).toBe(true);
    expect(patronStanding(good, '2027-07-01')).toEqual({
      mayBorrow: false,
      reasons: [{ kind: 'expired', expiredOn: '2027-06-30', message: 'the registration expired on 2027-06-30' }],
    });
  });

  it('names every reason: inactive, expired and each block in effect, in that order', () => {
    const patron: PatronStandingInput = {
      active: false,
      expiresOn: '2026-01-31',
      blocks: [
        { code: 'FINES', reason: 'unpaid fines over 20 EUR', since: '2026-01-01' },
        { code: 'LOST', reason: 'lost item', since: '2026-02-01', until: '2026-12-31' },
        { code: 'FUTURE', reason: 'starts later', since: '2027-01-01' },
        { code: 'PAST', reason: 'already over', since: '2025-01-01', until: '2025-12-31' },
      ],
    };
    const standing = patronStanding(patron, '2026-11-25');
    expect(standing.mayBorrow).toBe(false);
    expect(standing.reasons.map((r) => r.kind)).toEqual(['inactive', 'expired', 'blocked', 'blocked']);
    expect(standing.reasons.slice(2)).toEqual([
      { kind: 'blocked', code: 'FINES', reason: 'unpaid fines over 20 EUR', until: null, message: 'blocked (FINES): unpaid fines over 20 EUR' },
      { kind: 'blocked', code: 'LOST', reason: 'lost item', until: '2026-12-31', message: 'blocked (LOST): lost item until 2026-12-31' },
    ]);
  });

  it('applies a block from its since day through its until day, inclusive', () => {
    const block: PatronBlock = { code: 'B', reason: 'r', since: '2026-03-01', until: '2026-03-31' };
    expect(['2026-02-28', '2026-03-01', '2026-03-31', '2026-04-01'].map((day) => blockInEffect(block, day))).toEqual([false, true, true, false]);
  });

  it('takes the UTC calendar day of an instant', () => {
    expect(calendarDay(new Date('2026-11-25T23:59:59.999Z'))).toBe('2026-11-25');
    expect(calendarDay(new Date('2026-11-26T00:00:00Z'))).toBe('2026-11-26');
  });
});

const day = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map(calendarDay);
const blockArb: fc.Arbitrary<PatronBlock> = fc
  .record({ code: fc.constantFrom('A', 'B', 'C'), reason: fc.string({ minLength: 1 }), since: day, until: fc.option(day, { nil: undefined }) })
  .map((b) => (b.until !== undefined && b.until < b.since ? { ...b, until: b.since } : b));
const patronArb: fc.Arbitrary<PatronStandingInput> = fc.record({ active: fc.boolean(), expiresOn: fc.option(day, { nil: null }), blocks: fc.array(blockArb, { maxLength: 5 }) });

describe('patronStanding properties', () => {
  it('may borrow exactly when there is no reason, and the reasons match the facts', () => {
    fc.assert(
      fc.property(patronArb, day, (patron, on) => {
        const standing = patronStanding(patron, on);
        expect(standing.mayBorrow).toBe(standing.reasons.length === 0);
        expect(standing.reasons.some((r) => r.kind === 'inactive')).toBe(!patron.active);
        expect(standing.reasons.some((r) => r.kind === 'expired')).toBe(patron.expiresOn !== null && patron.expiresOn < on);
        expect(standing.reasons.filter((r) => r.kind === 'blocked').length).toBe(patron.blocks.filter((b) => blockInEffect(b, on)).length);
      }),
    );
  });

  it('never lets a patron borrow because of an added block, nor stops them because a block was lifted', () => {
    fc.assert(
      fc.property(patronArb, blockArb, day, (patron, block, on) => {
        const before = patronStanding(patron, on);
        const blocked = patronStanding({ ...patron, blocks: [...patron.blocks, block] }, on);
        expect(blocked.reasons.length).toBeGreaterThanOrEqual(before.reasons.length);
        if (!before.mayBorrow) expect(blocked.mayBorrow).toBe(false);
        const lifted = patronStanding({ ...patron, blocks: [] }, on);
        if (before.mayBorrow) expect(lifted.mayBorrow).toBe(true);
      }),
    );
  });
});
