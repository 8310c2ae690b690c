/** Grade rules as the form edits them, and back. Pure. */
import type { GradeRule } from "@relata/contracts";

/** One grade's row: empty text / null thresholds mean "not required". */
export type RuleDraft = { grade: GradeRule["grade"]; revenue: string; tenure: number | null; enabled: boolean };

export const toDrafts = (rules: readonly GradeRule[]): RuleDraft[] =>
  rules.map((rule) => ({ grade: rule.grade, revenue: rule.minRevenue12m ?? "", tenure: rule.minTenureMonths, enabled: rule.enabled }));

/** A typed amount as the API's decimal string ("1 000,5" → "1000.5"); undefined when it is not one. */
export function normalizeAmount(text: string): string | null | undefined {
  const compact = text.replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
  if (compact === "") return null;
  if (!/^\d{1,15}(\.\d{1,2})?$/.test(compact)) return undefined;
  // "0010.50" → "10.50": no leading zeros, the decimals as typed.
  return compact.replace(/^0+(?=\d)/, "");
}

/** The rules to PUT, or the problems by field (`rules[i].minRevenue12m`…) when a row is not valid. */
export function fromDrafts(drafts: readonly RuleDraft[]): { rules: GradeRule[] } | { problems: Record<string, "amount" | "months"> } {
  const problems: Record<string, "amount" | "months"> = {};
  const rules = drafts.map((draft, index) => {
    const amount = normalizeAmount(draft.revenue);
    if (amount === undefined) problems[`rules[${index}].minRevenue12m`] = "amount";
    if (draft.tenure !== null && (!Number.isInteger(draft.tenure) || draft.tenure < 0 || draft.tenure > 1200))
      problems[`rules[${index}].minTenureMonths`] = "months";
    return { grade: draft.grade, minRevenue12m: amount ?? null, minTenureMonths: draft.tenure, enabled: draft.enabled };
  });
  return Object.keys(problems).length > 0 ? { problems } : { rules };
}

/** "1000000" and "1000000.00" are the same threshold. */
function sameAmount(a: string, b: string): boolean {
  const x = normalizeAmount(a);
  const y = normalizeAmount(b);
  if (x === undefined || y === undefined) return a === b;
  return x === null || y === null ? x === y : Number(x) === Number(y);
}

/** Whether the drafts differ from the stored rules (what Save would change). */
export function changed(drafts: readonly RuleDraft[], rules: readonly GradeRule[]): boolean {
  const stored = toDrafts(rules);
  return drafts.some((draft, index) => {
    const other = stored[index];
    return (
      !other ||
      draft.grade !== other.grade ||
      draft.enabled !== other.enabled ||
      draft.tenure !== other.tenure ||
      !sameAmount(draft.revenue, other.revenue)
    );
  });
}
