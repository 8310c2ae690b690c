import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParams, savedView, savedViewCreate, savedViewListQuery, savedViewPatch } from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { requireActor } from "../../platform/http/auth.plugin";
import { workContext } from "../../platform/http/client-info";
import { expectedVersion, optionalVersion, sendVersioned } from "../../platform/http/etag";
import * as service from "./views.service";

/** Saved list views: any signed-in user, on their own views only. */
export function viewRoutes(platform: Platform) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get("/api/views", {
      config: { permission: "authenticated" },
      schema: {
        tags: ["views"],
        summary: "Your saved views (of one list with ?object=)",
        querystring: savedViewListQuery,
        response: { 200: z.object({ items: z.array(savedView) }) },
      },
      handler: async (request) => ({ items: await service.listViews(platform, requireActor(request), request.query.object) }),
    });
    r.post("/api/views", {
      config: { permission: "authenticated" },
      schema: {
        tags: ["views"],
        summary: "Save a view; isDefault replaces your previous default of that list",
        body: savedViewCreate,
        response: { 201: savedView },
      },
      handler: async (request, reply) => {
        const created = await service.createView(platform, workContext(request), request.body);
        return reply.code(201).header("location", `/api/views/${created.id}`).send(sendVersioned(reply, created));
      },
    });
    r.patch("/api/views/:id", {
      config: { permission: "authenticated" },
      schema: {
        tags: ["views"],
        summary: "Rename, change or make default one of your views (If-Match)",
        params: idParams,
        body: savedViewPatch,
        response: { 200: savedView },
      },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await service.updateView(platform, workContext(request), request.params.id, expectedVersion(request), request.body),
        ),
    });
    r.delete("/api/views/:id", {
      config: { permission: "authenticated" },
      schema: { tags: ["views"], summary: "Delete one of your views", params: idParams, response: { 204: z.null() } },
      handler: async (request, reply) => {
        await service.deleteView(platform, workContext(request), request.params.id, optionalVersion(request));
        return reply.code(204).send(null);
      },
    });
  };
}
