/** Documents calls: one function per endpoint; query keys start with "documents". */
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type {
  DocumentComment,
  DocumentCommentCreate,
  DocumentCommentPatch,
  DocumentComments,
  DocumentDetail,
  DocumentKind,
  DocumentPatch,
  DocumentRecordType,
  DocumentShareCreated,
  DocumentShares,
  DocumentStorage,
  DocumentSummary,
  PublicShare,
  RevisionComparison,
} from "@relata/contracts";
import { ApiError, api, apiFailure, csrf, safeJson, toQueryString } from "../../lib/api";

const documentPath = (id: string) => `/api/documents/${encodeURIComponent(id)}`;

/** Documents are announced on their company's topic (and a contact's on the contact's). */
export const recordTopic = (type: DocumentRecordType, id: string) => `${type}:${id}`;
export const companyTopic = (id: string) => `company:${id}`;

type Page<T> = { items: T[]; nextCursor: string | null };

export const documentsKey = (type: DocumentRecordType, id: string, kind?: DocumentKind | null) =>
  ["documents", "list", type, id, kind ?? "all"] as const;

/** The documents of a company (its contacts' too) or a contact, newest change first, 100 a page. */
export const documentsQuery = (type: DocumentRecordType, id: string, kind?: DocumentKind | null) =>
  infiniteQueryOptions({
    queryKey: documentsKey(type, id, kind),
    queryFn: ({ pageParam, signal }) =>
      api<Page<DocumentSummary>>("GET", "/api/documents", {
        query: { recordType: type, recordId: id, kind: kind ?? undefined, cursor: pageParam, limit: 100 },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    meta: { topics: [recordTopic(type, id)] },
  });

export const documentKey = (id: string) => ["documents", "one", id] as const;

/** One document with its revisions; it listens to its company's topic (known from the first answer). */
export const documentQuery = (id: string, companyId?: string) =>
  queryOptions({
    queryKey: documentKey(id),
    queryFn: ({ signal }) => api<DocumentDetail>("GET", documentPath(id), { signal }),
    meta: { topics: companyId ? [companyTopic(companyId)] : [] },
  });

export const storageQuery = () =>
  queryOptions({
    queryKey: ["documents", "storage"] as const,
    queryFn: ({ signal }) => api<DocumentStorage>("GET", "/api/documents/storage", { signal }),
    staleTime: 30_000,
  });

export const commentsQuery = (id: string, companyId: string | undefined) =>
  queryOptions({
    queryKey: ["documents", "comments", id] as const,
    queryFn: ({ signal }) => api<DocumentComments>("GET", `${documentPath(id)}/comments`, { signal }),
    meta: { topics: companyId ? [companyTopic(companyId)] : [] },
  });

export const sharesQuery = (id: string, companyId: string | undefined) =>
  queryOptions({
    queryKey: ["documents", "shares", id] as const,
    queryFn: ({ signal }) => api<DocumentShares>("GET", `${documentPath(id)}/shares`, { signal }),
    meta: { topics: companyId ? [companyTopic(companyId)] : [] },
  });

export const compareQuery = (id: string, from: number, to: number) =>
  queryOptions({
    queryKey: ["documents", "compare", id, from, to] as const,
    queryFn: ({ signal }) => api<RevisionComparison>("GET", `${documentPath(id)}/compare`, { query: { from, to }, signal }),
  });

export const contentUrl = (id: string, revisionId: string) => `${documentPath(id)}/revisions/${encodeURIComponent(revisionId)}/content`;

export function patchDocument(id: string, version: number, body: DocumentPatch) {
  return api<DocumentDetail>("PATCH", documentPath(id), { body, version });
}

export function deleteDocument(id: string, version: number) {
  return api<void>("DELETE", documentPath(id), { version });
}

export function addComment(id: string, revisionId: string, body: DocumentCommentCreate) {
  return api<DocumentComment>("POST", `${documentPath(id)}/revisions/${encodeURIComponent(revisionId)}/comments`, { body });
}

export function patchComment(id: string, commentId: string, version: number, body: DocumentCommentPatch) {
  return api<DocumentComment>("PATCH", `${documentPath(id)}/comments/${encodeURIComponent(commentId)}`, { body, version });
}

export function deleteComment(id: string, commentId: string, version: number) {
  return api<void>("DELETE", `${documentPath(id)}/comments/${encodeURIComponent(commentId)}`, { version });
}

export function createShare(id: string, revisionId: string, expiresAt: string) {
  return api<DocumentShareCreated>("POST", `${documentPath(id)}/revisions/${encodeURIComponent(revisionId)}/shares`, {
    body: { expiresAt },
  });
}

export function revokeShare(id: string, shareId: string, version: number) {
  return api<void>("DELETE", `${documentPath(id)}/shares/${encodeURIComponent(shareId)}`, { version });
}

/** A file's bytes, fetched with the session (for the preview; downloads use the link itself). */
export async function fetchBytes(url: string, signal?: AbortSignal): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: "same-origin", signal });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(0, { message: (error as Error).message });
  }
  if (!response.ok) throw apiFailure(url, response.status, await response.text());
  return response.blob();
}

// ── uploads (progress needs XMLHttpRequest) ──

export type UploadProgress = { loaded: number; total: number };

function send<T>(
  path: string,
  query: Record<string, string | undefined | null>,
  file: File,
  onProgress: (progress: UploadProgress) => void,
  version?: number,
  signal?: AbortSignal,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", `${path}${toQueryString(query)}`);
    request.setRequestHeader("accept", "application/json");
    // The server reads the type from the content; the browser's guess is never sent.
    request.setRequestHeader("content-type", "application/octet-stream");
    const token = csrf.get();
    if (token) request.setRequestHeader("x-csrf-token", token);
    if (version !== undefined) request.setRequestHeader("if-match", `"${version}"`);
    request.withCredentials = true;
    request.upload.onprogress = (event) => onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) resolve(safeJson(request.responseText) as T);
      else reject(apiFailure(path, request.status, request.responseText));
    };
    request.onerror = () => reject(new ApiError(0, { message: "network error" }));
    request.onabort = () => reject(new DOMException("The upload was cancelled", "AbortError"));
    signal?.addEventListener("abort", () => request.abort(), { once: true });
    request.send(file);
  });
}

export type NewDocument = {
  recordType: DocumentRecordType;
  recordId: string;
  kind: DocumentKind;
  title: string;
  description?: string;
  note?: string;
};

export function uploadDocument(input: NewDocument, file: File, onProgress: (progress: UploadProgress) => void, signal?: AbortSignal) {
  return send<DocumentDetail>("/api/documents", { ...input, fileName: file.name }, file, onProgress, undefined, signal);
}

export function uploadRevision(
  id: string,
  version: number,
  note: string,
  file: File,
  onProgress: (progress: UploadProgress) => void,
  signal?: AbortSignal,
) {
  return send<DocumentDetail>(`${documentPath(id)}/revisions`, { fileName: file.name, note }, file, onProgress, version, signal);
}

// ── share links (no session) ──

export const publicSharePath = (token: string) => `/api/public/shares/${encodeURIComponent(token)}`;

export const publicShareQuery = (token: string) =>
  queryOptions({
    queryKey: ["documents", "public", token] as const,
    queryFn: ({ signal }) => api<PublicShare>("GET", publicSharePath(token), { signal }),
    retry: false,
    staleTime: Infinity,
  });
