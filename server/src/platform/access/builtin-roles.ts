import {
  accessActions,
  accessObjects,
  type AccessAction,
  type AccessObject,
  type AccessScope,
  type BuiltinRoleKey,
  type PermissionSet,
} from "@relata/contracts";

type Grants = Partial<Record<AccessObject, Partial<Record<AccessAction, AccessScope>>>>;

function permissions(grants: Grants): PermissionSet {
  return Object.fromEntries(
    accessObjects.map((object) => [
      object,
      Object.fromEntries(accessActions.map((action) => [action, grants[object]?.[action] ?? "none"])),
    ]),
  ) as PermissionSet;
}

const everything = (scope: AccessScope) => ({ read: scope, create: scope, update: scope, delete: scope });
const readOnly = (scope: AccessScope) => ({ read: scope });
/** Everyone may read the staff directory (to pick owners and assignees) and the settings that shape forms (custom fields, grade rules). */
const directory = { user: readOnly("all"), team: readOnly("all"), org_unit: readOnly("all"), setting: readOnly("all") } satisfies Grants;

export type BuiltinRole = { key: BuiltinRoleKey; name: string; clearance: number; permissions: PermissionSet };

export const builtinRoles: BuiltinRole[] = [
  {
    key: "administrator",
    name: "Administrator",
    clearance: 3,
    permissions: permissions(Object.fromEntries(accessObjects.map((object) => [object, everything("all")]))),
  },
  {
    key: "executive",
    name: "Sales executive",
    clearance: 3,
    permissions: permissions({
      ...directory,
      company: { read: "all", create: "all", update: "org_unit", delete: "none" },
      contact: { read: "all", create: "all", update: "org_unit", delete: "none" },
      audit: readOnly("all"),
    }),
  },
  {
    key: "account_manager",
    name: "Account manager",
    clearance: 2,
    permissions: permissions({
      ...directory,
      company: { read: "org_unit", create: "team", update: "team", delete: "own" },
      contact: { read: "org_unit", create: "team", update: "team", delete: "team" },
    }),
  },
  {
    key: "sales_rep",
    name: "Sales rep",
    clearance: 1,
    permissions: permissions({
      ...directory,
      company: { read: "team", create: "own", update: "own", delete: "none" },
      contact: { read: "team", create: "own", update: "own", delete: "own" },
    }),
  },
  {
    key: "service_desk",
    name: "Service desk",
    clearance: 1,
    permissions: permissions({
      ...directory,
      company: { read: "all", create: "none", update: "none", delete: "none" },
      // The service desk keeps people's details current while serving them.
      contact: { read: "all", create: "all", update: "all", delete: "none" },
    }),
  },
];

/**
 * Completes a stored permission set with objects added by later modules (granted as in the
 * built-in default, or `none` for custom roles) without touching what administrators edited.
 */
export function completePermissions(stored: Partial<PermissionSet>, defaults: PermissionSet | undefined): PermissionSet {
  return Object.fromEntries(
    accessObjects.map((object) => [
      object,
      Object.fromEntries(accessActions.map((action) => [action, stored[object]?.[action] ?? defaults?.[object][action] ?? "none"])),
    ]),
  ) as PermissionSet;
}
