import { and, asc, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { TimelineKind } from "@relata/contracts";
import type { Db } from "../../db/connection";
import { companies, contactRoles, contacts, timelineEntries, timelineEntryContacts, users } from "../../db/schema";
import type { Tx } from "../../platform/events/unit-of-work";
import type { Actor } from "../../platform/access/actor";
import { accessCondition } from "../../platform/access/policy";
import { companyAccessColumns, visibleCompanies } from "../companies";

type Executor = Db | Tx;
export type EntryRow = typeof timelineEntries.$inferSelect;
export type EntryInsert = typeof timelineEntries.$inferInsert;

const authors = alias(users, "author");
const assignees = alias(users, "assignee");

const entryView = {
  entry: timelineEntries,
  companyName: companies.name,
  authorName: authors.name,
  assigneeName: assignees.name,
  access: {
    ownerId: companies.ownerId,
    teamId: companies.teamId,
    orgUnitId: companies.orgUnitId,
    securityLevel: companies.securityLevel,
  },
};
const selectEntries = (db: Executor) =>
  db
    .select(entryView)
    .from(timelineEntries)
    .innerJoin(companies, eq(companies.id, timelineEntries.companyId))
    .leftJoin(authors, eq(authors.id, timelineEntries.authorId))
    .leftJoin(assignees, eq(assignees.id, timelineEntries.nextStepAssigneeId));
export type EntryView = NonNullable<Awaited<ReturnType<typeof findEntry>>>;

/** An entry whose company the actor may read (anything else is not there for them). */
export async function findEntry(db: Executor, actor: Actor, id: string) {
  const [row] = await selectEntries(db).where(and(eq(timelineEntries.id, id), visibleCompanies(actor)));
  return row;
}

/** An entry the actor may read, locked for the rest of the transaction. */
export async function lockEntry(db: Executor, actor: Actor, id: string) {
  const [row] = await db
    .select({ entry: timelineEntries, access: entryView.access })
    .from(timelineEntries)
    .innerJoin(companies, eq(companies.id, timelineEntries.companyId))
    .where(and(eq(timelineEntries.id, id), visibleCompanies(actor)))
    .for("update", { of: timelineEntries });
  return row;
}

/** A new entry; `occurredAt` may be SQL (the transaction's `now()`). */
export async function insertEntry(db: Executor, values: Omit<EntryInsert, "occurredAt"> & { occurredAt: Date | SQL }) {
  const [row] = await db.insert(timelineEntries).values(values).returning();
  return row!;
}

export async function updateEntry(db: Executor, id: string, version: number, values: Partial<EntryInsert>) {
  const [row] = await db
    .update(timelineEntries)
    .set({ ...values, updatedAt: sql`now()`, version: sql`${timelineEntries.version} + 1` })
    .where(and(eq(timelineEntries.id, id), eq(timelineEntries.version, version)))
    .returning();
  return row;
}

export async function deleteEntry(db: Executor, id: string) {
  await db.delete(timelineEntries).where(eq(timelineEntries.id, id));
}

export async function contactIdsOf(db: Executor, entryId: string) {
  const rows = await db
    .select({ id: timelineEntryContacts.contactId })
    .from(timelineEntryContacts)
    .where(eq(timelineEntryContacts.entryId, entryId));
  return rows.map((row) => row.id);
}

/** Replaces the contacts an entry involves. */
export async function setContacts(db: Executor, entryId: string, contactIds: readonly string[]) {
  const current = new Set(await contactIdsOf(db, entryId));
  const wanted = new Set(contactIds);
  const gone = [...current].filter((id) => !wanted.has(id));
  const added = [...wanted].filter((id) => !current.has(id));
  if (gone.length > 0)
    await db
      .delete(timelineEntryContacts)
      .where(and(eq(timelineEntryContacts.entryId, entryId), inArray(timelineEntryContacts.contactId, gone)));
  if (added.length > 0) await db.insert(timelineEntryContacts).values(added.map((contactId) => ({ entryId, contactId })));
}

/** The company's placement (who may see its entries), whoever asks. */
export async function companyPlacement(db: Executor, companyId: string) {
  const [row] = await db
    .select({ id: companies.id, name: companies.name, ...entryView.access })
    .from(companies)
    .where(eq(companies.id, companyId));
  return row;
}

/** Of `ids`, the contacts the actor may read that belong to the company or hold a role there (current or past). */
export async function contactsAtCompany(db: Executor, actor: Actor, companyId: string, ids: readonly string[]) {
  if (ids.length === 0) return new Set<string>();
  const rows = await db
    .select({ id: contacts.id })
    .from(contacts)
    .innerJoin(companies, eq(companies.id, contacts.companyId))
    .where(
      and(
        inArray(contacts.id, [...ids]),
        accessCondition(actor, "contact", "read", companyAccessColumns),
        or(
          eq(contacts.companyId, companyId),
          sql`EXISTS (SELECT 1 FROM ${contactRoles} WHERE ${contactRoles.contactId} = ${contacts.id} AND ${contactRoles.companyId} = ${companyId})`,
        ),
      ),
    );
  return new Set(rows.map((row) => row.id));
}

/** A contact the actor may read (its primary company's placement decides), or undefined. */
export async function findVisibleContact(db: Executor, actor: Actor, contactId: string) {
  const [row] = await db
    .select({ id: contacts.id, companyId: contacts.companyId })
    .from(contacts)
    .innerJoin(companies, eq(companies.id, contacts.companyId))
    .where(and(eq(contacts.id, contactId), accessCondition(actor, "contact", "read", companyAccessColumns)));
  return row;
}

/** Names of users among `ids` who are active, or (for an edit) already mentioned in the entry. */
export async function mentionableUsers(db: Executor, ids: readonly string[], alreadyMentioned: readonly string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const kept = new Set(alreadyMentioned);
  const rows = await db
    .select({ id: users.id, name: users.name, active: users.active })
    .from(users)
    .where(inArray(users.id, [...ids]));
  return new Map(rows.filter((row) => row.active || kept.has(row.id)).map((row) => [row.id, row.name]));
}

export async function userNames(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, [...ids]));
  return new Map(rows.map((row) => [row.id, row.name]));
}

export async function findActiveUser(db: Executor, id: string) {
  const [row] = await db.select({ id: users.id, name: users.name, active: users.active }).from(users).where(eq(users.id, id));
  return row?.active ? row : undefined;
}

/** The involved contacts of these entries the actor may read, by entry, in name order. */
export async function contactsOfEntries(db: Executor, actor: Actor, entryIds: readonly string[]) {
  const byEntry = new Map<string, { id: string; name: string }[]>();
  if (entryIds.length === 0) return byEntry;
  const rows = await db
    .select({
      entryId: timelineEntryContacts.entryId,
      id: contacts.id,
      name: sql<string>`btrim(${contacts.firstName} || ' ' || ${contacts.lastName})`,
    })
    .from(timelineEntryContacts)
    .innerJoin(contacts, eq(contacts.id, timelineEntryContacts.contactId))
    .innerJoin(companies, eq(companies.id, contacts.companyId))
    .where(and(inArray(timelineEntryContacts.entryId, [...entryIds]), accessCondition(actor, "contact", "read", companyAccessColumns)))
    .orderBy(asc(contacts.lastName), asc(contacts.firstName), asc(contacts.id));
  for (const row of rows) {
    const list = byEntry.get(row.entryId) ?? [];
    list.push({ id: row.id, name: row.name });
    byEntry.set(row.entryId, list);
  }
  return byEntry;
}

/** Labels of related companies and contacts the actor may read (others stay unnamed). */
export async function relatedLabels(db: Executor, actor: Actor, refs: readonly { type: string; id: string }[]) {
  const labels = new Map<string, string>();
  const companyIds = [...new Set(refs.filter((ref) => ref.type === "company").map((ref) => ref.id))];
  const contactIds = [...new Set(refs.filter((ref) => ref.type === "contact").map((ref) => ref.id))];
  if (companyIds.length > 0) {
    const rows = await db
      .select({ id: companies.id, name: companies.name })
      .from(companies)
      .where(and(inArray(companies.id, companyIds), visibleCompanies(actor)));
    for (const row of rows) labels.set(`company:${row.id}`, row.name);
  }
  if (contactIds.length > 0) {
    const rows = await db
      .select({ id: contacts.id, name: sql<string>`btrim(${contacts.firstName} || ' ' || ${contacts.lastName})` })
      .from(contacts)
      .innerJoin(companies, eq(companies.id, contacts.companyId))
      .where(and(inArray(contacts.id, contactIds), accessCondition(actor, "contact", "read", companyAccessColumns)));
    for (const row of rows) labels.set(`contact:${row.id}`, row.name);
  }
  return labels;
}

export type EntryListOptions = {
  /** The companies whose entries are listed (one, or a group's). */
  companyIds?: readonly string[];
  /** Entries that involve this contact. */
  involving?: string;
  kinds?: readonly TimelineKind[] | undefined;
  authorId?: string | undefined;
  contactId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  pinned?: boolean | undefined;
  q?: string | undefined;
  /** The last row of the previous page: occurredAt (ISO, microseconds) and id. */
  after?: { occurredAt: string; id: string } | undefined;
  limit: number;
};

const involves = (contactId: string) =>
  sql`EXISTS (SELECT 1 FROM ${timelineEntryContacts} WHERE ${timelineEntryContacts.entryId} = ${timelineEntries.id} AND ${timelineEntryContacts.contactId} = ${contactId})`;
/** occurred_at to the microsecond, as the cursor carries it (a JavaScript Date keeps milliseconds only). */
const occurredAtText = sql<string>`to_char(${timelineEntries.occurredAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The scope of a page as an index-friendly condition. One company: equality, so the
 * (company_id, occurred_at, id) index yields the newest entries in order and the scan stops at
 * the page's end. Several (a group): each company's newest `perCompany` matching entries through
 * that index (a lateral subquery per company), of which the outer query keeps the newest —
 * `company_id = ANY(…)` would read and sort every entry of the group instead.
 */
function inCompanies(companyIds: readonly string[], filters: (SQL | undefined)[], perCompany: number): SQL {
  if (companyIds.length === 1) return eq(timelineEntries.companyId, companyIds[0]!);
  const where = and(sql`${timelineEntries.companyId} = scope.company_id`, ...filters);
  return sql`${timelineEntries.id} IN (
    SELECT newest.id FROM unnest(${sql.param([...companyIds])}::uuid[]) AS scope(company_id)
    CROSS JOIN LATERAL (
      SELECT ${timelineEntries.id} AS id FROM ${timelineEntries} WHERE ${where}
      ORDER BY ${timelineEntries.occurredAt} DESC, ${timelineEntries.id} DESC LIMIT ${perCompany}
    ) AS newest)`;
}

/**
 * A page of entries, newest first (occurred_at, then id), of companies the actor may read: the
 * access condition first, then the scope and filters, so a filter can only narrow what they see.
 */
export async function listEntries(db: Executor, actor: Actor, options: EntryListOptions) {
  // The filters of the page (they name "timeline_entries", so they also apply inside the per-company subquery below).
  const filters: (SQL | undefined)[] = [
    options.kinds && options.kinds.length > 0 ? inArray(timelineEntries.kind, [...options.kinds]) : undefined,
    options.authorId ? eq(timelineEntries.authorId, options.authorId) : undefined,
    options.contactId ? involves(options.contactId) : undefined,
    options.from ? sql`${timelineEntries.occurredAt} >= ${options.from}::timestamptz` : undefined,
    options.to ? sql`${timelineEntries.occurredAt} < ${options.to}::timestamptz` : undefined,
    options.pinned !== undefined ? eq(timelineEntries.pinned, options.pinned) : undefined,
    options.q
      ? sql`strpos(relata_fold(coalesce(${timelineEntries.subject}, '') || ' ' || ${timelineEntries.bodyText} || ' ' || coalesce(${timelineEntries.outcome}, '')), relata_fold(${options.q})) > 0`
      : undefined,
    // A row comparison: the (company_id, occurred_at, id) index walks straight to the cursor.
    options.after
      ? sql`(${timelineEntries.occurredAt}, ${timelineEntries.id}) < (${options.after.occurredAt}::timestamptz, ${options.after.id}::uuid)`
      : undefined,
  ];
  const conditions: (SQL | undefined)[] = [
    visibleCompanies(actor),
    options.companyIds ? inCompanies(options.companyIds, filters, options.limit + 1) : undefined,
    options.involving ? involves(options.involving) : undefined,
    ...filters,
  ];
  return db
    .select({ ...entryView, cursorAt: occurredAtText })
    .from(timelineEntries)
    .innerJoin(companies, eq(companies.id, timelineEntries.companyId))
    .leftJoin(authors, eq(authors.id, timelineEntries.authorId))
    .leftJoin(assignees, eq(assignees.id, timelineEntries.nextStepAssigneeId))
    .where(and(...conditions))
    .orderBy(desc(timelineEntries.occurredAt), desc(timelineEntries.id))
    .limit(options.limit + 1);
}

/** The ids of the group's companies the actor may read. */
export async function visibleAmong(db: Executor, actor: Actor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: companies.id })
    .from(companies)
    .where(and(sql`${companies.id} = ANY(${sql.param([...ids])}::uuid[])`, visibleCompanies(actor)));
  return rows.map((row) => row.id);
}

// ───────────────────────────── merges ─────────────────────────────

/** A company merge: the source's entries (and entries about it) now belong to / are about the target. */
export async function moveCompanyEntries(db: Executor, sourceId: string, targetId: string) {
  await db.update(timelineEntries).set({ companyId: targetId }).where(eq(timelineEntries.companyId, sourceId));
  await db
    .update(timelineEntries)
    .set({ relatedId: targetId })
    .where(and(eq(timelineEntries.relatedType, "company"), eq(timelineEntries.relatedId, sourceId)));
}

/** A contact merge: links to the source move to the target (once per entry); entries about it are about the target. */
export async function moveContactLinks(db: Executor, sourceId: string, targetId: string) {
  await db.execute(sql`INSERT INTO ${timelineEntryContacts} (entry_id, contact_id)
    SELECT entry_id, ${targetId}::uuid FROM ${timelineEntryContacts} WHERE contact_id = ${sourceId}::uuid
    ON CONFLICT DO NOTHING`);
  await db.delete(timelineEntryContacts).where(eq(timelineEntryContacts.contactId, sourceId));
  await db
    .update(timelineEntries)
    .set({ relatedId: targetId })
    .where(and(eq(timelineEntries.relatedType, "contact"), eq(timelineEntries.relatedId, sourceId)));
}

/** A deleted contact leaves the entries that involved it (the entries stay); entries about it are about nothing. */
export async function dropContactLinks(db: Executor, contactId: string) {
  const rows = await db
    .delete(timelineEntryContacts)
    .where(eq(timelineEntryContacts.contactId, contactId))
    .returning({ entryId: timelineEntryContacts.entryId });
  await db
    .update(timelineEntries)
    .set({ relatedType: null, relatedId: null })
    .where(and(eq(timelineEntries.relatedType, "contact"), eq(timelineEntries.relatedId, contactId)));
  return rows.map((row) => row.entryId);
}

/** Companies whose entries involve the contact (their cards refresh when it is merged or removed). */
export async function companiesInvolving(db: Executor, contactId: string) {
  const rows = await db
    .selectDistinct({ companyId: timelineEntries.companyId })
    .from(timelineEntries)
    .innerJoin(timelineEntryContacts, eq(timelineEntryContacts.entryId, timelineEntries.id))
    .where(eq(timelineEntryContacts.contactId, contactId));
  return rows.map((row) => row.companyId);
}
