/** AR aging, DSO and days to pay; value scores and segments — the pure arithmetic, exact to the cent and day. */
import { describe, expect, it } from "vitest";
import { agingByCurrency, bucketOf } from "./billing.aging";
import { addMonths } from "./dates";
import {
  creditHealthScore,
  frequencyScore,
  monetaryScore,
  monthsBetween,
  recencyScore,
  segmentOf,
  valueScore,
} from "../value/value.scores";

const invoice = (over: Partial<Parameters<typeof agingByCurrency>[0][number]>) => ({
  currency: "EUR",
  status: "issued",
  total: 10_000n,
  outstanding: 10_000n,
  issuedOn: "2024-01-01",
  dueOn: "2024-01-31",
  paidOn: null,
  ...over,
});

describe("aging", () => {
  it("puts days past due in the right bucket at each edge", () => {
    expect([0, 1, 30, 31, 60, 61, 90, 91, -5].map(bucketOf)).toEqual([
      "current",
      "d1_30",
      "d1_30",
      "d31_60",
      "d31_60",
      "d61_90",
      "d61_90",
      "d90_plus",
      "current",
    ]);
  });

  it("sums open amounts per bucket and currency, with DSO over 90 days and average days to pay", () => {
    const asOf = "2024-06-30";
    const result = agingByCurrency(
      [
        invoice({ dueOn: "2024-06-30", issuedOn: "2024-06-01", total: 20_000n, outstanding: 20_000n }), // current
        invoice({ dueOn: "2024-06-10", issuedOn: "2024-05-11", outstanding: 5_000n }), // 20 days
        invoice({ dueOn: "2024-04-30", issuedOn: "2024-03-31", outstanding: 7_000n }), // 61 days
        invoice({ dueOn: "2024-03-01", issuedOn: "2024-02-01", outstanding: 1_000n }), // 121 days
        invoice({ status: "paid", outstanding: 0n, issuedOn: "2024-04-01", dueOn: "2024-05-01", paidOn: "2024-04-21" }), // 20 days to pay
        invoice({ status: "paid", outstanding: 0n, issuedOn: "2024-05-01", dueOn: "2024-05-31", paidOn: "2024-06-10" }), // 40 days
        invoice({ currency: "SEK", outstanding: 3_000n, dueOn: "2024-07-15", issuedOn: "2024-06-15" }),
        invoice({ status: "draft", issuedOn: null, outstanding: 99_999n }),
      ],
      new Map([["EUR", 2_500n]]),
      asOf,
    );
    const eur = result.find((row) => row.currency === "EUR")!;
    expect(eur.buckets).toEqual({ current: "200.00", d1_30: "50.00", d31_60: "0.00", d61_90: "70.00", d90_plus: "10.00" });
    expect(eur).toMatchObject({ open: "330.00", overdue: "130.00", openInvoices: 4, maxDaysOverdue: 121, unapplied: "25.00" });
    // Invoiced in (2024-04-01, 2024-06-30]: 200 + 100 + 100 (the one issued 2024-04-01 is outside) → 330 / 400 × 90.
    expect(eur.dso).toBe(74.3);
    expect(eur.averageDaysToPay).toBe(30);
    expect(result.find((row) => row.currency === "SEK")).toMatchObject({ open: "30.00", overdue: "0.00", dso: 27 });
  });
});

describe("dates", () => {
  it("adds months clamping to the month's last day", () => {
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonths("2024-03-15", 12)).toBe("2025-03-15");
  });
});

describe("value scores and segments", () => {
  it("scores recency, frequency, monetary rank and credit health", () => {
    expect([null, 0, 30, 31, 90, 180, 365, 366].map(recencyScore)).toEqual([0, 5, 5, 4, 4, 3, 2, 1]);
    expect([
      frequencyScore(0, false),
      frequencyScore(0, true),
      frequencyScore(1, true),
      frequencyScore(6, true),
      frequencyScore(12, true),
    ]).toEqual([0, 1, 2, 4, 5]);
    expect(monetaryScore(100, 0, 10)).toBe(1);
    expect(monetaryScore(100, 9, 10)).toBe(5);
    expect(monetaryScore(100, 4, 10)).toBe(3);
    expect([creditHealthScore(0, 0), creditHealthScore(10, 0.2), creditHealthScore(45, 0.6), creditHealthScore(200, 1)]).toEqual([
      5, 4, 2, 1,
    ]);
  });

  it("weighs RFM 80 and credit health 20 into 0–100, and segments by the thresholds", () => {
    expect(valueScore({ recency: 5, frequency: 5, monetary: 5, creditHealth: 5 })).toBe(100);
    expect(valueScore({ recency: 0, frequency: 0, monetary: 0, creditHealth: 5 })).toBe(0);
    expect(valueScore({ recency: 3, frequency: 2, monetary: 4, creditHealth: 4 })).toBe(64);
    const thresholds = { keyMinScore: 75, longStandingMinMonths: 36, newMaxMonths: 6 };
    expect(segmentOf(80, 2, thresholds)).toBe("key");
    expect(segmentOf(50, 40, thresholds)).toBe("long_standing");
    expect(segmentOf(50, 3, thresholds)).toBe("new");
    expect(segmentOf(50, 12, thresholds)).toBe("average");
    expect(segmentOf(0, null, thresholds)).toBe("none");
    expect(segmentOf(50, 12, { ...thresholds, newMaxMonths: 13 })).toBe("new");
    expect(monthsBetween("2021-06-15", "2024-06-14")).toBe(35);
    expect(monthsBetween("2021-06-15", "2024-06-15")).toBe(36);
  });
});
