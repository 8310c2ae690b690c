import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  companyFinance,
  creditLimit,
  creditLimitPut,
  creditRating,
  creditRatingCreate,
  creditRatingParams,
  creditRatingPatch,
  depositResult,
  depositRules,
  depositRulesPut,
  financialStatement,
  financialStatementCreate,
  financialStatementParams,
  financialStatementPatch,
  idParams,
} from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { requireActor } from "../../platform/http/auth.plugin";
import { workContext } from "../../platform/http/client-info";
import { expectedVersion, optionalVersion, sendVersioned } from "../../platform/http/etag";
import * as service from "./finance.service";
import { getDepositRules, putDepositRules } from "./finance.rules";

const tags = ["finance"];
/** Financial data: read on the company to see it, update on the company to change it (then checked per record). */
const read = { permission: { object: "company", action: "read" } } as const;
const update = { permission: { object: "company", action: "update" } } as const;

export function financeRoutes(platform: Platform) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get("/api/companies/:id/finance", {
      config: read,
      schema: {
        tags,
        summary: "The financial-health panel in one call: statements by period, rating history, credit limit, deposit result and why",
        params: idParams,
        response: { 200: companyFinance },
      },
      handler: async (request) => service.companyFinance(platform, requireActor(request), request.params.id),
    });
    r.get("/api/companies/:id/deposit-requirement", {
      config: read,
      schema: {
        tags,
        summary: "The deposit and collection method the rules ask of this company now, and why",
        params: idParams,
        response: { 200: depositResult },
      },
      handler: async (request) => service.depositRequirement(platform, requireActor(request), request.params.id),
    });

    r.get("/api/companies/:id/financial-statements", {
      config: read,
      schema: {
        tags,
        summary: "The company's financial statements by period, oldest first",
        params: idParams,
        response: { 200: z.object({ items: z.array(financialStatement) }) },
      },
      handler: async (request) => service.listStatements(platform, requireActor(request), request.params.id),
    });
    r.post("/api/companies/:id/financial-statements", {
      config: update,
      schema: {
        tags,
        summary: "Add a statement for a fiscal year or quarter (400 when that period already has one)",
        params: idParams,
        body: financialStatementCreate,
        response: { 201: financialStatement },
      },
      handler: async (request, reply) =>
        reply
          .code(201)
          .send(sendVersioned(reply, await service.createStatement(platform, workContext(request), request.params.id, request.body))),
    });
    r.patch("/api/companies/:id/financial-statements/:statementId", {
      config: update,
      schema: {
        tags,
        summary: "Correct a statement (If-Match)",
        params: financialStatementParams,
        body: financialStatementPatch,
        response: { 200: financialStatement },
      },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await service.updateStatement(
            platform,
            workContext(request),
            request.params.id,
            request.params.statementId,
            expectedVersion(request),
            request.body,
          ),
        ),
    });
    r.delete("/api/companies/:id/financial-statements/:statementId", {
      config: update,
      schema: { tags, summary: "Remove a statement", params: financialStatementParams, response: { 204: z.null() } },
      handler: async (request, reply) => {
        await service.deleteStatement(
          platform,
          workContext(request),
          request.params.id,
          request.params.statementId,
          optionalVersion(request),
        );
        return reply.code(204).send(null);
      },
    });

    r.get("/api/companies/:id/credit-ratings", {
      config: read,
      schema: {
        tags,
        summary: "Every rating of the company, newest first (the first is the current one)",
        params: idParams,
        response: { 200: z.object({ items: z.array(creditRating) }) },
      },
      handler: async (request) => service.listRatings(platform, requireActor(request), request.params.id),
    });
    r.post("/api/companies/:id/credit-ratings", {
      config: update,
      schema: {
        tags,
        summary: "Record a rating (in the agency's notation; earlier ratings are kept as history)",
        params: idParams,
        body: creditRatingCreate,
        response: { 201: creditRating },
      },
      handler: async (request, reply) =>
        reply
          .code(201)
          .send(sendVersioned(reply, await service.createRating(platform, workContext(request), request.params.id, request.body))),
    });
    r.patch("/api/companies/:id/credit-ratings/:ratingId", {
      config: update,
      schema: {
        tags,
        summary: "Correct a rating (If-Match)",
        params: creditRatingParams,
        body: creditRatingPatch,
        response: { 200: creditRating },
      },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await service.updateRating(
            platform,
            workContext(request),
            request.params.id,
            request.params.ratingId,
            expectedVersion(request),
            request.body,
          ),
        ),
    });
    r.delete("/api/companies/:id/credit-ratings/:ratingId", {
      config: update,
      schema: { tags, summary: "Remove a rating recorded by mistake", params: creditRatingParams, response: { 204: z.null() } },
      handler: async (request, reply) => {
        await service.deleteRating(platform, workContext(request), request.params.id, request.params.ratingId, optionalVersion(request));
        return reply.code(204).send(null);
      },
    });

    r.get("/api/companies/:id/credit-limit", {
      config: read,
      schema: { tags, summary: "The credit limit we extend to the company", params: idParams, response: { 200: creditLimit } },
      handler: async (request, reply) =>
        sendVersioned(reply, await service.getCreditLimit(platform, requireActor(request), request.params.id)),
    });
    r.put("/api/companies/:id/credit-limit", {
      config: update,
      schema: {
        tags,
        summary: 'Set or clear the credit limit (If-Match; "0" while there was none)',
        params: idParams,
        body: creditLimitPut,
        response: { 200: creditLimit },
      },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await service.putCreditLimit(platform, workContext(request), request.params.id, expectedVersion(request), request.body),
        ),
    });

    r.get("/api/settings/deposit-rules", {
      config: { permission: { object: "setting", action: "read" } },
      schema: {
        tags: ["settings"],
        summary: "The deposit rules in the order they are tried, and the default when none matches",
        response: { 200: depositRules },
      },
      handler: async (_request, reply) => sendVersioned(reply, await getDepositRules(platform)),
    });
    r.put("/api/settings/deposit-rules", {
      config: { permission: { object: "setting", action: "update" } },
      schema: {
        tags: ["settings"],
        summary: "Replace the deposit rules and default (If-Match); every company's deposit follows at once",
        body: depositRulesPut,
        response: { 200: depositRules },
      },
      handler: async (request, reply) =>
        sendVersioned(reply, await putDepositRules(platform, workContext(request), expectedVersion(request), request.body)),
    });
  };
}
