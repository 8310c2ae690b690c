import { unlink } from "node:fs/promises";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  idParams,
  importErrorsPage,
  importJob,
  importMappingCreate,
  importMappingSaved,
  importObjects,
  importPatch,
  importPreview,
  importStart,
  importTargets,
  importUploadQuery,
  page,
} from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { requireActor } from "../../platform/http/auth.plugin";
import { workContext } from "../../platform/http/client-info";
import { expectedVersion, sendVersioned } from "../../platform/http/etag";
import { csvFilename, sendCsv } from "../../platform/http/csv";
import { AppError, Validation } from "../../platform/errors";
import { PayloadTooLarge, receiveUpload, type Upload } from "./imports.csv";
import { importsDir } from "./imports.files";
import { errorCsvColumns } from "./imports.presenter";
import * as service from "./imports.service";

const csvTypes = ["text/csv", "application/csv", "application/vnd.ms-excel"];

/** The uploaded file as the body parser leaves it: streamed to disk. Its JSON (for Idempotency-Key) is its content. */
class UploadedFile {
  constructor(readonly upload: Upload) {}
  toJSON() {
    return { sha256: this.upload.sha256, size: this.upload.size };
  }
}

const uploadBody = z
  .custom<UploadedFile>((value) => value instanceof UploadedFile, "send the file as text/csv")
  .describe("text/csv; charset=utf-8 (BOM optional), separated by , ; or tab; at most 512 MB");

const listQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();
const mappingsQuery = z.object({ object: z.enum(importObjects).optional() }).strict();
const targetsQuery = z.object({ object: z.enum(importObjects) }).strict();
const startBody = importStart.nullish();
const emptyBody = z.object({}).strict().nullish();

/** Before the body is read: the caller may import this kind of record, names it correctly, and sends CSV of an acceptable size. */
async function checkUpload(request: FastifyRequest) {
  const query = importUploadQuery.safeParse(request.query);
  if (!query.success) {
    throw Validation(
      query.error.issues.map((issue) => ({ field: `querystring.${issue.path.join(".") || "object"}`, message: issue.message })),
    );
  }
  service.assertMayImport(requireActor(request), query.data.object);
  const type = (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (!csvTypes.includes(type)) throw new AppError("unsupported_media_type", 415, "Send the file as text/csv");
  const length = Number(request.headers["content-length"] ?? 0);
  if (length > service.maxUploadBytes) throw PayloadTooLarge(service.maxUploadBytes);
}

/** CSV import: upload, mapping, preview, dry run, start, progress, errors; and saved mappings. */
export function importRoutes(platform: Platform) {
  return async (app: FastifyInstance) => {
    // Scoped to this plugin: the file streams to disk while it arrives, never buffered whole.
    app.addContentTypeParser(csvTypes, async (_request: FastifyRequest, payload: NodeJS.ReadableStream) => {
      return new UploadedFile(await receiveUpload(payload as never, importsDir(platform), service.maxUploadBytes));
    });

    // An upload the handler did not keep (refused, failed, or replayed for an Idempotency-Key) leaves no file behind.
    app.addHook("onResponse", async (request) => {
      if (request.body instanceof UploadedFile) await unlink(request.body.upload.tempPath).catch(() => undefined);
    });

    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post("/api/imports", {
      // Companies need company create, contacts contact create: checked per `object` before the body is read.
      config: { permission: "authenticated" },
      schema: {
        tags: ["imports"],
        summary: "Upload a CSV file to import (text/csv body); answers the import with its headers and a suggested mapping",
        querystring: importUploadQuery,
        body: uploadBody,
        consumes: ["text/csv"],
        response: { 201: importJob },
      },
      preParsing: async (request) => checkUpload(request),
      handler: async (request, reply) => {
        const created = await service.createImport(platform, workContext(request), request.query, request.body.upload);
        return reply.code(201).header("location", `/api/imports/${created.id}`).send(sendVersioned(reply, created));
      },
    });
    r.get("/api/imports", {
      config: { permission: "authenticated" },
      schema: { tags: ["imports"], summary: "Your imports, newest first", querystring: listQuery, response: { 200: page(importJob) } },
      handler: async (request) => service.listImports(platform, requireActor(request), request.query),
    });
    r.get("/api/imports/targets", {
      config: { permission: "authenticated" },
      schema: {
        tags: ["imports"],
        summary: "The fields an import of companies or contacts can fill (built-in and active custom fields)",
        querystring: targetsQuery,
        response: { 200: importTargets },
      },
      handler: async (request) => service.targets(platform, requireActor(request), request.query.object),
    });
    r.get("/api/imports/:id", {
      config: { permission: "authenticated" },
      schema: { tags: ["imports"], summary: "One of your imports with its progress", params: idParams, response: { 200: importJob } },
      handler: async (request, reply) => sendVersioned(reply, await service.getImport(platform, requireActor(request), request.params.id)),
    });
    r.patch("/api/imports/:id", {
      config: { permission: "authenticated" },
      schema: {
        tags: ["imports"],
        summary: "Change the column mapping or duplicate handling (If-Match) before the import runs",
        params: idParams,
        body: importPatch,
        response: { 200: importJob },
      },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await service.updateImport(platform, workContext(request), request.params.id, expectedVersion(request), request.body),
        ),
    });
    r.get("/api/imports/:id/preview", {
      config: { permission: "authenticated" },
      schema: {
        tags: ["imports"],
        summary: "The first 20 rows as mapped, each with the problems it would have",
        params: idParams,
        response: { 200: importPreview },
      },
      handler: async (request) => service.previewImport(platform, requireActor(request), request.params.id),
    });
    r.post("/api/imports/:id/start", {
      config: { permission: "authenticated" },
      schema: {
        tags: ["imports"],
        summary: "Run the import as a background job (dryRun: check every row, write nothing); resumes a failed or cancelled one",
        params: idParams,
        body: startBody,
        response: { 200: importJob },
      },
      handler: async (request, reply) =>
        sendVersioned(reply, await service.startImport(platform, workContext(request), request.params.id, request.body?.dryRun ?? false)),
    });
    r.post("/api/imports/:id/cancel", {
      config: { permission: "authenticated" },
      schema: {
        tags: ["imports"],
        summary: "Stop the import after the chunk in progress (committed chunks stay)",
        params: idParams,
        body: emptyBody,
        response: { 200: importJob },
      },
      handler: async (request, reply) =>
        sendVersioned(reply, await service.cancelImport(platform, workContext(request), request.params.id)),
    });
    r.get("/api/imports/:id/errors", {
      config: { permission: "authenticated" },
      schema: {
        tags: ["imports"],
        summary: "The rows that could not be imported, by line and field",
        params: idParams,
        querystring: listQuery,
        response: { 200: importErrorsPage },
      },
      handler: async (request) => service.listErrors(platform, requireActor(request), request.params.id, request.query),
    });
    r.get("/api/imports/:id/errors.csv", {
      config: { permission: "authenticated" },
      schema: {
        tags: ["imports"],
        summary: "The failed rows as CSV: line, errors and the original cells (fix them and import this file again)",
        params: idParams,
        produces: ["text/csv"],
        response: { 200: z.string().describe("text/csv; charset=utf-8, with BOM and a header row") },
      },
      handler: async (request, reply) => {
        const { headers, batches } = await service.errorRows(platform, requireActor(request), request.params.id);
        return sendCsv(reply, csvFilename("import-errors"), errorCsvColumns(headers), batches);
      },
    });

    r.get("/api/import-mappings", {
      config: { permission: "authenticated" },
      schema: {
        tags: ["imports"],
        summary: "Your saved column mappings",
        querystring: mappingsQuery,
        response: { 200: z.object({ items: z.array(importMappingSaved) }) },
      },
      handler: async (request) => service.listMappings(platform, requireActor(request), request.query.object),
    });
    r.post("/api/import-mappings", {
      config: { permission: "authenticated" },
      schema: {
        tags: ["imports"],
        summary: "Save a column mapping for later files",
        body: importMappingCreate,
        response: { 201: importMappingSaved },
      },
      handler: async (request, reply) => {
        const saved = await service.saveMapping(platform, workContext(request), request.body);
        return reply.code(201).header("location", `/api/import-mappings/${saved.id}`).send(saved);
      },
    });
    r.delete("/api/import-mappings/:id", {
      config: { permission: "authenticated" },
      schema: { tags: ["imports"], summary: "Delete one of your saved mappings", params: idParams, response: { 204: z.null() } },
      handler: async (request, reply) => {
        await service.deleteMapping(platform, workContext(request), request.params.id);
        return reply.code(204).send(null);
      },
    });
  };
}
