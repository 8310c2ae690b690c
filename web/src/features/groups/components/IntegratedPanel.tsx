import { useMemo } from "react";
import { Alert, Card, Group, SegmentedControl, Select, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconInfoCircle } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useNavigate, useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { groupDimensions, type Company, type GroupDimension } from "@relata/contracts";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import type { PanelProps } from "../../../components/record-page";
import { figuresQuery, useStructure } from "../api";
import { useGroupWords } from "../labels";
import { DimensionTable } from "./DimensionTable";

const dimensionKey = "by";

/**
 * The integrated view: every registered figure rolled up over the company and its subsidiaries
 * (those the user may see), and the same figures grouped by a dimension. Refreshes live.
 */
export function IntegratedPanel({ record }: PanelProps<Company>) {
  const { t } = useTranslation("groups");
  const { figureLabel, figureValue } = useGroupWords();
  const navigate = useNavigate();
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  // Six dimensions side by side need about 540 px beside the title: below that a select.
  const narrow = useMediaQuery("(max-width: 75em)", false, { getInitialValueInEffect: false });
  const figures = useQuery(figuresQuery(record.id));
  const structure = useStructure(record.id);
  const dimension = useRouterState({
    select: (state) => {
      const value = (state.location.search as Record<string, unknown>)[dimensionKey];
      return (groupDimensions as readonly unknown[]).includes(value) ? (value as GroupDimension) : "country";
    },
  });
  const setDimension = (next: string) =>
    void navigate({
      to: ".",
      search: ((previous: Record<string, unknown>) => ({ ...previous, [dimensionKey]: next === "country" ? undefined : next })) as never,
      replace: true,
      resetScroll: false,
    });
  const dimensions = useMemo(() => groupDimensions.map((value) => ({ value, label: t(`dimension.${value}`) })), [t]);

  if (figures.isPending) return <LoadingBlock rows={6} />;
  if (figures.isError) return <ErrorState error={figures.error} onRetry={() => void figures.refetch()} />;
  const data = figures.data;
  const alone = data.companies <= 1;

  return (
    <Stack gap="md" data-testid="integrated-panel">
      <Group justify="space-between" align="flex-end" gap="xs" wrap="wrap">
        <Stack gap={2}>
          <Title order={3} size="h4">
            {t("integrated.title")}
          </Title>
          <Text size="sm" c="dimmed" data-testid="integrated-companies" data-count={data.companies}>
            {t("integrated.companies", { count: data.companies })}
          </Text>
        </Stack>
      </Group>
      {alone && (
        <Alert color="blue" icon={<IconInfoCircle size={18} />} p="sm" data-testid="integrated-alone">
          <Text size="sm">{t("integrated.alone")}</Text>
        </Alert>
      )}
      {data.figures.length === 0 ? (
        <EmptyState title={t("integrated.noFigures")} description={t("integrated.noFiguresHint")} />
      ) : (
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 4 }} spacing="sm" data-testid="integrated-figures">
          {data.figures.map((figure) => (
            <Card key={figure.key} withBorder padding="sm" data-testid={`integrated-figure-${figure.key}`}>
              <Text size="xs" c="dimmed" truncate>
                {figureLabel(figure.key)}
              </Text>
              <Text fz="xl" fw={700} data-testid="integrated-figure-total" data-value={figure.total}>
                {figureValue(figure.kind, figure.total)}
              </Text>
              <Text size="xs" c="dimmed">
                {t("integrated.own", { value: figureValue(figure.kind, figure.own) })}
              </Text>
            </Card>
          ))}
        </SimpleGrid>
      )}
      <Card withBorder padding="md">
        <Stack gap="sm">
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Title order={3} size="h5">
              {t("integrated.viewsBy")}
            </Title>
            {narrow ? (
              <Select
                aria-label={t("integrated.viewsBy")}
                data={dimensions}
                value={dimension}
                onChange={(value) => value && setDimension(value)}
                allowDeselect={false}
                w={phone ? "100%" : 240}
                comboboxProps={{ withinPortal: true }}
                data-testid="integrated-dimension"
              />
            ) : (
              <SegmentedControl
                aria-label={t("integrated.viewsBy")}
                transitionDuration={0}
                size="xs"
                value={dimension}
                onChange={setDimension}
                data={dimensions}
                data-testid="integrated-dimension"
              />
            )}
          </Group>
          <DimensionTable company={record} dimension={dimension} structure={structure.data} />
        </Stack>
      </Card>
    </Stack>
  );
}
