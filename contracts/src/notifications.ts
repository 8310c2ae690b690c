import { z } from "zod";
import { id, isoDateTime, limits } from "./common";

/** What a notification is about; the web says each in the reader's language from `kind` and `params`. */
export const notificationKinds = ["mention", "assignment", "reminder", "comment", "share", "workflow"] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/** Values a notification's text is built from (names, titles, counts), as they were when it was sent. */
export const notificationParams = z.record(z.string().max(40), z.union([z.string().max(1000), z.number(), z.null()]));
export type NotificationParams = z.infer<typeof notificationParams>;

export const notification = z.object({
  id,
  kind: z.enum(notificationKinds),
  params: notificationParams,
  /** A path inside the app to open (null: nothing to open). */
  link: z.string().nullable(),
  /** Who caused it (null: the system, or a removed user). */
  actorId: id.nullable(),
  actorName: z.string().nullable(),
  companyId: id.nullable(),
  createdAt: isoDateTime,
  readAt: isoDateTime.nullable(),
});
export type Notification = z.infer<typeof notification>;

/** `GET /api/notifications`: newest first, keyset pages; `unread=true` for the unread ones only. */
export const notificationListQuery = z
  .object({
    unread: z
      .enum(["true", "false"])
      .transform((value) => value === "true")
      .optional(),
    limit: z.coerce.number().int().min(1).max(limits.pageSizeMax).default(limits.pageSizeDefault),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type NotificationListQuery = z.output<typeof notificationListQuery>;

/** `GET /api/notifications/unread-count`. */
export const unreadCount = z.object({ count: z.number().int() });
export type UnreadCount = z.infer<typeof unreadCount>;

/** `POST /api/notifications/read-all`: how many were marked read. */
export const markedRead = z.object({ count: z.number().int() });

/** One kind's switches: `inApp` decides whether it reaches the inbox; `email` is kept for when messages are mailed (nothing is sent yet). */
export const notificationPreference = z
  .object({
    kind: z.enum(notificationKinds),
    inApp: z.boolean(),
    email: z.boolean(),
  })
  .strict();
export type NotificationPreference = z.infer<typeof notificationPreference>;

/** `GET /api/notifications/preferences`: every kind, defaults where the user chose nothing. */
export const notificationPreferences = z.object({ items: z.array(notificationPreference) });
export type NotificationPreferences = z.infer<typeof notificationPreferences>;

/** `PUT /api/notifications/preferences`: the kinds to set (each to the values given; other kinds stay as they are). */
export const notificationPreferencesUpdate = z
  .object({
    items: z
      .array(notificationPreference)
      .min(1)
      .max(notificationKinds.length)
      .refine((items) => new Set(items.map((item) => item.kind)).size === items.length, "names a kind twice"),
  })
  .strict();
export type NotificationPreferencesUpdate = z.output<typeof notificationPreferencesUpdate>;
