import { describe, expect, it } from 'vitest';
import { bandScale, linearScale, linePath, maxOf, niceStep, niceTicks, percent } from '../../../../src/web/components/charts/scale.js';

describe('chart scales', () => {
  it('maps a domain onto a range linearly, also inverted (SVG y grows down)', () => {
    const x = linearScale([0, 10], [0, 200]);
    expect(x(0)).toBe(0);
    expect(x(5)).toBe(100);
    expect(x(10)).toBe(200);
    const y = linearScale([0, 1], [180, 20]);
    expect(y(0)).toBe(180);
    expect(y(1)).toBe(20);
    expect(y(0.5)).toBe(100);
    expect(linearScale([3, 3], [50, 0])(3)).toBe(50);
  });

  it('picks round steps of 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceStep(10, 5)).toBe(2);
    expect(niceStep(1, 5)).toBe(0.2);
    expect(niceStep(100, 4)).toBe(25);
    expect(niceStep(7, 5)).toBe(2);
    expect(niceStep(23, 5)).toBe(5);
    expect(niceStep(0, 5)).toBe(1);
  });

  it('gives ticks covering the values, starting and ending on round numbers', () => {
    expect(niceTicks(0, 10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0, 7.3)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 0.3, 3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(3, 47, 5)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(niceTicks(3, 47, 4)).toEqual([0, 20, 40, 60]);
  });

  it('gives a flat range a usable axis', () => {
    expect(niceTicks(0, 0)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(4, 4, 4)).toEqual([0, 1, 2, 3, 4]);
    expect(niceTicks(-2, -2, 2).at(-1)).toBe(0);
  });

  it('splits a range into padded bands', () => {
    const band = bandScale(4, [0, 400], 0.2);
    expect(band.step).toBe(100);
    expect(band.bandwidth).toBe(80);
    expect(band(0)).toBe(10);
    expect(band(3)).toBe(310);
    expect(bandScale(0, [0, 100]).bandwidth).toBe(0);
  });

  it('finds the largest value, skipping gaps', () => {
    expect(maxOf([[1, null, 3], [2, 9, null]])).toBe(9);
    expect(maxOf([[null], []])).toBeNull();
  });

  it('draws lines broken at gaps', () => {
    expect(linePath([{ x: 0, y: 10 }, { x: 10, y: 5.555 }, null, { x: 30, y: 1 }, { x: 40, y: 2 }])).toBe('M0 10 L10 5.56 M30 1 L40 2');
    expect(linePath([null, null])).toBe('');
  });

  it('writes rates as percentages and says when there is none', () => {
    expect(percent(0.667)).toBe('67%');
    expect(percent(1)).toBe('100%');
    expect(percent(null)).toBe('no requests');
  });
});
