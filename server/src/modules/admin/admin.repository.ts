import { and, asc, count, desc, eq, getTableColumns, inArray, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { UserSort } from "@relata/contracts";
import type { Db } from "../../db/connection";
import { orgUnits, roles, teamMembers, teams, users } from "../../db/schema";
import type { Tx } from "../../platform/events/unit-of-work";

type Executor = Db | Tx;

export type UserFilters = {
  active?: boolean | undefined;
  roleId?: string | undefined;
  teamId?: string | undefined;
  orgUnitId?: string | undefined;
};
export type UserListOptions = { q?: string | undefined; filters: UserFilters; sort: UserSort };
type After = (string | number | null)[] | undefined;

const likeEscape = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The WHERE of the user list, count and export: q on name or email (accents and case ignored), then filters. */
function userCondition(options: UserListOptions): SQL | undefined {
  const { q, filters } = options;
  const pattern = q ? sql`'%' || relata_fold(${likeEscape(q)}) || '%'` : undefined;
  return and(
    pattern ? or(sql`relata_fold(${users.name}) LIKE ${pattern}`, sql`relata_fold(${users.email}) LIKE ${pattern}`) : undefined,
    filters.active !== undefined ? eq(users.active, filters.active) : undefined,
    filters.roleId !== undefined ? eq(users.roleId, filters.roleId) : undefined,
    filters.orgUnitId !== undefined ? eq(users.orgUnitId, filters.orgUnitId) : undefined,
    filters.teamId !== undefined
      ? sql`EXISTS (SELECT 1 FROM ${teamMembers} WHERE ${teamMembers.userId} = ${users.id} AND ${teamMembers.teamId} = ${filters.teamId})`
      : undefined,
  );
}

const utcInstant = (column: SQL | typeof users.createdAt) =>
  sql<string>`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Keyset order of the user list. Users who never signed in have no lastLoginAt: they sort as
 * the earliest time (first ascending, last descending) and their cursor value is null.
 */
function userKeyset(sort: UserSort, after: After) {
  const descending = sort.startsWith("-");
  const field = sort.replace(/^-/, "") as "name" | "email" | "lastLoginAt" | "createdAt";
  const expression = {
    name: sql`${users.name}`,
    email: sql`${users.email}`,
    lastLoginAt: sql`coalesce(${users.lastLoginAt}, '-infinity'::timestamptz)`,
    createdAt: sql`${users.createdAt}`,
  }[field];
  const sortKey = {
    name: sql<string | null>`${users.name}`,
    email: sql<string | null>`${users.email}`,
    lastLoginAt: utcInstant(sql`${users.lastLoginAt}`),
    createdAt: utcInstant(users.createdAt),
  }[field];
  const order = descending ? [sql`${expression} DESC`, desc(users.id)] : [sql`${expression} ASC`, asc(users.id)];
  let condition: SQL | undefined;
  if (after) {
    const [value, id] = after as [string | null, string];
    const typed =
      field === "name" || field === "email"
        ? sql`${value}`
        : field === "lastLoginAt"
          ? sql`coalesce(${value}::timestamptz, '-infinity'::timestamptz)`
          : sql`${value}::timestamptz`;
    condition = sql`(${expression}, ${users.id}) ${descending ? sql`<` : sql`>`} (${typed}, ${id}::uuid)`;
  }
  return { order, sortKey, condition };
}

export async function listUsers(db: Executor, options: UserListOptions & { limit: number; after: After }) {
  const { order, sortKey, condition } = userKeyset(options.sort, options.after);
  return db
    .select({ ...getTableColumns(users), sortKey })
    .from(users)
    .where(and(userCondition(options), condition))
    .orderBy(...order)
    .limit(options.limit + 1);
}

export async function countUsers(db: Executor, options: UserListOptions) {
  const [row] = await db.select({ n: count() }).from(users).where(userCondition(options));
  return Number(row?.n ?? 0);
}

const managers = alias(users, "manager");

/** A batch of the user export: role, unit, manager and team names beside their ids. */
export async function exportUsers(db: Executor, options: UserListOptions & { limit: number; after: After }) {
  const { order, sortKey, condition } = userKeyset(options.sort, options.after);
  return db
    .select({
      ...getTableColumns(users),
      sortKey,
      roleName: roles.name,
      orgUnitName: orgUnits.name,
      managerName: managers.name,
      teamNames: sql<
        string | null
      >`(SELECT string_agg(t.name, '; ' ORDER BY t.name) FROM ${teamMembers} tm JOIN ${teams} t ON t.id = tm.team_id WHERE tm.user_id = ${users.id})`,
    })
    .from(users)
    .innerJoin(roles, eq(roles.id, users.roleId))
    .leftJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .leftJoin(managers, eq(managers.id, users.managerId))
    .where(and(userCondition(options), condition))
    .orderBy(...order)
    .limit(options.limit);
}
export type UserExportRow = Awaited<ReturnType<typeof exportUsers>>[number];

/** Global search over the directory: name or email, scored like company search. */
export async function searchUsers(db: Executor, q: string, limit: number) {
  const name = sql`relata_fold(${users.name})`;
  const mail = sql`relata_fold(${users.email})`;
  const text = sql`relata_fold(${q})`;
  const pattern = sql`relata_fold(${likeEscape(q)})`;
  const score = sql<number>`(CASE WHEN ${name} = ${text} OR ${mail} = ${text} THEN 4
    WHEN ${name} LIKE ${pattern} || '%' OR ${mail} LIKE ${pattern} || '%' THEN 3
    WHEN ${name} LIKE '% ' || ${pattern} || '%' THEN 2
    WHEN ${name} LIKE '%' || ${pattern} || '%' OR ${mail} LIKE '%' || ${pattern} || '%' THEN 1
    ELSE 0 END + greatest(similarity(${name}, ${text}), similarity(${mail}, ${text})))::float8`;
  return db
    .select({ id: users.id, name: users.name, email: users.email, active: users.active, score })
    .from(users)
    .where(sql`(${name} LIKE '%' || ${pattern} || '%' OR ${mail} LIKE '%' || ${pattern} || '%' OR ${name} % ${text})`)
    .orderBy(desc(score), asc(users.name), asc(users.id))
    .limit(limit);
}

export async function findUser(db: Executor, id: string) {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function teamIdsByUser(db: Executor, userIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return map;
  const rows = await db.select().from(teamMembers).where(inArray(teamMembers.userId, userIds));
  for (const row of rows) map.get(row.userId)?.push(row.teamId);
  return map;
}

export async function memberIdsByTeam(db: Executor, teamIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>(teamIds.map((id) => [id, []]));
  if (teamIds.length === 0) return map;
  const rows = await db.select().from(teamMembers).where(inArray(teamMembers.teamId, teamIds));
  for (const row of rows) map.get(row.teamId)?.push(row.userId);
  return map;
}

export async function setUserTeams(db: Executor, userId: string, teamIds: string[]) {
  const current = (await db.select().from(teamMembers).where(eq(teamMembers.userId, userId))).map((row) => row.teamId);
  const removed = current.filter((id) => !teamIds.includes(id));
  const added = teamIds.filter((id) => !current.includes(id));
  if (removed.length > 0) await db.delete(teamMembers).where(and(eq(teamMembers.userId, userId), inArray(teamMembers.teamId, removed)));
  if (added.length > 0) await db.insert(teamMembers).values(added.map((teamId) => ({ teamId, userId })));
}

export async function existingIds(db: Executor, table: typeof teams | typeof orgUnits | typeof roles | typeof users, ids: string[]) {
  if (ids.length === 0) return new Set<string>();
  const rows = await db.select({ id: table.id }).from(table).where(inArray(table.id, ids));
  return new Set(rows.map((row) => row.id));
}

/** Updates a row only if it still has the version the caller read; undefined = stale or gone. */
export async function updateVersioned<T extends typeof users | typeof roles | typeof teams | typeof orgUnits>(
  db: Executor,
  table: T,
  id: string,
  version: number,
  values: Partial<T["$inferInsert"]>,
) {
  const rows = (await db
    .update(table)
    .set({ ...values, updatedAt: sql`now()`, version: sql`${table.version} + 1` } as never)
    .where(and(eq(table.id, id), eq(table.version, version)))
    .returning()) as unknown as T["$inferSelect"][];
  return rows[0];
}

export async function listRoles(db: Executor) {
  return db.select().from(roles).orderBy(asc(roles.name));
}
export async function findRole(db: Executor, id: string) {
  const [row] = await db.select().from(roles).where(eq(roles.id, id));
  return row;
}
export async function countUsersWithRole(db: Executor, roleId: string) {
  const [row] = await db
    .select({ n: sql<string>`count(*)` })
    .from(users)
    .where(eq(users.roleId, roleId));
  return Number(row?.n ?? 0);
}
export async function countActiveAdministrators(db: Executor, exceptUserId?: string) {
  const [row] = await db
    .select({ n: sql<string>`count(*)` })
    .from(users)
    .innerJoin(roles, eq(roles.id, users.roleId))
    .where(
      and(
        eq(users.active, true),
        sql`${roles.permissions} -> 'role' ->> 'update' = 'all'`,
        exceptUserId ? sql`${users.id} <> ${exceptUserId}` : undefined,
      ),
    );
  return Number(row?.n ?? 0);
}

export async function listTeams(db: Executor) {
  return db.select().from(teams).orderBy(asc(teams.name));
}
export async function findTeam(db: Executor, id: string) {
  const [row] = await db.select().from(teams).where(eq(teams.id, id));
  return row;
}

export async function listOrgUnits(db: Executor) {
  return db.select().from(orgUnits).orderBy(asc(orgUnits.name));
}
export async function findOrgUnit(db: Executor, id: string) {
  const [row] = await db.select().from(orgUnits).where(eq(orgUnits.id, id));
  return row;
}
/** True when `candidateParent` is `unitId` itself or lies below it (moving there would make a cycle). */
export async function isInSubtree(db: Executor, unitId: string, candidateParent: string) {
  const result = await db.execute<{ found: boolean }>(sql`
    WITH RECURSIVE below AS (
      SELECT id FROM org_units WHERE id = ${unitId}
      UNION ALL SELECT child.id FROM org_units child JOIN below ON child.parent_id = below.id
    ) SELECT exists(SELECT 1 FROM below WHERE id = ${candidateParent}) AS found`);
  return result.rows[0]?.found === true;
}
