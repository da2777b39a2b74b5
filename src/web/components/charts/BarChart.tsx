import { ChartFrame, HEIGHT, MARGIN, WIDTH } from './ChartFrame.js';
import { Marker } from './Marker.js';
import { bandScale } from './scale.js';
import { seriesClass, type ChartProps } from './types.js';

/** Grouped bars: one group per category, one bar per series (marked with its shape), a table alternative below. */
export function BarChart(props: ChartProps) {
  const { categories, series } = props;
  const groups = bandScale(categories.length, [MARGIN.left, WIDTH - MARGIN.right], 0.25);
  const bar = bandScale(series.length, [0, groups.bandwidth], 0.1);
  return (
    <ChartFrame
      props={props}
      marks={(y) =>
        categories.map((category, c) => (
          <g key={category}>
            {series.map((s, i) => {
              const value = s.values[c];
              if (value === null || value === undefined) return null;
              const x = groups(c) + bar(i);
              const top = y(value);
              return (
                <g key={s.name} className={seriesClass(i)}>
                  <rect className="bar" x={x} y={top} width={Math.max(bar.bandwidth, 1)} height={Math.max(y(0) - top, 0)} />
                  <Marker index={i} x={x + bar.bandwidth / 2} y={top - 7} size={4} />
                </g>
              );
            })}
            <text className="category" x={groups(c) + groups.bandwidth / 2} y={HEIGHT - MARGIN.bottom + 18} textAnchor="middle">
              {category}
            </text>
          </g>
        ))
      }
    />
  );
}
