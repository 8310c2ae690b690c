import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { auditEntry, auditQuery, page } from "@relata/contracts";
import type { Platform } from "../context";
import { listAudit } from "./audit.repository";
import { auditPage } from "./audit.presenter";

/** The audit trail is read-only through the API: there is no route that changes it. */
export function auditRoutes(platform: Platform) {
  return async (app: FastifyInstance) => {
    app.withTypeProvider<ZodTypeProvider>().get("/api/audit", {
      config: { permission: { object: "audit", action: "read" } },
      schema: {
        tags: ["audit"],
        summary: "Audit trail, newest first, with filters",
        querystring: auditQuery,
        response: { 200: page(auditEntry) },
      },
      handler: async (request) => {
        const { cursor, ...filter } = request.query;
        return auditPage(await listAudit(platform.db, { ...filter, beforeId: cursor }), filter.limit);
      },
    });
  };
}
