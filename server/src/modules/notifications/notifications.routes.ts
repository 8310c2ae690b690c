import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  idParams,
  markedRead,
  notification,
  notificationListQuery,
  notificationPreferences,
  notificationPreferencesUpdate,
  page,
  unreadCount,
} from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { requireActor } from "../../platform/http/auth.plugin";
import { workContext } from "../../platform/http/client-info";
import * as service from "./notifications.service";

const tags = ["notifications"];
/** Everyone has an inbox; every route reads or writes the caller's own rows only. */
const own = { permission: "authenticated" } as const;
/** Actions without input take no body (an empty object at most). */
const noBody = z.object({}).strict().nullish();

export function notificationRoutes(platform: Platform) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get("/api/notifications", {
      config: own,
      schema: {
        tags,
        summary: "Your notifications, newest first (`unread=true`: the unread ones only)",
        querystring: notificationListQuery,
        response: { 200: page(notification) },
      },
      handler: async (request) => service.listNotifications(platform, requireActor(request), request.query),
    });
    r.get("/api/notifications/unread-count", {
      config: own,
      schema: { tags, summary: "How many of your notifications are unread", response: { 200: unreadCount } },
      handler: async (request) => service.unreadCount(platform, requireActor(request)),
    });
    r.post("/api/notifications/:id/read", {
      config: own,
      schema: { tags, summary: "Mark one of your notifications read", params: idParams, body: noBody, response: { 200: notification } },
      handler: async (request) => service.setRead(platform, workContext(request), request.params.id, true),
    });
    r.post("/api/notifications/:id/unread", {
      config: own,
      schema: { tags, summary: "Mark one of your notifications unread", params: idParams, body: noBody, response: { 200: notification } },
      handler: async (request) => service.setRead(platform, workContext(request), request.params.id, false),
    });
    r.post("/api/notifications/read-all", {
      config: own,
      schema: { tags, summary: "Mark all your notifications read", body: noBody, response: { 200: markedRead } },
      handler: async (request) => service.markAllRead(platform, workContext(request)),
    });
    r.get("/api/notifications/preferences", {
      config: own,
      schema: { tags, summary: "Which kinds of notification reach your inbox", response: { 200: notificationPreferences } },
      handler: async (request) => service.preferences(platform, requireActor(request)),
    });
    r.put("/api/notifications/preferences", {
      config: own,
      schema: {
        tags,
        summary: "Turn kinds of notification on or off for your inbox (the kinds not named stay as they are)",
        body: notificationPreferencesUpdate,
        response: { 200: notificationPreferences },
      },
      handler: async (request) => service.setPreferences(platform, workContext(request), request.body),
    });
  };
}
