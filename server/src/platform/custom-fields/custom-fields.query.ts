/**
 * SQL over a record's `custom` JSONB column: list filters (`filter[custom.<key>]`) and typed
 * sort expressions. Equality-like filters use containment (@>), which the GIN jsonb_path_ops
 * index on `custom` serves; ranges and "contains" read the value with ->>.
 */
import { sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { FieldProblem } from "../errors";
import { canonicalAmount, isIsoDate, parseYesNo, type CustomFieldDef } from "./custom-fields.values";

type Column = SQL | AnyPgColumn;

const keyPattern = /^[a-z][a-z0-9_]{0,39}$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const numberPattern = /^-?\d{1,15}(\.\d{1,6})?$/;
/** Values one filter may list (choice, multi-choice, user). */
export const filterValuesMax = 50;

/** The key as a SQL string literal: keys are checked against their pattern, so inlining is safe (and lets an expression index match). */
function keyLiteral(key: string): SQL {
  if (!keyPattern.test(key)) throw new Error(`not a custom field key: ${key}`);
  return sql.raw(`'${key}'`);
}

const jsonOf = (column: Column, key: string) => sql`(${column} -> ${keyLiteral(key)})`;
const textOf = (column: Column, key: string) => sql`(${column} ->> ${keyLiteral(key)})`;
const contains = (column: Column, document: unknown) => sql`${column} @> ${JSON.stringify(document)}::jsonb`;

/**
 * The value of `def` as its type sorts: numbers numeric, money by amount (numeric), dates as
 * dates, anything else as text; NULL where the record has no (well-formed) value.
 */
export function customSortExpression(column: Column, def: Pick<CustomFieldDef, "key" | "type">): SQL {
  const { key } = def;
  switch (def.type) {
    case "number":
      return sql`(CASE WHEN jsonb_typeof(${jsonOf(column, key)}) = 'number' THEN ${textOf(column, key)}::numeric END)`;
    case "money": {
      const amount = sql`(${jsonOf(column, key)} ->> 'amount')`;
      return sql`(CASE WHEN jsonb_typeof(${jsonOf(column, key)}) = 'object' AND ${amount} ~ '^-?[0-9]{1,15}(\\.[0-9]{1,2})?$' THEN ${amount}::numeric END)`;
    }
    case "date":
      return sql`(CASE WHEN ${textOf(column, key)} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN ${textOf(column, key)}::date END)`;
    default:
      return textOf(column, key);
  }
}

/** The sort value as text (what a keyset cursor holds): numbers and dates in their canonical text form. */
export function customSortKeyText(column: Column, def: Pick<CustomFieldDef, "key" | "type">): SQL<string | null> {
  return sql<string | null>`(${customSortExpression(column, def)})::text`;
}

/**
 * A cursor's sort value cast to the sort expression's type, or undefined when it cannot be
 * one (a tampered cursor, or one from another sort): callers answer that with 400.
 */
export function customSortCursorValue(def: Pick<CustomFieldDef, "type">, value: unknown): SQL | undefined {
  if (value === null) return sql`NULL`;
  if (typeof value !== "string" || value.includes("\u0000") || value.length > 10_000) return undefined;
  switch (def.type) {
    case "number":
    case "money":
      return /^-?\d{1,15}(\.\d+)?$/.test(value) ? sql`${value}::numeric` : undefined;
    case "date":
      return isIsoDate(value) ? sql`${value}::date` : undefined;
    default:
      return sql`${value}::text`;
  }
}

type Range = { min?: string; max?: string };

/** `min..max` (either side optional) or one value meaning exactly it; `valid` checks and normalizes each bound. */
function parseRange(raw: string, valid: (text: string) => string | undefined): Range | string {
  const parts = raw.includes("..") ? raw.split("..") : [raw, raw];
  if (parts.length !== 2) return "must be a value or a range like 10..20";
  const [low, high] = parts.map((part) => part.trim()) as [string, string];
  if (low === "" && high === "") return "must be a value or a range like 10..20";
  const range: Range = {};
  if (low !== "") {
    const value = valid(low);
    if (value === undefined) return `"${low.slice(0, 40)}" is not a valid bound`;
    range.min = value;
  }
  if (high !== "") {
    const value = valid(high);
    if (value === undefined) return `"${high.slice(0, 40)}" is not a valid bound`;
    range.max = value;
  }
  return range;
}

function rangeCondition(expression: SQL, range: Range, cast: string): SQL {
  const bounds: SQL[] = [];
  if (range.min !== undefined) bounds.push(sql`${expression} >= ${range.min}::${sql.raw(cast)}`);
  if (range.max !== undefined) bounds.push(sql`${expression} <= ${range.max}::${sql.raw(cast)}`);
  return sql.join(bounds, sql` AND `);
}

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const anyOf = (conditions: SQL[]) => sql`(${sql.join(conditions, sql` OR `)})`;

/** A list of values separated by commas: each trimmed, empty ones dropped, duplicates once. */
const listOf = (raw: string) => [...new Set(raw.split(",").map((part) => part.trim()))].filter((part) => part !== "");

/** The condition of one field's filter, or the problem with its value. */
function filterFor(column: Column, def: CustomFieldDef, raw: string): SQL | string {
  const { key } = def;
  switch (def.type) {
    case "text":
    case "long_text":
    case "url":
    case "email":
    case "phone":
      if (raw.length > 200) return "must be at most 200 characters";
      return sql`relata_fold(${textOf(column, key)}) LIKE '%' || relata_fold(${likeEscape(raw)}) || '%'`;
    case "choice":
    case "multi_choice": {
      const values = listOf(raw);
      if (values.length > filterValuesMax) return `may list at most ${filterValuesMax} options`;
      const allowed = def.options.map((option) => option.value);
      const unknown = values.find((value) => !allowed.includes(value));
      if (unknown !== undefined) return `"${unknown.slice(0, 40)}" is not one of the options`;
      // choice: the value is one of them; multi-choice: any of them is among the values.
      return anyOf(values.map((value) => contains(column, { [key]: def.type === "choice" ? value : [value] })));
    }
    case "user": {
      const values = listOf(raw);
      if (values.length > filterValuesMax) return `may list at most ${filterValuesMax} users`;
      const bad = values.find((value) => !uuidPattern.test(value));
      if (bad !== undefined) return `"${bad.slice(0, 40)}" is not a user id`;
      return anyOf(values.map((value) => contains(column, { [key]: value.toLowerCase() })));
    }
    case "yes_no": {
      const value = parseYesNo(raw);
      if (value === undefined) return "must be true or false";
      // "No" is every record that is not a yes: a blank yes/no field reads as no on the card.
      return value ? contains(column, { [key]: true }) : sql`NOT (${contains(column, { [key]: true })})`;
    }
    case "number": {
      const range = parseRange(raw, (text) => (numberPattern.test(text) ? text : undefined));
      return typeof range === "string" ? range : rangeCondition(customSortExpression(column, def), range, "numeric");
    }
    case "money": {
      // An amount range, optionally in one currency: "100..500", "..1000 EUR", "250 SEK".
      const match = /^(.*?)(?:(?:^|\s+)([A-Za-z]{3}))?$/.exec(raw);
      const amounts = match?.[1] ?? "";
      const currency = match?.[2]?.toUpperCase();
      const conditions: SQL[] = [];
      if (amounts !== "") {
        const range = parseRange(amounts, (text) => canonicalAmount(text));
        if (typeof range === "string") return range;
        conditions.push(rangeCondition(customSortExpression(column, def), range, "numeric"));
      }
      if (currency) conditions.push(contains(column, { [key]: { currency } }));
      return conditions.length > 0 ? sql.join(conditions, sql` AND `) : "must be an amount or a range like 100..500 EUR";
    }
    case "date": {
      const range = parseRange(raw, (text) => (isIsoDate(text) ? text : undefined));
      return typeof range === "string" ? range : rangeCondition(customSortExpression(column, def), range, "date");
    }
  }
}

/**
 * The WHERE fragment of a list's custom-field filters (key → raw query value; empty values
 * are ignored), and the problems with them, each on `filter[custom.<key>]`. Archived fields
 * may still be filtered on: their values stay, and saved views may name them.
 */
export function customFilterCondition(
  column: Column,
  defs: readonly CustomFieldDef[],
  customFilters: Record<string, string> | undefined,
): { condition: SQL | undefined; problems: FieldProblem[] } {
  const byKey = new Map(defs.map((def) => [def.key, def]));
  const conditions: SQL[] = [];
  const problems: FieldProblem[] = [];
  for (const [key, value] of Object.entries(customFilters ?? {})) {
    const field = `filter[custom.${key}]`;
    const def = byKey.get(key);
    if (!def || !keyPattern.test(key)) {
      problems.push({ field, message: "is not a custom field of this list" });
      continue;
    }
    const raw = value.trim();
    if (raw === "") continue;
    if (raw.includes("\u0000")) {
      problems.push({ field, message: "must not contain NUL characters" });
      continue;
    }
    const result = filterFor(column, def, raw);
    if (typeof result === "string") problems.push({ field, message: result });
    else conditions.push(sql`(${result})`);
  }
  return { condition: conditions.length > 0 ? sql.join(conditions, sql` AND `) : undefined, problems };
}
