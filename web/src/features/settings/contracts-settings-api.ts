/** Settings of contracts and client value: segment thresholds and reminder defaults (both If-Match). */
import { queryOptions } from "@tanstack/react-query";
import type { ReminderSettings, ReminderSettingsPut, ValueSegmentSettings, ValueSegmentSettingsPut } from "@relata/contracts";
import { api } from "../../lib/api";

export const valueSegmentsQuery = queryOptions({
  queryKey: ["settings", "value-segments"],
  queryFn: ({ signal }) => api<ValueSegmentSettings>("GET", "/api/settings/value-segments", { signal }),
  meta: { topics: ["list:value-segments"] },
});

export function putValueSegments(body: ValueSegmentSettingsPut, version: number) {
  return api<ValueSegmentSettings>("PUT", "/api/settings/value-segments", { body, version });
}

export const reminderSettingsQuery = queryOptions({
  queryKey: ["settings", "reminders"],
  queryFn: ({ signal }) => api<ReminderSettings>("GET", "/api/settings/reminders", { signal }),
  meta: { topics: ["list:reminder-settings"] },
});

export function putReminderSettings(body: ReminderSettingsPut, version: number) {
  return api<ReminderSettings>("PUT", "/api/settings/reminders", { body, version });
}
