import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { accountTeamMembers, auditLog, companies, users } from "../../db/schema";
import type { Tx } from "../../platform/events/unit-of-work";
import type { Actor } from "../../platform/access/actor";
import { visibleCompanies } from "../companies";

type Executor = Db | Tx;
export type MemberRow = typeof accountTeamMembers.$inferSelect;
export type MemberInsert = typeof accountTeamMembers.$inferInsert;

/** An assignment counts as coverage while today lies within its period (ends included). */
export const currentAssignment = sql<boolean>`((${accountTeamMembers.startsOn} IS NULL OR ${accountTeamMembers.startsOn} <= current_date)
  AND (${accountTeamMembers.endsOn} IS NULL OR ${accountTeamMembers.endsOn} >= current_date))`;

const memberView = {
  id: accountTeamMembers.id,
  companyId: accountTeamMembers.companyId,
  userId: accountTeamMembers.userId,
  userName: users.name,
  userActive: users.active,
  role: accountTeamMembers.role,
  note: accountTeamMembers.note,
  startsOn: accountTeamMembers.startsOn,
  endsOn: accountTeamMembers.endsOn,
  current: currentAssignment,
  createdAt: accountTeamMembers.createdAt,
  updatedAt: accountTeamMembers.updatedAt,
  version: accountTeamMembers.version,
};
const selectMembers = (db: Executor) =>
  db.select(memberView).from(accountTeamMembers).innerJoin(users, eq(users.id, accountTeamMembers.userId));
export type MemberView = Awaited<ReturnType<typeof listMembers>>[number];

export async function listMembers(db: Executor, companyId: string) {
  const order = sql`array_position(ARRAY['account_manager','sales','service','executive_sponsor']::text[], ${accountTeamMembers.role})`;
  return selectMembers(db).where(eq(accountTeamMembers.companyId, companyId)).orderBy(order, asc(users.name), asc(accountTeamMembers.id));
}

export async function findMember(db: Executor, companyId: string, id: string) {
  const [row] = await selectMembers(db).where(and(eq(accountTeamMembers.id, id), eq(accountTeamMembers.companyId, companyId)));
  return row;
}

export async function lockMember(db: Executor, companyId: string, id: string) {
  const [row] = await db
    .select()
    .from(accountTeamMembers)
    .where(and(eq(accountTeamMembers.id, id), eq(accountTeamMembers.companyId, companyId)))
    .for("update");
  return row;
}

export async function findAssignment(db: Executor, companyId: string, userId: string, role: string) {
  const [row] = await db
    .select({ id: accountTeamMembers.id })
    .from(accountTeamMembers)
    .where(and(eq(accountTeamMembers.companyId, companyId), eq(accountTeamMembers.userId, userId), eq(accountTeamMembers.role, role)));
  return row;
}

export async function findActiveUser(db: Executor, id: string) {
  const [row] = await db.select({ id: users.id, active: users.active }).from(users).where(eq(users.id, id));
  return row?.active ? row : undefined;
}

export async function insertMember(db: Executor, values: MemberInsert) {
  const [row] = await db.insert(accountTeamMembers).values(values).returning();
  return row!;
}

export async function updateMember(db: Executor, id: string, version: number, values: Partial<MemberInsert>) {
  const [row] = await db
    .update(accountTeamMembers)
    .set({ ...values, updatedAt: sql`now()`, version: sql`${accountTeamMembers.version} + 1` })
    .where(and(eq(accountTeamMembers.id, id), eq(accountTeamMembers.version, version)))
    .returning();
  return row;
}

export async function deleteMember(db: Executor, id: string) {
  await db.delete(accountTeamMembers).where(eq(accountTeamMembers.id, id));
}

/**
 * The companies among `ids` the actor may read, each with the roles currently covered there,
 * in name order: the nodes a coverage view considers.
 */
export async function coverageOf(db: Executor, actor: Actor, ids: string[]) {
  if (ids.length === 0) return [];
  // One array parameter, however large the group (an IN list would hit the parameter limit).
  const inGroup: SQL = sql`${companies.id} = ANY(${sql.param(ids)}::uuid[])`;
  const roles = sql<
    string[]
  >`coalesce(array_agg(DISTINCT ${accountTeamMembers.role}) FILTER (WHERE ${accountTeamMembers.id} IS NOT NULL), '{}')`;
  return db
    .select({ id: companies.id, name: companies.name, country: companies.country, roles })
    .from(companies)
    .leftJoin(accountTeamMembers, and(eq(accountTeamMembers.companyId, companies.id), currentAssignment))
    .where(and(inGroup, visibleCompanies(actor)))
    .groupBy(companies.id)
    .orderBy(asc(companies.name), asc(companies.id));
}

/** Ids of every assignment a company ever had (removed ones too), from the audit trail. */
export async function memberIdsEver(db: Executor, companyId: string) {
  const rows = await db
    .selectDistinct({ id: auditLog.recordId })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.tableName, "account_team_members"),
        eq(auditLog.operation, "insert"),
        sql`${auditLog.after} ->> 'company_id' = ${companyId}`,
      ),
    );
  return rows.flatMap((row) => (row.id ? [row.id] : []));
}

/**
 * A merge: the source's assignments move to the company it merges into; where the target
 * already has that user in that role, the target's assignment stays and the source's goes
 * (the audit trail keeps it).
 */
export async function moveMembers(db: Executor, sourceId: string, targetId: string) {
  await db.execute(sql`DELETE FROM ${accountTeamMembers} s
    WHERE s.company_id = ${sourceId}::uuid AND EXISTS (SELECT 1 FROM ${accountTeamMembers} t
      WHERE t.company_id = ${targetId}::uuid AND t.user_id = s.user_id AND t.role = s.role)`);
  await db.update(accountTeamMembers).set({ companyId: targetId }).where(eq(accountTeamMembers.companyId, sourceId));
}
