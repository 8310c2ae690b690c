/**
 * Rows in PostgreSQL's COPY text format (tab-separated, `\N` for NULL, backslash escapes), the
 * fastest way to hand the database many rows.
 */
export type CopyValue = string | number | boolean | null | undefined | object;

const special = /[\\\t\n\r]/;

function escape(text: string): string {
  if (!special.test(text)) return text;
  return text.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

/** One row as a COPY text line (with its newline). Objects and arrays become JSON (for jsonb columns). */
export function copyLine(values: readonly CopyValue[]): string {
  let line = "";
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (i > 0) line += "\t";
    if (value === null || value === undefined) line += "\\N";
    else if (typeof value === "string") line += escape(value);
    else if (typeof value === "number") line += String(value);
    else if (typeof value === "boolean") line += value ? "t" : "f";
    else line += escape(JSON.stringify(value));
  }
  return `${line}\n`;
}

/** A PostgreSQL array literal of uuids (or other values that need no quoting). */
export const pgArray = (values: readonly string[]) => `{${values.join(",")}}`;

/** Cents as a decimal amount ("1234.50"). */
export function money(cents: number): string {
  const negative = cents < 0;
  const abs = Math.abs(cents);
  const text = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
  return negative ? `-${text}` : text;
}

const dayMs = 86_400_000;

/** A calendar date (UTC) of a time in ms. */
export const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const timestampOf = (ms: number) => new Date(ms).toISOString();
export const addDays = (ms: number, days: number) => ms + days * dayMs;

export function addMonths(ms: number, months: number): number {
  const date = new Date(ms);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, last));
  return date.getTime();
}

export { dayMs };
