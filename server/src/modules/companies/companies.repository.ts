import { and, asc, count, desc, eq, getTableColumns, inArray, sql, type SQL } from "drizzle-orm";
import { alias, type AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../../db/connection";
import {
  companies,
  companyMerges,
  companyStageChanges,
  contactPoints,
  contactRoles,
  contacts,
  gradeRankOf,
  gradeRules,
  orgUnits,
  searchEntries,
  stageRankOf,
  teamMembers,
  teams,
  users,
} from "../../db/schema";
import type { Tx } from "../../platform/events/unit-of-work";
import type { Actor } from "../../platform/access/actor";
import { accessCondition } from "../../platform/access/policy";
import { customSortCursorValue, customSortExpression, customSortKeyText, type CustomFieldDef } from "../../platform/custom-fields";
import { cappedTotal } from "../../platform/http/pagination";
import { companyGrades, type AccessAction } from "@relata/contracts";
import { inRegions } from "../dimensions";

type Executor = Db | Tx;
export type CompanyRow = typeof companies.$inferSelect;
export type CompanyInsert = typeof companies.$inferInsert;
/** A company with the name of its owner (what the API presents). */
export type CompanyView = CompanyRow & { ownerName: string };

export const accessColumns = {
  ownerId: companies.ownerId,
  teamId: companies.teamId,
  orgUnitId: companies.orgUnitId,
  securityLevel: companies.securityLevel,
};

/** The companies `actor` may `action`: the one scope fragment every company query uses. */
export const visibleCompanies = (actor: Actor, action: AccessAction = "read") => accessCondition(actor, "company", action, accessColumns);

const owners = alias(users, "owner");
const viewColumns = { ...getTableColumns(companies), ownerName: owners.name };

/** The effective grade: the manual override wins over what the rules assign. */
export const effectiveGrade = sql<string | null>`coalesce(${companies.gradeOverride}, ${companies.grade})`;
/** Lifecycle and grade sort in their own order (lead → former; key → C), not alphabetically. */
const stageRank = stageRankOf(companies.stage);
const gradeOrder = sql.raw(`ARRAY[${companyGrades.map((g) => `'${g}'`).join(",")}]::text[]`);
const gradeRank = gradeRankOf(companies.gradeOverride, companies.grade);

export type CompanyFilters = {
  ownerId?: string | undefined;
  teamId?: string | undefined;
  orgUnitId?: string | undefined;
  securityLevel?: number | undefined;
  kind?: string[] | undefined;
  stage?: string[] | undefined;
  status?: string[] | undefined;
  grade?: string[] | undefined;
  sizeBand?: string[] | undefined;
  country?: string[] | undefined;
  industry?: string | undefined;
  category?: string | undefined;
  /** Dimension keys: companies holding any of them; `region`: companies in a country of these regions. */
  lineOfBusiness?: string[] | undefined;
  clientUnit?: string[] | undefined;
  region?: string[] | undefined;
  /** Custom-field filters, already built (and validated) from the field definitions. */
  custom?: SQL | undefined;
};

/** What a list is sorted by: a built-in column, or a custom field (sorted by its type, see custom-fields.query). */
export type CompanySortSpec = { descending: boolean } & (
  { field: "name" | "updatedAt" | "createdAt" | "stage" | "grade" | "country" } | { field: "custom"; def: CustomFieldDef }
);
export type CompanyListOptions = { q?: string | undefined; filters: CompanyFilters; sort: CompanySortSpec };
export type CursorValues = (string | number | null)[];

/** `q` as a LIKE pattern that matches anywhere, accents and case ignored (backed by a trigram index). */
const likeEscape = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);
const folded = (column: SQL | AnyPgColumn) => sql`relata_fold(${column})`;
const contains = (column: AnyPgColumn, text: string) => sql`${folded(column)} LIKE '%' || relata_fold(${likeEscape(text)}) || '%'`;
const oneOf = (column: SQL | AnyPgColumn, values: string[] | undefined) =>
  values === undefined ? undefined : values.length === 0 ? sql`false` : inArray(column as AnyPgColumn, values);

/**
 * The one WHERE of every company list, count and export: the access condition, then the search
 * text and filters. A filter only narrows what the condition already allows.
 */
function listCondition(actor: Actor, options: CompanyListOptions): SQL | undefined {
  const { q, filters } = options;
  return and(
    visibleCompanies(actor),
    q ? contains(companies.name, q) : undefined,
    filters.ownerId !== undefined ? eq(companies.ownerId, filters.ownerId) : undefined,
    filters.teamId !== undefined ? eq(companies.teamId, filters.teamId) : undefined,
    filters.orgUnitId !== undefined ? eq(companies.orgUnitId, filters.orgUnitId) : undefined,
    filters.securityLevel !== undefined ? eq(companies.securityLevel, filters.securityLevel) : undefined,
    oneOf(companies.kind, filters.kind),
    oneOf(companies.stage, filters.stage),
    oneOf(companies.status, filters.status),
    filters.grade === undefined
      ? undefined
      : sql`${effectiveGrade} IN (${sql.join(
          filters.grade.map((g) => sql`${g}`),
          sql`, `,
        )})`,
    oneOf(companies.sizeBand, filters.sizeBand),
    oneOf(companies.country, filters.country),
    filters.industry ? contains(companies.industry, filters.industry) : undefined,
    filters.category ? contains(companies.category, filters.category) : undefined,
    oneOf(companies.lineOfBusiness, filters.lineOfBusiness),
    oneOf(companies.clientUnit, filters.clientUnit),
    filters.region !== undefined ? inRegions(companies.country, filters.region) : undefined,
    filters.custom,
  );
}

const instant = (column: AnyPgColumn) => sql<string>`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * ORDER BY, the sort value as the cursor holds it, and the keyset condition after a cursor
 * `[value, id]`. Ties are broken by id; empty values (nullable columns, custom fields) come last
 * in both directions, and a cursor holding null continues among them by id.
 */
function keyset(sort: CompanySortSpec, after: CursorValues | undefined) {
  const { expression, sortKey, nullable, typed: typedValue } = sortColumn(sort);
  const direction = sort.descending ? sql`DESC` : sql`ASC`;
  // NULLS LAST only where there can be nulls: DESC NULLS LAST on a NOT NULL column would not match
  // a backward scan of its (column, id) index, and the page would sort the whole visible table.
  const order = [
    nullable ? sql`${expression} ${direction} NULLS LAST` : sql`${expression} ${direction}`,
    sort.descending ? desc(companies.id) : asc(companies.id),
  ];
  let condition: SQL | undefined;
  if (after) {
    const [value, id] = after as [string | number | null, string];
    const beyond = sort.descending ? sql`<` : sql`>`;
    const afterId = sql`${companies.id} ${beyond} ${id}::uuid`;
    if (value === null) condition = sql`(${expression} IS NULL AND ${afterId})`;
    else {
      const typed = typedValue(value);
      condition = nullable
        ? sql`(${expression} ${beyond} ${typed} OR (${expression} = ${typed} AND ${afterId}) OR ${expression} IS NULL)`
        : sql`(${expression}, ${companies.id}) ${beyond} (${typed}, ${id}::uuid)`;
    }
  }
  return { order, sortKey, condition };
}

/** A cursor's sort value typed like the sort expression (the service checked it fits). */
const cast = (type: string) => (value: string | number) => sql`${value}::${sql.raw(type)}`;

function sortColumn(sort: CompanySortSpec): {
  expression: SQL | AnyPgColumn;
  sortKey: SQL<string | number | null>;
  nullable: boolean;
  typed: (value: string | number) => SQL;
} {
  switch (sort.field) {
    case "name":
      return { expression: companies.name, sortKey: sql`${companies.name}`, nullable: false, typed: cast("text") };
    case "updatedAt":
      return { expression: companies.updatedAt, sortKey: instant(companies.updatedAt), nullable: false, typed: cast("timestamptz") };
    case "createdAt":
      return { expression: companies.createdAt, sortKey: instant(companies.createdAt), nullable: false, typed: cast("timestamptz") };
    case "stage":
      return { expression: stageRank, sortKey: stageRank, nullable: false, typed: cast("integer") };
    case "grade":
      return { expression: gradeRank, sortKey: gradeRank, nullable: true, typed: cast("integer") };
    case "country":
      return { expression: companies.country, sortKey: sql`${companies.country}`, nullable: true, typed: cast("text") };
    case "custom":
      return {
        expression: customSortExpression(companies.custom, sort.def),
        sortKey: customSortKeyText(companies.custom, sort.def),
        nullable: true,
        typed: (value) => customSortCursorValue(sort.def, value)!,
      };
  }
}

/**
 * One page of visible companies in keyset order. Each row carries `sortKey`, its sort value as
 * the cursor needs it: timestamps to the microsecond (a JS Date keeps milliseconds only, which
 * repeated or skipped rows at page edges).
 */
export async function listVisible(
  db: Executor,
  actor: Actor,
  options: CompanyListOptions & { limit: number; after?: CursorValues | undefined },
) {
  const { order, sortKey, condition } = keyset(options.sort, options.after);
  return db
    .select({ ...viewColumns, sortKey })
    .from(companies)
    .innerJoin(owners, eq(owners.id, companies.ownerId))
    .where(and(listCondition(actor, options), condition))
    .orderBy(...order)
    .limit(options.limit + 1);
}

/** The list's total, counted up to the cap (`cappedTotal`). */
export async function countVisible(db: Executor, actor: Actor, options: CompanyListOptions) {
  return cappedTotal(db, db.select({ id: companies.id }).from(companies).where(listCondition(actor, options)).getSQL());
}

/** A batch of the export: the list's rows with the names of owner, team and org unit beside their ids. */
export async function exportBatch(
  db: Executor,
  actor: Actor,
  options: CompanyListOptions & { limit: number; after?: CursorValues | undefined },
) {
  const { order, sortKey, condition } = keyset(options.sort, options.after);
  return db
    .select({ ...viewColumns, sortKey, teamName: teams.name, orgUnitName: orgUnits.name })
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

export async function findVisible(db: Executor, actor: Actor, id: string, action: AccessAction = "read"): Promise<CompanyView | undefined> {
  const [row] = await db
    .select(viewColumns)
    .from(companies)
    .innerJoin(owners, eq(owners.id, companies.ownerId))
    .where(and(eq(companies.id, id), visibleCompanies(actor, action)));
  return row;
}

/** A company the actor may read, locked for the rest of the transaction. */
export async function lockVisibleOne(db: Executor, actor: Actor, id: string) {
  const [row] = await db
    .select()
    .from(companies)
    .where(and(eq(companies.id, id), visibleCompanies(actor)))
    .for("update");
  return row;
}

export async function findView(db: Executor, id: string): Promise<CompanyView | undefined> {
  const [row] = await db
    .select(viewColumns)
    .from(companies)
    .innerJoin(owners, eq(owners.id, companies.ownerId))
    .where(eq(companies.id, id));
  return row;
}

export async function insertCompany(db: Executor, values: CompanyInsert) {
  const [row] = await db.insert(companies).values(values).returning();
  return row!;
}

/** Values of an update: stored values, or SQL (e.g. `now()` for the stage date, the same instant as the history row). */
export type CompanyUpdate = { [K in keyof CompanyInsert]?: CompanyInsert[K] | SQL };

export async function updateCompany(db: Executor, id: string, version: number, values: CompanyUpdate) {
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

export async function findUser(db: Executor, id: string) {
  const [row] = await db.select({ id: users.id, name: users.name, active: users.active }).from(users).where(eq(users.id, id));
  return row;
}

export async function teamExists(db: Executor, id: string) {
  const [row] = await db.select({ id: teams.id }).from(teams).where(eq(teams.id, id));
  return row !== undefined;
}

/** The user's teams in name order (their "first team" is where handed-over records go). */
export async function userTeamIds(db: Executor, userId: string) {
  const rows = await db
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(eq(teamMembers.userId, userId))
    .orderBy(asc(teams.name), asc(teams.id));
  return rows.map((row) => row.teamId);
}

// ---------------------------------------------------------------------------------------------
// Lifecycle stages and grades

export async function insertStageChange(
  db: Executor,
  companyId: string,
  fromStage: string | null,
  toStage: string,
  changedBy: string | null,
) {
  await db.insert(companyStageChanges).values({ companyId, fromStage, toStage, changedBy });
}

export async function stageChanges(db: Executor, companyId: string) {
  return db
    .select({
      id: companyStageChanges.id,
      fromStage: companyStageChanges.fromStage,
      toStage: companyStageChanges.toStage,
      changedAt: companyStageChanges.changedAt,
      changedBy: companyStageChanges.changedBy,
      changedByName: users.name,
    })
    .from(companyStageChanges)
    .leftJoin(users, eq(users.id, companyStageChanges.changedBy))
    .where(eq(companyStageChanges.companyId, companyId))
    .orderBy(asc(companyStageChanges.changedAt), asc(companyStageChanges.id));
}

/**
 * Revenue of a company over the last 12 months, as SQL over its id; later modules (billing)
 * replace it. The id is a column of the enclosing query: alias the tables the source reads
 * (`FROM invoices i WHERE i.company_id = ${id}`) so the name cannot be captured.
 */
export type RevenueSource = (companyId: SQL | AnyPgColumn) => SQL;
let revenue12m: RevenueSource = () => sql`0::numeric`;
export function setRevenue12mSource(source: RevenueSource) {
  revenue12m = source;
}

/**
 * The grade the rules assign to a company with this id, stage and stage date: the best enabled
 * rule whose thresholds it meets. Tenure counts only while the company is a customer, from its
 * latest change to customer — which, while it is a customer, is its `stage_changed_at`.
 */
function assignedGrade(company: { id: SQL | AnyPgColumn; stage: SQL | AnyPgColumn; stageChangedAt: SQL | AnyPgColumn }) {
  return sql<string | null>`(SELECT r.grade FROM ${gradeRules} r
    WHERE r.enabled
      AND (r.min_revenue_12m IS NULL OR ${revenue12m(company.id)} >= r.min_revenue_12m)
      AND (r.min_tenure_months IS NULL OR (${company.stage} = 'customer' AND ${company.stageChangedAt} <= now() - make_interval(months => r.min_tenure_months)))
    ORDER BY array_position(${gradeOrder}, r.grade) LIMIT 1)`;
}

/** The grade the rules give a company about to be saved with this stage (and stage date, now if it changes). */
export async function gradeFor(db: Executor, company: { id: string; stage: string; stageChangedAt: Date | "now" }) {
  const changedAt = company.stageChangedAt === "now" ? sql`now()` : sql`${company.stageChangedAt.toISOString()}::timestamptz`;
  const result = await db.execute<{ grade: string | null }>(
    sql`SELECT ${assignedGrade({ id: sql`${company.id}::uuid`, stage: sql`${company.stage}::text`, stageChangedAt: changedAt })} AS grade`,
  );
  return result.rows[0]?.grade ?? null;
}

/** The assigned grade of every company (or of these) from the current rules, in one statement; returns how many changed. */
export async function recomputeGrades(db: Executor, ids?: string[]) {
  if (ids?.length === 0) return 0;
  // No self-join: joined to itself, the planner read every company to re-grade an import's thousand.
  const grade = assignedGrade(companies);
  const result = await db.execute(sql`UPDATE ${companies} SET grade = ${grade}
    WHERE ${companies.grade} IS DISTINCT FROM ${grade} ${ids ? sql`AND ${inArray(companies.id, ids)}` : sql``}`);
  return result.rowCount ?? 0;
}

export async function loadGradeRules(db: Executor) {
  return db
    .select()
    .from(gradeRules)
    .orderBy(sql`array_position(${gradeOrder}, ${gradeRules.grade})`);
}

/**
 * The rules are one setting behind one transaction-scoped lock: writers of the rules take it
 * exclusively, writers of companies shared (before they lock any company row, so the two
 * cannot deadlock). A company saved while the rules change is graded by the new rules, or
 * re-graded by their change — never left with a grade from rules that no longer hold.
 */
export async function lockGradeRules(db: Executor, mode: "exclusive" | "shared") {
  await db.execute(
    mode === "exclusive"
      ? sql`SELECT pg_advisory_xact_lock(hashtext('relata.grade_rules'))`
      : sql`SELECT pg_advisory_xact_lock_shared(hashtext('relata.grade_rules'))`,
  );
}

export async function writeGradeRules(
  db: Executor,
  version: number,
  rules: { grade: string; minRevenue12m: string | null; minTenureMonths: number | null; enabled: boolean }[],
) {
  await db
    .insert(gradeRules)
    .values(rules.map((rule) => ({ ...rule, version })))
    .onConflictDoUpdate({
      target: gradeRules.grade,
      set: {
        minRevenue12m: sql`excluded.min_revenue_12m`,
        minTenureMonths: sql`excluded.min_tenure_months`,
        enabled: sql`excluded.enabled`,
        version: sql`excluded.version`,
        updatedAt: sql`now()`,
      },
    });
}

// ---------------------------------------------------------------------------------------------
// Contacts as a company sees them (reads and the moves of a merge; the contacts module writes them)

export async function contactIdsOf(db: Executor, companyId: string) {
  const rows = await db.select({ id: contacts.id }).from(contacts).where(eq(contacts.companyId, companyId)).orderBy(asc(contacts.id));
  return rows.map((row) => row.id);
}

export async function countContacts(db: Executor, companyIds: string[]) {
  if (companyIds.length === 0) return 0;
  const [row] = await db.select({ n: count() }).from(contacts).where(inArray(contacts.companyId, companyIds));
  return Number(row?.n ?? 0);
}

// ---------------------------------------------------------------------------------------------
// Merge

/** Two companies locked in id order (merges of the same pair, either way round, queue). */
export async function lockPair(db: Executor, ids: [string, string]) {
  return db.select().from(companies).where(inArray(companies.id, ids)).orderBy(asc(companies.id)).for("update");
}

/** Contacts whose primary company is the source, and roles held there, move to the target. */
export async function moveContacts(db: Executor, sourceId: string, targetId: string) {
  const moved = await db
    .update(contacts)
    .set({ companyId: targetId })
    .where(eq(contacts.companyId, sourceId))
    .returning({ id: contacts.id });
  await db.update(contactRoles).set({ companyId: targetId }).where(eq(contactRoles.companyId, sourceId));
  return moved.map((row) => row.id);
}

/** The source's normalized contact points join the target's (duplicate checks still find the old identity). */
export async function moveCompanyPoints(db: Executor, sourceId: string, targetId: string) {
  await db.execute(sql`INSERT INTO ${contactPoints} (object, record_id, kind, value)
    SELECT object, ${targetId}::uuid, kind, value FROM ${contactPoints} WHERE object = 'company' AND record_id = ${sourceId}::uuid
    ON CONFLICT DO NOTHING`);
  await deleteCompanyPoints(db, sourceId);
}

export async function addCompanyPoints(db: Executor, companyId: string, points: { kind: string; value: string }[]) {
  if (points.length === 0) return;
  await db
    .insert(contactPoints)
    .values(points.map((point) => ({ object: "company", recordId: companyId, ...point })))
    .onConflictDoNothing();
}

export async function deleteCompanyPoints(db: Executor, companyId: string) {
  await db.delete(contactPoints).where(and(eq(contactPoints.object, "company"), eq(contactPoints.recordId, companyId)));
}

/** After a handover: the owner shown beside the companies in search. */
export async function setSearchSubtitle(db: Executor, companyIds: string[], subtitle: string) {
  if (companyIds.length === 0) return;
  await db
    .update(searchEntries)
    .set({ subtitle })
    .where(and(eq(searchEntries.object, "company"), inArray(searchEntries.recordId, companyIds)));
}

export async function recordMerge(db: Executor, values: typeof companyMerges.$inferInsert) {
  // Earlier merges into the source now point at the target (their links keep resolving).
  await db.update(companyMerges).set({ intoId: values.intoId }).where(eq(companyMerges.intoId, values.mergedId));
  await db.insert(companyMerges).values(values);
}

export async function mergedInto(db: Executor, mergedId: string) {
  const [row] = await db.select({ intoId: companyMerges.intoId }).from(companyMerges).where(eq(companyMerges.mergedId, mergedId));
  return row?.intoId;
}

/** Ids of the companies merged into this one (their history is part of its history). */
export async function mergedIds(db: Executor, intoId: string) {
  const rows = await db.select({ id: companyMerges.mergedId }).from(companyMerges).where(eq(companyMerges.intoId, intoId));
  return rows.map((row) => row.id);
}

// ---------------------------------------------------------------------------------------------
// Handover

/** Every company of `ownerId`, locked in id order. */
export async function lockOwnedBy(db: Executor, ownerId: string) {
  return db.select().from(companies).where(eq(companies.ownerId, ownerId)).orderBy(asc(companies.id)).for("update");
}

/** Moves these companies to a new owner, team and org unit in one statement (each row audited). */
export async function reassign(
  db: Executor,
  ids: string[],
  placement: { ownerId: string; teamId: string | null; orgUnitId: string | null },
) {
  if (ids.length === 0) return [];
  return db
    .update(companies)
    .set({ ...placement, updatedAt: sql`now()`, version: sql`${companies.version} + 1` })
    .where(inArray(companies.id, ids))
    .returning();
}

/** A company the actor may read, with its placement (what deciding other rights on it needs) and currency. */
export async function findVisiblePlacement(db: Executor, actor: Actor, id: string) {
  const [row] = await db
    .select({ id: companies.id, currency: companies.currency, ...accessColumns })
    .from(companies)
    .where(and(eq(companies.id, id), visibleCompanies(actor)));
  return row;
}
