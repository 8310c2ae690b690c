import { z } from "zod";
import { countryCode, id, isoDateTime, localizedLabel } from "./common";

/**
 * Dimensions: value lists maintained by administrators (the `setting` object) that place
 * companies and contacts along the client's structure. `line_of_business` and `client_unit`
 * are fields of companies, `client_unit` and `function` fields of contacts; `region` is a
 * grouping of countries used to filter and group companies by their country.
 */
export const dimensionKinds = ["line_of_business", "function", "client_unit", "region"] as const;
export type DimensionKind = (typeof dimensionKinds)[number];

/** The key of a value (stored on records, never changes): 1–40 lower-case letters, digits, - or _. */
export const dimensionKey = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "must be 1–40 lower-case letters, digits, - or _");

/** A field of a record that holds a dimension key; null clears it. Unknown or archived keys are refused by the server (400). */
export const dimensionField = dimensionKey.nullable().optional();

/** A `filter[…]` of dimension keys, comma separated (a record matches any of them). */
export const dimensionKeysFilter = z
  .string()
  .max(500)
  .transform((value, ctx) => {
    const keys = value.split(",").filter(Boolean);
    for (const key of keys)
      if (!dimensionKey.safeParse(key).success) {
        ctx.addIssue({ code: "custom", message: "must be value keys, comma separated" });
        return z.NEVER;
      }
    return keys;
  })
  .optional();

/** The countries a region covers: ISO 3166-1 alpha-2 codes, each once. */
export const regionCountries = z
  .array(countryCode)
  .max(250)
  .refine((codes) => new Set(codes).size === codes.length, { message: "lists a country more than once" });

/** One value of a dimension list. */
export const dimensionValue = z.object({
  id,
  kind: z.enum(dimensionKinds),
  key: z.string(),
  labels: localizedLabel,
  /** Order within its list (0 first); lists are returned in this order. */
  position: z.number().int(),
  /** Archived values stay on the records that hold them but cannot be chosen again. */
  archived: z.boolean(),
  /** Regions only: the ISO country codes the region covers ([] for the other kinds). */
  countries: z.array(z.string()),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
});
export type DimensionValue = z.infer<typeof dimensionValue>;

/** `GET /api/dimensions`: the values of one kind (or of every kind), by kind then position; archived ones only when asked. */
export const dimensionListQuery = z
  .object({
    kind: z.enum(dimensionKinds).optional(),
    includeArchived: z
      .enum(["true", "false"])
      .transform((value) => value === "true")
      .optional(),
  })
  .strict();
export type DimensionListQuery = z.output<typeof dimensionListQuery>;

/** The answer of `GET /api/dimensions`. */
export const dimensionList = z.object({ items: z.array(dimensionValue) });
export type DimensionList = z.infer<typeof dimensionList>;

/** `POST /api/dimensions`: a new value (at the end of its list unless a position is given); the key is unique per kind. */
export const dimensionValueCreate = z
  .object({
    kind: z.enum(dimensionKinds),
    key: dimensionKey,
    labels: localizedLabel,
    position: z.number().int().min(0).max(10_000).optional(),
    /** Regions only. */
    countries: regionCountries.optional(),
  })
  .strict();
export type DimensionValueCreate = z.output<typeof dimensionValueCreate>;

/** `PATCH /api/dimensions/:id` (If-Match): labels, position, archived and (regions) countries; kind and key never change. */
export const dimensionValuePatch = z
  .object({
    labels: localizedLabel.optional(),
    position: z.number().int().min(0).max(10_000).optional(),
    archived: z.boolean().optional(),
    countries: regionCountries.optional(),
  })
  .strict();
export type DimensionValuePatch = z.output<typeof dimensionValuePatch>;

/** `POST /api/dimensions/reorder`: every value of one kind (archived ones too), each once, in the new order. */
export const dimensionReorder = z
  .object({
    kind: z.enum(dimensionKinds),
    ids: z
      .array(id)
      .min(1)
      .max(1000)
      .refine((ids) => new Set(ids).size === ids.length, { message: "lists a value more than once" }),
  })
  .strict();
export type DimensionReorder = z.output<typeof dimensionReorder>;
