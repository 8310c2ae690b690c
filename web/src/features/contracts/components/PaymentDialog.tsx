// Record a payment received and apply it to open invoices (the rest stays on the client's account).
import { useMemo, useState } from "react";
import { Button, Group, Select, SimpleGrid, Stack, Table, Text, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { collectionMethods, toUnits, type CollectionMethod, type Invoice } from "@relata/contracts";
import { useFormat } from "../../../lib/session";
import { DialogForm, useDialogForm } from "../../../components/form-dialog";
import { useCurrencyOptions } from "../../../components/record-form";
import { toast } from "../../../components/dialogs";
import { createPayment, refreshCompanyMoney } from "../api";
import { allocateOldestFirst, openInvoicesIn, sumAmounts } from "../lib/money";
import { fieldProblems, localToday, noon, showsFields } from "../lib/problems";

export function PaymentDialog({
  companyId,
  invoices,
  defaultCurrency,
  onClose,
}: {
  companyId: string;
  invoices: Invoice[];
  defaultCurrency: string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation("contracts");
  const format = useFormat();
  const currencies = useCurrencyOptions();
  const firstOpen = invoices.find((invoice) => invoice.status === "issued" && (toUnits(invoice.outstanding, 2) ?? 0n) > 0n);
  const [currency, setCurrency] = useState<string | null>(firstOpen?.currency ?? defaultCurrency);
  const [amount, setAmount] = useState("");
  const [receivedOn, setReceivedOn] = useState(localToday);
  const [method, setMethod] = useState<CollectionMethod>("transfer");
  const [reference, setReference] = useState("");
  const [applied, setApplied] = useState<Record<string, string>>({});
  const [sent, setSent] = useState<string[]>([]);
  const form = useDialogForm({
    notify: (error) => toast.error(error),
    fieldProblems: (error) => fieldProblems(error),
    shows: showsFields("currency", "amount", "receivedOn", "reference", "allocations", "allocations."),
  });
  const open = useMemo(() => (currency ? openInvoicesIn(invoices, currency) : []), [invoices, currency]);
  const appliedTotal = sumAmounts(open.map((invoice) => applied[invoice.id] ?? ""));
  const rest = toUnits(amount, 2) !== null ? sumAmounts([amount, `-${appliedTotal}`]) : null;

  /** The server's problem with allocation `index` of the last request, shown on its invoice's row. */
  const rowError = (invoiceId: string) => {
    const index = sent.indexOf(invoiceId);
    if (index < 0) return undefined;
    return (
      form.errors[`allocations.${index}.amount`] ?? form.errors[`allocations.${index}.invoiceId`] ?? form.errors[`allocations.${index}`]
    );
  };

  async function submit() {
    const units = toUnits(amount, 2);
    const allocations = open
      .filter((invoice) => (applied[invoice.id] ?? "").trim() !== "")
      .map((invoice) => ({ invoiceId: invoice.id, amount: applied[invoice.id]!.trim() }));
    const problems: Record<string, string | undefined> = {
      currency: !currency ? t("form.required") : undefined,
      amount: units === null || units <= 0n ? t("form.positiveAmount") : undefined,
      receivedOn: !receivedOn ? t("form.required") : receivedOn > localToday() ? t("payment.future") : undefined,
    };
    allocations.forEach((allocation, index) => {
      if (toUnits(allocation.amount, 2) === null || (toUnits(allocation.amount, 2) ?? 0n) < 0n)
        problems[`allocations.${index}.amount`] = t("form.badAmount");
    });
    setSent(allocations.map((allocation) => allocation.invoiceId));
    if (!form.validate(problems)) return;
    const ok = await form.save(async () => {
      await createPayment(
        companyId,
        { currency: currency!, amount: amount.trim(), receivedOn, method, reference: reference.trim() || null, allocations },
        form.idempotencyKey,
      );
      await refreshCompanyMoney(form.queryClient, companyId);
    });
    if (ok) {
      toast.success(t("payment.saved"));
      onClose();
    }
  }

  return (
    <DialogForm form={form} onSubmit={submit} onCancel={onClose} submitLabel={t("payment.submit")} testId="payment-form">
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
        <TextInput
          label={t("payment.amount")}
          required
          inputMode="decimal"
          value={amount}
          onChange={(event) => {
            setAmount(event.currentTarget.value);
            form.clear("amount");
          }}
          error={form.errors.amount}
          data-autofocus
          data-testid="payment-amount"
        />
        <Select
          label={t("field.currency")}
          required
          searchable
          data={currencies}
          value={currency}
          onChange={(value) => {
            setCurrency(value);
            setApplied({});
            form.clear("currency");
          }}
          error={form.errors.currency}
          comboboxProps={{ withinPortal: true }}
          data-testid="payment-currency"
        />
        <TextInput
          type="date"
          label={t("payment.receivedOn")}
          required
          value={receivedOn}
          onChange={(event) => {
            setReceivedOn(event.currentTarget.value);
            form.clear("receivedOn");
          }}
          error={form.errors.receivedOn}
          data-testid="payment-date"
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <Select
          label={t("payment.method")}
          data={collectionMethods.map((value) => ({ value, label: t(`finance:collection.${value}`) }))}
          value={method}
          onChange={(value) => value && setMethod(value as CollectionMethod)}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          data-testid="payment-method"
        />
        <TextInput
          label={t("payment.reference")}
          value={reference}
          onChange={(event) => setReference(event.currentTarget.value)}
          error={form.errors.reference}
          data-testid="payment-reference"
        />
      </SimpleGrid>
      <Stack gap={4}>
        <Group justify="space-between" gap="xs">
          <Text size="sm" fw={500}>
            {t("payment.applyTo")}
          </Text>
          {open.length > 0 && (
            <Button
              size="compact-xs"
              variant="light"
              onClick={() => setApplied(allocateOldestFirst(amount, open))}
              disabled={toUnits(amount, 2) === null}
              data-testid="payment-auto"
            >
              {t("payment.oldestFirst")}
            </Button>
          )}
        </Group>
        {open.length === 0 ? (
          <Text size="xs" c="dimmed" data-testid="payment-no-invoices">
            {t("payment.noOpen", { currency: currency ?? "—" })}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={420}>
            <Table verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("invoice.number")}</Table.Th>
                  <Table.Th>{t("invoice.dueOn")}</Table.Th>
                  <Table.Th ta="end">{t("invoice.outstanding")}</Table.Th>
                  <Table.Th w={150}>{t("payment.apply")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {open.map((invoice) => (
                  <Table.Tr key={invoice.id} data-testid="payment-invoice" data-number={invoice.number}>
                    <Table.Td>{invoice.number}</Table.Td>
                    <Table.Td>{invoice.dueOn ? format.date(noon(invoice.dueOn)) : "—"}</Table.Td>
                    <Table.Td ta="end">{format.money(invoice.outstanding, invoice.currency)}</Table.Td>
                    <Table.Td>
                      <TextInput
                        size="xs"
                        inputMode="decimal"
                        aria-label={t("payment.applyToInvoice", { number: invoice.number })}
                        value={applied[invoice.id] ?? ""}
                        onChange={(event) => {
                          const next = event.currentTarget.value;
                          setApplied((current) => ({ ...current, [invoice.id]: next }));
                          form.clearWhere((field) => field.startsWith("allocations"));
                        }}
                        error={rowError(invoice.id)}
                        data-testid="payment-apply"
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {form.errors.allocations && (
          <Text size="xs" c="red">
            {form.errors.allocations}
          </Text>
        )}
        {rest !== null && currency && (
          <Text size="xs" c={rest.startsWith("-") ? "red" : "dimmed"} data-testid="payment-rest">
            {t("payment.rest", { applied: format.money(appliedTotal, currency), rest: format.money(rest, currency) })}
          </Text>
        )}
      </Stack>
    </DialogForm>
  );
}
