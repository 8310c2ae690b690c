import type { orgUnits, roles, sessions, teams, users } from "../../db/schema";
import type { PermissionSet } from "@relata/contracts";
import type { CsvColumn } from "../../platform/http/csv";
import type { UserExportRow } from "./admin.repository";

type UserRow = typeof users.$inferSelect;

export function presentUser(row: UserRow, teamIds: string[]) {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    active: row.active,
    roleId: row.roleId,
    orgUnitId: row.orgUnitId,
    managerId: row.managerId,
    teamIds,
    locale: row.locale as "en" | "zh-CN" | "sv",
    timeZone: row.timeZone,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    version: row.version,
  };
}

export function presentRole(row: typeof roles.$inferSelect) {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    builtin: row.builtin,
    clearance: row.clearance,
    permissions: row.permissions as PermissionSet,
    version: row.version,
  };
}

export function presentTeam(row: typeof teams.$inferSelect, memberIds: string[]) {
  return { id: row.id, name: row.name, orgUnitId: row.orgUnitId, memberIds, version: row.version };
}

export function presentOrgUnit(row: typeof orgUnits.$inferSelect) {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as "company" | "branch" | "division" | "department",
    parentId: row.parentId,
    version: row.version,
  };
}

export function presentSession(row: typeof sessions.$inferSelect, currentSessionId: string | undefined) {
  return {
    id: row.id,
    userId: row.userId,
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    ip: row.ip,
    userAgent: row.userAgent,
    current: row.id === currentSessionId,
  };
}

/** Columns of the user CSV export (never the password hash): names beside the ids they stand for. */
export const userCsvColumns: CsvColumn<UserExportRow>[] = [
  { header: "id", value: (row) => row.id },
  { header: "name", value: (row) => row.name },
  { header: "email", value: (row) => row.email },
  { header: "active", value: (row) => row.active },
  { header: "role_id", value: (row) => row.roleId },
  { header: "role_name", value: (row) => row.roleName },
  { header: "org_unit_id", value: (row) => row.orgUnitId },
  { header: "org_unit_name", value: (row) => row.orgUnitName },
  { header: "manager_id", value: (row) => row.managerId },
  { header: "manager_name", value: (row) => row.managerName },
  { header: "teams", value: (row) => row.teamNames },
  { header: "locale", value: (row) => row.locale },
  { header: "time_zone", value: (row) => row.timeZone },
  { header: "last_login_at", value: (row) => row.lastLoginAt },
  { header: "created_at", value: (row) => row.createdAt },
];
