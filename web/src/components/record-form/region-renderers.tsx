/**
 * Country (ISO 3166-1 alpha-2) and currency (ISO 4217) fields: pickers whose names come from the
 * browser (Intl.DisplayNames) in the UI language, so no name list needs translating.
 */
import { useMemo } from "react";
import { Select, Text, type ComboboxItem, type OptionsFilter } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { commonInputProps, inputWrapperOrder } from "./input-props";
import { registerFieldType, type FieldDisplayProps, type FieldInputProps } from "./registry";
import { EmptyValue } from "./empty-value";

/** Every officially assigned ISO 3166-1 alpha-2 code. */
export const countryCodes = (
  "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH " +
  "CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN " +
  "GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI " +
  "LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM " +
  "PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD " +
  "TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
).split(" ");

/** Currencies offered when the browser cannot list its own. */
const fallbackCurrencies = ["EUR", "USD", "SEK", "NOK", "DKK", "GBP", "CHF", "CNY", "HKD", "JPY", "PLN", "CAD", "AUD", "SGD", "INR"];

export function currencyCodes(): string[] {
  const supported = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  try {
    const list = supported ? supported("currency") : [];
    return list.length ? list : fallbackCurrencies;
  } catch {
    return fallbackCurrencies;
  }
}

function displayNames(language: string, type: "region" | "currency"): Intl.DisplayNames | undefined {
  try {
    return new Intl.DisplayNames(language, { type });
  } catch {
    return undefined;
  }
}

/** A country's name in the UI language ("SE" → "Sweden" / "瑞典" / "Sverige"). */
export function useCountryName(): (code: string | null | undefined) => string | undefined {
  const { i18n } = useTranslation();
  const names = useMemo(() => displayNames(i18n.language, "region"), [i18n.language]);
  return (code) => (code ? (names?.of(code.toUpperCase()) ?? code.toUpperCase()) : undefined);
}

/** Countries as picker options, sorted by their name in the UI language. */
export function useCountryOptions(): { value: string; label: string }[] {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const names = displayNames(i18n.language, "region");
    const collator = new Intl.Collator(i18n.language);
    return countryCodes.map((code) => ({ value: code, label: names?.of(code) ?? code })).sort((a, b) => collator.compare(a.label, b.label));
  }, [i18n.language]);
}

/** A currency's name in the UI language ("SEK" → "Swedish krona" / "瑞典克朗" / "svensk krona"). */
export function useCurrencyName(): (code: string) => string | undefined {
  const { i18n } = useTranslation();
  const names = useMemo(() => displayNames(i18n.language, "currency"), [i18n.language]);
  return (code) => names?.of(code);
}

export function useCurrencyOptions(): { value: string; label: string }[] {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const names = displayNames(i18n.language, "currency");
    return currencyCodes().map((code) => ({ value: code, label: `${code} · ${names?.of(code) ?? code}` }));
  }, [i18n.language]);
}

/** Matches the code, the label, or the name `nameOf` gives ("se" finds Sweden, "krona" finds SEK). */
export function codeOrNameFilter(nameOf?: (code: string) => string | undefined): OptionsFilter {
  return ({ options, search }) => {
    const needle = search.trim().toLocaleLowerCase();
    if (!needle) return options;
    return (options as ComboboxItem[]).filter(
      (option) =>
        option.value.toLowerCase() === needle ||
        option.label.toLocaleLowerCase().includes(needle) ||
        (nameOf?.(option.value) ?? "").toLocaleLowerCase().includes(needle),
    );
  };
}
const codeFilter = codeOrNameFilter();

type PickerProps = Pick<
  FieldInputProps,
  "label" | "description" | "placeholder" | "error" | "required" | "disabled" | "readOnly" | "autoFocus"
> & {
  value: string | null;
  onChange: (value: string | null) => void;
  testId?: string;
  clearable?: boolean;
};

export function CountrySelect({ value, onChange, testId, clearable = true, ...props }: PickerProps) {
  const { t } = useTranslation("components");
  const options = useCountryOptions();
  return (
    <Select
      {...props}
      data={options}
      value={value ? value.toUpperCase() : null}
      onChange={onChange}
      searchable
      clearable={clearable && !props.required}
      filter={codeFilter}
      limit={60}
      nothingFoundMessage={t("picker.nothingFound")}
      inputWrapperOrder={inputWrapperOrder}
      data-autofocus={props.autoFocus || undefined}
      data-testid={testId}
    />
  );
}

function CountryField(props: FieldInputProps) {
  return (
    <CountrySelect
      {...props}
      value={typeof props.value === "string" && props.value ? props.value : null}
      onChange={(next) => props.onChange(next)}
      testId={props.testId}
    />
  );
}
/** A country by its name in the UI language (the code on hover); a dash when there is none. */
export function CountryName({ code }: { code: string | null | undefined }) {
  const name = useCountryName();
  if (!code) return <EmptyValue />;
  return (
    <Text span inherit title={code}>
      {name(code)}
    </Text>
  );
}
function CountryDisplay({ value }: FieldDisplayProps) {
  return <CountryName code={typeof value === "string" ? value : null} />;
}

function CurrencyField(props: FieldInputProps) {
  const { t } = useTranslation("components");
  const options = useCurrencyOptions();
  return (
    <Select
      {...commonInputProps(props)}
      data={options}
      value={typeof props.value === "string" && props.value ? props.value.toUpperCase() : null}
      onChange={(next) => props.onChange(next)}
      searchable
      clearable={!props.required}
      filter={codeFilter}
      nothingFoundMessage={t("picker.nothingFound")}
    />
  );
}
function CurrencyDisplay({ value }: FieldDisplayProps) {
  const name = useCurrencyName();
  if (typeof value !== "string" || !value) return <EmptyValue />;
  return <Text span inherit>{`${value} · ${name(value) ?? value}`}</Text>;
}

registerFieldType("country", { input: CountryField, display: CountryDisplay });
registerFieldType("currency", { input: CurrencyField, display: CurrencyDisplay });
