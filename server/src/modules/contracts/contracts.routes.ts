import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  contract,
  contractCreate,
  contractItemCreate,
  contractItemParams,
  contractItemPatch,
  contractParams,
  contractPatch,
  contractSummary,
  fulfilmentCreate,
  fulfilmentResult,
  idParams,
  serviceItem,
} from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { requireActor } from "../../platform/http/auth.plugin";
import { workContext } from "../../platform/http/client-info";
import { expectedVersion, sendVersioned } from "../../platform/http/etag";
import * as service from "./contracts.service";

const tags = ["contracts"];
/** Contracts inherit visibility from their company: read on it to see them, update on it to change them. */
const read = { permission: { object: "company", action: "read" } } as const;
const update = { permission: { object: "company", action: "update" } } as const;

export function contractRoutes(platform: Platform) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get("/api/companies/:id/contracts", {
      config: read,
      schema: {
        tags,
        summary: "The company's contracts, newest first",
        params: idParams,
        response: { 200: z.object({ items: z.array(contractSummary) }) },
      },
      handler: async (request) => service.listContracts(platform, requireActor(request), request.params.id),
    });
    r.post("/api/companies/:id/contracts", {
      config: update,
      schema: {
        tags,
        summary: "Add a contract (a draft) with its items",
        params: idParams,
        body: contractCreate,
        response: { 201: contract },
      },
      handler: async (request, reply) =>
        reply
          .code(201)
          .send(sendVersioned(reply, await service.createContract(platform, workContext(request), request.params.id, request.body))),
    });
    r.get("/api/companies/:id/contracts/:contractId", {
      config: read,
      schema: { tags, summary: "One contract with its items", params: contractParams, response: { 200: contract } },
      handler: async (request, reply) =>
        sendVersioned(reply, await service.getContract(platform, requireActor(request), request.params.id, request.params.contractId)),
    });
    r.patch("/api/companies/:id/contracts/:contractId", {
      config: update,
      schema: {
        tags,
        summary: "Change terms or status (If-Match): draft → active → expired / terminated / renewed",
        params: contractParams,
        body: contractPatch,
        response: { 200: contract },
      },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await service.updateContract(
            platform,
            workContext(request),
            request.params.id,
            request.params.contractId,
            expectedVersion(request),
            request.body,
          ),
        ),
    });
    r.post("/api/companies/:id/contracts/:contractId/items", {
      config: update,
      schema: {
        tags,
        summary: "Add an item (If-Match on the contract; priced at the list price when no unit price is given)",
        params: contractParams,
        body: contractItemCreate,
        response: { 201: contract },
      },
      handler: async (request, reply) =>
        reply
          .code(201)
          .send(
            sendVersioned(
              reply,
              await service.addItem(
                platform,
                workContext(request),
                request.params.id,
                request.params.contractId,
                expectedVersion(request),
                request.body,
              ),
            ),
          ),
    });
    r.patch("/api/companies/:id/contracts/:contractId/items/:itemId", {
      config: update,
      schema: {
        tags,
        summary: "Change an item (If-Match on the contract); never below what was fulfilled",
        params: contractItemParams,
        body: contractItemPatch,
        response: { 200: contract },
      },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await service.updateItem(
            platform,
            workContext(request),
            request.params.id,
            request.params.contractId,
            request.params.itemId,
            expectedVersion(request),
            request.body,
          ),
        ),
    });
    r.post("/api/companies/:id/contracts/:contractId/items/:itemId/fulfilments", {
      config: update,
      schema: {
        tags,
        summary:
          "Fulfil part or all of an item: revenue, invoice line, service item, figures and timeline in one transaction (Idempotency-Key: a repeat is refused)",
        params: contractItemParams,
        body: fulfilmentCreate,
        response: { 201: fulfilmentResult },
      },
      handler: async (request, reply) =>
        reply
          .code(201)
          .send(
            await service.fulfilItem(
              platform,
              workContext(request),
              request.params.id,
              request.params.contractId,
              request.params.itemId,
              request.body,
            ),
          ),
    });
    r.get("/api/companies/:id/service-items", {
      config: read,
      schema: {
        tags,
        summary: "The company's service items (entitlements from fulfilled service products)",
        params: idParams,
        response: { 200: z.object({ items: z.array(serviceItem) }) },
      },
      handler: async (request) => service.listServiceItems(platform, requireActor(request), request.params.id),
    });
  };
}
