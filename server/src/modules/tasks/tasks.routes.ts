import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { companyTaskQuery, idParams, page, task, taskCreate, taskListQuery, taskPatch, taskSummary } from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { requireActor } from "../../platform/http/auth.plugin";
import { workContext } from "../../platform/http/client-info";
import { expectedVersion, optionalVersion, sendVersioned } from "../../platform/http/etag";
import * as service from "./tasks.service";

const tags = ["tasks"];
/** Everyone has tasks; who may see or change one is decided per task in the service (assignee, creator, the company's readers). */
const own = { permission: "authenticated" } as const;
/** Actions without input take no body (an empty object at most). */
const noBody = z.object({}).strict().nullish();

export function taskRoutes(platform: Platform) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get("/api/tasks", {
      config: own,
      schema: {
        tags,
        summary: "Your tasks in one view of My work (by due time in your time zone), or those you gave to others (`assigned=by_me`)",
        querystring: taskListQuery,
        response: { 200: page(task) },
      },
      handler: async (request) => service.listMyTasks(platform, requireActor(request), request.query),
    });
    r.get("/api/tasks/summary", {
      config: own,
      schema: { tags, summary: "How many of your tasks each view of My work holds", response: { 200: taskSummary } },
      handler: async (request) => service.taskSummary(platform, requireActor(request)),
    });
    r.post("/api/tasks", {
      config: own,
      schema: {
        tags,
        summary: "Create a task for yourself or a colleague (they are notified); optionally on a company you may see",
        body: taskCreate,
        response: { 201: task },
      },
      handler: async (request, reply) =>
        reply.code(201).send(sendVersioned(reply, await service.createTaskFromRequest(platform, workContext(request), request.body))),
    });
    r.get("/api/tasks/:id", {
      config: own,
      schema: { tags, summary: "One task you may see", params: idParams, response: { 200: task } },
      handler: async (request, reply) => sendVersioned(reply, await service.getTask(platform, requireActor(request), request.params.id)),
    });
    r.patch("/api/tasks/:id", {
      config: own,
      schema: {
        tags,
        summary: "Change a task (If-Match); a new assignee is notified",
        params: idParams,
        body: taskPatch,
        response: { 200: task },
      },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await service.changeTask(platform, workContext(request), request.params.id, expectedVersion(request), request.body),
        ),
    });
    r.post("/api/tasks/:id/complete", {
      config: own,
      schema: { tags, summary: "Mark a task done (If-Match)", params: idParams, body: noBody, response: { 200: task } },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await service.changeTask(platform, workContext(request), request.params.id, expectedVersion(request), { status: "done" }),
        ),
    });
    r.post("/api/tasks/:id/reopen", {
      config: own,
      schema: { tags, summary: "Open a finished task again (If-Match)", params: idParams, body: noBody, response: { 200: task } },
      handler: async (request, reply) =>
        sendVersioned(
          reply,
          await service.changeTask(platform, workContext(request), request.params.id, expectedVersion(request), { status: "open" }),
        ),
    });
    r.delete("/api/tasks/:id", {
      config: own,
      schema: { tags, summary: "Delete a task (If-Match optional)", params: idParams, response: { 204: z.null() } },
      handler: async (request, reply) => {
        await service.deleteTask(platform, workContext(request), request.params.id, optionalVersion(request));
        return reply.code(204).send(null);
      },
    });
    r.get("/api/companies/:id/tasks", {
      config: { permission: { object: "company", action: "read" } },
      schema: {
        tags,
        summary: "A company's tasks: open ones by due time, or finished ones (`status=finished`)",
        params: idParams,
        querystring: companyTaskQuery,
        response: { 200: page(task) },
      },
      handler: async (request) => service.listCompanyTasks(platform, requireActor(request), request.params.id, request.query),
    });
  };
}
