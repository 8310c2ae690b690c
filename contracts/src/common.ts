import { z } from "zod";
import { limits } from "./plain";

export { limits, listCountCap } from "./plain";

export const id = z.uuid();
export const idParams = z.object({ id }).strict();
export const isoDateTime = z.iso.datetime({ offset: true });
export const email = z
  .email()
  .max(limits.emailMax)
  .transform((value) => value.trim().toLowerCase());
/** PostgreSQL text cannot hold NUL; refusing it here names the field instead of failing later. */
const noNul = /^[^\u0000]*$/;
const noNulMessage = "must not contain NUL characters";
export const name = z.string().trim().min(1).max(limits.nameMax).regex(noNul, noNulMessage);

export const errorCodes = [
  "validation",
  "unauthenticated",
  "forbidden",
  "not_found",
  "conflict",
  "duplicate",
  "precondition_failed",
  "precondition_required",
  "idempotency_mismatch",
  "unsupported_media_type",
  "payload_too_large",
  "quota_exceeded",
  "rate_limited",
  "unavailable",
  "internal",
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** Why a record looks like a duplicate of another. */
export const duplicateReasons = ["name", "email", "phone", "domain", "registrationNumber"] as const;
export type DuplicateReason = (typeof duplicateReasons)[number];
export const duplicateCandidate = z.object({
  object: z.enum(["company", "contact"]),
  id,
  name: z.string(),
  /** The company of a contact candidate; the company itself for companies. */
  companyName: z.string().nullable(),
  reasons: z.array(z.enum(duplicateReasons)).min(1),
  /** 0–1: name similarity, raised to 1 by an exact email / phone / domain / registration number match. */
  score: z.number(),
});
export type DuplicateCandidate = z.infer<typeof duplicateCandidate>;

export const errorBody = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  /** With code "duplicate" (409): the records the input probably duplicates; resend with `ignoreDuplicates: true` to save anyway. */
  candidates: z.array(duplicateCandidate).optional(),
  requestId: z.string().optional(),
});
export type ErrorBody = z.infer<typeof errorBody>;

/** Keyset pagination: `cursor` is opaque; `total` only when `withTotal=true`. */
export const listQuery = z
  .object({
    q: z.string().trim().max(200).regex(noNul, noNulMessage).optional(),
    limit: z.coerce.number().int().min(1).max(limits.pageSizeMax).default(limits.pageSizeDefault),
    cursor: z.string().max(500).optional(),
    withTotal: z
      .enum(["true", "false"])
      .transform((value) => value === "true")
      .optional(),
  })
  .strict();

/** A `filter[field]=true|false` query value. */
export const booleanFilter = z
  .enum(["true", "false"])
  .transform((value) => value === "true")
  .optional();

/** A `filter[ownerId]` query value: a user id, or "me" for the signed-in user. */
export const ownerFilter = z.union([id, z.literal("me")]).optional();

/** Custom-field filters: `filter[custom.<key>]=<value>` (choice/multi-choice: one of the values, comma separated; yes_no: true/false; text: contains; number/money/date: `min..max`, either side optional). */
export const customFilterKey = /^filter\[custom\.[a-z][a-z0-9_]{0,39}\]$/;

/**
 * A list query with custom-field filters: the strict `base` plus any `filter[custom.<key>]`
 * parameters, which come out as `customFilters` (key → raw value); any other unknown
 * parameter is refused, naming it.
 */
export function withCustomFilters<Shape extends z.ZodRawShape>(base: z.ZodObject<Shape>) {
  return (
    base
      .catchall(z.string().max(500))
      // Declared in the OpenAPI document; the route-table test accepts extra parameters only with it.
      .meta({ "x-custom-filters": customFilterKey.source })
      .superRefine((query, ctx) => {
        for (const key of Object.keys(query))
          if (!(key in base.shape) && !customFilterKey.test(key))
            ctx.addIssue({ code: "custom", path: [key], message: "unknown parameter" });
      })
      .transform((query) => {
        const known: Record<string, unknown> = {};
        const customFilters: Record<string, string> = {};
        for (const [key, value] of Object.entries(query)) {
          if (key in base.shape) known[key] = value;
          else customFilters[key.slice("filter[custom.".length, -1)] = value as string;
        }
        return { ...(known as z.output<z.ZodObject<Shape>>), customFilters };
      })
  );
}

/** What a CSV export drops from its list's query: paging. */
export const withoutPaging = { limit: true, cursor: true, withTotal: true } as const;

export function page<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable(),
    total: z.number().int().optional(),
    /** `total` is an estimate: more than `listCountCap` records match, and they were not counted one by one. */
    totalEstimated: z.literal(true).optional(),
  });
}

export const okBody = z.object({ ok: z.literal(true) });

/** Labels of administrator-defined things in every UI language; English is required. */
export const localizedLabel = z
  .object({
    en: z.string().trim().min(1).max(limits.nameMax).regex(noNul, noNulMessage),
    "zh-CN": z.string().trim().max(limits.nameMax).regex(noNul, noNulMessage).optional(),
    sv: z.string().trim().max(limits.nameMax).regex(noNul, noNulMessage).optional(),
  })
  .strict();
export type LocalizedLabel = z.infer<typeof localizedLabel>;

/** Optional free text of a record (trimmed; empty becomes null). */
export const optionalText = (max: number = limits.nameMax) =>
  z
    .string()
    .trim()
    .max(max)
    .regex(noNul, noNulMessage)
    .transform((value) => (value === "" ? null : value))
    .nullable()
    .optional();

/** A calendar date, YYYY-MM-DD, that exists. */
export const isoDate = z.iso.date();
/** ISO 3166-1 alpha-2 country code, upper case. */
export const countryCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/, "must be a two-letter ISO 3166 country code")
  .transform((value) => value.toUpperCase());
/** ISO 4217 currency code, upper case. */
export const currencyCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, "must be a three-letter ISO 4217 currency code")
  .transform((value) => value.toUpperCase());
/** A phone number as typed: digits, spaces and + ( ) - . / only; normalized to E.164 by the server. */
export const phoneNumber = z
  .string()
  .trim()
  .min(3)
  .max(40)
  .regex(/^\+?[0-9 ()\-./]+$/, "must be a phone number (digits, spaces, + ( ) - . /)");
