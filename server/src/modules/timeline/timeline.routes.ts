import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  companyTimelineQuery,
  id,
  idParams,
  timelineEntry,
  timelineEntryCreate,
  timelineEntryParams,
  timelineEntryPatch,
  timelineListQuery,
  timelinePage,
} from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { requireActor } from "../../platform/http/auth.plugin";
import { workContext } from "../../platform/http/client-info";
import { expectedVersion, optionalVersion, sendVersioned } from "../../platform/http/etag";
import * as service from "./timeline.service";

const tags = ["timeline"];
/**
 * Everything here needs read on companies: entries take their visibility from their company;
 * writing one needs the company readable, changing one authorship or update on the company
 * (checked per record in the service).
 */
const companyRead = { permission: { object: "company", action: "read" } } as const;
const contactRead = { permission: { object: "contact", action: "read" } } as const;
/** A page of the timeline; `rootId` is the group root whose topic hears of every entry in the group (group scope only). */
const timelineAnswer = timelinePage.extend({ rootId: id.nullable() });

export function timelineRoutes(platform: Platform) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get("/api/companies/:id/timeline", {
      config: companyRead,
      schema: {
        tags,
        summary: "The company's timeline, newest first; `scope=group` for every company of its group you may see",
        params: idParams,
        querystring: companyTimelineQuery,
        response: { 200: timelineAnswer },
      },
      handler: async (request) => service.companyTimeline(platform, requireActor(request), request.params.id, request.query),
    });
    r.get("/api/contacts/:id/timeline", {
      config: contactRead,
      schema: {
        tags,
        summary: "Entries that involve this contact (on companies you may see), newest first",
        params: idParams,
        querystring: timelineListQuery,
        response: { 200: timelineAnswer },
      },
      handler: async (request) => service.contactTimeline(platform, requireActor(request), request.params.id, request.query),
    });
    r.post("/api/timeline", {
      config: companyRead,
      schema: {
        tags,
        summary: "Log an interaction, event, action, decision or note on a company you may see (a next step becomes a task)",
        body: timelineEntryCreate,
        response: { 201: timelineEntry },
      },
      handler: async (request, reply) =>
        reply.code(201).send(sendVersioned(reply, await service.createEntry(platform, workContext(request), request.body))),
    });
    r.get("/api/timeline/:id", {
      config: companyRead,
      schema: { tags, summary: "One timeline entry", params: timelineEntryParams, response: { 200: timelineEntry } },
      handler: async (request, reply) => sendVersioned(reply, await service.getEntry(platform, requireActor(request), request.params.id)),
    });
    r.patch("/api/timeline/:id", {
      config: companyRead,
      schema: {
        tags,
        summary:
          "Change your entry, or any entry of a company you may change (If-Match); pin or unpin it. System entries cannot be changed",
        params: timelineEntryParams,
        body: timelineEntryPatch,
        response: { 200: timelineEntry },
      },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await service.changeEntry(platform, workContext(request), request.params.id, expectedVersion(request), request.body),
        ),
    });
    r.delete("/api/timeline/:id", {
      config: companyRead,
      schema: {
        tags,
        summary: "Remove your entry, or any entry of a company you may change (If-Match). System entries cannot be removed",
        params: timelineEntryParams,
        response: { 204: z.null() },
      },
      handler: async (request, reply) => {
        await service.removeEntry(platform, workContext(request), request.params.id, optionalVersion(request));
        return reply.code(204).send(null);
      },
    });
  };
}
