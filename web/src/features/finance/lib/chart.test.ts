import { describe, expect, it } from "vitest";
import { chartScale, compactNumber, linePath, nearestIndex, niceStep, niceTicks, visibleLabelIndexes, type ChartPoint } from "./chart";

const box = { width: 420, height: 220, top: 10, right: 10, bottom: 30, left: 50 };
const series = [
  { id: "revenue", label: "Revenue", color: "blue" },
  { id: "profit", label: "Profit", color: "teal" },
];
const points: ChartPoint[] = [
  { key: "2022", label: "2022", values: { revenue: 800, profit: -50 } },
  { key: "2023", label: "2023", values: { revenue: 1000, profit: null } },
  { key: "2024", label: "2024", values: { revenue: 1250, profit: 120 } },
];

describe("axis ticks", () => {
  it("picks round steps", () => {
    expect(niceStep(1000, 5)).toBe(200);
    expect(niceStep(1300, 5)).toBe(500);
    expect(niceStep(0.9, 4)).toBe(0.25);
    expect(niceStep(0, 5)).toBe(1);
  });

  it("covers the values, starts at zero for positive amounts and goes below zero for losses", () => {
    expect(niceTicks(800, 1250)).toEqual([0, 250, 500, 750, 1000, 1250]);
    expect(niceTicks(-50, 1250)).toEqual([-250, 0, 250, 500, 750, 1000, 1250]);
    expect(niceTicks(-300, -20)).toEqual([-300, -250, -200, -150, -100, -50, 0]);
    expect(niceTicks(800, 1250, 3)).toEqual([0, 500, 1000, 1500]);
  });

  it("draws something sensible for a single or an empty value", () => {
    expect(niceTicks(0, 0)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(5_000_000, 5_000_000)).toEqual([0, 1_000_000, 2_000_000, 3_000_000, 4_000_000, 5_000_000]);
  });

  it("keeps floating point noise out of the labels", () => {
    expect(niceTicks(0, 0.3, 3)).toEqual([0, 0.1, 0.2, 0.3]);
    for (const tick of niceTicks(0, 0.7)) expect(String(tick)).toMatch(/^\d(\.\d)?$/);
  });
});

describe("scales and lines", () => {
  const scale = chartScale(points, series, box);

  it("spreads the periods over the plot and maps the ticks onto its height", () => {
    expect(scale.x(0)).toBe(50);
    expect(scale.x(2)).toBe(410);
    expect(scale.x(1)).toBe(230);
    expect(scale.y(scale.ticks[0]!)).toBe(190);
    expect(scale.y(scale.ticks.at(-1)!)).toBe(10);
    // Larger amounts are higher up.
    expect(scale.y(1250)).toBeLessThan(scale.y(800));
  });

  it("centres a lone period", () => {
    const one = chartScale([points[0]!], series, box);
    expect(one.x(0)).toBe(230);
  });

  it("draws a line through the values and breaks it where a period has none", () => {
    expect(linePath(points, "revenue", scale)).toMatch(/^M50,[\d.]+ L230,[\d.]+ L410,[\d.]+$/);
    const profit = linePath(points, "profit", scale);
    expect(profit.split(" ")).toHaveLength(2);
    expect(profit.startsWith("M50,")).toBe(true);
    expect(profit).toContain(" M410,");
    expect(linePath(points, "equity", scale)).toBe("");
  });

  it("finds the period under the pointer", () => {
    expect(nearestIndex(60, points.length, scale)).toBe(0);
    expect(nearestIndex(250, points.length, scale)).toBe(1);
    expect(nearestIndex(999, points.length, scale)).toBe(2);
    expect(nearestIndex(10, 0, scale)).toBe(-1);
  });
});

describe("labels", () => {
  it("shows every period that fits and always the latest", () => {
    expect(visibleLabelIndexes(3, 360)).toEqual([0, 1, 2]);
    expect(visibleLabelIndexes(12, 200)).toEqual([3, 7, 11]);
    expect(visibleLabelIndexes(0, 200)).toEqual([]);
  });

  it("formats axis amounts compactly in the reader's language", () => {
    expect(compactNumber(1_200_000, "en")).toBe("1.2M");
    expect(compactNumber(1_200_000, "zh-CN")).toBe("120万");
    expect(compactNumber(1_200_000, "sv").replace(/\s/g, " ")).toBe("1,2 mn");
    expect(compactNumber(-5000, "en")).toBe("-5K");
    // Round ticks keep their digits: 1,250,000 is not "1.3M".
    expect(compactNumber(1_250_000, "en")).toBe("1.25M");
  });
});
