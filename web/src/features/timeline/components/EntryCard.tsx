import type { ComponentType } from "react";
import { ActionIcon, Anchor, Badge, Card, Group, Menu, Stack, Text, ThemeIcon, Tooltip } from "@mantine/core";
import {
  IconArrowDownLeft,
  IconArrowUpRight,
  IconBolt,
  IconCalendarEvent,
  IconDots,
  IconGavel,
  IconMail,
  IconMapPin,
  IconMessage,
  IconMessages,
  IconNote,
  IconPencil,
  IconPhone,
  IconPin,
  IconPinnedOff,
  IconSettings,
  IconTrash,
  IconUsers,
} from "@tabler/icons-react";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { TimelineEntry, TimelineKind } from "@relata/contracts";
import { useFormat } from "../../../lib/session";
import { durationParts, systemMessage } from "../lib/timeline";
import classes from "./timeline.module.css";

type Icon = ComponentType<{ size?: number | string; stroke?: number }>;
export const kindIcons: Record<TimelineKind, Icon> = {
  call: IconPhone,
  meeting: IconUsers,
  visit: IconMapPin,
  email: IconMail,
  sms: IconMessage,
  chat: IconMessages,
  event: IconCalendarEvent,
  action: IconBolt,
  decision: IconGavel,
  note: IconNote,
  system: IconSettings,
};
export const kindColors: Record<TimelineKind, string> = {
  call: "blue",
  meeting: "violet",
  visit: "grape",
  email: "cyan",
  sms: "teal",
  chat: "green",
  event: "orange",
  action: "yellow",
  decision: "red",
  note: "gray",
  system: "gray",
};

export type EntryActions = {
  onEdit: (entry: TimelineEntry) => void;
  onPin: (entry: TimelineEntry, pinned: boolean) => void;
  onDelete: (entry: TimelineEntry) => void;
};

/** Stage and grade values are the companies' own words. */
function useSystemText(entry: TimelineEntry): string {
  const { t } = useTranslation("timeline");
  const format = useFormat();
  const { key, values } = systemMessage(entry);
  const label = (value: string) =>
    entry.systemKind === "stage_changed"
      ? t(`companies:stage.${value}`, { defaultValue: value })
      : entry.systemKind === "grade_changed"
        ? t(`companies:grade.${value}`, { defaultValue: value })
        : entry.systemKind === "contract_status_changed"
          ? t(`contracts:status.${value}`, { defaultValue: value })
          : value;
  // Amounts of contracts and payments come with their currency.
  const money = (amount: string | undefined) =>
    amount && values.currency && Number.isFinite(Number(amount)) ? format.money(amount, values.currency) : (amount ?? "");
  return t(key, {
    ...values,
    from: label(values.from ?? ""),
    to: label(values.to ?? ""),
    amount: money(values.amount),
    applied: money(values.applied),
  });
}

/** A system entry: one quiet line (what changed, who, when). */
function SystemEntry({ entry, showCompany }: { entry: TimelineEntry; showCompany: boolean }) {
  const { t } = useTranslation("timeline");
  const format = useFormat();
  const text = useSystemText(entry);
  return (
    <Group
      gap="xs"
      wrap="nowrap"
      align="flex-start"
      className={classes.system}
      data-testid="timeline-entry"
      data-kind="system"
      data-entry={entry.id}
    >
      <ThemeIcon size="sm" variant="subtle" color="gray" aria-hidden>
        <IconSettings size={14} />
      </ThemeIcon>
      <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }} data-testid="system-text">
        {showCompany && <Text span inherit fw={600}>{`${entry.companyName} · `}</Text>}
        {text}
        {" · "}
        {entry.authorName
          ? t("entry.byAt", { name: entry.authorName, time: format.time(entry.occurredAt) })
          : format.time(entry.occurredAt)}
        {entry.systemKind?.startsWith("document") && typeof entry.systemData?.note === "string" && entry.systemData.note
          ? ` — ${entry.systemData.note}`
          : ""}
      </Text>
    </Group>
  );
}

/** One entry of the timeline: what, who, when, with whom, about what, its outcome and next step. */
export function EntryCard({
  entry,
  actions,
  showCompany,
  highlighted,
}: {
  entry: TimelineEntry;
  actions: EntryActions;
  /** The group's and a contact's timeline name each entry's company. */
  showCompany: boolean;
  highlighted?: boolean;
}) {
  const { t } = useTranslation("timeline");
  const format = useFormat();
  if (entry.kind === "system") return <SystemEntry entry={entry} showCompany={showCompany} />;
  const Icon = kindIcons[entry.kind];
  const duration = entry.durationMinutes !== null ? durationParts(entry.durationMinutes) : null;
  const kindLabel = t(`kind.${entry.kind}`);
  return (
    <Card
      withBorder
      padding="sm"
      className={highlighted ? classes.highlight : undefined}
      data-testid="timeline-entry"
      data-kind={entry.kind}
      data-entry={entry.id}
      data-pinned={entry.pinned || undefined}
      id={`timeline-entry-${entry.id}`}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
        <Group gap="xs" wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
          <ThemeIcon variant="light" color={kindColors[entry.kind]} radius="xl" aria-hidden>
            <Icon size={16} />
          </ThemeIcon>
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Group gap={6} wrap="wrap">
              <Text fw={600} size="sm">
                {kindLabel}
              </Text>
              {entry.direction && (
                <Badge
                  size="xs"
                  variant="light"
                  color="gray"
                  leftSection={entry.direction === "in" ? <IconArrowDownLeft size={10} /> : <IconArrowUpRight size={10} />}
                  style={{ textTransform: "none" }}
                >
                  {t(`direction.${entry.direction}`)}
                </Badge>
              )}
              {duration && (
                <Badge size="xs" variant="outline" color="gray" style={{ textTransform: "none" }}>
                  {duration.hours > 0
                    ? t("entry.durationHours", { hours: duration.hours, minutes: duration.minutes })
                    : t("entry.durationMinutes", { count: duration.minutes })}
                </Badge>
              )}
              {entry.pinned && (
                <Tooltip label={t("entry.pinned")}>
                  <IconPin size={14} aria-label={t("entry.pinned")} color="var(--mantine-color-orange-filled)" />
                </Tooltip>
              )}
            </Group>
            <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
              {showCompany && (
                <>
                  <Anchor
                    size="xs"
                    fw={600}
                    underline="always"
                    renderRoot={(props) => <Link to="/companies/$id" params={{ id: entry.companyId }} {...props} />}
                  >
                    {entry.companyName}
                  </Anchor>
                  {" · "}
                </>
              )}
              {t("entry.byAt", { name: entry.authorName ?? t("entry.unknownAuthor"), time: format.time(entry.occurredAt) })}
            </Text>
          </Stack>
        </Group>
        {entry.canEdit && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={t("entry.actions", { kind: kindLabel })} data-testid="entry-actions">
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => actions.onEdit(entry)} data-testid="entry-edit">
                {t("entry.edit")}
              </Menu.Item>
              <Menu.Item
                leftSection={entry.pinned ? <IconPinnedOff size={14} /> : <IconPin size={14} />}
                onClick={() => actions.onPin(entry, !entry.pinned)}
                data-testid="entry-pin"
              >
                {entry.pinned ? t("entry.unpin") : t("entry.pin")}
              </Menu.Item>
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={14} />}
                onClick={() => actions.onDelete(entry)}
                data-testid="entry-delete"
              >
                {t("entry.delete")}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      <Stack gap={6} mt="xs" pl={{ base: 0, xs: 36 }}>
        {entry.subject && (
          <Text fw={600} size="sm" style={{ overflowWrap: "anywhere" }} data-testid="entry-subject">
            {entry.subject}
          </Text>
        )}
        {entry.bodyHtml && (
          // The server sanitized this HTML against an allowlist (no script, handlers, styles or unsafe links).
          <div className={classes.body} dangerouslySetInnerHTML={{ __html: entry.bodyHtml }} data-testid="entry-body" />
        )}
        {entry.outcome && (
          <Text size="sm" style={{ overflowWrap: "anywhere", whiteSpace: "pre-wrap" }} data-testid="entry-outcome">
            <Text span inherit fw={600}>
              {t("entry.outcome")}
            </Text>{" "}
            {entry.outcome}
          </Text>
        )}
        {entry.nextStep && (
          <Text size="sm" style={{ overflowWrap: "anywhere" }} data-testid="entry-next-step">
            <Text span inherit fw={600}>
              {t("entry.nextStep")}
            </Text>{" "}
            {entry.nextStep.text}
            <Text span inherit c="dimmed">
              {" · "}
              {entry.nextStep.dueAt
                ? t("entry.nextStepDueFor", { date: format.dateTime(entry.nextStep.dueAt), name: entry.nextStep.assigneeName })
                : t("entry.nextStepFor", { name: entry.nextStep.assigneeName })}
            </Text>
          </Text>
        )}
        {(entry.contacts.length > 0 || entry.related) && (
          <Group gap={6} wrap="wrap">
            {entry.contacts.map((contact) => (
              <Badge
                key={contact.id}
                variant="light"
                color="blue"
                style={{ textTransform: "none", cursor: "pointer" }}
                renderRoot={(props) => <Link to="/contacts/$id" params={{ id: contact.id }} {...props} />}
                data-testid="entry-contact"
              >
                {contact.name}
              </Badge>
            ))}
            {entry.related && entry.related.label && (
              <Badge variant="outline" color="gray" style={{ textTransform: "none" }} data-testid="entry-related">
                {t("entry.about", { label: entry.related.label })}
              </Badge>
            )}
          </Group>
        )}
      </Stack>
    </Card>
  );
}
