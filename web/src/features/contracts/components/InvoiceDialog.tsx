// A manual invoice: services outside a contract, fees. Lines are free text or filled from a product
// (its name and list price in the invoice currency), each with a quantity and a unit price.
import { useState } from "react";
import { ActionIcon, Button, Checkbox, Group, Select, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../lib/session";
import { DialogForm, useDialogForm } from "../../../components/form-dialog";
import { useCurrencyOptions } from "../../../components/record-form";
import { toast } from "../../../components/dialogs";
import { productsQuery } from "../../products/api";
import { createInvoice, refreshCompanyMoney } from "../api";
import { toUnits } from "@relata/contracts";
import { listPriceIn, previewLineAmount, sumAmounts } from "../lib/money";
import { fieldProblems, localToday, showsFields } from "../lib/problems";

type Line = { key: number; productId: string | null; description: string; quantity: string; unitPrice: string };

let nextKey = 1;
const emptyLine = (): Line => ({ key: nextKey++, productId: null, description: "", quantity: "1", unitPrice: "" });

export function InvoiceDialog({
  companyId,
  defaultCurrency,
  onClose,
}: {
  companyId: string;
  defaultCurrency: string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation("contracts");
  const format = useFormat();
  const currencies = useCurrencyOptions();
  const products = useQuery(productsQuery());
  const [currency, setCurrency] = useState<string | null>(defaultCurrency);
  const [issuedOn, setIssuedOn] = useState(localToday);
  const [dueOn, setDueOn] = useState("");
  const [draft, setDraft] = useState(false);
  const [lines, setLines] = useState<Line[]>(() => [emptyLine()]);
  const form = useDialogForm({
    notify: (error) => toast.error(error),
    fieldProblems: (error) => fieldProblems(error),
    shows: showsFields("currency", "issuedOn", "dueOn", "lines", "lines."),
  });
  const amounts = lines.map((line) => previewLineAmount(line.quantity, line.unitPrice));
  const total = amounts.every((amount) => amount !== null) ? sumAmounts(amounts as string[]) : null;

  const update = (index: number, change: Partial<Line>) => {
    setLines((current) => current.map((line, i) => (i === index ? { ...line, ...change } : line)));
    form.clearWhere((field) => field.startsWith(`lines.${index}`) || field === "lines");
  };
  const chooseProduct = (index: number, productId: string | null) => {
    const product = products.data?.find((candidate) => candidate.id === productId);
    const price = product && currency ? listPriceIn(product, currency) : null;
    update(index, {
      productId,
      ...(product ? { description: `${product.code} · ${product.name}` } : {}),
      ...(price ? { unitPrice: price } : {}),
    });
  };

  async function submit() {
    const problems: Record<string, string | undefined> = {
      currency: !currency ? t("form.required") : undefined,
      issuedOn: draft || issuedOn ? undefined : t("form.required"),
      dueOn: dueOn && issuedOn && dueOn < issuedOn ? t("invoice.dueBeforeIssue") : undefined,
    };
    lines.forEach((line, index) => {
      if (!line.description.trim()) problems[`lines.${index}.description`] = t("form.required");
      if ((toUnits(line.quantity, 3) ?? 0n) <= 0n) problems[`lines.${index}.quantity`] = t("form.positiveQuantity");
      if (toUnits(line.unitPrice, 2) === null || (toUnits(line.unitPrice, 2) ?? 0n) < 0n)
        problems[`lines.${index}.unitPrice`] = t("form.badAmount");
    });
    if (!form.validate(problems)) return;
    const ok = await form.save(async () => {
      await createInvoice(
        companyId,
        {
          currency: currency!,
          ...(draft ? { draft: true } : { issuedOn }),
          ...(dueOn && !draft ? { dueOn } : {}),
          lines: lines.map((line) => ({
            description: line.description.trim(),
            quantity: line.quantity.trim(),
            unitPrice: line.unitPrice.trim(),
          })),
        },
        form.idempotencyKey,
      );
      await refreshCompanyMoney(form.queryClient, companyId);
    });
    if (ok) {
      toast.success(draft ? t("invoice.draftCreated") : t("invoice.created"));
      onClose();
    }
  }

  const productOptions = (products.data ?? []).map((product) => ({ value: product.id, label: `${product.code} · ${product.name}` }));

  return (
    <DialogForm
      form={form}
      onSubmit={submit}
      onCancel={onClose}
      submitLabel={draft ? t("invoice.saveDraft") : t("invoice.createIssue")}
      testId="invoice-form"
    >
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
        <Select
          label={t("field.currency")}
          required
          searchable
          data={currencies}
          value={currency}
          onChange={(value) => {
            setCurrency(value);
            form.clear("currency");
          }}
          error={form.errors.currency}
          comboboxProps={{ withinPortal: true }}
          data-testid="invoice-currency"
        />
        <TextInput
          type="date"
          label={t("invoice.issuedOn")}
          required={!draft}
          disabled={draft}
          value={draft ? "" : issuedOn}
          onChange={(event) => {
            setIssuedOn(event.currentTarget.value);
            form.clear("issuedOn");
          }}
          error={form.errors.issuedOn}
          data-testid="invoice-issued-on"
        />
        <TextInput
          type="date"
          label={t("invoice.dueOn")}
          description={t("invoice.dueHelp")}
          inputWrapperOrder={["label", "input", "description", "error"]}
          disabled={draft}
          value={draft ? "" : dueOn}
          onChange={(event) => {
            setDueOn(event.currentTarget.value);
            form.clear("dueOn");
          }}
          error={form.errors.dueOn}
          data-testid="invoice-due-on"
        />
      </SimpleGrid>
      <Checkbox
        label={t("invoice.asDraft")}
        checked={draft}
        onChange={(event) => setDraft(event.currentTarget.checked)}
        data-testid="invoice-draft"
      />
      <Stack gap="xs">
        <Text size="sm" fw={500}>
          {t("invoice.lines")}
        </Text>
        {lines.map((line, index) => (
          <Stack
            key={line.key}
            gap={6}
            p="xs"
            style={{ border: "1px solid var(--mantine-color-default-border)", borderRadius: 8 }}
            data-testid="invoice-line"
          >
            <Group gap="xs" align="flex-start" wrap="nowrap">
              <Select
                style={{ flex: 1, minWidth: 0 }}
                aria-label={t("invoice.lineProduct", { number: index + 1 })}
                placeholder={t("invoice.freeText")}
                data={productOptions}
                value={line.productId}
                onChange={(value) => chooseProduct(index, value)}
                clearable
                searchable
                nothingFoundMessage={t("invoice.noProducts")}
                comboboxProps={{ withinPortal: true }}
                data-testid="invoice-line-product"
              />
              <ActionIcon
                variant="subtle"
                color="red"
                size="lg"
                disabled={lines.length <= 1}
                aria-label={t("invoice.removeLine", { number: index + 1 })}
                onClick={() => setLines((current) => current.filter((_, i) => i !== index))}
                data-testid="invoice-line-remove"
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
            <TextInput
              aria-label={t("invoice.lineDescription", { number: index + 1 })}
              placeholder={t("invoice.description")}
              value={line.description}
              onChange={(event) => update(index, { description: event.currentTarget.value })}
              error={form.errors[`lines.${index}.description`]}
              data-testid="invoice-line-description"
            />
            <SimpleGrid cols={{ base: 3 }} spacing="xs">
              <TextInput
                label={t("field.quantity")}
                size="xs"
                inputMode="decimal"
                value={line.quantity}
                onChange={(event) => update(index, { quantity: event.currentTarget.value })}
                error={form.errors[`lines.${index}.quantity`]}
                data-testid="invoice-line-quantity"
              />
              <TextInput
                label={t("field.unitPrice", { currency: currency ?? "" })}
                size="xs"
                inputMode="decimal"
                value={line.unitPrice}
                onChange={(event) => update(index, { unitPrice: event.currentTarget.value })}
                error={form.errors[`lines.${index}.unitPrice`]}
                data-testid="invoice-line-price"
              />
              <Stack gap={2} justify="flex-end">
                <Text size="xs" c="dimmed">
                  {t("invoice.lineAmount")}
                </Text>
                <Text size="sm" data-testid="invoice-line-amount">
                  {amounts[index] !== null && currency ? format.money(amounts[index]!, currency) : "—"}
                </Text>
              </Stack>
            </SimpleGrid>
          </Stack>
        ))}
        {form.errors.lines && (
          <Text size="xs" c="red">
            {form.errors.lines}
          </Text>
        )}
        <Group justify="space-between" gap="xs">
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} />}
            disabled={lines.length >= 200}
            onClick={() => setLines((current) => [...current, emptyLine()])}
            data-testid="invoice-line-add"
          >
            {t("invoice.addLine")}
          </Button>
          <Text size="sm" fw={600} data-testid="invoice-total">
            {t("invoice.totalValue", { amount: total !== null && currency ? format.money(total, currency) : "—" })}
          </Text>
        </Group>
      </Stack>
    </DialogForm>
  );
}
