import { z } from "zod";
import { id, isoDateTime, listQuery, name } from "./common";
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
export const companyListQuery = listQuery.extend({ sort: z.enum(companySorts).default("name") }).strict();
