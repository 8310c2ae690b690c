import { useMemo, type ReactNode } from "react";
import { Anchor, Badge, Group, MultiSelect, NumberInput, Select, Switch, Text, TextInput, Textarea } from "@mantine/core";
import { DateInput } from "@mantine/dates";
import "@mantine/dates/styles.css";
import { IconAt, IconLink, IconPhone } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useFormat, useSession } from "../../lib/session";
import { calendarDate, isoToLocalInput, localInputToIso } from "./datetime";
import { dateInputFormat, dayjsLocale, parseTypedDate } from "./dates";
import { useUserName } from "./directory";
import { ReferencePicker, SecurityLevelBadge, SecurityLevelSelect, UserPicker, referenceOptionQuery } from "./pickers";
import { codeOrNameFilter, currencyCodes, useCurrencyName } from "./region-renderers";
import { EmptyValue } from "./empty-value";
import { commonInputProps } from "./input-props";
import { fieldRenderer, registerFieldType, type FieldDisplayProps, type FieldInputProps } from "./registry";
import type { FieldOption, FieldSpec } from "./schema-fields";

const isBlank = (value: unknown) => value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
const asText = (value: unknown) => (value === undefined || value === null ? "" : String(value));

/** The translated label of a field; a missing key or one naming a group of keys falls back to the field name. */
export function useFieldLabel(): (field: FieldSpec) => string {
  const { t } = useTranslation();
  return (field) => {
    const text: unknown = t(field.label, { returnObjects: true, defaultValue: field.name });
    return typeof text === "string" ? text : field.name;
  };
}

/** Options of a choice field: the hint's, or the enum's values (labelled through `optionLabels`). */
export function useFieldOptions(field: FieldSpec): FieldOption[] {
  const { t } = useTranslation();
  return useMemo(() => {
    if (field.hint.options) return field.hint.options;
    return (field.enumValues ?? []).map((value) => ({
      value,
      label: field.hint.optionLabels ? t(`${field.hint.optionLabels}.${value}`) : value,
    }));
  }, [field, t]);
}

// ── text-like ──
function TextField(props: FieldInputProps & { type?: string; icon?: ReactNode; autoComplete?: string }) {
  return (
    <TextInput
      {...commonInputProps(props)}
      type={props.type}
      leftSection={props.icon}
      value={asText(props.value)}
      maxLength={props.field.maxLength}
      autoComplete={props.autoComplete ?? "off"}
      onChange={(event) => props.onChange(event.currentTarget.value)}
    />
  );
}
function TextDisplay({ value }: FieldDisplayProps) {
  return isBlank(value) ? (
    <EmptyValue />
  ) : (
    <Text span inherit style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
      {asText(value)}
    </Text>
  );
}

function LongTextField(props: FieldInputProps) {
  return (
    <Textarea
      {...commonInputProps(props)}
      value={asText(props.value)}
      maxLength={props.field.maxLength}
      autosize
      minRows={3}
      maxRows={12}
      onChange={(event) => props.onChange(event.currentTarget.value)}
    />
  );
}

function UrlField(props: FieldInputProps) {
  return <TextField {...props} type="url" icon={<IconLink size={16} />} />;
}
function UrlDisplay({ value }: FieldDisplayProps) {
  const text = asText(value);
  if (!text) return <EmptyValue />;
  const safe = /^https?:\/\//i.test(text);
  return safe ? (
    <Anchor href={text} target="_blank" rel="noopener noreferrer" style={{ overflowWrap: "anywhere" }}>
      {text}
    </Anchor>
  ) : (
    <Text span inherit>
      {text}
    </Text>
  );
}

function EmailField(props: FieldInputProps) {
  return <TextField {...props} type="email" icon={<IconAt size={16} />} autoComplete="email" />;
}
function EmailDisplay({ value }: FieldDisplayProps) {
  const text = asText(value);
  return text ? <Anchor href={`mailto:${text}`}>{text}</Anchor> : <EmptyValue />;
}

function PhoneField(props: FieldInputProps) {
  return <TextField {...props} type="tel" icon={<IconPhone size={16} />} autoComplete="tel" />;
}
function PhoneDisplay({ value }: FieldDisplayProps) {
  const text = asText(value);
  return text ? <Anchor href={`tel:${text.replace(/[^\d+]/g, "")}`}>{text}</Anchor> : <EmptyValue />;
}

// ── numbers and money ──
function NumberField(props: FieldInputProps) {
  const value = props.value === null || props.value === undefined ? "" : (props.value as number | string);
  return (
    <NumberInput
      {...commonInputProps(props)}
      value={value}
      min={props.field.min}
      max={props.field.max}
      allowDecimal={!props.field.integer}
      onChange={(next) => props.onChange(next === "" ? null : next)}
    />
  );
}
function NumberDisplay({ value }: FieldDisplayProps) {
  const format = useFormat();
  if (isBlank(value)) return <EmptyValue />;
  const number = Number(value);
  return (
    <Text span inherit>
      {Number.isFinite(number) ? format.number(number) : asText(value)}
    </Text>
  );
}

type Money = { amount?: string | number | null; currency?: string | null };

/** Amount and currency side by side; the currency is found by its code or its name ("krona" finds SEK). */
function MoneyField(props: FieldInputProps) {
  const { t } = useTranslation("components");
  const money = (props.value ?? {}) as Money;
  const currency = money.currency ?? props.field.hint.currency ?? "EUR";
  const currencyName = useCurrencyName();
  const codes = useMemo(() => currencyCodes().map((code) => ({ value: code, label: code })), []);
  return (
    <Group gap="xs" align="flex-start" wrap="nowrap">
      <NumberInput
        {...commonInputProps(props)}
        style={{ flex: 1, minWidth: 0 }}
        value={money.amount ?? ""}
        decimalScale={2}
        thousandSeparator=" "
        onChange={(next) => props.onChange({ amount: next === "" ? null : String(next), currency })}
      />
      <Select
        label={t("field.currency")}
        w={110}
        data={codes}
        value={currency}
        allowDeselect={false}
        searchable
        filter={codeOrNameFilter(currencyName)}
        limit={60}
        disabled={props.disabled || props.readOnly}
        renderOption={({ option }) => (
          <div>
            <Text size="sm">{option.value}</Text>
            <Text size="xs" c="dimmed">
              {currencyName(option.value)}
            </Text>
          </div>
        )}
        onChange={(next) => next && props.onChange({ amount: money.amount ?? null, currency: next })}
        comboboxProps={{ width: 240, position: "bottom-end" }}
        nothingFoundMessage={t("picker.nothingFound")}
        data-testid={`${props.testId}-currency`}
      />
    </Group>
  );
}
function MoneyDisplay({ value }: FieldDisplayProps) {
  const format = useFormat();
  const money = (value ?? {}) as Money;
  if (isBlank(money.amount) || !money.currency) return <EmptyValue />;
  try {
    return (
      <Text span inherit>
        {format.money(money.amount!, money.currency)}
      </Text>
    );
  } catch {
    return <Text span inherit>{`${asText(money.amount)} ${money.currency}`}</Text>;
  }
}

// ── dates ──
/** A calendar day: typed in the language's format (or ISO, or the usual numeric forms) or picked. */
function DateField(props: FieldInputProps) {
  const { t, i18n } = useTranslation("components");
  const language = i18n.language;
  const value = typeof props.value === "string" && props.value ? props.value : null;
  const past = props.field.hint.past === true;
  return (
    <DateInput
      {...commonInputProps(props)}
      value={value}
      onChange={(next) => props.onChange(next || null)}
      locale={dayjsLocale(language)}
      valueFormat={dateInputFormat(language)}
      dateParser={(typed) => parseTypedDate(typed, language)}
      clearable={!props.required && !props.readOnly}
      clearButtonProps={{ "aria-label": t("field.clearDate") }}
      maxDate={past ? new Date() : undefined}
      defaultLevel={past && !value ? "decade" : "month"}
      popoverProps={{ withinPortal: true }}
    />
  );
}
function DateDisplay({ value }: FieldDisplayProps) {
  const format = useFormat();
  const date = typeof value === "string" ? calendarDate(value) : undefined;
  return date ? (
    <Text span inherit>
      {format.date(date)}
    </Text>
  ) : isBlank(value) ? (
    <EmptyValue />
  ) : (
    <Text span inherit>
      {asText(value)}
    </Text>
  );
}

function DateTimeField(props: FieldInputProps) {
  const { me } = useSession();
  const zone = me?.timeZone ?? "UTC";
  const local = isoToLocalInput(typeof props.value === "string" ? props.value : null, zone);
  return (
    <TextInput
      {...commonInputProps(props)}
      type="datetime-local"
      value={local}
      onChange={(event) => props.onChange(event.currentTarget.value ? (localInputToIso(event.currentTarget.value, zone) ?? null) : null)}
    />
  );
}
function DateTimeDisplay({ value }: FieldDisplayProps) {
  const format = useFormat();
  if (typeof value !== "string" || !value) return <EmptyValue />;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? (
    <Text span inherit>
      {value}
    </Text>
  ) : (
    <Text span inherit>
      {format.dateTime(date)}
    </Text>
  );
}

// ── choices ──
function ChoiceField(props: FieldInputProps) {
  const { t } = useTranslation("components");
  const options = useFieldOptions(props.field);
  return (
    <Select
      {...commonInputProps(props)}
      data={options}
      value={isBlank(props.value) ? null : String(props.value)}
      onChange={(next) => props.onChange(next)}
      clearable={!props.required}
      allowDeselect={!props.required}
      searchable={options.length > 8}
      nothingFoundMessage={t("picker.nothingFound")}
    />
  );
}
function ChoiceDisplay({ field, value }: FieldDisplayProps) {
  const options = useFieldOptions(field);
  if (isBlank(value)) return <EmptyValue />;
  return (
    <Text span inherit>
      {options.find((option) => option.value === String(value))?.label ?? asText(value)}
    </Text>
  );
}

function MultiChoiceField(props: FieldInputProps) {
  const { t } = useTranslation("components");
  const options = useFieldOptions(props.field);
  return (
    <MultiSelect
      {...commonInputProps(props)}
      data={options}
      value={Array.isArray(props.value) ? props.value.map(String) : []}
      onChange={(next) => props.onChange(next)}
      searchable
      clearable
      nothingFoundMessage={t("picker.nothingFound")}
    />
  );
}
function MultiChoiceDisplay({ field, value }: FieldDisplayProps) {
  const options = useFieldOptions(field);
  if (!Array.isArray(value) || value.length === 0) return <EmptyValue />;
  return (
    <Group gap={4}>
      {value.map((item) => (
        <Badge key={String(item)} variant="light" color="gray" style={{ textTransform: "none" }}>
          {options.find((option) => option.value === String(item))?.label ?? String(item)}
        </Badge>
      ))}
    </Group>
  );
}

function BooleanField(props: FieldInputProps) {
  return (
    <Switch
      label={props.label}
      description={props.description}
      error={props.error}
      disabled={props.disabled || props.readOnly}
      checked={props.value === true}
      onChange={(event) => props.onChange(event.currentTarget.checked)}
      mt="md"
      data-testid={props.testId}
    />
  );
}
function BooleanDisplay({ value }: FieldDisplayProps) {
  const { t } = useTranslation("components");
  if (value === null || value === undefined) return <EmptyValue />;
  return (
    <Text span inherit>
      {value ? t("value.yes") : t("value.no")}
    </Text>
  );
}

// ── people, records, security ──
function UserField(props: FieldInputProps) {
  return (
    <UserPicker
      {...commonInputProps(props)}
      value={isBlank(props.value) ? null : String(props.value)}
      onChange={(next) => props.onChange(next)}
      clearable={!props.required}
    />
  );
}
function UserDisplay({ value }: FieldDisplayProps) {
  const { t } = useTranslation("components");
  const name = useUserName();
  if (isBlank(value)) return <EmptyValue />;
  return (
    <Text span inherit>
      {name(String(value)) ?? t("value.unknownUser")}
    </Text>
  );
}

function ReferenceField(props: FieldInputProps) {
  const loader = props.field.hint.reference;
  if (!loader) return <TextField {...props} />;
  return (
    <ReferencePicker
      {...commonInputProps(props)}
      loader={loader}
      value={isBlank(props.value) ? null : String(props.value)}
      onChange={(next) => props.onChange(next)}
      clearable={!props.required}
    />
  );
}
function ReferenceDisplay({ field, value }: FieldDisplayProps) {
  const loader = field.hint.reference;
  const id = isBlank(value) ? null : String(value);
  const resolved = useQuery(referenceOptionQuery(loader, id));
  if (!id) return <EmptyValue />;
  return (
    <Text span inherit>
      {resolved.data?.label ?? (resolved.isPending && loader?.resolve ? "…" : id)}
    </Text>
  );
}

function SecurityLevelField(props: FieldInputProps) {
  return (
    <SecurityLevelSelect
      {...commonInputProps(props)}
      value={isBlank(props.value) ? null : Number(props.value)}
      onChange={(next) => props.onChange(next)}
      clearable={!props.required}
    />
  );
}
function SecurityLevelDisplay({ value }: FieldDisplayProps) {
  if (isBlank(value)) return <EmptyValue />;
  return <SecurityLevelBadge level={Number(value)} />;
}

registerFieldType("text", { input: TextField, display: TextDisplay });
registerFieldType("longText", { input: LongTextField, display: TextDisplay });
registerFieldType("number", { input: NumberField, display: NumberDisplay });
registerFieldType("money", { input: MoneyField, display: MoneyDisplay });
registerFieldType("date", { input: DateField, display: DateDisplay });
registerFieldType("dateTime", { input: DateTimeField, display: DateTimeDisplay });
registerFieldType("choice", { input: ChoiceField, display: ChoiceDisplay });
registerFieldType("multiChoice", { input: MultiChoiceField, display: MultiChoiceDisplay });
registerFieldType("boolean", { input: BooleanField, display: BooleanDisplay });
registerFieldType("url", { input: UrlField, display: UrlDisplay });
registerFieldType("email", { input: EmailField, display: EmailDisplay });
registerFieldType("phone", { input: PhoneField, display: PhoneDisplay });
registerFieldType("user", { input: UserField, display: UserDisplay });
registerFieldType("reference", { input: ReferenceField, display: ReferenceDisplay });
registerFieldType("securityLevel", { input: SecurityLevelField, display: SecurityLevelDisplay });

/** An input for one field, through the registry. */
export function FieldInput(props: FieldInputProps) {
  const { input: Input } = fieldRenderer(props.field.type);
  return <Input {...props} />;
}

/** A field's value, read-only, through the registry (forms in view mode, history, conflict table). */
export function FieldValue({ field, value }: FieldDisplayProps) {
  const { display: Display } = fieldRenderer(field.type);
  return <Display field={field} value={value} />;
}
