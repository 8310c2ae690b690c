import { useMemo, useState } from "react";
import { Card, Group, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { FinancialStatement } from "@relata/contracts";
import { useFormat, useMe } from "../../../lib/session";
import { compactNumber, type ChartSeries } from "../lib/chart";
import { emptyFigures, granularities, trend, trendFigures, type Granularity } from "../lib/statements";
import { TrendChart } from "./TrendChart";
import { usePeriodLabel } from "./period";

const colors = { revenue: "var(--mantine-color-blue-6)", profit: "var(--mantine-color-teal-7)", equity: "var(--mantine-color-grape-6)" };

/** Revenue, profit and equity over the periods reported (full years, or quarters when chosen). */
export function TrendCard({ statements }: { statements: readonly FinancialStatement[] }) {
  const { t } = useTranslation("finance");
  const format = useFormat();
  const { locale } = useMe();
  const periodLabel = usePeriodLabel();
  const { available, preferred } = granularities(statements);
  const [chosen, setChosen] = useState<Granularity | null>(null);
  const granularity = chosen && available.includes(chosen) ? chosen : preferred;

  const data = useMemo(() => (granularity ? trend(statements, granularity, periodLabel) : null), [statements, granularity, periodLabel]);
  const series = useMemo<ChartSeries[]>(() => {
    if (!data) return [];
    const empty = emptyFigures(data.points);
    return trendFigures
      .filter((figure) => !empty.includes(figure))
      .map((figure) => ({ id: figure, label: t(`figure.${figure}`), color: colors[figure] }));
  }, [data, t]);

  const currency = data?.currency ?? "EUR";
  return (
    <Card withBorder padding="lg" data-testid="trend-card">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Title order={3} size="h5">
            {t("trend.title")}
          </Title>
          {available.length > 1 && (
            <SegmentedControl
              size="xs"
              value={granularity ?? "year"}
              onChange={(value) => setChosen(value as Granularity)}
              data={available.map((value) => ({ value, label: t(`trend.${value}`) }))}
              aria-label={t("trend.granularity")}
              data-testid="trend-granularity"
            />
          )}
        </Group>
        {!data || data.points.length === 0 || series.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="trend-empty">
            {t("trend.empty")}
          </Text>
        ) : (
          <>
            {data.points.length === 1 && (
              <Text size="xs" c="dimmed">
                {t("trend.onePeriod")}
              </Text>
            )}
            <TrendChart
              title={t("trend.chartTitle", { currency })}
              points={data.points}
              series={series}
              formatValue={(value) => format.money(value, currency)}
              formatAxis={(value) => compactNumber(value, locale)}
            />
            {data.leftOut > 0 && (
              <Text size="xs" c="dimmed" data-testid="trend-left-out">
                {t("trend.leftOut", { count: data.leftOut, currency })}
              </Text>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}
