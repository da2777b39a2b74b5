/**
 * Pure scaling and tick logic for the dashboard's SVG charts: no DOM, so it is unit tested in
 * node. A chart maps values to pixels with `linearScale`, places categories with `bandScale`
 * and labels its value axis with `niceTicks`.
 */

export interface LinearScale {
  (value: number): number;
  domain: readonly [number, number];
  range: readonly [number, number];
}

/** Maps [d0, d1] onto [r0, r1] linearly (r1 < r0 is fine: SVG y grows downwards). A flat domain maps to r0. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  const scale = ((value: number) => (span === 0 ? r0 : r0 + ((value - d0) / span) * (r1 - r0))) as LinearScale;
  scale.domain = domain;
  scale.range = range;
  return scale;
}

/** A step of 1, 2, 2.5 or 5 × 10^n near span / count: axis labels people read easily. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !(count > 0)) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * About `count` round tick values covering [min, max]: the first at or below min, the last at or
 * above max (so the axis can use them as its domain). A flat range gets a sensible axis above it.
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  let low = Math.min(min, max);
  let high = Math.max(min, max);
  if (low === high) {
    if (high === 0) high = 1;
    else if (low > 0) low = 0;
    else high = 0;
  }
  const step = niceStep(high - low, count);
  const first = Math.floor(low / step) * step;
  const last = Math.ceil(high / step) * step;
  const ticks: number[] = [];
  // Rounded to the step's decimals: 0.1 + 0.2 must read 0.3.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let i = 0; first + i * step <= last + step / 1e6; i++) ticks.push(Number((first + i * step).toFixed(decimals)));
  return ticks;
}

export interface BandScale {
  /** The left edge of the category's band. */
  (index: number): number;
  bandwidth: number;
  step: number;
}

/** `n` equal bands over [r0, r1] with `padding` (0…1) of each step left empty, half on either side. */
export function bandScale(n: number, range: readonly [number, number], padding = 0.2): BandScale {
  const [r0, r1] = range;
  const step = n > 0 ? (r1 - r0) / n : 0;
  const pad = Math.min(Math.max(padding, 0), 0.95) * step;
  const scale = ((index: number) => r0 + index * step + pad / 2) as BandScale;
  scale.bandwidth = step - pad;
  scale.step = step;
  return scale;
}

/** The greatest value of the series, ignoring gaps (null); null when every value is a gap. */
export function maxOf(series: readonly (readonly (number | null)[])[]): number | null {
  let max: number | null = null;
  for (const values of series) for (const value of values) if (value !== null && Number.isFinite(value) && (max === null || value > max)) max = value;
  return max;
}

/**
 * An SVG path through the points, broken at gaps (null): `M x y L x y …` for each run of values,
 * so a period without data does not draw a line through zero.
 */
export function linePath(points: readonly ({ x: number; y: number } | null)[]): string {
  const parts: string[] = [];
  let drawing = false;
  for (const point of points) {
    if (point === null) {
      drawing = false;
      continue;
    }
    parts.push(`${drawing ? 'L' : 'M'}${round(point.x)} ${round(point.y)}`);
    drawing = true;
  }
  return parts.join(' ');
}

/** A fill rate (0…1) as a whole percentage: 0.667 → "67%". */
export function percent(rate: number | null): string {
  return rate === null ? 'no requests' : `${Math.round(rate * 100)}%`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
