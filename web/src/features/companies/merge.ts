/** Merging two companies: which fields can come from the merged-away one, and what is picked at first. Pure (unit-tested). */
import { companyMerge, type Company } from "@relata/contracts";
import { valuesEqual } from "../../components/record-form";

export type MergeField = NonNullable<ReturnType<typeof companyMerge.parse>["take"]>[number];

/** The fields the merge can take from the source (contracts: companyMerge.take). */
export const mergeFields: readonly MergeField[] = companyMerge.shape.take.unwrap().element.options;

const blank = (value: unknown) => value === null || value === undefined || (typeof value === "string" && value.trim() === "");

/** At first the kept company's values stay, except where it has none and the other has one. */
export function defaultTake(kept: Company, source: Company): MergeField[] {
  return mergeFields.filter((field) => blank(kept[field]) && !blank(source[field]));
}

/** Fields where the two differ (the others need no choice). */
export function differingFields(kept: Company, source: Company): MergeField[] {
  return mergeFields.filter((field) => !valuesEqual(kept[field], source[field]));
}
