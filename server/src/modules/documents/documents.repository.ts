import { and, asc, desc, eq, ilike, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/connection";
import { companies, contacts, documentComments, documentRevisions, documents, documentShares, users } from "../../db/schema";
import type { Tx } from "../../platform/events/unit-of-work";

type Executor = Db | Tx;
export type DocumentRow = typeof documents.$inferSelect;
export type RevisionInsert = typeof documentRevisions.$inferInsert;

/** Namespace of the per-user quota lock ("QUOT"). */
const quotaLockNamespace = 0x51554f54;

const author = alias(users, "author");
const creator = alias(users, "creator");
const resolver = alias(users, "resolver");
const revoker = alias(users, "revoker");
const current = alias(documentRevisions, "current_revision");
const currentAuthor = alias(users, "current_author");

const contactName = sql<string>`btrim(${contacts.firstName} || ' ' || ${contacts.lastName})`;

// ─── revisions ───

const revisionView = {
  id: documentRevisions.id,
  documentId: documentRevisions.documentId,
  number: documentRevisions.number,
  fileName: documentRevisions.fileName,
  size: documentRevisions.size,
  contentType: documentRevisions.contentType,
  sha256: documentRevisions.sha256,
  note: documentRevisions.note,
  authorId: documentRevisions.authorId,
  authorName: author.name,
  createdAt: documentRevisions.createdAt,
};
export type RevisionView = {
  id: string;
  documentId: string;
  number: number;
  fileName: string;
  size: number;
  contentType: string;
  sha256: string;
  note: string | null;
  authorId: string;
  authorName: string;
  createdAt: Date;
};

export async function revisionsOf(db: Executor, documentId: string): Promise<RevisionView[]> {
  return db
    .select(revisionView)
    .from(documentRevisions)
    .innerJoin(author, eq(author.id, documentRevisions.authorId))
    .where(eq(documentRevisions.documentId, documentId))
    .orderBy(desc(documentRevisions.number));
}

export async function findRevision(db: Executor, documentId: string, revisionId: string): Promise<RevisionView | undefined> {
  const [row] = await db
    .select(revisionView)
    .from(documentRevisions)
    .innerJoin(author, eq(author.id, documentRevisions.authorId))
    .where(and(eq(documentRevisions.documentId, documentId), eq(documentRevisions.id, revisionId)));
  return row;
}

export async function revisionsByNumber(db: Executor, documentId: string, numbers: number[]): Promise<RevisionView[]> {
  return db
    .select(revisionView)
    .from(documentRevisions)
    .innerJoin(author, eq(author.id, documentRevisions.authorId))
    .where(and(eq(documentRevisions.documentId, documentId), inArray(documentRevisions.number, numbers)));
}

export async function insertRevision(db: Executor, values: RevisionInsert) {
  const [row] = await db.insert(documentRevisions).values(values).returning();
  return row!;
}

/** Serialises one user's uploads until the transaction ends, so two at once cannot both fit under the quota. */
export async function lockQuota(db: Executor, userId: string) {
  await db.execute(sql`SELECT pg_advisory_xact_lock(${quotaLockNamespace}::int, hashtext(${userId}))`);
}

/** Bytes of every revision the user uploaded (what counts against their quota). */
export async function bytesUploadedBy(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${documentRevisions.size}), 0)::text` })
    .from(documentRevisions)
    .where(eq(documentRevisions.authorId, userId));
  return Number(row?.total ?? 0);
}

/** The hashes among `hashes` some revision references. */
export async function referencedHashes(db: Executor, hashes: string[]) {
  if (hashes.length === 0) return new Set<string>();
  const rows = await db
    .selectDistinct({ sha256: documentRevisions.sha256 })
    .from(documentRevisions)
    .where(sql`${documentRevisions.sha256} = ANY(${sql.param(hashes)}::text[])`);
  return new Set(rows.map((row) => row.sha256));
}

// ─── documents ───

const openComments = sql<number>`(SELECT count(*)::int FROM ${documentComments} oc WHERE oc.document_id = ${documents.id} AND NOT oc.resolved)`;
const updatedKey = sql<string>`to_char(${documents.updatedAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const documentView = {
  id: documents.id,
  companyId: documents.companyId,
  companyName: companies.name,
  recordType: documents.recordType,
  recordId: documents.recordId,
  recordName: sql<string>`coalesce(${contactName}, ${companies.name})`,
  kind: documents.kind,
  title: documents.title,
  description: documents.description,
  revisionCount: documents.revisionCount,
  openComments,
  createdById: documents.createdBy,
  createdByName: creator.name,
  createdAt: documents.createdAt,
  updatedAt: documents.updatedAt,
  updatedKey,
  version: documents.version,
  current: {
    id: current.id,
    documentId: current.documentId,
    number: current.number,
    fileName: current.fileName,
    size: current.size,
    contentType: current.contentType,
    sha256: current.sha256,
    note: current.note,
    authorId: current.authorId,
    authorName: currentAuthor.name,
    createdAt: current.createdAt,
  },
};

const selectDocuments = (db: Executor) =>
  db
    .select(documentView)
    .from(documents)
    .innerJoin(companies, eq(companies.id, documents.companyId))
    .innerJoin(creator, eq(creator.id, documents.createdBy))
    .innerJoin(current, and(eq(current.documentId, documents.id), eq(current.number, documents.revisionCount)))
    .innerJoin(currentAuthor, eq(currentAuthor.id, current.authorId))
    .leftJoin(contacts, and(eq(documents.recordType, "contact"), eq(contacts.id, documents.recordId)));
export type DocumentView = Awaited<ReturnType<typeof findDocument>> & object;

export async function findDocument(db: Executor, id: string) {
  const [row] = await selectDocuments(db).where(eq(documents.id, id));
  return row;
}

export type DocumentFilter = {
  companyId?: string;
  record?: { type: string; id: string };
  kind?: string | undefined;
  q?: string | undefined;
  after?: { updatedKey: string; id: string } | undefined;
};

/** A page of documents (newest change first), `limit + 1` rows so the caller knows whether more follow. */
export async function listDocuments(db: Executor, filter: DocumentFilter, limit: number) {
  const conditions: (SQL | undefined)[] = [
    filter.companyId ? eq(documents.companyId, filter.companyId) : undefined,
    filter.record ? and(eq(documents.recordType, filter.record.type), eq(documents.recordId, filter.record.id)) : undefined,
    filter.kind ? eq(documents.kind, filter.kind) : undefined,
    filter.q
      ? or(
          ilike(documents.title, `%${filter.q.replace(/[\\%_]/g, "\\$&")}%`),
          ilike(current.fileName, `%${filter.q.replace(/[\\%_]/g, "\\$&")}%`),
        )
      : undefined,
    filter.after
      ? sql`(${documents.updatedAt}, ${documents.id}) < (${filter.after.updatedKey}::timestamptz, ${filter.after.id}::uuid)`
      : undefined,
  ];
  return selectDocuments(db)
    .where(and(...conditions))
    .orderBy(desc(documents.updatedAt), desc(documents.id))
    .limit(limit + 1);
}

export async function lockDocument(db: Executor, id: string) {
  const [row] = await db.select().from(documents).where(eq(documents.id, id)).for("update");
  return row;
}

export async function findDocumentRow(db: Executor, id: string) {
  const [row] = await db.select().from(documents).where(eq(documents.id, id));
  return row;
}

export async function insertDocument(db: Executor, values: typeof documents.$inferInsert) {
  const [row] = await db.insert(documents).values(values).returning();
  return row!;
}

export async function updateDocument(db: Executor, id: string, version: number, values: Partial<typeof documents.$inferInsert>) {
  const [row] = await db
    .update(documents)
    .set({ ...values, updatedAt: sql`now()`, version: sql`${documents.version} + 1` })
    .where(and(eq(documents.id, id), eq(documents.version, version)))
    .returning();
  return row;
}

/** Counts a new revision on the document (its version moves: an edit based on the old one is stale). */
export async function advanceRevision(db: Executor, id: string) {
  const [row] = await db
    .update(documents)
    .set({ revisionCount: sql`${documents.revisionCount} + 1`, updatedAt: sql`now()`, version: sql`${documents.version} + 1` })
    .where(eq(documents.id, id))
    .returning();
  return row!;
}

export async function deleteDocument(db: Executor, id: string) {
  await db.delete(documents).where(eq(documents.id, id));
}

// ─── the records documents hang on ───

export async function userName(db: Executor, id: string) {
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, id));
  return row?.name;
}

export async function findCompanyName(db: Executor, id: string) {
  const [row] = await db.select({ name: companies.name }).from(companies).where(eq(companies.id, id));
  return row?.name;
}

/** A contact's primary company and name (documents on a contact have its company's visibility). */
export async function findContact(db: Executor, id: string) {
  const [row] = await db
    .select({ id: contacts.id, companyId: contacts.companyId, name: contactName })
    .from(contacts)
    .where(eq(contacts.id, id));
  return row;
}

/** A company merge: the source's documents (and those of its contacts) now belong to the target. */
export async function moveCompanyDocuments(db: Executor, sourceId: string, targetId: string) {
  await db
    .update(documents)
    .set({ recordId: targetId })
    .where(and(eq(documents.recordType, "company"), eq(documents.recordId, sourceId)));
  await db.update(documents).set({ companyId: targetId }).where(eq(documents.companyId, sourceId));
}

/** A contact merged into another: its documents hang on the kept contact, with that contact's company. */
export async function moveContactDocuments(db: Executor, sourceId: string, targetId: string) {
  return db.execute(sql`UPDATE ${documents} d SET record_id = ${targetId}::uuid, company_id = c.company_id
    FROM ${contacts} c WHERE c.id = ${targetId}::uuid AND d.record_type = 'contact' AND d.record_id = ${sourceId}::uuid
    RETURNING d.id, d.company_id`);
}

/** A contact deleted on its own: its documents stay with its company. */
export async function detachContactDocuments(db: Executor, contactId: string) {
  return db
    .update(documents)
    .set({ recordType: "company", recordId: sql`${documents.companyId}` })
    .where(and(eq(documents.recordType, "contact"), eq(documents.recordId, contactId)))
    .returning({ id: documents.id, companyId: documents.companyId });
}

/** A contact that moved to another primary company takes its documents' visibility along; answers the companies they left. */
export async function followContactCompany(db: Executor, contactId: string) {
  const contact = await findContact(db, contactId);
  if (!contact) return [];
  const onContact = and(eq(documents.recordType, "contact"), eq(documents.recordId, contactId), ne(documents.companyId, contact.companyId));
  const left = await db.selectDistinct({ companyId: documents.companyId }).from(documents).where(onContact);
  if (left.length === 0) return [];
  await db.update(documents).set({ companyId: contact.companyId }).where(onContact);
  return left.map((row) => row.companyId);
}

// ─── comments ───

const commentView = {
  id: documentComments.id,
  documentId: documentComments.documentId,
  revisionId: documentComments.revisionId,
  revisionNumber: documentRevisions.number,
  authorId: documentComments.authorId,
  authorName: author.name,
  body: documentComments.body,
  anchorPage: documentComments.anchorPage,
  anchorX: documentComments.anchorX,
  anchorY: documentComments.anchorY,
  resolved: documentComments.resolved,
  resolvedById: documentComments.resolvedBy,
  resolvedByName: resolver.name,
  resolvedAt: documentComments.resolvedAt,
  createdAt: documentComments.createdAt,
  updatedAt: documentComments.updatedAt,
  version: documentComments.version,
};
export type CommentView = Awaited<ReturnType<typeof listComments>>[number];

const selectComments = (db: Executor) =>
  db
    .select(commentView)
    .from(documentComments)
    .innerJoin(documentRevisions, eq(documentRevisions.id, documentComments.revisionId))
    .innerJoin(author, eq(author.id, documentComments.authorId))
    .leftJoin(resolver, eq(resolver.id, documentComments.resolvedBy));

export async function listComments(db: Executor, documentId: string, revisionId?: string) {
  return selectComments(db)
    .where(and(eq(documentComments.documentId, documentId), revisionId ? eq(documentComments.revisionId, revisionId) : undefined))
    .orderBy(asc(documentComments.createdAt), asc(documentComments.id));
}

export async function findComment(db: Executor, documentId: string, id: string) {
  const [row] = await selectComments(db).where(and(eq(documentComments.documentId, documentId), eq(documentComments.id, id)));
  return row;
}

export async function lockComment(db: Executor, documentId: string, id: string) {
  const [row] = await db
    .select()
    .from(documentComments)
    .where(and(eq(documentComments.documentId, documentId), eq(documentComments.id, id)))
    .for("update");
  return row;
}

export async function insertComment(db: Executor, values: typeof documentComments.$inferInsert) {
  const [row] = await db.insert(documentComments).values(values).returning();
  return row!;
}

export async function updateComment(db: Executor, id: string, version: number, values: Partial<typeof documentComments.$inferInsert>) {
  const [row] = await db
    .update(documentComments)
    .set({ ...values, updatedAt: sql`now()`, version: sql`${documentComments.version} + 1` })
    .where(and(eq(documentComments.id, id), eq(documentComments.version, version)))
    .returning();
  return row;
}

export async function deleteComment(db: Executor, id: string) {
  await db.delete(documentComments).where(eq(documentComments.id, id));
}

/** Who wrote comments on the document (to tell them of a new one). */
export async function commenterIds(db: Executor, documentId: string) {
  const rows = await db
    .selectDistinct({ id: documentComments.authorId })
    .from(documentComments)
    .where(eq(documentComments.documentId, documentId));
  return rows.map((row) => row.id);
}

// ─── share links ───

const shareView = {
  id: documentShares.id,
  documentId: documentShares.documentId,
  revisionId: documentShares.revisionId,
  revisionNumber: documentRevisions.number,
  createdById: documentShares.createdBy,
  createdByName: creator.name,
  createdAt: documentShares.createdAt,
  expiresAt: documentShares.expiresAt,
  revokedAt: documentShares.revokedAt,
  revokedByName: revoker.name,
  opens: documentShares.opens,
  lastOpenedAt: documentShares.lastOpenedAt,
  version: documentShares.version,
  expired: sql<boolean>`${documentShares.expiresAt} <= now()`,
};
export type ShareView = Awaited<ReturnType<typeof listShares>>[number];

const selectShares = (db: Executor) =>
  db
    .select(shareView)
    .from(documentShares)
    .innerJoin(documentRevisions, eq(documentRevisions.id, documentShares.revisionId))
    .innerJoin(creator, eq(creator.id, documentShares.createdBy))
    .leftJoin(revoker, eq(revoker.id, documentShares.revokedBy));

export async function listShares(db: Executor, documentId: string) {
  return selectShares(db).where(eq(documentShares.documentId, documentId)).orderBy(desc(documentShares.createdAt), desc(documentShares.id));
}

export async function findShare(db: Executor, documentId: string, id: string) {
  const [row] = await selectShares(db).where(and(eq(documentShares.documentId, documentId), eq(documentShares.id, id)));
  return row;
}

export async function lockShare(db: Executor, documentId: string, id: string) {
  const [row] = await db
    .select()
    .from(documentShares)
    .where(and(eq(documentShares.documentId, documentId), eq(documentShares.id, id)))
    .for("update");
  return row;
}

export async function insertShare(db: Executor, values: typeof documentShares.$inferInsert) {
  const [row] = await db.insert(documentShares).values(values).returning();
  return row!;
}

export async function revokeShare(db: Executor, id: string, version: number, userId: string) {
  const [row] = await db
    .update(documentShares)
    .set({
      revokedAt: sql`coalesce(${documentShares.revokedAt}, now())`,
      revokedBy: sql`coalesce(${documentShares.revokedBy}, ${userId}::uuid)`,
      updatedAt: sql`now()`,
      version: sql`${documentShares.version} + 1`,
    })
    .where(and(eq(documentShares.id, id), eq(documentShares.version, version)))
    .returning();
  return row;
}

/**
 * The live link with this token hash and what its page shows, counting the open. Expired,
 * revoked and unknown tokens all find nothing.
 */
export async function openShare(db: Executor, tokenHash: string, count: boolean) {
  const live = and(
    eq(documentShares.tokenHash, tokenHash),
    sql`${documentShares.revokedAt} IS NULL`,
    sql`${documentShares.expiresAt} > now()`,
  );
  if (count) {
    const [opened] = await db
      .update(documentShares)
      .set({ opens: sql`${documentShares.opens} + 1`, lastOpenedAt: sql`now()` })
      .where(live)
      .returning({ id: documentShares.id });
    if (!opened) return undefined;
  }
  const [row] = await db
    .select({
      shareId: documentShares.id,
      expiresAt: documentShares.expiresAt,
      documentId: documents.id,
      companyId: documents.companyId,
      title: documents.title,
      kind: documents.kind,
      revisionNumber: documentRevisions.number,
      fileName: documentRevisions.fileName,
      size: documentRevisions.size,
      contentType: documentRevisions.contentType,
      sha256: documentRevisions.sha256,
      uploadedAt: documentRevisions.createdAt,
    })
    .from(documentShares)
    .innerJoin(documentRevisions, eq(documentRevisions.id, documentShares.revisionId))
    .innerJoin(documents, eq(documents.id, documentShares.documentId))
    .where(live);
  return row;
}
