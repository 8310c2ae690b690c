/** The dimension list screen's rules: new keys from labels, the checks before saving, the order after a move. Pure (unit-tested). */
import type { DimensionValue } from "@relata/contracts";
import { optionValueFromLabel, optionValuePattern } from "./keys";
import { move } from "./order";

/** A key the server accepts (`^[a-z0-9][a-z0-9_-]{0,39}$`) made from the English label, not yet taken in the list. */
export function keyForLabel(label: string, taken: ReadonlySet<string>): string {
  const base = optionValueFromLabel(label);
  if (!base || !taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base.slice(0, 40 - String(n).length - 1)}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export const dimensionKeyPattern = optionValuePattern;

export type ValueProblem = "englishRequired" | "keyFormat" | "keyTaken" | "countriesNeeded";

/** The problems the form finds itself, by the field names the server uses. */
export function checkValue(
  draft: { en: string; key: string; countries: readonly string[] },
  options: { creating: boolean; region: boolean; taken: ReadonlySet<string> },
): Record<string, ValueProblem> {
  const problems: Record<string, ValueProblem> = {};
  if (!draft.en.trim()) problems["labels.en"] = "englishRequired";
  if (options.creating) {
    if (!dimensionKeyPattern.test(draft.key)) problems.key = "keyFormat";
    else if (options.taken.has(draft.key)) problems.key = "keyTaken";
  }
  if (options.region && draft.countries.length === 0) problems.countries = "countriesNeeded";
  return problems;
}

/** The list's ids in the new order after moving one value (archived values keep their places among the others). */
export function reorderedIds(values: readonly DimensionValue[], from: number, to: number): string[] | null {
  if (from === to || from < 0 || from >= values.length) return null;
  return move(values, from, to).map((value) => value.id);
}

/** The cached list with the new positions applied (shown at once while the server saves them). */
export function withOrder(all: readonly DimensionValue[], ids: readonly string[]): DimensionValue[] {
  const position = new Map(ids.map((id, index) => [id, index]));
  return all.map((value) => (position.has(value.id) ? { ...value, position: position.get(value.id)! } : value));
}
