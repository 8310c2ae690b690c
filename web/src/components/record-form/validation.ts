/** Client-side validation with the contract's zod schema, messages in the user's language. Pure (unit-tested). */
import type { FieldSpec } from "./schema-fields";
import { isEmptyValue, type Values } from "./diff";

/** The parts of a zod 4 issue we read. */
export type IssueLike = {
  code: string;
  path: PropertyKey[];
  message: string;
  origin?: string;
  format?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  expected?: string;
  inclusive?: boolean;
};

export type Translate = (key: string, options?: Record<string, unknown>) => string;
export type FieldErrors = Record<string, string>;

/** One translated message for a zod issue (keys live in the `components` namespace under validation.*). */
export function issueMessage(issue: IssueLike, t: Translate): string {
  const count = issue.minimum !== undefined ? Number(issue.minimum) : issue.maximum !== undefined ? Number(issue.maximum) : undefined;
  switch (issue.code) {
    case "too_small":
      if (issue.origin === "string")
        return count !== undefined && count <= 1 ? t("components:validation.required") : t("components:validation.minLength", { count });
      if (issue.origin === "array" || issue.origin === "set") return t("components:validation.minItems", { count });
      return t("components:validation.min", { value: count });
    case "too_big":
      if (issue.origin === "string") return t("components:validation.maxLength", { count });
      if (issue.origin === "array" || issue.origin === "set") return t("components:validation.maxItems", { count });
      return t("components:validation.max", { value: count });
    case "invalid_format":
      if (issue.format === "email") return t("components:validation.email");
      if (issue.format === "url") return t("components:validation.url");
      if (issue.format === "datetime" || issue.format === "date" || issue.format === "time") return t("components:validation.date");
      if (issue.format === "regex") return t("components:validation.pattern");
      return t("components:validation.invalid");
    case "invalid_value":
      return t("components:validation.choice");
    case "invalid_type":
      if (issue.expected === "number" || issue.expected === "int") return t("components:validation.number");
      if (/received undefined|received null/.test(issue.message)) return t("components:validation.required");
      return t("components:validation.invalid");
    case "not_multiple_of":
      return t("components:validation.invalid");
    default:
      return t("components:validation.invalid");
  }
}

/**
 * Issues → one message per form field (the first wins) plus form-level messages for issues that
 * name no field of the form (refinements over several fields, unknown keys).
 */
export function issuesToErrors(
  issues: readonly IssueLike[],
  fieldNames: readonly string[],
  t: Translate,
): { fields: FieldErrors; form: string[] } {
  const fields: FieldErrors = {};
  const form: string[] = [];
  for (const issue of issues) {
    const name = issue.path.length ? String(issue.path[0]) : undefined;
    if (name && fieldNames.includes(name)) {
      if (!fields[name]) fields[name] = issueMessage(issue, t);
    } else {
      const message = issue.code === "unrecognized_keys" ? t("components:validation.unknownField") : issueMessage(issue, t);
      if (!form.includes(message)) form.push(message);
    }
  }
  return { fields, form };
}

/** Required fields left empty (checked before the schema, so the message is "Required", not a type error). */
export function missingRequired(
  fields: readonly FieldSpec[],
  values: Values,
  required: (field: FieldSpec) => boolean,
  t: Translate,
): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of fields) {
    if (!required(field)) continue;
    const value = values[field.name];
    const empty = field.type === "money" ? isEmptyValue((value as { amount?: unknown } | null | undefined)?.amount) : isEmptyValue(value);
    if (empty) errors[field.name] = t("components:validation.required");
  }
  return errors;
}

/** Server errors (ApiError.details) → the form field they name, or the list of the rest. */
export function serverErrorsToFields(
  details: readonly { field: string; message: string }[],
  fieldNames: readonly string[],
): { fields: FieldErrors; rest: { field: string; message: string }[] } {
  const fields: FieldErrors = {};
  const rest: { field: string; message: string }[] = [];
  for (const detail of details) {
    const name = detail.field.split(/[.[]/)[0] ?? "";
    if (name && fieldNames.includes(name)) {
      if (!fields[name]) fields[name] = detail.message;
    } else rest.push(detail);
  }
  return { fields, rest };
}
