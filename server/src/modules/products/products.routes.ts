import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParams, product, productCreate, productListQuery, productPatch } from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { workContext } from "../../platform/http/client-info";
import { expectedVersion, sendVersioned } from "../../platform/http/etag";
import * as service from "./products.service";

const tags = ["products"];
/** The catalogue is read by everyone signed in and changed by those who may change settings. */
const read = { permission: "authenticated" } as const;
const change = { permission: { object: "setting", action: "update" } } as const;

export function productRoutes(platform: Platform) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get("/api/products", {
      config: read,
      schema: {
        tags,
        summary: "The catalogue (active products unless includeInactive), by category and code",
        querystring: productListQuery,
        response: { 200: z.object({ items: z.array(product) }) },
      },
      handler: async (request) => service.listProducts(platform, request.query),
    });
    r.get("/api/products/:id", {
      config: read,
      schema: { tags, summary: "One product with its prices", params: idParams, response: { 200: product } },
      handler: async (request, reply) => sendVersioned(reply, await service.getProduct(platform, request.params.id)),
    });
    r.post("/api/products", {
      config: change,
      schema: { tags, summary: "Add a product (400 when the code is taken)", body: productCreate, response: { 201: product } },
      handler: async (request, reply) =>
        reply.code(201).send(sendVersioned(reply, await service.createProduct(platform, workContext(request), request.body))),
    });
    r.patch("/api/products/:id", {
      config: change,
      schema: {
        tags,
        summary: "Change a product (If-Match); `prices` replaces the price list; `active: false` retires it",
        params: idParams,
        body: productPatch,
        response: { 200: product },
      },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await service.updateProduct(platform, workContext(request), request.params.id, expectedVersion(request), request.body),
        ),
    });
  };
}
