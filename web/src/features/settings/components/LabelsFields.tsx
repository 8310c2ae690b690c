import { Fieldset, SimpleGrid, Text, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { limits, locales, type Locale } from "@relata/contracts";
import { languageNames } from "../../../i18n";

export type LabelDraft = Record<Locale, string>;

export const emptyLabels = (): LabelDraft => ({ en: "", "zh-CN": "", sv: "" });

/** A stored label as a draft (missing translations as empty text). */
export function labelDraft(labels: Partial<Record<Locale, string>> | undefined): LabelDraft {
  return { en: labels?.en ?? "", "zh-CN": labels?.["zh-CN"] ?? "", sv: labels?.sv ?? "" };
}

/** The draft as the API takes it: trimmed, empty translations left out (they fall back to English). */
export function labelsBody(draft: LabelDraft): { en: string; "zh-CN"?: string; sv?: string } {
  const body: { en: string; "zh-CN"?: string; sv?: string } = { en: draft.en.trim() };
  if (draft["zh-CN"].trim()) body["zh-CN"] = draft["zh-CN"].trim();
  if (draft.sv.trim()) body.sv = draft.sv.trim();
  return body;
}

/**
 * A label in English, 中文 and Svenska side by side (stacked on a phone). English is required;
 * an empty translation shows the English label to readers of that language.
 */
export function LabelsFields({
  legend,
  value,
  onChange,
  errors,
  errorPrefix = "labels",
  testId,
  autoFocus,
}: {
  legend: string;
  value: LabelDraft;
  onChange: (next: LabelDraft) => void;
  /** Problems by field name: `<errorPrefix>.en`, `<errorPrefix>.zh-CN`, `<errorPrefix>.sv` */
  errors: Record<string, string | undefined>;
  errorPrefix?: string;
  testId: string;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation("settings");
  return (
    <Fieldset legend={legend} variant="unstyled" styles={{ legend: { fontWeight: 600, fontSize: "var(--mantine-font-size-sm)" } }}>
      <Text size="xs" c="dimmed">
        {t("labels.hint")}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs" mt={6}>
        <LabelInputs value={value} onChange={onChange} errors={errors} errorPrefix={errorPrefix} testId={testId} autoFocus={autoFocus} />
      </SimpleGrid>
    </Fieldset>
  );
}

/** One text box per language (English required), for a grid of the caller's; test ids `<testId>-<locale>`. */
export function LabelInputs({
  value,
  onChange,
  errors,
  errorPrefix,
  testId,
  autoFocus,
}: {
  value: LabelDraft;
  /** The new draft, and the language that changed. */
  onChange: (next: LabelDraft, changed: Locale) => void;
  /** Problems by field name: `<errorPrefix>.<locale>` */
  errors: Record<string, string | undefined>;
  errorPrefix: string;
  testId: string;
  autoFocus?: boolean;
}) {
  return locales.map((locale) => (
    <TextInput
      key={locale}
      label={languageNames[locale]}
      lang={locale}
      required={locale === "en"}
      value={value[locale]}
      maxLength={limits.nameMax}
      onChange={(event) => onChange({ ...value, [locale]: event.currentTarget.value }, locale)}
      error={errors[`${errorPrefix}.${locale}`]}
      data-autofocus={(autoFocus && locale === "en") || undefined}
      data-testid={`${testId}-${locale}`}
    />
  ));
}
