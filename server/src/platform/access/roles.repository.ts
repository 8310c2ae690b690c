import { eq, sql } from "drizzle-orm";
import type { PermissionSet } from "@relata/contracts";
import type { Db } from "../../db/connection";
import { roles } from "../../db/schema";
import type { Tx } from "../events/unit-of-work";
import { builtinRoles, completePermissions } from "./builtin-roles";

/** Creates missing built-in roles and completes every role with objects added since it was saved. */
export async function ensureBuiltinRoles(db: Db | Tx): Promise<void> {
  const existing = await db.select().from(roles);
  const byKey = new Map(existing.map((role) => [role.key, role]));
  for (const builtin of builtinRoles) {
    if (!byKey.has(builtin.key)) {
      await db
        .insert(roles)
        .values({ key: builtin.key, name: builtin.name, builtin: true, clearance: builtin.clearance, permissions: builtin.permissions })
        .onConflictDoNothing();
    }
  }
  for (const role of existing) {
    const defaults = builtinRoles.find((builtin) => builtin.key === role.key)?.permissions;
    const complete = completePermissions(role.permissions as Partial<PermissionSet>, role.builtin ? defaults : undefined);
    if (!samePermissions(complete, role.permissions as Partial<PermissionSet>)) {
      await db
        .update(roles)
        .set({ permissions: complete, version: sql`${roles.version} + 1`, updatedAt: sql`now()` })
        .where(eq(roles.id, role.id));
    }
  }
}

function samePermissions(a: PermissionSet, b: Partial<PermissionSet>): boolean {
  return (Object.keys(a) as (keyof PermissionSet)[]).every((object) =>
    (Object.keys(a[object]) as (keyof PermissionSet[typeof object])[]).every((action) => b[object]?.[action] === a[object][action]),
  );
}
