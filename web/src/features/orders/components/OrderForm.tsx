// Enter an order: currency, date, an optional contract in the same currency, a note and its lines
// (product, quantity, price defaulting to the product's list price in the order's currency).
import { useState } from "react";
import { ActionIcon, Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Order, Product } from "@relata/contracts";
import { useFormat } from "../../../lib/session";
import { DialogForm, useDialogForm } from "../../../components/form-dialog";
import { useCurrencyOptions } from "../../../components/record-form";
import { toast } from "../../../components/dialogs";
import { productsQuery } from "../../products/api";
import { contractsQuery } from "../../contracts/api";
import { toUnits } from "@relata/contracts";
import { listPriceIn, previewLineAmount } from "../../contracts/lib/money";
import { fieldProblems, localToday, showsFields } from "../../contracts/lib/problems";
import { createOrder, refreshOrders } from "../api";
import { draftTotal } from "../lib/orders";

type Line = { key: number; productId: string | null; quantity: string; unitPrice: string };

export function OrderForm({
  companyId,
  defaultCurrency,
  onClose,
  onCreated,
}: {
  companyId: string;
  defaultCurrency: string | null;
  onClose: () => void;
  onCreated: (order: Order) => void;
}) {
  const { t } = useTranslation("orders");
  const format = useFormat();
  const currencies = useCurrencyOptions();
  const products = useQuery(productsQuery());
  const contracts = useQuery(contractsQuery(companyId));
  const [currency, setCurrency] = useState<string | null>(defaultCurrency);
  const [orderedOn, setOrderedOn] = useState(localToday);
  const [contractId, setContractId] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const [lines, setLines] = useState<Line[]>([{ key: 0, productId: null, quantity: "1", unitPrice: "" }]);
  const [nextKey, setNextKey] = useState(1);
  const form = useDialogForm({
    notify: (error) => toast.error(error),
    fieldProblems: (error) => fieldProblems(error),
    shows: showsFields("currency", "orderedOn", "contractId", "note", "lines."),
  });
  const productOf = (id: string | null): Product | undefined => products.data?.find((product) => product.id === id);
  const total = currency ? draftTotal(lines.map((line) => ({ quantity: line.quantity, unitPrice: priceOf(line) }))) : null;
  const contractOptions = (contracts.data ?? [])
    .filter((contract) => contract.currency === currency && (contract.status === "draft" || contract.status === "active"))
    .map((contract) => ({ value: contract.id, label: `${contract.number} · ${contract.title}` }));

  function priceOf(line: Line): string {
    return line.unitPrice.trim() || (currency ? (listPriceIn(productOf(line.productId), currency) ?? "") : "");
  }

  function update(key: number, change: Partial<Line>) {
    setLines((current) => current.map((line) => (line.key === key ? { ...line, ...change } : line)));
  }

  function chooseCurrency(next: string | null) {
    setCurrency(next);
    form.clear("currency");
    // Prices follow the currency: each line takes its product's list price in the new one.
    setLines((current) =>
      current.map((line) => ({ ...line, unitPrice: next ? (listPriceIn(productOf(line.productId), next) ?? "") : "" })),
    );
    if (contractId && contracts.data?.find((contract) => contract.id === contractId)?.currency !== next) setContractId(null);
  }

  async function submit() {
    const problems: Record<string, string | undefined> = {
      currency: !currency ? t("form.required") : undefined,
      orderedOn: !orderedOn ? t("form.required") : undefined,
    };
    lines.forEach((line, index) => {
      const price = priceOf(line);
      problems[`lines.${index}.productId`] = !line.productId ? t("form.required") : undefined;
      problems[`lines.${index}.quantity`] = (toUnits(line.quantity, 3) ?? 0n) <= 0n ? t("form.positiveQuantity") : undefined;
      problems[`lines.${index}.unitPrice`] =
        line.productId && !price
          ? t("form.noListPrice", { currency: currency ?? "" })
          : price && toUnits(price, 2) === null
            ? t("form.badAmount")
            : undefined;
    });
    if (!form.validate(problems)) return;
    let created: Order | undefined;
    const ok = await form.save(async () => {
      created = await createOrder(
        companyId,
        {
          currency: currency!,
          orderedOn,
          contractId,
          note: note.trim() || null,
          lines: lines.map((line) => ({
            productId: line.productId!,
            quantity: line.quantity.trim(),
            ...(line.unitPrice.trim() ? { unitPrice: line.unitPrice.trim() } : {}),
          })),
        },
        form.idempotencyKey,
      );
      await refreshOrders(form.queryClient, companyId);
    });
    if (ok && created) {
      toast.success(t("form.created", { number: created.number }));
      onCreated(created);
      onClose();
    }
  }

  const productOptions = (products.data ?? []).map((product) => ({ value: product.id, label: `${product.code} · ${product.name}` }));

  return (
    <DialogForm form={form} onSubmit={submit} onCancel={onClose} submitLabel={t("form.submit")} testId="order-form">
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <Select
          label={t("field.currency")}
          required
          searchable
          data={currencies}
          value={currency}
          onChange={chooseCurrency}
          error={form.errors.currency}
          comboboxProps={{ withinPortal: true }}
          data-testid="order-currency"
        />
        <TextInput
          type="date"
          label={t("field.orderedOn")}
          required
          value={orderedOn}
          onChange={(event) => {
            setOrderedOn(event.currentTarget.value);
            form.clear("orderedOn");
          }}
          error={form.errors.orderedOn}
          data-testid="order-date"
        />
      </SimpleGrid>
      <Select
        label={t("field.contract")}
        description={t("form.contractHint")}
        clearable
        data={contractOptions}
        value={contractId}
        onChange={(value) => {
          setContractId(value);
          form.clear("contractId");
        }}
        nothingFoundMessage={t("form.noContracts")}
        error={form.errors.contractId}
        comboboxProps={{ withinPortal: true }}
        data-testid="order-contract"
      />
      <Stack gap="xs">
        <Text size="sm" fw={500}>
          {t("field.lines")}
        </Text>
        {lines.map((line, index) => {
          const price = priceOf(line);
          const amount = previewLineAmount(line.quantity, price);
          return (
            <Paper key={line.key} withBorder p="xs" radius="md" data-testid="order-line-input">
              <Stack gap="xs">
                <Group gap="xs" align="flex-start" wrap="nowrap">
                  <Select
                    style={{ flex: 1, minWidth: 0 }}
                    label={t("field.product")}
                    required
                    searchable
                    data={productOptions}
                    value={line.productId}
                    onChange={(id) => {
                      update(line.key, { productId: id, unitPrice: currency ? (listPriceIn(productOf(id), currency) ?? "") : "" });
                      form.clearWhere((field) => field.startsWith(`lines.${index}.`));
                    }}
                    nothingFoundMessage={products.isPending ? t("form.loading") : t("form.noProducts")}
                    error={form.errors[`lines.${index}.productId`]}
                    comboboxProps={{ withinPortal: true }}
                    data-testid="order-line-product"
                  />
                  {lines.length > 1 && (
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      mt={26}
                      aria-label={t("form.removeLine")}
                      onClick={() => {
                        setLines((current) => current.filter((candidate) => candidate.key !== line.key));
                        form.clearWhere((field) => field.startsWith("lines."));
                      }}
                      data-testid="order-line-remove"
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  )}
                </Group>
                <SimpleGrid cols={{ base: 2, xs: 3 }} spacing="xs">
                  <TextInput
                    label={t("field.quantity")}
                    required
                    inputMode="decimal"
                    value={line.quantity}
                    onChange={(event) => {
                      update(line.key, { quantity: event.currentTarget.value });
                      form.clear(`lines.${index}.quantity`);
                    }}
                    error={form.errors[`lines.${index}.quantity`]}
                    data-testid="order-line-quantity"
                  />
                  <TextInput
                    label={t("field.unitPrice")}
                    inputMode="decimal"
                    value={line.unitPrice}
                    placeholder={price || undefined}
                    onChange={(event) => {
                      update(line.key, { unitPrice: event.currentTarget.value });
                      form.clear(`lines.${index}.unitPrice`);
                    }}
                    error={form.errors[`lines.${index}.unitPrice`]}
                    data-testid="order-line-price"
                  />
                  <Stack gap={0} justify="flex-end">
                    <Text size="xs" c="dimmed">
                      {t("field.amount")}
                    </Text>
                    <Text size="sm" fw={500} data-testid="order-line-amount">
                      {amount !== null && currency ? format.money(amount, currency) : "—"}
                    </Text>
                  </Stack>
                </SimpleGrid>
              </Stack>
            </Paper>
          );
        })}
        <Button
          variant="light"
          size="xs"
          w="fit-content"
          leftSection={<IconPlus size={14} />}
          onClick={() => {
            setLines((current) => [...current, { key: nextKey, productId: null, quantity: "1", unitPrice: "" }]);
            setNextKey((key) => key + 1);
          }}
          data-testid="order-line-add"
        >
          {t("form.addLine")}
        </Button>
      </Stack>
      <Textarea
        label={t("field.note")}
        autosize
        minRows={2}
        maxRows={4}
        value={note}
        onChange={(event) => setNote(event.currentTarget.value)}
        error={form.errors.note}
        data-testid="order-note"
      />
      <Text size="sm" fw={600} data-testid="order-form-total">
        {t("form.total", { amount: total !== null && currency ? format.money(total, currency) : "—" })}
      </Text>
    </DialogForm>
  );
}
