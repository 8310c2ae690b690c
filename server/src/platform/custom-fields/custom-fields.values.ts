/**
 * Custom values: what each field type accepts (API values and CSV cells), how values are
 * normalized, merged and checked against their definitions, and how they are written to CSV.
 * Pure functions; the active-user check of user fields is done by the service with the ids
 * collected here.
 */
import { parsePhoneNumberFromString } from "libphonenumber-js";
import type { CustomFieldOption, CustomFieldType, CustomValue, CustomValues, LocalizedLabel, MoneyValue } from "@relata/contracts";
import type { FieldProblem } from "../errors";
import type { CsvColumn, CsvValue } from "../http/csv";

/** What the value functions need of a definition (a custom_fields row is one). */
export type CustomFieldDef = {
  id: string;
  object: string;
  sectionId: string;
  key: string;
  type: CustomFieldType;
  labels: LocalizedLabel;
  required: boolean;
  position: number;
  options: CustomFieldOption[];
  archived: boolean;
};

export const customValueLimits = {
  textMax: 1_000,
  longTextMax: 10_000,
  urlMax: 2_000,
  emailMax: 254,
  /** 15 digits before the point: the largest a JSON number carries exactly enough for money-like figures. */
  numberAbsMax: 1e15,
} as const;

export type ValueCheck = { value: CustomValue } | { problem: string };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const emailPattern = /^[^\s@"<>()[\]\\,;:]+@[^\s@"<>()[\]\\,;:]+\.[^\s@"<>()[\]\\,;:]{2,}$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const amountPattern = /^(-)?(\d{1,15})(?:\.(\d{1,2}))?$/;
const phoneCharacters = /^\+?[0-9 ()\-./]+$/;

/** Accent- and case-insensitive comparison text (the JS twin of relata_fold). */
export const fold = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().trim();

/** A real calendar date as YYYY-MM-DD, years 1000–9999. */
export function isIsoDate(text: string): boolean {
  const match = datePattern.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1000) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** An amount with at most 2 decimals in canonical form: no leading zeros, always 2 decimals ("7" → "7.00"). */
export function canonicalAmount(text: string): string | undefined {
  const match = amountPattern.exec(text);
  if (!match) return undefined;
  const whole = match[2]!.replace(/^0+(?=\d)/, "");
  const cents = (match[3] ?? "").padEnd(2, "0");
  const negative = match[1] === "-" && !(whole === "0" && cents === "00");
  return `${negative ? "-" : ""}${whole}.${cents}`;
}

function checkText(value: unknown, max: number, singleLine: boolean): ValueCheck {
  if (typeof value !== "string") return { problem: "must be text" };
  if (value.includes("\u0000")) return { problem: "must not contain NUL characters" };
  const text = value.trim();
  if (text === "") return { value: null };
  if (singleLine && /[\r\n]/.test(text)) return { problem: "must be a single line" };
  if (text.length > max) return { problem: `must be at most ${max} characters` };
  return { value: text };
}

function checkUrl(value: unknown): ValueCheck {
  const text = checkText(value, customValueLimits.urlMax, true);
  if (!("value" in text) || text.value === null) return text;
  const raw = text.value as string;
  // "www.acme.com" is how people write addresses; anything with another scheme is refused.
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { problem: "must be a web address" };
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || !url.hostname.includes(".") || /\s/.test(raw)) {
    return { problem: "must be a web address (http or https)" };
  }
  return { value: withScheme };
}

function checkEmail(value: unknown): ValueCheck {
  const text = checkText(value, customValueLimits.emailMax, true);
  if (!("value" in text) || text.value === null) return text;
  const email = (text.value as string).toLowerCase();
  return emailPattern.test(email) ? { value: email } : { problem: "must be an email address" };
}

function checkPhone(value: unknown): ValueCheck {
  const text = checkText(value, 40, true);
  if (!("value" in text) || text.value === null) return text;
  const phone = text.value as string;
  const digits = phone.replace(/\D/g, "");
  if (!phoneCharacters.test(phone) || digits.length < 5 || digits.length > 15) return { problem: "must be a phone number" };
  // With a country code the number can be checked; without one it is kept as typed.
  if (phone.startsWith("+") && !parsePhoneNumberFromString(phone)?.isPossible()) return { problem: "is not a possible phone number" };
  return { value: phone };
}

function checkNumber(value: unknown): ValueCheck {
  if (typeof value !== "number" || !Number.isFinite(value)) return { problem: "must be a number" };
  if (Math.abs(value) >= customValueLimits.numberAbsMax) return { problem: "is too large" };
  return { value: Object.is(value, -0) ? 0 : value };
}

function checkMoney(value: unknown): ValueCheck {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { problem: "must be an amount and a currency" };
  const { amount, currency, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return { problem: "must hold only amount and currency" };
  const canonical = typeof amount === "string" ? canonicalAmount(amount.trim()) : undefined;
  if (canonical === undefined) return { problem: "must have an amount with at most 2 decimals" };
  if (typeof currency !== "string" || !/^[A-Z]{3}$/.test(currency.trim().toUpperCase()))
    return { problem: "must have a three-letter currency code" };
  return { value: { amount: canonical, currency: currency.trim().toUpperCase() } satisfies MoneyValue };
}

const optionValues = (def: CustomFieldDef) => def.options.map((option) => option.value);

function checkChoice(def: CustomFieldDef, value: unknown): ValueCheck {
  if (typeof value !== "string") return { problem: "must be one of the options" };
  if (value === "") return { value: null };
  return optionValues(def).includes(value) ? { value } : { problem: `"${value.slice(0, 40)}" is not one of the options` };
}

function checkMultiChoice(def: CustomFieldDef, value: unknown): ValueCheck {
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) return { problem: "must be a list of options" };
  const allowed = optionValues(def);
  const unknown = value.find((item) => !allowed.includes(item as string));
  if (unknown !== undefined) return { problem: `"${String(unknown).slice(0, 40)}" is not one of the options` };
  const chosen = [...new Set(value as string[])];
  return { value: chosen.length > 0 ? chosen : null };
}

/**
 * One API value checked against its definition and normalized (text trimmed, empty → null,
 * money amounts to 2 decimals, e-mail lower case, web addresses with a scheme). A user id is
 * only checked for shape here: whether it is an active user needs the database.
 */
export function checkCustomValue(def: CustomFieldDef, value: unknown): ValueCheck {
  if (value === null || value === undefined) return { value: null };
  switch (def.type) {
    case "text":
      return checkText(value, customValueLimits.textMax, true);
    case "long_text":
      return checkText(value, customValueLimits.longTextMax, false);
    case "number":
      return checkNumber(value);
    case "money":
      return checkMoney(value);
    case "date":
      return typeof value === "string" && isIsoDate(value.trim())
        ? { value: value.trim() }
        : value === ""
          ? { value: null }
          : { problem: "must be a date like 2024-03-31" };
    case "choice":
      return checkChoice(def, value);
    case "multi_choice":
      return checkMultiChoice(def, value);
    case "yes_no":
      return typeof value === "boolean" ? { value } : { problem: "must be true or false" };
    case "url":
      return checkUrl(value);
    case "email":
      return checkEmail(value);
    case "phone":
      return checkPhone(value);
    case "user":
      if (value === "") return { value: null };
      return typeof value === "string" && uuidPattern.test(value) ? { value: value.toLowerCase() } : { problem: "must be a user id" };
  }
}

/** Nothing there: null, missing or an empty list. */
export const isBlank = (value: CustomValue | undefined) =>
  value === null || value === undefined || (Array.isArray(value) && value.length === 0);

/** Same JSON value (object key order ignored, array order kept). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((item, index) => sameValue(item, (b as unknown[])[index]));
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return (
    keysA.length === keysB.length &&
    keysA.every((key) => sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
  );
}

export type CustomCheck = {
  /** The record's custom values after the change (cleared keys removed). */
  values: CustomValues;
  problems: FieldProblem[];
  /** User ids the change sets, with the field each came from: the caller checks they are active users. */
  userRefs: { field: string; id: string }[];
};

/**
 * Checks `changes` to a record's custom values against the definitions and merges them into
 * `current`. A key without a definition, or of an archived field, cannot be changed (sending
 * its current value back unchanged is fine: forms may round-trip the whole object). Required
 * fields: with `requireAll` (creating a record) every active required field needs a value;
 * otherwise a change may not clear one. Synchronous; `validateCustomValues` adds the user check.
 */
export function checkCustomValues(
  defs: readonly CustomFieldDef[],
  changes: CustomValues | undefined,
  current: CustomValues | null | undefined,
  opts: { requireAll?: boolean } = {},
): CustomCheck {
  const byKey = new Map(defs.map((def) => [def.key, def]));
  const values: CustomValues = { ...(current ?? {}) };
  const problems: FieldProblem[] = [];
  const userRefs: CustomCheck["userRefs"] = [];
  for (const [key, raw] of Object.entries(changes ?? {})) {
    const field = `custom.${key}`;
    const def = byKey.get(key);
    if (current && key in current && sameValue(raw, current[key])) continue;
    if (!def) {
      problems.push({ field, message: "is not a custom field of this record" });
      continue;
    }
    if (def.archived) {
      problems.push({ field, message: "is archived and cannot be changed" });
      continue;
    }
    const checked = checkCustomValue(def, raw);
    if ("problem" in checked) {
      problems.push({ field, message: checked.problem });
      continue;
    }
    if (isBlank(checked.value)) {
      if (def.required) problems.push({ field, message: "is required" });
      delete values[key];
      continue;
    }
    if (def.type === "user") userRefs.push({ field, id: checked.value as string });
    values[key] = checked.value;
  }
  if (opts.requireAll) {
    for (const def of defs) {
      if (!def.required || def.archived || !isBlank(values[def.key])) continue;
      const field = `custom.${def.key}`;
      if (!problems.some((problem) => problem.field === field)) problems.push({ field, message: "is required" });
    }
  }
  return { values, problems, userRefs };
}

// ─── CSV ─────────────────────────────────────────────────────────────────────

/** The text of a value in a CSV cell; `parseCustomCell` reads it back. */
export function formatCustomCell(def: CustomFieldDef, value: CustomValue | undefined): CsvValue {
  if (value === null || value === undefined) return null;
  switch (def.type) {
    case "money": {
      const money = value as MoneyValue;
      return typeof money === "object" && !Array.isArray(money) ? `${money.amount} ${money.currency}` : null;
    }
    case "multi_choice":
      return Array.isArray(value) ? value.join("; ") : String(value);
    case "yes_no":
      return value === true ? "yes" : value === false ? "no" : null;
    default:
      return typeof value === "object" ? JSON.stringify(value) : value;
  }
}

/** One `custom.<key>` column per active field, in the order given. */
export function customCsvColumns<Row>(
  defs: readonly CustomFieldDef[],
  get: (row: Row) => CustomValues | null | undefined,
): CsvColumn<Row>[] {
  return defs
    .filter((def) => !def.archived)
    .map((def) => ({ header: `custom.${def.key}`, value: (row: Row) => formatCustomCell(def, get(row)?.[def.key]) }));
}

/** Yes/no words in the UI languages (en, sv, zh-CN) and the usual spreadsheet spellings. */
const yesWords = new Set(["yes", "y", "true", "1", "ja", "j", "是", "是的", "x", "✓"]);
const noWords = new Set(["no", "n", "false", "0", "nej", "否", "不是"]);

export function parseYesNo(raw: string): boolean | undefined {
  const word = raw.trim().toLowerCase();
  if (yesWords.has(word)) return true;
  if (noWords.has(word)) return false;
  return undefined;
}

/**
 * A decimal number as spreadsheets write it: spaces, non-breaking spaces and apostrophes as
 * thousands separators. With both comma and point, the last one is the decimal separator
 * ("1,234.5" and "1.234,5"); a single comma alone is a decimal comma (Swedish), several
 * commas alone are thousands separators.
 */
export function parseDecimal(raw: string): string | undefined {
  let text = raw.trim().replace(/[\s\u00a0\u202f']/g, "");
  const commas = (text.match(/,/g) ?? []).length;
  if (commas > 0 && text.includes(".")) {
    text = text.lastIndexOf(",") > text.lastIndexOf(".") ? text.replace(/\./g, "").replace(",", ".") : text.replace(/,/g, "");
  } else if (commas > 1) text = text.replace(/,/g, "");
  else if (commas === 1) text = text.replace(",", ".");
  if (text.startsWith("+")) text = text.slice(1);
  return /^-?\d+(\.\d+)?$/.test(text) ? text : undefined;
}

/** A choice option by value or by its label in any language (accents and case ignored). */
function findOption(def: CustomFieldDef, raw: string): string | undefined {
  const text = raw.trim();
  const exact = def.options.find((option) => option.value === text);
  if (exact) return exact.value;
  const wanted = fold(text);
  return def.options.find(
    (option) =>
      fold(option.value) === wanted || Object.values(option.labels).some((label) => label !== undefined && fold(label) === wanted),
  )?.value;
}

/**
 * One cell of a CSV import, read for its field: empty → null (whether that is allowed is the
 * required check's business). Undoes the export's formula guard (a leading ' before = + - @).
 * Money is "123.45 EUR" (or "EUR 123.45"; without a currency `defaultCurrency` is used);
 * multi-choice values are separated by ; or |; options match by value or by label.
 */
export function parseCustomCell(def: CustomFieldDef, raw: string, defaultCurrency?: string | null): ValueCheck {
  let text = raw.trim();
  if (/^'[=+\-@\t\r]/.test(text)) text = text.slice(1);
  if (text === "") return { value: null };
  switch (def.type) {
    case "number": {
      const decimal = parseDecimal(text);
      return decimal === undefined ? { problem: "must be a number" } : checkNumber(Number(decimal));
    }
    case "money": {
      const match = /^(?:([A-Za-z]{3})\s*)?([^A-Za-z]+?)(?:\s*([A-Za-z]{3}))?$/.exec(text);
      const currency = match?.[1] ?? match?.[3] ?? defaultCurrency ?? undefined;
      if (match?.[1] && match[3]) return { problem: 'must be an amount and a currency, like "123.45 EUR"' };
      const decimal = match ? parseDecimal(match[2]!) : undefined;
      if (decimal === undefined) return { problem: 'must be an amount and a currency, like "123.45 EUR"' };
      if (!currency) return { problem: 'needs a currency, like "123.45 EUR"' };
      return checkMoney({ amount: decimal, currency });
    }
    case "date":
      return isIsoDate(text) ? { value: text } : { problem: "must be a date like 2024-03-31" };
    case "choice": {
      const value = findOption(def, text);
      return value !== undefined ? { value } : { problem: `"${text.slice(0, 40)}" is not one of the options` };
    }
    case "multi_choice": {
      const values: string[] = [];
      for (const part of text.split(/[;|]/)) {
        if (part.trim() === "") continue;
        const value = findOption(def, part);
        if (value === undefined) return { problem: `"${part.trim().slice(0, 40)}" is not one of the options` };
        if (!values.includes(value)) values.push(value);
      }
      return { value: values.length > 0 ? values : null };
    }
    case "yes_no": {
      const value = parseYesNo(text);
      return value === undefined ? { problem: "must be yes or no" } : { value };
    }
    default:
      return checkCustomValue(def, text);
  }
}
