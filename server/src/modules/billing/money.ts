/**
 * Money and quantities as exact integers: amounts in cents (2 decimals), quantities in
 * thousandths (3 decimals), discounts in basis points. Never floats; rounding is half up.
 */
function scaled(text: string, decimals: number): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`not a decimal: ${text}`);
  const fraction = (match[3] ?? "").padEnd(decimals, "0");
  if (fraction.length > decimals && /[1-9]/.test(fraction.slice(decimals))) throw new Error(`too many decimals: ${text}`);
  const value = BigInt(match[2]! + fraction.slice(0, decimals));
  return match[1] === "-" ? -value : value;
}

function format(value: bigint, decimals: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(decimals + 1, "0");
  const text = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  return negative ? `-${text}` : text;
}

export const cents = (text: string) => scaled(text, 2);
export const money = (value: bigint) => format(value, 2);
export const milli = (text: string) => scaled(text, 3);
export const quantityText = (value: bigint) => format(value, 3);
/** A quantity as people write it: "1", "2.5" (no trailing zeros), for messages. */
export const quantityWords = (value: bigint) => quantityText(value).replace(/\.?0+$/, "");
export const basisPoints = (text: string) => scaled(text, 2);

/** Divides rounding half away from zero. */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const result = (n * 2n + d) / (d * 2n);
  return negative ? -result : result;
}

/** quantity × unit price − discount, in cents. */
export function lineAmount(quantity: string, unitPrice: string, discountPercent = "0"): bigint {
  return divideRounded(milli(quantity) * cents(unitPrice) * (10_000n - basisPoints(discountPercent)), 1000n * 10_000n);
}

export const sum = (values: readonly bigint[]) => values.reduce((total, value) => total + value, 0n);

/** Adds whole months to a YYYY-MM-DD date (the last day of a shorter month when the day does not exist). */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, last));
  return target.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}

export const today = () => new Date().toISOString().slice(0, 10);

/** Whole days from `from` to `to` (YYYY-MM-DD). */
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
