import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  auditEntry,
  bulkResult,
  company,
  companyBulk,
  companyCreate,
  companyExportQuery,
  companyListQuery,
  companyPatch,
  idParams,
  page,
} from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { requireActor } from "../../platform/http/auth.plugin";
import { workContext } from "../../platform/http/client-info";
import { expectedVersion, sendVersioned } from "../../platform/http/etag";
import { auditPage } from "../../platform/audit/audit.presenter";
import { csvFilename, sendCsv } from "../../platform/http/csv";
import * as service from "./companies.service";
import { companyCsvColumns } from "./companies.presenter";

const historyQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z
      .string()
      .regex(/^\d{1,19}$/)
      .optional(),
  })
  .strict();

export function companyRoutes(platform: Platform) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get("/api/companies", {
      config: { permission: { object: "company", action: "read" } },
      schema: {
        tags: ["companies"],
        summary: "Companies you may see, keyset-paged",
        querystring: companyListQuery,
        response: { 200: page(company) },
      },
      handler: async (request) => service.listCompanies(platform, requireActor(request), request.query),
    });
    r.get("/api/companies/export.csv", {
      config: { permission: { object: "company", action: "read" } },
      schema: {
        tags: ["companies"],
        summary: "The companies you may see as CSV (same q, filters and sort as the list; at most 100,000 rows)",
        querystring: companyExportQuery,
        produces: ["text/csv"],
        response: { 200: z.string().describe("text/csv; charset=utf-8, with BOM and a header row") },
      },
      handler: async (request, reply) =>
        sendCsv(
          reply,
          csvFilename("companies"),
          companyCsvColumns,
          service.exportCompanies(platform, requireActor(request), request.query),
        ),
    });
    r.post("/api/companies/bulk", {
      // Reassigning needs update; deleting is checked for the delete function in the service.
      config: { permission: { object: "company", action: "update" } },
      schema: {
        tags: ["companies"],
        summary: "Delete or reassign up to 500 companies; each succeeds or fails on its own",
        body: companyBulk,
        response: { 200: bulkResult },
      },
      handler: async (request) => service.bulkCompanies(platform, workContext(request), request.body),
    });
    r.get("/api/companies/:id", {
      config: { permission: { object: "company", action: "read" } },
      schema: { tags: ["companies"], params: idParams, response: { 200: company } },
      handler: async (request, reply) => sendVersioned(reply, await service.getCompany(platform, requireActor(request), request.params.id)),
    });
    r.post("/api/companies", {
      config: { permission: { object: "company", action: "create" } },
      schema: { tags: ["companies"], body: companyCreate, response: { 201: company } },
      handler: async (request, reply) => {
        const created = await service.createCompany(platform, workContext(request), request.body);
        return reply.code(201).header("location", `/api/companies/${created.id}`).send(sendVersioned(reply, created));
      },
    });
    r.patch("/api/companies/:id", {
      config: { permission: { object: "company", action: "update" } },
      schema: { tags: ["companies"], params: idParams, body: companyPatch, response: { 200: company } },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await service.updateCompany(platform, workContext(request), request.params.id, expectedVersion(request), request.body),
        ),
    });
    r.delete("/api/companies/:id", {
      config: { permission: { object: "company", action: "delete" } },
      schema: { tags: ["companies"], params: idParams, response: { 204: z.null() } },
      handler: async (request, reply) => {
        const version = request.headers["if-match"] !== undefined ? expectedVersion(request) : undefined;
        await service.deleteCompany(platform, workContext(request), request.params.id, version);
        return reply.code(204).send(null);
      },
    });
    r.get("/api/companies/:id/history", {
      config: { permission: { object: "company", action: "read" } },
      schema: {
        tags: ["companies"],
        summary: "Audit history of one company",
        params: idParams,
        querystring: historyQuery,
        response: { 200: page(auditEntry) },
      },
      handler: async (request) => {
        const rows = await service.companyHistory(
          platform,
          requireActor(request),
          request.params.id,
          request.query.limit,
          request.query.cursor,
        );
        return auditPage(rows, request.query.limit);
      },
    });
  };
}
