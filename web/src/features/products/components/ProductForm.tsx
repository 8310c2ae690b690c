// Create or change a product: code, name, category, unit, goods or service (service and warranty
// months), description, and a list price (optionally a unit cost) per currency.
import { useState } from "react";
import {
  ActionIcon,
  Button,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
} from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { Product, ProductKind } from "@relata/contracts";
import { DialogForm, useDialogForm } from "../../../components/form-dialog";
import { useCurrencyOptions } from "../../../components/record-form";
import { toast } from "../../../components/dialogs";
import { createProduct, patchProduct, productsKey } from "../api";
import { fieldProblems, showsFields } from "../../contracts/lib/problems";
import { isAmount } from "../lib/products";

type PriceRow = { currency: string | null; listPrice: string; unitCost: string };

export function ProductForm({ product, onClose }: { product?: Product; onClose: () => void }) {
  const { t } = useTranslation("products");
  const currencies = useCurrencyOptions();
  const [code, setCode] = useState(product?.code ?? "");
  const [name, setName] = useState(product?.name ?? "");
  const [category, setCategory] = useState(product?.category ?? "");
  const [unit, setUnit] = useState(product?.unit ?? t("form.defaultUnit"));
  const [kind, setKind] = useState<ProductKind>(product?.kind ?? "goods");
  const [serviceMonths, setServiceMonths] = useState<number | string>(product?.serviceMonths ?? "");
  const [warrantyMonths, setWarrantyMonths] = useState<number | string>(product?.warrantyMonths ?? "");
  const [description, setDescription] = useState(product?.description ?? "");
  const [active, setActive] = useState(product?.active ?? true);
  const [prices, setPrices] = useState<PriceRow[]>(
    product?.prices.map((price) => ({ currency: price.currency, listPrice: price.listPrice, unitCost: price.unitCost ?? "" })) ?? [
      { currency: null, listPrice: "", unitCost: "" },
    ],
  );
  const form = useDialogForm({
    reload: productsKey,
    notify: (error) => toast.error(error),
    fieldProblems: (error) => fieldProblems(error, "code"),
    shows: showsFields("code", "name", "category", "unit", "serviceMonths", "warrantyMonths", "description", "prices", "prices."),
  });
  const setPrice = (index: number, change: Partial<PriceRow>) => {
    setPrices((rows) => rows.map((row, at) => (at === index ? { ...row, ...change } : row)));
    form.clearWhere((field) => field.startsWith(`prices.${index}`));
  };

  async function submit() {
    const filled = prices.filter((row) => row.currency || row.listPrice.trim() || row.unitCost.trim());
    const problems: Record<string, string | undefined> = {
      code: !code.trim() ? t("form.required") : undefined,
      name: !name.trim() ? t("form.required") : undefined,
      category: !category.trim() ? t("form.required") : undefined,
      unit: !unit.trim() ? t("form.required") : undefined,
      serviceMonths: kind === "service" && typeof serviceMonths !== "number" ? t("form.serviceMonthsRequired") : undefined,
    };
    filled.forEach((row, index) => {
      if (!row.currency) problems[`prices.${index}.currency`] = t("form.required");
      if (!isAmount(row.listPrice)) problems[`prices.${index}.listPrice`] = t("form.badAmount");
      if (row.unitCost.trim() && !isAmount(row.unitCost)) problems[`prices.${index}.unitCost`] = t("form.badAmount");
    });
    if (filled.length !== prices.length) setPrices(filled.length > 0 ? filled : [{ currency: null, listPrice: "", unitCost: "" }]);
    if (!form.validate(problems)) return;
    const body = {
      code: code.trim(),
      name: name.trim(),
      category: category.trim(),
      unit: unit.trim(),
      kind,
      serviceMonths: kind === "service" && typeof serviceMonths === "number" ? serviceMonths : null,
      warrantyMonths: typeof warrantyMonths === "number" ? warrantyMonths : null,
      description: description.trim() || null,
      active,
      prices: filled.map((row) => ({ currency: row.currency!, listPrice: row.listPrice.trim(), unitCost: row.unitCost.trim() || null })),
    };
    const ok = await form.save(() =>
      product ? patchProduct(product.id, product.version, body) : createProduct(body, form.idempotencyKey),
    );
    if (ok) {
      toast.success(product ? t("form.saved") : t("form.created"));
      onClose();
    }
  }

  return (
    <DialogForm
      form={form}
      onSubmit={submit}
      onCancel={onClose}
      submitLabel={product ? t("common:action.save") : t("form.create")}
      testId="product-form"
    >
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <TextInput
          label={t("field.code")}
          required
          value={code}
          onChange={(event) => {
            setCode(event.currentTarget.value);
            form.clear("code");
          }}
          error={form.errors.code}
          data-autofocus
          data-testid="product-code"
        />
        <TextInput
          label={t("field.name")}
          required
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value);
            form.clear("name");
          }}
          error={form.errors.name}
          data-testid="product-name"
        />
        <TextInput
          label={t("field.category")}
          required
          value={category}
          onChange={(event) => {
            setCategory(event.currentTarget.value);
            form.clear("category");
          }}
          error={form.errors.category}
          data-testid="product-category"
        />
        <TextInput
          label={t("field.unit")}
          required
          value={unit}
          onChange={(event) => {
            setUnit(event.currentTarget.value);
            form.clear("unit");
          }}
          error={form.errors.unit}
          data-testid="product-unit"
        />
      </SimpleGrid>
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t("field.kind")}
        </Text>
        <SegmentedControl
          value={kind}
          onChange={(value) => {
            setKind(value as ProductKind);
            form.clear("serviceMonths");
          }}
          data={[
            { value: "goods", label: t("kind.goods") },
            { value: "service", label: t("kind.service") },
          ]}
          data-testid="product-kind"
        />
      </Stack>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        {kind === "service" && (
          <NumberInput
            label={t("field.serviceMonths")}
            required
            min={1}
            max={600}
            allowDecimal={false}
            value={serviceMonths}
            onChange={(value) => {
              setServiceMonths(value);
              form.clear("serviceMonths");
            }}
            error={form.errors.serviceMonths}
            data-testid="product-service-months"
          />
        )}
        <NumberInput
          label={t("field.warrantyMonths")}
          min={0}
          max={600}
          allowDecimal={false}
          value={warrantyMonths}
          onChange={setWarrantyMonths}
          error={form.errors.warrantyMonths}
          data-testid="product-warranty-months"
        />
      </SimpleGrid>
      <Stack gap={6}>
        <Text size="sm" fw={500}>
          {t("field.prices")}
        </Text>
        {prices.map((row, index) => (
          <Group key={index} gap="xs" align="flex-start" wrap="nowrap" data-testid="product-price">
            <Select
              aria-label={t("field.currency")}
              placeholder={t("field.currency")}
              searchable
              data={currencies}
              value={row.currency}
              onChange={(value) => setPrice(index, { currency: value })}
              error={form.errors[`prices.${index}.currency`]}
              comboboxProps={{ withinPortal: true }}
              style={{ flex: "1 1 120px", minWidth: 0 }}
              data-testid="product-price-currency"
            />
            <TextInput
              aria-label={t("field.listPrice")}
              placeholder={t("field.listPrice")}
              inputMode="decimal"
              value={row.listPrice}
              onChange={(event) => setPrice(index, { listPrice: event.currentTarget.value })}
              error={form.errors[`prices.${index}.listPrice`]}
              style={{ flex: "1 1 100px", minWidth: 0 }}
              data-testid="product-price-list"
            />
            <TextInput
              aria-label={t("field.unitCost")}
              placeholder={t("field.unitCost")}
              inputMode="decimal"
              value={row.unitCost}
              onChange={(event) => setPrice(index, { unitCost: event.currentTarget.value })}
              error={form.errors[`prices.${index}.unitCost`]}
              style={{ flex: "1 1 100px", minWidth: 0 }}
              data-testid="product-price-cost"
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              mt={4}
              aria-label={t("form.removePrice")}
              onClick={() => setPrices((rows) => rows.filter((_, at) => at !== index))}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        {form.errors.prices && (
          <Text size="xs" c="red">
            {form.errors.prices}
          </Text>
        )}
        <Button
          size="compact-xs"
          variant="subtle"
          w="fit-content"
          leftSection={<IconPlus size={12} />}
          onClick={() => setPrices((rows) => [...rows, { currency: null, listPrice: "", unitCost: "" }])}
          data-testid="product-price-add"
        >
          {t("form.addPrice")}
        </Button>
      </Stack>
      <Textarea
        label={t("field.description")}
        autosize
        minRows={2}
        maxRows={5}
        value={description}
        onChange={(event) => setDescription(event.currentTarget.value)}
        error={form.errors.description}
        data-testid="product-description"
      />
      {product && (
        <Switch
          label={t("field.active")}
          checked={active}
          onChange={(event) => setActive(event.currentTarget.checked)}
          data-testid="product-active"
        />
      )}
    </DialogForm>
  );
}
