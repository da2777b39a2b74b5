import { ChartFrame, HEIGHT, MARGIN, WIDTH } from './ChartFrame.js';
import { Marker } from './Marker.js';
import { bandScale, linePath } from './scale.js';
import { seriesClass, type ChartProps } from './types.js';

/** One line per series over the categories (broken where there is no value), each point marked with the series' shape. */
export function LineChart(props: ChartProps) {
  const { categories, series } = props;
  const band = bandScale(categories.length, [MARGIN.left, WIDTH - MARGIN.right], 0);
  const x = (index: number) => band(index) + band.step / 2;
  return (
    <ChartFrame
      props={props}
      marks={(y) => (
        <>
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
        </>
      )}
    />
  );
}
