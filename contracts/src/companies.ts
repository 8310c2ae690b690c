import { z } from "zod";
import { withoutPaging, id, isoDateTime, limits, listQuery, name } from "./common";
import { securityLevel } from "./access";

export const company = z.object({
  id,
  name: z.string(),
  ownerId: id,
  teamId: id.nullable(),
  orgUnitId: id.nullable(),
  securityLevel,
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
});
export type Company = z.infer<typeof company>;

export const companyCreate = z
  .object({
    name,
    ownerId: id.optional(),
    teamId: id.nullable().optional(),
    securityLevel: securityLevel.optional(),
  })
  .strict();

export const companyPatch = z
  .object({
    name: name.optional(),
    ownerId: id.optional(),
    teamId: id.nullable().optional(),
    securityLevel: securityLevel.optional(),
  })
  .strict();

export const companySorts = ["name", "-name", "updatedAt", "-updatedAt"] as const;
export type CompanySort = (typeof companySorts)[number];
export const companyListQuery = listQuery
  .extend({
    sort: z.enum(companySorts).default("name"),
    "filter[ownerId]": id.optional(),
    "filter[teamId]": id.optional(),
    "filter[orgUnitId]": id.optional(),
    "filter[securityLevel]": z
      .enum(["0", "1", "2", "3"])
      .transform((value) => Number(value))
      .optional(),
  })
  .strict();
export type CompanyListQuery = z.output<typeof companyListQuery>;
/** `GET /api/companies/export.csv`: the list's q, filters and sort; no paging (capped at limits.exportRowsMax rows). */
export const companyExportQuery = companyListQuery.omit(withoutPaging).strict();

export const bulkIds = z.array(id).min(1).max(limits.bulkIdsMax);
export const companyBulk = z.discriminatedUnion("action", [
  z.object({ action: z.literal("delete"), ids: bulkIds }).strict(),
  z.object({ action: z.literal("assign"), ownerId: id, ids: bulkIds }).strict(),
]);
export type CompanyBulk = z.output<typeof companyBulk>;

/** One result per distinct id, in the order sent; invisible ids fail as not_found like missing ones. */
export const bulkResult = z.object({
  results: z.array(
    z.object({
      id,
      ok: z.boolean(),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
    }),
  ),
});
export type BulkResult = z.infer<typeof bulkResult>;
