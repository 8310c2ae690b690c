import { Badge, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Company } from "@relata/contracts";
import { useFormat } from "../../../lib/session";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import type { PanelProps } from "../../../components/record-page";
import { serviceItemsQuery } from "../api";
import { localToday, noon } from "../lib/problems";
import { quantityText } from "../lib/money";

/** The client card's Service items tab: the entitlements fulfilled service products gave the client. */
export function ServiceItemsPanel({ record }: PanelProps<Company>) {
  const { t } = useTranslation("contracts");
  const format = useFormat();
  const items = useQuery(serviceItemsQuery(record.id));
  const today = localToday();

  return (
    <Stack gap="md" data-testid="service-items-panel">
      <Title order={3} size="h5">
        {t("service.title")}
      </Title>
      {items.isPending ? (
        <LoadingBlock rows={3} />
      ) : items.isError ? (
        <ErrorState error={items.error} onRetry={() => void items.refetch()} />
      ) : items.data.length === 0 ? (
        <EmptyState title={t("service.empty")} description={t("service.emptyHint")} />
      ) : (
        <Table.ScrollContainer minWidth={620}>
          <Table verticalSpacing="xs" striped data-testid="service-items">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("field.product")}</Table.Th>
                <Table.Th ta="end">{t("field.quantity")}</Table.Th>
                <Table.Th>{t("service.period")}</Table.Th>
                <Table.Th>{t("service.warranty")}</Table.Th>
                <Table.Th>{t("service.state")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.data.map((item) => {
                const underWarranty = item.warrantyEndsOn !== null && item.warrantyEndsOn >= today;
                return (
                  <Table.Tr key={item.id} data-testid="service-item" data-product={item.productName}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {item.productName}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="end">{quantityText(item.quantity)}</Table.Td>
                    <Table.Td>
                      {format.date(noon(item.startsOn))} – {format.date(noon(item.endsOn))}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={item.warrantyEndsOn && !underWarranty ? "dimmed" : undefined}>
                        {item.warrantyEndsOn ? format.date(noon(item.warrantyEndsOn)) : "—"}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={item.active ? "teal" : "gray"} variant="light" data-testid="service-item-state">
                        {item.active ? t("service.active") : item.startsOn > today ? t("service.upcoming") : t("service.expired")}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
