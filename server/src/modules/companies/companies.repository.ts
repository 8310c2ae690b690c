import { and, asc, count, desc, eq, getTableColumns, ilike, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { companies, users } from "../../db/schema";
import type { Tx } from "../../platform/events/unit-of-work";
import type { Actor } from "../../platform/access/actor";
import { accessCondition } from "../../platform/access/policy";
import type { AccessAction } from "@relata/contracts";

type Executor = Db | Tx;
export type CompanyRow = typeof companies.$inferSelect;

const accessColumns = {
  ownerId: companies.ownerId,
  teamId: companies.teamId,
  orgUnitId: companies.orgUnitId,
  securityLevel: companies.securityLevel,
};

/** The companies `actor` may `action`: the one scope fragment every company query uses. */
export const visibleCompanies = (actor: Actor, action: AccessAction = "read") => accessCondition(actor, "company", action, accessColumns);

export type CompanySort = "name" | "-name" | "updatedAt" | "-updatedAt";

function searchCondition(q: string | undefined): SQL | undefined {
  if (!q) return undefined;
  const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
  return ilike(companies.name, `%${escaped}%`);
}

/**
 * One page of visible companies in keyset order (name or updatedAt, then id). Each row carries
 * `sortKey`, its sort value as the cursor needs it: timestamps to the microsecond (a JS Date
 * keeps milliseconds only, which repeated or skipped rows at page edges).
 */
export async function listVisible(db: Executor, actor: Actor, options: { q?: string | undefined; sort: CompanySort; limit: number; after?: (string | number | null)[] | undefined }) {
  const descending = options.sort.startsWith("-");
  const byName = options.sort.endsWith("name");
  const column = byName ? companies.name : companies.updatedAt;
  const order = descending ? [desc(column), desc(companies.id)] : [asc(column), asc(companies.id)];
  const sortKey = byName ? sql<string>`${companies.name}` : sql<string>`to_char(${companies.updatedAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  let keyset: SQL | undefined;
  if (options.after) {
    const [value, id] = options.after as [string, string];
    const typed = byName ? sql`${value}` : sql`${value}::timestamptz`;
    keyset = sql`(${column}, ${companies.id}) ${descending ? sql`<` : sql`>`} (${typed}, ${id}::uuid)`;
  }
  return db
    .select({ ...getTableColumns(companies), sortKey })
    .from(companies)
    .where(and(visibleCompanies(actor), searchCondition(options.q), keyset))
    .orderBy(...order)
    .limit(options.limit + 1);
}

export async function countVisible(db: Executor, actor: Actor, q: string | undefined) {
  const [row] = await db.select({ n: count() }).from(companies).where(and(visibleCompanies(actor), searchCondition(q)));
  return Number(row?.n ?? 0);
}

export async function findVisible(db: Executor, actor: Actor, id: string, action: AccessAction = "read") {
  const [row] = await db.select().from(companies).where(and(eq(companies.id, id), visibleCompanies(actor, action)));
  return row;
}

export async function insertCompany(db: Executor, values: typeof companies.$inferInsert) {
  const [row] = await db.insert(companies).values(values).returning();
  return row!;
}

export async function updateCompany(db: Executor, id: string, version: number, values: Partial<typeof companies.$inferInsert>) {
  const [row] = await db
    .update(companies)
    .set({ ...values, updatedAt: sql`now()`, version: sql`${companies.version} + 1` })
    .where(and(eq(companies.id, id), eq(companies.version, version)))
    .returning();
  return row;
}

export async function deleteCompany(db: Executor, id: string) {
  await db.delete(companies).where(eq(companies.id, id));
}

export async function findActiveUser(db: Executor, id: string) {
  const [row] = await db.select({ id: users.id, orgUnitId: users.orgUnitId, active: users.active }).from(users).where(eq(users.id, id));
  return row?.active ? row : undefined;
}

export async function userTeamIds(db: Executor, userId: string) {
  const result = await db.execute<{ team_id: string }>(sql`SELECT team_id FROM team_members WHERE user_id = ${userId}`);
  return result.rows.map((row) => row.team_id);
}
