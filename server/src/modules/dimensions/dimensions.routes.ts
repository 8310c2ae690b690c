import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  dimensionList,
  dimensionListQuery,
  dimensionReorder,
  dimensionValue,
  dimensionValueCreate,
  dimensionValuePatch,
  idParams,
} from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { workContext } from "../../platform/http/client-info";
import { expectedVersion, optionalVersion, sendVersioned } from "../../platform/http/etag";
import * as service from "./dimensions.service";

const tags = ["dimensions"];
const read = { permission: { object: "setting", action: "read" } } as const;
const create = { permission: { object: "setting", action: "create" } } as const;
const update = { permission: { object: "setting", action: "update" } } as const;
const remove = { permission: { object: "setting", action: "delete" } } as const;

/** Dimension lists: everyone reads them (they shape forms and filters); administrators change them. */
export function dimensionRoutes(platform: Platform) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get("/api/dimensions", {
      config: read,
      schema: {
        tags,
        summary: "Values of the dimension lists (one kind or all), by kind then position; archived ones only when asked",
        querystring: dimensionListQuery,
        response: { 200: dimensionList },
      },
      handler: async (request) => service.listDimensionValues(platform, request.query),
    });
    r.get("/api/dimensions/:id", {
      config: read,
      schema: { tags, params: idParams, response: { 200: dimensionValue } },
      handler: async (request, reply) => sendVersioned(reply, await service.getDimensionValue(platform, request.params.id)),
    });
    r.post("/api/dimensions", {
      config: create,
      schema: {
        tags,
        summary: "Add a value to a list (at the end unless a position is given); the key is unique within its list",
        body: dimensionValueCreate,
        response: { 201: dimensionValue },
      },
      handler: async (request, reply) =>
        reply.code(201).send(sendVersioned(reply, await service.createDimensionValue(platform, workContext(request), request.body))),
    });
    r.post("/api/dimensions/reorder", {
      config: update,
      schema: {
        tags,
        summary: "Put a whole list in a new order (every value of the kind, archived ones too, each once)",
        body: dimensionReorder,
        response: { 200: dimensionList },
      },
      handler: async (request) => service.reorderDimensionValues(platform, workContext(request), request.body),
    });
    r.patch("/api/dimensions/:id", {
      config: update,
      schema: {
        tags,
        summary: "Relabel, move, archive or restore a value; a region's countries (If-Match)",
        params: idParams,
        body: dimensionValuePatch,
        response: { 200: dimensionValue },
      },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await service.updateDimensionValue(platform, workContext(request), request.params.id, expectedVersion(request), request.body),
        ),
    });
    r.delete("/api/dimensions/:id", {
      config: remove,
      schema: {
        tags,
        summary: "Delete a value no record holds (409 otherwise: archive it instead)",
        params: idParams,
        response: { 204: z.null() },
      },
      handler: async (request, reply) => {
        await service.deleteDimensionValue(platform, workContext(request), request.params.id, optionalVersion(request));
        return reply.code(204).send(null);
      },
    });
  };
}
