/**
 * Deposit requirement: which rule applies to a company's current ratings, and why. The pure
 * `evaluateDepositRules` holds the logic (unit-tested); `evaluateDepositRequirement` loads what it
 * needs for one company, for the finance card and for later modules (orders, billing).
 */
import {
  cents,
  ratingScale,
  type CollectionMethod,
  type CreditAgency,
  type DepositResult,
  type DepositRuleCheck,
  type RatingCondition,
  type ScaleRating,
} from "@relata/contracts";
import type { ReceivablesByCurrency } from "@relata/contracts";
import { agingByCurrency, type InvoiceFact } from "../billing/billing.aging";
import { receivableFacts } from "../billing/billing.service";
import { addDays, daysBetween, today } from "../billing/dates";
import * as repo from "./finance.repository";

/** A rating as the evaluation needs it (newest first in the lists it receives). */
export type RatingFact = { id: string; agency: CreditAgency; rating: string; scalePosition: number; ratedOn: string };

export type EvaluatedRule = {
  id: string;
  name: string;
  enabled: boolean;
  rating: RatingCondition | null;
  maxOverdueDays: number | null;
  maxOverdueShare: number | null;
  maxAverageDaysToPay: number | null;
  depositPercent: number;
  collectionMethod: CollectionMethod;
};

export type RuleSet = {
  rules: EvaluatedRule[];
  defaults: { depositPercent: number; collectionMethod: CollectionMethod };
  version: number;
};

/** The client's AR behaviour, as the AR conditions read it. */
export type ArBehaviour = {
  /** Days past due of the oldest overdue invoice (0: nothing overdue). */
  maxDaysOverdue: number;
  /** Overdue share of open AR in percent, the worst currency's; null when nothing is open. */
  overdueShare: number | null;
  /** Average days from invoice to payment over the last 12 months; null without paid invoices. */
  averageDaysToPay: number | null;
};

const hasArConditions = (rule: EvaluatedRule) =>
  rule.maxOverdueDays !== null || rule.maxOverdueShare !== null || rule.maxAverageDaysToPay !== null;

/**
 * Whether the rule's AR conditions hold: the oldest overdue invoice at most `maxOverdueDays`
 * past due, at most `maxOverdueShare` % of open AR overdue, paying on average within
 * `maxAverageDaysToPay` days. A client without open AR has no overdue share; one with no paid
 * invoice yet has no payment record against it.
 */
export function arHolds(rule: EvaluatedRule, ar: ArBehaviour): boolean {
  if (rule.maxOverdueDays !== null && ar.maxDaysOverdue > rule.maxOverdueDays) return false;
  if (rule.maxOverdueShare !== null && (ar.overdueShare ?? 0) > rule.maxOverdueShare) return false;
  if (rule.maxAverageDaysToPay !== null && ar.averageDaysToPay !== null && ar.averageDaysToPay > rule.maxAverageDaysToPay) return false;
  return true;
}

const scaleRating = (position: number) => ratingScale[position - 1] as ScaleRating;
const positionOf = (rating: ScaleRating) => ratingScale.indexOf(rating) + 1;

const used = (fact: RatingFact | undefined) =>
  fact
    ? { id: fact.id, agency: fact.agency, rating: fact.rating, scaleRating: scaleRating(fact.scalePosition), ratedOn: fact.ratedOn }
    : null;

/** Whether the rule's rating condition holds, and the rating it looked at. */
function ratingHolds(condition: RatingCondition | null, ratings: readonly RatingFact[]): { holds: boolean; rating?: RatingFact } {
  if (condition === null) return { holds: true };
  const newest = (agency: CreditAgency | null | undefined) => (agency ? ratings.find((fact) => fact.agency === agency) : ratings[0]);
  switch (condition.type) {
    case "ratings": {
      const fact = newest(condition.agency);
      return { holds: fact !== undefined && condition.ratings.includes(fact.rating), rating: fact };
    }
    case "scale": {
      const fact = newest(condition.agency);
      const holds =
        fact !== undefined && fact.scalePosition >= positionOf(condition.from) && fact.scalePosition <= positionOf(condition.to);
      return { holds, rating: fact };
    }
    case "unrated":
      return { holds: newest(condition.agency) === undefined };
  }
}

/**
 * The first enabled rule (in order) whose rating condition and AR conditions hold gives the
 * deposit; none → the default. Without AR behaviour (`ar` null) a rule's AR conditions are not
 * evaluated: it is decided on its rating alone and the result says so (`arEvaluated: false`).
 */
export function evaluateDepositRules(set: RuleSet, ratings: readonly RatingFact[], ar: ArBehaviour | null = null): DepositResult {
  const checks: DepositRuleCheck[] = [];
  let arEvaluated = true;
  for (const [position, rule] of set.rules.entries()) {
    if (!rule.enabled) {
      checks.push({ ruleId: rule.id, name: rule.name, outcome: "disabled", arCondition: hasArConditions(rule) ? "not_evaluated" : "none" });
      continue;
    }
    const { holds, rating } = ratingHolds(rule.rating, ratings);
    let arCondition: DepositRuleCheck["arCondition"] = "none";
    if (hasArConditions(rule)) {
      if (ar === null) {
        arCondition = "not_evaluated";
        arEvaluated = false;
      } else arCondition = arHolds(rule, ar) ? "met" : "not_met";
    }
    const outcome = !holds ? "rating_not_met" : arCondition === "not_met" ? "ar_not_met" : "matched";
    checks.push({ ruleId: rule.id, name: rule.name, outcome, arCondition });
    if (outcome === "matched")
      return {
        depositPercent: rule.depositPercent,
        collectionMethod: rule.collectionMethod,
        source: "rule",
        rule: { id: rule.id, name: rule.name, position },
        rating: used(rating),
        currentRating: used(ratings[0]),
        arEvaluated,
        ar,
        checks,
        rulesVersion: set.version,
      };
  }
  return {
    depositPercent: set.defaults.depositPercent,
    collectionMethod: set.defaults.collectionMethod,
    source: "default",
    rule: null,
    rating: null,
    currentRating: used(ratings[0]),
    arEvaluated,
    ar,
    checks,
    rulesVersion: set.version,
  };
}

const dateText = (value: string) => value.slice(0, 10);

/** The stored rule set, as the evaluation takes it. */
export async function loadRuleSet(db: repo.Executor): Promise<RuleSet> {
  const [rows, settings] = await Promise.all([repo.listDepositRules(db), repo.depositSettingsRow(db)]);
  return {
    rules: rows.map((row) => ({
      id: row.id,
      name: row.name,
      enabled: row.enabled,
      rating: row.rating ?? null,
      maxOverdueDays: row.maxOverdueDays,
      maxOverdueShare: row.maxOverdueShare === null ? null : Number(row.maxOverdueShare),
      maxAverageDaysToPay: row.maxAverageDaysToPay,
      depositPercent: Number(row.depositPercent),
      collectionMethod: row.collectionMethod as CollectionMethod,
    })),
    defaults: {
      depositPercent: Number(settings.defaultDepositPercent),
      collectionMethod: settings.defaultCollectionMethod as CollectionMethod,
    },
    version: settings.version,
  };
}

export const ratingFacts = (rows: readonly repo.RatingRow[]): RatingFact[] =>
  rows.map((row) => ({
    id: row.id,
    agency: row.agency as CreditAgency,
    rating: row.rating,
    scalePosition: row.scalePosition,
    ratedOn: dateText(row.ratedOn),
  }));

/**
 * The deposit a company must pay now and why. No access check: callers decide who may see it
 * (the finance routes require read on the company).
 */
export async function evaluateDepositRequirement(db: repo.Executor, companyId: string, asOf = today()): Promise<DepositResult> {
  const [set, ratings, ar] = await Promise.all([loadRuleSet(db), repo.listRatings(db, companyId), arBehaviour(db, companyId, asOf)]);
  return evaluateDepositRules(set, ratingFacts(ratings), ar);
}

/** The company's AR behaviour from its invoices (the receivables arithmetic of billing). */
export async function arBehaviour(db: repo.Executor, companyId: string, asOf = today()): Promise<ArBehaviour> {
  const { facts, unapplied } = await receivableFacts(db, [companyId]);
  return arBehaviourOf(agingByCurrency(facts, unapplied, asOf), facts, asOf);
}

/** Pure: the behaviour from the per-currency receivables and the invoices they came from. */
export function arBehaviourOf(byCurrency: readonly ReceivablesByCurrency[], facts: readonly InvoiceFact[], asOf: string): ArBehaviour {
  let maxDaysOverdue = 0;
  let overdueShare: number | null = null;
  for (const currency of byCurrency) {
    maxDaysOverdue = Math.max(maxDaysOverdue, currency.maxDaysOverdue);
    const open = cents(currency.open);
    if (open > 0n) {
      const share = Math.round(Number((cents(currency.overdue) * 10_000n) / open)) / 100;
      overdueShare = Math.max(overdueShare ?? 0, share);
    }
  }
  // Days to pay count in every currency alike: one average over all invoices paid in the last 12 months.
  const yearStart = addDays(asOf, -365);
  const paid = facts.filter(
    (fact) => fact.issuedOn && fact.paidOn && fact.outstanding === 0n && fact.paidOn > yearStart && fact.paidOn <= asOf,
  );
  const averageDaysToPay =
    paid.length > 0
      ? Math.round((paid.reduce((total, fact) => total + Math.max(0, daysBetween(fact.issuedOn!, fact.paidOn!)), 0) / paid.length) * 10) /
        10
      : null;
  return { maxDaysOverdue, overdueShare, averageDaysToPay };
}
