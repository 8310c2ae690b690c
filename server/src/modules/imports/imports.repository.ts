/**
 * The only place with the imports' queries. Besides the import's own tables it writes companies
 * and contacts directly, in multi-row statements (jsonb_to_recordset): a documented exception to
 * "each module writes its own tables", for speed — an import writes a million rows, the record
 * modules' services one at a time. The rows are validated with the same contracts and custom
 * field rules as the services; audit triggers fire for every row as usual.
 */
import { and, asc, desc, eq, getTableColumns, inArray, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { ImportMapping } from "@relata/contracts";
import type { Db } from "../../db/connection";
import {
  companies,
  companyStageChanges,
  contactPoints,
  contacts,
  importErrors,
  importMappings,
  imports,
  teamMembers,
  users,
} from "../../db/schema";
import type { Tx } from "../../platform/events/unit-of-work";
import type { FieldProblem } from "../../platform/errors";

type Executor = Db | Tx;
export type ImportRow = typeof imports.$inferSelect;
export type ImportInsert = typeof imports.$inferInsert;
export type CompanyRow = typeof companies.$inferSelect;
export type ContactRow = typeof contacts.$inferSelect;

/** One parameter holding a whole batch as JSON: one statement per batch, whatever its size. */
const recordset = (rows: readonly object[]) => sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)`;
const textArray = (values: readonly string[]) => sql`${sql.param([...values])}::text[]`;
const uuidArray = (values: readonly string[]) => sql`${sql.param([...values])}::uuid[]`;
/** The registration number as the companies index holds it (letters and digits, upper case). */
const registrationKey = (value: SQL | typeof companies.registrationNumber) => sql`upper(regexp_replace(${value}, '[^0-9A-Za-z]', '', 'g'))`;

// ─── imports ─────────────────────────────────────────────────────────────────

export async function insertImport(tx: Executor, values: ImportInsert) {
  const [row] = await tx.insert(imports).values(values).returning();
  return row!;
}

export async function findImport(db: Executor, id: string) {
  const [row] = await db.select().from(imports).where(eq(imports.id, id));
  return row;
}

/** The import if `userId` created it (another user's import does not exist for them). */
export async function findOwnImport(db: Executor, userId: string, id: string) {
  const [row] = await db
    .select()
    .from(imports)
    .where(and(eq(imports.id, id), eq(imports.createdBy, userId)));
  return row;
}

export async function lockImport(tx: Executor, id: string) {
  const [row] = await tx.select().from(imports).where(eq(imports.id, id)).for("update");
  return row;
}

/** Changes an import (optionally only at `version`); bumps version and updated_at. */
export async function updateImport(tx: Executor, id: string, values: Partial<ImportInsert>, version?: number) {
  const [row] = await tx
    .update(imports)
    .set({ ...values, updatedAt: sql`now()`, version: sql`${imports.version} + 1` })
    .where(and(eq(imports.id, id), version !== undefined ? eq(imports.version, version) : undefined))
    .returning();
  return row;
}

const createdAtKey = sql<string>`to_char(${imports.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The user's imports, newest first (keyset: created_at, id). */
export async function listOwnImports(db: Executor, userId: string, limit: number, after?: [string, string]) {
  return db
    .select({ ...getTableColumns(imports), sortKey: createdAtKey })
    .from(imports)
    .where(
      and(
        eq(imports.createdBy, userId),
        after ? sql`(${imports.createdAt}, ${imports.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(imports.createdAt), desc(imports.id))
    .limit(limit + 1);
}

/** Imports a worker should be running: after a restart they are queued again. */
export async function unfinishedImportIds(db: Executor) {
  const rows = await db
    .select({ id: imports.id })
    .from(imports)
    .where(inArray(imports.status, ["queued", "running"]));
  return rows.map((row) => row.id);
}

/**
 * Which of these stored files an import still reads: one queued or running, or one changed in
 * the last `days` that can still be started or resumed (uploaded, failed, cancelled, a dry run)
 * or whose errors.csv shows the failed rows' cells (done with errors).
 */
export async function filesInUse(db: Executor, hashes: readonly string[], days: number) {
  if (hashes.length === 0) return new Set<string>();
  const rows = await db
    .selectDistinct({ hash: imports.fileHash })
    .from(imports)
    .where(
      and(
        sql`${imports.fileHash} = ANY(${textArray(hashes)})`,
        sql`(${imports.status} IN ('queued', 'running')
             OR (${imports.updatedAt} > now() - make_interval(days => ${days})
                 AND (${imports.status} <> 'done' OR ${imports.dryRun} OR ${imports.errorRows} > 0)))`,
      ),
    );
  return new Set(rows.map((row) => row.hash));
}

export async function insertImportErrors(tx: Executor, importId: string, errors: readonly (FieldProblem & { line: number })[]) {
  if (errors.length === 0) return;
  await tx.execute(sql`
    INSERT INTO ${importErrors} (import_id, line, field, message)
    SELECT ${importId}::uuid, r.line, r.field, r.message FROM ${recordset(errors)} AS r(line int, field text, message text)
    ON CONFLICT DO NOTHING`);
}

export async function clearImportErrors(tx: Executor, importId: string) {
  await tx.delete(importErrors).where(eq(importErrors.importId, importId));
}

/** A page of an import's errors in line order (keyset: line, field). */
export async function listImportErrors(db: Executor, importId: string, limit: number, after?: [number, string]) {
  return db
    .select({ line: importErrors.line, field: importErrors.field, message: importErrors.message })
    .from(importErrors)
    .where(
      and(
        eq(importErrors.importId, importId),
        after ? sql`(${importErrors.line}, ${importErrors.field}) > (${after[0]}::int, ${after[1]}::text)` : undefined,
      ),
    )
    .orderBy(asc(importErrors.line), asc(importErrors.field))
    .limit(limit);
}

// ─── saved mappings ──────────────────────────────────────────────────────────

export async function listMappings(db: Executor, userId: string, object?: string) {
  return db
    .select()
    .from(importMappings)
    .where(and(eq(importMappings.userId, userId), object !== undefined ? eq(importMappings.object, object) : undefined))
    .orderBy(desc(importMappings.createdAt), desc(importMappings.id));
}

export async function insertMapping(tx: Executor, values: { userId: string; object: string; name: string; mapping: ImportMapping }) {
  const [row] = await tx.insert(importMappings).values(values).returning();
  return row!;
}

export async function deleteMapping(tx: Executor, userId: string, id: string) {
  const [row] = await tx
    .delete(importMappings)
    .where(and(eq(importMappings.id, id), eq(importMappings.userId, userId)))
    .returning({ id: importMappings.id, object: importMappings.object });
  return row;
}

// ─── people ──────────────────────────────────────────────────────────────────

export type OwnerRow = { id: string; email: string; name: string; orgUnitId: string | null; teamIds: string[] };

/** Active users by email (lower case), with their teams: owners named in a file. */
export async function activeUsersByEmail(db: Executor, emails: readonly string[]): Promise<OwnerRow[]> {
  if (emails.length === 0) return [];
  return db
    .select({
      id: users.id,
      email: sql<string>`lower(${users.email})`,
      name: users.name,
      orgUnitId: users.orgUnitId,
      teamIds: sql<
        string[]
      >`coalesce((SELECT array_agg(tm.team_id ORDER BY tm.team_id) FROM ${teamMembers} tm WHERE tm.user_id = ${users.id}), '{}')`,
    })
    .from(users)
    .where(and(sql`lower(${users.email}) = ANY(${textArray(emails)})`, eq(users.active, true)));
}

export async function userName(db: Executor, id: string) {
  const [row] = await db.select({ name: users.name, locale: users.locale }).from(users).where(eq(users.id, id));
  return row;
}

// ─── matching keys ───────────────────────────────────────────────────────────

/** relata_company_key of each name, in order (the database's own folding, so keys match exactly). */
export async function companyKeys(db: Executor, names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const result = await db.execute<{ key: string | null }>(
    sql`SELECT relata_company_key(n) AS key FROM unnest(${textArray(names)}) WITH ORDINALITY AS t(n, i) ORDER BY i`,
  );
  return result.rows.map((row) => row.key ?? "");
}

/** The contacts' name key (relata_fold of "first last") of each person, in order. */
export async function contactKeys(db: Executor, people: readonly { firstName: string; lastName: string }[]): Promise<string[]> {
  if (people.length === 0) return [];
  const result = await db.execute<{ key: string | null }>(sql`
    SELECT relata_fold(btrim(f || ' ' || l)) AS key
      FROM unnest(${textArray(people.map((p) => p.firstName))}, ${textArray(people.map((p) => p.lastName))}) WITH ORDINALITY AS t(f, l, i)
     ORDER BY i`);
  return result.rows.map((row) => row.key ?? "");
}

/** Ids of the records the branches select (one per kind of key, each served by its own btree index). */
async function idsOf(tx: Executor, branches: (SQL | undefined)[]): Promise<string[]> {
  const present = branches.filter((branch) => branch !== undefined);
  if (present.length === 0) return [];
  const result = await tx.execute<{ id: string }>(sql.join(present, sql` UNION `));
  return result.rows.map((row) => row.id);
}

/**
 * The companies holding any of the keys. The ids come first, then their rows by primary key: as
 * one `IN (… UNION …)` the planner guessed a thousand matches per key kind and read the whole table.
 */
function companyIds(
  tx: Executor,
  keys: { nameKeys: readonly string[]; domains: readonly string[]; registrations: readonly string[]; emails: readonly string[] },
) {
  return idsOf(tx, [
    keys.nameKeys.length > 0 ? sql`SELECT id FROM ${companies} WHERE name_key = ANY(${textArray(keys.nameKeys)})` : undefined,
    keys.domains.length > 0 ? sql`SELECT id FROM ${companies} WHERE domain = ANY(${textArray(keys.domains)})` : undefined,
    keys.registrations.length > 0
      ? sql`SELECT id FROM ${companies} WHERE ${registrationKey(sql.raw("registration_number"))} = ANY(${textArray(keys.registrations)})`
      : undefined,
    keys.emails.length > 0
      ? sql`SELECT record_id AS id FROM ${contactPoints} WHERE object = 'company' AND kind = 'email' AND value = ANY(${textArray(keys.emails)})`
      : undefined,
  ]);
}

export type CompanyMatchRow = CompanyRow & { registrationKey: string | null; matchedEmails: string[] };

/**
 * Existing companies that share an exact name key, website domain, registration number or email
 * with the batch, oldest first (the caller keeps those the importing user may read). Locked when
 * the batch is going to update them.
 */
export async function matchCompanies(
  tx: Executor,
  keys: { nameKeys: string[]; domains: string[]; registrations: string[]; emails: string[] },
  lock: boolean,
): Promise<CompanyMatchRow[]> {
  const ids = await companyIds(tx, keys);
  if (ids.length === 0) return [];
  const query = tx
    .select({ ...getTableColumns(companies), registrationKey: sql<string | null>`${registrationKey(companies.registrationNumber)}` })
    .from(companies)
    .where(sql`${companies.id} = ANY(${uuidArray(ids)})`)
    .orderBy(asc(companies.createdAt), asc(companies.id));
  const rows = await (lock ? query.for("update") : query);
  const emails = await emailHits(tx, "company", keys.emails);
  return rows.map((row) => ({ ...row, matchedEmails: emails.get(row.id) ?? [] }));
}

/** Which of `emails` each record holds (one index scan for the batch, not one per record). */
async function emailHits(tx: Executor, object: "company" | "contact", emails: readonly string[]) {
  const byRecord = new Map<string, string[]>();
  if (emails.length === 0) return byRecord;
  const rows = await tx
    .select({ recordId: contactPoints.recordId, value: contactPoints.value })
    .from(contactPoints)
    .where(and(eq(contactPoints.object, object), eq(contactPoints.kind, "email"), sql`${contactPoints.value} = ANY(${textArray(emails)})`));
  for (const row of rows) byRecord.set(row.recordId, [...(byRecord.get(row.recordId) ?? []), row.value]);
  return byRecord;
}

export type CompanyRefRow = Pick<
  CompanyRow,
  "id" | "name" | "nameKey" | "country" | "ownerId" | "teamId" | "orgUnitId" | "securityLevel"
> & {
  registrationKey: string | null;
};

/** Companies by exact name key or registration number: the primary companies named by a contacts file. */
export async function companiesByKey(
  tx: Executor,
  nameKeys: readonly string[],
  registrations: readonly string[],
): Promise<CompanyRefRow[]> {
  const ids = await companyIds(tx, { nameKeys, registrations, domains: [], emails: [] });
  if (ids.length === 0) return [];
  return tx
    .select({
      id: companies.id,
      name: companies.name,
      nameKey: companies.nameKey,
      country: companies.country,
      ownerId: companies.ownerId,
      teamId: companies.teamId,
      orgUnitId: companies.orgUnitId,
      securityLevel: companies.securityLevel,
      registrationKey: sql<string | null>`${registrationKey(companies.registrationNumber)}`,
    })
    .from(companies)
    .where(sql`${companies.id} = ANY(${uuidArray(ids)})`)
    .orderBy(asc(companies.createdAt), asc(companies.id));
}

export type ContactMatchRow = ContactRow & {
  companyName: string;
  companyCountry: string | null;
  ownerId: string;
  teamId: string | null;
  orgUnitId: string | null;
  securityLevel: number;
  matchedEmails: string[];
};

/** Existing contacts sharing an email, or the exact name key at the same primary company. */
export async function matchContacts(
  tx: Executor,
  keys: { emails: string[]; people: { companyId: string; nameKey: string }[] },
  lock: boolean,
): Promise<ContactMatchRow[]> {
  const ids = await idsOf(tx, [
    keys.emails.length > 0
      ? sql`SELECT record_id AS id FROM ${contactPoints} WHERE object = 'contact' AND kind = 'email' AND value = ANY(${textArray(keys.emails)})`
      : undefined,
    keys.people.length > 0
      ? sql`SELECT ct.id FROM ${contacts} ct
              JOIN unnest(${uuidArray(keys.people.map((p) => p.companyId))}, ${textArray(keys.people.map((p) => p.nameKey))}) AS i(company_id, key)
                ON ct.company_id = i.company_id AND ct.name_key = i.key`
      : undefined,
  ]);
  if (ids.length === 0) return [];
  const query = tx
    .select({
      ...getTableColumns(contacts),
      companyName: companies.name,
      companyCountry: companies.country,
      ownerId: companies.ownerId,
      teamId: companies.teamId,
      orgUnitId: companies.orgUnitId,
      securityLevel: companies.securityLevel,
    })
    .from(contacts)
    .innerJoin(companies, eq(companies.id, contacts.companyId))
    .where(sql`${contacts.id} = ANY(${uuidArray(ids)})`)
    .orderBy(asc(contacts.createdAt), asc(contacts.id));
  const rows = await (lock ? query.for("update", { of: contacts }) : query);
  const emails = await emailHits(tx, "contact", keys.emails);
  return rows.map((row) => ({ ...row, matchedEmails: emails.get(row.id) ?? [] }));
}

// ─── batch writes ────────────────────────────────────────────────────────────

/**
 * Rows as a `jsonb_to_recordset` source: the record type is built from the table's own columns
 * (names and SQL types), so the statements follow the schema instead of repeating it.
 */
function recordsOf(table: PgTable, keys: readonly string[], rows: readonly object[]) {
  const all = getTableColumns(table) as Record<string, PgColumn>;
  const columns = keys.map((key) => all[key]!);
  const json = rows.map((row) =>
    Object.fromEntries(keys.map((key, index) => [columns[index]!.name, (row as Record<string, unknown>)[key]])),
  );
  return {
    names: columns.map((column) => `"${column.name}"`),
    source: sql`${recordset(json)} AS r(${sql.raw(columns.map((column) => `"${column.name}" ${column.getSQLType()}`).join(", "))})`,
  };
}

async function insertRecords(tx: Executor, table: PgTable, keys: readonly string[], rows: readonly object[]) {
  if (rows.length === 0) return;
  const { names, source } = recordsOf(table, keys, rows);
  await tx.execute(
    sql`INSERT INTO ${table} (${sql.raw(names.join(", "))}) SELECT ${sql.raw(names.map((name) => `r.${name}`).join(", "))} FROM ${source}`,
  );
}

/** Updates rows by id (every written column, updated_at and version); `extra` are further assignments (`t` is the table). */
async function updateRecords(tx: Executor, table: PgTable, keys: readonly string[], rows: readonly object[], extra?: SQL) {
  if (rows.length === 0) return;
  const { names, source } = recordsOf(table, keys, rows);
  const assignments = names.filter((name) => name !== '"id"').map((name) => `${name} = r.${name}`);
  await tx.execute(sql`
    UPDATE ${table} t SET ${sql.raw(assignments.join(", "))}, ${extra ? sql`${extra}, ` : sql``}updated_at = now(), version = t.version + 1
      FROM ${source}
     WHERE t.id = r.id`);
}

const pick = <T, K extends keyof T>(row: T, keys: readonly K[]) => Object.fromEntries(keys.map((key) => [key, row[key]])) as Pick<T, K>;

/** Every column of a company the import writes. */
const companyWriteKeys = [
  "id",
  "name",
  "lineOfBusiness",
  "clientUnit",
  "kind",
  "stage",
  "status",
  "gradeOverride",
  "category",
  "industry",
  "sizeBand",
  "registrationNumber",
  "website",
  "domain",
  "phones",
  "emails",
  "addresses",
  "country",
  "currency",
  "description",
  "custom",
  "ownerId",
  "teamId",
  "orgUnitId",
  "securityLevel",
] as const satisfies readonly (keyof CompanyRow)[];

export type CompanyWrite = Pick<CompanyRow, (typeof companyWriteKeys)[number]>;
export const companyWriteOf = (row: CompanyRow): CompanyWrite => pick(row, companyWriteKeys);

/** Inserts companies in one statement (ids chosen by the caller, so rows and ids pair up without relying on RETURNING order). */
export async function insertCompanies(tx: Executor, rows: readonly CompanyWrite[]) {
  await insertRecords(tx, companies, companyWriteKeys, rows);
}

/** Updates companies in one statement; a changed stage restarts stage_changed_at. */
export async function updateCompanies(tx: Executor, rows: readonly CompanyWrite[]) {
  await updateRecords(
    tx,
    companies,
    companyWriteKeys,
    rows,
    sql`stage_changed_at = CASE WHEN t.stage IS DISTINCT FROM r.stage THEN now() ELSE t.stage_changed_at END`,
  );
}

export async function insertStageChanges(
  tx: Executor,
  rows: readonly { companyId: string; fromStage: string | null; toStage: string; changedBy: string }[],
) {
  await insertRecords(tx, companyStageChanges, ["companyId", "fromStage", "toStage", "changedBy"], rows);
}

/** Every column of a contact the import writes. */
const contactWriteKeys = [
  "id",
  "companyId",
  "firstName",
  "lastName",
  "title",
  "department",
  "function",
  "clientUnit",
  "emails",
  "phones",
  "birthday",
  "preferredLanguage",
  "preferredChannel",
  "consentEmail",
  "consentSms",
  "consentCalls",
  "notes",
  "custom",
] as const satisfies readonly (keyof ContactRow)[];

export type ContactWrite = Pick<ContactRow, (typeof contactWriteKeys)[number]>;
export const contactWriteOf = (row: ContactRow): ContactWrite => pick(row, contactWriteKeys);

export async function insertContacts(tx: Executor, rows: readonly ContactWrite[]) {
  await insertRecords(tx, contacts, contactWriteKeys, rows);
}

export async function updateContacts(tx: Executor, rows: readonly ContactWrite[]) {
  await updateRecords(tx, contacts, contactWriteKeys, rows);
}

/** Which of these user ids are active users (values of custom user fields). */
export async function activeUserIds(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return new Set<string>();
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, [...ids]), eq(users.active, true)));
  return new Set(rows.map((row) => row.id));
}

/** Names of users (owners shown beside companies in search hits). */
export async function userNames(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, [...ids]));
  return new Map(rows.map((row) => [row.id, row.name]));
}
