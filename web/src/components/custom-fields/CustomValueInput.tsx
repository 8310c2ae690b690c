import { useMemo, useState, type ReactNode } from "react";
import {
  Group,
  MultiSelect,
  NumberInput,
  Select,
  Switch,
  Text,
  TextInput,
  Textarea,
  type ComboboxItem,
  type OptionsFilter,
} from "@mantine/core";
import { DateInput } from "@mantine/dates";
import "@mantine/dates/styles.css";
import { IconAt, IconLink, IconPhone } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { limits, type CustomField, type CustomValue, type MoneyValue } from "@relata/contracts";
import { UserPicker, currencyCodes } from "../record-form";
import { dateInputFormat, dayjsLocale, parseTypedDate } from "./dates";
import { labelIn } from "./format";

export type CustomValueInputProps = {
  field: Pick<CustomField, "key" | "type" | "options" | "labels" | "required">;
  value: CustomValue | undefined;
  /** The new value in the stored shape (see contracts `customValue`); null clears. */
  onChange: (value: CustomValue) => void;
  error?: ReactNode;
  /** Defaults to the field's label in the UI language. */
  label?: ReactNode;
  description?: ReactNode;
  disabled?: boolean;
  /** Currency of a new money value (e.g. the company's); EUR when not given. */
  defaultCurrency?: string;
  autoFocus?: boolean;
  /** data-testid of the input; default `custom-<key>` */
  testId?: string;
};

const text = (value: CustomValue | undefined) => (typeof value === "string" ? value : "");
const wrapperOrder: ("label" | "input" | "description" | "error")[] = ["label", "input", "description", "error"];

/** The input that fits a custom field's type, editing the value in its stored shape. */
export function CustomValueInput(props: CustomValueInputProps) {
  const { t, i18n } = useTranslation("settings");
  const { field, value, onChange } = props;
  const language = i18n.language;
  const common = {
    label: props.label ?? labelIn(field.labels, language),
    description: props.description,
    error: props.error,
    required: field.required,
    disabled: props.disabled,
    autoFocus: props.autoFocus,
    "data-autofocus": props.autoFocus || undefined,
    "data-testid": props.testId ?? `custom-${field.key}`,
    inputWrapperOrder: wrapperOrder,
  };
  const options = useMemo(
    () => field.options.map((option) => ({ value: option.value, label: labelIn(option.labels, language) })),
    [field.options, language],
  );
  // Text fields clear to null so an emptied optional field is removed, not stored as "".
  const textChange = (next: string) => onChange(next === "" ? null : next);

  switch (field.type) {
    case "long_text":
      return (
        <Textarea
          {...common}
          value={text(value)}
          maxLength={limits.textMax}
          autosize
          minRows={3}
          maxRows={12}
          onChange={(event) => textChange(event.currentTarget.value)}
        />
      );
    case "number":
      return (
        <NumberInput
          {...common}
          value={typeof value === "number" ? value : ""}
          onChange={(next) => onChange(typeof next === "number" ? next : next === "" ? null : Number(next))}
        />
      );
    case "money":
      return <MoneyInput {...props} common={common} />;
    case "date":
      return (
        <DateInput
          {...common}
          value={typeof value === "string" && value ? value : null}
          onChange={(next) => onChange(next || null)}
          locale={dayjsLocale(language)}
          valueFormat={dateInputFormat(language)}
          dateParser={(typed) => parseTypedDate(typed, language)}
          clearable={!field.required}
          popoverProps={{ withinPortal: true }}
        />
      );
    case "choice":
      return (
        <Select
          {...common}
          data={options}
          value={typeof value === "string" && value ? value : null}
          onChange={(next) => onChange(next)}
          clearable={!field.required}
          allowDeselect={!field.required}
          searchable={options.length > 8}
          nothingFoundMessage={t("customValue.nothingFound")}
        />
      );
    case "multi_choice":
      return (
        <MultiSelect
          {...common}
          data={options}
          value={Array.isArray(value) ? value : []}
          onChange={(next) => onChange(next)}
          searchable
          clearable
          nothingFoundMessage={t("customValue.nothingFound")}
        />
      );
    case "yes_no":
      return (
        <Switch
          label={common.label}
          description={common.description}
          error={common.error}
          disabled={props.disabled}
          checked={value === true}
          onChange={(event) => onChange(event.currentTarget.checked)}
          mt="md"
          data-testid={common["data-testid"]}
        />
      );
    case "url":
      return (
        <TextInput
          {...common}
          type="url"
          leftSection={<IconLink size={16} />}
          value={text(value)}
          autoComplete="off"
          onChange={(event) => textChange(event.currentTarget.value)}
        />
      );
    case "email":
      return (
        <TextInput
          {...common}
          type="email"
          leftSection={<IconAt size={16} />}
          value={text(value)}
          autoComplete="email"
          onChange={(event) => textChange(event.currentTarget.value)}
        />
      );
    case "phone":
      return (
        <TextInput
          {...common}
          type="tel"
          leftSection={<IconPhone size={16} />}
          value={text(value)}
          autoComplete="tel"
          onChange={(event) => textChange(event.currentTarget.value)}
        />
      );
    case "user":
      return (
        <UserPicker
          label={common.label}
          description={common.description}
          error={common.error}
          required={field.required}
          disabled={props.disabled}
          autoFocus={props.autoFocus}
          value={typeof value === "string" && value ? value : null}
          onChange={(next) => onChange(next)}
          clearable={!field.required}
          data-testid={common["data-testid"]}
        />
      );
    default:
      return (
        <TextInput
          {...common}
          value={text(value)}
          maxLength={limits.textMax}
          autoComplete="off"
          onChange={(event) => textChange(event.currentTarget.value)}
        />
      );
  }
}

function isMoney(value: CustomValue | undefined): value is MoneyValue {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Amount and currency side by side; an emptied amount clears the value. */
function MoneyInput(props: CustomValueInputProps & { common: Record<string, unknown> & { "data-testid": string } }) {
  const { t, i18n } = useTranslation("settings");
  const money = isMoney(props.value) ? props.value : undefined;
  // The currency picked before an amount is typed (the value stays null until then).
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const currency = money?.currency ?? picked ?? props.defaultCurrency ?? "EUR";
  const names = useMemo(() => {
    try {
      return new Intl.DisplayNames(i18n.language, { type: "currency" });
    } catch {
      return undefined;
    }
  }, [i18n.language]);
  const codes = useMemo(() => currencyCodes(), []);
  // Finds a currency by its code or its name in the UI language ("krona" finds SEK).
  const filter: OptionsFilter = ({ options, search }) => {
    const needle = search.trim().toLocaleLowerCase();
    if (!needle) return options;
    return (options as ComboboxItem[]).filter(
      (option) => option.value.toLowerCase().includes(needle) || (names?.of(option.value) ?? "").toLocaleLowerCase().includes(needle),
    );
  };
  const testId = props.common["data-testid"];
  return (
    <Group gap="xs" align="flex-start" wrap="nowrap">
      <NumberInput
        {...props.common}
        style={{ flex: 1, minWidth: 0 }}
        value={money?.amount ?? ""}
        decimalScale={2}
        allowNegative
        onChange={(next) => {
          const amount = next === "" ? "" : String(next);
          props.onChange(amount === "" || amount === "-" ? null : { amount, currency });
        }}
      />
      <Select
        label={t("customValue.currency")}
        w={100}
        data={codes.map((code) => ({ value: code, label: code }))}
        value={currency}
        allowDeselect={false}
        searchable
        filter={filter}
        limit={60}
        disabled={props.disabled}
        renderOption={({ option }) => (
          <div>
            <Text size="sm">{option.value}</Text>
            <Text size="xs" c="dimmed">
              {names?.of(option.value)}
            </Text>
          </div>
        )}
        onChange={(next) => {
          if (!next) return;
          setPicked(next);
          if (money) props.onChange({ amount: money.amount, currency: next });
        }}
        comboboxProps={{ width: 240, position: "bottom-end" }}
        nothingFoundMessage={t("customValue.nothingFound")}
        data-testid={`${testId}-currency`}
      />
    </Group>
  );
}
