/** A series' marker: circle, square, triangle, diamond, cross, bar — shape tells series apart without colour. */
export function Marker({ index, x, y, size }: { index: number; x: number; y: number; size: number }) {
  const s = size;
  switch (index % 6) {
    case 0:
      return <circle className="marker" cx={x} cy={y} r={s * 0.8} />;
    case 1:
      return <rect className="marker" x={x - s * 0.75} y={y - s * 0.75} width={s * 1.5} height={s * 1.5} />;
    case 2:
      return <polygon className="marker" points={`${x},${y - s} ${x + s},${y + s * 0.8} ${x - s},${y + s * 0.8}`} />;
    case 3:
      return <polygon className="marker" points={`${x},${y - s} ${x + s},${y} ${x},${y + s} ${x - s},${y}`} />;
    case 4:
      return <path className="marker cross" d={`M${x - s} ${y - s} L${x + s} ${y + s} M${x - s} ${y + s} L${x + s} ${y - s}`} />;
    default:
      return <rect className="marker" x={x - s} y={y - s * 0.4} width={s * 2} height={s * 0.8} />;
  }
}
