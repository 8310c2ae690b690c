// Credit part or all of an issued invoice's outstanding amount (books negative revenue).
import { useState } from "react";
import { SimpleGrid, Text, TextInput, Textarea } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Invoice } from "@relata/contracts";
import { useFormat } from "../../../lib/session";
import { DialogForm, useDialogForm } from "../../../components/form-dialog";
import { toast } from "../../../components/dialogs";
import { createCreditNote, refreshCompanyMoney } from "../api";
import { toUnits } from "@relata/contracts";
import { fieldProblems, localToday, showsFields } from "../lib/problems";

export function CreditNoteDialog({ companyId, invoice, onClose }: { companyId: string; invoice: Invoice; onClose: () => void }) {
  const { t } = useTranslation("contracts");
  const format = useFormat();
  const [amount, setAmount] = useState(invoice.outstanding);
  const [issuedOn, setIssuedOn] = useState(localToday);
  const [reason, setReason] = useState("");
  const form = useDialogForm({
    notify: (error) => toast.error(error),
    fieldProblems: (error) => fieldProblems(error),
    shows: showsFields("amount", "issuedOn", "reason"),
  });

  async function submit() {
    const units = toUnits(amount, 2);
    const problems = {
      amount: units === null || units <= 0n ? t("form.positiveAmount") : undefined,
      reason: !reason.trim() ? t("form.required") : undefined,
    };
    if (!form.validate(problems)) return;
    const ok = await form.save(async () => {
      await createCreditNote(
        companyId,
        { invoiceId: invoice.id, currency: invoice.currency, amount: amount.trim(), issuedOn, reason: reason.trim() },
        form.idempotencyKey,
      );
      await refreshCompanyMoney(form.queryClient, companyId);
    });
    if (ok) {
      toast.success(t("credit.saved"));
      onClose();
    }
  }

  return (
    <DialogForm form={form} onSubmit={submit} onCancel={onClose} submitLabel={t("credit.submit")} testId="credit-form">
      <Text size="sm">
        {t("credit.what", { number: invoice.number, outstanding: format.money(invoice.outstanding, invoice.currency) })}
      </Text>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <TextInput
          label={t("credit.amount", { currency: invoice.currency })}
          required
          inputMode="decimal"
          value={amount}
          onChange={(event) => {
            setAmount(event.currentTarget.value);
            form.clear("amount");
          }}
          error={form.errors.amount}
          data-autofocus
          data-testid="credit-amount"
        />
        <TextInput
          type="date"
          label={t("credit.issuedOn")}
          value={issuedOn}
          onChange={(event) => {
            setIssuedOn(event.currentTarget.value);
            form.clear("issuedOn");
          }}
          error={form.errors.issuedOn}
          data-testid="credit-date"
        />
      </SimpleGrid>
      <Textarea
        label={t("credit.reason")}
        required
        autosize
        minRows={2}
        maxRows={4}
        value={reason}
        onChange={(event) => {
          setReason(event.currentTarget.value);
          form.clear("reason");
        }}
        error={form.errors.reason}
        data-testid="credit-reason"
      />
    </DialogForm>
  );
}
