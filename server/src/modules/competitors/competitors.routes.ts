import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  competitorContract,
  competitorContractCreate,
  competitorContractParams,
  competitorContractPatch,
  idParams,
  upcomingCompetitorPage,
  upcomingCompetitorQuery,
} from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { requireActor } from "../../platform/http/auth.plugin";
import { workContext } from "../../platform/http/client-info";
import { expectedVersion, sendVersioned } from "../../platform/http/etag";
import * as service from "./competitors.service";

const tags = ["competitors"];
/** Competitor contracts inherit visibility from their company. */
const read = { permission: { object: "company", action: "read" } } as const;
const update = { permission: { object: "company", action: "update" } } as const;

export function competitorRoutes(platform: Platform) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get("/api/competitor-contracts/upcoming", {
      config: read,
      schema: {
        tags,
        summary: "Competitor contracts expiring soon across the companies you may see, soonest first (keyset-paged)",
        querystring: upcomingCompetitorQuery,
        response: { 200: upcomingCompetitorPage },
      },
      handler: async (request) => service.upcomingCompetitorContracts(platform, requireActor(request), request.query),
    });
    r.get("/api/companies/:id/competitor-contracts", {
      config: read,
      schema: {
        tags,
        summary: "The company's contracts with competitors, soonest expiry first",
        params: idParams,
        response: { 200: z.object({ items: z.array(competitorContract) }) },
      },
      handler: async (request) => service.listCompetitorContracts(platform, requireActor(request), request.params.id),
    });
    r.post("/api/companies/:id/competitor-contracts", {
      config: update,
      schema: {
        tags,
        summary: "Record a contract the company has with a competitor (a follow-up comes before it expires)",
        params: idParams,
        body: competitorContractCreate,
        response: { 201: competitorContract },
      },
      handler: async (request, reply) =>
        reply
          .code(201)
          .send(
            sendVersioned(reply, await service.createCompetitorContract(platform, workContext(request), request.params.id, request.body)),
          ),
    });
    r.get("/api/companies/:id/competitor-contracts/:competitorContractId", {
      config: read,
      schema: { tags, summary: "One competitor contract", params: competitorContractParams, response: { 200: competitorContract } },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await service.getCompetitorContract(platform, requireActor(request), request.params.id, request.params.competitorContractId),
        ),
    });
    r.patch("/api/companies/:id/competitor-contracts/:competitorContractId", {
      config: update,
      schema: {
        tags,
        summary: "Change a competitor contract (If-Match); its follow-up moves with the expiry",
        params: competitorContractParams,
        body: competitorContractPatch,
        response: { 200: competitorContract },
      },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await service.updateCompetitorContract(
            platform,
            workContext(request),
            request.params.id,
            request.params.competitorContractId,
            expectedVersion(request),
            request.body,
          ),
        ),
    });
    r.delete("/api/companies/:id/competitor-contracts/:competitorContractId", {
      config: update,
      schema: {
        tags,
        summary: "Remove a competitor contract (If-Match) and its pending follow-up",
        params: competitorContractParams,
        response: { 204: z.null() },
      },
      handler: async (request, reply) => {
        await service.deleteCompetitorContract(
          platform,
          workContext(request),
          request.params.id,
          request.params.competitorContractId,
          expectedVersion(request),
        );
        return reply.code(204).send(null);
      },
    });
  };
}
