import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z, type ZodType } from "zod";
import {
  documentCommentCreate,
  documentCommentParams,
  documentCommentPatch,
  documentComment,
  documentComments,
  documentCommentsQuery,
  documentCreateQuery,
  documentDetail,
  documentListQuery,
  documentPatch,
  documentRevisionParams,
  documentShareCreate,
  documentShareCreated,
  documentShareParams,
  documentShares,
  documentStorage,
  documentSummary,
  idParams,
  page,
  publicShare,
  publicShareParams,
  revisionCompareQuery,
  revisionComparison,
  revisionCreateQuery,
} from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { requireActor } from "../../platform/http/auth.plugin";
import { workContext } from "../../platform/http/client-info";
import { expectedVersion, optionalVersion, sendVersioned } from "../../platform/http/etag";
import { AppError, Validation } from "../../platform/errors";
import { discardTemp, FileTooLarge, receiveFile, sendStoredFile, type ReceivedFile } from "../../platform/files";
import * as service from "./documents.service";

const tags = ["documents"];
/** Documents have their company's visibility: reading and commenting need company read, changing them company update (per record in the service). */
const read = { permission: { object: "company", action: "read" } } as const;
const update = { permission: { object: "company", action: "update" } } as const;
const uploadType = "application/octet-stream";

/** The uploaded file as the body parser leaves it: streamed to disk. Its JSON (for Idempotency-Key) is its content. */
class UploadedFile {
  constructor(readonly file: ReceivedFile) {}
  toJSON() {
    return { sha256: this.file.sha256, size: this.file.size };
  }
}

const uploadBody = z
  .custom<UploadedFile>((value) => value instanceof UploadedFile, "send the file as application/octet-stream")
  .describe("The file's bytes (application/octet-stream); its type is read from its content");
const fileBody = z.string().describe("The file's bytes, as an attachment with its stored type");

/** Query validation before the body is read, naming the field like the schema's own validation does. */
function parseQuery<T>(schema: ZodType<T>, request: FastifyRequest): T {
  const query = schema.safeParse(request.query);
  if (!query.success)
    throw Validation(
      query.error.issues.flatMap((issue) =>
        issue.code === "unrecognized_keys"
          ? issue.keys.map((key) => ({ field: `querystring.${key}`, message: "is not a parameter of this request" }))
          : [{ field: `querystring.${issue.path.join(".")}`, message: issue.message }],
      ),
    );
  return query.data;
}

/** Before the body is read: an octet stream whose announced size fits the limit. */
function checkBody(platform: Platform, request: FastifyRequest) {
  const type = (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== uploadType) throw new AppError("unsupported_media_type", 415, `Send the file as ${uploadType}`);
  const length = Number(request.headers["content-length"] ?? 0);
  if (length > platform.config.files.maxBytes) throw FileTooLarge(platform.config.files.maxBytes);
  return Number.isFinite(length) ? length : 0;
}

export function documentRoutes(platform: Platform) {
  return async (app: FastifyInstance) => {
    // Scoped to this plugin: the file streams to disk while it arrives, never buffered whole.
    app.addContentTypeParser(uploadType, async (_request: FastifyRequest, payload: NodeJS.ReadableStream) => {
      return new UploadedFile(await receiveFile(payload as never, platform.config.dataDir, platform.config.files.maxBytes));
    });
    // An upload the handler did not take (refused, or replayed for an Idempotency-Key) leaves no temporary file.
    app.addHook("onResponse", async (request) => {
      if (request.body instanceof UploadedFile) await discardTemp(request.body.file);
    });

    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get("/api/documents", {
      config: read,
      schema: {
        tags,
        summary: "Documents of a company (its contacts' included) or of a contact, most recently changed first",
        querystring: documentListQuery,
        response: { 200: page(documentSummary) },
      },
      handler: async (request) => service.listDocuments(platform, requireActor(request), request.query),
    });
    r.get("/api/documents/storage", {
      config: { permission: "authenticated" },
      schema: {
        tags,
        summary: "The largest file an upload may be, your quota and how much of it you use",
        response: { 200: documentStorage },
      },
      handler: async (request) => service.storage(platform, requireActor(request)),
    });
    r.post("/api/documents", {
      config: update,
      schema: {
        tags,
        summary:
          "Upload a new document (its first revision): the file as the body (application/octet-stream), its metadata in the query. " +
          "PDF, PNG, JPEG, GIF, WebP, Office, OpenDocument and plain text are accepted by content; 413 over the size limit or the quota",
        querystring: documentCreateQuery,
        body: uploadBody,
        consumes: [uploadType],
        response: { 201: documentDetail },
      },
      preParsing: async (request) => {
        const query = parseQuery(documentCreateQuery, request);
        const announced = checkBody(platform, request);
        await service.checkUpload(platform, requireActor(request), query, announced);
      },
      handler: async (request, reply) => {
        const created = await service.createDocument(platform, workContext(request), request.query, request.body.file);
        return reply.code(201).header("location", `/api/documents/${created.id}`).send(sendVersioned(reply, created));
      },
    });
    r.get("/api/documents/:id", {
      config: read,
      schema: { tags, summary: "A document with every revision, newest first", params: idParams, response: { 200: documentDetail } },
      handler: async (request, reply) =>
        sendVersioned(reply, await service.getDocument(platform, requireActor(request), request.params.id)),
    });
    r.patch("/api/documents/:id", {
      config: update,
      schema: {
        tags,
        summary: "Change a document's kind, title or description (If-Match)",
        params: idParams,
        body: documentPatch,
        response: { 200: documentDetail },
      },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await service.changeDocument(platform, workContext(request), request.params.id, expectedVersion(request), request.body),
        ),
    });
    r.delete("/api/documents/:id", {
      config: update,
      schema: {
        tags,
        summary: "Delete a document with all its revisions, comments and share links (If-Match)",
        params: idParams,
        response: { 204: z.null() },
      },
      handler: async (request, reply) => {
        await service.deleteDocument(platform, workContext(request), request.params.id, optionalVersion(request));
        return reply.code(204).send(null);
      },
    });
    r.post("/api/documents/:id/revisions", {
      config: update,
      schema: {
        tags,
        summary: "Upload the next revision (the file as the body, application/octet-stream); If-Match optional",
        params: idParams,
        querystring: revisionCreateQuery,
        body: uploadBody,
        consumes: [uploadType],
        response: { 201: documentDetail },
      },
      preParsing: async (request) => {
        const params = idParams.safeParse(request.params);
        if (!params.success) throw Validation([{ field: "params.id", message: "must be a uuid" }]);
        parseQuery(revisionCreateQuery, request);
        optionalVersion(request);
        const announced = checkBody(platform, request);
        await service.checkUpload(platform, requireActor(request), { documentId: params.data.id }, announced);
      },
      handler: async (request, reply) => {
        const changed = await service.addDocumentRevision(
          platform,
          workContext(request),
          request.params.id,
          optionalVersion(request),
          request.query,
          request.body.file,
        );
        return reply.code(201).send(sendVersioned(reply, changed));
      },
    });
    r.get("/api/documents/:id/revisions/:revisionId/content", {
      config: read,
      schema: {
        tags,
        summary: "Download a revision's file (always an attachment, with nosniff and a sandboxing CSP)",
        params: documentRevisionParams,
        produces: ["application/octet-stream"],
        response: { 200: fileBody },
      },
      handler: async (request, reply) => {
        const revision = await service.revisionFile(platform, requireActor(request), request.params.id, request.params.revisionId);
        return sendStoredFile(platform, reply, revision);
      },
    });
    r.get("/api/documents/:id/compare", {
      config: read,
      schema: {
        tags,
        summary: "Compare two revisions' metadata (by number): what changed, and whether the content is identical",
        params: idParams,
        querystring: revisionCompareQuery,
        response: { 200: revisionComparison },
      },
      handler: async (request) =>
        service.compareRevisions(platform, requireActor(request), request.params.id, request.query.from, request.query.to),
    });

    r.get("/api/documents/:id/comments", {
      config: read,
      schema: {
        tags,
        summary: "Comments on a document (or on one revision), oldest first",
        params: idParams,
        querystring: documentCommentsQuery,
        response: { 200: documentComments },
      },
      handler: async (request) => service.listComments(platform, requireActor(request), request.params.id, request.query.revisionId),
    });
    r.post("/api/documents/:id/revisions/:revisionId/comments", {
      config: read,
      schema: {
        tags,
        summary: "Comment on a revision, optionally pinned to a point of its preview (anyone who may read the document)",
        params: documentRevisionParams,
        body: documentCommentCreate,
        response: { 201: documentComment },
      },
      handler: async (request, reply) =>
        reply
          .code(201)
          .send(
            sendVersioned(
              reply,
              await service.addComment(platform, workContext(request), request.params.id, request.params.revisionId, request.body),
            ),
          ),
    });
    r.patch("/api/documents/:id/comments/:commentId", {
      config: read,
      schema: {
        tags,
        summary: "Change a comment's text (its author) or resolve / reopen it (If-Match)",
        params: documentCommentParams,
        body: documentCommentPatch,
        response: { 200: documentComment },
      },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await service.changeComment(
            platform,
            workContext(request),
            request.params.id,
            request.params.commentId,
            expectedVersion(request),
            request.body,
          ),
        ),
    });
    r.delete("/api/documents/:id/comments/:commentId", {
      config: read,
      schema: {
        tags,
        summary: "Remove a comment (its author or someone who may change the company; If-Match)",
        params: documentCommentParams,
        response: { 204: z.null() },
      },
      handler: async (request, reply) => {
        await service.deleteComment(platform, workContext(request), request.params.id, request.params.commentId, optionalVersion(request));
        return reply.code(204).send(null);
      },
    });

    r.get("/api/documents/:id/shares", {
      config: read,
      schema: {
        tags,
        summary: "The document's share links (active, expired and revoked), newest first",
        params: idParams,
        response: { 200: documentShares },
      },
      handler: async (request) => service.listShares(platform, requireActor(request), request.params.id),
    });
    r.post("/api/documents/:id/revisions/:revisionId/shares", {
      config: update,
      schema: {
        tags,
        summary: `Share a revision through a link that expires (at most 90 days ahead); the token is answered only this once`,
        params: documentRevisionParams,
        body: documentShareCreate,
        response: { 201: documentShareCreated },
      },
      handler: async (request, reply) =>
        reply
          .code(201)
          .send(
            sendVersioned(
              reply,
              await service.createShare(platform, workContext(request), request.params.id, request.params.revisionId, request.body),
            ),
          ),
    });
    r.delete("/api/documents/:id/shares/:shareId", {
      config: read,
      schema: {
        tags,
        summary: "Revoke a share link (its creator or someone who may change the company; If-Match)",
        params: documentShareParams,
        response: { 204: z.null() },
      },
      handler: async (request, reply) => {
        await service.revokeShare(platform, workContext(request), request.params.id, request.params.shareId, optionalVersion(request));
        return reply.code(204).send(null);
      },
    });

    // Public: the page of a share link. Expired, revoked and unknown tokens all answer the same 404.
    r.get("/api/public/shares/:token", {
      config: { permission: "public" },
      schema: {
        tags,
        summary: "What a share link shows (no session; counted as an open)",
        params: publicShareParams,
        response: { 200: publicShare },
      },
      handler: async (request) => service.openPublicShare(platform, request.params.token),
    });
    r.get("/api/public/shares/:token/content", {
      config: { permission: "public" },
      schema: {
        tags,
        summary: "The shared revision's file (no session; an attachment with nosniff and a sandboxing CSP)",
        params: publicShareParams,
        produces: ["application/octet-stream"],
        response: { 200: fileBody },
      },
      handler: async (request, reply) => sendStoredFile(platform, reply, await service.publicShareFile(platform, request.params.token)),
    });
  };
}
