import { useState } from "react";
import { Anchor, Badge, Button, Chip, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { transactionTypes, type Company, type Transaction, type TransactionType } from "@relata/contracts";
import { useFormat } from "../../../lib/session";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import type { PanelProps } from "../../../components/record-page";
import { ScopeSwitch } from "../../contracts/components/common";
import { quantityText } from "../../contracts/lib/money";
import { noon } from "../../contracts/lib/problems";
import { transactionsQuery, type Scope } from "../api";
import { transactionTarget } from "../lib/orders";

const typeColor: Record<TransactionType, string> = {
  order: "gray",
  fulfilment: "indigo",
  invoice: "blue",
  payment: "teal",
  credit_note: "orange",
};

/** The client card's Transactions tab: orders, fulfilments, invoices, payments and credit notes in one history. */
export function TransactionsPanel({ record }: PanelProps<Company>) {
  const { t } = useTranslation("orders");
  const [scope, setScope] = useState<Scope>("company");
  const [types, setTypes] = useState<TransactionType[]>([]);
  const query = useInfiniteQuery(transactionsQuery(record.id, scope, types));
  const rows = query.data?.pages.flatMap((page) => page.items) ?? [];
  const phone = useMediaQuery("(max-width: 36em)");

  return (
    <Stack gap="md" data-testid="transactions-panel">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Title order={3} size="h5">
          {t("transactions.title")}
        </Title>
        <ScopeSwitch companyId={record.id} value={scope} onChange={setScope} />
      </Group>
      <Chip.Group multiple value={types} onChange={(value) => setTypes(value as TransactionType[])}>
        <Group gap={6} wrap="wrap" role="group" aria-label={t("transactions.filter")} data-testid="transaction-filter">
          {transactionTypes.map((type) => (
            <Chip key={type} value={type} size="xs" variant="outline" wrapperProps={{ "data-testid": `transaction-filter-${type}` }}>
              {t(`type.${type}`)}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      {query.isPending ? (
        <LoadingBlock rows={5} />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState
          title={types.length ? t("transactions.noMatch") : t("transactions.empty")}
          description={types.length ? undefined : t("transactions.emptyHint")}
        />
      ) : (
        <>
          {phone ? (
            <Stack gap="xs" data-testid="transactions">
              {rows.map((row) => (
                <TransactionCard key={`${row.type}-${row.id}`} row={row} showCompany={row.companyId !== record.id} />
              ))}
            </Stack>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="xs" striped data-testid="transactions">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("transactions.date")}</Table.Th>
                    <Table.Th>{t("transactions.type")}</Table.Th>
                    <Table.Th>{t("transactions.reference")}</Table.Th>
                    <Table.Th>{t("transactions.description")}</Table.Th>
                    <Table.Th ta="end">{t("transactions.amount")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((row) => (
                    <TransactionRow key={`${row.type}-${row.id}`} row={row} showCompany={row.companyId !== record.id} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {query.hasNextPage && (
            <Button
              variant="default"
              size="xs"
              w="fit-content"
              mx="auto"
              loading={query.isFetchingNextPage}
              onClick={() => void query.fetchNextPage()}
              data-testid="transactions-more"
            >
              {t("transactions.more")}
            </Button>
          )}
        </>
      )}
    </Stack>
  );
}

/** A row's details in the reader's words: a payment's method, a delivery's quantity, an order's or invoice's status. */
function useRowText(row: Transaction) {
  const { t } = useTranslation("orders");
  let description = row.description;
  if (row.type === "payment" && description) description = t(`finance:collection.${description}`, { defaultValue: description });
  if (row.type === "fulfilment" && description)
    description = description.replace(/ × (\d+(?:\.\d+)?)$/, (_, quantity: string) => ` × ${quantityText(quantity)}`);
  const status = row.status
    ? row.type === "order"
      ? t(`status.${row.status}`, { defaultValue: row.status })
      : t(`contracts:invoiceStatus.${row.status}`, { defaultValue: row.status })
    : null;
  return { description, status, negative: row.amount.startsWith("-") };
}

/** The row's reference, leading to where it lives on its company's card. */
function RowLink({ row }: { row: Transaction }) {
  const { t } = useTranslation("orders");
  const target = transactionTarget(row);
  return (
    <Anchor
      renderRoot={(props) => (
        <Link
          to="/companies/$id"
          params={{ id: target.companyId }}
          search={{ tab: target.tab, ...(target.order ? { order: target.order } : {}) } as never}
          {...props}
        />
      )}
      size="sm"
      fw={500}
      style={{ overflowWrap: "anywhere" }}
      data-testid="transaction-link"
    >
      {row.reference ?? t(`type.${row.type}`)}
    </Anchor>
  );
}

/** On a phone: one card per transaction instead of a table that scrolls sideways. */
function TransactionCard({ row, showCompany }: { row: Transaction; showCompany: boolean }) {
  const { t } = useTranslation("orders");
  const format = useFormat();
  const { description, status, negative } = useRowText(row);
  return (
    <Paper withBorder radius="md" p="xs" data-testid="transaction-row" data-type={row.type} data-reference={row.reference ?? ""}>
      <Stack gap={4}>
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            <Badge color={typeColor[row.type]} variant="light" size="sm" style={{ flexShrink: 0 }}>
              {t(`type.${row.type}`)}
            </Badge>
            <RowLink row={row} />
          </Group>
          <Text size="sm" fw={500} c={negative ? "teal" : undefined} style={{ whiteSpace: "nowrap" }} data-testid="transaction-amount">
            {format.money(row.amount, row.currency)}
          </Text>
        </Group>
        <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
          {[format.date(noon(row.on)), showCompany ? row.companyName : null, description, status].filter(Boolean).join(" · ")}
        </Text>
      </Stack>
    </Paper>
  );
}

function TransactionRow({ row, showCompany }: { row: Transaction; showCompany: boolean }) {
  const { t } = useTranslation("orders");
  const format = useFormat();
  const { description, status, negative } = useRowText(row);
  return (
    <Table.Tr data-testid="transaction-row" data-type={row.type} data-reference={row.reference ?? ""}>
      <Table.Td style={{ whiteSpace: "nowrap" }}>{format.date(noon(row.on))}</Table.Td>
      <Table.Td>
        <Badge color={typeColor[row.type]} variant="light" size="sm">
          {t(`type.${row.type}`)}
        </Badge>
      </Table.Td>
      <Table.Td>
        <RowLink row={row} />
        {showCompany && (
          <Text size="xs" c="dimmed" data-testid="transaction-company">
            {row.companyName}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {description && (
          <Text size="sm" style={{ overflowWrap: "anywhere" }}>
            {description}
          </Text>
        )}
        {status ? (
          <Text size={description ? "xs" : "sm"} c={description ? "dimmed" : undefined}>
            {status}
          </Text>
        ) : (
          !description && "—"
        )}
      </Table.Td>
      <Table.Td ta="end" style={{ whiteSpace: "nowrap" }}>
        <Text size="sm" c={negative ? "teal" : undefined} data-testid="transaction-amount">
          {format.money(row.amount, row.currency)}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}
