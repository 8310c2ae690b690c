import { useMemo } from "react";
import { Alert, Box, Button, Group, Stack, Table, Text, ThemeIcon, Timeline, Tooltip } from "@mantine/core";
import { IconArrowRight, IconPencil, IconPlus, IconRefresh, IconTrash } from "@tabler/icons-react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { AuditEntry } from "@relata/contracts";
import { useFormat } from "../../lib/session";
import { EmptyState, ErrorState, LoadingBlock } from "../states";
import { FieldValue, type FieldSpec } from "../record-form";
import type { ListPage } from "../record-list";
import { historyItem, newestFirst, type HistoryItem, type HistoryOptions } from "./history";

export type HistoryTimelineProps = {
  /** Cache key of the history (under the record's key) */
  queryKey: readonly unknown[];
  /** One page of audit entries, older ones after `cursor` */
  fetchPage: (cursor: string | undefined, signal: AbortSignal) => Promise<ListPage<AuditEntry>>;
  /** The record's live topics: a change elsewhere shows up here by itself */
  topics: string[];
  /** How each field a change names is labelled and shown; changes of other fields are only counted */
  specs: Map<string, FieldSpec>;
  /** Ignored columns and parts (see `historyItem`); fields are listed in the order of `specs` */
  options?: Omit<HistoryOptions, "order">;
  /** The entry's headline; undefined = the general one ("Ada changed 2 fields") */
  summary?: (item: HistoryItem, who: string) => string | undefined;
  testId: string;
};

/** A record's history: who changed what and when, newest first, each field from → to in the user's formats. */
export function HistoryTimeline({ queryKey, fetchPage, topics, specs, options, summary, testId }: HistoryTimelineProps) {
  const { t } = useTranslation("components");
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => fetchPage(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    meta: { topics },
  });
  const order = useMemo(() => [...specs.keys()], [specs]);

  if (query.isPending) return <LoadingBlock rows={5} />;
  if (query.isError && !query.data) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const items = newestFirst(query.data.pages.flatMap((page) => page.items)).map((entry) => historyItem(entry, { ...options, order }));
  if (items.length === 0) return <EmptyState title={t("history.empty")} />;

  return (
    <Stack gap="md" maw={900} data-testid={testId}>
      <Timeline bulletSize={28} lineWidth={2} active={-1}>
        {items.map((item) => (
          <Timeline.Item key={item.id} bullet={<Bullet kind={item.kind} />} data-testid="history-entry">
            <Entry item={item} specs={specs} summary={summary} />
          </Timeline.Item>
        ))}
      </Timeline>
      {query.isFetchNextPageError && (
        <Alert color="red" title={t("history.moreFailed")}>
          <Button size="xs" variant="light" leftSection={<IconRefresh size={14} />} onClick={() => void query.fetchNextPage()}>
            {t("common:action.retry")}
          </Button>
        </Alert>
      )}
      {query.hasNextPage && !query.isFetchNextPageError && (
        <Group justify="center">
          <Button variant="subtle" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()} data-testid="history-more">
            {t("history.more")}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function Bullet({ kind }: { kind: HistoryItem["kind"] }) {
  const icon = kind === "created" ? <IconPlus size={14} /> : kind === "deleted" ? <IconTrash size={14} /> : <IconPencil size={14} />;
  const color = kind === "created" ? "teal" : kind === "deleted" ? "red" : "blue";
  return (
    <ThemeIcon size={28} radius="xl" color={color} variant="light">
      {icon}
    </ThemeIcon>
  );
}

function Entry({ item, specs, summary }: { item: HistoryItem; specs: Map<string, FieldSpec>; summary: HistoryTimelineProps["summary"] }) {
  const { t } = useTranslation("components");
  const format = useFormat();
  const who = item.who ?? t("history.system");
  const headline =
    summary?.(item, who) ??
    (item.kind === "other"
      ? t("history.other", { who, operation: item.operation })
      : t(`history.${item.kind}`, { who, count: item.changes.length }));
  const visible = item.changes.filter((change) => specs.has(change.field));
  const hidden = item.changes.length - visible.length;
  return (
    <Stack gap={6} pb="xs">
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={500}>
          {headline}
        </Text>
        <Tooltip label={format.dateTime(item.at)} withArrow>
          <Text size="xs" c="dimmed" component="time" dateTime={item.at}>
            {format.relative(item.at)}
          </Text>
        </Tooltip>
      </Group>
      {visible.length > 0 && (
        <Box style={{ overflowX: "auto" }}>
          <Table withTableBorder verticalSpacing={4} horizontalSpacing="sm" fz="sm" miw={300}>
            <Table.Tbody>
              {visible.map((change) => {
                const spec = specs.get(change.field)!;
                return (
                  <Table.Tr key={change.field} data-testid={`history-change-${change.field}`}>
                    <Table.Td w="28%" c="dimmed">
                      {t(spec.label)}
                    </Table.Td>
                    {item.kind === "changed" ? (
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Box td="line-through" c="dimmed" style={{ minWidth: 0 }}>
                            <FieldValue field={spec} value={change.from} />
                          </Box>
                          <IconArrowRight size={14} style={{ flexShrink: 0 }} aria-label={t("history.to")} />
                          <Box style={{ minWidth: 0 }}>
                            <FieldValue field={spec} value={change.to} />
                          </Box>
                        </Group>
                      </Table.Td>
                    ) : (
                      <Table.Td>
                        <FieldValue field={spec} value={item.kind === "deleted" ? change.from : change.to} />
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Box>
      )}
      {hidden > 0 && (
        <Text size="xs" c="dimmed">
          {t("history.otherFields", { count: hidden })}
        </Text>
      )}
    </Stack>
  );
}
