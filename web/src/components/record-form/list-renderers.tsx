/**
 * Lists of typed contact points: phone numbers, email addresses, messaging handles and postal
 * addresses, each with a type (main / billing / WeChat…) whose choices and labels come from the
 * field's `options` hint. The value is the list as the API takes it; server-only keys (a phone's
 * `e164`) are dropped on change. The schema's maximum number of items is respected.
 */
import type { ReactNode } from "react";
import { ActionIcon, Anchor, Button, Group, Input, Paper, Select, Stack, Text, TextInput, Tooltip } from "@mantine/core";
import { IconAt, IconMessageCircle, IconPhone, IconPlus, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { EmptyValue } from "./empty-value";
import { inputWrapperOrder } from "./input-props";
import { CountrySelect, useCountryName } from "./region-renderers";
import { registerFieldType, type FieldDisplayProps, type FieldInputProps } from "./registry";
import { useFieldOptions } from "./renderers";
import type { FieldOption } from "./schema-fields";

type Item = Record<string, unknown>;
const items = (value: unknown): Item[] =>
  Array.isArray(value) ? (value.filter((item) => item && typeof item === "object") as Item[]) : [];
const text = (value: unknown) => (typeof value === "string" ? value : value === null || value === undefined ? "" : String(value));
const optionLabel = (options: FieldOption[], value: unknown) => options.find((option) => option.value === value)?.label ?? text(value);

/** What every list input shares: its items, whether they can be changed, and how a change is sent. */
function useListEditor(props: FieldInputProps, clean: (item: Item) => Item) {
  const list = items(props.value);
  const editable = !props.readOnly && !props.disabled;
  const emit = (next: Item[]) => props.onChange(next.map(clean));
  return {
    list,
    editable,
    canAdd: editable && list.length < (props.field.maxLength ?? Infinity),
    change: (index: number, patch: Item) => emit(list.map((item, i) => (i === index ? { ...item, ...patch } : item))),
    remove: (index: number) => emit(list.filter((_, i) => i !== index)),
    add: (item: Item) => emit([...list, item]),
  };
}

/** The label, help and error around a list of inputs, an "add" button under them. */
function ListWrapper(props: FieldInputProps & { children: ReactNode; addLabel: string; onAdd?: () => void; empty: boolean }) {
  return (
    <Input.Wrapper
      label={props.label}
      description={props.description}
      error={props.error}
      required={props.required}
      inputWrapperOrder={inputWrapperOrder}
      data-testid={props.testId}
    >
      <Stack gap="xs" mt={4}>
        {props.children}
        {props.onAdd && (
          <Group>
            <Button
              variant="subtle"
              size="xs"
              leftSection={<IconPlus size={14} />}
              onClick={props.onAdd}
              data-testid={`${props.testId}-add`}
            >
              {props.addLabel}
            </Button>
          </Group>
        )}
        {(props.readOnly || props.disabled) && props.empty && <EmptyValue />}
      </Stack>
    </Input.Wrapper>
  );
}

/** The type of one item (a select of the field's options). */
function ItemType(props: {
  field: FieldInputProps;
  index: number;
  options: FieldOption[];
  value: unknown;
  width: number;
  onChange: (type: string) => void;
  disabled: boolean;
}) {
  const { t } = useTranslation("components");
  return (
    <Select
      data={props.options}
      value={text(props.value) || null}
      onChange={(next) => next && props.onChange(next)}
      allowDeselect={false}
      disabled={props.disabled}
      w={props.width}
      style={{ flexShrink: 0 }}
      aria-label={t("fieldList.typeOf", { name: props.field.label })}
      comboboxProps={{ width: 180, position: "bottom-start" }}
      data-testid={`${props.field.testId}-${props.index}-type`}
    />
  );
}

/** "Remove" for one item. */
function RemoveItem({ field, index, onRemove }: { field: FieldInputProps; index: number; onRemove: () => void }) {
  const { t } = useTranslation("components");
  return (
    <Tooltip label={t("fieldList.remove")} withArrow>
      <ActionIcon
        variant="subtle"
        color="gray"
        size="lg"
        onClick={onRemove}
        aria-label={t("fieldList.removeItem", { name: field.label, number: index + 1 })}
        data-testid={`${field.testId}-${index}-remove`}
      >
        <IconTrash size={16} />
      </ActionIcon>
    </Tooltip>
  );
}

type TypedList = {
  /** the key of an item's type ("type", or "kind" for messaging handles) */
  typeKey: string;
  valueKey: string;
  inputType?: "tel" | "email";
  icon: ReactNode;
  /** i18n key (components namespace) of the add button */
  addLabel: string;
  autoComplete: string;
  /** where a value links to in views; plain text without */
  href?: (value: string) => string;
};

/** A field type whose value is a list of `{ <typeKey>, <valueKey> }`: one row per item (type, value, remove), "add" below. */
function typedListType(config: TypedList) {
  const { typeKey, valueKey } = config;
  function TypedListField(props: FieldInputProps) {
    const { t } = useTranslation("components");
    const options = useFieldOptions(props.field);
    const editor = useListEditor(props, (item) => ({ [typeKey]: item[typeKey], [valueKey]: item[valueKey] ?? "" }));
    return (
      <ListWrapper
        {...props}
        addLabel={t(config.addLabel)}
        onAdd={editor.canAdd ? () => editor.add({ [typeKey]: options[0]?.value ?? "other", [valueKey]: "" }) : undefined}
        empty={editor.list.length === 0}
      >
        {editor.list.map((item, index) => (
          <Group key={index} gap="xs" wrap="nowrap" align="flex-start" data-testid={`${props.testId}-row`}>
            {options.length > 0 && (
              <ItemType
                field={props}
                index={index}
                options={options}
                value={item[typeKey]}
                width={124}
                disabled={!editor.editable}
                onChange={(type) => editor.change(index, { [typeKey]: type })}
              />
            )}
            <TextInput
              type={config.inputType}
              leftSection={config.icon}
              value={text(item[valueKey])}
              onChange={(event) => editor.change(index, { [valueKey]: event.currentTarget.value })}
              readOnly={!editor.editable}
              autoComplete={config.autoComplete}
              autoFocus={props.autoFocus && index === 0}
              error={!!props.error}
              aria-label={t("fieldList.itemOf", { name: props.label, number: index + 1 })}
              style={{ flex: 1, minWidth: 0 }}
              data-testid={`${props.testId}-${index}-value`}
            />
            {editor.editable && <RemoveItem field={props} index={index} onRemove={() => editor.remove(index)} />}
          </Group>
        ))}
      </ListWrapper>
    );
  }
  function TypedListDisplay({ field, value }: FieldDisplayProps) {
    const options = useFieldOptions(field);
    const list = items(value).filter((item) => text(item[valueKey]));
    if (list.length === 0) return <EmptyValue />;
    return (
      <Stack gap={2}>
        {list.map((item, index) => (
          <Group key={index} gap={6} wrap="nowrap">
            {config.href ? (
              <Anchor href={config.href(text(item[valueKey]))} inherit style={{ overflowWrap: "anywhere" }}>
                {text(item[valueKey])}
              </Anchor>
            ) : (
              <Text span inherit style={{ overflowWrap: "anywhere" }}>
                {text(item[valueKey])}
              </Text>
            )}
            {item[typeKey] !== undefined && (
              <Text span size="xs" c="dimmed">
                {optionLabel(options, item[typeKey])}
              </Text>
            )}
          </Group>
        ))}
      </Stack>
    );
  }
  return { input: TypedListField, display: TypedListDisplay };
}

// ── postal addresses ──
const addressKeys = ["type", "line1", "line2", "postalCode", "city", "region", "country"] as const;

function cleanAddress(item: Item): Item {
  const out: Item = {};
  for (const key of addressKeys) {
    const value = item[key];
    out[key] = key === "type" || key === "line1" ? (value ?? "") : value === "" || value === undefined ? null : value;
  }
  return out;
}

function AddressListField(props: FieldInputProps) {
  const { t } = useTranslation("components");
  const options = useFieldOptions(props.field);
  const editor = useListEditor(props, cleanAddress);
  const input = (index: number, item: Item, key: "line1" | "line2" | "postalCode" | "city" | "region", autoComplete: string) => (
    <TextInput
      label={t(`address.${key}`)}
      value={text(item[key])}
      onChange={(event) => editor.change(index, { [key]: event.currentTarget.value })}
      readOnly={!editor.editable}
      required={key === "line1"}
      autoComplete={autoComplete}
      style={{ flex: 1, minWidth: 0 }}
      data-testid={`${props.testId}-${index}-${key}`}
    />
  );
  return (
    <ListWrapper
      {...props}
      addLabel={t("fieldList.addAddress")}
      onAdd={editor.canAdd ? () => editor.add({ type: options[0]?.value ?? "other", line1: "" }) : undefined}
      empty={editor.list.length === 0}
    >
      {editor.list.map((item, index) => (
        <Paper key={index} withBorder p="sm" radius="md" data-testid={`${props.testId}-row`}>
          <Stack gap="xs">
            <Group justify="space-between" wrap="nowrap" gap="xs">
              {options.length > 0 ? (
                <ItemType
                  field={props}
                  index={index}
                  options={options}
                  value={item.type}
                  width={160}
                  disabled={!editor.editable}
                  onChange={(type) => editor.change(index, { type })}
                />
              ) : (
                <span />
              )}
              {editor.editable && <RemoveItem field={props} index={index} onRemove={() => editor.remove(index)} />}
            </Group>
            {input(index, item, "line1", "address-line1")}
            {input(index, item, "line2", "address-line2")}
            <Group gap="xs" wrap="wrap" align="flex-start">
              <div style={{ flex: "1 1 110px", minWidth: 0 }}>{input(index, item, "postalCode", "postal-code")}</div>
              <div style={{ flex: "2 1 160px", minWidth: 0 }}>{input(index, item, "city", "address-level2")}</div>
            </Group>
            <Group gap="xs" wrap="wrap" align="flex-start">
              <div style={{ flex: "1 1 160px", minWidth: 0 }}>{input(index, item, "region", "address-level1")}</div>
              <div style={{ flex: "1 1 160px", minWidth: 0 }}>
                <CountrySelect
                  label={t("address.country")}
                  value={text(item.country) || null}
                  onChange={(next) => editor.change(index, { country: next })}
                  readOnly={!editor.editable}
                  required={false}
                  testId={`${props.testId}-${index}-country`}
                />
              </div>
            </Group>
          </Stack>
        </Paper>
      ))}
    </ListWrapper>
  );
}

/** One address as lines: street, postal code and city, region, country. */
export function AddressLines({ address }: { address: Item }) {
  const countryName = useCountryName();
  const lines = [
    text(address.line1),
    text(address.line2),
    [text(address.postalCode), text(address.city)].filter(Boolean).join(" "),
    text(address.region),
    countryName(text(address.country) || null) ?? "",
  ].filter(Boolean);
  return (
    <Text span inherit style={{ whiteSpace: "pre-line" }}>
      {lines.join("\n")}
    </Text>
  );
}

function AddressListDisplay({ field, value }: FieldDisplayProps) {
  const options = useFieldOptions(field);
  const list = items(value);
  if (list.length === 0) return <EmptyValue />;
  return (
    <Stack gap="xs">
      {list.map((address, index) => (
        <Stack key={index} gap={0}>
          {address.type !== undefined && (
            <Text size="xs" c="dimmed">
              {optionLabel(options, address.type)}
            </Text>
          )}
          <AddressLines address={address} />
        </Stack>
      ))}
    </Stack>
  );
}

registerFieldType(
  "phoneList",
  typedListType({
    typeKey: "type",
    valueKey: "number",
    inputType: "tel",
    icon: <IconPhone size={16} />,
    addLabel: "fieldList.addPhone",
    autoComplete: "tel",
    href: (number) => `tel:${number.replace(/[^\d+]/g, "")}`,
  }),
);
registerFieldType(
  "emailList",
  typedListType({
    typeKey: "type",
    valueKey: "address",
    inputType: "email",
    icon: <IconAt size={16} />,
    addLabel: "fieldList.addEmail",
    autoComplete: "email",
    href: (address) => `mailto:${address}`,
  }),
);
registerFieldType(
  "messagingList",
  typedListType({
    typeKey: "kind",
    valueKey: "handle",
    icon: <IconMessageCircle size={16} />,
    addLabel: "fieldList.addMessaging",
    autoComplete: "off",
  }),
);
registerFieldType("addressList", { input: AddressListField, display: AddressListDisplay });
