import { Suspense, useEffect, useState, type ReactNode } from "react";
import { Anchor, Box, Button, Center, Group, SimpleGrid, Skeleton, Stack, Tabs, Text, Title } from "@mantine/core";
import { IconArrowLeft, IconLock, IconMapQuestion } from "@tabler/icons-react";
import { useQuery, type QueryFunction, type QueryKey, type QueryMeta } from "@tanstack/react-query";
import { Link, useNavigate, useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../lib/api";
import { useMe } from "../../lib/session";
import { ErrorState, LoadingBlock } from "../states";
import { activeTab, visibleFigures, visiblePanels } from "./registry";

export type RecordFact = { label: string; value: ReactNode; testId?: string };

export type RecordPageProps<T> = {
  /** The kind panels are registered for ("company") */
  objectKind: string;
  recordId: string;
  /**
   * The record's query options — its module's one factory (`companyQuery(id)`), so every observer of
   * the key shares the same fetch and `meta.topics` (a query's meta is its last observer's).
   */
  query: { queryKey: QueryKey; queryFn?: QueryFunction<T, never>; meta?: QueryMeta };
  title: (record: T) => ReactNode;
  /** The browser tab's title */
  documentTitle?: (record: T) => string;
  /** A small line above the title (the object kind) */
  eyebrow?: ReactNode;
  icon?: ReactNode;
  /** Key facts under the title (already translated labels) */
  facts?: (record: T) => RecordFact[];
  /** More of the header under the facts (a stage stepper, figures other modules provide) */
  summary?: (record: T) => ReactNode;
  /** Buttons at the right of the header (edit, delete…) */
  actions?: (record: T) => ReactNode;
  /** Where "back" goes (a list) */
  back?: { to: string; label: string };
  /** data-testid prefix (default "record") */
  testId?: string;
};

const tabKey = "tab";

/**
 * One record: header (title, key facts, actions) and the tabs modules registered for this kind,
 * with the open tab in the URL (?tab=), panels rendered when first opened and kept afterwards,
 * not-found / forbidden states, and live refresh through the record's topics.
 */
export function RecordPage<T>({
  objectKind,
  recordId,
  query: source,
  title,
  documentTitle,
  eyebrow,
  icon,
  facts,
  summary,
  actions,
  back,
  testId = "record",
}: RecordPageProps<T>) {
  const { t } = useTranslation("components");
  const me = useMe();
  const navigate = useNavigate();
  const requestedTab = useRouterState({ select: (state) => (state.location.search as Record<string, unknown>)[tabKey] });
  const query = useQuery<T>({ staleTime: 10_000, ...(source as { queryKey: QueryKey; queryFn?: QueryFunction<T> }) });
  const record = query.data;
  const panels = record ? visiblePanels<T>(objectKind, me, record) : [];
  const current = activeTab(
    panels.map((panel) => panel.id),
    requestedTab,
  );
  // Panels render when first opened and stay mounted (unsaved edits survive a tab switch).
  const [opened, setOpened] = useState<{ recordId: string; tabs: string[] }>({ recordId, tabs: [] });
  const visited = opened.recordId === recordId ? opened.tabs : [];
  if (current && !visited.includes(current)) setOpened({ recordId, tabs: [...visited, current] });

  const docTitle = record && documentTitle ? documentTitle(record) : undefined;
  useEffect(() => {
    if (!docTitle) return;
    const previous = document.title;
    document.title = `${docTitle} · Relata`;
    return () => {
      document.title = previous;
    };
  }, [docTitle]);

  const backLink = back && (
    <Anchor component={Link} to={back.to} size="sm" c="dimmed" data-testid={`${testId}-back`}>
      <Group gap={4} wrap="nowrap">
        <IconArrowLeft size={14} />
        {back.label}
      </Group>
    </Anchor>
  );

  const error = query.error;
  if (error instanceof ApiError && (error.status === 404 || error.status === 403)) {
    const forbidden = error.status === 403;
    return (
      <Stack gap="md" data-testid={`${testId}-${forbidden ? "forbidden" : "not-found"}`}>
        {backLink}
        <Center mih="40vh">
          <Stack align="center" gap="sm" ta="center" maw={460}>
            {forbidden ? <IconLock size={44} stroke={1.3} aria-hidden /> : <IconMapQuestion size={44} stroke={1.3} aria-hidden />}
            <Title order={2}>{forbidden ? t("page.forbiddenTitle") : record ? t("page.goneTitle") : t("page.notFoundTitle")}</Title>
            <Text c="dimmed">{forbidden ? t("page.forbiddenText") : record ? t("page.goneText") : t("page.notFoundText")}</Text>
            {back && (
              <Button component={Link} to={back.to} variant="light">
                {back.label}
              </Button>
            )}
          </Stack>
        </Center>
      </Stack>
    );
  }
  if (!record) {
    if (query.isError) {
      return (
        <Stack gap="md">
          {backLink}
          <ErrorState error={error} onRetry={() => void query.refetch()} />
        </Stack>
      );
    }
    return (
      <Stack gap="md" data-testid={`${testId}-loading`} role="status" aria-label={t("common:state.loading")}>
        {backLink}
        <Skeleton height={34} width="40%" radius="sm" />
        <Group gap="xl">
          <Skeleton height={14} width={120} radius="sm" />
          <Skeleton height={14} width={120} radius="sm" />
          <Skeleton height={14} width={120} radius="sm" />
        </Group>
        <Skeleton height={36} width="60%" radius="sm" mt="md" />
        <LoadingBlock rows={6} />
      </Stack>
    );
  }

  const factList = facts?.(record) ?? [];
  const figures = visibleFigures<T>(objectKind, me, record);
  const selectTab = (value: string | null) => {
    if (!value || value === current) return;
    void navigate({
      to: ".",
      search: ((previous: Record<string, unknown>) => ({ ...previous, [tabKey]: value })) as never,
      resetScroll: false,
    });
  };

  return (
    <Stack gap="md" data-testid={`${testId}-page`}>
      {backLink}
      <Group justify="space-between" align="flex-start" gap="sm">
        <Group gap="sm" wrap="nowrap" align="flex-start" style={{ minWidth: 0, flex: "1 1 320px" }}>
          {icon}
          <Box style={{ minWidth: 0 }}>
            {eyebrow && (
              <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: "0.04em" }}>
                {eyebrow}
              </Text>
            )}
            <Title order={2} style={{ overflowWrap: "anywhere" }} data-testid={`${testId}-title`}>
              {title(record)}
            </Title>
          </Box>
        </Group>
        {actions && (
          <Group gap="xs" wrap="wrap" data-testid={`${testId}-actions`}>
            {actions(record)}
          </Group>
        )}
      </Group>
      {factList.length > 0 && (
        <Group gap="xl" style={{ rowGap: "var(--mantine-spacing-xs)" }} data-testid={`${testId}-facts`}>
          {factList.map((fact) => (
            <Stack key={fact.label} gap={0} data-testid={fact.testId}>
              <Text size="xs" c="dimmed">
                {fact.label}
              </Text>
              <Box fz="sm" fw={500}>
                {fact.value}
              </Box>
            </Stack>
          ))}
        </Group>
      )}
      {summary?.(record)}
      {figures.length > 0 && (
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm" data-testid={`${testId}-figures`}>
          {figures.map((figure) => (
            <Box key={figure.id} data-testid={`figure-${figure.id}`}>
              <Suspense fallback={<Skeleton height={48} radius="sm" />}>
                <figure.component record={record} />
              </Suspense>
            </Box>
          ))}
        </SimpleGrid>
      )}
      {panels.length > 0 && current && (
        <Tabs value={current} onChange={selectTab} keepMounted>
          <Tabs.List style={{ flexWrap: "nowrap", overflowX: "auto", overflowY: "hidden" }}>
            {panels.map((panel) => (
              <Tabs.Tab
                key={panel.id}
                value={panel.id}
                leftSection={panel.icon ? <panel.icon size={16} stroke={1.6} /> : undefined}
                data-testid={`tab-${panel.id}`}
              >
                {t(panel.labelKey)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {panels
            .filter((panel) => visited.includes(panel.id))
            .map((panel) => (
              <Tabs.Panel key={panel.id} value={panel.id} pt="md" data-testid={`panel-${panel.id}`}>
                <Suspense fallback={<LoadingBlock rows={4} />}>
                  <panel.component record={record} objectKind={objectKind} recordId={recordId} />
                </Suspense>
              </Tabs.Panel>
            ))}
        </Tabs>
      )}
    </Stack>
  );
}
