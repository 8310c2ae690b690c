import { z } from "zod";
import { booleanFilter, email, withoutPaging, id, isoDateTime, listQuery, name } from "./common";
import { permissionSet, securityLevel } from "./access";
import { locales, password } from "./auth";

export const user = z.object({
  id,
  email: z.string(),
  name: z.string(),
  active: z.boolean(),
  roleId: id,
  orgUnitId: id.nullable(),
  managerId: id.nullable(),
  teamIds: z.array(id),
  locale: z.enum(locales),
  timeZone: z.string(),
  lastLoginAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  version: z.number().int(),
});
export type User = z.infer<typeof user>;

export const userSorts = ["name", "-name", "email", "-email", "lastLoginAt", "-lastLoginAt", "createdAt", "-createdAt"] as const;
export type UserSort = (typeof userSorts)[number];
/** `GET /api/users`: q matches name or email (case and accents ignored); users never signed in sort before the rest. */
export const userListQuery = listQuery
  .extend({
    sort: z.enum(userSorts).default("name"),
    "filter[active]": booleanFilter,
    "filter[roleId]": id.optional(),
    "filter[teamId]": id.optional(),
    "filter[orgUnitId]": id.optional(),
  })
  .strict();
export type UserListQuery = z.output<typeof userListQuery>;
export const userExportQuery = userListQuery.omit(withoutPaging).strict();

export const userCreate = z
  .object({
    email,
    name,
    password,
    roleId: id,
    orgUnitId: id.nullable().optional(),
    managerId: id.nullable().optional(),
    teamIds: z.array(id).max(50).optional(),
    locale: z.enum(locales).optional(),
  })
  .strict();

export const userPatch = z
  .object({
    name: name.optional(),
    roleId: id.optional(),
    orgUnitId: id.nullable().optional(),
    managerId: id.nullable().optional(),
    teamIds: z.array(id).max(50).optional(),
    active: z.boolean().optional(),
    locale: z.enum(locales).optional(),
    timeZone: z.string().min(1).max(64).optional(),
  })
  .strict();

export const passwordReset = z.object({ password }).strict();

export const orgUnitKinds = ["company", "branch", "division", "department"] as const;
export const orgUnit = z.object({
  id,
  name: z.string(),
  kind: z.enum(orgUnitKinds),
  parentId: id.nullable(),
  version: z.number().int(),
});
export const orgUnitCreate = z.object({ name, kind: z.enum(orgUnitKinds), parentId: id.nullable().optional() }).strict();
export const orgUnitPatch = z
  .object({ name: name.optional(), kind: z.enum(orgUnitKinds).optional(), parentId: id.nullable().optional() })
  .strict();

export const team = z.object({
  id,
  name: z.string(),
  orgUnitId: id.nullable(),
  memberIds: z.array(id),
  version: z.number().int(),
});
export const teamCreate = z.object({ name, orgUnitId: id.nullable().optional() }).strict();
export const teamPatch = z.object({ name: name.optional(), orgUnitId: id.nullable().optional() }).strict();

export const role = z.object({
  id,
  key: z.string(),
  name: z.string(),
  builtin: z.boolean(),
  clearance: securityLevel,
  permissions: permissionSet,
  version: z.number().int(),
});
export type Role = z.infer<typeof role>;
export const roleCreate = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/),
    name,
    clearance: securityLevel,
    permissions: permissionSet,
  })
  .strict();
export const rolePatch = z
  .object({ name: name.optional(), clearance: securityLevel.optional(), permissions: permissionSet.optional() })
  .strict();

export const sessionInfo = z.object({
  id,
  userId: id,
  createdAt: isoDateTime,
  lastSeenAt: isoDateTime,
  expiresAt: isoDateTime,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
