import { z } from "zod";
import { id, isoDateTime, limits, name } from "./common";

/** Lists a user can save views of; later modules add theirs. */
export const savedViewObjects = ["companies", "users", "audit", "contacts"] as const;
export type SavedViewObject = (typeof savedViewObjects)[number];
export const savedViewObject = z.enum(savedViewObjects);

const token = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, "letters, digits and _ . : - only");
const filtersMax = 30;

/** What a list screen restores: search text, filters (as sent in filter[…]), sort and visible columns in order. */
export const savedViewState = z
  .object({
    q: z
      .string()
      .max(200)
      .regex(/^[^\u0000]*$/, "must not contain NUL characters")
      .optional(),
    filters: z
      .record(
        token,
        z
          .string()
          .max(500)
          .regex(/^[^\u0000]*$/, "must not contain NUL characters"),
      )
      .refine((filters) => Object.keys(filters).length <= filtersMax, `at most ${filtersMax} filters`)
      .optional(),
    sort: token.optional(),
    columns: z.array(token).max(100).optional(),
  })
  .strict();
export type SavedViewState = z.infer<typeof savedViewState>;

export const savedView = z.object({
  id,
  object: savedViewObject,
  name: z.string(),
  state: savedViewState,
  isDefault: z.boolean(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
});
export type SavedView = z.infer<typeof savedView>;

export const savedViewCreate = z
  .object({ object: savedViewObject, name, state: savedViewState, isDefault: z.boolean().optional() })
  .strict();
export const savedViewPatch = z
  .object({ name: name.optional(), state: savedViewState.optional(), isDefault: z.boolean().optional() })
  .strict();
export const savedViewListQuery = z.object({ object: savedViewObject.optional() }).strict();
export const savedViewsMax = limits.savedViewsPerObjectMax;
