/**
 * Deposit requirement: which rule applies to a company's current ratings, and why. The pure
 * `evaluateDepositRules` holds the logic (unit-tested); `evaluateDepositRequirement` loads what it
 * needs for one company, for the finance card and for later modules (orders, billing).
 */
import {
  ratingScale,
  type CollectionMethod,
  type CreditAgency,
  type DepositResult,
  type DepositRuleCheck,
  type RatingCondition,
  type ScaleRating,
} from "@relata/contracts";
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
  depositPercent: number;
  collectionMethod: CollectionMethod;
};

export type RuleSet = {
  rules: EvaluatedRule[];
  defaults: { depositPercent: number; collectionMethod: CollectionMethod };
  version: number;
};

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
 * The first enabled rule (in order) whose rating condition holds gives the deposit; none → the
 * default. AR conditions cannot be evaluated before billing exists: a rule that has them is
 * decided on its rating alone, and the result says so (`arEvaluated: false`, the rule's check
 * `arCondition: "not_evaluated"`).
 */
export function evaluateDepositRules(set: RuleSet, ratings: readonly RatingFact[]): DepositResult {
  const checks: DepositRuleCheck[] = [];
  let arEvaluated = true;
  for (const [position, rule] of set.rules.entries()) {
    const arCondition = rule.maxOverdueDays !== null || rule.maxOverdueShare !== null ? "not_evaluated" : "none";
    if (!rule.enabled) {
      checks.push({ ruleId: rule.id, name: rule.name, outcome: "disabled", arCondition });
      continue;
    }
    if (arCondition === "not_evaluated") arEvaluated = false;
    const { holds, rating } = ratingHolds(rule.rating, ratings);
    checks.push({ ruleId: rule.id, name: rule.name, outcome: holds ? "matched" : "rating_not_met", arCondition });
    if (holds)
      return {
        depositPercent: rule.depositPercent,
        collectionMethod: rule.collectionMethod,
        source: "rule",
        rule: { id: rule.id, name: rule.name, position },
        rating: used(rating),
        currentRating: used(ratings[0]),
        arEvaluated,
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
export async function evaluateDepositRequirement(db: repo.Executor, companyId: string): Promise<DepositResult> {
  const [set, ratings] = await Promise.all([loadRuleSet(db), repo.listRatings(db, companyId)]);
  return evaluateDepositRules(set, ratingFacts(ratings));
}
