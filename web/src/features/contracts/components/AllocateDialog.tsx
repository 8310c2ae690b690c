// Apply a payment's unapplied money (on the client's account) to open invoices in its currency.
import { useMemo, useState } from "react";
import { Button, Group, Stack, Table, Text, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Invoice, Payment } from "@relata/contracts";
import { useFormat } from "../../../lib/session";
import { DialogForm, useDialogForm } from "../../../components/form-dialog";
import { toast } from "../../../components/dialogs";
import { allocatePayment, refreshCompanyMoney } from "../api";
import { toUnits } from "@relata/contracts";
import { allocateOldestFirst, openInvoicesIn, sumAmounts } from "../lib/money";
import { fieldProblems, noon, showsFields } from "../lib/problems";

export function AllocateDialog({
  companyId,
  payment,
  invoices,
  onClose,
}: {
  companyId: string;
  payment: Payment;
  invoices: Invoice[];
  onClose: () => void;
}) {
  const { t } = useTranslation("contracts");
  const format = useFormat();
  const open = useMemo(() => openInvoicesIn(invoices, payment.currency), [invoices, payment.currency]);
  const [applied, setApplied] = useState<Record<string, string>>(() => allocateOldestFirst(payment.unapplied, open));
  const [sent, setSent] = useState<string[]>([]);
  const form = useDialogForm({
    notify: (error) => toast.error(error),
    fieldProblems: (error) => fieldProblems(error),
    shows: showsFields("allocations", "allocations."),
  });
  const appliedTotal = sumAmounts(open.map((invoice) => applied[invoice.id] ?? ""));
  const rest = sumAmounts([payment.unapplied, `-${appliedTotal}`]);
  const money = (amount: string) => format.money(amount, payment.currency);

  const rowError = (invoiceId: string) => {
    const index = sent.indexOf(invoiceId);
    if (index < 0) return undefined;
    return (
      form.errors[`allocations.${index}.amount`] ?? form.errors[`allocations.${index}.invoiceId`] ?? form.errors[`allocations.${index}`]
    );
  };

  async function submit() {
    const allocations = open
      .filter((invoice) => (applied[invoice.id] ?? "").trim() !== "" && (toUnits(applied[invoice.id]!, 2) ?? 1n) !== 0n)
      .map((invoice) => ({ invoiceId: invoice.id, amount: applied[invoice.id]!.trim() }));
    const problems: Record<string, string | undefined> = {
      allocations: allocations.length === 0 ? t("allocate.nothing") : rest.startsWith("-") ? t("allocate.tooMuch") : undefined,
    };
    allocations.forEach((allocation, index) => {
      if ((toUnits(allocation.amount, 2) ?? -1n) < 0n) problems[`allocations.${index}.amount`] = t("form.badAmount");
    });
    setSent(allocations.map((allocation) => allocation.invoiceId));
    if (!form.validate(problems)) return;
    const ok = await form.save(async () => {
      await allocatePayment(companyId, payment.id, allocations);
      await refreshCompanyMoney(form.queryClient, companyId);
    });
    if (ok) {
      toast.success(t("allocate.saved"));
      onClose();
    }
  }

  return (
    <DialogForm form={form} onSubmit={submit} onCancel={onClose} submitLabel={t("allocate.submit")} testId="allocate-form">
      <Text size="sm" data-testid="allocate-available">
        {t("allocate.available", { amount: money(payment.unapplied), date: format.date(noon(payment.receivedOn)) })}
      </Text>
      {open.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="allocate-no-invoices">
          {t("payment.noOpen", { currency: payment.currency })}
        </Text>
      ) : (
        <Stack gap={4}>
          <Group justify="flex-end">
            <Button size="compact-xs" variant="light" onClick={() => setApplied(allocateOldestFirst(payment.unapplied, open))}>
              {t("payment.oldestFirst")}
            </Button>
          </Group>
          <Table.ScrollContainer minWidth={340}>
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
                  <Table.Tr key={invoice.id} data-testid="allocate-invoice" data-number={invoice.number}>
                    <Table.Td>{invoice.number}</Table.Td>
                    <Table.Td>{invoice.dueOn ? format.date(noon(invoice.dueOn)) : "—"}</Table.Td>
                    <Table.Td ta="end">{money(invoice.outstanding)}</Table.Td>
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
                        data-testid="allocate-apply"
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      )}
      {form.errors.allocations && (
        <Text size="xs" c="red" data-testid="allocate-error">
          {form.errors.allocations}
        </Text>
      )}
      <Text size="xs" c={rest.startsWith("-") ? "red" : "dimmed"} data-testid="allocate-rest">
        {t("payment.rest", { applied: money(appliedTotal), rest: money(rest) })}
      </Text>
    </DialogForm>
  );
}
