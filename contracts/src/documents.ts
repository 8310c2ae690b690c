import { z } from "zod";
import { id, isoDateTime, limits } from "./common";

// ---------------------------------------------------------------------------------------------
// Documents with revisions, on a company or a contact (later records use the same record type/id)

export const documentKinds = ["proposal", "contract", "manual", "other"] as const;
export type DocumentKind = (typeof documentKinds)[number];

/** Records a document can hang on; its visibility is always its company's. */
export const documentRecordTypes = ["company", "contact"] as const;
export type DocumentRecordType = (typeof documentRecordTypes)[number];

/** The file types an upload may have (sniffed from the content, never taken from the client). */
export const documentContentTypes = [
  "application/pdf",
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/vnd.oasis.opendocument.text",
  "application/vnd.oasis.opendocument.spreadsheet",
  "application/vnd.oasis.opendocument.presentation",
  "text/plain",
  "text/csv",
] as const;
export type DocumentContentType = (typeof documentContentTypes)[number];

/** How a revision can be shown in the browser: PDF pages, an image, or not at all (download only). */
export const previewKinds = ["pdf", "image", "none"] as const;
export type PreviewKind = (typeof previewKinds)[number];

export function previewKindOf(contentType: string): PreviewKind {
  if (contentType === "application/pdf") return "pdf";
  if (contentType.startsWith("image/")) return "image";
  return "none";
}

export const documentLimits = {
  titleMax: limits.nameMax,
  descriptionMax: 1000,
  noteMax: 1000,
  /** File names as sent; the stored display name is normalised and at most `fileNameStored` long. */
  fileNameMax: 1000,
  fileNameStored: 200,
  commentMax: 5000,
  /** A share link lives at most this long. */
  shareMaxDays: 90,
} as const;

const noNul = /^[^\u0000]*$/;
const text = (max: number) => z.string().trim().max(max).regex(noNul, "must not contain NUL characters");
const optionalQueryText = (max: number) =>
  text(max)
    .transform((value) => (value === "" ? null : value))
    .optional();

/** One uploaded version of a document's file; revisions are numbered 1..n and never change. */
export const documentRevision = z.object({
  id,
  documentId: id,
  number: z.number().int(),
  /** The uploader's file name, for display only (normalised: no path, control or bidi characters). */
  fileName: z.string(),
  size: z.number().int(),
  contentType: z.enum(documentContentTypes),
  preview: z.enum(previewKinds),
  sha256: z.string(),
  note: z.string().nullable(),
  authorId: id,
  authorName: z.string(),
  createdAt: isoDateTime,
});
export type DocumentRevision = z.infer<typeof documentRevision>;

/** A document in a list: its latest revision, where it hangs and how many comments are open. */
export const documentSummary = z.object({
  id,
  /** The company whose visibility the document has (a contact's document: the contact's company). */
  companyId: id,
  companyName: z.string(),
  recordType: z.enum(documentRecordTypes),
  recordId: id,
  /** The company's or the contact's name. */
  recordName: z.string(),
  kind: z.enum(documentKinds),
  title: z.string(),
  description: z.string().nullable(),
  current: documentRevision,
  revisionCount: z.number().int(),
  openComments: z.number().int(),
  createdById: id,
  createdByName: z.string(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
});
export type DocumentSummary = z.infer<typeof documentSummary>;

/** A document with every revision, newest first, and what the caller may do with it. */
export const documentDetail = documentSummary.extend({
  revisions: z.array(documentRevision),
  /** Whether the caller may upload revisions, edit, delete and share (update on the company). */
  canUpdate: z.boolean(),
});
export type DocumentDetail = z.infer<typeof documentDetail>;

/** `GET /api/documents`: the documents of a company (its contacts' too) or of a contact, newest change first. */
export const documentListQuery = z
  .object({
    recordType: z.enum(documentRecordTypes),
    recordId: id,
    kind: z.enum(documentKinds).optional(),
    q: text(200).optional(),
    limit: z.coerce.number().int().min(1).max(limits.pageSizeMax).default(100),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type DocumentListQuery = z.output<typeof documentListQuery>;

/**
 * Query of `POST /api/documents` (body: the file as application/octet-stream): a new document
 * and its first revision.
 */
export const documentCreateQuery = z
  .object({
    recordType: z.enum(documentRecordTypes),
    recordId: id,
    kind: z.enum(documentKinds),
    title: text(documentLimits.titleMax).min(1),
    description: optionalQueryText(documentLimits.descriptionMax),
    fileName: z.string().max(documentLimits.fileNameMax).min(1),
    note: optionalQueryText(documentLimits.noteMax),
  })
  .strict();
export type DocumentCreateQuery = z.output<typeof documentCreateQuery>;

/** Query of `POST /api/documents/:id/revisions` (body: the file as application/octet-stream). */
export const revisionCreateQuery = z
  .object({
    fileName: z.string().max(documentLimits.fileNameMax).min(1),
    note: optionalQueryText(documentLimits.noteMax),
  })
  .strict();
export type RevisionCreateQuery = z.output<typeof revisionCreateQuery>;

/** `PATCH /api/documents/:id` (If-Match). */
export const documentPatch = z
  .object({
    kind: z.enum(documentKinds).optional(),
    title: text(documentLimits.titleMax).min(1).optional(),
    description: text(documentLimits.descriptionMax)
      .transform((value) => (value === "" ? null : value))
      .nullable()
      .optional(),
  })
  .strict();
export type DocumentPatch = z.output<typeof documentPatch>;

export const documentRevisionParams = z.object({ id, revisionId: id }).strict();
export const documentCommentParams = z.object({ id, commentId: id }).strict();
export const documentShareParams = z.object({ id, shareId: id }).strict();

/** `GET /api/documents/:id/compare?from=1&to=3`: two revision numbers of the document. */
export const revisionCompareQuery = z
  .object({
    from: z.coerce.number().int().min(1).max(1_000_000),
    to: z.coerce.number().int().min(1).max(1_000_000),
  })
  .strict();

export const revisionCompareFields = ["fileName", "size", "contentType", "author", "createdAt", "note"] as const;
export type RevisionCompareField = (typeof revisionCompareFields)[number];

/** What differs between two revisions' metadata, and whether their content is the same bytes. */
export const revisionComparison = z.object({
  documentId: id,
  from: documentRevision,
  to: documentRevision,
  changed: z.array(z.enum(revisionCompareFields)),
  /** `to.size - from.size` in bytes. */
  sizeDelta: z.number().int(),
  /** Same SHA-256: the file did not change. */
  identicalContent: z.boolean(),
});
export type RevisionComparison = z.infer<typeof revisionComparison>;

/** `GET /api/documents/storage`: the upload limits and how much of their quota the caller has used. */
export const documentStorage = z.object({
  maxFileBytes: z.number().int(),
  quotaBytes: z.number().int(),
  usedBytes: z.number().int(),
});
export type DocumentStorage = z.infer<typeof documentStorage>;

// ---------------------------------------------------------------------------------------------
// Comments anchored to a revision

/** A markup pin on the preview: the page (1 for images) and the position as fractions of its width and height. */
export const commentAnchor = z
  .object({
    page: z.number().int().min(1).max(100_000),
    x: z.number().min(0).max(1),
    y: z.number().min(0).max(1),
  })
  .strict();
export type CommentAnchor = z.infer<typeof commentAnchor>;

export const documentComment = z.object({
  id,
  documentId: id,
  revisionId: id,
  revisionNumber: z.number().int(),
  authorId: id,
  authorName: z.string(),
  /** Plain text (shown as text, never as HTML). */
  body: z.string(),
  anchor: commentAnchor.nullable(),
  resolved: z.boolean(),
  resolvedById: id.nullable(),
  resolvedByName: z.string().nullable(),
  resolvedAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
  /** The caller wrote it (may change its text) or may update the company (may delete it). */
  canEdit: z.boolean(),
  canDelete: z.boolean(),
});
export type DocumentComment = z.infer<typeof documentComment>;

export const documentComments = z.object({ items: z.array(documentComment) });
export type DocumentComments = z.infer<typeof documentComments>;

/** `GET /api/documents/:id/comments`: all, or one revision's. */
export const documentCommentsQuery = z.object({ revisionId: id.optional() }).strict();

export const documentCommentCreate = z
  .object({
    body: text(documentLimits.commentMax).min(1),
    anchor: commentAnchor.nullable().optional(),
  })
  .strict();
export type DocumentCommentCreate = z.output<typeof documentCommentCreate>;

/** `PATCH …/comments/:commentId` (If-Match): its author changes the text; anyone who may comment resolves or reopens it. */
export const documentCommentPatch = z
  .object({
    body: text(documentLimits.commentMax).min(1).optional(),
    resolved: z.boolean().optional(),
  })
  .strict();
export type DocumentCommentPatch = z.output<typeof documentCommentPatch>;

// ---------------------------------------------------------------------------------------------
// Share links

export const shareStates = ["active", "expired", "revoked"] as const;
export type ShareState = (typeof shareStates)[number];

export const documentShare = z.object({
  id,
  documentId: id,
  revisionId: id,
  revisionNumber: z.number().int(),
  createdById: id,
  createdByName: z.string(),
  createdAt: isoDateTime,
  expiresAt: isoDateTime,
  revokedAt: isoDateTime.nullable(),
  revokedByName: z.string().nullable(),
  state: z.enum(shareStates),
  /** How often the link's page was opened. */
  opens: z.number().int(),
  lastOpenedAt: isoDateTime.nullable(),
  /** Its creator or someone who may update the company may revoke it. */
  canRevoke: z.boolean(),
  version: z.number().int(),
});
export type DocumentShare = z.infer<typeof documentShare>;

export const documentShares = z.object({ items: z.array(documentShare) });
export type DocumentShares = z.infer<typeof documentShares>;

/** `POST /api/documents/:id/revisions/:revisionId/shares`: an expiry is required, at most `shareMaxDays` ahead. */
export const documentShareCreate = z.object({ expiresAt: isoDateTime }).strict();
export type DocumentShareCreate = z.output<typeof documentShareCreate>;

/** The new link: the token is shown this once (only its hash is stored). */
export const documentShareCreated = documentShare.extend({
  token: z.string(),
  /** The web page of the link, relative to the app's origin. */
  path: z.string(),
});
export type DocumentShareCreated = z.infer<typeof documentShareCreated>;

/** `GET /api/public/shares/:token` (no session): what the link's page shows. */
export const publicShare = z.object({
  title: z.string(),
  kind: z.enum(documentKinds),
  revisionNumber: z.number().int(),
  fileName: z.string(),
  size: z.number().int(),
  contentType: z.enum(documentContentTypes),
  preview: z.enum(previewKinds),
  uploadedAt: isoDateTime,
  expiresAt: isoDateTime,
});
export type PublicShare = z.infer<typeof publicShare>;

export const publicShareParams = z.object({ token: z.string().max(200) }).strict();
