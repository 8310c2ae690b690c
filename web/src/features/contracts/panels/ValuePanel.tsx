import { useState } from "react";
import { Badge, Card, Group, List, Progress, RingProgress, Select, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { BarChart } from "@mantine/charts";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { ClientValue, Company } from "@relata/contracts";
import { useFormat } from "../../../lib/session";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import type { PanelProps } from "../../../components/record-page";
import { suggestionsQuery, trendsQuery, valueQuery, type Scope } from "../api";
import { ScopeSwitch, SegmentBadge, Stat } from "../components/common";
import { trendCurrencies, trendRows } from "../lib/money";
import { noon } from "../lib/problems";

const chartColors = ["blue.6", "teal.6", "grape.6", "orange.6", "cyan.6", "pink.6", "lime.6", "indigo.6", "yellow.6", "red.6"];

/** The client card's Value tab: value score and segment, RFM and credit health, money, purchase trends, suggestions. */
export function ValuePanel({ record }: PanelProps<Company>) {
  const { t } = useTranslation("contracts");
  const [scope, setScope] = useState<Scope>("company");
  const value = useQuery(valueQuery(record.id, scope));
  return (
    <Stack gap="md" data-testid="value-panel">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Title order={3} size="h5">
          {t("value.title")}
        </Title>
        <ScopeSwitch companyId={record.id} value={scope} onChange={setScope} />
      </Group>
      {value.isPending ? (
        <LoadingBlock rows={5} />
      ) : value.isError ? (
        <ErrorState error={value.error} onRetry={() => void value.refetch()} />
      ) : (
        <ValueBody value={value.data} />
      )}
      <Trends companyId={record.id} scope={scope} />
      <Suggestions companyId={record.id} />
    </Stack>
  );
}

function ValueBody({ value }: { value: ClientValue }) {
  const { t } = useTranslation("contracts");
  const format = useFormat();
  const scoreColor = value.valueScore >= 70 ? "grape" : value.valueScore >= 40 ? "blue" : "gray";
  const scores = ["recency", "frequency", "monetary", "creditHealth"] as const;
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Card withBorder radius="md" padding="sm">
          <Group gap="md" wrap="nowrap">
            <RingProgress
              size={110}
              thickness={10}
              roundCaps
              sections={[{ value: value.valueScore, color: scoreColor }]}
              label={
                <Text ta="center" fw={700} size="xl" data-testid="value-score">
                  {value.valueScore}
                </Text>
              }
            />
            <Stack gap={6}>
              <Text size="xs" c="dimmed">
                {t("value.score")}
              </Text>
              <SegmentBadge segment={value.segment} size="lg" />
              <Text size="xs" c="dimmed">
                {t(`segmentHint.${value.segment}`, {
                  score: value.thresholds.keyMinScore,
                  months: value.segment === "new" ? value.thresholds.newMaxMonths : value.thresholds.longStandingMinMonths,
                })}
              </Text>
            </Stack>
          </Group>
        </Card>
        <Card withBorder radius="md" padding="sm">
          <Stack gap={8}>
            {scores.map((score) => (
              <Stack key={score} gap={2} data-testid={`value-${score}`}>
                <Group justify="space-between" gap="xs">
                  <Text size="xs">{t(`value.scores.${score}`)}</Text>
                  <Text size="xs" fw={600}>
                    {value.scores[score] === 0 ? "—" : t("value.outOfFive", { score: value.scores[score] })}
                  </Text>
                </Group>
                <Progress
                  value={(value.scores[score] / 5) * 100}
                  size="sm"
                  color={score === "creditHealth" ? "teal" : "blue"}
                  aria-hidden
                />
              </Stack>
            ))}
          </Stack>
        </Card>
      </SimpleGrid>
      {value.money.length === 0 ? (
        <EmptyState title={t("value.empty")} description={t("value.emptyHint")} />
      ) : (
        value.money.map((money) => (
          <SimpleGrid
            key={money.currency}
            cols={{ base: 2, sm: 3, lg: 5 }}
            spacing="sm"
            data-testid="value-money"
            data-currency={money.currency}
          >
            <Stat
              label={t("value.revenue12m", { currency: money.currency })}
              value={format.money(money.revenue12m, money.currency)}
              testId="value-revenue-12m"
            />
            <Stat
              label={t("value.revenueLifetime")}
              value={format.money(money.revenueLifetime, money.currency)}
              testId="value-revenue-lifetime"
            />
            <Stat
              label={t("value.margin12m")}
              value={money.margin12m === null ? "—" : format.money(money.margin12m, money.currency)}
              hint={money.margin12m === null ? t("value.noCosts") : t("value.coverage", { share: format.percent(money.marginCoverage) })}
            />
            <Stat label={t("value.open")} value={format.money(money.openReceivables, money.currency)} />
            <Stat label={t("value.overdue")} value={format.money(money.overdueReceivables, money.currency)} />
          </SimpleGrid>
        ))
      )}
      <Group gap="xl" wrap="wrap">
        <Fact label={t("value.firstPurchase")} value={value.firstPurchaseOn ? format.date(noon(value.firstPurchaseOn)) : "—"} />
        <Fact label={t("value.lastPurchase")} value={value.lastPurchaseOn ? format.date(noon(value.lastPurchaseOn)) : "—"} />
        <Fact label={t("value.purchases12m")} value={String(value.purchases12m)} />
        <Fact
          label={t("value.daysToPay")}
          value={value.averageDaysToPay === null ? "—" : t("ar.daysValue", { count: Math.round(value.averageDaysToPay) })}
        />
      </Group>
    </>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500}>
        {value}
      </Text>
    </Stack>
  );
}

function Trends({ companyId, scope }: { companyId: string; scope: Scope }) {
  const { t, i18n } = useTranslation("contracts");
  const format = useFormat();
  const trends = useQuery(trendsQuery(companyId, scope));
  const [picked, setPicked] = useState<string | null>(null);
  const currencies = trends.data ? trendCurrencies(trends.data) : [];
  const currency = picked && currencies.includes(picked) ? picked : (currencies[0] ?? null);
  const { rows, categories } = trends.data && currency ? trendRows(trends.data, currency) : { rows: [], categories: [] };
  const monthLabel = (month: string) => {
    const [year, number] = month.split("-").map(Number);
    return new Intl.DateTimeFormat(i18n.language, { month: "short", year: "2-digit", timeZone: "UTC" }).format(
      new Date(Date.UTC(year!, number! - 1, 15)),
    );
  };
  return (
    <Card withBorder radius="md" padding="sm" data-testid="value-trends">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Title order={4} size="h6">
            {t("value.trends")}
          </Title>
          {currencies.length > 1 && currency && (
            <Select
              size="xs"
              w={110}
              data={currencies}
              value={currency}
              onChange={setPicked}
              allowDeselect={false}
              aria-label={t("field.currency")}
            />
          )}
        </Group>
        {trends.isPending ? (
          <LoadingBlock rows={3} />
        ) : trends.isError ? (
          <ErrorState error={trends.error} onRetry={() => void trends.refetch()} />
        ) : !currency ? (
          <Text size="sm" c="dimmed">
            {t("value.noTrends")}
          </Text>
        ) : (
          <BarChart
            h={240}
            data={rows.map((row) => ({ ...row, month: monthLabel(row.month as string) }))}
            dataKey="month"
            type="stacked"
            series={categories.map((category, index) => ({ name: category, color: chartColors[index % chartColors.length]! }))}
            valueFormatter={(amount) => format.money(amount, currency)}
            withLegend
            gridAxis="y"
            tickLine="none"
            yAxisProps={{ width: 80 }}
            aria-label={t("value.trendsChart", { currency })}
            data-testid="value-trends-chart"
          />
        )}
      </Stack>
    </Card>
  );
}

function Suggestions({ companyId }: { companyId: string }) {
  const { t } = useTranslation("contracts");
  const suggestions = useQuery(suggestionsQuery(companyId));
  return (
    <Card withBorder radius="md" padding="sm" data-testid="value-suggestions">
      <Stack gap="xs">
        <Title order={4} size="h6">
          {t("value.suggestions")}
        </Title>
        {suggestions.isPending ? (
          <LoadingBlock rows={2} />
        ) : suggestions.isError ? (
          <ErrorState error={suggestions.error} onRetry={() => void suggestions.refetch()} />
        ) : suggestions.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("value.noSuggestions")}
          </Text>
        ) : (
          <List spacing={4} size="sm">
            {suggestions.data.map((item) => (
              <List.Item key={item.productId} data-testid="value-suggestion">
                <Group gap="xs" wrap="wrap">
                  <Text size="sm" fw={500}>
                    {item.code} · {item.name}
                  </Text>
                  <Badge size="xs" variant="light" color="gray">
                    {item.category}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {t("value.buyers", { count: item.buyers })}
                  </Text>
                </Group>
              </List.Item>
            ))}
          </List>
        )}
      </Stack>
    </Card>
  );
}
