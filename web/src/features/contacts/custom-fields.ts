/**
 * Administrator-defined fields (GET /api/custom-fields?object=) as the record form, the list and
 * the history see them. Values travel in `custom: { key: value }`; in a form each field is a
 * field of its own named `custom:<key>` (a name without dots, so server errors find it).
 * Their labels are data in three languages; they become i18n resources under the namespace
 * `custom-labels` so every renderer that translates a label key shows them.
 */
import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { locales, moneyValue, type CustomField, type CustomFieldLayout, type LocalizedLabel } from "@relata/contracts";
import type { FieldHint, FieldSpec, FieldType } from "../../components/record-form";
import { fieldSpec } from "../../components/record-form";
import type { RecordFilter } from "../../components/record-list";
import { i18next } from "../../i18n";
import { customFieldLayout, customFieldsKey } from "./api";

export type CustomObject = "company" | "contact";
export type CustomDef = CustomField & { sectionLabels: LocalizedLabel };

export const customPrefix = "custom:";
export const customName = (key: string) => `${customPrefix}${key}`;
export const isCustomName = (name: string) => name.startsWith(customPrefix);
export const customKeyOf = (name: string) => name.slice(customPrefix.length);

const labelNamespace = "custom-labels";
export const customLabelKey = (object: CustomObject, key: string) => `${labelNamespace}:${object}.field.${key}`;
export const customSectionKey = (object: CustomObject, sectionId: string) => `${labelNamespace}:${object}.section.${sectionId}`;

/** Every field of the layout (archived too, flagged), in section order, with its section's labels. */
export function flattenLayout(layout: CustomFieldLayout | undefined): CustomDef[] {
  if (!layout) return [];
  return [...layout.sections]
    .sort((a, b) => a.position - b.position)
    .flatMap((section) =>
      [...section.fields].sort((a, b) => a.position - b.position).map((field) => ({ ...field, sectionLabels: section.labels })),
    );
}

/** A label in the user's language, English when not translated. */
export function localized(labels: LocalizedLabel, language: string): string {
  const value = (labels as Record<string, string | undefined>)[language];
  return value && value.trim() ? value : labels.en;
}

/** Makes the labels of a layout translatable keys (every language; missing ones fall back to English). */
export function registerCustomLabels(object: CustomObject, layout: CustomFieldLayout): void {
  for (const language of locales) {
    const fields: Record<string, string> = {};
    const sections: Record<string, string> = {};
    for (const section of layout.sections) {
      sections[section.id] = localized(section.labels, language);
      for (const field of section.fields) fields[field.key] = localized(field.labels, language);
    }
    i18next.addResourceBundle(language, labelNamespace, { [object]: { field: fields, section: sections } }, true, true);
  }
}

const widgets: Record<CustomField["type"], FieldType> = {
  text: "text",
  long_text: "longText",
  number: "number",
  money: "money",
  date: "date",
  choice: "choice",
  multi_choice: "multiChoice",
  yes_no: "boolean",
  url: "url",
  email: "email",
  phone: "phone",
  user: "user",
};

/** The validation of one field's value as the form sends it. `create`: required fields must be given. */
export function customSchema(def: CustomField, mode: "create" | "edit"): z.ZodType {
  const required = def.required && def.type !== "yes_no";
  const values = def.options.map((option) => option.value);
  const choice = values.length ? z.enum(values as [string, ...string[]]) : z.string();
  let schema: z.ZodType;
  switch (def.type) {
    case "number":
      schema = z.number();
      break;
    case "money":
      schema = moneyValue;
      break;
    case "date":
      schema = z.iso.date();
      break;
    case "choice":
      schema = choice;
      break;
    case "multi_choice":
      schema = required ? z.array(choice).min(1).max(100) : z.array(choice).max(100);
      break;
    case "yes_no":
      return z.boolean().optional();
    case "url":
      schema = z.url().max(2000);
      break;
    case "email":
      schema = z.email().max(254);
      break;
    case "user":
      schema = z.uuid();
      break;
    case "long_text":
      schema = required ? z.string().trim().min(1).max(10_000) : z.string().trim().max(10_000);
      break;
    default:
      schema = required ? z.string().trim().min(1).max(2000) : z.string().trim().max(2000);
  }
  if (def.type === "multi_choice") return mode === "create" && required ? schema : schema.optional();
  if (required) return mode === "create" ? schema : schema.optional();
  return schema.nullable().optional();
}

/** How the form renders one field. */
export function customHint(object: CustomObject, def: CustomField, language: string, order: number): FieldHint {
  const hint: FieldHint = {
    label: customLabelKey(object, def.key),
    widget: widgets[def.type],
    section: customSectionKey(object, def.sectionId),
    order,
  };
  if (def.type === "choice" || def.type === "multi_choice")
    hint.options = def.options.map((option) => ({ value: option.value, label: localized(option.labels, language) }));
  if (def.type === "long_text") hint.wide = true;
  return hint;
}

/** A field spec for showing a value (list cells, history, read-only panels). */
export function customSpec(object: CustomObject, def: CustomField, language: string, order = 0): FieldSpec {
  return fieldSpec(customName(def.key), customSchema(def, "edit"), customHint(object, def, language, order));
}

/** The list filter of a field, sent as `filter[custom.<key>]`: ranges for numbers and dates, several choices comma separated. */
export function customFilter(object: CustomObject, def: CustomField, language: string): RecordFilter {
  const base = { id: `custom.${def.key}`, label: customLabelKey(object, def.key) };
  const options = def.options.map((option) => ({ value: option.value, label: localized(option.labels, language) }));
  switch (def.type) {
    case "number":
    case "money":
      return { ...base, kind: "range", range: "number" };
    case "date":
      return { ...base, kind: "range", range: "date" };
    case "choice":
    case "multi_choice":
      return { ...base, kind: "multiselect", options };
    case "yes_no":
      return { ...base, kind: "boolean" };
    case "user":
      return { ...base, kind: "user" };
    default:
      return { ...base, kind: "text" };
  }
}

/** The layout of an object's custom fields, its labels registered for translation. */
export function useCustomFields(object: CustomObject) {
  const { i18n } = useTranslation();
  const query = useQuery({
    queryKey: customFieldsKey(object),
    queryFn: async ({ signal }) => {
      const layout = await customFieldLayout(object, signal);
      registerCustomLabels(object, layout);
      return layout;
    },
    staleTime: 5 * 60_000,
    meta: { topics: ["list:custom-fields"] },
  });
  const language = i18n.language;
  const all = useMemo(() => flattenLayout(query.data), [query.data]);
  const active = useMemo(() => all.filter((def) => !def.archived), [all]);
  return { query, all, active, language, ready: !query.isPending };
}
