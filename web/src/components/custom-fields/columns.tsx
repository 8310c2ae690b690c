import type { CustomField, CustomFieldObject, CustomValues } from "@relata/contracts";
import { FieldValue } from "../record-form";
import { TextCell, type RecordColumn } from "../record-list";
import { customFieldSpec, sortableCustom } from "./form";
import { customLabelKey } from "./labels";

const descendingFirst = new Set<CustomField["type"]>(["date", "number", "money"]);

/** One optional list column per custom field, sortable where the type has an order (`sort=custom.<key>`). */
export function customColumns<T>(
  object: CustomFieldObject,
  fields: readonly CustomField[],
  language: string,
  customOf: (row: T) => CustomValues | null | undefined,
): RecordColumn<T>[] {
  return fields.map((field) => {
    const spec = customFieldSpec(field, language, object);
    return {
      id: `custom.${field.key}`,
      label: customLabelKey(object, field.key),
      sortKey: sortableCustom(field) ? `custom.${field.key}` : undefined,
      sortFirst: descendingFirst.has(field.type) ? "desc" : "asc",
      defaultVisible: false,
      width: field.type === "long_text" || field.type === "multi_choice" ? "minmax(200px, 1.4fr)" : "minmax(140px, 1fr)",
      align: field.type === "number" || field.type === "money" ? "right" : undefined,
      cell: (row: T) => {
        const value = customOf(row)?.[field.key] ?? null;
        // A long text stays one line in a row.
        return field.type === "long_text" ? (
          <TextCell value={typeof value === "string" ? value : null} />
        ) : (
          <FieldValue field={spec} value={value} />
        );
      },
    };
  });
}
