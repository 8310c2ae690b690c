import type { Notification, NotificationKind } from "@relata/contracts";
import type { NotificationView } from "./notifications.repository";

export function presentNotification(row: NotificationView): Notification {
  return {
    id: row.id,
    kind: row.kind as NotificationKind,
    params: row.params,
    link: row.link,
    actorId: row.actorId,
    actorName: row.actorName,
    companyId: row.companyId,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}
