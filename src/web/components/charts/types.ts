/** One named series of a chart: a value (or a gap, null) per category. */
export interface ChartSeries {
  name: string;
  values: readonly (number | null)[];
}

export interface ChartProps {
  /** Unique on the page: the ids of the title, description and data table derive from it. */
  id: string;
  title: string;
  /** What the chart shows, in a sentence, for screen readers (SVG `<desc>`). */
  description: string;
  /** The x axis: one label per category (e.g. periods). */
  categories: readonly string[];
  series: readonly ChartSeries[];
  /** How a value reads on the axis and in the table. */
  format: (value: number) => string;
  /** Said in the table for a gap. */
  gap?: string;
  /** The least top of the value axis (e.g. 1 for rates). */
  minTop?: number;
  /** The value axis' name. */
  valueLabel: string;
}

/** Series colours (distinct in lightness too) and marker shapes, so no series is told apart by colour alone. */
export const SERIES_CLASSES = ['series-0', 'series-1', 'series-2', 'series-3', 'series-4', 'series-5'] as const;

export function seriesClass(index: number): string {
  return SERIES_CLASSES[index % SERIES_CLASSES.length] as string;
}
