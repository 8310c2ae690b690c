import { useState } from "react";
import { Select, SimpleGrid, TextInput, Textarea } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { CompanyFinance, CreditLimit } from "@relata/contracts";
import { DialogForm, useDialogForm } from "../../../components/form-dialog";
import { useCurrencyOptions } from "../../../components/record-form";
import { toast } from "../../../components/dialogs";
import { financeKey, putCreditLimit } from "../api";
import { fieldProblems } from "../lib/problems";
import { normalizeSignedAmount } from "../lib/statements";

/** Sets, changes or clears (empty amount) the credit we extend to the company. */
export function CreditLimitForm({
  companyId,
  limit,
  defaultCurrency,
  onClose,
}: {
  companyId: string;
  limit: CreditLimit;
  defaultCurrency: string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation("finance");
  const currencies = useCurrencyOptions();
  const [amount, setAmount] = useState(limit.amount ?? "");
  const [currency, setCurrency] = useState<string | null>(limit.currency ?? defaultCurrency);
  const [note, setNote] = useState(limit.note ?? "");
  const [version, setVersion] = useState(limit.version);
  const form = useDialogForm({
    reload: financeKey(companyId),
    notify: (error) => toast.error(error),
    fieldProblems: (error) => fieldProblems(error, (key, options) => t(key, options ?? {})),
    onReloaded: () => {
      const newest = form.queryClient.getQueryData<CompanyFinance>(financeKey(companyId))?.creditLimit;
      if (newest) setVersion(newest.version);
    },
  });

  async function submit() {
    const value = normalizeSignedAmount(amount);
    const problems = {
      amount: value === undefined || (value !== null && value.startsWith("-")) ? t("creditLimit.badAmount") : undefined,
      currency: value && !currency ? t("statement.currencyRequired") : undefined,
    };
    if (!form.validate(problems)) return;
    const ok = await form.save(() =>
      putCreditLimit(companyId, version, { amount: value ?? null, currency: value ? currency : null, note: note.trim() || null }),
    );
    if (ok) {
      toast.success(value ? t("creditLimit.saved") : t("creditLimit.cleared"));
      onClose();
    }
  }

  return (
    <DialogForm form={form} onSubmit={submit} onCancel={onClose} submitLabel={t("common:action.save")} testId="credit-limit-form">
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <TextInput
          label={t("creditLimit.amount")}
          description={t("creditLimit.amountHint")}
          inputMode="decimal"
          value={amount}
          onChange={(event) => {
            setAmount(event.currentTarget.value);
            form.clear("amount");
          }}
          error={form.errors.amount}
          data-autofocus
          data-testid="credit-limit-amount"
        />
        <Select
          label={t("statement.currency")}
          searchable
          data={currencies}
          value={currency}
          onChange={(next) => {
            setCurrency(next);
            form.clear("currency");
          }}
          error={form.errors.currency}
          data-testid="credit-limit-currency"
        />
      </SimpleGrid>
      <Textarea
        label={t("creditLimit.note")}
        autosize
        minRows={2}
        maxRows={5}
        value={note}
        onChange={(event) => setNote(event.currentTarget.value)}
        error={form.errors.note}
        data-testid="credit-limit-note"
      />
    </DialogForm>
  );
}
