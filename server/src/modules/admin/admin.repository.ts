import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { orgUnits, roles, teamMembers, teams, users } from "../../db/schema";
import type { Tx } from "../../platform/events/unit-of-work";

type Executor = Db | Tx;

export async function listUsers(db: Executor) {
  return db.select().from(users).orderBy(asc(users.name), asc(users.id)).limit(1000);
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
  const [row] = await db.select({ n: sql<string>`count(*)` }).from(users).where(eq(users.roleId, roleId));
  return Number(row?.n ?? 0);
}
export async function countActiveAdministrators(db: Executor, exceptUserId?: string) {
  const [row] = await db
    .select({ n: sql<string>`count(*)` })
    .from(users)
    .innerJoin(roles, eq(roles.id, users.roleId))
    .where(and(eq(users.active, true), sql`${roles.permissions} -> 'role' ->> 'update' = 'all'`, exceptUserId ? sql`${users.id} <> ${exceptUserId}` : undefined));
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
