import type { ReferenceLoader } from "./pickers";

/**
 * A contract's zod object schema → the list of form fields: type, whether it may be empty,
 * enum options, string format and length, number range, label and layout. Pure (unit-tested).
 */

/** Built-in field types; custom field types register more (see registry.tsx). */
export const builtinFieldTypes = [
  "text",
  "longText",
  "number",
  "money",
  "date",
  "dateTime",
  "choice",
  "multiChoice",
  "boolean",
  "url",
  "email",
  "phone",
  "user",
  "reference",
  "securityLevel",
] as const;
export type BuiltinFieldType = (typeof builtinFieldTypes)[number];
export type FieldType = BuiltinFieldType | (string & {});

export type FieldOption = { value: string; label: string };

/** What the caller may say about one field on top of what the schema says. */
export type FieldHint = {
  /** i18n key of the label (default `<labelPrefix><name>`) */
  label?: string;
  /** i18n key of a help text under the field */
  description?: string;
  /** i18n key of a placeholder */
  placeholder?: string;
  /** A renderer other than the inferred one ("user", "reference", "phone", "longText", a custom type…) */
  widget?: FieldType;
  /** i18n key of the section heading the field sits in */
  section?: string;
  /** Position (lower first); default: schema order */
  order?: number;
  /** Leave the field out of the form */
  hidden?: boolean;
  /** Shown but not editable */
  readOnly?: boolean;
  /** Full width in the two-column grid */
  wide?: boolean;
  /** Options for choice / multi-choice (display labels, already translated or data) */
  options?: FieldOption[];
  /** i18n key prefix for enum option labels: `<prefix>.<value>` */
  optionLabels?: string;
  /** Search and resolve for "reference" fields */
  reference?: ReferenceLoader;
  /** Currency preselected for money fields */
  currency?: string;
  /** Dates: only days up to today (birthdays); an empty calendar opens on decades */
  past?: boolean;
};
export type FieldHints = Record<string, FieldHint>;

export type FieldSpec = {
  name: string;
  type: FieldType;
  /** The key may be left out (create: not sent; edit: every field of a patch schema is optional). */
  optional: boolean;
  /** null is allowed: the field can be emptied. */
  nullable: boolean;
  hasDefault: boolean;
  defaultValue?: unknown;
  /** zod kind of the innermost schema: string, number, boolean, enum, array, object… */
  kind: string;
  /** string format (email, url, uuid, datetime, date…) */
  format?: string;
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
  integer?: boolean;
  /** enum values (for choice / multi-choice) */
  enumValues?: string[];
  label: string;
  hint: FieldHint;
  order: number;
};

/** The zod internals we read (zod 4: every schema has `_zod.def`; strings and numbers expose their bag). */
type ZodLike = {
  _zod: {
    def: {
      type: string;
      innerType?: ZodLike;
      in?: ZodLike;
      element?: ZodLike;
      shape?: Record<string, ZodLike>;
      defaultValue?: unknown;
      entries?: Record<string, string | number>;
    };
  };
  format?: string | null;
  minLength?: number | null;
  maxLength?: number | null;
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
  options?: unknown[];
  shape?: Record<string, ZodLike>;
};

export type ObjectSchemaLike = { shape: Record<string, unknown> };

type Unwrapped = { inner: ZodLike; optional: boolean; nullable: boolean; hasDefault: boolean; defaultValue?: unknown };

/** Peels optional / nullable / default / pipe (transforms) / readonly / catch off a schema. */
export function unwrap(schema: unknown): Unwrapped {
  let current = schema as ZodLike;
  const result: Omit<Unwrapped, "inner"> = { optional: false, nullable: false, hasDefault: false };
  for (let guard = 0; guard < 20; guard++) {
    const def = current?._zod?.def;
    if (!def) break;
    if (def.type === "optional" && def.innerType) {
      result.optional = true;
      current = def.innerType;
    } else if (def.type === "nullable" && def.innerType) {
      result.nullable = true;
      current = def.innerType;
    } else if ((def.type === "default" || def.type === "prefault") && def.innerType) {
      result.hasDefault = true;
      result.defaultValue = typeof def.defaultValue === "function" ? undefined : def.defaultValue;
      current = def.innerType;
    } else if ((def.type === "readonly" || def.type === "catch" || def.type === "nonoptional") && def.innerType) {
      current = def.innerType;
    } else if (def.type === "pipe" && def.in) {
      current = def.in;
    } else break;
  }
  return { inner: current, ...result };
}

function enumValuesOf(schema: ZodLike): string[] | undefined {
  if (schema._zod.def.type !== "enum") return undefined;
  if (Array.isArray(schema.options)) return schema.options.map(String);
  return schema._zod.def.entries ? Object.values(schema._zod.def.entries).map(String) : undefined;
}

const phoneName = /(phone|mobile|fax|tel)$/i;

/** The renderer a schema implies when no hint says otherwise. */
export function inferType(name: string, unwrapped: Unwrapped, hint: FieldHint = {}): FieldType {
  if (hint.widget) return hint.widget;
  const { inner } = unwrapped;
  const kind = inner._zod.def.type;
  if (name === "securityLevel") return "securityLevel";
  switch (kind) {
    case "boolean":
      return "boolean";
    case "number":
    case "int":
    case "bigint":
      return "number";
    case "enum":
    case "literal":
      return "choice";
    case "array":
      return "multiChoice";
    case "object": {
      const shape = inner.shape ?? inner._zod.def.shape ?? {};
      if ("amount" in shape && "currency" in shape) return "money";
      return "text";
    }
    case "date":
      return "dateTime";
    case "string": {
      if (hint.options) return "choice";
      if (hint.reference) return "reference";
      const format = inner.format ?? undefined;
      if (format === "email") return "email";
      if (format === "url") return "url";
      if (format === "datetime") return "dateTime";
      if (format === "date") return "date";
      if (phoneName.test(name)) return "phone";
      if ((inner.maxLength ?? 0) > 500) return "longText";
      return "text";
    }
    default:
      return "text";
  }
}

/** min/max length checks of schemas that do not expose them as properties (arrays). */
function checkLengths(schema: ZodLike): { min?: number; max?: number } {
  const checks =
    (schema._zod.def as { checks?: { _zod?: { def?: { check?: string; minimum?: number; maximum?: number } } }[] }).checks ?? [];
  const out: { min?: number; max?: number } = {};
  for (const check of checks) {
    const def = check._zod?.def;
    if (def?.check === "min_length" && typeof def.minimum === "number") out.min = def.minimum;
    if (def?.check === "max_length" && typeof def.maximum === "number") out.max = def.maximum;
  }
  return out;
}

function finite(value: number | null | undefined): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && Math.abs(value) < Number.MAX_SAFE_INTEGER ? value : undefined;
}

/** One field's spec. */
export function fieldSpec(name: string, schema: unknown, hint: FieldHint = {}, index = 0, labelPrefix = ""): FieldSpec {
  const unwrapped = unwrap(schema);
  const { inner } = unwrapped;
  const kind = inner._zod.def.type;
  const element = kind === "array" && inner._zod.def.element ? unwrap(inner._zod.def.element).inner : undefined;
  const spec: FieldSpec = {
    name,
    type: inferType(name, unwrapped, hint),
    optional: unwrapped.optional,
    nullable: unwrapped.nullable,
    hasDefault: unwrapped.hasDefault,
    kind,
    label: hint.label ?? `${labelPrefix}${name}`,
    hint,
    order: hint.order ?? index,
  };
  if (unwrapped.hasDefault) spec.defaultValue = unwrapped.defaultValue;
  if (kind === "string" && inner.format) spec.format = inner.format;
  const lengths = checkLengths(inner);
  const minLength = finite(inner.minLength) ?? lengths.min;
  const maxLength = finite(inner.maxLength) ?? lengths.max;
  if (minLength !== undefined) spec.minLength = minLength;
  if (maxLength !== undefined) spec.maxLength = maxLength;
  if (kind === "number") {
    const min = finite(inner.minValue);
    const max = finite(inner.maxValue);
    if (min !== undefined) spec.min = min;
    if (max !== undefined) spec.max = max;
    if (inner.isInt) spec.integer = true;
  }
  const values = enumValuesOf(inner) ?? (element ? enumValuesOf(element) : undefined);
  if (values) spec.enumValues = values;
  if (kind === "literal") {
    const literal = (inner._zod.def as { values?: unknown[] }).values;
    if (literal) spec.enumValues = literal.map(String);
  }
  return spec;
}

/** Every field of an object schema, hints applied, hidden ones dropped, in display order. */
export function fieldsFromSchema(
  schema: ObjectSchemaLike,
  hints: FieldHints = {},
  options: { labelPrefix?: string; only?: readonly string[] } = {},
): FieldSpec[] {
  const names = options.only ?? Object.keys(schema.shape);
  return names
    .filter((name) => name in schema.shape && !hints[name]?.hidden)
    .map((name, index) => fieldSpec(name, schema.shape[name], hints[name], index, options.labelPrefix))
    .sort((a, b) => a.order - b.order);
}

/**
 * Whether the form must have a value: on create, a field that is neither optional, nullable nor
 * defaulted; on edit (patch schemas make everything optional), any field that cannot be null —
 * it can be changed but not emptied.
 */
export function isRequired(spec: FieldSpec, mode: "create" | "edit"): boolean {
  if (spec.nullable) return false;
  if (spec.type === "boolean") return false;
  // An empty list is a value unless the schema asks for at least one item.
  if (spec.kind === "array") return (spec.minLength ?? 0) > 0 && (mode === "edit" || (!spec.optional && !spec.hasDefault));
  if (mode === "create") return !spec.optional && !spec.hasDefault;
  return true;
}

/** Fields grouped by section (in order of first appearance); fields without a section come first. */
export function groupBySection(fields: FieldSpec[]): { section: string | undefined; fields: FieldSpec[] }[] {
  const groups: { section: string | undefined; fields: FieldSpec[] }[] = [];
  for (const field of fields) {
    const section = field.hint.section;
    let group = groups.find((candidate) => candidate.section === section);
    if (!group) {
      group = { section, fields: [] };
      if (section === undefined) groups.unshift(group);
      else groups.push(group);
    }
    group.fields.push(field);
  }
  return groups;
}
