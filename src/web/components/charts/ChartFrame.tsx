import type { ReactNode } from 'react';
import { ChartTable } from './ChartTable.js';
import { Legend } from './Legend.js';
import { linearScale, maxOf, niceTicks } from './scale.js';
import type { ChartProps } from './types.js';
import './charts.css';

export const WIDTH = 640;
export const HEIGHT = 260;
export const MARGIN = { top: 16, right: 12, bottom: 40, left: 52 };

/** Maps a value to its height on the plot. */
export type ValueScale = (value: number) => number;

/**
 * What every chart shares: the captioned figure, the SVG with its title and description, the
 * value axis with its ticks and label, the baseline, the legend and the table alternative. A
 * chart draws only its marks, given the value scale.
 */
export function ChartFrame({ props, marks }: { props: ChartProps; marks: (y: ValueScale) => ReactNode }) {
  const { id, title, description, series, format, minTop = 0, valueLabel } = props;
  const ticks = niceTicks(0, Math.max(maxOf(series.map((s) => s.values)) ?? 0, minTop), 5);
  const y = linearScale([0, ticks.at(-1) ?? 1], [HEIGHT - MARGIN.bottom, MARGIN.top]);
  const middle = MARGIN.top + (HEIGHT - MARGIN.top - MARGIN.bottom) / 2;
  return (
    <figure className="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} className="chart-svg">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {ticks.map((tick) => (
          <g key={tick} className="tick">
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} />
            <text x={MARGIN.left - 6} y={y(tick)} dy="0.32em" textAnchor="end">
              {format(tick)}
            </text>
          </g>
        ))}
        <text className="axis-label" x={12} y={middle} transform={`rotate(-90 12 ${middle})`} textAnchor="middle">
          {valueLabel}
        </text>
        {marks(y)}
        <line className="axis" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(0)} y2={y(0)} />
      </svg>
      <Legend names={series.map((s) => s.name)} />
      <ChartTable {...props} />
    </figure>
  );
}
