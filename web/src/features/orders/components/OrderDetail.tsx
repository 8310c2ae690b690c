// One order: its lines, total, status history and the transitions it allows (each confirmed first).
import { useState } from "react";
import { Anchor, Button, Card, Group, SimpleGrid, Stack, Table, Text, Timeline, Title } from "@mantine/core";
import { IconArrowLeft } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { Order, OrderStatus } from "@relata/contracts";
import { useFormat } from "../../../lib/session";
import { ErrorState, LoadingBlock } from "../../../components/states";
import { confirm, toast } from "../../../components/dialogs";
import { Stat } from "../../contracts/components/common";
import { quantityText } from "../../contracts/lib/money";
import { noon } from "../../contracts/lib/problems";
import { orderQuery, refreshOrders, transitionOrder } from "../api";
import { nextOrderStatuses } from "../lib/orders";
import { OrderStatusBadge, orderStatusColor } from "./common";

export function OrderDetail({
  companyId,
  orderId,
  canEdit,
  onBack,
}: {
  companyId: string;
  orderId: string;
  canEdit: boolean;
  onBack: () => void;
}) {
  const { t } = useTranslation("orders");
  const query = useQuery(orderQuery(companyId, orderId));
  return (
    <Stack gap="md" data-testid={query.data ? "order-detail" : undefined}>
      <Button
        variant="subtle"
        size="xs"
        leftSection={<IconArrowLeft size={14} />}
        onClick={onBack}
        w="fit-content"
        data-testid="order-back"
      >
        {t("detail.back")}
      </Button>
      {query.isPending ? (
        <LoadingBlock rows={6} />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <OrderBody companyId={companyId} order={query.data} canEdit={canEdit} />
      )}
    </Stack>
  );
}

function OrderBody({ companyId, order, canEdit }: { companyId: string; order: Order; canEdit: boolean }) {
  const { t } = useTranslation("orders");
  const format = useFormat();
  const queryClient = useQueryClient();
  const [moving, setMoving] = useState<OrderStatus | null>(null);

  async function move(status: OrderStatus) {
    const ok = await confirm({
      title: t(`transition.${status}.title`),
      message: t(`transition.${status}.message`, { number: order.number }),
      confirmLabel: t(`transition.${status}.action`),
      danger: status === "cancelled",
    });
    if (!ok) return;
    setMoving(status);
    try {
      await transitionOrder(companyId, order.id, order.version, { status });
      toast.success(t("transition.done", { status: t(`status.${status}`).toLocaleLowerCase() }));
    } catch (error) {
      toast.error(error);
    } finally {
      await refreshOrders(queryClient, companyId);
      setMoving(null);
    }
  }

  return (
    <>
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Group gap="xs" wrap="wrap" style={{ minWidth: 0 }}>
          <Title order={3} size="h4" data-testid="order-heading">
            {t("detail.heading", { number: order.number })}
          </Title>
          <OrderStatusBadge status={order.status} />
        </Group>
        {canEdit && (
          <Group gap="xs" wrap="wrap">
            {nextOrderStatuses(order.status).map((status) => (
              <Button
                key={status}
                size="xs"
                variant={status === "cancelled" ? "light" : "filled"}
                color={orderStatusColor[status]}
                loading={moving === status}
                disabled={moving !== null && moving !== status}
                onClick={() => void move(status)}
                data-testid={`order-to-${status}`}
              >
                {t(`transition.${status}.action`)}
              </Button>
            ))}
          </Group>
        )}
      </Group>

      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <Stat label={t("field.total")} value={format.money(order.total, order.currency)} testId="order-total" />
        <Stat label={t("field.orderedOn")} value={format.date(noon(order.orderedOn))} />
        <Stat label={t("field.lines")} value={order.lines.length} />
        <Stat
          label={t("field.contract")}
          value={
            order.contractId ? (
              <Anchor component={Link} to="." search={{ tab: "contracts" } as never} size="sm" data-testid="order-contract-link">
                {t("detail.openContract")}
              </Anchor>
            ) : (
              "—"
            )
          }
        />
      </SimpleGrid>
      {order.note && (
        <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }} data-testid="order-note-text">
          {order.note}
        </Text>
      )}

      <Table.ScrollContainer minWidth={320}>
        <Table verticalSpacing="xs" striped data-testid="order-lines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("field.product")}</Table.Th>
              <Table.Th ta="end">{t("field.quantity")}</Table.Th>
              <Table.Th ta="end" visibleFrom="xs">
                {t("field.unitPrice")}
              </Table.Th>
              <Table.Th ta="end">{t("field.amount")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {order.lines.map((line) => (
              <Table.Tr key={line.id} data-testid="order-line" data-product={line.productCode}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {line.productName}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {line.productCode}
                  </Text>
                </Table.Td>
                <Table.Td ta="end">{quantityText(line.quantity)}</Table.Td>
                <Table.Td ta="end" visibleFrom="xs">
                  {format.money(line.unitPrice, order.currency)}
                </Table.Td>
                <Table.Td ta="end">{format.money(line.amount, order.currency)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      <Card withBorder radius="md" padding="sm">
        <Stack gap="sm">
          <Title order={4} size="h5">
            {t("detail.history")}
          </Title>
          <Timeline active={order.history.length - 1} bulletSize={14} lineWidth={2} data-testid="order-history">
            {order.history.map((change, index) => (
              <Timeline.Item
                key={`${change.at}-${index}`}
                color={orderStatusColor[change.to]}
                title={
                  change.from ? t("detail.moved", { from: t(`status.${change.from}`), to: t(`status.${change.to}`) }) : t("detail.entered")
                }
                data-testid="order-history-entry"
                data-status={change.to}
              >
                <Text size="xs" c="dimmed">
                  {change.byName ? t("detail.byAt", { name: change.byName, at: format.dateTime(change.at) }) : format.dateTime(change.at)}
                </Text>
                {change.note && (
                  <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                    {change.note}
                  </Text>
                )}
              </Timeline.Item>
            ))}
          </Timeline>
        </Stack>
      </Card>
    </>
  );
}
