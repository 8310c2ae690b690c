import { contactMerge, contactPatch } from "@relata/contracts";
import { fieldSpec, type FieldSpec } from "../../components/record-form";
import { contactHints, contactLabelPrefix } from "./form";

/** The fields a merge lets the user take from the other contact (the contract's `take`). */
export const mergeFields: readonly string[] = contactMerge.shape.take.unwrap().element.options;

/** How merge rows show each field's value. */
export function mergeSpecs(t: (key: string) => string): Map<string, FieldSpec> {
  const hints = contactHints(t);
  const shape = contactPatch.shape as Record<string, unknown>;
  return new Map(mergeFields.map((name, index) => [name, fieldSpec(name, shape[name], hints[name], index, contactLabelPrefix)]));
}
