import { useMemo } from "react";
import { Alert, Box, Button, Group, Stack, Table, Text, ThemeIcon, Timeline, Tooltip } from "@mantine/core";
import { IconArrowRight, IconPencil, IconPlus, IconRefresh, IconTrash } from "@tabler/icons-react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { contactPatch, contactRoleInput, type Contact } from "@relata/contracts";
import { useFormat } from "../../../lib/session";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import { FieldValue, fieldSpec, type FieldHints, type FieldSpec } from "../../../components/record-form";
import type { PanelProps } from "../../../components/record-page";
import { companyLoader, contactHistory, contactHistoryKey, contactTopic } from "../api";
import { customName, customSpec, useCustomFields } from "../custom-fields";
import { contactFormFields, contactHints, contactLabelPrefix } from "../form";
import { historyItem, newestFirst, type HistoryItem } from "../history";

const roleFields = ["companyId", "title", "department", "startedOn", "endedOn"] as const;
const roleHints: FieldHints = {
  companyId: { widget: "reference", reference: companyLoader },
  startedOn: { widget: "date" },
  endedOn: { widget: "date" },
};

/** Specs of every field a history entry can name: the contact's, its custom ones (archived too) and its roles'. */
function useHistorySpecs(): { specs: Map<string, FieldSpec>; order: string[] } {
  const custom = useCustomFields("contact");
  return useMemo(() => {
    const specs = new Map<string, FieldSpec>();
    const hints = contactHints();
    const shape = contactPatch.shape as Record<string, unknown>;
    contactFormFields.forEach((name, index) => specs.set(name, fieldSpec(name, shape[name], hints[name], index, contactLabelPrefix)));
    custom.all.forEach((def, index) => specs.set(customName(def.key), customSpec("contact", def, custom.language, 100 + index)));
    const roleShape = contactRoleInput.shape as Record<string, unknown>;
    roleFields.forEach((name, index) =>
      specs.set(
        `role.${name}`,
        fieldSpec(`role.${name}`, roleShape[name], { ...roleHints[name], label: `contacts:role.field.${name}` }, 200 + index),
      ),
    );
    return { specs, order: [...specs.keys()] };
  }, [custom.all, custom.language]);
}

/** History: who changed what and when, newest first, each field from → to in the user's formats. */
export function HistoryPanel({ record }: PanelProps<Contact>) {
  const { t } = useTranslation("contacts");
  const { specs, order } = useHistorySpecs();
  const query = useInfiniteQuery({
    queryKey: contactHistoryKey(record.id),
    queryFn: ({ pageParam, signal }) => contactHistory(record.id, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    meta: { topics: [contactTopic(record.id)] },
  });

  if (query.isPending) return <LoadingBlock rows={5} />;
  if (query.isError && !query.data) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const items = newestFirst(query.data.pages.flatMap((page) => page.items)).map((entry) => historyItem(entry, order));
  if (items.length === 0) return <EmptyState title={t("history.empty")} />;

  return (
    <Stack gap="md" maw={900} data-testid="contact-history">
      <Timeline bulletSize={28} lineWidth={2} active={-1}>
        {items.map((item) => (
          <Timeline.Item key={item.id} bullet={<Bullet kind={item.kind} />} data-testid="history-entry">
            <Entry item={item} specs={specs} />
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

function Entry({ item, specs }: { item: HistoryItem; specs: Map<string, FieldSpec> }) {
  const { t } = useTranslation("contacts");
  const format = useFormat();
  const who = item.who ?? t("history.system");
  const subject = item.subject === "role" ? "role" : "contact";
  const summary =
    item.kind === "created"
      ? t(`history.${subject}Created`, { who })
      : item.kind === "deleted"
        ? t(`history.${subject}Deleted`, { who })
        : item.kind === "changed"
          ? t(`history.${subject}Changed`, { who, count: item.changes.length })
          : t("history.other", { who, operation: item.operation });
  const visible = item.changes.filter((change) => specs.has(change.field));
  const hidden = item.changes.length - visible.length;
  return (
    <Stack gap={6} pb="xs">
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={500}>
          {summary}
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
