import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expiryFor } from '../../../../src/domain/rota/expiry.js';

const sentAt = new Date('2026-03-28T10:30:00Z');

describe('expiryFor', () => {
  it('none: never', () => {
    expect(expiryFor({ requestExpiry: 'none', days: 5, date: new Date() }, sentAt)).toBeUndefined();
  });

  it('days: that many 24-hour days after sending (across a DST change too)', () => {
    expect(expiryFor({ requestExpiry: 'days', days: 14, date: null }, sentAt)?.toISOString()).toBe('2026-04-11T10:30:00.000Z');
    expect(expiryFor({ requestExpiry: 'days', days: 0, date: null }, sentAt)?.toISOString()).toBe(sentAt.toISOString());
    expect(expiryFor({ requestExpiry: 'days', days: 0.5, date: null }, sentAt)?.toISOString()).toBe('2026-03-28T22:30:00.000Z');
  });

  it('days not configured: never', () => {
    expect(expiryFor({ requestExpiry: 'days', days: null, date: null }, sentAt)).toBeUndefined();
  });

  it('date: that date, as a copy, even when already past', () => {
    const date = new Date('2026-04-01T00:00:00Z');
    const out = expiryFor({ requestExpiry: 'date', days: null, date }, sentAt);
    expect(out?.toISOString()).toBe(date.toISOString());
    expect(out).not.toBe(date);
    expect(expiryFor({ requestExpiry: 'date', days: null, date: new Date('2020-01-01T00:00:00Z') }, sentAt)?.toISOString()).toBe('2020-01-01T00:00:00.000Z');
    expect(expiryFor({ requestExpiry: 'date', days: null, date: null }, sentAt)).toBeUndefined();
  });

  it('throws on settings that make no sense', () => {
    expect(() => expiryFor({ requestExpiry: 'days', days: -1, date: null }, sentAt)).toThrow(RangeError);
    expect(() => expiryFor({ requestExpiry: 'days', days: Number.NaN, date: null }, sentAt)).toThrow(RangeError);
    expect(() => expiryFor({ requestExpiry: 'date', days: null, date: new Date('nope') }, sentAt)).toThrow(RangeError);
    expect(() => expiryFor({ requestExpiry: 'days', days: 1, date: null }, new Date('nope'))).toThrow(RangeError);
    expect(() => expiryFor({ requestExpiry: 'days', days: 1, date: null }, new Date(8.64e15))).toThrow(RangeError);
  });

  it('does not change its inputs (property)', () => {
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true, min: new Date('1970-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z') }), fc.integer({ min: 0, max: 365 }), (at, days) => {
        const before = at.getTime();
        const out = expiryFor({ requestExpiry: 'days', days, date: null }, at);
        expect(at.getTime()).toBe(before);
        expect(out?.getTime()).toBe(before + days * 86_400_000);
        expect(out !== undefined && out.getTime() >= before).toBe(true);
      }),
    );
  });
});
