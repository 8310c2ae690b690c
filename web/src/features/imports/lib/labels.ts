import type { ImportObject } from "@relata/contracts";

type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * A field's name for the reader. Built-in fields by the catalog (`imports:field.<object>.<field>`),
 * falling back to the server's label (English) for a field the catalog does not know yet; custom
 * fields as the server labels them (already in the user's language); anything else as it is.
 * `serverLabels`: field → label, from GET /api/imports/targets.
 */
export function fieldLabel(t: Translate, object: ImportObject, field: string, serverLabels?: ReadonlyMap<string, string>): string {
  if (field === "row") return t("imports:field.row");
  const server = serverLabels?.get(field) ?? field;
  if (field.startsWith("custom.") || !/^[a-zA-Z]\w*$/.test(field)) return server;
  return t(`imports:field.${object}.${field}`, { defaultValue: server });
}
