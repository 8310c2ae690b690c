import { useState } from "react";
import { ActionIcon, Anchor, Button, Divider, Group, Indicator, Popover, ScrollArea, Stack, Text } from "@mantine/core";
import { IconBell, IconChecks } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/session";
import { toast } from "../../components/dialogs";
import { EmptyState, ErrorState, LoadingBlock } from "../../components/states";
import { latestNotificationsQuery, markAllRead, notificationsKey, unreadCountQuery } from "./api";
import { NotificationItem, useOpenNotification } from "./NotificationItem";

/**
 * The header's bell: the unread count (live on the reader's own topic) and, opened, the newest
 * notifications; a click marks one read and goes where it points. The list loads only when opened.
 */
export function InboxBell() {
  const { t } = useTranslation("notifications");
  const me = useMe();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const unread = useQuery(unreadCountQuery(me.id));
  const latest = useQuery({ ...latestNotificationsQuery(me.id), enabled: opened });
  const open = useOpenNotification(() => setOpened(false));
  const count = unread.data ?? 0;
  const [marking, setMarking] = useState(false);

  async function readAll() {
    setMarking(true);
    try {
      await markAllRead();
    } catch (error) {
      toast.error(error);
    } finally {
      setMarking(false);
      await queryClient.invalidateQueries({ queryKey: notificationsKey });
    }
  }

  const items = latest.data?.items ?? [];
  return (
    <Popover
      position="bottom-end"
      shadow="md"
      opened={opened}
      onChange={setOpened}
      // Never wider than a phone's screen.
      styles={{ dropdown: { width: "min(380px, calc(100vw - 16px))" } }}
    >
      <Popover.Target>
        <ActionIcon
          variant="subtle"
          size="lg"
          aria-label={t("bell", { count })}
          onClick={() => setOpened((o) => !o)}
          data-testid="notifications"
          data-unread={count}
          // The count's badge sits on the bell's corner; the button must not clip it.
          style={{ overflow: "visible" }}
        >
          <Indicator disabled={count === 0} label={count > 99 ? "99+" : count} size={16} offset={-2} color="red" aria-hidden>
            <IconBell size={20} stroke={1.6} />
          </Indicator>
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown p="xs" data-testid="inbox">
        <Group justify="space-between" px={4} pb={4} wrap="nowrap">
          <Text fw={600} size="sm">
            {t("title")}
          </Text>
          <Button
            size="compact-xs"
            variant="subtle"
            leftSection={<IconChecks size={14} />}
            onClick={() => void readAll()}
            loading={marking}
            disabled={count === 0}
            data-testid="inbox-read-all"
          >
            {t("markAllRead")}
          </Button>
        </Group>
        {latest.isPending ? (
          <LoadingBlock rows={4} />
        ) : latest.isError ? (
          <ErrorState error={latest.error} onRetry={() => void latest.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState title={t("empty")} description={t("emptyHint")} />
        ) : (
          <ScrollArea.Autosize mah="min(420px, 60vh)" type="auto">
            <Stack gap={2}>
              {items.map((notification) => (
                <NotificationItem key={notification.id} notification={notification} onOpen={open} />
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
        <Divider my={6} />
        <Anchor component={Link} to="/notifications" size="sm" onClick={() => setOpened(false)} px={4} data-testid="inbox-all">
          {t("seeAll")}
        </Anchor>
      </Popover.Dropdown>
    </Popover>
  );
}
