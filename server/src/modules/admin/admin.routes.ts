import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import * as contracts from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { expectedVersion, sendVersioned } from "../../platform/http/etag";
import { workContext } from "../../platform/http/client-info";
import { requireActor } from "../../platform/http/auth.plugin";
import { csvFilename, sendCsv } from "../../platform/http/csv";
import * as admin from "./admin.service";
import { userCsvColumns } from "./admin.presenter";

const { idParams, okBody } = contracts;
const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
const sessionsQuery = z.object({ userId: contracts.id.optional() }).strict();

export function adminRoutes(platform: Platform) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    // users
    r.get("/api/users", {
      config: { permission: { object: "user", action: "read" } },
      schema: {
        tags: ["admin"],
        summary: "Staff directory, keyset-paged (q matches name or email)",
        querystring: contracts.userListQuery,
        response: { 200: contracts.page(contracts.user) },
      },
      handler: async (request) => admin.listUsers(platform, request.query),
    });
    r.get("/api/users/export.csv", {
      config: { permission: { object: "user", action: "read" } },
      schema: {
        tags: ["admin"],
        summary: "The staff directory as CSV (same q, filters and sort as the list; at most 100,000 rows)",
        querystring: contracts.userExportQuery,
        produces: ["text/csv"],
        response: { 200: z.string().describe("text/csv; charset=utf-8, with BOM and a header row") },
      },
      handler: async (request, reply) => sendCsv(reply, csvFilename("users"), userCsvColumns, admin.exportUsers(platform, request.query)),
    });
    r.get("/api/users/:id", {
      config: { permission: { object: "user", action: "read" } },
      schema: { tags: ["admin"], params: idParams, response: { 200: contracts.user } },
      handler: async (request, reply) => sendVersioned(reply, await admin.getUser(platform, request.params.id)),
    });
    r.post("/api/users", {
      config: { permission: { object: "user", action: "create" } },
      schema: { tags: ["admin"], summary: "Create a user", body: contracts.userCreate, response: { 201: contracts.user } },
      handler: async (request, reply) => {
        const user = await admin.createUser(platform, workContext(request), request.body);
        return reply.code(201).header("location", `/api/users/${user.id}`).send(sendVersioned(reply, user));
      },
    });
    r.patch("/api/users/:id", {
      config: { permission: { object: "user", action: "update" } },
      schema: {
        tags: ["admin"],
        summary: "Change a user (role, unit, teams, manager, active)",
        params: idParams,
        body: contracts.userPatch,
        response: { 200: contracts.user },
      },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await admin.updateUser(platform, workContext(request), request.params.id, expectedVersion(request), request.body),
        ),
    });
    r.post("/api/users/:id/password", {
      config: { permission: { object: "user", action: "update" } },
      schema: {
        tags: ["admin"],
        summary: "Set a new password for a user (ends their sessions)",
        params: idParams,
        body: contracts.passwordReset,
        response: { 200: okBody },
      },
      handler: async (request) => {
        await admin.resetPassword(platform, workContext(request), request.params.id, request.body.password);
        return { ok: true as const };
      },
    });

    // roles
    r.get("/api/roles", {
      config: { permission: { object: "role", action: "read" } },
      schema: { tags: ["admin"], response: { 200: list(contracts.role) } },
      handler: async () => ({ items: await admin.listRoles(platform) }),
    });
    r.get("/api/roles/:id", {
      config: { permission: { object: "role", action: "read" } },
      schema: { tags: ["admin"], params: idParams, response: { 200: contracts.role } },
      handler: async (request, reply) => sendVersioned(reply, await admin.getRole(platform, request.params.id)),
    });
    r.post("/api/roles", {
      config: { permission: { object: "role", action: "create" } },
      schema: { tags: ["admin"], body: contracts.roleCreate, response: { 201: contracts.role } },
      handler: async (request, reply) =>
        reply.code(201).send(sendVersioned(reply, await admin.createRole(platform, workContext(request), request.body))),
    });
    r.patch("/api/roles/:id", {
      config: { permission: { object: "role", action: "update" } },
      schema: { tags: ["admin"], params: idParams, body: contracts.rolePatch, response: { 200: contracts.role } },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await admin.updateRole(platform, workContext(request), request.params.id, expectedVersion(request), request.body),
        ),
    });
    r.delete("/api/roles/:id", {
      config: { permission: { object: "role", action: "delete" } },
      schema: { tags: ["admin"], params: idParams, response: { 204: z.null() } },
      handler: async (request, reply) => {
        await admin.deleteRole(platform, workContext(request), request.params.id);
        return reply.code(204).send(null);
      },
    });

    // teams
    r.get("/api/teams", {
      config: { permission: { object: "team", action: "read" } },
      schema: { tags: ["admin"], response: { 200: list(contracts.team) } },
      handler: async () => ({ items: await admin.listTeams(platform) }),
    });
    r.get("/api/teams/:id", {
      config: { permission: { object: "team", action: "read" } },
      schema: { tags: ["admin"], params: idParams, response: { 200: contracts.team } },
      handler: async (request, reply) => sendVersioned(reply, await admin.getTeam(platform, request.params.id)),
    });
    r.post("/api/teams", {
      config: { permission: { object: "team", action: "create" } },
      schema: { tags: ["admin"], body: contracts.teamCreate, response: { 201: contracts.team } },
      handler: async (request, reply) =>
        reply.code(201).send(sendVersioned(reply, await admin.createTeam(platform, workContext(request), request.body))),
    });
    r.patch("/api/teams/:id", {
      config: { permission: { object: "team", action: "update" } },
      schema: { tags: ["admin"], params: idParams, body: contracts.teamPatch, response: { 200: contracts.team } },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await admin.updateTeam(platform, workContext(request), request.params.id, expectedVersion(request), request.body),
        ),
    });
    r.delete("/api/teams/:id", {
      config: { permission: { object: "team", action: "delete" } },
      schema: { tags: ["admin"], params: idParams, response: { 204: z.null() } },
      handler: async (request, reply) => {
        await admin.deleteTeam(platform, workContext(request), request.params.id);
        return reply.code(204).send(null);
      },
    });

    // org units
    r.get("/api/org-units", {
      config: { permission: { object: "org_unit", action: "read" } },
      schema: { tags: ["admin"], response: { 200: list(contracts.orgUnit) } },
      handler: async () => ({ items: await admin.listOrgUnits(platform) }),
    });
    r.get("/api/org-units/:id", {
      config: { permission: { object: "org_unit", action: "read" } },
      schema: { tags: ["admin"], params: idParams, response: { 200: contracts.orgUnit } },
      handler: async (request, reply) => sendVersioned(reply, await admin.getOrgUnit(platform, request.params.id)),
    });
    r.post("/api/org-units", {
      config: { permission: { object: "org_unit", action: "create" } },
      schema: { tags: ["admin"], body: contracts.orgUnitCreate, response: { 201: contracts.orgUnit } },
      handler: async (request, reply) =>
        reply.code(201).send(sendVersioned(reply, await admin.createOrgUnit(platform, workContext(request), request.body))),
    });
    r.patch("/api/org-units/:id", {
      config: { permission: { object: "org_unit", action: "update" } },
      schema: { tags: ["admin"], params: idParams, body: contracts.orgUnitPatch, response: { 200: contracts.orgUnit } },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await admin.updateOrgUnit(platform, workContext(request), request.params.id, expectedVersion(request), request.body),
        ),
    });
    r.delete("/api/org-units/:id", {
      config: { permission: { object: "org_unit", action: "delete" } },
      schema: { tags: ["admin"], params: idParams, response: { 204: z.null() } },
      handler: async (request, reply) => {
        await admin.deleteOrgUnit(platform, workContext(request), request.params.id);
        return reply.code(204).send(null);
      },
    });

    // sessions
    r.get("/api/sessions", {
      config: { permission: "authenticated" },
      schema: {
        tags: ["admin"],
        summary: "Live sessions (all for administrators, else your own)",
        querystring: sessionsQuery,
        response: { 200: list(contracts.sessionInfo) },
      },
      handler: async (request) => ({ items: await admin.listSessions(platform, requireActor(request), request.query.userId) }),
    });
    r.delete("/api/sessions/:id", {
      config: { permission: "authenticated" },
      schema: { tags: ["admin"], summary: "End a session", params: idParams, response: { 204: z.null() } },
      handler: async (request, reply) => {
        await admin.endSessionById(platform, workContext(request), request.params.id);
        return reply.code(204).send(null);
      },
    });
  };
}
