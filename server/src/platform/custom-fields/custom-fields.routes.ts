import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  customField,
  customFieldCreate,
  customFieldLayout,
  customFieldPatch,
  customFieldsQuery,
  customSection,
  customSectionCreate,
  customSectionPatch,
  idParams,
} from "@relata/contracts";
import type { Platform } from "../context";
import { workContext } from "../http/client-info";
import { expectedVersion, optionalVersion, sendVersioned } from "../http/etag";
import * as service from "./custom-fields.service";

const tags = ["custom fields"];
const read = { permission: { object: "setting", action: "read" } } as const;
const create = { permission: { object: "setting", action: "create" } } as const;
const update = { permission: { object: "setting", action: "update" } } as const;
const remove = { permission: { object: "setting", action: "delete" } } as const;

/** Custom sections and fields: everyone reads them (they shape forms); administrators change them. */
export function customFieldRoutes(platform: Platform) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get("/api/custom-fields", {
      config: read,
      schema: {
        tags,
        summary: "Custom sections of one kind of record, in order, each with its fields in order (archived ones flagged)",
        querystring: customFieldsQuery,
        response: { 200: customFieldLayout },
      },
      handler: async (request) => service.getLayout(platform, request.query.object),
    });

    r.post("/api/custom-sections", {
      config: create,
      schema: {
        tags,
        summary: "Add a section (at the end unless a position is given)",
        body: customSectionCreate,
        response: { 201: customSection },
      },
      handler: async (request, reply) =>
        reply.code(201).send(sendVersioned(reply, await service.createSection(platform, workContext(request), request.body))),
    });
    r.patch("/api/custom-sections/:id", {
      config: update,
      schema: {
        tags,
        summary: "Rename or move a section (If-Match)",
        params: idParams,
        body: customSectionPatch,
        response: { 200: customSection },
      },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await service.updateSection(platform, workContext(request), request.params.id, expectedVersion(request), request.body),
        ),
    });
    r.delete("/api/custom-sections/:id", {
      config: remove,
      schema: { tags, summary: "Delete an empty section (409 while it holds fields)", params: idParams, response: { 204: z.null() } },
      handler: async (request, reply) => {
        await service.deleteSection(platform, workContext(request), request.params.id, optionalVersion(request));
        return reply.code(204).send(null);
      },
    });

    r.post("/api/custom-fields", {
      config: create,
      schema: {
        tags,
        summary: "Add a field to a section (the key is unique per kind of record; choice fields need options)",
        body: customFieldCreate,
        response: { 201: customField },
      },
      handler: async (request, reply) =>
        reply.code(201).send(sendVersioned(reply, await service.createField(platform, workContext(request), request.body))),
    });
    r.patch("/api/custom-fields/:id", {
      config: update,
      schema: {
        tags,
        summary: "Change a field's labels, section, order, options, required flag or archive it (If-Match); key and type never change",
        params: idParams,
        body: customFieldPatch,
        response: { 200: customField },
      },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await service.updateField(platform, workContext(request), request.params.id, expectedVersion(request), request.body),
        ),
    });
    r.delete("/api/custom-fields/:id", {
      config: remove,
      schema: {
        tags,
        summary: "Delete a field no record holds a value for (204); a field with values is archived instead (200 with the field)",
        params: idParams,
        response: { 200: customField, 204: z.null() },
      },
      handler: async (request, reply) => {
        const result = await service.deleteField(platform, workContext(request), request.params.id, optionalVersion(request));
        if (result.deleted) return reply.code(204).send(null);
        return reply.code(200).send(sendVersioned(reply, result.field));
      },
    });
  };
}
