/**
 * The deposit result in words: which rule matched on which rating, or why the default applies,
 * and how the rules before it fared. Returns i18n keys and their values. Pure (unit-tested).
 */
import type { DepositResult } from "@relata/contracts";

export type Sentence = { key: string; values: Record<string, string | number> };

type Rating = NonNullable<DepositResult["rating"]>;

/** Rating values for a sentence: the agency's key, its notation and the date. */
const ratingValues = (rating: Rating, agencyName: (agency: Rating["agency"]) => string, date: (iso: string) => string) => ({
  agency: agencyName(rating.agency),
  rating: rating.rating,
  scale: rating.scaleRating,
  date: date(rating.ratedOn),
});

/** The main reason, in one sentence. */
export function depositReason(
  result: DepositResult,
  agencyName: (agency: Rating["agency"]) => string,
  date: (iso: string) => string,
): Sentence {
  if (result.source === "rule" && result.rule) {
    const rule = { name: result.rule.name, number: result.rule.position + 1 };
    if (result.rating) return { key: "deposit.reason.ruleOnRating", values: { ...rule, ...ratingValues(result.rating, agencyName, date) } };
    if (!result.currentRating) return { key: "deposit.reason.ruleUnrated", values: rule };
    return { key: "deposit.reason.ruleAnyRating", values: rule };
  }
  if (result.checks.length === 0) return { key: "deposit.reason.noRules", values: {} };
  if (!result.currentRating) return { key: "deposit.reason.defaultUnrated", values: {} };
  return { key: "deposit.reason.defaultOnRating", values: ratingValues(result.currentRating, agencyName, date) };
}

/** Whether the reason should mention that the scale rating differs from the agency's notation ("Baa1 = BBB+"). */
export function notationDiffers(rating: Rating | null): boolean {
  return !!rating && rating.rating !== rating.scaleRating;
}

/** The checks worth listing: every rule tried before the one that matched (disabled ones included), in order. */
export function skippedRules(result: DepositResult): DepositResult["checks"] {
  return result.checks.filter((check) => check.outcome !== "matched");
}
