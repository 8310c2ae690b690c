import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { reminderSettings, reminderSettingsPut } from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { workContext } from "../../platform/http/client-info";
import { expectedVersion, sendVersioned } from "../../platform/http/etag";
import * as settings from "./reminders.settings";

export function reminderRoutes(platform: Platform) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get("/api/settings/reminders", {
      config: { permission: { object: "setting", action: "read" } },
      schema: { tags: ["settings"], summary: "Reminder lead times and collection steps", response: { 200: reminderSettings } },
      handler: async (_request, reply) => sendVersioned(reply, await settings.getReminderSettings(platform)),
    });
    r.put("/api/settings/reminders", {
      config: { permission: { object: "setting", action: "update" } },
      schema: {
        tags: ["settings"],
        summary: "Change the reminder defaults (If-Match); open invoices' collection steps are rescheduled",
        body: reminderSettingsPut,
        response: { 200: reminderSettings },
      },
      handler: async (request, reply) =>
        sendVersioned(reply, await settings.putReminderSettings(platform, workContext(request), expectedVersion(request), request.body)),
    });
  };
}
