import { useMemo, useState } from "react";
import { ActionIcon, Anchor, Badge, Button, Card, Group, Stack, Table, Text, Tooltip } from "@mantine/core";
import { IconDeviceDesktop, IconDeviceMobile, IconDeviceTablet, IconDevices, IconLogout } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { User } from "@relata/contracts";
import { useCan, useFormat } from "../../../lib/session";
import { confirm } from "../../../components/dialogs";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import { endSession, useSessions, type SessionInfo } from "../api/sessions";
import { parseUserAgent, type Device } from "../lib/userAgent";
import { notifyError, notifySuccess } from "./feedback";
import { useIsPhone } from "./Responsive";

const formIcons = { desktop: IconDeviceDesktop, mobile: IconDeviceMobile, tablet: IconDeviceTablet, unknown: IconDevices } as const;

export function useDeviceLabel() {
  const { t } = useTranslation("admin");
  return (device: Device) => {
    if (device.browser && device.os) return t("sessions.deviceOn", { browser: device.browser, os: device.os });
    if (device.browser) return device.browser;
    if (device.os) return t("sessions.browserOn", { os: device.os });
    return t("sessions.unknownDevice");
  };
}

type Props = {
  /** Only this user's sessions; otherwise everyone's (as far as the server shows them). */
  userId?: string;
  users?: User[];
  /** Show the user column (the all-sessions screen). */
  showUser?: boolean;
};

/** Live sessions with device, address and times; each can be ended, all of one user's at once. */
export function SessionList({ userId, users, showUser = false }: Props) {
  const { t } = useTranslation("admin");
  const format = useFormat();
  const phone = useIsPhone();
  const queryClient = useQueryClient();
  const canEnd = useCan("session", "delete");
  const sessions = useSessions(userId);
  const deviceLabel = useDeviceLabel();
  const [ending, setEnding] = useState<string | null>(null);
  const names = useMemo(() => new Map((users ?? []).map((user) => [user.id, user.name])), [users]);

  async function end(session: SessionInfo) {
    const who = names.get(session.userId) ?? t("sessions.thisUser");
    const ok = await confirm(
      session.current
        ? {
            title: t("sessions.endCurrentTitle"),
            message: t("sessions.endCurrentMessage"),
            danger: true,
            confirmLabel: t("sessions.endAndSignOut"),
          }
        : {
            title: t("sessions.endTitle"),
            message: t("sessions.endMessage", { name: who }),
            danger: true,
            confirmLabel: t("sessions.end"),
          },
    );
    if (!ok) return;
    setEnding(session.id);
    try {
      await endSession(session.id);
      notifySuccess(t("sessions.ended"));
      await queryClient.invalidateQueries({ queryKey: ["sessions"] });
    } catch (error) {
      notifyError(error);
    } finally {
      setEnding(null);
    }
  }

  async function endAll(list: SessionInfo[]) {
    const others = list.filter((session) => !session.current);
    if (others.length === 0) return;
    const ok = await confirm({
      title: t("sessions.endAllTitle"),
      message: t("sessions.endAllMessage", { count: others.length, name: (userId && names.get(userId)) ?? t("sessions.thisUser") }),
      danger: true,
      confirmLabel: t("sessions.endAll"),
    });
    if (!ok) return;
    setEnding("all");
    const results = await Promise.allSettled(others.map((session) => endSession(session.id)));
    setEnding(null);
    await queryClient.invalidateQueries({ queryKey: ["sessions"] });
    const failed = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
    if (failed) notifyError(failed.reason);
    else notifySuccess(t("sessions.endedAll", { count: others.length }));
  }

  if (sessions.isPending) return <LoadingBlock rows={3} />;
  if (sessions.isError) return <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />;
  // Your own current session first, then the most recently active.
  const list = [...sessions.data].sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt));
  if (list.length === 0) return <EmptyState title={t("sessions.empty")} description={userId ? t("sessions.emptyUser") : undefined} />;

  const who = (session: SessionInfo) => (
    <Anchor component={Link} to={`/admin/users/${session.userId}`} size="sm" fw={500}>
      {names.get(session.userId) ?? t("sessions.unknownUser")}
    </Anchor>
  );
  const device = (session: SessionInfo) => {
    const parsed = parseUserAgent(session.userAgent);
    const Icon = formIcons[parsed.form];
    return (
      <Group gap={8} wrap="nowrap" align="flex-start">
        <Icon size={18} stroke={1.5} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Tooltip label={session.userAgent ?? t("sessions.noUserAgent")} multiline maw={360} withArrow openDelay={400}>
            <Text size="sm" data-testid="session-device">
              {deviceLabel(parsed)}
            </Text>
          </Tooltip>
          {session.current && (
            <Badge
              size="sm"
              color="teal"
              variant="light"
              style={{ textTransform: "none", alignSelf: "flex-start" }}
              data-testid="session-current"
            >
              {t("sessions.current")}
            </Badge>
          )}
        </Stack>
      </Group>
    );
  };
  const endButton = (session: SessionInfo) =>
    canEnd && (
      <Tooltip label={session.current ? t("sessions.endCurrentHint") : t("sessions.end")} withArrow>
        <ActionIcon
          variant="subtle"
          color={session.current ? "orange" : "red"}
          onClick={() => void end(session)}
          loading={ending === session.id}
          aria-label={session.current ? t("sessions.endCurrentHint") : t("sessions.end")}
          data-testid="session-end"
        >
          <IconLogout size={18} />
        </ActionIcon>
      </Tooltip>
    );
  const lastSeen = (session: SessionInfo) => (
    <Tooltip label={format.dateTime(session.lastSeenAt)} withArrow>
      <Text size="sm" span>
        {format.relative(session.lastSeenAt)}
      </Text>
    </Tooltip>
  );

  const endAllButton = userId && canEnd && list.filter((session) => !session.current).length > 1 && (
    <Group justify="flex-end">
      <Button
        variant="light"
        color="red"
        size="xs"
        leftSection={<IconLogout size={14} />}
        onClick={() => void endAll(list)}
        loading={ending === "all"}
        data-testid="sessions-end-all"
      >
        {t("sessions.endAll")}
      </Button>
    </Group>
  );

  if (phone) {
    return (
      <Stack gap="xs" data-testid="session-list">
        {endAllButton}
        {list.map((session) => (
          <Card key={session.id} withBorder padding="sm" data-testid="session-row" data-current={session.current || undefined}>
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Stack gap={4} style={{ minWidth: 0 }}>
                {showUser && who(session)}
                {device(session)}
                <Text size="xs" c="dimmed">
                  {t("sessions.ipShort", { ip: session.ip ?? t("sessions.noIp") })} ·{" "}
                  {t("sessions.lastSeenShort", { when: format.relative(session.lastSeenAt) })}
                </Text>
                <Text size="xs" c="dimmed">
                  {t("sessions.startedShort", { date: format.dateTime(session.createdAt) })}
                </Text>
                <Text size="xs" c="dimmed">
                  {t("sessions.expiresShort", { date: format.dateTime(session.expiresAt) })}
                </Text>
              </Stack>
              {endButton(session)}
            </Group>
          </Card>
        ))}
      </Stack>
    );
  }

  return (
    <Stack gap="xs">
      {endAllButton}
      <Table.ScrollContainer minWidth={showUser ? 960 : 800}>
        <Table verticalSpacing="sm" highlightOnHover data-testid="session-list">
          <Table.Thead style={{ whiteSpace: "nowrap" }}>
            <Table.Tr>
              {showUser && <Table.Th>{t("sessions.user")}</Table.Th>}
              <Table.Th>{t("sessions.device")}</Table.Th>
              <Table.Th>{t("sessions.ip")}</Table.Th>
              <Table.Th>{t("sessions.started")}</Table.Th>
              <Table.Th>{t("sessions.lastSeen")}</Table.Th>
              <Table.Th>{t("sessions.expires")}</Table.Th>
              {canEnd && <Table.Th w={52} />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((session) => (
              <Table.Tr key={session.id} data-testid="session-row" data-current={session.current || undefined}>
                {showUser && <Table.Td style={{ whiteSpace: "nowrap" }}>{who(session)}</Table.Td>}
                <Table.Td>{device(session)}</Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace" c={session.ip ? undefined : "dimmed"} style={{ whiteSpace: "nowrap" }}>
                    {session.ip ?? t("sessions.noIp")}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                    {format.dateTime(session.createdAt)}
                  </Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{lastSeen(session)}</Table.Td>
                <Table.Td>
                  <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                    {format.dateTime(session.expiresAt)}
                  </Text>
                </Table.Td>
                {canEnd && <Table.Td>{endButton(session)}</Table.Td>}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
