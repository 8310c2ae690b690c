/**
 * Deposit rules as the settings screen edits them: one rule's draft ↔ the contract, the rule set
 * after an add / change / move / removal (the screen saves the whole ordered set each time), and
 * each rule's conditions in words. Pure (unit-tested).
 */
import {
  agencyRatings,
  ratingScale,
  scalePosition,
  type CollectionMethod,
  type CreditAgency,
  type DepositDefault,
  type DepositRule,
  type DepositRules,
  type DepositRulesPut,
  type RatingCondition,
  type ScaleRating,
} from "@relata/contracts";

export type ConditionType = "any" | RatingCondition["type"];

/** One rule as its dialog holds it. Empty numbers are null; the agency "any" is null. */
export type RuleDraft = {
  id?: string;
  name: string;
  enabled: boolean;
  conditionType: ConditionType;
  agency: CreditAgency | null;
  ratings: string[];
  from: ScaleRating;
  to: ScaleRating;
  maxOverdueDays: number | null;
  maxOverdueShare: number | null;
  maxAverageDaysToPay: number | null;
  depositPercent: number | null;
  collectionMethod: CollectionMethod;
};

export function newRuleDraft(): RuleDraft {
  return {
    name: "",
    enabled: true,
    conditionType: "scale",
    agency: null,
    ratings: [],
    from: "BB+",
    to: "D",
    maxOverdueDays: null,
    maxOverdueShare: null,
    maxAverageDaysToPay: null,
    depositPercent: null,
    collectionMethod: "prepayment",
  };
}

export function toDraft(rule: DepositRule): RuleDraft {
  const draft: RuleDraft = {
    ...newRuleDraft(),
    id: rule.id,
    name: rule.name,
    enabled: rule.enabled,
    maxOverdueDays: rule.maxOverdueDays,
    maxOverdueShare: rule.maxOverdueShare,
    maxAverageDaysToPay: rule.maxAverageDaysToPay ?? null,
    depositPercent: rule.depositPercent,
    collectionMethod: rule.collectionMethod,
    conditionType: rule.rating?.type ?? "any",
  };
  const condition = rule.rating;
  if (condition?.type === "ratings") {
    draft.agency = condition.agency;
    draft.ratings = [...condition.ratings];
  } else if (condition?.type === "scale") {
    draft.agency = condition.agency ?? null;
    draft.from = condition.from;
    draft.to = condition.to;
  } else if (condition?.type === "unrated") {
    draft.agency = condition.agency ?? null;
  }
  return draft;
}

export type DraftProblem = "nameRequired" | "agencyRequired" | "ratingsRequired" | "rangeReversed" | "percent" | "days" | "share";

/** The rule to save, or the problems by form field. */
export function fromDraft(draft: RuleDraft): { rule: DepositRule } | { problems: Record<string, DraftProblem> } {
  const problems: Record<string, DraftProblem> = {};
  if (!draft.name.trim()) problems.name = "nameRequired";
  let rating: RatingCondition | null = null;
  if (draft.conditionType === "ratings") {
    if (!draft.agency) problems.agency = "agencyRequired";
    const agency = draft.agency ?? "other";
    const ratings = draft.ratings.filter((rating) => scalePosition(agency, rating) !== undefined);
    if (draft.agency && ratings.length === 0) problems.ratings = "ratingsRequired";
    rating = { type: "ratings", agency, ratings };
  } else if (draft.conditionType === "scale") {
    if (ratingScale.indexOf(draft.from) > ratingScale.indexOf(draft.to)) problems.to = "rangeReversed";
    rating = { type: "scale", agency: draft.agency, from: draft.from, to: draft.to };
  } else if (draft.conditionType === "unrated") {
    rating = { type: "unrated", agency: draft.agency };
  }
  if (draft.depositPercent === null || !(draft.depositPercent >= 0 && draft.depositPercent <= 100)) problems.depositPercent = "percent";
  if (
    draft.maxOverdueDays !== null &&
    !(Number.isInteger(draft.maxOverdueDays) && draft.maxOverdueDays >= 0 && draft.maxOverdueDays <= 3650)
  )
    problems.maxOverdueDays = "days";
  if (draft.maxOverdueShare !== null && !(draft.maxOverdueShare >= 0 && draft.maxOverdueShare <= 100)) problems.maxOverdueShare = "share";
  if (
    draft.maxAverageDaysToPay !== null &&
    !(Number.isInteger(draft.maxAverageDaysToPay) && draft.maxAverageDaysToPay >= 0 && draft.maxAverageDaysToPay <= 3650)
  )
    problems.maxAverageDaysToPay = "days";
  if (Object.keys(problems).length > 0) return { problems };
  const rule: DepositRule = {
    name: draft.name.trim(),
    enabled: draft.enabled,
    rating,
    maxOverdueDays: draft.maxOverdueDays,
    maxOverdueShare: draft.maxOverdueShare,
    maxAverageDaysToPay: draft.maxAverageDaysToPay,
    depositPercent: draft.depositPercent!,
    collectionMethod: draft.collectionMethod,
  };
  if (draft.id) rule.id = draft.id;
  return { rule };
}

/** The ratings a condition of this agency may list (its own notation); any agency → the common scale. */
export const ratingChoices = (agency: CreditAgency | null): readonly string[] => agencyRatings(agency ?? "other");

/** When the agency changes, ratings that agency does not give are dropped. */
export function keepRatingsOf(agency: CreditAgency | null, ratings: readonly string[]): string[] {
  const choices = ratingChoices(agency);
  return ratings.filter((rating) => choices.includes(rating));
}

/** The PUT body for the stored set with `rules` instead of its rules (and optionally another default). */
export function ruleSet(stored: DepositRules, rules: readonly DepositRule[], fallback: DepositDefault = stored.default): DepositRulesPut {
  return { rules: rules.map((rule) => ({ ...rule })), default: { ...fallback } };
}

/** The rules with `rule` put at `index` (replacing the one there), or appended when index is null. */
export function withRule(rules: readonly DepositRule[], index: number | null, rule: DepositRule): DepositRule[] {
  if (index === null || index < 0 || index >= rules.length) return [...rules, rule];
  return rules.map((current, position) => (position === index ? rule : current));
}

export const withoutRule = (rules: readonly DepositRule[], index: number): DepositRule[] =>
  rules.filter((_, position) => position !== index);

/** Whether a rule has conditions on the client's receivables behaviour. */
export const hasArConditions = (rule: Pick<DepositRule, "maxOverdueDays" | "maxOverdueShare" | "maxAverageDaysToPay">) =>
  rule.maxOverdueDays !== null || rule.maxOverdueShare !== null || (rule.maxAverageDaysToPay ?? null) !== null;

/** A rule's rating condition in words: an i18n key and its values (agency as its key, to be translated by the caller). */
export function conditionSentence(condition: RatingCondition | null): { key: string; values: Record<string, string> } {
  if (!condition) return { key: "depositRules.condition.any", values: {} };
  if (condition.type === "ratings")
    return { key: "depositRules.condition.ratings", values: { agency: condition.agency, ratings: condition.ratings.join(", ") } };
  if (condition.type === "scale") {
    const key =
      condition.from === condition.to
        ? "depositRules.condition.scaleOne"
        : condition.to === "D"
          ? "depositRules.condition.scaleOrWorse"
          : "depositRules.condition.scale";
    return {
      key: condition.agency ? `${key}Agency` : key,
      values: { agency: condition.agency ?? "", from: condition.from, to: condition.to },
    };
  }
  return {
    key: condition.agency ? "depositRules.condition.unratedAgency" : "depositRules.condition.unrated",
    values: { agency: condition.agency ?? "" },
  };
}

/**
 * The server's problems with one rule of the set (`rules.2.depositPercent`, `rules[2].rating.ratings.0`)
 * by the rule form's field names; problems of other rules or of the set are named by their path.
 */
export function ruleProblems(details: readonly { field: string; message: string }[], index: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { field, message } of details) {
    const match = /^rules(?:\.|\[)(\d+)\]?\.(.+)$/.exec(field);
    let name = field;
    if (match && Number(match[1]) === index) {
      const rest = match[2]!;
      name = rest.startsWith("rating.")
        ? rest
            .slice("rating.".length)
            .replace(/\.\d+$/, "")
            .replace(/^from$/, "to")
        : rest;
    }
    out[name] = out[name] ? `${out[name]} · ${message}` : message;
  }
  return out;
}
