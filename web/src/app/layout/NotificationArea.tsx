import { useCallback, useState } from "react";
import { ActionIcon, Button, Group, Indicator, Popover, ScrollArea, Stack, Text, UnstyledButton } from "@mantine/core";
import { IconBell } from "@tabler/icons-react";
import { useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { LiveEvent } from "@relata/contracts";
import { useLiveEvents } from "../live-context";
import { useFormat } from "../../lib/session";
import { hitPath } from "./CommandPalette";

const keep = 50;

/** i18n key for an event name like `company.updated`; unknown names fall back to a generic line. */
export function eventKey(name: string): string {
  return `events.${name.replace(/\./g, "_")}`;
}

/**
 * The bell: changes that reached this tab live (newest first), unread until opened. Later
 * modules put mentions, assignments and reminders here too.
 */
export function NotificationArea() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const [events, setEvents] = useState<LiveEvent[]>([]);
  const [unread, setUnread] = useState(0);
  const [opened, setOpened] = useState(false);
  const receive = useCallback(
    (event: LiveEvent) => {
      setEvents((list) => [event, ...list].slice(0, keep));
      setUnread((n) => (opened ? n : Math.min(n + 1, 99)));
    },
    [opened],
  );
  useLiveEvents(receive);

  function open(event: LiveEvent) {
    setOpened(false);
    if (event.recordId && (event.object === "company" || event.object === "user") && !event.name.endsWith(".deleted")) {
      void navigate({ to: hitPath({ object: event.object, id: event.recordId }) });
    }
  }

  return (
    <Popover width={340} position="bottom-end" shadow="md" opened={opened} onChange={setOpened} onOpen={() => setUnread(0)}>
      <Popover.Target>
        <ActionIcon
          variant="subtle"
          size="lg"
          aria-label={t("notifications.open", { count: unread })}
          onClick={() => {
            setOpened((o) => !o);
            setUnread(0);
          }}
          data-testid="notifications"
        >
          <Indicator disabled={unread === 0} label={unread} size={16} offset={-2} color="red" aria-hidden>
            <IconBell size={20} stroke={1.6} />
          </Indicator>
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown p="xs">
        <Group justify="space-between" px={4} pb={4}>
          <Text fw={600} size="sm">
            {t("notifications.title")}
          </Text>
          {events.length > 0 && (
            <Button size="compact-xs" variant="subtle" onClick={() => setEvents([])}>
              {t("notifications.clear")}
            </Button>
          )}
        </Group>
        {events.length === 0 ? (
          <Text size="sm" c="dimmed" p="sm" ta="center">
            {t("notifications.empty")}
          </Text>
        ) : (
          <ScrollArea.Autosize mah={360}>
            <Stack gap={2}>
              {events.map((event) => (
                <UnstyledButton key={event.id} onClick={() => open(event)} p={6} style={{ borderRadius: 6 }}>
                  <Text size="sm">{t(eventKey(event.name), { defaultValue: t("events.generic", { name: event.name }) })}</Text>
                  <Text size="xs" c="dimmed">
                    {format.relative(event.at)}
                  </Text>
                </UnstyledButton>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
