/** Deposit rule evaluation: which rule applies to a company's ratings, and the reason given. */
import { describe, expect, it } from "vitest";
import { arBehaviourOf, evaluateDepositRules, type EvaluatedRule, type RatingFact, type RuleSet } from "./finance.deposit";
import { agingByCurrency, type InvoiceFact } from "../billing/billing.aging";

let next = 0;
const id = () => `00000000-0000-4000-8000-${String(++next).padStart(12, "0")}`;

const rule = (over: Partial<EvaluatedRule>): EvaluatedRule => ({
  id: id(),
  name: "rule",
  enabled: true,
  rating: null,
  maxOverdueDays: null,
  maxOverdueShare: null,
  maxAverageDaysToPay: null,
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

describe("AR behaviour in the rules", () => {
  const good = { maxDaysOverdue: 0, overdueShare: 0, averageDaysToPay: 20 };
  const rules = set([
    rule({
      name: "pays on time",
      rating: { type: "scale", from: "AAA", to: "BB+" },
      maxOverdueDays: 30,
      maxOverdueShare: 20,
      maxAverageDaysToPay: 45,
    }),
    rule({ name: "late payer", depositPercent: 50, collectionMethod: "prepayment" }),
  ]);

  it("keeps the favourable rule while the client pays on time", () => {
    const result = evaluateDepositRules(rules, ratings, good);
    expect(result).toMatchObject({ rule: { name: "pays on time" }, depositPercent: 0, arEvaluated: true, ar: good });
    expect(result.checks.map((check) => [check.outcome, check.arCondition])).toEqual([["matched", "met"]]);
  });

  it.each([
    ["an invoice 31 days overdue", { ...good, maxDaysOverdue: 31 }],
    ["21 % of open AR overdue", { ...good, overdueShare: 21 }],
    ["46 days to pay on average", { ...good, averageDaysToPay: 46 }],
  ])("falls through to the next rule with %s", (_label, ar) => {
    const result = evaluateDepositRules(rules, ratings, ar);
    expect(result).toMatchObject({ rule: { name: "late payer" }, depositPercent: 50, collectionMethod: "prepayment", arEvaluated: true });
    expect(result.checks.map((check) => [check.outcome, check.arCondition])).toEqual([
      ["ar_not_met", "not_met"],
      ["matched", "none"],
    ]);
  });

  it("holds at the limits, and for a client without open AR or payment history", () => {
    expect(evaluateDepositRules(rules, ratings, { maxDaysOverdue: 30, overdueShare: 20, averageDaysToPay: 45 }).rule?.name).toBe(
      "pays on time",
    );
    expect(evaluateDepositRules(rules, ratings, { maxDaysOverdue: 0, overdueShare: null, averageDaysToPay: null }).rule?.name).toBe(
      "pays on time",
    );
    // A rating that fails stays the reason, whatever the AR.
    const junk = [rating("sp", "CCC", 18, "2025-05-01")];
    expect(evaluateDepositRules(rules, junk, good).checks[0]).toMatchObject({ outcome: "rating_not_met", arCondition: "met" });
  });

  it("derives the behaviour from invoices: oldest overdue, worst currency's overdue share, average days to pay", () => {
    const invoice = (over: Partial<InvoiceFact>): InvoiceFact => ({
      currency: "EUR",
      status: "issued",
      total: 10_000n,
      outstanding: 10_000n,
      issuedOn: "2025-01-01",
      dueOn: "2025-01-31",
      paidOn: null,
      ...over,
    });
    const facts = [
      invoice({ dueOn: "2025-05-20" }), // EUR 100 open, not yet due
      invoice({ dueOn: "2025-04-01", outstanding: 2_500n }), // EUR 25 overdue 45 days
      invoice({ currency: "SEK", dueOn: "2025-05-01", total: 40_000n, outstanding: 40_000n }), // SEK 400, 15 days overdue: 100 %
      invoice({ status: "paid", outstanding: 0n, issuedOn: "2025-02-01", paidOn: "2025-03-03" }), // 30 days
      invoice({ status: "paid", outstanding: 0n, currency: "SEK", issuedOn: "2025-03-01", paidOn: "2025-03-11" }), // 10 days
      invoice({ status: "paid", outstanding: 0n, issuedOn: "2023-01-01", paidOn: "2023-06-01" }), // older than 12 months: not counted
    ];
    const asOf = "2025-05-16";
    expect(arBehaviourOf(agingByCurrency(facts, new Map(), asOf), facts, asOf)).toEqual({
      maxDaysOverdue: 45,
      overdueShare: 100,
      averageDaysToPay: 20,
    });
    const onlyEur = facts.filter((fact) => fact.currency === "EUR");
    expect(arBehaviourOf(agingByCurrency(onlyEur, new Map(), asOf), onlyEur, asOf)).toEqual({
      maxDaysOverdue: 45,
      overdueShare: 20,
      averageDaysToPay: 30,
    });
    expect(arBehaviourOf([], [], asOf)).toEqual({ maxDaysOverdue: 0, overdueShare: null, averageDaysToPay: null });
  });
});
