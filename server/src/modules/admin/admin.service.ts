import { eq, sql } from "drizzle-orm";
import {
  accessActions,
  accessObjects,
  accessScopes,
  limits,
  type AccessScope,
  type PermissionSet,
  type UserListQuery,
} from "@relata/contracts";
import { cursorValue, decodeCursor, toPage } from "../../platform/http/pagination";
import { keysetBatches } from "../../platform/http/csv";
import type { SearchProvider } from "../../platform/search/search.registry";
import type { Platform } from "../../platform/context";
import { unitOfWork, type UnitOfWork, type UnitOfWorkContext } from "../../platform/events/unit-of-work";
import { orgUnits, roles, teams, users } from "../../db/schema";
import { Conflict, Forbidden, NotFound, PreconditionFailed, Validation, type FieldProblem } from "../../platform/errors";
import { hashPassword, passwordProblem } from "../../platform/auth/password";
import { endSessionsOfUser, findSession, endSession, listLiveSessions } from "../../platform/auth/auth.repository";
import { canUse } from "../../platform/access/policy";
import type { UserActor } from "../../platform/access/actor";
import { recordAuditEvent } from "../../platform/audit/audit.repository";
import * as repo from "./admin.repository";
import { presentOrgUnit, presentRole, presentSession, presentTeam, presentUser } from "./admin.presenter";

type Context = UnitOfWorkContext & { actor: UserActor };
const run = <T>(platform: Platform, context: Context, work: (uow: UnitOfWork) => Promise<T>) =>
  unitOfWork(platform.db, platform.projections, context, work);

const rank = (scope: AccessScope) => accessScopes.indexOf(scope);

/** Nobody hands out more than they hold: a role may not exceed its author's permissions or clearance. */
function assertWithinOwnRights(actor: UserActor, permissions: PermissionSet | undefined, clearance: number | undefined) {
  if (clearance !== undefined && clearance > actor.clearance) {
    throw Validation([{ field: "clearance", message: "cannot exceed your own clearance" }]);
  }
  if (!permissions) return;
  for (const object of accessObjects) {
    for (const action of accessActions) {
      if (rank(permissions[object][action]) > rank(actor.permissions[object][action])) {
        throw Validation([{ field: `permissions.${object}.${action}`, message: "cannot exceed your own permission" }]);
      }
    }
  }
}

/** Nobody manages a user or role that holds more than they do (no takeover of stronger accounts). */
function assertMayManage(actor: UserActor, held: { permissions: unknown; clearance: number } | undefined, what: string) {
  if (!held) return;
  try {
    assertWithinOwnRights(actor, held.permissions as PermissionSet, held.clearance);
  } catch {
    throw Forbidden(`You cannot change ${what} that holds more rights than you`);
  }
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((value) => b.includes(value));

async function assertReferences(
  uow: UnitOfWork,
  refs: {
    roleId?: string | undefined;
    orgUnitId?: string | null | undefined;
    managerId?: string | null | undefined;
    teamIds?: string[] | undefined;
  },
) {
  const problems: FieldProblem[] = [];
  if (refs.roleId && (await repo.existingIds(uow.tx, roles, [refs.roleId])).size === 0)
    problems.push({ field: "roleId", message: "no such role" });
  if (refs.orgUnitId && (await repo.existingIds(uow.tx, orgUnits, [refs.orgUnitId])).size === 0)
    problems.push({ field: "orgUnitId", message: "no such org unit" });
  if (refs.managerId && (await repo.existingIds(uow.tx, users, [refs.managerId])).size === 0)
    problems.push({ field: "managerId", message: "no such user" });
  if (refs.teamIds?.length) {
    const found = await repo.existingIds(uow.tx, teams, refs.teamIds);
    refs.teamIds.forEach((id, index) => {
      if (!found.has(id)) problems.push({ field: `teamIds[${index}]`, message: "no such team" });
    });
  }
  if (problems.length > 0) throw Validation(problems);
}

const userEvent = (name: string, id: string) => ({ name, object: "user" as const, recordId: id, topics: ["list:users", `user:${id}`] });

// ─── users ───────────────────────────────────────────────────────────────────

type UserListFilters = Omit<UserListQuery, "limit" | "cursor" | "withTotal">;

const userListOptions = (query: UserListFilters): repo.UserListOptions => ({
  q: query.q,
  sort: query.sort,
  filters: {
    active: query["filter[active]"],
    roleId: query["filter[roleId]"],
    teamId: query["filter[teamId]"],
    orgUnitId: query["filter[orgUnitId]"],
  },
});

/** The staff directory, keyset-paged; a cursor is [sort value, id] and must fit the sort. */
export async function listUsers(platform: Platform, query: UserListQuery) {
  const field = query.sort.replace(/^-/, "");
  const after = decodeCursor(query.cursor, 2, ([value, id]) => {
    if (!cursorValue.id(id)) return false;
    if (field === "name" || field === "email") return cursorValue.text(value);
    return cursorValue.instant(value) || (field === "lastLoginAt" && value === null);
  });
  const options = userListOptions(query);
  const rows = await repo.listUsers(platform.db, { ...options, limit: query.limit, after });
  const teamIds = await repo.teamIdsByUser(
    platform.db,
    rows.slice(0, query.limit).map((row) => row.id),
  );
  const page = toPage(
    rows,
    query.limit,
    (row) => presentUser(row, teamIds.get(row.id) ?? []),
    (row) => [row.sortKey, row.id],
  );
  return query.withTotal ? { ...page, total: await repo.countUsers(platform.db, options) } : page;
}

/** The rows of the user CSV export, in batches (same q, filters and sort as the list). */
export function exportUsers(platform: Platform, query: UserListFilters) {
  const options = userListOptions(query);
  return keysetBatches(
    (after, limit) => repo.exportUsers(platform.db, { ...options, limit, after }),
    (row) => [row.sortKey, row.id],
    limits.exportRowsMax,
  );
}

/** Global search over the staff directory, for those who may read users. */
export function userSearch(platform: Platform): SearchProvider {
  return {
    object: "user",
    mayUse: (actor) => canUse(actor, "user", "read"),
    search: async (_actor, q, limit) =>
      (await repo.searchUsers(platform.db, q, limit)).map((row) => ({
        object: "user" as const,
        id: row.id,
        title: row.name,
        subtitle: row.active ? row.email : `${row.email} (inactive)`,
        score: row.score,
      })),
  };
}

export async function getUser(platform: Platform, id: string) {
  const row = await repo.findUser(platform.db, id);
  if (!row) throw NotFound("User");
  const teamIds = await repo.teamIdsByUser(platform.db, [id]);
  return presentUser(row, teamIds.get(id) ?? []);
}

type UserCreate = {
  email: string;
  name: string;
  password: string;
  roleId: string;
  orgUnitId?: string | null | undefined;
  managerId?: string | null | undefined;
  teamIds?: string[] | undefined;
  locale?: string | undefined;
};

export async function createUser(platform: Platform, context: Context, input: UserCreate) {
  const problem = passwordProblem(input.password, input);
  if (problem) throw Validation([{ field: "password", message: problem }]);
  const passwordHash = await hashPassword(input.password);
  const id = await run(platform, context, async (uow) => {
    await assertReferences(uow, input);
    const role = await repo.findRole(uow.tx, input.roleId);
    assertWithinOwnRights(context.actor, role?.permissions as PermissionSet, role?.clearance);
    // The unique index is on lower(email): compare the same way (rows may predate normalisation).
    const [taken] = await uow.tx
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = lower(${input.email})`);
    if (taken) throw Conflict("A user with this email already exists", [{ field: "email", message: "is already in use" }]);
    const [row] = await uow.tx
      .insert(users)
      .values({
        email: input.email,
        name: input.name,
        passwordHash,
        roleId: input.roleId,
        orgUnitId: input.orgUnitId ?? null,
        managerId: input.managerId ?? null,
        locale: input.locale ?? "en",
      })
      .returning({ id: users.id });
    await repo.setUserTeams(uow.tx, row!.id, [...new Set(input.teamIds ?? [])]);
    await uow.emit(userEvent("user.created", row!.id));
    return row!.id;
  });
  return getUser(platform, id);
}

type UserPatch = {
  name?: string | undefined;
  roleId?: string | undefined;
  orgUnitId?: string | null | undefined;
  managerId?: string | null | undefined;
  teamIds?: string[] | undefined;
  active?: boolean | undefined;
  locale?: string | undefined;
  timeZone?: string | undefined;
};

export async function updateUser(platform: Platform, context: Context, id: string, version: number, input: UserPatch) {
  await run(platform, context, async (uow) => {
    const current = await repo.findUser(uow.tx, id);
    if (!current) throw NotFound("User");
    await assertReferences(uow, input);
    if (input.managerId === id) throw Validation([{ field: "managerId", message: "a user cannot be their own manager" }]);
    if (input.timeZone !== undefined && input.timeZone !== "UTC" && !Intl.supportedValuesOf("timeZone").includes(input.timeZone)) {
      throw Validation([{ field: "timeZone", message: "is not a known IANA time zone" }]);
    }
    if (id === context.actor.userId) {
      // AC-7: what drives your own row-level visibility is changed by someone else, never by you.
      const currentTeams = (await repo.teamIdsByUser(uow.tx, [id])).get(id) ?? [];
      if (
        input.active === false ||
        (input.roleId !== undefined && input.roleId !== current.roleId) ||
        (input.teamIds !== undefined && !sameSet([...new Set(input.teamIds)], currentTeams)) ||
        (input.orgUnitId !== undefined && input.orgUnitId !== current.orgUnitId) ||
        (input.managerId !== undefined && input.managerId !== current.managerId)
      ) {
        throw Forbidden("You cannot deactivate yourself or change your own role, teams, org unit or manager");
      }
    }
    assertMayManage(context.actor, await repo.findRole(uow.tx, current.roleId), "a user");
    if (input.roleId !== undefined) {
      const role = await repo.findRole(uow.tx, input.roleId);
      assertWithinOwnRights(context.actor, role?.permissions as PermissionSet, role?.clearance);
    }
    const { teamIds, ...fields } = input;
    const updated = await repo.updateVersioned(uow.tx, users, id, version, fields);
    if (!updated) throw PreconditionFailed();
    if (teamIds !== undefined) await repo.setUserTeams(uow.tx, id, [...new Set(teamIds)]);
    // Someone must still be able to administer roles afterwards.
    if ((input.active === false || input.roleId !== undefined) && (await repo.countActiveAdministrators(uow.tx)) === 0) {
      throw Conflict("This change would leave no active administrator");
    }
    if (input.active === false && current.active) {
      // Deactivation ends every session at once; the hub drops their live connections.
      await endSessionsOfUser(uow.tx, id);
      await uow.emit({ name: "session.ended", object: "session", recordId: null, topics: [`user:${id}`, "list:sessions"] });
    }
    await uow.emit(userEvent("user.updated", id));
  });
  return getUser(platform, id);
}

export async function resetPassword(platform: Platform, context: Context, id: string, password: string) {
  const user = await repo.findUser(platform.db, id);
  if (!user) throw NotFound("User");
  // Your own password changes through /api/me/password, which asks for the current one.
  if (id === context.actor.userId) throw Forbidden("Change your own password with your current password instead");
  assertMayManage(context.actor, await repo.findRole(platform.db, user.roleId), "a user");
  const problem = passwordProblem(password, user);
  if (problem) throw Validation([{ field: "password", message: problem }]);
  const passwordHash = await hashPassword(password);
  await run(platform, context, async (uow) => {
    await uow.tx.update(users).set({ passwordHash }).where(eq(users.id, id));
    await endSessionsOfUser(uow.tx, id);
    await recordAuditEvent(uow.tx, {
      actorId: context.actor.userId,
      requestId: context.requestId,
      tableName: "users",
      recordId: id,
      operation: "password.reset",
    });
    await uow.emit({ name: "session.ended", object: "session", recordId: null, topics: [`user:${id}`, "list:sessions"] });
  });
}

// ─── roles ───────────────────────────────────────────────────────────────────

export async function listRoles(platform: Platform) {
  return (await repo.listRoles(platform.db)).map(presentRole);
}

export async function getRole(platform: Platform, id: string) {
  const row = await repo.findRole(platform.db, id);
  if (!row) throw NotFound("Role");
  return presentRole(row);
}

const roleEvent = (name: string, id: string) => ({ name, object: "role" as const, recordId: id, topics: ["list:roles", `role:${id}`] });

export async function createRole(
  platform: Platform,
  context: Context,
  input: { key: string; name: string; clearance: number; permissions: PermissionSet },
) {
  assertWithinOwnRights(context.actor, input.permissions, input.clearance);
  const id = await run(platform, context, async (uow) => {
    const [taken] = await uow.tx.select({ id: roles.id }).from(roles).where(eq(roles.key, input.key));
    if (taken) throw Conflict("A role with this key already exists", [{ field: "key", message: "is already in use" }]);
    const [row] = await uow.tx
      .insert(roles)
      .values({ ...input, builtin: false })
      .returning({ id: roles.id });
    await uow.emit(roleEvent("role.created", row!.id));
    return row!.id;
  });
  return getRole(platform, id);
}

export async function updateRole(
  platform: Platform,
  context: Context,
  id: string,
  version: number,
  input: { name?: string | undefined; clearance?: number | undefined; permissions?: PermissionSet | undefined },
) {
  assertWithinOwnRights(context.actor, input.permissions, input.clearance);
  await run(platform, context, async (uow) => {
    const current = await repo.findRole(uow.tx, id);
    if (!current) throw NotFound("Role");
    assertMayManage(context.actor, current, "a role");
    const updated = await repo.updateVersioned(uow.tx, roles, id, version, input);
    if (!updated) throw PreconditionFailed();
    // Someone must still be able to administer roles afterwards.
    if ((await repo.countActiveAdministrators(uow.tx)) === 0) throw Conflict("This change would leave no active administrator");
    await uow.emit(roleEvent("role.updated", id));
  });
  return getRole(platform, id);
}

export async function deleteRole(platform: Platform, context: Context, id: string) {
  await run(platform, context, async (uow) => {
    const role = await repo.findRole(uow.tx, id);
    if (!role) throw NotFound("Role");
    if (role.builtin) throw Conflict("Built-in roles can be edited but not deleted");
    if ((await repo.countUsersWithRole(uow.tx, id)) > 0) throw Conflict("Users still hold this role; give them another role first");
    await uow.tx.delete(roles).where(eq(roles.id, id));
    await uow.emit(roleEvent("role.deleted", id));
  });
}

// ─── teams ───────────────────────────────────────────────────────────────────

export async function listTeams(platform: Platform) {
  const rows = await repo.listTeams(platform.db);
  const members = await repo.memberIdsByTeam(
    platform.db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => presentTeam(row, members.get(row.id) ?? []));
}

export async function getTeam(platform: Platform, id: string) {
  const row = await repo.findTeam(platform.db, id);
  if (!row) throw NotFound("Team");
  const members = await repo.memberIdsByTeam(platform.db, [id]);
  return presentTeam(row, members.get(id) ?? []);
}

const teamEvent = (name: string, id: string) => ({ name, object: "team" as const, recordId: id, topics: ["list:teams", `team:${id}`] });

export async function createTeam(platform: Platform, context: Context, input: { name: string; orgUnitId?: string | null | undefined }) {
  const id = await run(platform, context, async (uow) => {
    await assertReferences(uow, { orgUnitId: input.orgUnitId });
    const [row] = await uow.tx
      .insert(teams)
      .values({ name: input.name, orgUnitId: input.orgUnitId ?? null })
      .returning({ id: teams.id });
    await uow.emit(teamEvent("team.created", row!.id));
    return row!.id;
  });
  return getTeam(platform, id);
}

export async function updateTeam(
  platform: Platform,
  context: Context,
  id: string,
  version: number,
  input: { name?: string | undefined; orgUnitId?: string | null | undefined },
) {
  await run(platform, context, async (uow) => {
    if (!(await repo.findTeam(uow.tx, id))) throw NotFound("Team");
    await assertReferences(uow, { orgUnitId: input.orgUnitId });
    if (!(await repo.updateVersioned(uow.tx, teams, id, version, input))) throw PreconditionFailed();
    await uow.emit(teamEvent("team.updated", id));
  });
  return getTeam(platform, id);
}

export async function deleteTeam(platform: Platform, context: Context, id: string) {
  await run(platform, context, async (uow) => {
    if (!(await repo.findTeam(uow.tx, id))) throw NotFound("Team");
    await uow.tx.delete(teams).where(eq(teams.id, id));
    await uow.emit(teamEvent("team.deleted", id));
  });
}

// ─── org units ───────────────────────────────────────────────────────────────

export async function listOrgUnits(platform: Platform) {
  return (await repo.listOrgUnits(platform.db)).map(presentOrgUnit);
}

export async function getOrgUnit(platform: Platform, id: string) {
  const row = await repo.findOrgUnit(platform.db, id);
  if (!row) throw NotFound("Org unit");
  return presentOrgUnit(row);
}

const unitEvent = (name: string, id: string) => ({
  name,
  object: "org_unit" as const,
  recordId: id,
  topics: ["list:org-units", `org-unit:${id}`],
});

export async function createOrgUnit(
  platform: Platform,
  context: Context,
  input: { name: string; kind: string; parentId?: string | null | undefined },
) {
  const id = await run(platform, context, async (uow) => {
    if (input.parentId && !(await repo.findOrgUnit(uow.tx, input.parentId)))
      throw Validation([{ field: "parentId", message: "no such org unit" }]);
    const [row] = await uow.tx
      .insert(orgUnits)
      .values({ name: input.name, kind: input.kind, parentId: input.parentId ?? null })
      .returning({ id: orgUnits.id });
    await uow.emit(unitEvent("org_unit.created", row!.id));
    return row!.id;
  });
  return getOrgUnit(platform, id);
}

export async function updateOrgUnit(
  platform: Platform,
  context: Context,
  id: string,
  version: number,
  input: { name?: string | undefined; kind?: string | undefined; parentId?: string | null | undefined },
) {
  await run(platform, context, async (uow) => {
    if (!(await repo.findOrgUnit(uow.tx, id))) throw NotFound("Org unit");
    if (input.parentId) {
      if (!(await repo.findOrgUnit(uow.tx, input.parentId))) throw Validation([{ field: "parentId", message: "no such org unit" }]);
      if (await repo.isInSubtree(uow.tx, id, input.parentId))
        throw Validation([{ field: "parentId", message: "would put the unit below itself" }]);
    }
    if (!(await repo.updateVersioned(uow.tx, orgUnits, id, version, input))) throw PreconditionFailed();
    await uow.emit(unitEvent("org_unit.updated", id));
  });
  return getOrgUnit(platform, id);
}

export async function deleteOrgUnit(platform: Platform, context: Context, id: string) {
  await run(platform, context, async (uow) => {
    if (!(await repo.findOrgUnit(uow.tx, id))) throw NotFound("Org unit");
    const [child] = await uow.tx.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.parentId, id)).limit(1);
    if (child) throw Conflict("Move or delete the units below this one first");
    await uow.tx.delete(orgUnits).where(eq(orgUnits.id, id));
    await uow.emit(unitEvent("org_unit.deleted", id));
  });
}

// ─── sessions ────────────────────────────────────────────────────────────────

/** Administrators see every live session; everyone else only their own. */
export async function listSessions(platform: Platform, actor: UserActor, userId: string | undefined) {
  const everyone = canUse(actor, "session", "read");
  const rows = await listLiveSessions(platform.db, everyone ? userId : actor.userId);
  return rows.map((row) => presentSession(row, actor.sessionId));
}

export async function endSessionById(platform: Platform, context: Context, id: string) {
  await run(platform, context, async (uow) => {
    const session = await findSession(uow.tx, id);
    const mayEndAny = canUse(context.actor, "session", "delete");
    if (!session || (!mayEndAny && session.userId !== context.actor.userId)) throw NotFound("Session");
    await endSession(uow.tx, id);
    await recordAuditEvent(uow.tx, {
      actorId: context.actor.userId,
      requestId: context.requestId,
      tableName: "sessions",
      recordId: id,
      operation: "session.ended",
    });
    await uow.emit({ name: "session.ended", object: "session", recordId: id, topics: [`user:${session.userId}`, "list:sessions"] });
  });
}
