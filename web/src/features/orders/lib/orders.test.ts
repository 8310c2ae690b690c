import { describe, expect, it } from "vitest";
import { draftTotal, nextOrderStatuses, transactionTarget } from "./orders";

describe("order statuses", () => {
  it("moves forward one step at a time and cancels only before shipping", () => {
    expect(nextOrderStatuses("entered")).toEqual(["confirmed", "cancelled"]);
    expect(nextOrderStatuses("confirmed")).toEqual(["shipped", "cancelled"]);
    expect(nextOrderStatuses("shipped")).toEqual(["delivered"]);
    expect(nextOrderStatuses("delivered")).toEqual([]);
    expect(nextOrderStatuses("cancelled")).toEqual([]);
  });
});

describe("draftTotal", () => {
  it("sums quantity × price per line in cents, rounding each line half up, without float noise", () => {
    expect(draftTotal([{ quantity: "3", unitPrice: "0.10" }])).toBe("0.30");
    expect(
      draftTotal([
        { quantity: "0.333", unitPrice: "10.00" },
        { quantity: "2", unitPrice: "250.00" },
      ]),
    ).toBe("503.33");
    expect(draftTotal([{ quantity: "0.005", unitPrice: "1.00" }])).toBe("0.01");
  });

  it("has no total while a line is not a number", () => {
    expect(draftTotal([{ quantity: "2", unitPrice: "" }])).toBeNull();
    expect(draftTotal([{ quantity: "two", unitPrice: "5" }])).toBeNull();
    expect(draftTotal([{ quantity: "-1", unitPrice: "5" }])).toBeNull();
  });
});

describe("transactionTarget", () => {
  it("opens an order on the Orders tab, a delivery on Contracts and money on Receivables, of the row's own company", () => {
    expect(transactionTarget({ type: "order", id: "o1", companyId: "c1" })).toEqual({ companyId: "c1", tab: "orders", order: "o1" });
    expect(transactionTarget({ type: "fulfilment", id: "f1", companyId: "c2" })).toEqual({ companyId: "c2", tab: "contracts" });
    for (const type of ["invoice", "payment", "credit_note"] as const)
      expect(transactionTarget({ type, id: "x", companyId: "c3" })).toEqual({ companyId: "c3", tab: "receivables" });
  });
});
