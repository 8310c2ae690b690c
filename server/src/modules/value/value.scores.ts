/**
 * Client value arithmetic, pure (unit-tested): recency / frequency / monetary scores, credit
 * health from payment behaviour, the 0–100 value score and the segment.
 */
import type { ValueSegment, ValueSegmentSettingsPut } from "@relata/contracts";

export function recencyScore(daysSinceLastPurchase: number | null): number {
  if (daysSinceLastPurchase === null) return 0;
  if (daysSinceLastPurchase <= 30) return 5;
  if (daysSinceLastPurchase <= 90) return 4;
  if (daysSinceLastPurchase <= 180) return 3;
  if (daysSinceLastPurchase <= 365) return 2;
  return 1;
}

export function frequencyScore(purchases12m: number, everPurchased: boolean): number {
  if (!everPurchased) return 0;
  if (purchases12m >= 12) return 5;
  if (purchases12m >= 6) return 4;
  if (purchases12m >= 3) return 3;
  if (purchases12m >= 1) return 2;
  return 1;
}

/** Quintile of the client's 12-month revenue among all clients with revenue in that currency (`below` of `peers` have less). */
export function monetaryScore(revenue12m: number, below: number, peers: number): number {
  if (revenue12m <= 0 || peers <= 0) return revenue12m > 0 ? 5 : 1;
  return Math.min(5, 1 + Math.floor((below / peers) * 5));
}

/** Nothing overdue 5; the longest overdue ≤ 30 days 4, ≤ 60 3, ≤ 90 2, longer 1; one less when over half of the open AR is overdue. */
export function creditHealthScore(maxDaysOverdue: number, overdueShare: number): number {
  const base = maxDaysOverdue <= 0 ? 5 : maxDaysOverdue <= 30 ? 4 : maxDaysOverdue <= 60 ? 3 : maxDaysOverdue <= 90 ? 2 : 1;
  return Math.max(1, overdueShare > 0.5 ? base - 1 : base);
}

/** RFM carries 80 points, credit health 20; a client that never bought scores 0. */
export function valueScore(scores: { recency: number; frequency: number; monetary: number; creditHealth: number }): number {
  if (scores.recency === 0) return 0;
  return Math.round(((scores.recency + scores.frequency + scores.monetary) / 15) * 80 + (scores.creditHealth / 5) * 20);
}

/** key (score) → long-standing (months since first purchase) → new → average; none without a purchase. */
export function segmentOf(score: number, monthsSinceFirstPurchase: number | null, thresholds: ValueSegmentSettingsPut): ValueSegment {
  if (monthsSinceFirstPurchase === null) return "none";
  if (score >= thresholds.keyMinScore) return "key";
  if (monthsSinceFirstPurchase >= thresholds.longStandingMinMonths) return "long_standing";
  if (monthsSinceFirstPurchase < thresholds.newMaxMonths) return "new";
  return "average";
}

/** Whole months from `from` to `to` (YYYY-MM-DD). */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split("-").map(Number) as [number, number, number];
  const [ty, tm, td] = to.split("-").map(Number) as [number, number, number];
  return (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
}
