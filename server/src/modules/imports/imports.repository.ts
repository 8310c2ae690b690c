/**
 * The only place with the imports' queries. Besides the import's own tables it writes companies
 * and contacts directly, in multi-row statements (jsonb_to_recordset): a documented exception to
 * "each module writes its own tables", for speed — an import writes a million rows, the record
 * modules' services one at a time. The rows are validated with the same contracts and custom
 * field rules as the services; audit triggers fire for every row as usual.
 */
import { and, asc, desc, eq, getTableColumns, inArray, sql, type SQL } from "drizzle-orm";
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

/**
 * Runs a matching query with bitmap scans off, in the caller's transaction. Matching compares
 * exact keys, which the btree indexes answer with plain index scans; the only index a bitmap
 * scan could add is the trigram GIN on name_key, whose "equality" over a thousand keys reads
 * the posting lists of their common trigrams (seconds per chunk on a large table).
 */
async function exactMatch<T>(tx: Executor, query: () => Promise<T>): Promise<T> {
  await tx.execute(sql`SET LOCAL enable_bitmapscan = off`);
  try {
    return await query();
  } finally {
    await tx.execute(sql`SET LOCAL enable_bitmapscan = on`);
  }
}

/** One branch per key kind, each served by its own index; together the ids of every match. */
function companyHits(keys: {
  nameKeys: readonly string[];
  domains: readonly string[];
  registrations: readonly string[];
  emails: readonly string[];
}) {
  const branches = [
    keys.nameKeys.length > 0 ? sql`SELECT id FROM ${companies} WHERE name_key = ANY(${textArray(keys.nameKeys)})` : undefined,
    keys.domains.length > 0 ? sql`SELECT id FROM ${companies} WHERE domain = ANY(${textArray(keys.domains)})` : undefined,
    keys.registrations.length > 0
      ? sql`SELECT id FROM ${companies} WHERE ${registrationKey(sql.raw("registration_number"))} = ANY(${textArray(keys.registrations)})`
      : undefined,
    keys.emails.length > 0
      ? sql`SELECT record_id FROM ${contactPoints} WHERE object = 'company' AND kind = 'email' AND value = ANY(${textArray(keys.emails)})`
      : undefined,
  ].filter((branch) => branch !== undefined);
  return branches.length > 0 ? sql.join(branches, sql` UNION `) : undefined;
}

export type CompanyMatchRow = CompanyRow & { registrationKey: string | null; matchedEmails: string[] };

/**
 * Existing companies that share an exact name key, website domain, registration number or email
 * with the batch (the caller keeps those the importing user may read). Locked when the batch is
 * going to update them.
 */
export async function matchCompanies(
  tx: Executor,
  keys: { nameKeys: string[]; domains: string[]; registrations: string[]; emails: string[] },
  lock: boolean,
): Promise<CompanyMatchRow[]> {
  const hits = companyHits(keys);
  if (!hits) return [];
  return exactMatch(tx, async () => {
    const query = tx
      .select({ ...getTableColumns(companies), registrationKey: sql<string | null>`${registrationKey(companies.registrationNumber)}` })
      .from(companies)
      .where(sql`${companies.id} IN (${hits})`)
      .orderBy(asc(companies.createdAt), asc(companies.id));
    const rows = await (lock ? query.for("update") : query);
    const emails = await emailHits(tx, "company", keys.emails);
    return rows.map((row) => ({ ...row, matchedEmails: emails.get(row.id) ?? [] }));
  });
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
  const hits = companyHits({ nameKeys, registrations, domains: [], emails: [] });
  if (!hits) return [];
  return exactMatch(tx, () =>
    tx
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
      .where(sql`${companies.id} IN (${hits})`)
      .orderBy(asc(companies.createdAt), asc(companies.id)),
  );
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
  const branches = [
    keys.emails.length > 0
      ? sql`SELECT record_id FROM ${contactPoints} WHERE object = 'contact' AND kind = 'email' AND value = ANY(${textArray(keys.emails)})`
      : undefined,
    keys.people.length > 0
      ? sql`SELECT ct.id FROM ${contacts} ct
              JOIN unnest(${uuidArray(keys.people.map((p) => p.companyId))}, ${textArray(keys.people.map((p) => p.nameKey))}) AS i(company_id, key)
                ON ct.company_id = i.company_id AND ct.name_key = i.key`
      : undefined,
  ].filter((branch) => branch !== undefined);
  if (branches.length === 0) return [];
  return exactMatch(tx, async () => {
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
      .where(sql`${contacts.id} IN (${sql.join(branches, sql` UNION `)})`)
      .orderBy(asc(contacts.createdAt), asc(contacts.id));
    const rows = await (lock ? query.for("update", { of: contacts }) : query);
    const emails = await emailHits(tx, "contact", keys.emails);
    return rows.map((row) => ({ ...row, matchedEmails: emails.get(row.id) ?? [] }));
  });
}

// ─── batch writes ────────────────────────────────────────────────────────────

/** A company as the import writes it (every writable column). */
export type CompanyWrite = {
  id: string;
  name: string;
  kind: string;
  stage: string;
  status: string;
  gradeOverride: string | null;
  category: string | null;
  industry: string | null;
  sizeBand: string | null;
  registrationNumber: string | null;
  website: string | null;
  domain: string | null;
  phones: CompanyRow["phones"];
  emails: CompanyRow["emails"];
  addresses: CompanyRow["addresses"];
  country: string | null;
  currency: string | null;
  description: string | null;
  custom: CompanyRow["custom"];
  ownerId: string;
  teamId: string | null;
  orgUnitId: string | null;
  securityLevel: number;
};

const companyColumns = sql.raw(`id uuid, name text, kind text, stage text, status text, grade_override text, category text, industry text,
  size_band text, registration_number text, website text, domain text, phones jsonb, emails jsonb, addresses jsonb, country text,
  currency text, description text, custom jsonb, owner_id uuid, team_id uuid, org_unit_id uuid, security_level int`);

const companyJson = (row: CompanyWrite) => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  stage: row.stage,
  status: row.status,
  grade_override: row.gradeOverride,
  category: row.category,
  industry: row.industry,
  size_band: row.sizeBand,
  registration_number: row.registrationNumber,
  website: row.website,
  domain: row.domain,
  phones: row.phones,
  emails: row.emails,
  addresses: row.addresses,
  country: row.country,
  currency: row.currency,
  description: row.description,
  custom: row.custom,
  owner_id: row.ownerId,
  team_id: row.teamId,
  org_unit_id: row.orgUnitId,
  security_level: row.securityLevel,
});

/** Inserts companies in one statement (ids chosen by the caller, so rows and ids pair up without relying on RETURNING order). */
export async function insertCompanies(tx: Executor, rows: readonly CompanyWrite[]) {
  if (rows.length === 0) return;
  await tx.execute(sql`
    INSERT INTO ${companies} (id, name, kind, stage, status, grade_override, category, industry, size_band, registration_number, website,
                              domain, phones, emails, addresses, country, currency, description, custom, owner_id, team_id, org_unit_id,
                              security_level)
    SELECT r.id, r.name, r.kind, r.stage, r.status, r.grade_override, r.category, r.industry, r.size_band, r.registration_number, r.website,
           r.domain, r.phones, r.emails, r.addresses, r.country, r.currency, r.description, r.custom, r.owner_id, r.team_id, r.org_unit_id,
           r.security_level
      FROM ${recordset(rows.map(companyJson))} AS r(${companyColumns})`);
}

/** Updates companies in one statement; a changed stage restarts stage_changed_at. */
export async function updateCompanies(tx: Executor, rows: readonly CompanyWrite[]) {
  if (rows.length === 0) return;
  await tx.execute(sql`
    UPDATE ${companies} c SET
      name = r.name, kind = r.kind, stage = r.stage,
      stage_changed_at = CASE WHEN c.stage IS DISTINCT FROM r.stage THEN now() ELSE c.stage_changed_at END,
      status = r.status, grade_override = r.grade_override, category = r.category, industry = r.industry, size_band = r.size_band,
      registration_number = r.registration_number, website = r.website, domain = r.domain, phones = r.phones, emails = r.emails,
      addresses = r.addresses, country = r.country, currency = r.currency, description = r.description, custom = r.custom,
      owner_id = r.owner_id, team_id = r.team_id, org_unit_id = r.org_unit_id, security_level = r.security_level,
      updated_at = now(), version = c.version + 1
      FROM ${recordset(rows.map(companyJson))} AS r(${companyColumns})
     WHERE c.id = r.id`);
}

export async function insertStageChanges(
  tx: Executor,
  rows: readonly { companyId: string; fromStage: string | null; toStage: string; changedBy: string }[],
) {
  if (rows.length === 0) return;
  await tx.execute(sql`
    INSERT INTO ${companyStageChanges} (company_id, from_stage, to_stage, changed_by)
    SELECT r.company_id, r.from_stage, r.to_stage, r.changed_by
      FROM ${recordset(rows.map((row) => ({ company_id: row.companyId, from_stage: row.fromStage, to_stage: row.toStage, changed_by: row.changedBy })))}
        AS r(company_id uuid, from_stage text, to_stage text, changed_by uuid)`);
}

/** A contact as the import writes it. */
export type ContactWrite = {
  id: string;
  companyId: string;
  firstName: string;
  lastName: string;
  title: string | null;
  department: string | null;
  function: string | null;
  emails: ContactRow["emails"];
  phones: ContactRow["phones"];
  birthday: string | null;
  preferredLanguage: string | null;
  preferredChannel: string | null;
  consentEmail: boolean;
  consentSms: boolean;
  consentCalls: boolean;
  notes: string | null;
  custom: ContactRow["custom"];
};

const contactColumns = sql.raw(`id uuid, company_id uuid, first_name text, last_name text, title text, department text, function text,
  emails jsonb, phones jsonb, birthday date, preferred_language text, preferred_channel text, consent_email boolean, consent_sms boolean,
  consent_calls boolean, notes text, custom jsonb`);

const contactJson = (row: ContactWrite) => ({
  id: row.id,
  company_id: row.companyId,
  first_name: row.firstName,
  last_name: row.lastName,
  title: row.title,
  department: row.department,
  function: row.function,
  emails: row.emails,
  phones: row.phones,
  birthday: row.birthday,
  preferred_language: row.preferredLanguage,
  preferred_channel: row.preferredChannel,
  consent_email: row.consentEmail,
  consent_sms: row.consentSms,
  consent_calls: row.consentCalls,
  notes: row.notes,
  custom: row.custom,
});

export async function insertContacts(tx: Executor, rows: readonly ContactWrite[]) {
  if (rows.length === 0) return;
  await tx.execute(sql`
    INSERT INTO ${contacts} (id, company_id, first_name, last_name, title, department, function, emails, phones, birthday, preferred_language,
                             preferred_channel, consent_email, consent_sms, consent_calls, notes, custom)
    SELECT r.id, r.company_id, r.first_name, r.last_name, r.title, r.department, r.function, r.emails, r.phones, r.birthday,
           r.preferred_language, r.preferred_channel, r.consent_email, r.consent_sms, r.consent_calls, r.notes, r.custom
      FROM ${recordset(rows.map(contactJson))} AS r(${contactColumns})`);
}

export async function updateContacts(tx: Executor, rows: readonly ContactWrite[]) {
  if (rows.length === 0) return;
  await tx.execute(sql`
    UPDATE ${contacts} c SET
      first_name = r.first_name, last_name = r.last_name, title = r.title, department = r.department, function = r.function,
      emails = r.emails, phones = r.phones, birthday = r.birthday, preferred_language = r.preferred_language,
      preferred_channel = r.preferred_channel, consent_email = r.consent_email, consent_sms = r.consent_sms,
      consent_calls = r.consent_calls, notes = r.notes, custom = r.custom, updated_at = now(), version = c.version + 1
      FROM ${recordset(rows.map(contactJson))} AS r(${contactColumns})
     WHERE c.id = r.id`);
}

/**
 * Makes the contact points of many records exactly `points` (the batch twin of duplicates'
 * syncContactPoints): the records' old points go, the new ones are written in one statement.
 */
export async function replaceContactPoints(
  tx: Executor,
  object: "company" | "contact",
  points: readonly { recordId: string; kind: string; value: string }[],
  existingIds: readonly string[],
) {
  if (existingIds.length > 0)
    await tx.delete(contactPoints).where(and(eq(contactPoints.object, object), inArray(contactPoints.recordId, [...existingIds])));
  if (points.length === 0) return;
  await tx.execute(sql`
    INSERT INTO ${contactPoints} (object, record_id, kind, value)
    SELECT ${object}, r.record_id, r.kind, r.value
      FROM ${recordset(points.map((point) => ({ record_id: point.recordId, kind: point.kind, value: point.value })))}
        AS r(record_id uuid, kind text, value text)
    ON CONFLICT DO NOTHING`);
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
