/**
 * Exact decimal arithmetic for money and quantities, shared by the server and the web app. Decimal
 * text ("-1234.50") is scaled to an integer of 10^-scale units — cents of an amount (2), thousandths
 * of a quantity (3), basis points of a discount percentage (2) — and never goes through a float.
 * Rounding is half away from zero, so "half up" on the amounts people see.
 */

/** A decimal as an integer count of 10^-scale units: "12.30" is { units: 1230n, scale: 2 }. */
export type ScaledDecimal = { units: bigint; scale: number };

const decimalPattern = /^(-?)(\d+)(?:\.(\d+))?$/;

const powerOfTen = (digits: number) => 10n ** BigInt(digits);

/**
 * Plain decimal text exactly as written, keeping as many decimals as it has (blanks around it are
 * ignored); null for anything else: "", "1e3", ".5", "1.", "+1", "1,5".
 */
export function parseDecimal(text: string): ScaledDecimal | null {
  const match = decimalPattern.exec(text.trim());
  if (!match) return null;
  const [, sign, whole, fraction = ""] = match;
  const units = BigInt(whole! + fraction);
  return { units: sign === "-" ? -units : units, scale: fraction.length };
}

/** Divides rounding half away from zero. */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const result = (n * 2n + d) / (d * 2n);
  return negative ? -result : result;
}

/** `text` in 10^-scale units, digits beyond the scale rounded half up; null when it is not a plain decimal. */
export function toUnits(text: string, scale: number): bigint | null {
  const decimal = parseDecimal(text);
  if (!decimal) return null;
  if (decimal.scale <= scale) return decimal.units * powerOfTen(scale - decimal.scale);
  return divideRounded(decimal.units, powerOfTen(decimal.scale - scale));
}

/**
 * `text` in 10^-scale units, exactly: throws when it is not a plain decimal or has a non-zero digit
 * beyond the scale (trailing zeros are fine). For values already validated, where a miss is a bug.
 */
export function exactUnits(text: string, scale: number): bigint {
  const decimal = parseDecimal(text);
  if (!decimal) throw new Error(`not a decimal: ${text}`);
  if (decimal.scale <= scale) return decimal.units * powerOfTen(scale - decimal.scale);
  const divisor = powerOfTen(decimal.scale - scale);
  if (decimal.units % divisor !== 0n) throw new Error(`too many decimals: ${text}`);
  return decimal.units / divisor;
}

/** Units back to decimal text with `scale` digits, trailing zeros trimmed down to `keep` digits. */
export function fromUnits(units: bigint, scale: number, keep = 0): string {
  const negative = units < 0n;
  const absolute = negative ? -units : units;
  const base = powerOfTen(scale);
  let fraction = scale > 0 ? (absolute % base).toString().padStart(scale, "0") : "";
  while (fraction.length > keep && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  return `${negative ? "-" : ""}${absolute / base}${fraction ? `.${fraction}` : ""}`;
}

/** An amount in cents ("12.3" → 1230n); throws on more than 2 decimals. */
export const cents = (text: string) => exactUnits(text, 2);
/** A quantity in thousandths ("2.5" → 2500n); throws on more than 3 decimals. */
export const milli = (text: string) => exactUnits(text, 3);
/** A discount percentage in basis points ("12.5" → 1250n); throws on more than 2 decimals. */
export const basisPoints = (text: string) => exactUnits(text, 2);
/** Cents as an amount with two decimals, as the API sends amounts: 1230n → "12.30". */
export const money = (value: bigint) => fromUnits(value, 2, 2);

export const sum = (values: readonly bigint[]) => values.reduce((total, value) => total + value, 0n);

/** quantity (thousandths) × unit price (cents) − discount (basis points), in cents rounded half up. */
export const lineAmountUnits = (quantity: bigint, unitPrice: bigint, discount: bigint) =>
  divideRounded(quantity * unitPrice * (10_000n - discount), 1000n * 10_000n);

/** quantity × unit price − discount %, in cents rounded half up; throws on text that is not such a number. */
export function lineAmount(quantity: string, unitPrice: string, discountPercent = "0"): bigint {
  return lineAmountUnits(milli(quantity), cents(unitPrice), basisPoints(discountPercent));
}

/** A decimal given as text (as PostgreSQL prints `numeric`) or as a number (a count); throws on anything else. */
function decimalOf(value: number | string): ScaledDecimal {
  if (typeof value === "number" && !Number.isFinite(value)) throw new Error(`not a finite amount: ${value}`);
  // An integer prints exactly through BigInt; a number printed in exponent form is refused below.
  const text = typeof value === "number" ? (Number.isInteger(value) ? BigInt(value).toString() : String(value)) : value;
  const decimal = parseDecimal(text);
  if (!decimal) throw new Error(`not a decimal: ${text}`);
  return decimal;
}

/** a − b exactly, as decimal text without trailing zeros ("100.00" − "321.410" → "-221.41"). */
export function subtractDecimals(a: number | string, b: number | string): string {
  const left = decimalOf(a);
  const right = decimalOf(b);
  const scale = Math.max(left.scale, right.scale);
  const difference = left.units * powerOfTen(scale - left.scale) - right.units * powerOfTen(scale - right.scale);
  return fromUnits(difference, scale);
}

/** −a as decimal text. */
export const negateDecimal = (a: number | string): string => subtractDecimals(0, a);

/** Whether a decimal is zero in any spelling ("0.000", "-0", 0). */
export const isZeroDecimal = (a: number | string): boolean => decimalOf(a).units === 0n;
