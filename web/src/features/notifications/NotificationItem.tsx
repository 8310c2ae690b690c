import { Box, Group, Text, UnstyledButton } from "@mantine/core";
import { IconAlarm, IconAt, IconBolt, IconMessage, IconShare, IconUserCheck, type Icon } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { Notification, NotificationKind } from "@relata/contracts";
import { useFormat } from "../../lib/session";
import { toast } from "../../components/dialogs";
import { markRead, notificationsKey } from "./api";
import { notificationDetail, notificationText, safeLink } from "./text";

const icons: Record<NotificationKind, Icon> = {
  mention: IconAt,
  assignment: IconUserCheck,
  reminder: IconAlarm,
  comment: IconMessage,
  share: IconShare,
  workflow: IconBolt,
};

/** Opening a notification marks it read and goes where it points (the mark is sent even if the page changes first). */
export function useOpenNotification(after?: () => void) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return (notification: Notification) => {
    if (!notification.readAt)
      void markRead(notification.id)
        .then(() => queryClient.invalidateQueries({ queryKey: notificationsKey }))
        .catch((error: unknown) => toast.error(error));
    after?.();
    const link = safeLink(notification.link);
    if (link) void navigate({ href: link });
  };
}

/** One line of the inbox: what happened in the reader's language, where and when; unread ones are marked. */
export function NotificationItem({ notification, onOpen }: { notification: Notification; onOpen: (notification: Notification) => void }) {
  const { t } = useTranslation("notifications");
  const format = useFormat();
  const Icon = icons[notification.kind];
  const unread = !notification.readAt;
  const line = notificationText(
    notification,
    (key, options) => t(key, options ?? {}),
    (value) => format.dateTime(value),
  );
  return (
    <UnstyledButton
      onClick={() => onOpen(notification)}
      p={8}
      w="100%"
      style={{ borderRadius: 6, background: unread ? "var(--mantine-color-blue-light)" : undefined }}
      data-testid="notification"
      data-kind={notification.kind}
      data-unread={unread}
      aria-label={unread ? t("unreadLabel", { text: line }) : line}
    >
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <Icon size={18} stroke={1.6} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
        <Box style={{ minWidth: 0, flex: 1 }}>
          <Text size="sm" fw={unread ? 600 : 400} style={{ overflowWrap: "anywhere" }}>
            {line}
          </Text>
          <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
            {notificationDetail(notification, format.relative(notification.createdAt))}
          </Text>
        </Box>
        {unread && (
          <Box
            aria-hidden
            w={8}
            h={8}
            mt={6}
            style={{ borderRadius: "50%", background: "var(--mantine-color-blue-filled)", flexShrink: 0 }}
          />
        )}
      </Group>
    </UnstyledButton>
  );
}
