import {
  previewKindOf,
  type DocumentComment,
  type DocumentContentType,
  type DocumentDetail,
  type DocumentKind,
  type DocumentRecordType,
  type DocumentRevision,
  type DocumentShare,
  type DocumentSummary,
} from "@relata/contracts";
import type { CommentView, DocumentView, RevisionView, ShareView } from "./documents.repository";

export function presentRevision(row: RevisionView): DocumentRevision {
  return {
    id: row.id,
    documentId: row.documentId,
    number: row.number,
    fileName: row.fileName,
    size: row.size,
    contentType: row.contentType as DocumentContentType,
    preview: previewKindOf(row.contentType),
    sha256: row.sha256,
    note: row.note,
    authorId: row.authorId,
    authorName: row.authorName,
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentDocument(row: DocumentView): DocumentSummary {
  return {
    id: row.id,
    companyId: row.companyId,
    companyName: row.companyName,
    recordType: row.recordType as DocumentRecordType,
    recordId: row.recordId,
    recordName: row.recordName,
    kind: row.kind as DocumentKind,
    title: row.title,
    description: row.description,
    current: presentRevision(row.current),
    revisionCount: row.revisionCount,
    openComments: row.openComments,
    createdById: row.createdById,
    createdByName: row.createdByName,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export function presentDetail(row: DocumentView, revisions: RevisionView[], canUpdate: boolean): DocumentDetail {
  return { ...presentDocument(row), revisions: revisions.map(presentRevision), canUpdate };
}

export function presentComment(row: CommentView, viewer: { userId: string; canUpdate: boolean }): DocumentComment {
  const anchored = row.anchorPage !== null && row.anchorX !== null && row.anchorY !== null;
  return {
    id: row.id,
    documentId: row.documentId,
    revisionId: row.revisionId,
    revisionNumber: row.revisionNumber,
    authorId: row.authorId,
    authorName: row.authorName,
    body: row.body,
    anchor: anchored ? { page: row.anchorPage!, x: row.anchorX!, y: row.anchorY! } : null,
    resolved: row.resolved,
    resolvedById: row.resolvedById,
    resolvedByName: row.resolvedByName,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
    canEdit: row.authorId === viewer.userId,
    canDelete: row.authorId === viewer.userId || viewer.canUpdate,
  };
}

export function presentShare(row: ShareView, viewer: { userId: string; canUpdate: boolean }): DocumentShare {
  return {
    id: row.id,
    documentId: row.documentId,
    revisionId: row.revisionId,
    revisionNumber: row.revisionNumber,
    createdById: row.createdById,
    createdByName: row.createdByName,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revokedByName: row.revokedByName,
    state: row.revokedAt ? "revoked" : row.expired ? "expired" : "active",
    opens: row.opens,
    lastOpenedAt: row.lastOpenedAt?.toISOString() ?? null,
    canRevoke: row.revokedAt === null && (row.createdById === viewer.userId || viewer.canUpdate),
    version: row.version,
  };
}
