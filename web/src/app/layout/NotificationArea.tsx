import { InboxBell } from "../../features/notifications/InboxBell";

/** i18n key for an event name like `company.updated`; unknown names fall back to a generic line. */
export function eventKey(name: string): string {
  return `events.${name.replace(/\./g, "_")}`;
}

/**
 * The bell: the signed-in user's inbox (mentions, assignments, reminders, comments, shares and
 * workflow notices), its unread count live on their personal topic.
 */
export function NotificationArea() {
  return <InboxBell />;
}
