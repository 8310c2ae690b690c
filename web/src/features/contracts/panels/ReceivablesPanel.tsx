import { useState } from "react";
import { Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { BarChart } from "@mantine/charts";
import { IconCash, IconFilePlus, IconArrowsJoin, IconReceiptRefund } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Company, Invoice, Payment, ReceivablesByCurrency } from "@relata/contracts";
import { useFormat, useMe } from "../../../lib/session";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import { FormDialog } from "../../../components/form-dialog";
import { confirm, toast } from "../../../components/dialogs";
import type { PanelProps } from "../../../components/record-page";
import { mayChangeCompany } from "../../companies/access";
import { invoicesQuery, issueInvoice, paymentsQuery, receivablesQuery, refreshCompanyMoney, type Scope } from "../api";
import { InvoiceStatusBadge, ScopeSwitch, Stat } from "../components/common";
import { CreditNoteDialog } from "../components/CreditNoteDialog";
import { PaymentDialog } from "../components/PaymentDialog";
import { InvoiceDialog } from "../components/InvoiceDialog";
import { AllocateDialog } from "../components/AllocateDialog";
import { toUnits } from "@relata/contracts";
import { agingRows } from "../lib/money";
import { localToday, noon } from "../lib/problems";

/** The client card's Receivables tab: AR per currency with aging and DSO, the invoices, payments and credit notes. */
export function ReceivablesPanel({ record }: PanelProps<Company>) {
  const { t } = useTranslation("contracts");
  const canEdit = mayChangeCompany(useMe(), record, "update");
  const [scope, setScope] = useState<Scope>("company");
  const receivables = useQuery(receivablesQuery(record.id, scope));
  const invoices = useQuery(invoicesQuery(record.id));
  const [paying, setPaying] = useState(false);
  const [invoicing, setInvoicing] = useState(false);
  const [allocating, setAllocating] = useState<Payment | null>(null);
  const [crediting, setCrediting] = useState<Invoice | null>(null);

  return (
    <Stack gap="md" data-testid="receivables-panel">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Title order={3} size="h5">
          {t("ar.title")}
        </Title>
        <Group gap="xs" wrap="wrap">
          <ScopeSwitch companyId={record.id} value={scope} onChange={setScope} />
          {canEdit && (
            <Button
              size="xs"
              variant="light"
              leftSection={<IconFilePlus size={14} />}
              onClick={() => setInvoicing(true)}
              data-testid="invoice-new"
            >
              {t("invoice.new")}
            </Button>
          )}
          {canEdit && (
            <Button size="xs" leftSection={<IconCash size={14} />} onClick={() => setPaying(true)} data-testid="payment-new">
              {t("payment.new")}
            </Button>
          )}
        </Group>
      </Group>
      {receivables.isPending ? (
        <LoadingBlock rows={4} />
      ) : receivables.isError ? (
        <ErrorState error={receivables.error} onRetry={() => void receivables.refetch()} />
      ) : receivables.data.currencies.length === 0 ? (
        <EmptyState title={t("ar.empty")} description={t("ar.emptyHint")} />
      ) : (
        receivables.data.currencies.map((entry) => <CurrencyCard key={entry.currency} entry={entry} />)
      )}

      <Title order={4} size="h5">
        {t("invoice.title")}
      </Title>
      {invoices.isPending ? (
        <LoadingBlock rows={3} />
      ) : invoices.isError ? (
        <ErrorState error={invoices.error} onRetry={() => void invoices.refetch()} />
      ) : invoices.data.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="invoices-empty">
          {t("invoice.empty")}
        </Text>
      ) : (
        <InvoiceTable companyId={record.id} invoices={invoices.data} canEdit={canEdit} onCredit={setCrediting} />
      )}
      <Payments companyId={record.id} canEdit={canEdit} onAllocate={setAllocating} />

      <FormDialog opened={paying} onClose={() => setPaying(false)} title={t("payment.title")} testId="payment-dialog" size="lg">
        <PaymentDialog
          companyId={record.id}
          invoices={invoices.data ?? []}
          defaultCurrency={record.currency}
          onClose={() => setPaying(false)}
        />
      </FormDialog>
      <FormDialog opened={invoicing} onClose={() => setInvoicing(false)} title={t("invoice.newTitle")} testId="invoice-dialog" size="lg">
        <InvoiceDialog companyId={record.id} defaultCurrency={record.currency} onClose={() => setInvoicing(false)} />
      </FormDialog>
      <FormDialog
        opened={allocating !== null}
        onClose={() => setAllocating(null)}
        title={t("allocate.title")}
        testId="allocate-dialog"
        size="lg"
      >
        {allocating && (
          <AllocateDialog companyId={record.id} payment={allocating} invoices={invoices.data ?? []} onClose={() => setAllocating(null)} />
        )}
      </FormDialog>
      <FormDialog opened={crediting !== null} onClose={() => setCrediting(null)} title={t("credit.title")} testId="credit-dialog">
        {crediting && <CreditNoteDialog companyId={record.id} invoice={crediting} onClose={() => setCrediting(null)} />}
      </FormDialog>
    </Stack>
  );
}

function CurrencyCard({ entry }: { entry: ReceivablesByCurrency }) {
  const { t } = useTranslation("contracts");
  const format = useFormat();
  const money = (amount: string) => format.money(amount, entry.currency);
  const rows = agingRows(entry, (bucket) => t(`aging.${bucket}`));
  const overdue = (toUnits(entry.overdue, 2) ?? 0n) > 0n;
  return (
    <Card withBorder radius="md" padding="sm" data-testid="ar-currency" data-currency={entry.currency}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
          <Stat label={t("ar.open", { currency: entry.currency })} value={money(entry.open)} testId="ar-open" />
          <Stat
            label={t("ar.overdue")}
            value={
              <Text span inherit c={overdue ? "red" : undefined}>
                {money(entry.overdue)}
              </Text>
            }
            hint={entry.maxDaysOverdue > 0 ? t("ar.oldest", { count: entry.maxDaysOverdue }) : undefined}
            testId="ar-overdue"
          />
          <Stat label={t("ar.openInvoices")} value={entry.openInvoices} />
          <Stat label={t("ar.unapplied")} value={money(entry.unapplied)} testId="ar-unapplied" />
          <Stat
            label={t("ar.dso")}
            value={entry.dso === null ? "—" : t("ar.daysValue", { count: Math.round(entry.dso) })}
            hint={t("ar.dsoHint")}
          />
          <Stat
            label={t("ar.daysToPay")}
            value={entry.averageDaysToPay === null ? "—" : t("ar.daysValue", { count: Math.round(entry.averageDaysToPay) })}
          />
        </SimpleGrid>
        <BarChart
          h={200}
          data={rows}
          dataKey="bucket"
          series={[{ name: "amount", label: t("ar.amount"), color: "blue.6" }]}
          valueFormatter={(value) => format.money(value, entry.currency)}
          withTooltip
          gridAxis="y"
          tickLine="none"
          yAxisProps={{ width: 80 }}
          aria-label={t("ar.chart", { currency: entry.currency })}
          data-testid="ar-aging-chart"
        />
      </Stack>
    </Card>
  );
}

function InvoiceTable({
  companyId,
  invoices,
  canEdit,
  onCredit,
}: {
  companyId: string;
  invoices: Invoice[];
  canEdit: boolean;
  onCredit: (invoice: Invoice) => void;
}) {
  const { t } = useTranslation("contracts");
  const format = useFormat();
  const queryClient = useQueryClient();
  const today = localToday();
  async function issue(invoice: Invoice) {
    if (!(await confirm({ title: t("invoice.issueTitle"), message: t("invoice.issueMessage", { number: invoice.number }) }))) return;
    try {
      await issueInvoice(companyId, invoice.id, {});
      await refreshCompanyMoney(queryClient, companyId);
      toast.success(t("invoice.issued"));
    } catch (error) {
      toast.error(error);
    }
  }
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing="xs" striped data-testid="invoices">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("invoice.number")}</Table.Th>
            <Table.Th>{t("invoice.status")}</Table.Th>
            <Table.Th>{t("invoice.issuedOn")}</Table.Th>
            <Table.Th>{t("invoice.dueOn")}</Table.Th>
            <Table.Th ta="end">{t("invoice.total")}</Table.Th>
            <Table.Th ta="end">{t("invoice.outstanding")}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {invoices.map((invoice) => {
            const open = invoice.status === "issued" && (toUnits(invoice.outstanding, 2) ?? 0n) > 0n;
            const late = open && invoice.dueOn !== null && invoice.dueOn < today;
            return (
              <Table.Tr key={invoice.id} data-testid="invoice-row" data-number={invoice.number}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {invoice.number}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <InvoiceStatusBadge status={invoice.status} />
                </Table.Td>
                <Table.Td>{invoice.issuedOn ? format.date(noon(invoice.issuedOn)) : "—"}</Table.Td>
                <Table.Td>
                  <Text size="sm" c={late ? "red" : undefined}>
                    {invoice.dueOn ? format.date(noon(invoice.dueOn)) : "—"}
                  </Text>
                </Table.Td>
                <Table.Td ta="end">{format.money(invoice.total, invoice.currency)}</Table.Td>
                <Table.Td ta="end" data-testid="invoice-outstanding">
                  {format.money(invoice.outstanding, invoice.currency)}
                </Table.Td>
                <Table.Td>
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    {canEdit && invoice.status === "draft" && (
                      <Button size="compact-xs" variant="light" onClick={() => void issue(invoice)} data-testid="invoice-issue">
                        {t("invoice.issue")}
                      </Button>
                    )}
                    {canEdit && open && (
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        leftSection={<IconReceiptRefund size={12} />}
                        onClick={() => onCredit(invoice)}
                        data-testid="invoice-credit"
                      >
                        {t("credit.action")}
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Payments({ companyId, canEdit, onAllocate }: { companyId: string; canEdit: boolean; onAllocate: (payment: Payment) => void }) {
  const { t } = useTranslation("contracts");
  const format = useFormat();
  const payments = useQuery(paymentsQuery(companyId));
  if (payments.isPending || payments.isError || payments.data.length === 0) return null;
  return (
    <Stack gap="xs">
      <Title order={4} size="h5">
        {t("payment.list")}
      </Title>
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="xs" data-testid="payments">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("payment.receivedOn")}</Table.Th>
              <Table.Th>{t("payment.method")}</Table.Th>
              <Table.Th ta="end">{t("payment.amount")}</Table.Th>
              <Table.Th>{t("payment.appliedTo")}</Table.Th>
              <Table.Th ta="end">{t("ar.unapplied")}</Table.Th>
              {canEdit && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {payments.data.map((payment) => (
              <Table.Tr key={payment.id} data-testid="payment-row" data-payment={payment.id}>
                <Table.Td>{format.date(noon(payment.receivedOn))}</Table.Td>
                <Table.Td>
                  {t(`finance:collection.${payment.method}`)}
                  {payment.reference ? ` · ${payment.reference}` : ""}
                </Table.Td>
                <Table.Td ta="end">{format.money(payment.amount, payment.currency)}</Table.Td>
                <Table.Td>{payment.allocations.map((allocation) => allocation.invoiceNumber).join(", ") || "—"}</Table.Td>
                <Table.Td ta="end" data-testid="payment-unapplied">
                  {format.money(payment.unapplied, payment.currency)}
                </Table.Td>
                {canEdit && (
                  <Table.Td>
                    {(toUnits(payment.unapplied, 2) ?? 0n) > 0n && (
                      <Button
                        size="compact-xs"
                        variant="light"
                        leftSection={<IconArrowsJoin size={12} />}
                        onClick={() => onAllocate(payment)}
                        data-testid="payment-allocate"
                      >
                        {t("allocate.action")}
                      </Button>
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
