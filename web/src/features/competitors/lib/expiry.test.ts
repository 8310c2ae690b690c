import { describe, expect, it } from "vitest";
import { daysUntil, expiryColor } from "./expiry";

describe("daysUntil", () => {
  it("counts calendar days, across months, leap days and daylight-saving changes", () => {
    expect(daysUntil("2026-12-03", "2026-12-03")).toBe(0);
    expect(daysUntil("2027-01-02", "2026-12-30")).toBe(3);
    expect(daysUntil("2028-03-01", "2028-02-28")).toBe(2);
    expect(daysUntil("2026-03-30", "2026-03-28")).toBe(2);
    expect(daysUntil("2026-12-01", "2026-12-03")).toBe(-2);
  });
});

describe("expiryColor", () => {
  it("is red once expired, orange within the follow-up lead, calm before", () => {
    expect(expiryColor(-1, 30)).toBe("red");
    expect(expiryColor(0, 30)).toBe("orange");
    expect(expiryColor(30, 30)).toBe("orange");
    expect(expiryColor(31, 30)).toBe("gray");
  });
});
