import type { Locale } from "@relata/contracts";

/** Formatting per the user's language and time zone; every date, number and amount goes through here. */
export type FormatSettings = { locale: Locale; timeZone: string };

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let value = cache.get(key) as T | undefined;
  if (!value) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

function toDate(value: string | number | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

export function validTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return true;
  } catch {
    return false;
  }
}

export function createFormatter({ locale, timeZone }: FormatSettings) {
  const zone = validTimeZone(timeZone) ? timeZone : "UTC";
  return {
    date(value: string | number | Date) {
      return cached(`d|${locale}|${zone}`, () => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: zone })).format(
        toDate(value),
      );
    },
    dateTime(value: string | number | Date) {
      return cached(
        `dt|${locale}|${zone}`,
        () => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: zone }),
      ).format(toDate(value));
    },
    time(value: string | number | Date) {
      return cached(`t|${locale}|${zone}`, () => new Intl.DateTimeFormat(locale, { timeStyle: "short", timeZone: zone })).format(
        toDate(value),
      );
    },
    number(value: number, fractionDigits?: number) {
      return cached(
        `n|${locale}|${fractionDigits}`,
        () =>
          new Intl.NumberFormat(
            locale,
            fractionDigits === undefined ? {} : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits },
          ),
      ).format(value);
    },
    percent(value: number) {
      return cached(`p|${locale}`, () => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 })).format(value);
    },
    /** Amounts are kept as decimal strings or numbers in the currency's major unit. */
    money(amount: number | string, currency: string) {
      return cached(`m|${locale}|${currency}`, () => new Intl.NumberFormat(locale, { style: "currency", currency })).format(Number(amount));
    },
    /** "3 minutes ago", "in 2 days" */
    relative(value: string | number | Date, now: number = Date.now()) {
      const seconds = Math.round((toDate(value).getTime() - now) / 1000);
      const format = cached(`r|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: "auto" }));
      const steps: [Intl.RelativeTimeFormatUnit, number][] = [
        ["second", 60],
        ["minute", 60],
        ["hour", 24],
        ["day", 7],
        ["week", 4.35],
        ["month", 12],
        ["year", Infinity],
      ];
      let amount = seconds;
      for (const [unit, size] of steps) {
        if (Math.abs(amount) < size) return format.format(Math.round(amount), unit);
        amount /= size;
      }
      return format.format(Math.round(amount), "year");
    },
  };
}
export type Formatter = ReturnType<typeof createFormatter>;

/** Time zones the browser knows, for the profile's picker. */
export function timeZones(): string[] {
  const supported = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  const zones = supported ? supported("timeZone") : [];
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}
