import { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  auditEntry,
  recordHistoryQuery,
  contact,
  contactCreate,
  contactDuplicateCheck,
  contactListQuery,
  contactMerge,
  contactPatch,
  contactRole,
  contactRoleInput,
  contactRolePatch,
  duplicateCandidates,
  id,
  idParams,
  orgChart,
  page,
  vcardImportResult,
} from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { requireActor } from "../../platform/http/auth.plugin";
import { workContext } from "../../platform/http/client-info";
import { expectedVersion, optionalVersion, sendVersioned } from "../../platform/http/etag";
import { csvFilename, sendCsv } from "../../platform/http/csv";
import { AppError, Validation } from "../../platform/errors";
import { auditPage } from "../../platform/audit/audit.presenter";
import * as service from "./contacts.service";

const roleParams = z.object({ id, roleId: id }).strict();
/** vCard bodies: RFC 6350 says UTF-8; 1 MB at most, like every body. */
export const vcardBodyMax = 1_048_576;
const vcardTypes = ["text/vcard", "text/x-vcard", "text/directory"];
const vcardBody = z.string().max(vcardBodyMax).describe("text/vcard; charset=utf-8: one or more vCards (4.0 or 3.0)");
const vcardText = z.string().describe("text/vcard; charset=utf-8");

/** RFC 6266 attachment header: an ASCII fallback and the UTF-8 name. */
const attachment = (fallback: string, name: string) =>
  `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;

function sendVcards(reply: FastifyReply, disposition: string, body: string | AsyncIterable<string>) {
  return reply
    .header("content-type", "text/vcard; charset=utf-8")
    .header("content-disposition", disposition)
    .header("x-content-type-options", "nosniff")
    .send(typeof body === "string" ? body : Readable.from(body, { objectMode: false }));
}

export function contactRoutes(platform: Platform) {
  return async (app: FastifyInstance) => {
    // vCard bodies arrive as UTF-8 text (only on the routes of this plugin).
    app.addContentTypeParser(vcardTypes, { parseAs: "buffer", bodyLimit: vcardBodyMax }, (request, body: Buffer, done) => {
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers["content-type"] ?? "")?.[1]?.toLowerCase();
      if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") {
        done(new AppError("unsupported_media_type", 415, "Send vCards in UTF-8 (charset=utf-8)"), undefined);
        return;
      }
      try {
        done(null, new TextDecoder("utf-8", { fatal: true }).decode(body));
      } catch {
        done(Validation([{ field: "body", message: "is not valid UTF-8" }]), undefined);
      }
    });

    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get("/api/contacts", {
      config: { permission: { object: "contact", action: "read" } },
      schema: {
        tags: ["contacts"],
        summary: "Contacts you may see (through their primary company), keyset-paged",
        querystring: contactListQuery,
        response: { 200: page(contact) },
      },
      handler: async (request) => service.listContacts(platform, requireActor(request), request.query),
    });
    r.get("/api/contacts/export.csv", {
      config: { permission: { object: "contact", action: "read" } },
      schema: {
        tags: ["contacts"],
        summary: "The contacts you may see as CSV (same q, filters and sort as the list; custom fields as columns; at most 100,000 rows)",
        querystring: contactListQuery,
        produces: ["text/csv"],
        response: { 200: z.string().describe("text/csv; charset=utf-8, with BOM and a header row") },
      },
      handler: async (request, reply) => {
        const { columns, batches } = await service.exportContactsCsv(platform, requireActor(request), request.query);
        return sendCsv(reply, csvFilename("contacts"), columns, batches);
      },
    });
    r.get("/api/contacts/export.vcf", {
      config: { permission: { object: "contact", action: "read" } },
      schema: {
        tags: ["contacts"],
        summary: "The contacts you may see as vCard 4.0 (same q, filters and sort as the list; at most 100,000 cards)",
        querystring: contactListQuery,
        produces: ["text/vcard"],
        response: { 200: vcardText },
      },
      handler: async (request, reply) =>
        sendVcards(
          reply,
          `attachment; filename="contacts-${new Date().toISOString().slice(0, 10)}.vcf"`,
          await service.exportContactsVcf(platform, requireActor(request), request.query),
        ),
    });
    r.post("/api/contacts/duplicates", {
      // Nothing is written: anyone who may read contacts may ask (only readable candidates come back).
      config: { permission: { object: "contact", action: "read" } },
      schema: {
        tags: ["contacts"],
        summary: "Likely duplicates of a contact being typed (similar name at the company, same email or phone)",
        body: contactDuplicateCheck,
        response: { 200: duplicateCandidates },
      },
      handler: async (request) => ({ candidates: await service.checkDuplicates(platform, requireActor(request), request.body) }),
    });
    r.get("/api/contacts/:id", {
      config: { permission: { object: "contact", action: "read" } },
      schema: { tags: ["contacts"], params: idParams, response: { 200: contact } },
      handler: async (request, reply) => sendVersioned(reply, await service.getContact(platform, requireActor(request), request.params.id)),
    });
    r.get("/api/contacts/:id/history", {
      config: { permission: { object: "contact", action: "read" } },
      schema: {
        tags: ["contacts"],
        summary: "Audit history of one contact and its roles (and of the contacts merged into it)",
        params: idParams,
        querystring: recordHistoryQuery,
        response: { 200: page(auditEntry) },
      },
      handler: async (request) => {
        const { limit, cursor } = request.query;
        return auditPage(await service.contactHistory(platform, requireActor(request), request.params.id, limit, cursor), limit);
      },
    });
    r.get("/api/contacts/:id/vcard", {
      config: { permission: { object: "contact", action: "read" } },
      schema: {
        tags: ["contacts"],
        summary: "One contact as vCard 4.0",
        params: idParams,
        produces: ["text/vcard"],
        response: { 200: vcardText },
      },
      handler: async (request, reply) => {
        const card = await service.contactVcard(platform, requireActor(request), request.params.id);
        return sendVcards(reply, attachment("contact.vcf", `${card.name || "contact"}.vcf`), card.text);
      },
    });
    r.post("/api/contacts", {
      config: { permission: { object: "contact", action: "create" } },
      schema: { tags: ["contacts"], body: contactCreate, response: { 201: contact } },
      handler: async (request, reply) => {
        const created = await service.createContact(platform, workContext(request), request.body);
        return reply.code(201).header("location", `/api/contacts/${created.id}`).send(sendVersioned(reply, created));
      },
    });
    r.patch("/api/contacts/:id", {
      config: { permission: { object: "contact", action: "update" } },
      schema: { tags: ["contacts"], params: idParams, body: contactPatch, response: { 200: contact } },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await service.updateContact(platform, workContext(request), request.params.id, expectedVersion(request), request.body),
        ),
    });
    r.delete("/api/contacts/:id", {
      config: { permission: { object: "contact", action: "delete" } },
      schema: { tags: ["contacts"], params: idParams, response: { 204: z.null() } },
      handler: async (request, reply) => {
        await service.deleteContact(platform, workContext(request), request.params.id, optionalVersion(request));
        return reply.code(204).send(null);
      },
    });
    r.post("/api/contacts/:id/merge", {
      // Merging changes this contact; removing the other needs the delete function (checked in the service).
      config: { permission: { object: "contact", action: "update" } },
      schema: {
        tags: ["contacts"],
        summary: "Merge another contact into this one (roles, reporting lines and contact points move; the other is removed)",
        params: idParams,
        body: contactMerge,
        response: { 200: contact },
      },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await service.mergeContacts(platform, workContext(request), request.params.id, optionalVersion(request), request.body),
        ),
    });

    r.get("/api/contacts/:id/roles", {
      config: { permission: { object: "contact", action: "read" } },
      schema: {
        tags: ["contacts"],
        summary: "The contact's roles at companies besides the primary one",
        params: idParams,
        response: { 200: z.object({ items: z.array(contactRole) }) },
      },
      handler: async (request) => ({ items: await service.listRoles(platform, requireActor(request), request.params.id) }),
    });
    r.post("/api/contacts/:id/roles", {
      config: { permission: { object: "contact", action: "update" } },
      schema: { tags: ["contacts"], params: idParams, body: contactRoleInput, response: { 201: contactRole } },
      handler: async (request, reply) => {
        const role = await service.addRole(platform, workContext(request), request.params.id, request.body);
        return reply.code(201).send(sendVersioned(reply, role));
      },
    });
    r.patch("/api/contacts/:id/roles/:roleId", {
      config: { permission: { object: "contact", action: "update" } },
      schema: { tags: ["contacts"], params: roleParams, body: contactRolePatch, response: { 200: contactRole } },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await service.updateRole(
            platform,
            workContext(request),
            request.params.id,
            request.params.roleId,
            expectedVersion(request),
            request.body,
          ),
        ),
    });
    r.delete("/api/contacts/:id/roles/:roleId", {
      config: { permission: { object: "contact", action: "update" } },
      schema: { tags: ["contacts"], params: roleParams, response: { 204: z.null() } },
      handler: async (request, reply) => {
        await service.removeRole(platform, workContext(request), request.params.id, request.params.roleId, optionalVersion(request));
        return reply.code(204).send(null);
      },
    });

    r.get("/api/companies/:id/org-chart", {
      config: { permission: { object: "contact", action: "read" } },
      schema: {
        tags: ["contacts"],
        summary: "The people of a company you may see (its contacts and holders of a role there) with their reporting lines",
        params: idParams,
        response: { 200: orgChart },
      },
      handler: async (request) => service.orgChart(platform, requireActor(request), request.params.id),
    });
    r.post("/api/companies/:id/contacts/import.vcf", {
      config: { permission: { object: "contact", action: "create" } },
      schema: {
        tags: ["contacts"],
        summary: "Import vCards (text/vcard, UTF-8, at most 1 MB) as contacts of this company; errors are reported per card",
        params: idParams,
        body: vcardBody,
        consumes: vcardTypes,
        response: { 200: vcardImportResult },
      },
      // Anything but a vCard body (JSON, forms) is the wrong media type here.
      preValidation: async (request) => {
        const type = (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
        if (!vcardTypes.includes(type)) throw new AppError("unsupported_media_type", 415, "Send the vCards as text/vcard");
      },
      handler: async (request) => service.importVcards(platform, workContext(request), request.params.id, request.body),
    });
  };
}
