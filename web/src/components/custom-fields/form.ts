/**
 * Custom fields in record forms, histories and list filters. Values travel in `custom: { key: value }`;
 * in a form each field is a field of its own named `custom:<key>` (no dot, so the form never reads
 * it as a path), and server errors on `custom.<key>` are renamed to it. Pure (unit-tested).
 */
import { z } from "zod";
import {
  limits,
  moneyValue,
  phoneNumber,
  type CustomField,
  type CustomFieldObject,
  type CustomFieldType,
  type CustomValues,
} from "@relata/contracts";
import { fieldSpec, renameErrorFields, type FieldHint, type FieldHints, type FieldSpec, type FieldType } from "../record-form";
import type { RecordFilter } from "../record-list";
import { customLabelKey, customSectionLabelKey, labelIn } from "./labels";

type Values = Record<string, unknown>;
type FieldShape = Pick<CustomField, "key" | "type" | "options" | "required">;

const prefix = "custom:";
export const customName = (key: string) => `${prefix}${key}`;
export const isCustomName = (name: string) => name.startsWith(prefix);
export const customKeyOf = (name: string) => name.slice(prefix.length);

/** The record-form renderer of each custom field type. */
const widgets: Record<CustomFieldType, FieldType> = {
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

/**
 * The value's shape as the form sends it, checked before anything is sent (the server checks again,
 * with the same limits). `create`: a required field must be given; `edit`: it may be left alone but
 * not emptied. Optional fields clear to null.
 */
export function customValueSchema(field: FieldShape, mode: "create" | "edit"): z.ZodType {
  const required = field.required && field.type !== "yes_no";
  const values = field.options.map((option) => option.value);
  const choice = values.length ? z.enum(values as [string, ...string[]]) : z.string();
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
      schema = choice;
      break;
    case "multi_choice":
      schema = z.array(choice).min(required ? 1 : 0);
      break;
    case "yes_no":
      return z.boolean().optional();
    case "url":
      // The server adds a missing scheme ("www.acme.com"), so only the length is checked here.
      schema = z
        .string()
        .trim()
        .min(required ? 1 : 0)
        .max(2_000);
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
      schema = z
        .string()
        .trim()
        .min(required ? 1 : 0)
        .max(limits.textMax);
      break;
    default:
      schema = z
        .string()
        .trim()
        .min(required ? 1 : 0)
        .max(1_000);
  }
  if (required) return mode === "create" ? schema : schema.optional();
  return field.type === "multi_choice" ? schema.optional() : schema.nullable().optional();
}

/**
 * How a custom field renders: its widget, options in the UI language, and — with `object` — its
 * registered label key (callers without one pass the label themselves).
 */
export function customHint(field: FieldShape, language: string, object?: CustomFieldObject, extra: FieldHint = {}): FieldHint {
  const hint: FieldHint = { widget: widgets[field.type], ...extra };
  if (object) hint.label = customLabelKey(object, field.key);
  if (field.type === "choice" || field.type === "multi_choice")
    hint.options = field.options.map((option) => ({ value: option.value, label: labelIn(option.labels, language) }));
  if (field.type === "long_text") hint.wide = true;
  return hint;
}

/** A field spec of one custom value, named `custom:<key>` (read-only displays, single inputs). */
export function customFieldSpec(field: FieldShape, language: string, object?: CustomFieldObject): FieldSpec {
  return fieldSpec(customName(field.key), customValueSchema(field, "edit"), customHint(field, language, object));
}

/**
 * The form parts of some custom fields: schema shape, hints and names (in the given order, after
 * the record's own fields). `sections`: each field under its section's heading.
 */
export function customFormParts(
  object: CustomFieldObject,
  fields: readonly CustomField[],
  options: { language: string; mode: "create" | "edit"; sections?: boolean },
): { shape: Record<string, z.ZodType>; hints: FieldHints; names: string[] } {
  const shape: Record<string, z.ZodType> = {};
  const hints: FieldHints = {};
  const names = fields.map((field, index) => {
    const name = customName(field.key);
    shape[name] = customValueSchema(field, options.mode);
    hints[name] = customHint(field, options.language, object, {
      order: 1000 + index,
      ...(options.sections ? { section: customSectionLabelKey(object, field.sectionId) } : {}),
    });
    return name;
  });
  return { shape, hints, names };
}

/** A record's custom values as form values (`custom:<key>`; missing ones null, an empty multi-choice []). */
export function customFormValues(fields: readonly Pick<CustomField, "key" | "type">[], custom: CustomValues | undefined): Values {
  const values: Values = {};
  for (const field of fields) values[customName(field.key)] = custom?.[field.key] ?? (field.type === "multi_choice" ? [] : null);
  return values;
}

/** Form values → the record's own values and its `custom` object (undefined when the form has no custom field). */
export function splitCustom(values: Values): { own: Values; custom: Values | undefined } {
  const own: Values = {};
  const custom: Values = {};
  for (const [name, value] of Object.entries(values)) {
    if (isCustomName(name)) custom[customKeyOf(name)] = value;
    else own[name] = value;
  }
  return { own, custom: Object.keys(custom).length ? custom : undefined };
}

/** The server's `custom.<key>` (or `custom.<key>.amount`…) → the form's `custom:<key>`. */
export function customFormField(field: string): string {
  const key = /^custom\.([a-z][a-z0-9_]*)/.exec(field)?.[1];
  return key ? customName(key) : field;
}

/** A failed save with its custom-field errors renamed to the form's fields. */
export const withCustomFormFields = (error: unknown) => renameErrorFields(error, customFormField);

/** The list filter of a field, sent as `filter[custom.<key>]`: ranges for numbers and dates, several choices comma separated. */
export function customFilter(object: CustomFieldObject, field: CustomField, language: string): RecordFilter {
  const base = { id: `custom.${field.key}`, label: customLabelKey(object, field.key) };
  switch (field.type) {
    case "number":
    case "money":
      return { ...base, kind: "range", range: "number" };
    case "date":
      return { ...base, kind: "range", range: "date" };
    case "choice":
    case "multi_choice":
      return { ...base, kind: "multiselect", options: customHint(field, language).options };
    case "yes_no":
      return { ...base, kind: "boolean" };
    case "user":
      return { ...base, kind: "user" };
    default:
      return { ...base, kind: "text" };
  }
}

/** Custom fields a list can sort by (a multi-choice list or a long text has no useful order). */
export function sortableCustom(field: Pick<CustomField, "type">): boolean {
  return field.type !== "multi_choice" && field.type !== "long_text";
}
