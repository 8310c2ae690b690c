import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  auditEntry,
  recordHistoryQuery,
  bulkResult,
  company,
  companyBulk,
  companyCreate,
  companyDuplicateCheck,
  companyExportQuery,
  companyHandover,
  companyListQuery,
  companyMerge,
  companyPatch,
  duplicateCandidates,
  gradeRules,
  gradeRulesPut,
  handoverResult,
  idParams,
  page,
  stageChange,
} from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { requireActor } from "../../platform/http/auth.plugin";
import { workContext } from "../../platform/http/client-info";
import { expectedVersion, optionalVersion, sendVersioned } from "../../platform/http/etag";
import { auditPage } from "../../platform/audit/audit.presenter";
import { csvFilename, sendCsv } from "../../platform/http/csv";
import * as service from "./companies.service";
import { mergeCompanies } from "./companies.merge";
import { handOver } from "./companies.handover";
import { getGradeRules, putGradeRules } from "./companies.grades";

export function companyRoutes(platform: Platform) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get("/api/companies", {
      config: { permission: { object: "company", action: "read" } },
      schema: {
        tags: ["companies"],
        summary: "Companies you may see, filtered and sorted by any field (custom fields too), keyset-paged",
        querystring: companyListQuery,
        response: { 200: page(company) },
      },
      handler: async (request) => service.listCompanies(platform, requireActor(request), request.query),
    });
    r.get("/api/companies/export.csv", {
      config: { permission: { object: "company", action: "read" } },
      schema: {
        tags: ["companies"],
        summary:
          "The companies you may see as CSV: every field and custom field (same q, filters and sort as the list; at most 100,000 rows)",
        querystring: companyExportQuery,
        produces: ["text/csv"],
        response: { 200: z.string().describe("text/csv; charset=utf-8, with BOM and a header row") },
      },
      handler: async (request, reply) => {
        const { columns, batches } = await service.exportCompanies(platform, requireActor(request), request.query);
        return sendCsv(reply, csvFilename("companies"), columns, batches);
      },
    });
    r.post("/api/companies/bulk", {
      // Reassigning, stage and status need update; deleting is checked for the delete function in the service.
      config: { permission: { object: "company", action: "update" } },
      schema: {
        tags: ["companies"],
        summary: "Delete, reassign, or set the stage or status of up to 500 companies; each succeeds or fails on its own",
        body: companyBulk,
        response: { 200: bulkResult },
      },
      handler: async (request) => service.bulkCompanies(platform, workContext(request), request.body),
    });
    r.post("/api/companies/duplicates", {
      config: { permission: { object: "company", action: "read" } },
      schema: {
        tags: ["companies"],
        summary: "Likely duplicates (among companies you may see) of a company being typed; nothing is saved",
        body: companyDuplicateCheck,
        response: { 200: duplicateCandidates },
      },
      handler: async (request) => service.checkDuplicates(platform, requireActor(request), request.body),
    });
    r.post("/api/companies/handover", {
      // Record-level: the caller must be able to update every company concerned (checked in the service).
      config: { permission: { object: "company", action: "update" } },
      schema: {
        tags: ["companies"],
        summary: "Hand every company of one user over to another (owner, team and org unit follow the new owner)",
        body: companyHandover,
        response: { 200: handoverResult },
      },
      handler: async (request) => handOver(platform, workContext(request), request.body),
    });
    r.get("/api/companies/:id", {
      config: { permission: { object: "company", action: "read" } },
      schema: { tags: ["companies"], params: idParams, response: { 200: company } },
      handler: async (request, reply) => sendVersioned(reply, await service.getCompany(platform, requireActor(request), request.params.id)),
    });
    r.get("/api/companies/merged/:id", {
      config: { permission: { object: "company", action: "read" } },
      schema: {
        tags: ["companies"],
        summary: "The company a merged-away company went into (404 unless you may read that one)",
        params: idParams,
        response: { 200: idParams },
      },
      handler: async (request) => service.companyMergedInto(platform, requireActor(request), request.params.id),
    });
    r.post("/api/companies", {
      config: { permission: { object: "company", action: "create" } },
      schema: {
        tags: ["companies"],
        summary: "Create a company (a lead needs only a name; `contact` adds its first contact); 409 with candidates on likely duplicates",
        body: companyCreate,
        response: { 201: company },
      },
      handler: async (request, reply) => {
        const created = await service.createCompany(platform, workContext(request), request.body);
        return reply.code(201).header("location", `/api/companies/${created.id}`).send(sendVersioned(reply, created));
      },
    });
    r.patch("/api/companies/:id", {
      config: { permission: { object: "company", action: "update" } },
      schema: {
        tags: ["companies"],
        summary: "Change a company (If-Match); 409 with candidates when its new identity looks like another company",
        params: idParams,
        body: companyPatch,
        response: { 200: company },
      },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await service.updateCompany(platform, workContext(request), request.params.id, expectedVersion(request), request.body),
        ),
    });
    r.post("/api/companies/:id/merge", {
      // Record-level: update on both companies and delete on the source (checked in the service).
      config: { permission: { object: "company", action: "update" } },
      schema: {
        tags: ["companies"],
        summary: "Merge another company into this one (If-Match of this one): its contacts and other records move here, it is removed",
        params: idParams,
        body: companyMerge,
        response: { 200: company },
      },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await mergeCompanies(platform, workContext(request), request.params.id, expectedVersion(request), request.body),
        ),
    });
    r.delete("/api/companies/:id", {
      config: { permission: { object: "company", action: "delete" } },
      schema: { tags: ["companies"], params: idParams, response: { 204: z.null() } },
      handler: async (request, reply) => {
        await service.deleteCompany(platform, workContext(request), request.params.id, optionalVersion(request));
        return reply.code(204).send(null);
      },
    });
    r.get("/api/companies/:id/stages", {
      config: { permission: { object: "company", action: "read" } },
      schema: {
        tags: ["companies"],
        summary: "Every change of the company's lifecycle stage, oldest first",
        params: idParams,
        response: { 200: page(stageChange) },
      },
      handler: async (request) => service.companyStages(platform, requireActor(request), request.params.id),
    });
    r.get("/api/companies/:id/history", {
      config: { permission: { object: "company", action: "read" } },
      schema: {
        tags: ["companies"],
        summary: "Audit history of one company (and of the companies merged into it)",
        params: idParams,
        querystring: recordHistoryQuery,
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
    r.get("/api/settings/grade-rules", {
      config: { permission: { object: "setting", action: "read" } },
      schema: {
        tags: ["settings"],
        summary: "The grade rules: for each grade, the thresholds a company must meet (revenue over 12 months, months as a customer)",
        response: { 200: gradeRules },
      },
      handler: async (_request, reply) => sendVersioned(reply, await getGradeRules(platform)),
    });
    r.put("/api/settings/grade-rules", {
      config: { permission: { object: "setting", action: "update" } },
      schema: {
        tags: ["settings"],
        summary: "Replace the grade rules (If-Match) and re-grade every company",
        body: gradeRulesPut,
        response: { 200: gradeRules },
      },
      handler: async (request, reply) =>
        sendVersioned(reply, await putGradeRules(platform, workContext(request), expectedVersion(request), request.body.rules)),
    });
  };
}
