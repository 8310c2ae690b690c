/**
 * Custom fields of companies as the web app uses them: the layout from GET /api/custom-fields,
 * their labels registered with i18next (so forms, lists and filters translate them like any
 * other label, in the UI language with English as the fallback), and each field as a form
 * field (zod schema + renderer hint), a list column and a filter.
 */
import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import {
  limits,
  locales,
  moneyValue,
  phoneNumber,
  type CustomField,
  type CustomFieldLayout,
  type CustomFieldObject,
  type CustomFieldType,
  type CustomSection,
  type CustomValues,
  type LocalizedLabel,
} from "@relata/contracts";
import { i18next } from "../../i18n";
import { api } from "../../lib/api";
import type { FieldHint, FieldHints, FieldOption, FieldSpec } from "../../components/record-form";
import type { RecordFilter } from "../../components/record-list";

/** The i18next namespace the labels live in (filled at run time, not from a catalog file). */
export const customNamespace = "customFields";
export const customFieldLabelKey = (object: CustomFieldObject, key: string) => `${customNamespace}:field.${object}.${key}`;
export const customSectionLabelKey = (object: CustomFieldObject, sectionId: string) => `${customNamespace}:section.${object}.${sectionId}`;

export const customFieldsKey = (object: CustomFieldObject) => ["custom-fields", object] as const;

/** Registers the layout's labels in every UI language (a missing translation falls back to English). */
export function registerCustomLabels(layout: CustomFieldLayout): void {
  for (const locale of locales) {
    const fields: Record<string, string> = {};
    const sections: Record<string, string> = {};
    for (const section of layout.sections) {
      const sectionLabel = labelIn(section.labels, locale);
      if (sectionLabel) sections[section.id] = sectionLabel;
      for (const field of section.fields) {
        const fieldLabel = labelIn(field.labels, locale);
        if (fieldLabel) fields[field.key] = fieldLabel;
      }
    }
    i18next.addResourceBundle(
      locale,
      customNamespace,
      { field: { [layout.object]: fields }, section: { [layout.object]: sections } },
      true,
      true,
    );
  }
}

function labelIn(labels: LocalizedLabel, locale: string): string | undefined {
  const text = labels[locale as keyof LocalizedLabel];
  return text && text.trim() ? text : locale === "en" ? labels.en : undefined;
}

/** A label in the UI language, English when not translated. */
export function localized(labels: LocalizedLabel, language: string): string {
  return labelIn(labels, language) ?? labels.en;
}

/** Whether the object has any active custom field (read by panel visibility, which cannot wait for a query). */
const known = new Map<CustomFieldObject, boolean>();
export function hasCustomFields(object: CustomFieldObject): boolean {
  return known.get(object) ?? false;
}

export function fetchCustomFields(object: CustomFieldObject, signal?: AbortSignal): Promise<CustomFieldLayout> {
  return api<CustomFieldLayout>("GET", "/api/custom-fields", { query: { object }, signal });
}

/** The custom-field layout of an object: sections in order, each with its active fields in order. */
export function useCustomFields(object: CustomFieldObject) {
  const query = useQuery({
    queryKey: customFieldsKey(object),
    queryFn: ({ signal }) => fetchCustomFields(object, signal),
    staleTime: 5 * 60_000,
    meta: { topics: ["list:custom-fields"] },
  });
  // From the data, not the fetch: other screens share this cache entry. Before the children render, so their labels resolve.
  useMemo(() => {
    if (!query.data) return;
    registerCustomLabels(query.data);
    known.set(
      object,
      query.data.sections.some((section) => section.fields.some((field) => !field.archived)),
    );
  }, [object, query.data]);
  const sections = useMemo(() => activeSections(query.data), [query.data]);
  const fields = useMemo(() => sections.flatMap((section) => section.fields), [sections]);
  // Archived fields too: old values still show under their label in the history.
  const allFields = useMemo(() => (query.data?.sections ?? []).flatMap((section) => section.fields), [query.data]);
  return { query, sections, fields, allFields };
}

/** Sections with their active (not archived) fields; sections left empty are dropped. */
export function activeSections(layout: CustomFieldLayout | undefined): CustomSection[] {
  if (!layout) return [];
  return [...layout.sections]
    .sort((a, b) => a.position - b.position)
    .map((section) => ({
      ...section,
      fields: section.fields.filter((field) => !field.archived).sort((a, b) => a.position - b.position),
    }))
    .filter((section) => section.fields.length > 0);
}

/** The renderer (record-form field type) of each custom field type. */
export const customWidget: Record<CustomFieldType, string> = {
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

/** The value's shape (contracts: customValue), checked in the form before anything is sent; the server checks again. */
export function customValueSchema(field: Pick<CustomField, "type" | "options" | "required">): z.ZodType {
  const values = field.options.map((option) => option.value);
  let schema: z.ZodType;
  switch (field.type) {
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
      schema = values.length ? z.enum(values as [string, ...string[]]) : z.string();
      break;
    case "multi_choice":
      schema = z.array(values.length ? z.enum(values as [string, ...string[]]) : z.string());
      break;
    case "yes_no":
      schema = z.boolean();
      break;
    case "email":
      schema = z.email().max(limits.emailMax);
      break;
    case "phone":
      schema = phoneNumber;
      break;
    case "user":
      schema = z.uuid();
      break;
    case "long_text":
      schema = z.string().max(limits.textMax);
      break;
    default:
      schema = z.string().max(limits.textMax);
  }
  // Required fields cannot be emptied once they have a value; optional ones can (null clears).
  return field.required && field.type !== "yes_no" ? schema.optional() : schema.nullable().optional();
}

export function optionsIn(field: Pick<CustomField, "options">, language: string): FieldOption[] {
  return field.options.map((option) => ({ value: option.value, label: localized(option.labels, language) }));
}

/** How a custom field renders in a form (label key, widget, options in the UI language). */
export function customHint(object: CustomFieldObject, field: CustomField, language: string, extra: FieldHint = {}): FieldHint {
  const hint: FieldHint = { label: customFieldLabelKey(object, field.key), widget: customWidget[field.type], ...extra };
  if (field.type === "choice" || field.type === "multi_choice") hint.options = optionsIn(field, language);
  if (field.type === "long_text") hint.wide = true;
  return hint;
}

/** A zod object of the given custom fields, each under `prefix + key`, and their hints. */
export function customFormParts(
  object: CustomFieldObject,
  fields: readonly CustomField[],
  language: string,
  prefix = "",
  section?: (field: CustomField) => string | undefined,
): { shape: Record<string, z.ZodType>; hints: FieldHints; names: string[] } {
  const shape: Record<string, z.ZodType> = {};
  const hints: FieldHints = {};
  const names: string[] = [];
  fields.forEach((field) => {
    const name = `${prefix}${field.key}`;
    shape[name] = customValueSchema(field);
    hints[name] = customHint(object, field, language, section ? { section: section(field) } : {});
    names.push(name);
  });
  return { shape, hints, names };
}

/** The record's custom values as form values (missing keys as null; multi-choice as a list). */
export function customFormValues(fields: readonly CustomField[], custom: CustomValues | undefined, prefix = ""): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of fields) {
    const value = custom?.[field.key];
    values[`${prefix}${field.key}`] = value === undefined ? (field.type === "multi_choice" ? [] : null) : value;
  }
  return values;
}

/** Field specs of custom values for read-only displays (list cells, history, compare tables), keyed `custom.<key>`. */
export function customDisplaySpec(object: CustomFieldObject, field: CustomField, language: string): FieldSpec {
  const hint = customHint(object, field, language);
  return {
    name: `custom.${field.key}`,
    type: hint.widget ?? "text",
    optional: true,
    nullable: true,
    hasDefault: false,
    kind: field.type === "number" ? "number" : field.type === "multi_choice" ? "array" : "string",
    label: hint.label ?? field.key,
    hint,
    order: 1000 + field.position,
  };
}

/** The list filter of a custom field: text contains, number/money/date ranges, choices, yes/no, a person. */
export function customFilter(object: CustomFieldObject, field: CustomField, language: string): RecordFilter {
  const base = { id: `custom.${field.key}`, label: customFieldLabelKey(object, field.key) };
  switch (field.type) {
    case "number":
    case "money":
      return { ...base, kind: "range", range: "number" };
    case "date":
      return { ...base, kind: "range", range: "date" };
    case "choice":
    case "multi_choice":
      return { ...base, kind: "multiselect", options: optionsIn(field, language) };
    case "yes_no":
      return { ...base, kind: "boolean" };
    case "user":
      return { ...base, kind: "user" };
    default:
      return { ...base, kind: "text" };
  }
}

/** Custom fields a list can sort by (a multi-choice list or a long text has no useful order). */
export function sortableCustom(field: CustomField): boolean {
  return field.type !== "multi_choice" && field.type !== "long_text";
}

/** The UI language, for option labels (components re-render when it changes). */
export function useLanguage(): string {
  return useTranslation().i18n.language;
}
