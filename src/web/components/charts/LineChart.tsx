import { ChartTable } from './ChartTable.js';
import { Legend } from './Legend.js';
import { Marker } from './Marker.js';
import { bandScale, linearScale, linePath, maxOf, niceTicks } from './scale.js';
import { seriesClass, type ChartProps } from './types.js';
import './charts.css';

const WIDTH = 640;
const HEIGHT = 260;
const MARGIN = { top: 16, right: 12, bottom: 40, left: 52 };

/** One line per series over the categories (broken where there is no value), each point marked with the series' shape. */
export function LineChart(props: ChartProps) {
  const { id, title, description, categories, series, format, minTop = 0, valueLabel } = props;
  const ticks = niceTicks(0, Math.max(maxOf(series.map((s) => s.values)) ?? 0, minTop), 5);
  const y = linearScale([0, ticks.at(-1) ?? 1], [HEIGHT - MARGIN.bottom, MARGIN.top]);
  const band = bandScale(categories.length, [MARGIN.left, WIDTH - MARGIN.right], 0);
  const x = (index: number) => band(index) + band.step / 2;
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
        <text className="axis-label" x={12} y={MARGIN.top + (HEIGHT - MARGIN.top - MARGIN.bottom) / 2} transform={`rotate(-90 12 ${MARGIN.top + (HEIGHT - MARGIN.top - MARGIN.bottom) / 2})`} textAnchor="middle">
          {valueLabel}
        </text>
        {categories.map((category, c) => (
          <text key={category} className="category" x={x(c)} y={HEIGHT - MARGIN.bottom + 18} textAnchor="middle">
            {category}
          </text>
        ))}
        {series.map((s, i) => (
          <g key={s.name} className={seriesClass(i)}>
            <path className="line" d={linePath(s.values.map((value, c) => (value === null ? null : { x: x(c), y: y(value) })))} />
            {s.values.map((value, c) => (value === null ? null : <Marker key={categories[c]} index={i} x={x(c)} y={y(value)} size={5} />))}
          </g>
        ))}
        <line className="axis" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(0)} y2={y(0)} />
      </svg>
      <Legend names={series.map((s) => s.name)} />
      <ChartTable {...props} />
    </figure>
  );
}
