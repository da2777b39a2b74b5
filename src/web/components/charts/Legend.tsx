import { Marker } from './Marker.js';
import { seriesClass } from './types.js';

/** The series' names with their colour and marker shape. */
export function Legend({ names }: { names: readonly string[] }) {
  return (
    <ul className="chart-legend">
      {names.map((name, index) => (
        <li key={name}>
          <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false" className={seriesClass(index)}>
            <Marker index={index} x={8} y={8} size={6} />
          </svg>
          {name}
        </li>
      ))}
    </ul>
  );
}
