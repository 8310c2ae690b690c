import {
  accessActions,
  accessObjects,
  accessScopes,
  recordObjects,
  type AccessAction,
  type AccessObject,
  type AccessScope,
  type PermissionSet,
} from "@relata/contracts";

export type Cell = { object: AccessObject; action: AccessAction };

/** A role that may do nothing. */
export function emptyPermissions(): PermissionSet {
  return Object.fromEntries(
    accessObjects.map((object) => [object, Object.fromEntries(accessActions.map((action) => [action, "none"]))]),
  ) as PermissionSet;
}

/** A full copy, completed with `none` for anything missing (older rows, new objects). */
export function copyPermissions(
  source: Partial<Record<AccessObject, Partial<Record<AccessAction, AccessScope>>>> | undefined,
): PermissionSet {
  return Object.fromEntries(
    accessObjects.map((object) => [
      object,
      Object.fromEntries(accessActions.map((action) => [action, source?.[object]?.[action] ?? "none"])),
    ]),
  ) as PermissionSet;
}

export function withCell(permissions: PermissionSet, cell: Cell, scope: AccessScope): PermissionSet {
  return { ...permissions, [cell.object]: { ...permissions[cell.object], [cell.action]: scope } };
}

/** The cells that differ between two permission sets. */
export function changedCells(a: PermissionSet, b: PermissionSet): Cell[] {
  const cells: Cell[] = [];
  for (const object of accessObjects) {
    for (const action of accessActions) {
      if ((a[object]?.[action] ?? "none") !== (b[object]?.[action] ?? "none")) cells.push({ object, action });
    }
  }
  return cells;
}

export const scopeRank = (scope: AccessScope) => accessScopes.indexOf(scope);

/** The server refuses a role wider than its author's: which scopes may I hand out in this cell? */
export function allowedScopes(own: PermissionSet, cell: Cell): AccessScope[] {
  const mine = scopeRank(own[cell.object]?.[cell.action] ?? "none");
  return accessScopes.filter((scope) => scopeRank(scope) <= mine);
}

/** Does this set grant more than `own` anywhere? */
export function exceeds(permissions: PermissionSet, own: PermissionSet): Cell | undefined {
  for (const object of accessObjects) {
    for (const action of accessActions) {
      if (scopeRank(permissions[object][action]) > scopeRank(own[object]?.[action] ?? "none")) return { object, action };
    }
  }
  return undefined;
}

/** Only records with an owner, team and org unit distinguish own/team/org unit; elsewhere any scope is all or nothing. */
export function isRecordObject(object: AccessObject): boolean {
  return (recordObjects as readonly string[]).includes(object);
}

/** Role keys: lower case letter first, then letters, digits, underscores (2–40). */
export const roleKeyPattern = /^[a-z][a-z0-9_]{1,39}$/;

/** A key suggestion from a role's name ("Key account manager" → "key_account_manager"). */
export function suggestRoleKey(name: string): string {
  const ascii = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .replace(/^[^a-z]+/, "")
    .slice(0, 40)
    .replace(/_+$/, "");
  return ascii.length >= 2 ? ascii : "";
}
