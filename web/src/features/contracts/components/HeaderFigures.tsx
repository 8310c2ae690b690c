// The client card's header figures: 12-month revenue, open receivables and the value score. They
// share one query of the company's value, which refreshes on the company's live topic.
import type { ReactNode } from "react";
import { Group, Skeleton, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Company } from "@relata/contracts";
import { useFormat } from "../../../lib/session";
import { valueQuery } from "../api";
import { primaryMoney, SegmentBadge } from "./common";

function Figure({ label, children, testId }: { label: string; children: ReactNode; testId: string }) {
  return (
    <Stack gap={0} data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Group gap={6} fz="sm" fw={600} wrap="nowrap">
        {children}
      </Group>
    </Stack>
  );
}

function useCompanyValue(record: Company) {
  return useQuery(valueQuery(record.id, "company"));
}

export function RevenueFigure({ record }: { record: Company }) {
  const { t } = useTranslation("contracts");
  const format = useFormat();
  const value = useCompanyValue(record);
  const money = primaryMoney(value.data);
  return (
    <Figure label={t("figure.revenue12m")} testId="header-revenue">
      {value.isPending ? <Skeleton height={16} width={90} /> : money ? format.money(money.revenue12m, money.currency) : "—"}
    </Figure>
  );
}

export function ReceivablesFigure({ record }: { record: Company }) {
  const { t } = useTranslation("contracts");
  const format = useFormat();
  const value = useCompanyValue(record);
  const money = primaryMoney(value.data);
  const overdue = money && Number(money.overdueReceivables) > 0;
  return (
    <Figure label={t("figure.receivables")} testId="header-receivables">
      {value.isPending ? (
        <Skeleton height={16} width={90} />
      ) : money ? (
        <>
          <span>{format.money(money.openReceivables, money.currency)}</span>
          {overdue && (
            <Text span size="xs" c="red" fw={500}>
              {t("figure.overdue", { amount: format.money(money.overdueReceivables, money.currency) })}
            </Text>
          )}
        </>
      ) : (
        "—"
      )}
    </Figure>
  );
}

export function ValueFigure({ record }: { record: Company }) {
  const { t } = useTranslation("contracts");
  const value = useCompanyValue(record);
  return (
    <Figure label={t("figure.value")} testId="header-value">
      {value.isPending ? (
        <Skeleton height={16} width={90} />
      ) : value.data ? (
        <>
          <span>{value.data.valueScore}</span>
          <SegmentBadge segment={value.data.segment} size="sm" />
        </>
      ) : (
        "—"
      )}
    </Figure>
  );
}
