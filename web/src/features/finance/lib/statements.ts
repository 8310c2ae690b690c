/** Financial statements as the tab shows them: in period order, per granularity, and as trend-chart points. Pure (unit-tested). */
import type { FinancialStatement } from "@relata/contracts";
import type { ChartPoint } from "./chart";

export type Granularity = "year" | "quarter";
/** The figures the trend chart can draw, in legend order. */
export const trendFigures = ["revenue", "profit", "equity"] as const;
export type TrendFigure = (typeof trendFigures)[number];
/** Every figure of a statement, in table order. */
export const statementFigures = ["revenue", "profit", "assets", "liabilities", "equity"] as const;
export type StatementFigure = (typeof statementFigures)[number];

type Period = Pick<FinancialStatement, "fiscalYear" | "quarter">;

/** Oldest first; a year's full-year statement after its quarters. */
export function byPeriod(a: Period, b: Period): number {
  return a.fiscalYear - b.fiscalYear || (a.quarter ?? 5) - (b.quarter ?? 5);
}

export const periodKey = (statement: Period) =>
  statement.quarter ? `${statement.fiscalYear}-Q${statement.quarter}` : `${statement.fiscalYear}`;

/** A decimal string as a number (null when the statement does not say). */
export function amount(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value.trim() === "") return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

/** Which granularities the statements have, and the one to chart first (full years when there are any). */
export function granularities(statements: readonly Period[]): { available: Granularity[]; preferred: Granularity | null } {
  const years = statements.some((statement) => statement.quarter === null);
  const quarters = statements.some((statement) => statement.quarter !== null);
  const available: Granularity[] = [...(years ? ["year" as const] : []), ...(quarters ? ["quarter" as const] : [])];
  return { available, preferred: available[0] ?? null };
}

export type Trend = {
  currency: string | null;
  points: ChartPoint[];
  /** Statements of this granularity left out because they are in another currency. */
  leftOut: number;
};

/**
 * The chart's points for one granularity: in the currency of the newest statement (an amount in
 * another currency cannot share the axis), oldest period first, each figure or null.
 */
export function trend(
  statements: readonly FinancialStatement[],
  granularity: Granularity,
  periodLabel: (statement: Period) => string,
): Trend {
  const chosen = statements.filter((statement) => (granularity === "year" ? statement.quarter === null : statement.quarter !== null));
  const ordered = [...chosen].sort(byPeriod);
  const currency = ordered.at(-1)?.currency ?? null;
  const same = ordered.filter((statement) => statement.currency === currency);
  return {
    currency,
    leftOut: ordered.length - same.length,
    points: same.map((statement) => ({
      key: periodKey(statement),
      label: periodLabel(statement),
      values: Object.fromEntries(trendFigures.map((figure) => [figure, amount(statement[figure])])),
    })),
  };
}

/** Figures of a trend no period reports (left out of the legend). */
export function emptyFigures(points: readonly ChartPoint[]): TrendFigure[] {
  return trendFigures.filter((figure) => points.every((point) => point.values[figure] === null || point.values[figure] === undefined));
}

/** The change of a figure from the previous period of the same granularity, as a fraction (null when either is missing or zero). */
export function change(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return (current - previous) / Math.abs(previous);
}

/** A typed amount as the API's signed decimal string ("-1 250 000,5" → "-1250000.5"); null when empty, undefined when not an amount. */
export function normalizeSignedAmount(text: string): string | null | undefined {
  const compact = text
    .replace(/[\s\u00a0\u202f']/g, "")
    .replace(/^−/, "-")
    .replace(",", ".");
  if (compact === "") return null;
  if (!/^-?\d{1,15}(\.\d{1,2})?$/.test(compact)) return undefined;
  const negative = compact.startsWith("-");
  const digits = (negative ? compact.slice(1) : compact).replace(/^0+(?=\d)/, "");
  return negative && Number(digits) !== 0 ? `-${digits}` : digits;
}
