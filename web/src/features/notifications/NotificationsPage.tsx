import { useState } from "react";
import { ActionIcon, Button, Card, Group, SegmentedControl, Stack, Tooltip } from "@mantine/core";
import { IconChecks, IconMail, IconMailOpened } from "@tabler/icons-react";
import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Notification } from "@relata/contracts";
import { useMe } from "../../lib/session";
import { toast } from "../../components/dialogs";
import { PageHeader } from "../../components/page-header";
import { EmptyState, ErrorState, LoadingBlock } from "../../components/states";
import { markAllRead, markRead, notificationPagesQuery, notificationsKey, unreadCountQuery } from "./api";
import { NotificationItem, useOpenNotification } from "./NotificationItem";

/** Every notification of the reader, newest first, with the unread ones apart; read marks can be set both ways. */
export function NotificationsPage() {
  const { t } = useTranslation("notifications");
  const me = useMe();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<"all" | "unread">("all");
  const pages = useInfiniteQuery(notificationPagesQuery(me.id, filter === "unread"));
  const unread = useQuery(unreadCountQuery(me.id));
  const open = useOpenNotification();
  const [busy, setBusy] = useState(false);

  async function change(work: () => Promise<unknown>) {
    setBusy(true);
    try {
      await work();
    } catch (error) {
      toast.error(error);
    } finally {
      setBusy(false);
      await queryClient.invalidateQueries({ queryKey: notificationsKey });
    }
  }

  const items = pages.data?.pages.flatMap((page) => page.items) ?? [];
  const toggle = (notification: Notification) => change(() => markRead(notification.id, !notification.readAt));

  return (
    <Stack maw={820} gap="md">
      <PageHeader
        title={t("title")}
        description={t("pageDescription")}
        actions={
          <Button
            variant="light"
            leftSection={<IconChecks size={16} />}
            onClick={() => void change(markAllRead)}
            disabled={!unread.data || busy}
            data-testid="notifications-read-all"
          >
            {t("markAllRead")}
          </Button>
        }
      />
      <SegmentedControl
        value={filter}
        onChange={(value) => setFilter(value as "all" | "unread")}
        data={[
          { value: "all", label: t("filter.all") },
          { value: "unread", label: t("filter.unread", { count: unread.data ?? 0 }) },
        ]}
        style={{ alignSelf: "flex-start" }}
        data-testid="notifications-filter"
      />
      <Card withBorder padding="xs">
        {pages.isPending ? (
          <LoadingBlock rows={6} />
        ) : pages.isError ? (
          <ErrorState error={pages.error} onRetry={() => void pages.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState
            title={filter === "unread" ? t("emptyUnread") : t("empty")}
            description={filter === "unread" ? undefined : t("emptyHint")}
          />
        ) : (
          <Stack gap={2} data-testid="notifications-list">
            {items.map((notification) => (
              <Group key={notification.id} gap={4} wrap="nowrap" align="flex-start">
                <div style={{ flex: 1, minWidth: 0 }}>
                  <NotificationItem notification={notification} onOpen={open} />
                </div>
                <Tooltip label={notification.readAt ? t("markUnread") : t("markRead")}>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    mt={6}
                    onClick={() => void toggle(notification)}
                    disabled={busy}
                    aria-label={notification.readAt ? t("markUnread") : t("markRead")}
                    data-testid="notification-toggle"
                  >
                    {notification.readAt ? <IconMail size={16} /> : <IconMailOpened size={16} />}
                  </ActionIcon>
                </Tooltip>
              </Group>
            ))}
            {pages.hasNextPage && (
              <Button variant="subtle" onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage}>
                {t("more")}
              </Button>
            )}
          </Stack>
        )}
      </Card>
    </Stack>
  );
}
