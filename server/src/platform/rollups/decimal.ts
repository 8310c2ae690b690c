/**
 * Exact arithmetic on decimal amounts as PostgreSQL's `numeric` prints them ("-1234.50"): the
 * rollups subtract a stored value from a recounted one, and a float would leave 321.41 as
 * 321.410000000000005. Integers (counts) pass as numbers.
 */
const decimalPattern = /^(-?)(\d+)(?:\.(\d+))?$/;

type Scaled = { units: bigint; scale: number };

function parse(value: number | string): Scaled {
  const text = typeof value === "number" ? numberText(value) : value.trim();
  const match = decimalPattern.exec(text);
  if (!match) throw new Error(`not a decimal amount: ${text}`);
  const [, sign, whole, fraction = ""] = match;
  const units = BigInt(whole! + fraction);
  return { units: sign === "-" ? -units : units, scale: fraction.length };
}

function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite amount: ${value}`);
  // Integers and short decimals print plainly; anything in exponent form is not an amount we keep.
  return Number.isInteger(value) ? BigInt(value).toString() : String(value);
}

function format({ units, scale }: Scaled): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? digits.slice(digits.length - scale).replace(/0+$/, "") : "";
  const text = fraction ? `${whole}.${fraction}` : whole;
  return negative && text !== "0" ? `-${text}` : text;
}

const rescale = (value: Scaled, scale: number): bigint => value.units * 10n ** BigInt(scale - value.scale);

/** a − b, exactly, as decimal text. */
export function subtractDecimals(a: number | string, b: number | string): string {
  const left = parse(a);
  const right = parse(b);
  const scale = Math.max(left.scale, right.scale);
  return format({ units: rescale(left, scale) - rescale(right, scale), scale });
}

/** −a as decimal text. */
export const negateDecimal = (a: number | string): string => subtractDecimals(0, a);

export const isZero = (a: number | string): boolean => parse(a).units === 0n;
