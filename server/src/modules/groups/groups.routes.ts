import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  companyLinks,
  companyParentPut,
  companyParentResult,
  groupByDimension,
  groupDimensionParams,
  groupFigures,
  groupStructure,
  idParams,
} from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { requireActor } from "../../platform/http/auth.plugin";
import { workContext } from "../../platform/http/client-info";
import { expectedVersion, optionalVersion, sendVersioned } from "../../platform/http/etag";
import { removeParent, setParent } from "./groups.links";
import * as views from "./groups.views";

export function groupRoutes(platform: Platform) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get("/api/companies/:id/group", {
      config: { permission: { object: "company", action: "read" } },
      schema: {
        tags: ["groups"],
        summary: "The group holding the company, for the structure charts: the companies you may see, their links and figures",
        params: idParams,
        response: { 200: groupStructure },
      },
      handler: async (request) => views.groupStructure(platform, requireActor(request), request.params.id),
    });
    r.get("/api/companies/:id/group/figures", {
      config: { permission: { object: "company", action: "read" } },
      schema: {
        tags: ["groups"],
        summary: "Integrated view: every figure rolled up over the company and its subsidiaries (those you may see)",
        params: idParams,
        response: { 200: groupFigures },
      },
      handler: async (request) => views.integratedView(platform, requireActor(request), request.params.id),
    });
    r.get("/api/companies/:id/group/by/:dimension", {
      config: { permission: { object: "company", action: "read" } },
      schema: {
        tags: ["groups"],
        summary:
          "The integrated view of the company's subtree grouped by country, ownership, line of business, client unit, function or reporting line",
        params: groupDimensionParams,
        response: { 200: groupByDimension },
      },
      handler: async (request) => views.groupByDimension(platform, requireActor(request), request.params.id, request.params.dimension),
    });
    r.get("/api/companies/:id/links", {
      config: { permission: { object: "company", action: "read" } },
      schema: {
        tags: ["groups"],
        summary: "The company's parent links, current and ended (ETag: its parent version, the If-Match of PUT/DELETE …/parent)",
        params: idParams,
        response: { 200: companyLinks },
      },
      handler: async (request, reply) => sendVersioned(reply, await views.listLinks(platform, requireActor(request), request.params.id)),
    });
    r.put("/api/companies/:id/parent", {
      // Record-level: update on the company, read on the parent (checked in the service).
      config: { permission: { object: "company", action: "update" } },
      schema: {
        tags: ["groups"],
        summary: "Set or move the company's parent (If-Match: the parent version); a cycle is refused naming parentId",
        params: idParams,
        body: companyParentPut,
        response: { 200: companyParentResult },
      },
      handler: async (request, reply) =>
        sendVersioned(reply, await setParent(platform, workContext(request), request.params.id, expectedVersion(request), request.body)),
    });
    r.delete("/api/companies/:id/parent", {
      config: { permission: { object: "company", action: "update" } },
      schema: {
        tags: ["groups"],
        summary: "End the company's current parent link today (kept as history); nothing to end is fine too",
        params: idParams,
        response: { 204: z.null() },
      },
      handler: async (request, reply) => {
        await removeParent(platform, workContext(request), request.params.id, optionalVersion(request));
        return reply.code(204).send(null);
      },
    });
  };
}
