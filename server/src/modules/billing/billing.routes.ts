import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  creditNote,
  creditNoteCreate,
  idParams,
  invoice,
  invoiceCreate,
  invoiceIssue,
  invoiceListQuery,
  invoiceParams,
  payment,
  paymentAllocate,
  paymentCreate,
  paymentParams,
  receivables,
  receivablesQuery,
} from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { requireActor } from "../../platform/http/auth.plugin";
import { workContext } from "../../platform/http/client-info";
import { sendVersioned } from "../../platform/http/etag";
import * as service from "./billing.service";

const tags = ["billing"];
const read = { permission: { object: "company", action: "read" } } as const;
const update = { permission: { object: "company", action: "update" } } as const;

export function billingRoutes(platform: Platform) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get("/api/companies/:id/invoices", {
      config: read,
      schema: {
        tags,
        summary: "The company's invoices, newest first",
        params: idParams,
        querystring: invoiceListQuery,
        response: { 200: z.object({ items: z.array(invoice) }) },
      },
      handler: async (request) => service.listInvoices(platform, requireActor(request), request.params.id, request.query),
    });
    r.post("/api/companies/:id/invoices", {
      config: update,
      schema: {
        tags,
        summary: "Invoice by hand (issued at once unless draft); its lines book revenue when issued",
        params: idParams,
        body: invoiceCreate,
        response: { 201: invoice },
      },
      handler: async (request, reply) =>
        reply
          .code(201)
          .send(sendVersioned(reply, await service.createInvoice(platform, workContext(request), request.params.id, request.body))),
    });
    r.get("/api/companies/:id/invoices/:invoiceId", {
      config: read,
      schema: { tags, summary: "One invoice with its lines", params: invoiceParams, response: { 200: invoice } },
      handler: async (request, reply) =>
        sendVersioned(reply, await service.getInvoice(platform, requireActor(request), request.params.id, request.params.invoiceId)),
    });
    r.post("/api/companies/:id/invoices/:invoiceId/issue", {
      config: update,
      schema: {
        tags,
        summary: "Issue a draft invoice (a contract's monthly invoice)",
        params: invoiceParams,
        body: invoiceIssue,
        response: { 201: invoice },
      },
      handler: async (request, reply) =>
        reply
          .code(201)
          .send(
            sendVersioned(
              reply,
              await service.issueInvoice(platform, workContext(request), request.params.id, request.params.invoiceId, request.body),
            ),
          ),
    });
    r.get("/api/companies/:id/payments", {
      config: read,
      schema: {
        tags,
        summary: "Payments received from the company, newest first",
        params: idParams,
        response: { 200: z.object({ items: z.array(payment) }) },
      },
      handler: async (request) => service.listPayments(platform, requireActor(request), request.params.id),
    });
    r.post("/api/companies/:id/payments", {
      config: update,
      schema: {
        tags,
        summary: "Record a payment, applied to the invoices named; the rest stays on account",
        params: idParams,
        body: paymentCreate,
        response: { 201: payment },
      },
      handler: async (request, reply) =>
        reply.code(201).send(await service.createPayment(platform, workContext(request), request.params.id, request.body)),
    });
    r.post("/api/companies/:id/payments/:paymentId/allocations", {
      config: update,
      schema: {
        tags,
        summary: "Apply a payment's unapplied amount to invoices",
        params: paymentParams,
        body: paymentAllocate,
        response: { 201: payment },
      },
      handler: async (request, reply) =>
        reply
          .code(201)
          .send(
            await service.allocatePayment(
              platform,
              workContext(request),
              request.params.id,
              request.params.paymentId,
              request.body.allocations,
            ),
          ),
    });
    r.get("/api/companies/:id/credit-notes", {
      config: read,
      schema: {
        tags,
        summary: "Credit notes of the company, newest first",
        params: idParams,
        response: { 200: z.object({ items: z.array(creditNote) }) },
      },
      handler: async (request) => service.listCreditNotes(platform, requireActor(request), request.params.id),
    });
    r.post("/api/companies/:id/credit-notes", {
      config: update,
      schema: {
        tags,
        summary: "Credit part or all of an issued invoice's outstanding amount (books negative revenue)",
        params: idParams,
        body: creditNoteCreate,
        response: { 201: creditNote },
      },
      handler: async (request, reply) =>
        reply.code(201).send(await service.createCreditNote(platform, workContext(request), request.params.id, request.body)),
    });
    r.get("/api/companies/:id/receivables", {
      config: read,
      schema: {
        tags,
        summary: "Accounts receivable with aging buckets, DSO and days to pay, per currency, for the company or its group",
        params: idParams,
        querystring: receivablesQuery,
        response: { 200: receivables },
      },
      handler: async (request) => service.receivables(platform, requireActor(request), request.params.id, request.query),
    });
  };
}
