/**
 * Field types of the contact forms, added to the shared field registry: typed lists of emails,
 * phones and messaging handles, a calendar date picker, and the reports-to picker that only
 * offers people of the contact's own company.
 */
import { createContext, useContext, useEffect, useRef } from "react";
import { ActionIcon, Anchor, Button, Group, Input, Select, Stack, Text, TextInput } from "@mantine/core";
import { DateInput } from "@mantine/dates";
import "@mantine/dates/styles.css";
import { IconAt, IconMessageCircle, IconPhone, IconPlus, IconX } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { contactEmailTypes, contactPhoneTypes, messagingKinds } from "@relata/contracts";
import {
  ReferencePicker,
  fieldRenderer,
  registerFieldType,
  type FieldDisplayProps,
  type FieldInputProps,
} from "../../components/record-form";
import { colleagueLoader, contactLoader } from "./api";
import { messagingLabel } from "./labels";
import { dateFormats, dayjsLocales, parseTypedDate } from "./dates";

/** What the fields of one contact form share: the company chosen in the form, and the contact itself. */
export const ContactFormContext = createContext<{ companyId: string | null; contactId?: string }>({ companyId: null });

function Dash() {
  return (
    <Text span inherit c="dimmed">
      —
    </Text>
  );
}

type Row = Record<string, string>;
type ListConfig = {
  /** the key of the row's type */
  typeKey: "type" | "kind";
  /** the key of the row's value */
  valueKey: "address" | "number" | "handle";
  types: readonly string[];
  /** the label of a type */
  typeLabel: (type: string, t: (key: string) => string) => string;
  addLabel: string;
  valueLabel: string;
  inputType?: string;
  icon: typeof IconAt;
  href?: (value: string) => string;
};

const configs: Record<"emails" | "phones" | "messaging", ListConfig> = {
  emails: {
    typeKey: "type",
    valueKey: "address",
    types: contactEmailTypes,
    typeLabel: (type, t) => t(`contacts:emailType.${type}`),
    addLabel: "contacts:list.addEmail",
    valueLabel: "contacts:list.emailAddress",
    inputType: "email",
    icon: IconAt,
    href: (value) => `mailto:${value}`,
  },
  phones: {
    typeKey: "type",
    valueKey: "number",
    types: contactPhoneTypes,
    typeLabel: (type, t) => t(`contacts:phoneType.${type}`),
    addLabel: "contacts:list.addPhone",
    valueLabel: "contacts:list.phoneNumber",
    inputType: "tel",
    icon: IconPhone,
    href: (value) => `tel:${value.replace(/[^\d+]/g, "")}`,
  },
  messaging: {
    typeKey: "kind",
    valueKey: "handle",
    types: messagingKinds,
    typeLabel: messagingLabel,
    addLabel: "contacts:list.addMessaging",
    valueLabel: "contacts:list.handle",
    icon: IconMessageCircle,
  },
};

const rowsOf = (value: unknown): Row[] => (Array.isArray(value) ? (value as Row[]) : []);

function ListInput(props: FieldInputProps & { config: ListConfig }) {
  const { t } = useTranslation("contacts");
  const { config } = props;
  const rows = rowsOf(props.value);
  const set = (next: Row[]) => props.onChange(next);
  const typeOptions = config.types.map((type) => ({ value: type, label: config.typeLabel(type, t) }));
  const readOnly = props.disabled || props.readOnly;
  return (
    <Input.Wrapper label={props.label} description={props.description} error={props.error} required={props.required}>
      <Stack gap={6} mt={4} data-testid={props.testId}>
        {rows.map((row, index) => (
          <Group key={index} gap={6} wrap="nowrap" align="flex-start">
            <Select
              data={typeOptions}
              value={row[config.typeKey] ?? config.types[0]!}
              onChange={(next) =>
                set(rows.map((item, i) => (i === index ? { ...item, [config.typeKey]: next ?? config.types[0]! } : item)))
              }
              allowDeselect={false}
              disabled={readOnly}
              w={116}
              style={{ flexShrink: 0 }}
              aria-label={t("list.type", { field: props.label })}
              data-testid={`${props.testId}-type-${index}`}
            />
            <TextInput
              value={row[config.valueKey] ?? ""}
              onChange={(event) => {
                const text = event.currentTarget.value;
                set(rows.map((item, i) => (i === index ? { ...item, [config.valueKey]: text } : item)));
              }}
              type={config.inputType}
              leftSection={<config.icon size={16} />}
              disabled={readOnly}
              autoFocus={props.autoFocus && index === 0}
              error={!!props.error}
              aria-label={t(config.valueLabel)}
              style={{ flex: 1, minWidth: 0 }}
              data-testid={`${props.testId}-${index}`}
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              size={36}
              onClick={() => set(rows.filter((_, i) => i !== index))}
              disabled={readOnly}
              aria-label={t("list.remove", { value: row[config.valueKey] || config.typeLabel(row[config.typeKey] ?? config.types[0]!, t) })}
              data-testid={`${props.testId}-remove-${index}`}
            >
              <IconX size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => set([...rows, { [config.typeKey]: config.types[0]!, [config.valueKey]: "" }])}
            disabled={readOnly || rows.length >= 20}
            data-testid={`${props.testId}-add`}
          >
            {t(config.addLabel)}
          </Button>
        </Group>
      </Stack>
    </Input.Wrapper>
  );
}

function ListDisplay({ value, config }: FieldDisplayProps & { config: ListConfig }) {
  const { t } = useTranslation("contacts");
  const rows = rowsOf(value).filter((row) => row[config.valueKey]);
  if (rows.length === 0) return <Dash />;
  return (
    <Stack gap={2}>
      {rows.map((row, index) => (
        <Group key={index} gap={6} wrap="nowrap">
          <config.icon size={14} style={{ flexShrink: 0 }} aria-hidden />
          {config.href ? (
            <Anchor href={config.href(row[config.valueKey]!)} inherit style={{ overflowWrap: "anywhere" }}>
              {row[config.valueKey]}
            </Anchor>
          ) : (
            <Text span inherit style={{ overflowWrap: "anywhere" }}>
              {row[config.valueKey]}
            </Text>
          )}
          <Text span size="xs" c="dimmed">
            {config.typeLabel(row[config.typeKey] ?? "", t)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

for (const [type, config] of [
  ["contactEmails", configs.emails],
  ["contactPhones", configs.phones],
  ["contactMessaging", configs.messaging],
] as const) {
  registerFieldType(type, {
    input: (props) => <ListInput {...props} config={config} />,
    display: (props) => <ListDisplay {...props} config={config} />,
  });
}

// ── calendar dates (birthday, role start and end) ──
function DateField(props: FieldInputProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const value = typeof props.value === "string" && props.value ? props.value : null;
  const birthday = props.field.name === "birthday";
  return (
    <DateInput
      label={props.label}
      description={props.description}
      placeholder={props.placeholder}
      error={props.error}
      required={props.required}
      disabled={props.disabled}
      readOnly={props.readOnly}
      value={value}
      onChange={(next) => props.onChange(next || null)}
      locale={dayjsLocales[language] ?? "en"}
      valueFormat={dateFormats[language] ?? dateFormats.en}
      dateParser={(text) => parseTypedDate(text, language)}
      clearable={!props.required}
      clearButtonProps={{ "aria-label": t("contacts:field.clearDate") }}
      maxDate={birthday ? new Date() : undefined}
      defaultLevel={birthday && !value ? "decade" : "month"}
      popoverProps={{ withinPortal: true }}
      inputWrapperOrder={["label", "input", "description", "error"]}
      data-testid={props.testId}
    />
  );
}

registerFieldType("contactDate", { input: DateField, display: fieldRenderer("date").display });

// ── reports to ──
function ReportsToField(props: FieldInputProps) {
  const { t } = useTranslation("contacts");
  const { companyId, contactId } = useContext(ContactFormContext);
  const { onChange, value } = props;
  // A new company means new colleagues: the old manager no longer fits.
  const previous = useRef(companyId);
  useEffect(() => {
    if (previous.current !== companyId && value) onChange(null);
    previous.current = companyId;
  }, [companyId, value, onChange]);
  const common = {
    label: props.label,
    error: props.error,
    required: props.required,
    readOnly: props.readOnly,
    inputWrapperOrder: ["label", "input", "description", "error"] as ("label" | "input" | "description" | "error")[],
    "data-testid": props.testId,
  };
  if (!companyId)
    return (
      <Select {...common} data={[]} value={null} disabled description={t("field.reportsToNeedsCompany")} placeholder={props.placeholder} />
    );
  return (
    <ReferencePicker
      {...common}
      description={props.description}
      placeholder={props.placeholder ?? t("field.reportsToPlaceholder")}
      disabled={props.disabled}
      loader={colleagueLoader(companyId, contactId)}
      value={typeof value === "string" && value ? value : null}
      onChange={(next) => onChange(next)}
      clearable
    />
  );
}

/** A contact's name, linked to its page. */
export function ContactLink({ id, name }: { id: string | null | undefined; name?: string | null }) {
  const resolved = useQuery({
    queryKey: [...contactLoader.queryKey, "resolve", id ?? null],
    queryFn: () => (id ? contactLoader.resolve!(id) : null),
    enabled: !!id && !name,
    staleTime: 5 * 60_000,
  });
  if (!id) return <Dash />;
  return (
    <Anchor renderRoot={(rootProps) => <Link to="/contacts/$contactId" params={{ contactId: id }} {...rootProps} />} inherit>
      {name ?? resolved.data?.label ?? "…"}
    </Anchor>
  );
}

registerFieldType("contactReportsTo", {
  input: ReportsToField,
  display: ({ value }) => <ContactLink id={typeof value === "string" ? value : null} />,
});
