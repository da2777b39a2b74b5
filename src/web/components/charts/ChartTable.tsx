import type { ChartProps } from './types.js';

/** The chart's data as a table: what a screen reader (or anyone) reads instead of the picture. */
export function ChartTable({ id, title, categories, series, format, gap = '—', valueLabel }: ChartProps) {
  return (
    <details className="chart-table">
      <summary>Show the data of “{title}” as a table</summary>
      <table id={`${id}-table`}>
        <caption>
          {title} ({valueLabel})
        </caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            {series.map((s) => (
              <th scope="col" key={s.name}>
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {categories.map((category, index) => (
            <tr key={category}>
              <th scope="row">{category}</th>
              {series.map((s) => {
                const value = s.values[index];
                return <td key={s.name}>{value === null || value === undefined ? gap : format(value)}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
