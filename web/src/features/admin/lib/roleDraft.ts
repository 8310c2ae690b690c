import type { PermissionSet, Role } from "@relata/contracts";
import { changedCells, copyPermissions, withCell } from "./permissions";

/** What the role editor changes. */
export type Draft = { name: string; clearance: number; permissions: PermissionSet };

export const draftOf = (role: Pick<Role, "name" | "clearance" | "permissions">): Draft => ({
  name: role.name,
  clearance: role.clearance,
  permissions: copyPermissions(role.permissions),
});

/**
 * My changes (my draft against the version I started from) applied on top of someone else's
 * newer version. `clashes` names what we both changed to different values (mine wins, shown
 * to the person before they save again).
 */
export function rebase(mine: Draft, startedFrom: Draft, theirs: Draft): { draft: Draft; clashes: string[] } {
  const clashes: string[] = [];
  let permissions = copyPermissions(theirs.permissions);
  for (const cell of changedCells(startedFrom.permissions, mine.permissions)) {
    const their = theirs.permissions[cell.object][cell.action];
    const my = mine.permissions[cell.object][cell.action];
    if (their !== startedFrom.permissions[cell.object][cell.action] && their !== my)
      clashes.push(`permissions.${cell.object}.${cell.action}`);
    permissions = withCell(permissions, cell, my);
  }
  const pick = <K extends "name" | "clearance">(key: K): Draft[K] => {
    if (mine[key] === startedFrom[key]) return theirs[key];
    if (theirs[key] !== startedFrom[key] && theirs[key] !== mine[key]) clashes.push(key);
    return mine[key];
  };
  const name = pick("name");
  const clearance = pick("clearance");
  return { draft: { name, clearance, permissions }, clashes };
}
