/**
 * Dimension value lists as screens use them: grouped by kind in list order, labels in the
 * reader's language, and the choices a form offers (active values, plus the archived one a
 * record still holds so it does not vanish from its form). Pure (unit-tested).
 */
import type { DimensionKind, DimensionValue, LocalizedLabel } from "@relata/contracts";

export type DimensionLists = Record<DimensionKind, DimensionValue[]>;

/** A label in `language`, English when that translation is missing or blank. */
export function dimensionLabelIn(labels: LocalizedLabel, language: string): string {
  const text = (labels as Record<string, string | undefined>)[language];
  return text && text.trim() ? text : labels.en;
}

/** The values of every kind, each list by position (ties by key, so the order is stable). */
export function groupByKind(values: readonly DimensionValue[]): DimensionLists {
  const lists: DimensionLists = { line_of_business: [], function: [], client_unit: [], region: [] };
  for (const value of values) lists[value.kind]?.push(value);
  for (const list of Object.values(lists)) list.sort((a, b) => a.position - b.position || a.key.localeCompare(b.key));
  return lists;
}

/** The label of a stored key; the key itself when the value is unknown (deleted, or not loaded). */
export function labelOfKey(list: readonly DimensionValue[], key: string | null | undefined, language: string): string | null {
  if (!key) return null;
  const value = list.find((candidate) => candidate.key === key);
  return value ? dimensionLabelIn(value.labels, language) : key;
}

/** Choices for a form or filter: the active values, and `current` even when archived (marked by the caller). */
export function dimensionOptions(
  list: readonly DimensionValue[],
  language: string,
  current?: string | null,
  archivedSuffix?: string,
): { value: string; label: string }[] {
  return list
    .filter((value) => !value.archived || value.key === current)
    .map((value) => ({
      value: value.key,
      label:
        value.archived && archivedSuffix
          ? `${dimensionLabelIn(value.labels, language)} (${archivedSuffix})`
          : dimensionLabelIn(value.labels, language),
    }));
}

/** The region(s) a country belongs to, in list order (a country may sit in several regions). */
export function regionsOfCountry(regions: readonly DimensionValue[], country: string | null | undefined): DimensionValue[] {
  if (!country) return [];
  return regions.filter((region) => !region.archived && region.countries.includes(country));
}
