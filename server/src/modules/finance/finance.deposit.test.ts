/** Deposit rule evaluation: which rule applies to a company's ratings, and the reason given. */
import { describe, expect, it } from "vitest";
import { evaluateDepositRules, type EvaluatedRule, type RatingFact, type RuleSet } from "./finance.deposit";

let next = 0;
const id = () => `00000000-0000-4000-8000-${String(++next).padStart(12, "0")}`;

const rule = (over: Partial<EvaluatedRule>): EvaluatedRule => ({
  id: id(),
  name: "rule",
  enabled: true,
  rating: null,
  maxOverdueDays: null,
  maxOverdueShare: null,
  depositPercent: 0,
  collectionMethod: "transfer",
  ...over,
});
const set = (rules: EvaluatedRule[]): RuleSet => ({ rules, defaults: { depositPercent: 100, collectionMethod: "prepayment" }, version: 7 });
const rating = (agency: RatingFact["agency"], value: string, position: number, ratedOn: string): RatingFact => ({
  id: id(),
  agency,
  rating: value,
  scalePosition: position,
  ratedOn,
});

// Newest first, as the repository lists them.
const ratings = [rating("moodys", "Ba1", 11, "2025-03-01"), rating("sp", "BBB", 9, "2024-06-01"), rating("sp", "A", 6, "2022-01-01")];

describe("deposit rules", () => {
  it("applies the default and says so when no rule matches", () => {
    const result = evaluateDepositRules(set([rule({ name: "AAA only", rating: { type: "scale", from: "AAA", to: "AAA" } })]), ratings);
    expect(result).toMatchObject({
      source: "default",
      rule: null,
      depositPercent: 100,
      collectionMethod: "prepayment",
      rulesVersion: 7,
      currentRating: { agency: "moodys", rating: "Ba1", scaleRating: "BB+", ratedOn: "2025-03-01" },
    });
    expect(result.checks).toEqual([expect.objectContaining({ name: "AAA only", outcome: "rating_not_met" })]);
  });

  it("takes the first enabled rule whose condition holds, naming it and the rating it matched on", () => {
    const result = evaluateDepositRules(
      set([
        rule({ name: "off", enabled: false, depositPercent: 1 }),
        rule({ name: "investment grade", rating: { type: "scale", from: "AAA", to: "BBB-" }, depositPercent: 0 }),
        rule({ name: "junk", rating: { type: "scale", from: "BB+", to: "D" }, depositPercent: 30, collectionMethod: "letter_of_credit" }),
        rule({ name: "catch all", depositPercent: 50 }),
      ]),
      ratings,
    );
    // The newest rating of any agency (Moody's Ba1 = BB+) decides a scale condition without an agency.
    expect(result).toMatchObject({
      source: "rule",
      rule: { name: "junk", position: 2 },
      depositPercent: 30,
      collectionMethod: "letter_of_credit",
      rating: { agency: "moodys", rating: "Ba1", scaleRating: "BB+" },
      arEvaluated: true,
    });
    expect(result.checks.map((check) => [check.name, check.outcome])).toEqual([
      ["off", "disabled"],
      ["investment grade", "rating_not_met"],
      ["junk", "matched"],
    ]);
  });

  it("compares an agency's own newest rating, not older ones or other agencies'", () => {
    const spOnly = set([rule({ name: "S&P BBB", rating: { type: "ratings", agency: "sp", ratings: ["BBB"] }, depositPercent: 10 })]);
    expect(evaluateDepositRules(spOnly, ratings)).toMatchObject({ rule: { name: "S&P BBB" }, rating: { agency: "sp", rating: "BBB" } });
    const oldA = set([rule({ name: "S&P A", rating: { type: "ratings", agency: "sp", ratings: ["A"] } })]);
    expect(evaluateDepositRules(oldA, ratings).source).toBe("default");
    const scaleOfSp = set([rule({ name: "S&P grade", rating: { type: "scale", agency: "sp", from: "AAA", to: "BBB-" } })]);
    expect(evaluateDepositRules(scaleOfSp, ratings)).toMatchObject({ source: "rule", rating: { agency: "sp", rating: "BBB" } });
  });

  it("matches unrated companies, overall or per agency", () => {
    const unrated = set([
      rule({ name: "no Fitch", rating: { type: "unrated", agency: "fitch" }, depositPercent: 20 }),
      rule({ name: "no rating", rating: { type: "unrated" }, depositPercent: 40 }),
    ]);
    expect(evaluateDepositRules(unrated, ratings)).toMatchObject({ rule: { name: "no Fitch" }, rating: null });
    expect(evaluateDepositRules(set([unrated.rules[1]!]), [])).toMatchObject({
      rule: { name: "no rating" },
      depositPercent: 40,
      currentRating: null,
    });
    expect(evaluateDepositRules(set([unrated.rules[1]!]), ratings).source).toBe("default");
  });

  it("says AR conditions were not evaluated and decides such a rule on its rating alone", () => {
    const result = evaluateDepositRules(
      set([
        rule({ name: "late payers", rating: { type: "scale", from: "AAA", to: "A-" }, maxOverdueDays: 30 }),
        rule({ name: "share", rating: { type: "scale", from: "BBB+", to: "BB+" }, maxOverdueShare: 10, depositPercent: 25 }),
      ]),
      ratings,
    );
    expect(result).toMatchObject({ source: "rule", rule: { name: "share" }, depositPercent: 25, arEvaluated: false });
    expect(result.checks.map((check) => [check.outcome, check.arCondition])).toEqual([
      ["rating_not_met", "not_evaluated"],
      ["matched", "not_evaluated"],
    ]);
    expect(evaluateDepositRules(set([rule({ name: "plain" })]), ratings).arEvaluated).toBe(true);
  });
});
