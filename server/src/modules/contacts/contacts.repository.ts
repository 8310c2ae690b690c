import { and, asc, desc, eq, getTableColumns, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { AccessAction } from "@relata/contracts";
import type { Db } from "../../db/connection";
import { auditLog, companies, contactMerges, contactPoints, contactRoles, contacts, users } from "../../db/schema";
import type { Tx } from "../../platform/events/unit-of-work";
import type { Actor } from "../../platform/access/actor";
import { accessCondition } from "../../platform/access/policy";
import { customSortCursorValue, customSortExpression, customSortKeyText, type CustomFieldDef } from "../../platform/custom-fields";
import { cappedTotal } from "../../platform/http/pagination";

type Executor = Db | Tx;
type After = (string | number | null)[] | undefined;

/** Contacts are client-owned: their primary company's placement decides who may see and change them. */
const companyAccessColumns = {
  ownerId: companies.ownerId,
  teamId: companies.teamId,
  orgUnitId: companies.orgUnitId,
  securityLevel: companies.securityLevel,
};

/** The contacts `actor` may `action` (the query must join their primary company). */
export const visibleContacts = (actor: Actor, action: AccessAction = "read") =>
  accessCondition(actor, "contact", action, companyAccessColumns);

/** Search entries of contacts take their visibility from the primary company (the entry's company id). */
export const searchScope = { table: companies, id: companies.id, access: companyAccessColumns };

const managers = alias(contacts, "manager");
const owners = alias(users, "owner");
const fullName = (table: typeof contacts) => sql<string>`btrim(${table.firstName} || ' ' || ${table.lastName})`;

/** A contact with what presenting and authorizing it needs: its company's name and placement, its manager's name. */
const contactSelection = {
  ...getTableColumns(contacts),
  companyName: companies.name,
  companyCountry: companies.country,
  ownerId: companies.ownerId,
  teamId: companies.teamId,
  orgUnitId: companies.orgUnitId,
  securityLevel: companies.securityLevel,
  reportsToName: sql<
    string | null
  >`CASE WHEN ${managers.id} IS NULL THEN NULL ELSE btrim(${managers.firstName} || ' ' || ${managers.lastName}) END`,
};

/** Contacts joined to their company and manager; `withKeys` adds the cursor values of a sort (lists and exports). */
function selectContacts(db: Executor) {
  return db
    .select(contactSelection)
    .from(contacts)
    .innerJoin(companies, eq(companies.id, contacts.companyId))
    .leftJoin(managers, eq(managers.id, contacts.reportsToId));
}

const keysArray = (keys: SQL<string | null>[]) => sql<(string | null)[]>`ARRAY[${sql.join(keys, sql`, `)}]::text[]`;

function selectWithKeys(db: Executor, keys: SQL<string | null>[]) {
  return db
    .select({ ...contactSelection, sortKeys: keysArray(keys) })
    .from(contacts)
    .innerJoin(companies, eq(companies.id, contacts.companyId))
    .leftJoin(managers, eq(managers.id, contacts.reportsToId));
}

export type ContactRow = NonNullable<Awaited<ReturnType<typeof findById>>>;

export async function findById(db: Executor, id: string) {
  const [row] = await selectContacts(db).where(eq(contacts.id, id));
  return row;
}

export async function findVisible(db: Executor, actor: Actor, id: string, action: AccessAction = "read") {
  const [row] = await selectContacts(db).where(and(eq(contacts.id, id), visibleContacts(actor, action)));
  return row;
}

/** Locks visible contacts (in id order, so two writers queue instead of deadlocking) and returns them. */
export async function lockVisible(db: Executor, actor: Actor, ids: string[]) {
  return selectContacts(db)
    .where(and(inArray(contacts.id, ids), visibleContacts(actor)))
    .orderBy(asc(contacts.id))
    .for("update", { of: contacts });
}

// ───────────────────────────── list ─────────────────────────────

export type ContactFilters = {
  companyId?: string | undefined;
  ownerId?: string | undefined;
  teamId?: string | undefined;
  orgUnitId?: string | undefined;
  /** Dimension keys: contacts holding any of them. */
  function?: string[] | undefined;
  clientUnit?: string[] | undefined;
  consentEmail?: boolean | undefined;
  consentSms?: boolean | undefined;
  consentCalls?: boolean | undefined;
  preferredLanguage?: string | undefined;
  preferredChannel?: string | undefined;
};

/** A resolved sort: a built-in one, or a custom field's typed expression (nullable). */
export type ContactSort =
  | { field: "name" | "company" | "updatedAt" | "createdAt"; descending: boolean }
  | { field: "custom"; def: CustomFieldDef; descending: boolean };

/** The `custom` column, for the custom-field filters the service builds. */
export const customColumn = contacts.custom;

export type ContactListOptions = {
  q?: string | undefined;
  filters: ContactFilters;
  /** Custom-field filters, already turned into SQL by the custom-fields platform. */
  custom?: SQL | undefined;
  sort: ContactSort;
};

const likeEscape = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The one WHERE of every contact list, count and export: the access condition, then the search
 * text and filters. A filter only narrows what the condition already allows.
 */
function listCondition(actor: Actor, options: ContactListOptions): SQL | undefined {
  const { q, filters } = options;
  const pattern = q ? sql`relata_fold(${likeEscape(q)})` : undefined;
  return and(
    visibleContacts(actor),
    pattern
      ? or(
          sql`${contacts.nameKey} LIKE '%' || ${pattern} || '%'`,
          sql`EXISTS (SELECT 1 FROM ${contactPoints} WHERE ${contactPoints.object} = 'contact' AND ${contactPoints.recordId} = ${contacts.id}
                AND ${contactPoints.kind} = 'email' AND ${contactPoints.value} LIKE lower(${likeEscape(q!)}) || '%')`,
        )
      : undefined,
    filters.companyId !== undefined
      ? or(
          eq(contacts.companyId, filters.companyId),
          sql`EXISTS (SELECT 1 FROM ${contactRoles} WHERE ${contactRoles.contactId} = ${contacts.id} AND ${contactRoles.companyId} = ${filters.companyId})`,
        )
      : undefined,
    filters.ownerId !== undefined ? eq(companies.ownerId, filters.ownerId) : undefined,
    filters.teamId !== undefined ? eq(companies.teamId, filters.teamId) : undefined,
    filters.orgUnitId !== undefined ? eq(companies.orgUnitId, filters.orgUnitId) : undefined,
    filters.function !== undefined ? inArray(contacts.function, filters.function.length > 0 ? filters.function : [""]) : undefined,
    filters.clientUnit !== undefined ? inArray(contacts.clientUnit, filters.clientUnit.length > 0 ? filters.clientUnit : [""]) : undefined,
    filters.consentEmail !== undefined ? eq(contacts.consentEmail, filters.consentEmail) : undefined,
    filters.consentSms !== undefined ? eq(contacts.consentSms, filters.consentSms) : undefined,
    filters.consentCalls !== undefined ? eq(contacts.consentCalls, filters.consentCalls) : undefined,
    filters.preferredLanguage !== undefined ? eq(contacts.preferredLanguage, filters.preferredLanguage) : undefined,
    filters.preferredChannel !== undefined ? eq(contacts.preferredChannel, filters.preferredChannel) : undefined,
    options.custom,
  );
}

const utcInstant = (column: typeof contacts.updatedAt | typeof contacts.createdAt) =>
  sql<string>`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * ORDER BY, the sort values as the cursor holds them (then the id), and the keyset condition
 * after a cursor. Built-in sorts compare rows; a custom field's value may be missing, so those
 * sort after every value in both directions and their cursor value is null.
 */
function keyset(sort: ContactSort, after: After) {
  const op = sort.descending ? sql`<` : sql`>`;
  const direction = (column: SQL | typeof contacts.id) => (sort.descending ? desc(column) : asc(column));
  const id = sql`${contacts.id}`;
  if (sort.field === "custom") {
    const expression = customSortExpression(contacts.custom, sort.def);
    const sortKeys = [customSortKeyText(contacts.custom, sort.def)];
    const order = [sql`${expression} ${sort.descending ? sql`DESC` : sql`ASC`} NULLS LAST`, direction(contacts.id)];
    let condition: SQL | undefined;
    if (after) {
      const [raw, lastId] = after as [string | null, string];
      // The service checked the cursor: a non-null value is one this field's type can hold.
      const value = customSortCursorValue(sort.def, raw)!;
      condition =
        raw === null
          ? sql`(${expression} IS NULL AND ${id} ${op} ${lastId}::uuid)`
          : sql`(${expression} ${op} ${value} OR (${expression} = ${value} AND ${id} ${op} ${lastId}::uuid) OR ${expression} IS NULL)`;
    }
    return { order, sortKeys, condition };
  }
  const columns: { column: SQL; key: SQL<string>; cast: SQL }[] = {
    name: [
      { column: sql`${contacts.lastName}`, key: sql<string>`${contacts.lastName}`, cast: sql`text` },
      { column: sql`${contacts.firstName}`, key: sql<string>`${contacts.firstName}`, cast: sql`text` },
    ],
    company: [
      { column: sql`${companies.name}`, key: sql<string>`${companies.name}`, cast: sql`text` },
      { column: sql`${contacts.lastName}`, key: sql<string>`${contacts.lastName}`, cast: sql`text` },
      { column: sql`${contacts.firstName}`, key: sql<string>`${contacts.firstName}`, cast: sql`text` },
    ],
    updatedAt: [{ column: sql`${contacts.updatedAt}`, key: utcInstant(contacts.updatedAt), cast: sql`timestamptz` }],
    createdAt: [{ column: sql`${contacts.createdAt}`, key: utcInstant(contacts.createdAt), cast: sql`timestamptz` }],
  }[sort.field];
  const order = [...columns.map((c) => direction(c.column)), direction(contacts.id)];
  let condition: SQL | undefined;
  if (after) {
    const values = after.slice(0, columns.length);
    const lastId = after[columns.length] as string;
    const left = sql.join([...columns.map((c) => c.column), id], sql`, `);
    const right = sql.join([...columns.map((c, i) => sql`${values[i]}::${c.cast}`), sql`${lastId}::uuid`], sql`, `);
    condition = sql`(${left}) ${op} (${right})`;
  }
  return { order, sortKeys: columns.map((c) => c.key), condition };
}

/** How many sort values a cursor of this sort holds before the id. */
export const cursorSize = (sort: ContactSort) => ({ name: 2, company: 3, updatedAt: 1, createdAt: 1, custom: 1 })[sort.field] + 1;

/** One page of visible contacts in keyset order; each row carries `sortKeys`, its cursor values before the id. */
export async function listVisible(db: Executor, actor: Actor, options: ContactListOptions & { limit: number; after?: After }) {
  const { order, sortKeys, condition } = keyset(options.sort, options.after);
  return selectWithKeys(db, sortKeys)
    .where(and(listCondition(actor, options), condition))
    .orderBy(...order)
    .limit(options.limit + 1);
}

/** The list's total, counted up to the cap (`cappedTotal`). */
export async function countVisible(db: Executor, actor: Actor, options: ContactListOptions) {
  return cappedTotal(
    db,
    db
      .select({ id: contacts.id })
      .from(contacts)
      .innerJoin(companies, eq(companies.id, contacts.companyId))
      .where(listCondition(actor, options))
      .getSQL(),
  );
}

/** A batch of the export: the list's rows with the company owner's name. */
export async function exportBatch(db: Executor, actor: Actor, options: ContactListOptions & { limit: number; after?: After }) {
  const { order, sortKeys, condition } = keyset(options.sort, options.after);
  return db
    .select({ ...contactSelection, sortKeys: keysArray(sortKeys), ownerName: owners.name })
    .from(contacts)
    .innerJoin(companies, eq(companies.id, contacts.companyId))
    .leftJoin(managers, eq(managers.id, contacts.reportsToId))
    .innerJoin(owners, eq(owners.id, companies.ownerId))
    .where(and(listCondition(actor, options), condition))
    .orderBy(...order)
    .limit(options.limit);
}
export type ContactExportRow = Awaited<ReturnType<typeof exportBatch>>[number];

// ───────────────────────────── roles ─────────────────────────────

const roleSelection = { ...getTableColumns(contactRoles), companyName: companies.name };

/**
 * The roles of these contacts at companies the actor may read (a role elsewhere would reveal a
 * company they cannot see), by company name.
 */
export async function rolesOf(db: Executor, actor: Actor, contactIds: string[]) {
  if (contactIds.length === 0) return [];
  return db
    .select(roleSelection)
    .from(contactRoles)
    .innerJoin(companies, eq(companies.id, contactRoles.companyId))
    .where(and(inArray(contactRoles.contactId, contactIds), accessCondition(actor, "company", "read", companyAccessColumns)))
    .orderBy(asc(companies.name), asc(contactRoles.startedOn), asc(contactRoles.id));
}
export type RoleRow = Awaited<ReturnType<typeof rolesOf>>[number];

/** Every role of a contact, whoever may see the companies (merges and moves work on all of them). */
export async function allRolesOf(db: Executor, contactId: string) {
  return db.select().from(contactRoles).where(eq(contactRoles.contactId, contactId));
}

export async function findRole(db: Executor, actor: Actor, contactId: string, roleId: string) {
  const [row] = await rolesOf(db, actor, [contactId]).then((rows) => rows.filter((row) => row.id === roleId));
  return row;
}

export async function insertRole(db: Executor, values: typeof contactRoles.$inferInsert) {
  const [row] = await db.insert(contactRoles).values(values).returning();
  return row!;
}

export async function updateRole(db: Executor, id: string, version: number, values: Partial<typeof contactRoles.$inferInsert>) {
  const [row] = await db
    .update(contactRoles)
    .set({ ...values, updatedAt: sql`now()`, version: sql`${contactRoles.version} + 1` })
    .where(and(eq(contactRoles.id, id), eq(contactRoles.version, version)))
    .returning();
  return row;
}

export async function deleteRole(db: Executor, id: string) {
  await db.delete(contactRoles).where(eq(contactRoles.id, id));
}

/** Roles of a contact at its (new) primary company: they would say the same thing twice. */
export async function deleteRolesAt(db: Executor, contactId: string, companyId: string) {
  return db
    .delete(contactRoles)
    .where(and(eq(contactRoles.contactId, contactId), eq(contactRoles.companyId, companyId)))
    .returning({ id: contactRoles.id });
}

/** Moves the roles of `fromId` to `intoId`, leaving out those at `skipCompanyId` (the target's primary company). */
export async function moveRoles(db: Executor, fromId: string, intoId: string, skipCompanyId: string) {
  await db.delete(contactRoles).where(and(eq(contactRoles.contactId, fromId), eq(contactRoles.companyId, skipCompanyId)));
  return db
    .update(contactRoles)
    .set({ contactId: intoId, updatedAt: sql`now()`, version: sql`${contactRoles.version} + 1` })
    .where(eq(contactRoles.contactId, fromId))
    .returning({ id: contactRoles.id, companyId: contactRoles.companyId });
}

// ───────────────────────────── companies ─────────────────────────────

/** A company as the contact rules need it: name, country (default for phone numbers) and placement. */
export async function findCompany(db: Executor, id: string) {
  const [row] = await db
    .select({
      id: companies.id,
      name: companies.name,
      country: companies.country,
      ...companyAccessColumns,
    })
    .from(companies)
    .where(eq(companies.id, id));
  return row;
}
export type CompanyRef = NonNullable<Awaited<ReturnType<typeof findCompany>>>;

// ───────────────────────────── writes ─────────────────────────────

export async function insertContact(db: Executor, values: typeof contacts.$inferInsert) {
  const [row] = await db.insert(contacts).values(values).returning({ id: contacts.id });
  return row!.id;
}

export async function updateContact(db: Executor, id: string, version: number, values: Partial<typeof contacts.$inferInsert>) {
  const [row] = await db
    .update(contacts)
    .set({ ...values, updatedAt: sql`now()`, version: sql`${contacts.version} + 1` })
    .where(and(eq(contacts.id, id), eq(contacts.version, version)))
    .returning({ id: contacts.id });
  return row !== undefined;
}

export async function deleteContact(db: Executor, id: string) {
  await db.delete(contacts).where(eq(contacts.id, id));
}

/**
 * Serializes reports-to changes within one company: two concurrent changes could otherwise each
 * pass the cycle check and together close a loop.
 */
export async function lockReportingLines(db: Executor, companyId: string) {
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended('contacts.reports_to:' || ${companyId}, 0))`);
}

/** The chain of managers above `id` (itself first), stopping at a repeat. */
export async function managerChain(db: Executor, id: string) {
  const result = await db.execute<{ id: string }>(sql`
    WITH RECURSIVE chain(id, depth, path) AS (
      SELECT id, 0, ARRAY[id] FROM contacts WHERE id = ${id}
      UNION ALL
      SELECT c.reports_to_id, chain.depth + 1, chain.path || c.reports_to_id
      FROM chain JOIN contacts c ON c.id = chain.id
      WHERE c.reports_to_id IS NOT NULL AND NOT c.reports_to_id = ANY(chain.path) AND chain.depth < 10000
    )
    SELECT id FROM chain ORDER BY depth`);
  return result.rows.map((row) => row.id);
}

/**
 * Clears the reports-to of the contacts that report to `managerId` from outside `companyId`
 * (after a move or a merge); returns them with their companies for events.
 */
export async function clearOutsideReports(db: Executor, managerId: string, companyId: string) {
  return db
    .update(contacts)
    .set({ reportsToId: null, updatedAt: sql`now()`, version: sql`${contacts.version} + 1` })
    .where(and(eq(contacts.reportsToId, managerId), ne(contacts.companyId, companyId)))
    .returning({ id: contacts.id, companyId: contacts.companyId });
}

/** Clears the reports-to of everyone reporting to `managerId` (it is being deleted). */
export async function clearReports(db: Executor, managerId: string) {
  return db
    .update(contacts)
    .set({ reportsToId: null, updatedAt: sql`now()`, version: sql`${contacts.version} + 1` })
    .where(eq(contacts.reportsToId, managerId))
    .returning({ id: contacts.id, companyId: contacts.companyId });
}

/** Points the reports of `fromId` at `intoId` (a merge); those outside `intoId`'s company lose theirs. */
export async function repointReports(db: Executor, fromId: string, intoId: string, companyId: string) {
  const cleared = await clearOutsideReports(db, fromId, companyId);
  const moved = await db
    .update(contacts)
    .set({
      reportsToId: sql`CASE WHEN ${contacts.id} = ${intoId} THEN NULL ELSE ${intoId}::uuid END`,
      updatedAt: sql`now()`,
      version: sql`${contacts.version} + 1`,
    })
    .where(eq(contacts.reportsToId, fromId))
    .returning({ id: contacts.id, companyId: contacts.companyId });
  return [...cleared, ...moved];
}

/** Placement of the companies of these contacts (to address events of contacts changed in passing). */
export async function accessOfCompanies(db: Executor, companyIds: string[]) {
  if (companyIds.length === 0) return [];
  return db
    .select({ id: companies.id, ...companyAccessColumns })
    .from(companies)
    .where(inArray(companies.id, [...new Set(companyIds)]));
}

export async function recordMerge(db: Executor, values: typeof contactMerges.$inferInsert) {
  // Earlier merges into the source now lead to the target.
  await db.update(contactMerges).set({ intoId: values.intoId }).where(eq(contactMerges.intoId, values.mergedId));
  await db.insert(contactMerges).values(values);
}

/** The company name shown under each of its (or their) contacts' search hits, after the company was renamed. */
export async function refreshSearchSubtitles(db: Executor, companyIds: string | readonly string[]) {
  const ids = typeof companyIds === "string" ? [companyIds] : [...companyIds];
  await db.execute(sql`
    UPDATE search_entries se SET subtitle = c.name, updated_at = now()
    FROM ${companies} c
    WHERE c.id = ANY(${sql.param(ids)}::uuid[]) AND se.company_id = c.id AND se.object = 'contact' AND se.subtitle IS DISTINCT FROM c.name`);
}

// ───────────────────────────── org chart, duplicates on import ─────────────────────────────

/** The people of a company the actor may see: its own contacts and holders of a role there. */
export async function orgChart(db: Executor, actor: Actor, companyId: string) {
  return db
    .select({
      id: contacts.id,
      fullName: fullName(contacts),
      companyId: contacts.companyId,
      title: contacts.title,
      department: contacts.department,
      reportsToId: contacts.reportsToId,
      roleTitle: sql<
        string | null
      >`(SELECT r.title FROM ${contactRoles} r WHERE r.contact_id = ${contacts.id} AND r.company_id = ${companyId}
        ORDER BY r.started_on DESC NULLS LAST LIMIT 1)`,
      roleDepartment: sql<
        string | null
      >`(SELECT r.department FROM ${contactRoles} r WHERE r.contact_id = ${contacts.id} AND r.company_id = ${companyId}
        ORDER BY r.started_on DESC NULLS LAST LIMIT 1)`,
    })
    .from(contacts)
    .innerJoin(companies, eq(companies.id, contacts.companyId))
    .where(
      and(
        visibleContacts(actor),
        or(
          eq(contacts.companyId, companyId),
          sql`EXISTS (SELECT 1 FROM ${contactRoles} WHERE ${contactRoles.contactId} = ${contacts.id} AND ${contactRoles.companyId} = ${companyId})`,
        ),
      ),
    )
    .orderBy(asc(contacts.lastName), asc(contacts.firstName), asc(contacts.id))
    .limit(5_000);
}

/**
 * Exact matches for an imported card among the contacts the actor may see: one of the same
 * company with the same folded name, or any holding one of the emails. Exact only, so an import
 * skips true repeats and never merely similar people; scoped, so "skipped" reveals nothing hidden.
 */
export async function exactMatch(db: Executor, actor: Actor, companyId: string, firstName: string, lastName: string, emails: string[]) {
  const byName = sql`${contacts.companyId} = ${companyId} AND ${contacts.nameKey} = relata_fold(btrim(${firstName}::text || ' ' || ${lastName}::text))`;
  const byEmail =
    emails.length > 0
      ? sql`EXISTS (SELECT 1 FROM ${contactPoints} WHERE ${contactPoints.object} = 'contact' AND ${contactPoints.recordId} = ${contacts.id}
          AND ${contactPoints.kind} = 'email' AND ${contactPoints.value} IN (${sql.join(
            emails.map((email) => sql`${email}`),
            sql`, `,
          )}))`
      : sql`false`;
  const [row] = await db
    .select({ id: contacts.id })
    .from(contacts)
    .innerJoin(companies, eq(companies.id, contacts.companyId))
    .where(and(visibleContacts(actor), sql`((${byName}) OR ${byEmail})`))
    .limit(1);
  return row?.id;
}

/** Ids of the contacts merged into this one (their history belongs to it now). */
export async function mergedIds(db: Executor, intoId: string) {
  const rows = await db.select({ id: contactMerges.mergedId }).from(contactMerges).where(eq(contactMerges.intoId, intoId));
  return rows.map((row) => row.id);
}

/**
 * The roles these contacts ever held (removed ones too, so from the audit trail's inserts) at
 * companies the actor may read: a role elsewhere would reveal a company they cannot see. A role
 * that still exists counts at its company now (a company merge moves it).
 */
export async function roleIdsInHistory(db: Executor, actor: Actor, contactIds: string[]) {
  const result = await db.execute<{ id: string }>(sql`
    SELECT DISTINCT a.record_id AS id
      FROM ${auditLog} a
      LEFT JOIN ${contactRoles} r ON r.id::text = a.record_id
      JOIN ${companies} ON ${companies.id} = coalesce(r.company_id, (a.after ->> 'company_id')::uuid)
     WHERE a.table_name = 'contact_roles' AND a.operation = 'insert'
       AND a.after ->> 'contact_id' IN (${sql.join(
         contactIds.map((id) => sql`${id}`),
         sql`, `,
       )})
       AND ${accessCondition(actor, "company", "read", companyAccessColumns)}`);
  return result.rows.map((row) => row.id);
}
