import { describe, expect, it } from "vitest";
import type { AccountTeamMember, DepositResult, FinancialStatement } from "@relata/contracts";
import { depositReason, notationDiffers, skippedRules } from "./deposit";
import { amount, byPeriod, change, emptyFigures, granularities, normalizeSignedAmount, trend } from "./statements";
import { byRoleThenName, rolesOpenTo, uncoveredRoles } from "./team";
import { fieldProblems } from "./problems";
import { ApiError } from "../../../lib/api";

let counter = 0;
function statement(fiscalYear: number, quarter: number | null, figures: Partial<FinancialStatement> = {}): FinancialStatement {
  counter += 1;
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, "0")}`,
    companyId: "00000000-0000-4000-8000-000000000000",
    fiscalYear,
    quarter,
    revenue: null,
    profit: null,
    assets: null,
    liabilities: null,
    equity: null,
    currency: "EUR",
    source: null,
    note: null,
    createdAt: "2025-01-01T00:00:00.000Z",
    updatedAt: "2025-01-01T00:00:00.000Z",
    version: 1,
    ...figures,
  };
}
const label = (period: { fiscalYear: number; quarter: number | null }) =>
  period.quarter ? `Q${period.quarter} ${period.fiscalYear}` : `FY ${period.fiscalYear}`;

describe("statements", () => {
  it("orders periods oldest first, a year's quarters before its full-year statement", () => {
    const ordered = [statement(2024, null), statement(2023, 4), statement(2024, 1), statement(2023, null)].sort(byPeriod);
    expect(ordered.map(label)).toEqual(["Q4 2023", "FY 2023", "Q1 2024", "FY 2024"]);
  });

  it("charts full years first and offers quarters when there are some", () => {
    expect(granularities([statement(2023, null), statement(2024, 2)])).toEqual({ available: ["year", "quarter"], preferred: "year" });
    expect(granularities([statement(2024, 2)])).toEqual({ available: ["quarter"], preferred: "quarter" });
    expect(granularities([])).toEqual({ available: [], preferred: null });
  });

  it("turns one granularity into chart points in the newest statement's currency", () => {
    const statements = [
      statement(2024, null, { revenue: "1250000.00", profit: "-50000", equity: "400000", currency: "SEK" }),
      statement(2022, null, { revenue: "900000", currency: "EUR" }),
      statement(2023, null, { revenue: "1000000", profit: "20000.50", currency: "SEK" }),
      statement(2024, 1, { revenue: "300000", currency: "SEK" }),
    ];
    const years = trend(statements, "year", label);
    expect(years.currency).toBe("SEK");
    expect(years.leftOut).toBe(1);
    expect(years.points).toEqual([
      { key: "2023", label: "FY 2023", values: { revenue: 1_000_000, profit: 20_000.5, equity: null } },
      { key: "2024", label: "FY 2024", values: { revenue: 1_250_000, profit: -50_000, equity: 400_000 } },
    ]);
    const quarters = trend(statements, "quarter", label);
    expect(quarters.points.map((point) => point.key)).toEqual(["2024-Q1"]);
    expect(emptyFigures(quarters.points)).toEqual(["profit", "equity"]);
    expect(trend([], "year", label)).toEqual({ currency: null, leftOut: 0, points: [] });
  });

  it("reads amounts and changes", () => {
    expect(amount("-12.50")).toBe(-12.5);
    expect(amount(null)).toBeNull();
    expect(amount(" ")).toBeNull();
    expect(change(120, 100)).toBeCloseTo(0.2);
    expect(change(-50, 100)).toBeCloseTo(-1.5);
    expect(change(10, -20)).toBeCloseTo(1.5);
    expect(change(10, 0)).toBeNull();
    expect(change(null, 5)).toBeNull();
  });

  it("takes typed amounts the way people write them, losses included", () => {
    expect(normalizeSignedAmount("1 250 000")).toBe("1250000");
    expect(normalizeSignedAmount("-3 500,50")).toBe("-3500.50");
    expect(normalizeSignedAmount("−12")).toBe("-12");
    expect(normalizeSignedAmount("1'000")).toBe("1000");
    expect(normalizeSignedAmount("-0")).toBe("0");
    expect(normalizeSignedAmount("007")).toBe("7");
    expect(normalizeSignedAmount("")).toBeNull();
    expect(normalizeSignedAmount("1.234")).toBeUndefined();
    expect(normalizeSignedAmount("12e3")).toBeUndefined();
    expect(normalizeSignedAmount("1".repeat(16))).toBeUndefined();
  });
});

const rating = (agency: "sp" | "moodys", value: string, scale: string) => ({
  id: "00000000-0000-4000-8000-0000000000aa",
  agency,
  rating: value,
  scaleRating: scale as "BBB+",
  ratedOn: "2025-03-01",
});
const result = (overrides: Partial<DepositResult>): DepositResult => ({
  depositPercent: 30,
  collectionMethod: "prepayment",
  source: "rule",
  rule: { id: "00000000-0000-4000-8000-0000000000b1", name: "Weak rating", position: 1 },
  rating: null,
  currentRating: null,
  arEvaluated: true,
  checks: [],
  rulesVersion: 3,
  ...overrides,
});
const agencyName = (agency: string) => `<${agency}>`;
const date = (iso: string) => `[${iso}]`;

describe("the deposit's reason", () => {
  it("names the rule, its number and the rating it matched on", () => {
    const current = rating("moodys", "Ba1", "BB+");
    expect(depositReason(result({ rating: current, currentRating: current }), agencyName, date)).toEqual({
      key: "deposit.reason.ruleOnRating",
      values: { name: "Weak rating", number: 2, agency: "<moodys>", rating: "Ba1", scale: "BB+", date: "[2025-03-01]" },
    });
    expect(notationDiffers(current)).toBe(true);
    expect(notationDiffers(rating("sp", "BB+", "BB+"))).toBe(false);
  });

  it("says when a rule applied to an unrated company or to any rating", () => {
    expect(depositReason(result({}), agencyName, date).key).toBe("deposit.reason.ruleUnrated");
    expect(depositReason(result({ currentRating: rating("sp", "A", "A") }), agencyName, date).key).toBe("deposit.reason.ruleAnyRating");
  });

  it("explains the default: no rules, no rating, or a rating no rule covers", () => {
    const fallback = { source: "default" as const, rule: null };
    expect(depositReason(result({ ...fallback }), agencyName, date)).toEqual({ key: "deposit.reason.noRules", values: {} });
    const checks: DepositResult["checks"] = [
      { ruleId: "00000000-0000-4000-8000-0000000000b1", name: "Junk", outcome: "rating_not_met", arCondition: "none" },
      { ruleId: "00000000-0000-4000-8000-0000000000b2", name: "Old", outcome: "disabled", arCondition: "not_evaluated" },
    ];
    expect(depositReason(result({ ...fallback, checks }), agencyName, date).key).toBe("deposit.reason.defaultUnrated");
    const onRating = depositReason(result({ ...fallback, checks, currentRating: rating("sp", "AA", "AA") }), agencyName, date);
    expect(onRating).toEqual({
      key: "deposit.reason.defaultOnRating",
      values: { agency: "<sp>", rating: "AA", scale: "AA", date: "[2025-03-01]" },
    });
    expect(skippedRules(result({ checks: [...checks, { ...checks[0]!, outcome: "matched" }] }))).toEqual(checks);
  });
});

const member = (userName: string, role: AccountTeamMember["role"], options: Partial<AccountTeamMember> = {}): AccountTeamMember => ({
  id: `00000000-0000-4000-8000-${userName.padStart(12, "0").slice(-12).replace(/\D/g, "0")}`,
  companyId: "00000000-0000-4000-8000-000000000000",
  userId: `user-${userName}`,
  userName,
  userActive: true,
  role,
  note: null,
  startsOn: null,
  endsOn: null,
  current: true,
  createdAt: "2025-01-01T00:00:00.000Z",
  updatedAt: "2025-01-01T00:00:00.000Z",
  version: 1,
  ...options,
});

describe("the account team", () => {
  it("lists by role, then by name", () => {
    const members = [member("Zoe", "sales"), member("Bo", "service"), member("Al", "sales"), member("Cy", "account_manager")];
    expect([...members].sort(byRoleThenName).map((item) => `${item.role}:${item.userName}`)).toEqual([
      "account_manager:Cy",
      "sales:Al",
      "sales:Zoe",
      "service:Bo",
    ]);
  });

  it("finds the roles nobody holds now (ended and deactivated people do not count)", () => {
    const members = [
      member("Al", "account_manager"),
      member("Bo", "sales", { current: false }),
      member("Cy", "service", { userActive: false }),
    ];
    expect(uncoveredRoles(members)).toEqual(["sales", "service", "executive_sponsor"]);
    expect(uncoveredRoles([])).toEqual(["account_manager", "sales", "service", "executive_sponsor"]);
  });

  it("offers a person only the roles they do not hold here yet", () => {
    const members = [member("Al", "account_manager"), member("Al", "sales")];
    expect(rolesOpenTo(members, "user-Al")).toEqual(["service", "executive_sponsor"]);
    expect(rolesOpenTo(members, "user-Al", "sales")).toEqual(["sales", "service", "executive_sponsor"]);
    expect(rolesOpenTo(members, null)).toHaveLength(4);
  });
});

describe("server problems on finance forms", () => {
  const t = (key: string) => `t(${key})`;
  it("puts 400 details on their fields and a 409 on the field it concerns", () => {
    const invalid = new ApiError(400, {
      code: "validation",
      message: "bad",
      details: [
        { field: "revenue", message: "must be an amount" },
        { field: "revenue", message: "too long" },
        { field: "currency", message: "is not an ISO 4217 currency code" },
      ],
    });
    expect(fieldProblems(invalid, t)).toEqual({ revenue: "must be an amount · too long", currency: "is not an ISO 4217 currency code" });
    const taken = new ApiError(409, { code: "conflict", message: "exists" });
    expect(fieldProblems(taken, t, { field: "fiscalYear", key: "statement.periodTaken" })).toEqual({
      fiscalYear: "t(statement.periodTaken)",
    });
    expect(fieldProblems(taken, t)).toEqual({});
    expect(fieldProblems(new Error("x"), t)).toEqual({});
  });
});
