// Add an item to a contract (product, quantity, price from the list price, discount, delivery) or change one.
import { useState } from "react";
import { NumberInput, Select, SimpleGrid, Text, TextInput } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Contract, ContractItem } from "@relata/contracts";
import { useFormat } from "../../../lib/session";
import { DialogForm, useDialogForm } from "../../../components/form-dialog";
import { toast } from "../../../components/dialogs";
import { productsQuery } from "../../products/api";
import { addItem, contractsKey, patchItem } from "../api";
import { toUnits } from "@relata/contracts";
import { listPriceIn, previewLineAmount, quantityText } from "../lib/money";
import { fieldProblems, showsFields } from "../lib/problems";

export function ItemForm({
  companyId,
  contract,
  item,
  onClose,
}: {
  companyId: string;
  contract: Contract;
  item?: ContractItem;
  onClose: () => void;
}) {
  const { t } = useTranslation("contracts");
  const format = useFormat();
  const products = useQuery({ ...productsQuery(), enabled: !item });
  const [productId, setProductId] = useState<string | null>(item?.productId ?? null);
  const [quantity, setQuantity] = useState(item ? quantityText(item.quantity) : "1");
  const [unitPrice, setUnitPrice] = useState(item?.unitPrice ?? "");
  const [discount, setDiscount] = useState(item?.discountPercent ?? "0");
  const [deliveryOn, setDeliveryOn] = useState(item?.deliveryOn ?? "");
  const [serviceMonths, setServiceMonths] = useState<number | string>(item?.serviceMonths ?? "");
  const form = useDialogForm({
    reload: contractsKey(companyId),
    notify: (error) => toast.error(error),
    fieldProblems: (error) => fieldProblems(error),
    shows: showsFields("productId", "quantity", "unitPrice", "discountPercent", "deliveryOn", "serviceMonths"),
  });
  const product = products.data?.find((candidate) => candidate.id === productId);
  const frozen = !!item && (toUnits(item.fulfilledQuantity, 3) ?? 0n) > 0n;
  const preview = previewLineAmount(quantity, unitPrice || listPriceIn(product, contract.currency) || "", discount || "0");

  function chooseProduct(id: string | null) {
    setProductId(id);
    form.clear("productId");
    const chosen = products.data?.find((candidate) => candidate.id === id);
    setUnitPrice(listPriceIn(chosen, contract.currency) ?? "");
    setServiceMonths(chosen?.serviceMonths ?? "");
  }

  async function submit() {
    const problems = {
      productId: !item && !productId ? t("form.required") : undefined,
      quantity: (toUnits(quantity, 3) ?? 0n) <= 0n ? t("form.positiveQuantity") : undefined,
      unitPrice:
        !unitPrice.trim() && !listPriceIn(product, contract.currency) && !item
          ? t("form.noListPrice", { currency: contract.currency })
          : unitPrice.trim() && toUnits(unitPrice, 2) === null
            ? t("form.badAmount")
            : undefined,
      discountPercent: discount.trim() && (toUnits(discount, 2) === null || Number(discount) > 100) ? t("form.badDiscount") : undefined,
    };
    if (!form.validate(problems)) return;
    const ok = await form.save(async () => {
      if (item)
        await patchItem(companyId, contract.id, item.id, contract.version, {
          quantity: quantity.trim(),
          ...(frozen ? {} : { unitPrice: unitPrice.trim(), discountPercent: discount.trim() || "0" }),
          deliveryOn: deliveryOn || null,
        });
      else
        await addItem(
          companyId,
          contract.id,
          contract.version,
          {
            productId: productId!,
            quantity: quantity.trim(),
            ...(unitPrice.trim() ? { unitPrice: unitPrice.trim() } : {}),
            discountPercent: discount.trim() || "0",
            deliveryOn: deliveryOn || null,
            ...(product?.kind === "service" && typeof serviceMonths === "number" ? { serviceMonths } : {}),
          },
          form.idempotencyKey,
        );
    });
    if (ok) {
      toast.success(item ? t("item.saved") : t("item.added"));
      onClose();
    }
  }

  return (
    <DialogForm
      form={form}
      onSubmit={submit}
      onCancel={onClose}
      submitLabel={item ? t("common:action.save") : t("item.add")}
      testId="item-form"
    >
      {item ? (
        <Text fw={500}>
          {item.productCode} · {item.productName}
        </Text>
      ) : (
        <Select
          label={t("field.product")}
          required
          searchable
          data={(products.data ?? []).map((candidate) => ({ value: candidate.id, label: `${candidate.code} · ${candidate.name}` }))}
          value={productId}
          onChange={chooseProduct}
          nothingFoundMessage={products.isPending ? t("form.loading") : t("form.noProducts")}
          error={form.errors.productId}
          comboboxProps={{ withinPortal: true }}
          data-autofocus
          data-testid="item-product"
        />
      )}
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
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
          data-testid="item-quantity"
        />
        <TextInput
          label={t("field.unitPrice", { currency: contract.currency })}
          description={product && listPriceIn(product, contract.currency) ? t("form.listPrice") : undefined}
          inputMode="decimal"
          value={unitPrice}
          onChange={(event) => {
            setUnitPrice(event.currentTarget.value);
            form.clear("unitPrice");
          }}
          disabled={frozen}
          error={form.errors.unitPrice}
          data-testid="item-unit-price"
        />
        <TextInput
          label={t("field.discountPercent")}
          inputMode="decimal"
          value={discount}
          onChange={(event) => {
            setDiscount(event.currentTarget.value);
            form.clear("discountPercent");
          }}
          disabled={frozen}
          error={form.errors.discountPercent}
          data-testid="item-discount"
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <TextInput
          type="date"
          label={t("field.deliveryOn")}
          value={deliveryOn}
          onChange={(event) => {
            setDeliveryOn(event.currentTarget.value);
            form.clear("deliveryOn");
          }}
          error={form.errors.deliveryOn}
          data-testid="item-delivery-on"
        />
        {!item && product?.kind === "service" && (
          <NumberInput
            label={t("field.serviceMonths")}
            min={1}
            max={600}
            allowDecimal={false}
            value={serviceMonths}
            onChange={setServiceMonths}
            error={form.errors.serviceMonths}
            data-testid="item-service-months"
          />
        )}
      </SimpleGrid>
      {frozen && (
        <Text size="xs" c="dimmed">
          {t("item.priceFrozen")}
        </Text>
      )}
      <Text size="sm" data-testid="item-amount-preview">
        {t("item.amountPreview", { amount: preview === null ? "—" : format.money(preview, contract.currency) })}
      </Text>
    </DialogForm>
  );
}
