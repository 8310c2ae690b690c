import { z } from "zod";

/** Objects that roles grant actions on. Business modules add theirs here. */
export const accessObjects = ["company", "contact", "user", "role", "team", "org_unit", "audit", "session", "setting"] as const;
export type AccessObject = (typeof accessObjects)[number];

/**
 * Objects whose records are placed by owner / team / org unit / security level, so that own, team
 * and org unit scopes mean something: companies carry their own, contacts take their primary company's.
 */
export const recordObjects = ["company", "contact"] as const satisfies readonly AccessObject[];
export type RecordObject = (typeof recordObjects)[number];

export const accessActions = ["read", "create", "update", "delete"] as const;
export type AccessAction = (typeof accessActions)[number];

/** Wider scopes include the narrower ones: all ⊃ org_unit ⊃ team ⊃ own. */
export const accessScopes = ["none", "own", "team", "org_unit", "all"] as const;
export type AccessScope = (typeof accessScopes)[number];

export const securityLevels = [0, 1, 2, 3] as const;
export const securityLevel = z.number().int().min(0).max(3);

const scope = z.enum(accessScopes);
const grants = z.object({ read: scope, create: scope, update: scope, delete: scope }).strict();
export const permissionSet = z
  .object({
    company: grants,
    contact: grants,
    user: grants,
    role: grants,
    team: grants,
    org_unit: grants,
    audit: grants,
    session: grants,
    setting: grants,
  })
  .strict();
export type PermissionSet = Record<AccessObject, Record<AccessAction, AccessScope>>;

export const builtinRoleKeys = ["administrator", "executive", "account_manager", "sales_rep", "service_desk"] as const;
export type BuiltinRoleKey = (typeof builtinRoleKeys)[number];
