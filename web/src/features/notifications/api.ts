/** The inbox: one function per endpoint; query keys start with "notifications". Everything listens to the reader's own topic. */
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { Notification, NotificationPreference, NotificationPreferences, UnreadCount } from "@relata/contracts";
import { api } from "../../lib/api";
import type { ListPage } from "../../components/record-list";

/** The reader's personal topic: every notification, read mark and preference change of theirs is announced there. */
export const personalTopic = (userId: string) => `user:${userId}`;

export const notificationsKey = ["notifications"] as const;

export const unreadCountQuery = (userId: string) =>
  queryOptions({
    queryKey: [...notificationsKey, "unread-count"],
    queryFn: ({ signal }) => api<UnreadCount>("GET", "/api/notifications/unread-count", { signal }).then((body) => body.count),
    meta: { topics: [personalTopic(userId)] },
  });

/** The newest notifications (the bell's list). */
export const latestNotificationsQuery = (userId: string, limit = 20) =>
  queryOptions({
    queryKey: [...notificationsKey, "latest", limit],
    queryFn: ({ signal }) => api<ListPage<Notification>>("GET", "/api/notifications", { query: { limit }, signal }),
    meta: { topics: [personalTopic(userId)] },
  });

/** Every notification, newest first, a page at a time (the full page); `unread` for the unread ones only. */
export const notificationPagesQuery = (userId: string, unread: boolean) =>
  infiniteQueryOptions({
    queryKey: [...notificationsKey, "pages", unread ? "unread" : "all"],
    queryFn: ({ pageParam, signal }) =>
      api<ListPage<Notification>>("GET", "/api/notifications", {
        query: { limit: 50, cursor: pageParam, unread: unread ? "true" : undefined },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    meta: { topics: [personalTopic(userId)] },
  });

export function markRead(id: string, read = true) {
  return api<Notification>("POST", `/api/notifications/${encodeURIComponent(id)}/${read ? "read" : "unread"}`);
}

export function markAllRead() {
  return api<{ count: number }>("POST", "/api/notifications/read-all");
}

export const preferencesQuery = (userId: string) =>
  queryOptions({
    queryKey: [...notificationsKey, "preferences"],
    queryFn: ({ signal }) => api<NotificationPreferences>("GET", "/api/notifications/preferences", { signal }).then((body) => body.items),
    meta: { topics: [personalTopic(userId)] },
  });

export function savePreferences(items: NotificationPreference[]) {
  return api<NotificationPreferences>("PUT", "/api/notifications/preferences", { body: { items } }).then((body) => body.items);
}
