/**
 * The trend chart's arithmetic: nice axis ticks, the scales that place periods and amounts in
 * pixels, the SVG paths of each line, and compact axis labels per locale. Pure (unit-tested).
 */

/** One period on the x axis (in order) and its value per series (null: not reported). */
export type ChartPoint = { key: string; label: string; values: Record<string, number | null> };
export type ChartSeries = { id: string; label: string; color: string };
export type ChartBox = { width: number; height: number; top: number; right: number; bottom: number; left: number };

/** A step of 1, 2, 2.5 or 5 × 10ⁿ that cuts `span` into about `count` parts. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / magnitude;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * magnitude;
}

/**
 * Round ticks covering [min, max] (about `count` of them), always including zero: an amount axis
 * that does not start at zero exaggerates a change, and a loss must show below the line of zero.
 */
export function niceTicks(min: number, max: number, count = 6): number[] {
  let low = Math.min(min, 0);
  let high = Math.max(max, 0);
  if (low === high) high = low === 0 ? 1 : high + Math.abs(high);
  const step = niceStep(high - low, count);
  low = Math.floor(low / step) * step;
  high = Math.ceil(high / step) * step;
  const ticks: number[] = [];
  // Counting steps (not adding them) keeps 0.1 + 0.2 errors out of the labels.
  for (let index = 0; low + index * step <= high + step / 1e6; index++) ticks.push(Number((low + index * step).toPrecision(12)));
  return ticks.map((tick) => (Object.is(tick, -0) ? 0 : tick));
}

/** Every reported value of the chosen series. */
export function valuesOf(points: readonly ChartPoint[], series: readonly ChartSeries[]): number[] {
  return points.flatMap((point) =>
    series.map((line) => point.values[line.id]).filter((value): value is number => typeof value === "number" && Number.isFinite(value)),
  );
}

export type ChartScale = {
  ticks: number[];
  /** The x of the period at `index` (periods evenly spaced, the first and last at the plot's edges). */
  x: (index: number) => number;
  /** The y of an amount. */
  y: (value: number) => number;
  plot: { left: number; right: number; top: number; bottom: number };
};

/** Places the periods across and the amounts up the plot area (the box less its margins). */
export function chartScale(points: readonly ChartPoint[], series: readonly ChartSeries[], box: ChartBox, tickCount = 6): ChartScale {
  const values = valuesOf(points, series);
  const ticks = niceTicks(values.length ? Math.min(...values) : 0, values.length ? Math.max(...values) : 0, tickCount);
  const plot = { left: box.left, right: box.width - box.right, top: box.top, bottom: box.height - box.bottom };
  const low = ticks[0]!;
  const high = ticks[ticks.length - 1]!;
  const width = Math.max(0, plot.right - plot.left);
  const x = (index: number) => (points.length <= 1 ? plot.left + width / 2 : plot.left + (width * index) / (points.length - 1));
  const y = (value: number) => plot.bottom - ((value - low) / (high - low)) * (plot.bottom - plot.top);
  return { ticks, x, y, plot };
}

/**
 * The SVG path of one series: a line through its reported values, broken where a period has no
 * value (a gap, not a drop to zero). Empty when the series has no value.
 */
export function linePath(points: readonly ChartPoint[], seriesId: string, scale: Pick<ChartScale, "x" | "y">): string {
  const parts: string[] = [];
  let drawing = false;
  points.forEach((point, index) => {
    const value = point.values[seriesId];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      drawing = false;
      return;
    }
    parts.push(`${drawing ? "L" : "M"}${round(scale.x(index))},${round(scale.y(value))}`);
    drawing = true;
  });
  return parts.join(" ");
}

const round = (value: number) => Math.round(value * 10) / 10;

/**
 * Labels of the x axis that fit: every period when there is room for about `minGap` pixels each,
 * otherwise every n-th, always keeping the last (the latest period is the one people look for).
 */
export function visibleLabelIndexes(count: number, plotWidth: number, minGap = 56): number[] {
  if (count <= 0) return [];
  const room = Math.max(1, Math.floor(plotWidth / minGap));
  const every = Math.max(1, Math.ceil(count / room));
  const indexes: number[] = [];
  for (let index = count - 1; index >= 0; index -= every) indexes.unshift(index);
  return indexes;
}

/** Axis labels in the reader's language: "1.2M", "120万", "1,2 mn" — short enough for a phone. */
export function compactNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 2 }).format(value);
}

/** The period nearest to a pointer's x (for the hover read-out). */
export function nearestIndex(pointerX: number, count: number, scale: Pick<ChartScale, "x">): number {
  if (count <= 0) return -1;
  let best = 0;
  for (let index = 1; index < count; index++) if (Math.abs(scale.x(index) - pointerX) < Math.abs(scale.x(best) - pointerX)) best = index;
  return best;
}
