/**
 * Lists of typed contact points: phone numbers, email addresses and postal addresses, each with
 * a type (main / billing / …) whose choices come from the field's `options` hint. The value is
 * the list as the API takes it; server-only keys (a phone's `e164`) are dropped on change.
 */
import type { ReactNode } from "react";
import { ActionIcon, Anchor, Button, Group, Input, Paper, Select, Stack, Text, TextInput, Tooltip } from "@mantine/core";
import { IconAt, IconPhone, IconPlus, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { CountrySelect, useCountryName } from "./region-renderers";
import { registerFieldType, type FieldDisplayProps, type FieldInputProps } from "./registry";
import { useFieldOptions } from "./renderers";
import type { FieldOption } from "./schema-fields";

type Item = Record<string, unknown>;
const items = (value: unknown): Item[] =>
  Array.isArray(value) ? (value.filter((item) => item && typeof item === "object") as Item[]) : [];
const text = (value: unknown) => (typeof value === "string" ? value : value === null || value === undefined ? "" : String(value));
const optionLabel = (options: FieldOption[], value: unknown) => options.find((option) => option.value === value)?.label ?? text(value);

function Dash() {
  return (
    <Text span inherit c="dimmed">
      —
    </Text>
  );
}

/** The label, help and error around a list of inputs. */
function ListWrapper(props: FieldInputProps & { children: ReactNode }) {
  return (
    <Input.Wrapper
      label={props.label}
      description={props.description}
      error={props.error}
      required={props.required}
      inputWrapperOrder={["label", "input", "description", "error"]}
      data-testid={props.testId}
    >
      <Stack gap="xs" mt={4}>
        {props.children}
      </Stack>
    </Input.Wrapper>
  );
}

type TypedListOptions = { valueKey: string; inputType: "tel" | "email"; icon: ReactNode; addLabel: string; autoComplete: string };

/** One row per item: type, value, remove; "add" below. */
function TypedListField(props: FieldInputProps & TypedListOptions) {
  const { t } = useTranslation("components");
  const options = useFieldOptions(props.field);
  const list = items(props.value);
  const editable = !props.readOnly && !props.disabled;
  const emit = (next: Item[]) => props.onChange(next.map((item) => ({ type: item.type, [props.valueKey]: item[props.valueKey] ?? "" })));
  const change = (index: number, patch: Item) => emit(list.map((item, i) => (i === index ? { ...item, ...patch } : item)));
  return (
    <ListWrapper {...props}>
      {list.map((item, index) => (
        <Group key={index} gap="xs" wrap="nowrap" align="flex-start" data-testid={`${props.testId}-row`}>
          {options.length > 0 && (
            <Select
              data={options}
              value={text(item.type) || null}
              onChange={(next) => next && change(index, { type: next })}
              allowDeselect={false}
              disabled={!editable}
              w={124}
              style={{ flexShrink: 0 }}
              aria-label={t("fieldList.typeOf", { name: props.label })}
              comboboxProps={{ width: 180, position: "bottom-start" }}
              data-testid={`${props.testId}-${index}-type`}
            />
          )}
          <TextInput
            type={props.inputType}
            leftSection={props.icon}
            value={text(item[props.valueKey])}
            onChange={(event) => change(index, { [props.valueKey]: event.currentTarget.value })}
            readOnly={!editable}
            autoComplete={props.autoComplete}
            aria-label={t("fieldList.itemOf", { name: props.label, number: index + 1 })}
            style={{ flex: 1, minWidth: 0 }}
            data-testid={`${props.testId}-${index}-value`}
          />
          {editable && (
            <Tooltip label={t("fieldList.remove")} withArrow>
              <ActionIcon
                variant="subtle"
                color="gray"
                size="lg"
                onClick={() => emit(list.filter((_, i) => i !== index))}
                aria-label={t("fieldList.removeItem", { name: props.label, number: index + 1 })}
                data-testid={`${props.testId}-${index}-remove`}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      ))}
      {editable && (
        <Group>
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => emit([...list, { type: options[0]?.value ?? "other", [props.valueKey]: "" }])}
            data-testid={`${props.testId}-add`}
          >
            {props.addLabel}
          </Button>
        </Group>
      )}
      {!editable && list.length === 0 && <Dash />}
    </ListWrapper>
  );
}

function PhoneListField(props: FieldInputProps) {
  const { t } = useTranslation("components");
  return (
    <TypedListField
      {...props}
      valueKey="number"
      inputType="tel"
      icon={<IconPhone size={16} />}
      addLabel={t("fieldList.addPhone")}
      autoComplete="tel"
    />
  );
}
function EmailListField(props: FieldInputProps) {
  const { t } = useTranslation("components");
  return (
    <TypedListField
      {...props}
      valueKey="address"
      inputType="email"
      icon={<IconAt size={16} />}
      addLabel={t("fieldList.addEmail")}
      autoComplete="email"
    />
  );
}

function TypedListDisplay({ field, value, valueKey, href }: FieldDisplayProps & { valueKey: string; href: (value: string) => string }) {
  const options = useFieldOptions(field);
  const list = items(value).filter((item) => text(item[valueKey]));
  if (list.length === 0) return <Dash />;
  return (
    <Stack gap={2}>
      {list.map((item, index) => (
        <Group key={index} gap={6} wrap="nowrap">
          <Anchor href={href(text(item[valueKey]))} style={{ overflowWrap: "anywhere" }}>
            {text(item[valueKey])}
          </Anchor>
          {item.type !== undefined && (
            <Text span size="xs" c="dimmed">
              {optionLabel(options, item.type)}
            </Text>
          )}
        </Group>
      ))}
    </Stack>
  );
}
function PhoneListDisplay(props: FieldDisplayProps) {
  return <TypedListDisplay {...props} valueKey="number" href={(number) => `tel:${number.replace(/[^\d+]/g, "")}`} />;
}
function EmailListDisplay(props: FieldDisplayProps) {
  return <TypedListDisplay {...props} valueKey="address" href={(address) => `mailto:${address}`} />;
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
  const list = items(props.value);
  const editable = !props.readOnly && !props.disabled;
  const emit = (next: Item[]) => props.onChange(next.map(cleanAddress));
  const change = (index: number, patch: Item) => emit(list.map((item, i) => (i === index ? { ...item, ...patch } : item)));
  const input = (index: number, item: Item, key: "line1" | "line2" | "postalCode" | "city" | "region", autoComplete: string) => (
    <TextInput
      label={t(`address.${key}`)}
      value={text(item[key])}
      onChange={(event) => change(index, { [key]: event.currentTarget.value })}
      readOnly={!editable}
      required={key === "line1"}
      autoComplete={autoComplete}
      style={{ flex: 1, minWidth: 0 }}
      data-testid={`${props.testId}-${index}-${key}`}
    />
  );
  return (
    <ListWrapper {...props}>
      {list.map((item, index) => (
        <Paper key={index} withBorder p="sm" radius="md" data-testid={`${props.testId}-row`}>
          <Stack gap="xs">
            <Group justify="space-between" wrap="nowrap" gap="xs">
              {options.length > 0 ? (
                <Select
                  data={options}
                  value={text(item.type) || null}
                  onChange={(next) => next && change(index, { type: next })}
                  allowDeselect={false}
                  disabled={!editable}
                  w={160}
                  aria-label={t("fieldList.typeOf", { name: props.label })}
                  data-testid={`${props.testId}-${index}-type`}
                />
              ) : (
                <span />
              )}
              {editable && (
                <Tooltip label={t("fieldList.remove")} withArrow>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    size="lg"
                    onClick={() => emit(list.filter((_, i) => i !== index))}
                    aria-label={t("fieldList.removeItem", { name: props.label, number: index + 1 })}
                    data-testid={`${props.testId}-${index}-remove`}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Tooltip>
              )}
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
                  onChange={(next) => change(index, { country: next })}
                  readOnly={!editable}
                  required={false}
                  testId={`${props.testId}-${index}-country`}
                />
              </div>
            </Group>
          </Stack>
        </Paper>
      ))}
      {editable && (
        <Group>
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => emit([...list, { type: options[0]?.value ?? "other", line1: "" }])}
            data-testid={`${props.testId}-add`}
          >
            {t("fieldList.addAddress")}
          </Button>
        </Group>
      )}
      {!editable && list.length === 0 && <Dash />}
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
  if (list.length === 0) return <Dash />;
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

registerFieldType("phoneList", { input: PhoneListField, display: PhoneListDisplay });
registerFieldType("emailList", { input: EmailListField, display: EmailListDisplay });
registerFieldType("addressList", { input: AddressListField, display: AddressListDisplay });
