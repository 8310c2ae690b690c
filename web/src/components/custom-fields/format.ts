/**
 * Custom values as text, per field type and UI language. Pure (no React, no i18next instance), so
 * the same rules serve the card, list cells and tests; words (yes/no, unknown person) come from `t`.
 */
import type { CustomField, CustomFieldOption, CustomValue, LocalizedLabel, MoneyValue } from "@relata/contracts";

/** What a value looks like on screen: nothing, plain text, a link, or several labels. */
export type FormattedValue =
  | { kind: "empty" }
  | { kind: "text"; text: string }
  | { kind: "link"; text: string; href: string; external: boolean }
  | { kind: "list"; items: string[] };

export type FormatContext = {
  /** The UI language (i18next's), which also decides number and date formats. */
  language: string;
  /** Translates `settings:customValue.yes` etc. */
  t: (key: string) => string;
  /** A user's name by id (undefined when unknown or still loading). */
  userName?: (id: string) => string | undefined;
};

type FieldShape = Pick<CustomField, "type" | "options">;

/** A label in `language`, English when that translation is missing or blank. */
export function labelIn(labels: LocalizedLabel, language: string): string {
  const text = (labels as Record<string, string | undefined>)[language];
  return text && text.trim() ? text : labels.en;
}

/** The label of a choice option in `language`; an unknown value shows as it is stored. */
export function optionLabel(options: readonly CustomFieldOption[], value: string, language: string): string {
  const option = options.find((candidate) => candidate.value === value);
  return option ? labelIn(option.labels, language) : value;
}

const isBlank = (value: unknown) =>
  value === undefined ||
  value === null ||
  (typeof value === "string" && value.trim() === "") ||
  (Array.isArray(value) && value.length === 0);

function isMoney(value: unknown): value is MoneyValue {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "amount" in value && "currency" in value;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(language: string, currency?: string): Intl.NumberFormat {
  const key = `${language}|${currency ?? ""}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(language, currency ? { style: "currency", currency } : { maximumFractionDigits: 20 });
    numberFormats.set(key, format);
  }
  return format;
}

/** A money amount in the language's way, e.g. "SEK 1,234.50" / "1 234,50 kr" / "SEK 1,234.50" (zh-CN). */
export function formatMoney(value: MoneyValue, language: string): string {
  try {
    return numberFormat(language, value.currency).format(Number(value.amount));
  } catch {
    // An unknown currency code: show what is stored rather than nothing.
    return `${value.amount} ${value.currency}`;
  }
}

/**
 * A calendar date (YYYY-MM-DD) in the language's way. Formatted in UTC so the day never shifts
 * with the reader's time zone (it is a day, not an instant).
 */
export function formatCalendarDate(value: string, language: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return value;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (Number.isNaN(date.getTime())) return value;
  let format = dateFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeZone: "UTC" });
    dateFormats.set(language, format);
  }
  return format.format(date);
}

/** Only web addresses become links: a stored `javascript:` or `data:` URL stays inert text. */
function safeUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** How one custom value shows for a reader of `context.language`. */
export function formatCustomValue(field: FieldShape, value: CustomValue | undefined, context: FormatContext): FormattedValue {
  if (isBlank(value)) return { kind: "empty" };
  const { language, t } = context;
  switch (field.type) {
    case "number": {
      const number = typeof value === "number" ? value : Number(value);
      return { kind: "text", text: Number.isFinite(number) ? numberFormat(language).format(number) : String(value) };
    }
    case "money":
      return isMoney(value) ? { kind: "text", text: formatMoney(value, language) } : { kind: "text", text: String(value) };
    case "date":
      return { kind: "text", text: formatCalendarDate(String(value), language) };
    case "yes_no":
      return typeof value === "boolean"
        ? { kind: "text", text: t(value ? "settings:customValue.yes" : "settings:customValue.no") }
        : { kind: "empty" };
    case "choice":
      return { kind: "text", text: optionLabel(field.options, String(value), language) };
    case "multi_choice": {
      const values = Array.isArray(value) ? value : [String(value)];
      return { kind: "list", items: values.map((item) => optionLabel(field.options, String(item), language)) };
    }
    case "url": {
      const text = String(value);
      const href = safeUrl(text);
      return href ? { kind: "link", text, href, external: true } : { kind: "text", text };
    }
    case "email": {
      const text = String(value);
      return { kind: "link", text, href: `mailto:${encodeURIComponent(text).replace(/%40/g, "@")}`, external: false };
    }
    case "phone": {
      const text = String(value);
      const dial = text.replace(/[^\d+]/g, "");
      return dial ? { kind: "link", text, href: `tel:${dial}`, external: false } : { kind: "text", text };
    }
    case "user": {
      const id = String(value);
      return { kind: "text", text: context.userName?.(id) ?? t("settings:customValue.unknownUser") };
    }
    default:
      return { kind: "text", text: String(value) };
  }
}

/** The same value as one line of plain text (list cells, exports on screen, titles). */
export function customValueText(field: FieldShape, value: CustomValue | undefined, context: FormatContext): string {
  const formatted = formatCustomValue(field, value, context);
  switch (formatted.kind) {
    case "empty":
      return "";
    case "list":
      return formatted.items.join(", ");
    default:
      return formatted.text;
  }
}
