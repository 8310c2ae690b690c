import { z } from "zod";
import { id, isoDateTime, limits, localizedLabel } from "./common";
import { customFieldObjects } from "./plain";

/** Kinds of records that carry custom fields. */
export { customFieldObjects, type CustomFieldObject } from "./plain";

export const customFieldTypes = [
  "text",
  "long_text",
  "number",
  "money",
  "date",
  "choice",
  "multi_choice",
  "yes_no",
  "url",
  "email",
  "phone",
  "user",
] as const;
export type CustomFieldType = (typeof customFieldTypes)[number];

export const customFieldOption = z
  .object({
    value: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "must be 1–40 lower-case letters, digits, - or _"),
    labels: localizedLabel,
  })
  .strict();
export type CustomFieldOption = z.infer<typeof customFieldOption>;

/** A money value: decimal string amount (up to 2 decimals) and ISO 4217 currency. */
export const moneyValue = z
  .object({
    amount: z.string().regex(/^-?\d{1,15}(\.\d{1,2})?$/, "must be an amount with at most 2 decimals"),
    currency: z.string().regex(/^[A-Z]{3}$/, "must be a three-letter currency code"),
  })
  .strict();
export type MoneyValue = z.infer<typeof moneyValue>;

/**
 * Custom values of a record by field key. The shape per type: text/long_text/url/email/phone/date
 * (YYYY-MM-DD)/choice/user (id) → string; number → number; money → MoneyValue; multi_choice → string[];
 * yes_no → boolean. null clears. The server validates each against its definition.
 */
export const customValue = z.union([
  z.string().max(limits.textMax),
  z.number(),
  z.boolean(),
  z.array(z.string().max(200)).max(100),
  moneyValue,
  z.null(),
]);
export type CustomValue = z.infer<typeof customValue>;
export const customValues = z.record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), customValue);
export type CustomValues = Record<string, CustomValue>;

export const fieldKey = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, "must start with a letter: 1–40 lower-case letters, digits or _");

export const customField = z.object({
  id,
  object: z.enum(customFieldObjects),
  sectionId: id,
  key: z.string(),
  type: z.enum(customFieldTypes),
  labels: localizedLabel,
  required: z.boolean(),
  position: z.number().int(),
  options: z.array(customFieldOption),
  archived: z.boolean(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
});
export type CustomField = z.infer<typeof customField>;

export const customSection = z.object({
  id,
  object: z.enum(customFieldObjects),
  labels: localizedLabel,
  position: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
  fields: z.array(customField),
});
export type CustomSection = z.infer<typeof customSection>;

/** `GET /api/custom-fields?object=company`: sections in order with their fields in order (archived too, flagged). */
export const customFieldsQuery = z.object({ object: z.enum(customFieldObjects) }).strict();
export const customFieldLayout = z.object({ object: z.enum(customFieldObjects), sections: z.array(customSection) });
export type CustomFieldLayout = z.infer<typeof customFieldLayout>;

export const customSectionCreate = z
  .object({ object: z.enum(customFieldObjects), labels: localizedLabel, position: z.number().int().min(0).max(10_000).optional() })
  .strict();
export const customSectionPatch = z
  .object({ labels: localizedLabel.optional(), position: z.number().int().min(0).max(10_000).optional() })
  .strict();

export const customFieldCreate = z
  .object({
    sectionId: id,
    key: fieldKey,
    type: z.enum(customFieldTypes),
    labels: localizedLabel,
    required: z.boolean().optional(),
    position: z.number().int().min(0).max(10_000).optional(),
    options: z.array(customFieldOption).max(200).optional(),
  })
  .strict();
/** The key and type never change (values are stored under the key in that shape). */
export const customFieldPatch = z
  .object({
    sectionId: id.optional(),
    labels: localizedLabel.optional(),
    required: z.boolean().optional(),
    position: z.number().int().min(0).max(10_000).optional(),
    options: z.array(customFieldOption).max(200).optional(),
    archived: z.boolean().optional(),
  })
  .strict();
