import { describe, expect, it } from "vitest";
import {
  agingRows,
  allocateOldestFirst,
  fulfilledShare,
  listPriceIn,
  nextStatuses,
  openInvoicesIn,
  previewLineAmount,
  remainingQuantity,
  sumAmounts,
  trendCurrencies,
  trendRows,
} from "./money";
import { fieldProblems, localToday, noon, showsFields } from "./problems";
import { ApiError } from "../../../lib/api";

const invoice = (id: string, outstanding: string, dueOn: string | null, extra: Partial<{ currency: string; status: string }> = {}) => ({
  id,
  number: `INV-${id}`,
  currency: extra.currency ?? "EUR",
  status: (extra.status ?? "issued") as "issued",
  outstanding,
  dueOn,
  issuedOn: "2025-01-01",
});

describe("amounts typed into a form", () => {
  it("adds amounts without float noise", () => {
    expect(sumAmounts(["0.1", "0.2"])).toBe("0.30");
    expect(sumAmounts(["100", "-0.01", "", "x"])).toBe("99.99");
  });
});

describe("contract items", () => {
  it("knows what remains and how much is done", () => {
    expect(remainingQuantity({ quantity: "10", fulfilledQuantity: "3.5" })).toBe("6.5");
    expect(remainingQuantity({ quantity: "2", fulfilledQuantity: "2" })).toBe("0");
    expect(fulfilledShare({ quantity: "4", fulfilledQuantity: "1" })).toBe(0.25);
    expect(fulfilledShare({ quantity: "0", fulfilledQuantity: "0" })).toBe(0);
  });

  it("prices a line as the server does: quantity × price − discount, cents rounded half up", () => {
    expect(previewLineAmount("3", "19.99")).toBe("59.97");
    expect(previewLineAmount("2", "100", "12.5")).toBe("175.00");
    expect(previewLineAmount("0.333", "10", "0")).toBe("3.33");
    expect(previewLineAmount("1", "0.05", "50")).toBe("0.03");
    expect(previewLineAmount("x", "1")).toBeNull();
    expect(previewLineAmount("-1", "10")).toBeNull();
    expect(previewLineAmount("2", "10", "")).toBe("20.00");
    expect(previewLineAmount("1.0005", "1000")).toBe("1001.00");
  });

  it("takes the list price in the contract's currency only", () => {
    const product = { prices: [{ currency: "EUR", listPrice: "10.00", unitCost: null }] };
    expect(listPriceIn(product, "EUR")).toBe("10.00");
    expect(listPriceIn(product, "SEK")).toBeNull();
    expect(listPriceIn(undefined, "EUR")).toBeNull();
  });

  it("offers only the transitions the server allows", () => {
    expect(nextStatuses("draft")).toEqual(["active", "terminated"]);
    expect(nextStatuses("active")).toEqual(["expired", "terminated", "renewed"]);
    expect(nextStatuses("terminated")).toEqual([]);
  });
});

describe("payments", () => {
  const invoices = [
    invoice("b", "50.00", "2025-03-01"),
    invoice("a", "30.00", "2025-02-01"),
    invoice("c", "99.00", "2025-01-01", { currency: "SEK" }),
    invoice("d", "0.00", "2025-01-01"),
    invoice("e", "10.00", "2025-01-01", { status: "draft" }),
  ];

  it("lists open issued invoices of the currency, the one due first first", () => {
    expect(openInvoicesIn(invoices, "EUR").map((row) => row.id)).toEqual(["a", "b"]);
  });

  it("applies a payment oldest first, never more than an invoice's outstanding amount", () => {
    const open = openInvoicesIn(invoices, "EUR");
    expect(allocateOldestFirst("40", open)).toEqual({ a: "30.00", b: "10.00" });
    expect(allocateOldestFirst("100", open)).toEqual({ a: "30.00", b: "50.00" });
    expect(allocateOldestFirst("abc", open)).toEqual({});
  });
});

describe("charts", () => {
  it("gives every aging bucket a row, in order, with its amount", () => {
    const rows = agingRows(
      { buckets: { current: "10.00", d1_30: "0", d31_60: "5.50", d61_90: "0", d90_plus: "1" } },
      (bucket) => `label ${bucket}`,
    );
    expect(rows.map((row) => [row.key, row.amount])).toEqual([
      ["current", 10],
      ["d1_30", 0],
      ["d31_60", 5.5],
      ["d61_90", 0],
      ["d90_plus", 1],
    ]);
    expect(rows[0]!.bucket).toBe("label current");
  });

  it("fills every month of the window and one column per category of the currency", () => {
    const trends = {
      months: 3,
      items: [
        { month: "2025-05", category: "Hardware", currency: "EUR", amount: "100.10" },
        { month: "2025-05", category: "Hardware", currency: "EUR", amount: "0.20" },
        { month: "2025-06", category: "Service", currency: "EUR", amount: "40" },
        { month: "2025-06", category: "Service", currency: "SEK", amount: "999" },
        { month: "2024-01", category: "Old", currency: "EUR", amount: "5" },
      ],
    };
    const { rows, categories } = trendRows(trends, "EUR", new Date(Date.UTC(2025, 5, 20)));
    expect(categories).toEqual(["Hardware", "Old", "Service"]);
    expect(rows).toEqual([
      { month: "2025-04", Hardware: 0, Old: 0, Service: 0 },
      { month: "2025-05", Hardware: 100.3, Old: 0, Service: 0 },
      { month: "2025-06", Hardware: 0, Old: 0, Service: 40 },
    ]);
    expect(trendCurrencies(trends)).toEqual(["SEK", "EUR"]);
  });
});

describe("forms", () => {
  it("puts the server's field problems on their fields, a 409 on the field named", () => {
    const invalid = new ApiError(400, {
      code: "validation",
      message: "bad",
      details: [
        { field: "quantity", message: "only 2 of this item is still to be fulfilled" },
        { field: "allocations[0].amount", message: "is more than the 5.00 outstanding" },
      ],
    } as never);
    expect(fieldProblems(invalid)).toEqual({
      quantity: "only 2 of this item is still to be fulfilled",
      "allocations.0.amount": "is more than the 5.00 outstanding",
    });
    const conflict = new ApiError(409, { code: "conflict", message: "already fulfilled with this key" } as never);
    expect(fieldProblems(conflict, "quantity")).toEqual({ quantity: "already fulfilled with this key" });
    expect(fieldProblems(conflict)).toEqual({});
    expect(fieldProblems(new Error("x"))).toEqual({});
    const shows = showsFields("amount", "allocations.");
    expect(["amount", "allocations.2.amount", "currency", "allocationsX"].map(shows)).toEqual([true, true, false, false]);
  });

  it("dates: today in the local calendar, a day formatted the same in every zone", () => {
    expect(localToday(new Date(2025, 0, 5, 23, 30))).toBe("2025-01-05");
    expect(noon("2025-03-09")).toBe("2025-03-09T12:00:00Z");
  });
});
