// Fulfil part or all of what is still open on a contract item. One Idempotency-Key per opening of
// the dialog: a double click or a retry after a network failure never delivers twice.
import { useState } from "react";
import { SimpleGrid, Text, TextInput, Textarea } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Contract, ContractItem } from "@relata/contracts";
import { useFormat } from "../../../lib/session";
import { DialogForm, useDialogForm } from "../../../components/form-dialog";
import { toast } from "../../../components/dialogs";
import { fulfilItem, refreshCompanyMoney } from "../api";
import { toUnits } from "@relata/contracts";
import { previewLineAmount, quantityText, remainingQuantity } from "../lib/money";
import { fieldProblems, localToday, showsFields } from "../lib/problems";

export function FulfilDialog({
  companyId,
  contract,
  item,
  onClose,
}: {
  companyId: string;
  contract: Contract;
  item: ContractItem;
  onClose: () => void;
}) {
  const { t } = useTranslation("contracts");
  const format = useFormat();
  const remaining = remainingQuantity(item);
  const [quantity, setQuantity] = useState(remaining);
  const [fulfilledOn, setFulfilledOn] = useState(localToday);
  const [note, setNote] = useState("");
  // The form's key is made once per mount, and the dialog mounts its form on every opening.
  const form = useDialogForm({
    notify: (error) => toast.error(error),
    fieldProblems: (error) => fieldProblems(error, "quantity"),
    shows: showsFields("quantity", "fulfilledOn", "note"),
  });
  const amount = previewLineAmount(quantity, item.unitPrice, item.discountPercent);

  async function submit() {
    const units = toUnits(quantity, 3);
    const problems = {
      quantity: units === null || units <= 0n ? t("form.positiveQuantity") : undefined,
      fulfilledOn: !fulfilledOn ? t("form.required") : undefined,
    };
    if (!form.validate(problems)) return;
    const ok = await form.save(async () => {
      await fulfilItem(
        companyId,
        contract.id,
        item.id,
        { quantity: quantity.trim(), fulfilledOn, note: note.trim() || null },
        form.idempotencyKey,
      );
      await refreshCompanyMoney(form.queryClient, companyId);
    });
    if (ok) {
      toast.success(t("fulfil.done"));
      onClose();
    }
  }

  return (
    <DialogForm form={form} onSubmit={submit} onCancel={onClose} submitLabel={t("fulfil.submit")} testId="fulfil-form">
      <Text size="sm">{t("fulfil.what", { product: item.productName, remaining, quantity: quantityText(item.quantity) })}</Text>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <TextInput
          label={t("field.quantity")}
          required
          inputMode="decimal"
          value={quantity}
          onChange={(event) => {
            setQuantity(event.currentTarget.value);
            form.clear("quantity");
          }}
          error={form.errors.quantity}
          data-autofocus
          data-testid="fulfil-quantity"
        />
        <TextInput
          type="date"
          label={t("field.fulfilledOn")}
          required
          value={fulfilledOn}
          onChange={(event) => {
            setFulfilledOn(event.currentTarget.value);
            form.clear("fulfilledOn");
          }}
          error={form.errors.fulfilledOn}
          data-testid="fulfil-date"
        />
      </SimpleGrid>
      <Textarea
        label={t("field.note")}
        autosize
        minRows={2}
        maxRows={4}
        value={note}
        onChange={(event) => setNote(event.currentTarget.value)}
        error={form.errors.note}
        data-testid="fulfil-note"
      />
      <Text size="sm" data-testid="fulfil-amount">
        {t("fulfil.amount", { amount: amount === null ? "—" : format.money(amount, contract.currency) })}
      </Text>
    </DialogForm>
  );
}
