import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  idParams,
  order,
  orderCreate,
  orderParams,
  orderSummary,
  orderTransition,
  transactionPage,
  transactionQuery,
} from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { requireActor } from "../../platform/http/auth.plugin";
import { workContext } from "../../platform/http/client-info";
import { expectedVersion, sendVersioned } from "../../platform/http/etag";
import * as service from "./orders.service";
import { listTransactions } from "./orders.transactions";

const tags = ["orders"];
/** Orders and transactions inherit visibility from their company. */
const read = { permission: { object: "company", action: "read" } } as const;
const update = { permission: { object: "company", action: "update" } } as const;

export function orderRoutes(platform: Platform) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get("/api/companies/:id/orders", {
      config: read,
      schema: {
        tags,
        summary: "The company's orders, newest first",
        params: idParams,
        response: { 200: z.object({ items: z.array(orderSummary) }) },
      },
      handler: async (request) => service.listOrders(platform, requireActor(request), request.params.id),
    });
    r.post("/api/companies/:id/orders", {
      config: update,
      schema: { tags, summary: "Enter an order with its lines", params: idParams, body: orderCreate, response: { 201: order } },
      handler: async (request, reply) =>
        reply
          .code(201)
          .send(sendVersioned(reply, await service.createOrder(platform, workContext(request), request.params.id, request.body))),
    });
    r.get("/api/companies/:id/orders/:orderId", {
      config: read,
      schema: { tags, summary: "One order with its lines and status history", params: orderParams, response: { 200: order } },
      handler: async (request, reply) =>
        sendVersioned(reply, await service.getOrder(platform, requireActor(request), request.params.id, request.params.orderId)),
    });
    r.post("/api/companies/:id/orders/:orderId/transitions", {
      config: update,
      schema: {
        tags,
        summary: "Record the order's next status (If-Match): entered → confirmed → shipped → delivered, or cancelled before shipping",
        params: orderParams,
        body: orderTransition,
        response: { 201: order },
      },
      handler: async (request, reply) =>
        reply
          .code(201)
          .send(
            sendVersioned(
              reply,
              await service.transitionOrder(
                platform,
                workContext(request),
                request.params.id,
                request.params.orderId,
                expectedVersion(request),
                request.body,
              ),
            ),
          ),
    });
    r.get("/api/companies/:id/transactions", {
      config: read,
      schema: {
        tags,
        summary: "The client's transaction history: orders, fulfilments, invoices, payments, credit notes (newest first, keyset-paged)",
        params: idParams,
        querystring: transactionQuery,
        response: { 200: transactionPage },
      },
      handler: async (request) => listTransactions(platform, requireActor(request), request.params.id, request.query),
    });
  };
}
