// Record or change a contract the company has with a competitor: who, what, value, dates, notes and
// how long before the expiry the follow-up comes.
import { useState } from "react";
import { NumberInput, Select, SimpleGrid, TextInput, Textarea } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { CompetitorContract } from "@relata/contracts";
import { DialogForm, useDialogForm } from "../../../components/form-dialog";
import { useCurrencyOptions } from "../../../components/record-form";
import { toast } from "../../../components/dialogs";
import { toUnits } from "@relata/contracts";
import { fieldProblems, showsFields } from "../../contracts/lib/problems";
import { competitorsKey, createCompetitorContract, patchCompetitorContract, refreshCompetitors } from "../api";

type Fields = {
  competitor: string;
  product: string;
  value: string;
  currency: string | null;
  startsOn: string;
  expiresOn: string;
  notes: string;
  reminderLeadDays: number | string;
};

export function CompetitorForm({
  companyId,
  defaultCurrency,
  contract,
  onClose,
}: {
  companyId: string;
  defaultCurrency: string | null;
  contract?: CompetitorContract;
  onClose: () => void;
}) {
  const { t } = useTranslation("competitors");
  const currencies = useCurrencyOptions();
  const [fields, setFields] = useState<Fields>({
    competitor: contract?.competitor ?? "",
    product: contract?.product ?? "",
    value: contract?.value ?? "",
    currency: contract ? contract.currency : defaultCurrency,
    startsOn: contract?.startsOn ?? "",
    expiresOn: contract?.expiresOn ?? "",
    notes: contract?.notes ?? "",
    // Empty for a new one: the server starts it with the reminder settings' lead.
    reminderLeadDays: contract?.reminderLeadDays ?? "",
  });
  const form = useDialogForm({
    reload: competitorsKey(companyId),
    notify: (error) => toast.error(error),
    fieldProblems: (error) => fieldProblems(error),
    shows: showsFields("competitor", "product", "value", "currency", "startsOn", "expiresOn", "notes", "reminderLeadDays"),
  });
  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => {
    setFields((current) => ({ ...current, [key]: value }));
    form.clear(key);
  };

  async function submit() {
    const value = fields.value.trim();
    const problems = {
      competitor: !fields.competitor.trim() ? t("form.required") : undefined,
      product: !fields.product.trim() ? t("form.required") : undefined,
      value: value && (toUnits(value, 2) === null || value.startsWith("-")) ? t("form.badAmount") : undefined,
      currency: value && !fields.currency ? t("form.currencyNeeded") : undefined,
      expiresOn: fields.startsOn && fields.expiresOn && fields.expiresOn < fields.startsOn ? t("form.expiresBeforeStart") : undefined,
    };
    if (!form.validate(problems)) return;
    const body = {
      competitor: fields.competitor.trim(),
      product: fields.product.trim(),
      value: value || null,
      currency: value ? fields.currency : (fields.currency ?? null),
      startsOn: fields.startsOn || null,
      expiresOn: fields.expiresOn || null,
      notes: fields.notes.trim() || null,
      ...(typeof fields.reminderLeadDays === "number" ? { reminderLeadDays: fields.reminderLeadDays } : {}),
    };
    const ok = await form.save(async () => {
      if (contract) await patchCompetitorContract(companyId, contract.id, contract.version, body);
      else await createCompetitorContract(companyId, body, form.idempotencyKey);
      await refreshCompetitors(form.queryClient, companyId);
    });
    if (ok) {
      toast.success(contract ? t("form.saved") : t("form.created"));
      onClose();
    }
  }

  return (
    <DialogForm
      form={form}
      onSubmit={submit}
      onCancel={onClose}
      submitLabel={contract ? t("common:action.save") : t("form.submit")}
      testId="competitor-form"
    >
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <TextInput
          label={t("field.competitor")}
          required
          value={fields.competitor}
          onChange={(event) => set("competitor", event.currentTarget.value)}
          error={form.errors.competitor}
          data-autofocus
          data-testid="competitor-name"
        />
        <TextInput
          label={t("field.product")}
          required
          value={fields.product}
          onChange={(event) => set("product", event.currentTarget.value)}
          error={form.errors.product}
          data-testid="competitor-product"
        />
        <TextInput
          label={t("field.value")}
          inputMode="decimal"
          value={fields.value}
          onChange={(event) => set("value", event.currentTarget.value)}
          error={form.errors.value}
          data-testid="competitor-value"
        />
        <Select
          label={t("field.currency")}
          searchable
          clearable
          data={currencies}
          value={fields.currency}
          onChange={(value) => set("currency", value)}
          error={form.errors.currency}
          comboboxProps={{ withinPortal: true }}
          data-testid="competitor-currency"
        />
        <TextInput
          type="date"
          label={t("field.startsOn")}
          value={fields.startsOn}
          onChange={(event) => set("startsOn", event.currentTarget.value)}
          error={form.errors.startsOn}
          data-testid="competitor-starts"
        />
        <TextInput
          type="date"
          label={t("field.expiresOn")}
          value={fields.expiresOn}
          onChange={(event) => set("expiresOn", event.currentTarget.value)}
          error={form.errors.expiresOn}
          data-testid="competitor-expires"
        />
      </SimpleGrid>
      <NumberInput
        label={t("field.reminderLeadDays")}
        description={t("form.leadHint")}
        min={0}
        max={365}
        allowDecimal={false}
        allowNegative={false}
        value={fields.reminderLeadDays}
        onChange={(value) => set("reminderLeadDays", value)}
        error={form.errors.reminderLeadDays}
        data-testid="competitor-lead"
      />
      <Textarea
        label={t("field.notes")}
        autosize
        minRows={2}
        maxRows={6}
        value={fields.notes}
        onChange={(event) => set("notes", event.currentTarget.value)}
        error={form.errors.notes}
        data-testid="competitor-notes"
      />
    </DialogForm>
  );
}
