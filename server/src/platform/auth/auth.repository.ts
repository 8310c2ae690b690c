import { and, count, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { loginAttempts, roles, sessions, teamMembers, users } from "../../db/schema";
import type { Tx } from "../events/unit-of-work";
import type { UserActor } from "../access/actor";
import type { PermissionSet } from "@relata/contracts";

type Executor = Db | Tx;

export type SessionRow = typeof sessions.$inferSelect;

export async function findUserByEmail(db: Executor, email: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`)
    .limit(1);
  return row;
}

export async function countUsers(db: Executor): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return Number(row?.n ?? 0);
}

export async function insertSession(db: Executor, values: typeof sessions.$inferInsert) {
  const [row] = await db.insert(sessions).values(values).returning();
  return row!;
}

/** A live session and its user, or nothing when expired, idle too long, ended or deactivated. */
export async function findLiveSession(db: Executor, tokenHash: string, idleMs: number) {
  const [row] = await db
    .select({ session: sessions, userActive: users.active })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        isNull(sessions.endedAt),
        gt(sessions.expiresAt, sql`now()`),
        gt(sessions.lastSeenAt, sql`now() - make_interval(secs => ${idleMs / 1000})`),
        eq(users.active, true),
      ),
    )
    .limit(1);
  return row?.session;
}

export async function findLiveSessionById(db: Executor, id: string, idleMs: number) {
  const [row] = await db
    .select({ session: sessions })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.id, id),
        isNull(sessions.endedAt),
        gt(sessions.expiresAt, sql`now()`),
        gt(sessions.lastSeenAt, sql`now() - make_interval(secs => ${idleMs / 1000})`),
        eq(users.active, true),
      ),
    )
    .limit(1);
  return row?.session;
}

export async function touchSession(db: Executor, id: string) {
  await db
    .update(sessions)
    .set({ lastSeenAt: sql`now()` })
    .where(eq(sessions.id, id));
}

export async function endSession(db: Executor, id: string) {
  const rows = await db
    .update(sessions)
    .set({ endedAt: sql`now()` })
    .where(and(eq(sessions.id, id), isNull(sessions.endedAt)))
    .returning({ id: sessions.id, userId: sessions.userId });
  return rows[0];
}

export async function endSessionsOfUser(db: Executor, userId: string, exceptSessionId?: string) {
  const rows = await db
    .update(sessions)
    .set({ endedAt: sql`now()` })
    .where(
      and(eq(sessions.userId, userId), isNull(sessions.endedAt), exceptSessionId ? sql`${sessions.id} <> ${exceptSessionId}` : undefined),
    )
    .returning({ id: sessions.id });
  return rows.map((row) => row.id);
}

export async function listLiveSessions(db: Executor, userId: string | undefined) {
  return db
    .select()
    .from(sessions)
    .where(and(isNull(sessions.endedAt), gt(sessions.expiresAt, sql`now()`), userId ? eq(sessions.userId, userId) : undefined))
    .orderBy(sql`${sessions.lastSeenAt} DESC`)
    .limit(200);
}

export async function findSession(db: Executor, id: string) {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, id)).limit(1);
  return row;
}

/** Loads what access decisions need about a user in one round trip. */
export async function loadUserActor(db: Executor, userId: string, sessionId: string | undefined): Promise<UserActor | undefined> {
  const result = await db.execute<{
    role_id: string;
    role_key: string;
    clearance: number;
    permissions: PermissionSet;
    org_unit_id: string | null;
    team_ids: string[];
    unit_ids: string[];
  }>(sql`
    WITH RECURSIVE subtree AS (
      SELECT ou.id FROM org_units ou JOIN users u ON u.org_unit_id = ou.id WHERE u.id = ${userId}
      UNION ALL
      SELECT child.id FROM org_units child JOIN subtree ON child.parent_id = subtree.id
    )
    SELECT r.id AS role_id, r.key AS role_key, r.clearance, r.permissions, u.org_unit_id,
           coalesce((SELECT array_agg(tm.team_id) FROM ${teamMembers} tm WHERE tm.user_id = u.id), '{}') AS team_ids,
           coalesce((SELECT array_agg(id) FROM subtree), '{}') AS unit_ids
      FROM ${users} u JOIN ${roles} r ON r.id = u.role_id
     WHERE u.id = ${userId} AND u.active`);
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    kind: "user",
    userId,
    sessionId,
    roleId: row.role_id,
    roleKey: row.role_key,
    clearance: row.clearance,
    permissions: row.permissions,
    teamIds: row.team_ids,
    orgUnitIds: row.unit_ids,
    orgUnitId: row.org_unit_id,
  };
}

/** Counts a sign-in attempt; it stays counted as a failure unless forgotten or cleared by a success. */
export async function recordLoginAttempt(db: Executor, accountKey: string, ip: string): Promise<number> {
  const [row] = await db.insert(loginAttempts).values({ accountKey, ip }).returning({ id: loginAttempts.id });
  return row!.id;
}

export async function forgetLoginAttempt(db: Executor, id: number) {
  await db.delete(loginAttempts).where(eq(loginAttempts.id, id));
}

export async function clearFailedLogins(db: Executor, accountKey: string) {
  await db.delete(loginAttempts).where(eq(loginAttempts.accountKey, accountKey));
}

export async function pruneFailedLogins(db: Executor, windowMs: number) {
  await db.delete(loginAttempts).where(lt(loginAttempts.at, sql`now() - make_interval(secs => ${windowMs / 1000})`));
}

/** Failures in the window and when the oldest of them leaves it (seconds), per account and per IP. */
export async function failedLoginStats(db: Executor, accountKey: string, ip: string, windowMs: number) {
  const result = await db.execute<{ account_n: string; ip_n: string; account_wait: number | null; ip_wait: number | null }>(sql`
    WITH recent AS (
      SELECT account_key, ip, at FROM ${loginAttempts}
       WHERE at > now() - make_interval(secs => ${windowMs / 1000}) AND (account_key = ${accountKey} OR ip = ${ip})
    )
    SELECT count(*) FILTER (WHERE account_key = ${accountKey}) AS account_n,
           count(*) FILTER (WHERE ip = ${ip}) AS ip_n,
           extract(epoch FROM min(at) FILTER (WHERE account_key = ${accountKey}) + make_interval(secs => ${windowMs / 1000}) - now())::float8 AS account_wait,
           extract(epoch FROM min(at) FILTER (WHERE ip = ${ip}) + make_interval(secs => ${windowMs / 1000}) - now())::float8 AS ip_wait
      FROM recent`);
  const row = result.rows[0]!;
  return {
    account: Number(row.account_n),
    ip: Number(row.ip_n),
    accountWait: row.account_wait ?? 0,
    ipWait: row.ip_wait ?? 0,
  };
}
