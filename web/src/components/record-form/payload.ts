/** Form values → the body sent to the API. Pure (unit-tested). */
import type { FieldSpec } from "./schema-fields";
import { changedValues, isEmptyValue, type Values } from "./diff";

export const omit = Symbol("omit");

/** One value as the API expects it: empties become null (nullable) or are left out (optional on create). */
export function toApiValue(field: FieldSpec, value: unknown, mode: "create" | "edit"): unknown {
  if (field.type === "money") {
    const money = (value ?? {}) as { amount?: unknown; currency?: unknown };
    if (isEmptyValue(money.amount))
      return field.nullable ? null : mode === "create" && (field.optional || field.hasDefault) ? omit : undefined;
    return { amount: typeof money.amount === "string" ? money.amount.trim() : String(money.amount), currency: money.currency };
  }
  if (isEmptyValue(value) && !(Array.isArray(value) && !field.nullable && mode === "edit")) {
    if (field.nullable) return null;
    if (mode === "create" && (field.optional || field.hasDefault)) return omit;
    if (field.kind === "string") return "";
    if (field.kind === "array") return [];
    return undefined;
  }
  if (field.kind === "number" && typeof value === "string") {
    const number = Number(value.replace(/\s/g, "").replace(",", "."));
    return Number.isFinite(number) ? number : value;
  }
  return value;
}

/** The body of a create: every field with a value (defaults left to the server). */
export function createPayload(fields: readonly FieldSpec[], values: Values): Values {
  const body: Values = {};
  for (const field of fields) {
    if (field.hint.readOnly) continue;
    const value = toApiValue(field, values[field.name], "create");
    if (value !== omit && value !== undefined) body[field.name] = value;
  }
  return body;
}

/** The body of a PATCH: only the fields that changed since the version the form started from. */
export function patchPayload(fields: readonly FieldSpec[], base: Values, values: Values): Values {
  const editable = fields.filter((field) => !field.hint.readOnly);
  const changed = changedValues(
    base,
    values,
    editable.map((field) => field.name),
  );
  const body: Values = {};
  for (const field of editable) {
    if (!(field.name in changed)) continue;
    const value = toApiValue(field, changed[field.name], "edit");
    if (value !== omit && value !== undefined) body[field.name] = value;
  }
  return body;
}

/** A record's values as the form holds them (numbers and nulls as they are, missing keys as undefined). */
export function initialValues(fields: readonly FieldSpec[], record: Values | undefined, mode: "create" | "edit"): Values {
  const values: Values = {};
  for (const field of fields) {
    const value = record?.[field.name];
    if (value !== undefined) values[field.name] = value;
    else if (mode === "create" && field.hasDefault) values[field.name] = field.defaultValue;
    else if (field.type === "multiChoice") values[field.name] = [];
    else if (field.type === "boolean") values[field.name] = mode === "create" ? false : undefined;
    else values[field.name] = null;
  }
  return values;
}
