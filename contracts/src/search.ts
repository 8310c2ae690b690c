import { z } from "zod";
import { id, limits } from "./common";

/** Kinds of record global search can return; later modules add theirs. */
export const searchObjects = ["company", "contact", "user", "contract"] as const;
export type SearchObject = (typeof searchObjects)[number];

export const searchQuery = z
  .object({
    q: z
      .string()
      .trim()
      .min(1)
      .max(limits.searchQueryMax)
      .regex(/^[^\u0000]*$/, "must not contain NUL characters"),
    limit: z.coerce.number().int().min(1).max(limits.searchLimitMax).default(limits.searchLimitDefault),
  })
  .strict();

export const searchHit = z.object({
  object: z.enum(searchObjects),
  id,
  title: z.string(),
  subtitle: z.string().nullable(),
  /** The company the record belongs to, where the web opens it (a contract: on its company's card). */
  companyId: id.optional(),
});
export type SearchHit = z.infer<typeof searchHit>;

/** Best matches first, across every kind the caller may read. */
export const searchResults = z.object({ items: z.array(searchHit) });
