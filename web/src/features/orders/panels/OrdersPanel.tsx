import { useState } from "react";
import { Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useNavigate, useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { Company } from "@relata/contracts";
import { useFormat, useMe } from "../../../lib/session";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import { FormDialog } from "../../../components/form-dialog";
import type { PanelProps } from "../../../components/record-page";
import { mayChangeCompany } from "../../companies/access";
import { noon } from "../../contracts/lib/problems";
import { ordersQuery } from "../api";
import { OrderStatusBadge } from "../components/common";
import { OrderDetail } from "../components/OrderDetail";
import { OrderForm } from "../components/OrderForm";

const orderKey = "order";

/** The client card's Orders tab: the list, an order's detail (?order= in the URL, so a link can open it), a new order. */
export function OrdersPanel({ record }: PanelProps<Company>) {
  const { t } = useTranslation("orders");
  const format = useFormat();
  const canEdit = mayChangeCompany(useMe(), record, "update");
  const list = useQuery(ordersQuery(record.id));
  const navigate = useNavigate();
  const requested = useRouterState({ select: (state) => (state.location.search as Record<string, unknown>)[orderKey] });
  const openId = typeof requested === "string" ? requested : null;
  const [creating, setCreating] = useState(false);
  const open = (id: string | null) =>
    void navigate({
      to: ".",
      search: ((previous: Record<string, unknown>) => ({ ...previous, [orderKey]: id ?? undefined })) as never,
      resetScroll: false,
    });

  if (openId) return <OrderDetail companyId={record.id} orderId={openId} canEdit={canEdit} onBack={() => open(null)} />;

  return (
    <Stack gap="md" data-testid="orders-panel">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Title order={3} size="h5">
          {t("list.title")}
        </Title>
        {canEdit && (
          <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setCreating(true)} data-testid="order-new">
            {t("list.new")}
          </Button>
        )}
      </Group>
      {list.isPending ? (
        <LoadingBlock rows={4} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <EmptyState title={t("list.empty")} description={canEdit ? t("list.emptyHint") : undefined} />
      ) : (
        <Table.ScrollContainer minWidth={360}>
          <Table verticalSpacing="xs" striped highlightOnHover data-testid="orders">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("field.number")}</Table.Th>
                <Table.Th>{t("field.orderedOn")}</Table.Th>
                <Table.Th>{t("field.status")}</Table.Th>
                <Table.Th ta="end">{t("field.total")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((order) => (
                <Table.Tr
                  key={order.id}
                  onClick={() => open(order.id)}
                  style={{ cursor: "pointer" }}
                  data-testid="order-row"
                  data-number={order.number}
                >
                  <Table.Td>
                    <Button variant="subtle" size="compact-sm" px={4} onClick={() => open(order.id)} data-testid="order-open">
                      {order.number}
                    </Button>
                  </Table.Td>
                  <Table.Td>{format.date(noon(order.orderedOn))}</Table.Td>
                  <Table.Td>
                    <OrderStatusBadge status={order.status} size="sm" />
                  </Table.Td>
                  <Table.Td ta="end">
                    <Text size="sm">{format.money(order.total, order.currency)}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <FormDialog opened={creating} onClose={() => setCreating(false)} title={t("form.title")} testId="order-dialog" size="lg">
        <OrderForm
          companyId={record.id}
          defaultCurrency={record.currency}
          onClose={() => setCreating(false)}
          onCreated={(order) => open(order.id)}
        />
      </FormDialog>
    </Stack>
  );
}
