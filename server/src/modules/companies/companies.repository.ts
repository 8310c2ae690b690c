import { and, asc, count, desc, eq, getTableColumns, inArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/connection";
import { companies, orgUnits, teams, users } from "../../db/schema";
import type { Tx } from "../../platform/events/unit-of-work";
import type { Actor } from "../../platform/access/actor";
import { accessCondition } from "../../platform/access/policy";
import type { AccessAction, CompanySort } from "@relata/contracts";

export type { CompanySort };

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

export type CompanyFilters = {
  ownerId?: string | undefined;
  teamId?: string | undefined;
  orgUnitId?: string | undefined;
  securityLevel?: number | undefined;
};
export type CompanyListOptions = { q?: string | undefined; filters: CompanyFilters; sort: CompanySort };

/** `q` as a LIKE pattern that matches anywhere, accents and case ignored (backed by a trigram index). */
const likeEscape = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);
const folded = (column: SQL | typeof companies.name) => sql`relata_fold(${column})`;

/**
 * The one WHERE of every company list, count and export: the access condition, then the search
 * text and filters. A filter only narrows what the condition already allows.
 */
function listCondition(actor: Actor, options: CompanyListOptions): SQL | undefined {
  const { q, filters } = options;
  return and(
    visibleCompanies(actor),
    q ? sql`${folded(companies.name)} LIKE '%' || relata_fold(${likeEscape(q)}) || '%'` : undefined,
    filters.ownerId !== undefined ? eq(companies.ownerId, filters.ownerId) : undefined,
    filters.teamId !== undefined ? eq(companies.teamId, filters.teamId) : undefined,
    filters.orgUnitId !== undefined ? eq(companies.orgUnitId, filters.orgUnitId) : undefined,
    filters.securityLevel !== undefined ? eq(companies.securityLevel, filters.securityLevel) : undefined,
  );
}

/** ORDER BY, the sort value as the cursor holds it, and the keyset condition after a cursor. */
function keyset(sort: CompanySort, after: (string | number | null)[] | undefined) {
  const descending = sort.startsWith("-");
  const byName = sort.endsWith("name");
  const column = byName ? companies.name : companies.updatedAt;
  const order = descending ? [desc(column), desc(companies.id)] : [asc(column), asc(companies.id)];
  const sortKey = byName
    ? sql<string>`${companies.name}`
    : sql<string>`to_char(${companies.updatedAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  let condition: SQL | undefined;
  if (after) {
    const [value, id] = after as [string, string];
    const typed = byName ? sql`${value}` : sql`${value}::timestamptz`;
    condition = sql`(${column}, ${companies.id}) ${descending ? sql`<` : sql`>`} (${typed}, ${id}::uuid)`;
  }
  return { order, sortKey, condition };
}

/**
 * One page of visible companies in keyset order (name or updatedAt, then id). Each row carries
 * `sortKey`, its sort value as the cursor needs it: timestamps to the microsecond (a JS Date
 * keeps milliseconds only, which repeated or skipped rows at page edges).
 */
export async function listVisible(
  db: Executor,
  actor: Actor,
  options: CompanyListOptions & { limit: number; after?: (string | number | null)[] | undefined },
) {
  const { order, sortKey, condition } = keyset(options.sort, options.after);
  return db
    .select({ ...getTableColumns(companies), sortKey })
    .from(companies)
    .where(and(listCondition(actor, options), condition))
    .orderBy(...order)
    .limit(options.limit + 1);
}

export async function countVisible(db: Executor, actor: Actor, options: CompanyListOptions) {
  const [row] = await db.select({ n: count() }).from(companies).where(listCondition(actor, options));
  return Number(row?.n ?? 0);
}

const owners = alias(users, "owner");

/** A batch of the export: the list's rows with the names of owner, team and org unit beside their ids. */
export async function exportBatch(
  db: Executor,
  actor: Actor,
  options: CompanyListOptions & { limit: number; after?: (string | number | null)[] | undefined },
) {
  const { order, sortKey, condition } = keyset(options.sort, options.after);
  return db
    .select({ ...getTableColumns(companies), sortKey, ownerName: owners.name, teamName: teams.name, orgUnitName: orgUnits.name })
    .from(companies)
    .innerJoin(owners, eq(owners.id, companies.ownerId))
    .leftJoin(teams, eq(teams.id, companies.teamId))
    .leftJoin(orgUnits, eq(orgUnits.id, companies.orgUnitId))
    .where(and(listCondition(actor, options), condition))
    .orderBy(...order)
    .limit(options.limit);
}
export type CompanyExportRow = Awaited<ReturnType<typeof exportBatch>>[number];

/**
 * Global search: visible companies whose folded name contains the folded text or is similar to
 * it (pg_trgm), scored exact > prefix > word start > anywhere, then by similarity.
 */
export async function searchVisible(db: Executor, actor: Actor, q: string, limit: number) {
  const name = folded(companies.name);
  const text = sql`relata_fold(${q})`;
  const pattern = sql`relata_fold(${likeEscape(q)})`;
  const score = sql<number>`(CASE WHEN ${name} = ${text} THEN 4
    WHEN ${name} LIKE ${pattern} || '%' THEN 3
    WHEN ${name} LIKE '% ' || ${pattern} || '%' THEN 2
    WHEN ${name} LIKE '%' || ${pattern} || '%' THEN 1
    ELSE 0 END + similarity(${name}, ${text}))::float8`;
  return db
    .select({ id: companies.id, name: companies.name, ownerName: owners.name, score })
    .from(companies)
    .innerJoin(owners, eq(owners.id, companies.ownerId))
    .where(and(visibleCompanies(actor), sql`(${name} LIKE '%' || ${pattern} || '%' OR ${name} % ${text})`))
    .orderBy(desc(score), asc(companies.name), asc(companies.id))
    .limit(limit);
}

/**
 * Locks the visible ones of `ids` in id order before a bulk change writes anything: concurrent
 * bulk changes then queue instead of deadlocking on each other's rows and the audit chain lock.
 */
export async function lockVisible(db: Executor, actor: Actor, ids: string[]) {
  return db
    .select()
    .from(companies)
    .where(and(inArray(companies.id, ids), visibleCompanies(actor)))
    .orderBy(asc(companies.id))
    .for("update");
}

export async function findVisible(db: Executor, actor: Actor, id: string, action: AccessAction = "read") {
  const [row] = await db
    .select()
    .from(companies)
    .where(and(eq(companies.id, id), visibleCompanies(actor, action)));
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
  const [row] = await db
    .select({ id: users.id, name: users.name, orgUnitId: users.orgUnitId, active: users.active })
    .from(users)
    .where(eq(users.id, id));
  return row?.active ? row : undefined;
}

export async function userTeamIds(db: Executor, userId: string) {
  const result = await db.execute<{ team_id: string }>(sql`SELECT team_id FROM team_members WHERE user_id = ${userId}`);
  return result.rows.map((row) => row.team_id);
}
