import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  accountTeam,
  accountTeamGaps,
  accountTeamGapsQuery,
  accountTeamMember,
  accountTeamMemberCreate,
  accountTeamMemberParams,
  accountTeamMemberPatch,
  auditEntry,
  idParams,
  page,
  recordHistoryQuery,
} from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { requireActor } from "../../platform/http/auth.plugin";
import { workContext } from "../../platform/http/client-info";
import { expectedVersion, optionalVersion, sendVersioned } from "../../platform/http/etag";
import { auditPage } from "../../platform/audit/audit.presenter";
import * as service from "./accounts.service";

const tags = ["account team"];
/** Seeing the team needs read on the company; changing it needs update on the company (checked per record in the service). */
const read = { permission: { object: "company", action: "read" } } as const;
const update = { permission: { object: "company", action: "update" } } as const;

export function accountTeamRoutes(platform: Platform) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get("/api/companies/:id/account-team", {
      config: read,
      schema: {
        tags,
        summary: "Our people assigned to this company, with their roles and periods",
        params: idParams,
        response: { 200: accountTeam },
      },
      handler: async (request) => service.listAccountTeam(platform, requireActor(request), request.params.id),
    });
    r.get("/api/companies/:id/account-team/gaps", {
      config: read,
      schema: {
        tags,
        summary: "Companies of this company's group (those you may see) with no one assigned now, or no one in `role`",
        params: idParams,
        querystring: accountTeamGapsQuery,
        response: { 200: accountTeamGaps },
      },
      handler: async (request) => service.coverageGaps(platform, requireActor(request), request.params.id, request.query),
    });
    r.get("/api/companies/:id/account-team/history", {
      config: read,
      schema: {
        tags,
        summary: "Every assignment, change and removal of this company's account team, newest first",
        params: idParams,
        querystring: recordHistoryQuery,
        response: { 200: page(auditEntry) },
      },
      handler: async (request) =>
        auditPage(
          await service.accountTeamHistory(platform, requireActor(request), request.params.id, request.query.limit, request.query.cursor),
          request.query.limit,
        ),
    });
    r.post("/api/companies/:id/account-team", {
      config: update,
      schema: {
        tags,
        summary: "Assign an active user to this company in a role (409 when they already hold it here)",
        params: idParams,
        body: accountTeamMemberCreate,
        response: { 201: accountTeamMember },
      },
      handler: async (request, reply) =>
        reply
          .code(201)
          .send(sendVersioned(reply, await service.assignMember(platform, workContext(request), request.params.id, request.body))),
    });
    r.patch("/api/companies/:id/account-team/:memberId", {
      config: update,
      schema: {
        tags,
        summary: "Change an assignment's role, note or period (If-Match)",
        params: accountTeamMemberParams,
        body: accountTeamMemberPatch,
        response: { 200: accountTeamMember },
      },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await service.changeMember(
            platform,
            workContext(request),
            request.params.id,
            request.params.memberId,
            expectedVersion(request),
            request.body,
          ),
        ),
    });
    r.delete("/api/companies/:id/account-team/:memberId", {
      config: update,
      schema: { tags, summary: "Remove an assignment", params: accountTeamMemberParams, response: { 204: z.null() } },
      handler: async (request, reply) => {
        await service.removeMember(platform, workContext(request), request.params.id, request.params.memberId, optionalVersion(request));
        return reply.code(204).send(null);
      },
    });
  };
}
