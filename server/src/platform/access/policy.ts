import { and, eq, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { AccessAction, AccessObject, AccessScope } from "@relata/contracts";
import type { Actor } from "./actor";
import { Forbidden } from "../errors";

/** The attributes of a record that decide who may see it. */
export type RecordAccess = {
  ownerId: string;
  teamId: string | null;
  orgUnitId: string | null;
  securityLevel: number;
};

export type AccessColumns = {
  ownerId: PgColumn;
  teamId: PgColumn;
  orgUnitId: PgColumn;
  securityLevel: PgColumn;
};

export function scopeOf(actor: Actor, object: AccessObject, action: AccessAction): AccessScope {
  if (actor.kind === "system") return "all";
  return actor.permissions[object]?.[action] ?? "none";
}

/** Function-level check: may the actor do `action` on `object` at all (any scope)? */
export function canUse(actor: Actor, object: AccessObject, action: AccessAction): boolean {
  return scopeOf(actor, object, action) !== "none";
}

export function assertCanUse(actor: Actor, object: AccessObject, action: AccessAction): void {
  if (!canUse(actor, object, action)) throw Forbidden();
}

/**
 * Record-level check in memory. It must agree with `accessCondition` for every actor and
 * record: the realtime hub uses this one, every query uses the SQL one (a test holds them equal).
 */
export function canAccessRecord(actor: Actor, object: AccessObject, action: AccessAction, record: RecordAccess): boolean {
  if (actor.kind === "system") return true;
  const scope = scopeOf(actor, object, action);
  if (scope === "none" || record.securityLevel > actor.clearance) return false;
  const own = record.ownerId === actor.userId;
  const team = record.teamId !== null && actor.teamIds.includes(record.teamId);
  const unit = record.orgUnitId !== null && actor.orgUnitIds.includes(record.orgUnitId);
  switch (scope) {
    case "all":
      return true;
    case "org_unit":
      return own || team || unit;
    case "team":
      return own || team;
    case "own":
      return own;
  }
}

/** The one SQL condition for (actor, object, action) that every list, count, search and export uses. */
export function accessCondition(actor: Actor, object: AccessObject, action: AccessAction, columns: AccessColumns): SQL {
  if (actor.kind === "system") return sql`true`;
  const scope = scopeOf(actor, object, action);
  if (scope === "none") return sql`false`;
  const cleared = lte(columns.securityLevel, actor.clearance);
  const own = eq(columns.ownerId, actor.userId);
  const team = actor.teamIds.length > 0 ? inArray(columns.teamId, actor.teamIds) : sql`false`;
  const unit = actor.orgUnitIds.length > 0 ? inArray(columns.orgUnitId, actor.orgUnitIds) : sql`false`;
  switch (scope) {
    case "all":
      return cleared;
    case "org_unit":
      return and(cleared, or(own, team, unit)) as SQL;
    case "team":
      return and(cleared, or(own, team)) as SQL;
    case "own":
      return and(cleared, own) as SQL;
  }
}
