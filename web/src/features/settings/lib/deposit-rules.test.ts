import { describe, expect, it } from "vitest";
import type { DepositRule, DepositRules } from "@relata/contracts";
import {
  conditionSentence,
  fromDraft,
  hasArConditions,
  keepRatingsOf,
  newRuleDraft,
  ratingChoices,
  ruleProblems,
  ruleSet,
  toDraft,
  withRule,
  withoutRule,
} from "./deposit-rules";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const rules: DepositRule[] = [
  {
    id: id(1),
    name: "Junk",
    enabled: true,
    rating: { type: "scale", agency: null, from: "BB+", to: "D" },
    maxOverdueDays: 30,
    maxOverdueShare: null,
    maxAverageDaysToPay: null,
    depositPercent: 50,
    collectionMethod: "prepayment",
  },
  {
    id: id(2),
    name: "Moody's watch",
    enabled: false,
    rating: { type: "ratings", agency: "moodys", ratings: ["Baa3", "Ba1"] },
    maxOverdueDays: null,
    maxOverdueShare: null,
    maxAverageDaysToPay: 45,
    depositPercent: 20,
    collectionMethod: "letter_of_credit",
  },
  {
    id: id(3),
    name: "Unrated",
    enabled: true,
    rating: { type: "unrated", agency: "sp" },
    maxOverdueDays: null,
    maxOverdueShare: 12.5,
    maxAverageDaysToPay: null,
    depositPercent: 100,
    collectionMethod: "cash",
  },
  {
    id: id(4),
    name: "Everyone else",
    enabled: true,
    rating: null,
    maxOverdueDays: null,
    maxOverdueShare: null,
    maxAverageDaysToPay: null,
    depositPercent: 0,
    collectionMethod: "transfer",
  },
];

describe("deposit rule drafts", () => {
  it("round-trips every kind of rating condition", () => {
    for (const rule of rules) expect(fromDraft(toDraft(rule))).toEqual({ rule });
  });

  it("names what is missing or wrong before anything is sent", () => {
    const draft = { ...newRuleDraft(), name: " ", depositPercent: 120, maxOverdueDays: 1.5, maxOverdueShare: -1, maxAverageDaysToPay: -3 };
    expect(fromDraft(draft)).toEqual({
      problems: {
        name: "nameRequired",
        depositPercent: "percent",
        maxOverdueDays: "days",
        maxOverdueShare: "share",
        maxAverageDaysToPay: "days",
      },
    });
    expect(fromDraft({ ...newRuleDraft(), name: "x", depositPercent: null })).toEqual({ problems: { depositPercent: "percent" } });
    expect(fromDraft({ ...newRuleDraft(), name: "x", depositPercent: 10, conditionType: "ratings" })).toEqual({
      problems: { agency: "agencyRequired" },
    });
    expect(fromDraft({ ...newRuleDraft(), name: "x", depositPercent: 10, conditionType: "ratings", agency: "fitch" })).toEqual({
      problems: { ratings: "ratingsRequired" },
    });
    expect(fromDraft({ ...newRuleDraft(), name: "x", depositPercent: 10, from: "B", to: "A" })).toEqual({
      problems: { to: "rangeReversed" },
    });
  });

  it("trims the name and leaves the id off a new rule", () => {
    const result = fromDraft({ ...newRuleDraft(), name: "  Weak  ", depositPercent: 25 });
    expect(result).toEqual({
      rule: {
        name: "Weak",
        enabled: true,
        rating: { type: "scale", agency: null, from: "BB+", to: "D" },
        maxOverdueDays: null,
        maxOverdueShare: null,
        maxAverageDaysToPay: null,
        depositPercent: 25,
        collectionMethod: "prepayment",
      },
    });
  });

  it("offers each agency's own notation and drops ratings another agency does not give", () => {
    expect(ratingChoices("moodys")).toContain("Baa1");
    expect(ratingChoices("moodys")).not.toContain("BBB+");
    expect(ratingChoices(null)).toContain("BBB+");
    expect(keepRatingsOf("sp", ["Baa1", "BBB", "A"])).toEqual(["BBB", "A"]);
  });
});

describe("the rule set", () => {
  const stored: DepositRules = {
    rules: rules as DepositRules["rules"],
    default: { depositPercent: 0, collectionMethod: "transfer" },
    version: 7,
  };

  it("adds, replaces and removes rules in place", () => {
    const added = withRule(rules, null, { ...rules[3]!, id: undefined, name: "New" });
    expect(added.map((rule) => rule.name)).toEqual(["Junk", "Moody's watch", "Unrated", "Everyone else", "New"]);
    expect(withRule(rules, 1, { ...rules[1]!, enabled: true })[1]!.enabled).toBe(true);
    expect(withoutRule(rules, 0).map((rule) => rule.id)).toEqual([id(2), id(3), id(4)]);
  });

  it("sends the whole ordered set and the default", () => {
    const body = ruleSet(stored, [rules[1]!, rules[0]!], { depositPercent: 5, collectionMethod: "card" });
    expect(body.rules.map((rule) => rule.id)).toEqual([id(2), id(1)]);
    expect(body.default).toEqual({ depositPercent: 5, collectionMethod: "card" });
    expect(ruleSet(stored, rules).default).toEqual(stored.default);
  });

  it("knows which rules wait for billing", () => {
    expect(rules.map(hasArConditions)).toEqual([true, true, true, false]);
  });

  it("says each condition in words", () => {
    expect(rules.map((rule) => conditionSentence(rule.rating))).toEqual([
      { key: "depositRules.condition.scaleOrWorse", values: { agency: "", from: "BB+", to: "D" } },
      { key: "depositRules.condition.ratings", values: { agency: "moodys", ratings: "Baa3, Ba1" } },
      { key: "depositRules.condition.unratedAgency", values: { agency: "sp" } },
      { key: "depositRules.condition.any", values: {} },
    ]);
    expect(conditionSentence({ type: "scale", agency: "fitch", from: "A", to: "BBB" }).key).toBe("depositRules.condition.scaleAgency");
    expect(conditionSentence({ type: "scale", from: "A", to: "A" }).key).toBe("depositRules.condition.scaleOne");
  });

  it("puts the server's problems with one rule on the rule form's fields", () => {
    expect(
      ruleProblems(
        [
          { field: "rules.2.depositPercent", message: "must be 100 or less" },
          { field: "rules.2.rating.ratings.1", message: "is not a rating of sp" },
          { field: "rules.2.rating.to", message: "must not be better than from" },
          { field: "rules.0.name", message: "Too small" },
          { field: "default.depositPercent", message: "must be 0 or more" },
        ],
        2,
      ),
    ).toEqual({
      depositPercent: "must be 100 or less",
      ratings: "is not a rating of sp",
      to: "must not be better than from",
      "rules.0.name": "Too small",
      "default.depositPercent": "must be 0 or more",
    });
  });
});
