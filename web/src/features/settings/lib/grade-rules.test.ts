import { describe, expect, it } from "vitest";
import type { GradeRule } from "@relata/contracts";
import { changed, fromDrafts, normalizeAmount, toDrafts } from "./grade-rules";

const rules: GradeRule[] = [
  { grade: "key", minRevenue12m: "1000000.00", minTenureMonths: 24, enabled: true },
  { grade: "A", minRevenue12m: null, minTenureMonths: 12, enabled: true },
  { grade: "B", minRevenue12m: "1000", minTenureMonths: null, enabled: false },
  { grade: "C", minRevenue12m: null, minTenureMonths: null, enabled: false },
];

describe("grade rule drafts", () => {
  it("reads typed amounts the way people write them", () => {
    expect(normalizeAmount("1 000 000")).toBe("1000000");
    expect(normalizeAmount("2500,5")).toBe("2500.5");
    expect(normalizeAmount("007")).toBe("7");
    expect(normalizeAmount("")).toBeNull();
    expect(normalizeAmount("-5")).toBeUndefined();
    expect(normalizeAmount("1.234")).toBeUndefined();
    expect(normalizeAmount("ten")).toBeUndefined();
  });

  it("round-trips the stored rules and sees no change", () => {
    const drafts = toDrafts(rules);
    expect(changed(drafts, rules)).toBe(false);
    expect(fromDrafts(drafts)).toEqual({ rules: rules.map((rule) => ({ ...rule, minRevenue12m: rule.minRevenue12m })) });
    // The same amount written differently is no change.
    expect(changed([{ ...drafts[0]!, revenue: "1000000" }, ...drafts.slice(1)], rules)).toBe(false);
  });

  it("turns empty thresholds into null and names the rows that are wrong", () => {
    const drafts = toDrafts(rules);
    drafts[0] = { ...drafts[0]!, revenue: "" };
    drafts[1] = { ...drafts[1]!, tenure: 1201 };
    drafts[2] = { ...drafts[2]!, revenue: "12.345" };
    expect(changed(drafts, rules)).toBe(true);
    expect(fromDrafts(drafts)).toEqual({ problems: { "rules[1].minTenureMonths": "months", "rules[2].minRevenue12m": "amount" } });
    drafts[1] = { ...drafts[1]!, tenure: null };
    drafts[2] = { ...drafts[2]!, revenue: "12.34" };
    const result = fromDrafts(drafts);
    expect("rules" in result && result.rules.map((rule) => [rule.minRevenue12m, rule.minTenureMonths])).toEqual([
      [null, 24],
      [null, null],
      ["12.34", null],
      [null, null],
    ]);
  });
});
