/** Merging two companies: which fields can come from the merged-away one. */
import { companyMerge } from "@relata/contracts";

export type MergeField = NonNullable<ReturnType<typeof companyMerge.parse>["take"]>[number];

/** The fields the merge can take from the source (contracts: companyMerge.take). */
export const mergeFields: readonly MergeField[] = companyMerge.shape.take.unwrap().element.options;
