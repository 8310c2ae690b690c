/**
 * Documents with revisions on a company or a contact. A document has its company's visibility:
 * reading, downloading and commenting need read on the company, uploading, editing, deleting
 * and sharing need update on it (invisible → 404, visible but not changeable → 403, both
 * before anything is written). Every change is announced on `company:<id>` (and the
 * contact's topic) with the company's access attributes.
 *
 * A revision's file and row appear together or not at all: see `platform/files/store.ts`.
 */
import { createHash, randomBytes } from "node:crypto";
import {
  documentLimits,
  revisionCompareFields,
  type DocumentCommentCreate,
  type DocumentCommentPatch,
  type DocumentCreateQuery,
  type DocumentListQuery,
  type DocumentPatch,
  type DocumentRecordType,
  type DocumentShareCreate,
  type PublicShare,
  type RevisionComparison,
  type RevisionCompareField,
  type RevisionCreateQuery,
} from "@relata/contracts";
import { previewKindOf, type DocumentContentType, type DocumentKind } from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { unitOfWork, type DomainEvent, type UnitOfWork, type UnitOfWorkContext } from "../../platform/events/unit-of-work";
import type { Actor, UserActor } from "../../platform/access/actor";
import { canAccessRecord } from "../../platform/access/policy";
import { AppError, Forbidden, NotFound, PreconditionFailed, PreconditionRequired, Validation } from "../../platform/errors";
import { cursorValue, decodeCursor, toPage } from "../../platform/http/pagination";
import { addHousekeeping } from "../../platform/jobs/jobs";
import {
  assertWithinQuota,
  collectFileGarbage,
  discardIfUnreferenced,
  discardTemp,
  isStored,
  lockFileHash,
  normaliseFileName,
  placeFile,
  registerFileReferences,
  sniffContentType,
  type ReceivedFile,
} from "../../platform/files";
import { companyFor, registerCompanyMergeStep, type CompanyPlacement } from "../companies";
import { notify } from "../notifications";
import { recordSystemEntry, registerTimelineRelatedType } from "../timeline";
import * as repo from "./documents.repository";
import { presentComment, presentDetail, presentDocument, presentRevision, presentShare } from "./documents.presenter";

type Context = UnitOfWorkContext & { actor: UserActor };
type Executor = Platform["db"] | UnitOfWork["tx"];

// ───────────────────────────── where a document hangs, and who may do what ─────────────────────────────

type Target = { company: CompanyPlacement; recordType: DocumentRecordType; recordId: string; contactId: string | null };

const isNotFound = (error: unknown) => error instanceof AppError && error.status === 404;

/** The record a new document goes on: a company, or a contact (with its primary company's visibility). */
async function recordFor(db: Executor, actor: Actor, type: DocumentRecordType, id: string, action: "read" | "update"): Promise<Target> {
  if (type === "company") return { company: await companyFor(db, actor, id, action), recordType: type, recordId: id, contactId: null };
  const contact = await repo.findContact(db, id);
  if (!contact) throw NotFound("Contact");
  try {
    return { company: await companyFor(db, actor, contact.companyId, action), recordType: type, recordId: id, contactId: id };
  } catch (error) {
    // A contact of a hidden company answers exactly like one that does not exist.
    if (isNotFound(error)) throw NotFound("Contact");
    throw error;
  }
}

/** A document the actor may see (404 otherwise) and, for "update", change (403 otherwise). */
async function documentFor(db: Executor, actor: Actor, id: string, action: "read" | "update" = "read") {
  const row = await repo.findDocumentRow(db, id);
  if (!row) throw NotFound("Document");
  try {
    const company = await companyFor(db, actor, row.companyId, action);
    return { row, company };
  } catch (error) {
    if (isNotFound(error)) throw NotFound("Document");
    throw error;
  }
}

const mayUpdate = (actor: Actor, company: CompanyPlacement) => canAccessRecord(actor, "company", "update", company);

const topicsOf = (companyIds: readonly string[], contactId: string | null) => [
  ...new Set(companyIds.map((id) => `company:${id}`)),
  ...(contactId ? [`contact:${contactId}`] : []),
];

async function emitDocument(
  uow: UnitOfWork,
  name: string,
  document: { id: string; recordType: string; recordId: string },
  company: CompanyPlacement,
  payload: Record<string, unknown> = {},
  alsoCompanies: string[] = [],
) {
  const event: DomainEvent = {
    name: `document.${name}`,
    object: "company",
    recordId: document.id,
    topics: topicsOf([company.id, ...alsoCompanies], document.recordType === "contact" ? document.recordId : null),
    access: { ownerId: company.ownerId, teamId: company.teamId, orgUnitId: company.orgUnitId, securityLevel: company.securityLevel },
    payload: { documentId: document.id, companyId: company.id, ...payload },
  };
  await uow.emit(event);
}

// ───────────────────────────── hooks ─────────────────────────────

/** A company merged away: its documents and its contacts' now have the kept company's visibility. */
async function moveOnCompanyMerge(uow: UnitOfWork, merge: { sourceId: string; targetId: string }) {
  await repo.moveCompanyDocuments(uow.tx, merge.sourceId, merge.targetId);
}

/**
 * Merge steps, contact moves and deletions, garbage collection of files no revision
 * references, and documents as something a timeline entry can be about.
 */
export function registerDocumentHooks(platform: Platform) {
  registerCompanyMergeStep(moveOnCompanyMerge);
  // A contact merged away or deleted: the merge moves its documents to the kept contact, a deletion leaves them with its company.
  platform.projections.on("contact.deleted", async (event, uow) => {
    if (!event.recordId) return;
    const into = event.payload?.mergedInto;
    if (typeof into === "string") await repo.moveContactDocuments(uow.tx, event.recordId, into);
    else await repo.detachContactDocuments(uow.tx, event.recordId);
  });
  // A contact moved to another primary company: its documents follow (their visibility is the company's).
  platform.projections.on("contact.updated", async (event, uow) => {
    if (event.recordId) await repo.followContactCompany(uow.tx, event.recordId);
  });
  registerFileReferences("documents", (db, hashes) => repo.referencedHashes(db, hashes));
  addHousekeeping(async (p) => {
    await collectFileGarbage(p);
  });
  registerTimelineRelatedType("document", async (uow, actor, companyId, id) => {
    const row = await repo.findDocumentRow(uow.tx, id);
    return (
      row?.companyId === companyId &&
      (await companyFor(uow.tx, actor, companyId).then(
        () => true,
        () => false,
      ))
    );
  });
}

// ───────────────────────────── reading ─────────────────────────────

export async function listDocuments(platform: Platform, actor: Actor, query: DocumentListQuery) {
  const target = await recordFor(platform.db, actor, query.recordType, query.recordId, "read");
  const cursor = decodeCursor(query.cursor, 2, ([at, id]) => cursorValue.instant(at) && cursorValue.id(id));
  const rows = await repo.listDocuments(
    platform.db,
    {
      // A company's documents include its contacts'; a contact's are its own.
      ...(target.recordType === "company" ? { companyId: target.company.id } : { record: { type: "contact", id: target.recordId } }),
      kind: query.kind,
      q: query.q,
      after: cursor ? { updatedKey: cursor[0] as string, id: cursor[1] as string } : undefined,
    },
    query.limit,
  );
  return toPage(rows, query.limit, presentDocument, (row) => [row.updatedKey, row.id]);
}

async function detail(db: Executor, actor: Actor, id: string, company: CompanyPlacement) {
  const row = await repo.findDocument(db, id);
  if (!row) throw NotFound("Document");
  return presentDetail(row, await repo.revisionsOf(db, id), mayUpdate(actor, company));
}

export async function getDocument(platform: Platform, actor: Actor, id: string) {
  const { company } = await documentFor(platform.db, actor, id);
  return detail(platform.db, actor, id, company);
}

/** The revision whose file to send (after the document's access check). */
export async function revisionFile(platform: Platform, actor: Actor, id: string, revisionId: string) {
  await documentFor(platform.db, actor, id);
  const revision = await repo.findRevision(platform.db, id, revisionId);
  if (!revision) throw NotFound("Revision");
  return revision;
}

/** What differs between two revisions' metadata, and whether their bytes are the same. */
export async function compareRevisions(
  platform: Platform,
  actor: Actor,
  id: string,
  from: number,
  to: number,
): Promise<RevisionComparison> {
  await documentFor(platform.db, actor, id);
  const rows = await repo.revisionsByNumber(platform.db, id, [from, to]);
  const left = rows.find((row) => row.number === from);
  const right = rows.find((row) => row.number === to);
  if (!left) throw Validation([{ field: "from", message: "no such revision" }]);
  if (!right) throw Validation([{ field: "to", message: "no such revision" }]);
  const differs: Record<RevisionCompareField, boolean> = {
    fileName: left.fileName !== right.fileName,
    size: left.size !== right.size,
    contentType: left.contentType !== right.contentType,
    author: left.authorId !== right.authorId,
    createdAt: left.createdAt.getTime() !== right.createdAt.getTime(),
    note: left.note !== right.note,
  };
  return {
    documentId: id,
    from: presentRevision(left),
    to: presentRevision(right),
    changed: revisionCompareFields.filter((field) => differs[field]),
    sizeDelta: right.size - left.size,
    identicalContent: left.sha256 === right.sha256,
  };
}

// ───────────────────────────── uploads ─────────────────────────────

/** The limits an upload has to fit, so screens can say them before sending anything. */
export async function storage(platform: Platform, actor: UserActor) {
  return {
    maxFileBytes: platform.config.files.maxBytes,
    quotaBytes: platform.config.files.quotaBytes,
    usedBytes: await repo.bytesUploadedBy(platform.db, actor.userId),
  };
}

/**
 * Before the body is read (the route's preParsing): the record exists and the actor may
 * change it, and what the client announces fits the size limit and their quota. The unit of
 * work checks all of it again.
 */
export async function checkUpload(
  platform: Platform,
  actor: UserActor,
  where: { recordType: DocumentRecordType; recordId: string } | { documentId: string },
  announcedBytes: number,
) {
  if ("documentId" in where) await documentFor(platform.db, actor, where.documentId, "update");
  else await recordFor(platform.db, actor, where.recordType, where.recordId, "update");
  assertWithinQuota(await repo.bytesUploadedBy(platform.db, actor.userId), announcedBytes, platform.config.files.quotaBytes);
}

type NewRevision = { fileName: string; note: string | null; contentType: DocumentContentType };

/**
 * Runs `work` in a unit of work with the file placed at its very end, just before commit;
 * when the transaction fails after the file was placed by this upload, the file goes again
 * (unless another upload's committed row now references the same content).
 */
async function withStoredFile<T>(
  platform: Platform,
  context: Context,
  file: ReceivedFile,
  work: (uow: UnitOfWork) => Promise<T>,
): Promise<T> {
  let created = false;
  try {
    return await unitOfWork(platform.db, platform.projections, context, async (uow) => {
      const result = await work(uow);
      await lockFileHash(uow.tx, file.sha256);
      // Decided before placing: a failure half-way through placing still removes what it made.
      if (!(await isStored(platform.config.dataDir, file.sha256))) created = true;
      await placeFile(platform.config.dataDir, file);
      return result;
    });
  } catch (error) {
    if (created)
      await discardIfUnreferenced(platform, file.sha256).catch((cleanup: unknown) =>
        platform.log.error(cleanup, "could not discard an uploaded file"),
      );
    throw error;
  } finally {
    await discardTemp(file);
  }
}

/** Adds revision n+1 to a locked document (quota checked under the uploader's lock). */
async function addRevision(
  platform: Platform,
  uow: UnitOfWork,
  actor: UserActor,
  documentId: string,
  file: ReceivedFile,
  input: NewRevision,
) {
  await repo.lockQuota(uow.tx, actor.userId);
  assertWithinQuota(await repo.bytesUploadedBy(uow.tx, actor.userId), file.size, platform.config.files.quotaBytes);
  const document = await repo.advanceRevision(uow.tx, documentId);
  const revision = await repo.insertRevision(uow.tx, {
    documentId,
    number: document.revisionCount,
    fileName: input.fileName,
    size: file.size,
    contentType: input.contentType,
    sha256: file.sha256,
    note: input.note,
    authorId: actor.userId,
  });
  return { document, revision };
}

async function sniff(file: ReceivedFile, rawName: string) {
  const fileName = normaliseFileName(rawName);
  return { fileName, contentType: await sniffContentType(file, fileName) };
}

function systemEntry(
  uow: UnitOfWork,
  kind: "document_added" | "document_revised",
  target: Target,
  document: repo.DocumentRow,
  revision: { number: number; fileName: string; note: string | null },
) {
  return recordSystemEntry(uow, {
    companyId: target.company.id,
    ...(target.contactId ? { contactIds: [target.contactId] } : {}),
    systemKind: kind,
    data: {
      documentId: document.id,
      title: document.title,
      kind: document.kind,
      revision: revision.number,
      fileName: revision.fileName,
      note: revision.note,
    },
    related: { type: "document", id: document.id },
  });
}

/** `POST /api/documents`: a new document with its first revision. */
export async function createDocument(platform: Platform, context: Context, query: DocumentCreateQuery, file: ReceivedFile) {
  const { actor } = context;
  let sniffed: Awaited<ReturnType<typeof sniff>>;
  try {
    sniffed = await sniff(file, query.fileName);
  } catch (error) {
    await discardTemp(file);
    throw error;
  }
  return withStoredFile(platform, context, file, async (uow) => {
    const target = await recordFor(uow.tx, actor, query.recordType, query.recordId, "update");
    const created = await repo.insertDocument(uow.tx, {
      companyId: target.company.id,
      recordType: target.recordType,
      recordId: target.recordId,
      kind: query.kind,
      title: query.title,
      description: query.description ?? null,
      createdBy: actor.userId,
      // Counting its first revision makes it version 1.
      version: 0,
    });
    const { document, revision } = await addRevision(platform, uow, actor, created.id, file, { ...sniffed, note: query.note ?? null });
    await systemEntry(uow, "document_added", target, document, revision);
    await emitDocument(uow, "created", document, target.company, { revision: revision.number });
    return detail(uow.tx, actor, document.id, target.company);
  });
}

/** `POST /api/documents/:id/revisions`: the next revision (If-Match optional: sent, a stale one is 412). */
export async function addDocumentRevision(
  platform: Platform,
  context: Context,
  id: string,
  version: number | undefined,
  query: RevisionCreateQuery,
  file: ReceivedFile,
) {
  const { actor } = context;
  let sniffed: Awaited<ReturnType<typeof sniff>>;
  try {
    sniffed = await sniff(file, query.fileName);
  } catch (error) {
    await discardTemp(file);
    throw error;
  }
  return withStoredFile(platform, context, file, async (uow) => {
    const { company } = await documentFor(uow.tx, actor, id, "update");
    const locked = await repo.lockDocument(uow.tx, id);
    if (!locked) throw NotFound("Document");
    if (version !== undefined && version !== locked.version) throw PreconditionFailed();
    const { document, revision } = await addRevision(platform, uow, actor, id, file, { ...sniffed, note: query.note ?? null });
    const target: Target = {
      company,
      recordType: document.recordType as DocumentRecordType,
      recordId: document.recordId,
      contactId: document.recordType === "contact" ? document.recordId : null,
    };
    await systemEntry(uow, "document_revised", target, document, revision);
    await emitDocument(uow, "revised", document, company, { revision: revision.number });
    return detail(uow.tx, actor, id, company);
  });
}

// ───────────────────────────── editing and deleting ─────────────────────────────

export async function changeDocument(platform: Platform, context: Context, id: string, version: number, input: DocumentPatch) {
  const { actor } = context;
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const { company } = await documentFor(uow.tx, actor, id, "update");
    const locked = await repo.lockDocument(uow.tx, id);
    if (!locked) throw NotFound("Document");
    if (locked.version !== version) throw PreconditionFailed();
    const row = await repo.updateDocument(uow.tx, id, version, {
      ...(input.kind !== undefined ? { kind: input.kind } : {}),
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
    });
    if (!row) throw PreconditionFailed();
    await emitDocument(uow, "updated", row, company);
    return detail(uow.tx, actor, id, company);
  });
}

/** Removes a document with its revisions, comments and share links; files no other revision uses go at once. */
export async function deleteDocument(platform: Platform, context: Context, id: string, version: number | undefined) {
  const { actor } = context;
  const hashes = await unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const { company } = await documentFor(uow.tx, actor, id, "update");
    const locked = await repo.lockDocument(uow.tx, id);
    if (!locked) throw NotFound("Document");
    if (version === undefined) throw PreconditionRequired();
    if (locked.version !== version) throw PreconditionFailed();
    const revisions = await repo.revisionsOf(uow.tx, id);
    await repo.deleteDocument(uow.tx, id);
    await emitDocument(uow, "deleted", locked, company);
    return [...new Set(revisions.map((revision) => revision.sha256))];
  });
  for (const hash of hashes)
    await discardIfUnreferenced(platform, hash).catch((error: unknown) =>
      platform.log.error(error, "could not remove a deleted document's file"),
    );
}

// ───────────────────────────── comments ─────────────────────────────

export async function listComments(platform: Platform, actor: UserActor, id: string, revisionId: string | undefined) {
  const { company } = await documentFor(platform.db, actor, id);
  if (revisionId && !(await repo.findRevision(platform.db, id, revisionId)))
    throw Validation([{ field: "revisionId", message: "no such revision of this document" }]);
  const viewer = { userId: actor.userId, canUpdate: mayUpdate(actor, company) };
  return { items: (await repo.listComments(platform.db, id, revisionId)).map((row) => presentComment(row, viewer)) };
}

/** Comments anchored to a revision: anyone who may read the document may comment; its author and earlier commenters are told. */
export async function addComment(platform: Platform, context: Context, id: string, revisionId: string, input: DocumentCommentCreate) {
  const { actor } = context;
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const { row: document, company } = await documentFor(uow.tx, actor, id);
    const revision = await repo.findRevision(uow.tx, id, revisionId);
    if (!revision) throw NotFound("Revision");
    const recipients = [document.createdBy, revision.authorId, ...(await repo.commenterIds(uow.tx, id))];
    const row = await repo.insertComment(uow.tx, {
      documentId: id,
      revisionId,
      authorId: actor.userId,
      body: input.body,
      anchorPage: input.anchor?.page ?? null,
      anchorX: input.anchor?.x ?? null,
      anchorY: input.anchor?.y ?? null,
    });
    await notify(uow, {
      userIds: recipients,
      kind: "comment",
      params: {
        actor: (await repo.userName(uow.tx, actor.userId)) ?? "",
        title: document.title,
        company: (await repo.findCompanyName(uow.tx, company.id)) ?? "",
        revision: revision.number,
      },
      link: `/documents/${id}?revision=${revisionId}`,
      companyId: company.id,
    });
    await emitDocument(uow, "comment_added", document, company, { commentId: row.id });
    return presentComment((await repo.findComment(uow.tx, id, row.id))!, { userId: actor.userId, canUpdate: mayUpdate(actor, company) });
  });
}

export async function changeComment(
  platform: Platform,
  context: Context,
  id: string,
  commentId: string,
  version: number,
  input: DocumentCommentPatch,
) {
  const { actor } = context;
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const { row: document, company } = await documentFor(uow.tx, actor, id);
    const current = await repo.lockComment(uow.tx, id, commentId);
    if (!current) throw NotFound("Comment");
    if (input.body !== undefined && input.body !== current.body && current.authorId !== actor.userId)
      throw Forbidden("Only its author may change a comment's text");
    if (current.version !== version) throw PreconditionFailed();
    const resolving = input.resolved !== undefined && input.resolved !== current.resolved;
    const row = await repo.updateComment(uow.tx, commentId, version, {
      ...(input.body !== undefined ? { body: input.body } : {}),
      ...(resolving
        ? input.resolved
          ? { resolved: true, resolvedBy: actor.userId, resolvedAt: new Date() }
          : { resolved: false, resolvedBy: null, resolvedAt: null }
        : {}),
    });
    if (!row) throw PreconditionFailed();
    await emitDocument(uow, "comment_changed", document, company, { commentId });
    return presentComment((await repo.findComment(uow.tx, id, commentId))!, { userId: actor.userId, canUpdate: mayUpdate(actor, company) });
  });
}

/** Its author, or someone who may update the company, removes a comment. */
export async function deleteComment(platform: Platform, context: Context, id: string, commentId: string, version: number | undefined) {
  const { actor } = context;
  await unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const { row: document, company } = await documentFor(uow.tx, actor, id);
    const current = await repo.lockComment(uow.tx, id, commentId);
    if (!current) throw NotFound("Comment");
    if (current.authorId !== actor.userId && !mayUpdate(actor, company))
      throw Forbidden("Only its author or someone who may change the company may remove a comment");
    if (version === undefined) throw PreconditionRequired();
    if (current.version !== version) throw PreconditionFailed();
    await repo.deleteComment(uow.tx, commentId);
    await emitDocument(uow, "comment_deleted", document, company, { commentId });
  });
}

// ───────────────────────────── share links ─────────────────────────────

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function listShares(platform: Platform, actor: UserActor, id: string) {
  const { company } = await documentFor(platform.db, actor, id);
  const viewer = { userId: actor.userId, canUpdate: mayUpdate(actor, company) };
  return { items: (await repo.listShares(platform.db, id)).map((row) => presentShare(row, viewer)) };
}

/** A link to one revision: 32 random bytes, of which only the SHA-256 is stored; the token is answered this once. */
export async function createShare(platform: Platform, context: Context, id: string, revisionId: string, input: DocumentShareCreate) {
  const { actor } = context;
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const { row: document, company } = await documentFor(uow.tx, actor, id, "update");
    if (!(await repo.findRevision(uow.tx, id, revisionId))) throw NotFound("Revision");
    const expiresAt = new Date(input.expiresAt);
    const now = Date.now();
    if (expiresAt.getTime() <= now) throw Validation([{ field: "expiresAt", message: "must be in the future" }]);
    if (expiresAt.getTime() > now + documentLimits.shareMaxDays * 86_400_000)
      throw Validation([{ field: "expiresAt", message: `must be at most ${documentLimits.shareMaxDays} days ahead` }]);
    const token = randomBytes(32).toString("base64url");
    const row = await repo.insertShare(uow.tx, {
      documentId: id,
      revisionId,
      tokenHash: hashToken(token),
      expiresAt,
      createdBy: actor.userId,
    });
    await emitDocument(uow, "shared", document, company, { shareId: row.id });
    const share = presentShare((await repo.findShare(uow.tx, id, row.id))!, { userId: actor.userId, canUpdate: mayUpdate(actor, company) });
    return { ...share, token, path: `/share/${token}` };
  });
}

/** Its creator, or someone who may update the company, revokes a link (If-Match); a revoked link stays listed. */
export async function revokeShare(platform: Platform, context: Context, id: string, shareId: string, version: number | undefined) {
  const { actor } = context;
  await unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const { row: document, company } = await documentFor(uow.tx, actor, id);
    const current = await repo.lockShare(uow.tx, id, shareId);
    if (!current) throw NotFound("Share link");
    if (current.createdBy !== actor.userId && !mayUpdate(actor, company))
      throw Forbidden("Only its creator or someone who may change the company may revoke a link");
    if (version === undefined) throw PreconditionRequired();
    if (current.version !== version) throw PreconditionFailed();
    if (current.revokedAt) return;
    await repo.revokeShare(uow.tx, shareId, version, actor.userId);
    await emitDocument(uow, "share_revoked", document, company, { shareId });
  });
}

const shareGone = () => NotFound("Share link");
const tokenShape = /^[A-Za-z0-9_-]{43}$/;

/** A link's live revision by its token; expired, revoked, unknown and malformed tokens are the same 404. */
async function liveShare(platform: Platform, token: string, count: boolean) {
  if (!tokenShape.test(token)) throw shareGone();
  const opened = await unitOfWork(platform.db, platform.projections, { actor: { kind: "system", name: "share link" } }, async (uow) => {
    const row = await repo.openShare(uow.tx, hashToken(token), count);
    if (!row) return undefined;
    if (count) {
      const document = await repo.findDocumentRow(uow.tx, row.documentId);
      const company = await companyFor(uow.tx, uow.actor, row.companyId);
      if (document) await emitDocument(uow, "share_opened", document, company, { shareId: row.shareId });
    }
    return row;
  });
  if (!opened) throw shareGone();
  return opened;
}

/** `GET /api/public/shares/:token`: what the link's page shows (counted as an open). */
export async function openPublicShare(platform: Platform, token: string): Promise<PublicShare> {
  const row = await liveShare(platform, token, true);
  return {
    title: row.title,
    kind: row.kind as DocumentKind,
    revisionNumber: row.revisionNumber,
    fileName: row.fileName,
    size: row.size,
    contentType: row.contentType as DocumentContentType,
    preview: previewKindOf(row.contentType),
    uploadedAt: row.uploadedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  };
}

/** The file of a live link. */
export async function publicShareFile(platform: Platform, token: string) {
  return liveShare(platform, token, false);
}
