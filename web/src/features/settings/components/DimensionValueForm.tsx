import { useState } from "react";
import { Code, MultiSelect, Stack, Text, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { DimensionKind, DimensionValue } from "@relata/contracts";
import { ApiError } from "../../../lib/api";
import { DialogForm, useDialogForm } from "../../../components/form-dialog";
import { useCountryOptions } from "../../../components/record-form";
import { dimensionsQueryKey } from "../../../components/dimensions";
import { createDimensionValue, patchDimensionValue } from "../dimensions-api";
import { notifyDone, notifyFailure } from "../lib/feedback";
import { checkValue, keyForLabel } from "../lib/dimension-values";
import { LabelsFields, emptyLabels, labelDraft, labelsBody, type LabelDraft } from "./LabelsFields";

const shown = (field: string) => field.startsWith("labels.") || field === "key" || field === "countries";

/** Adds a value to a list or edits one: labels in every language, the key (made from the English label, fixed once saved), a region's countries. */
export function DimensionValueForm({
  kind,
  value,
  taken,
  onClose,
}: {
  kind: DimensionKind;
  value?: DimensionValue;
  /** Keys in use in this list (archived values keep theirs). */
  taken: ReadonlySet<string>;
  onClose: () => void;
}) {
  const { t } = useTranslation("finance");
  const countryOptions = useCountryOptions();
  const region = kind === "region";
  const [labels, setLabels] = useState<LabelDraft>(() => (value ? labelDraft(value.labels) : emptyLabels()));
  const [key, setKey] = useState(value?.key ?? "");
  const [keyTyped, setKeyTyped] = useState(false);
  const [countries, setCountries] = useState<string[]>(value?.countries ?? []);
  const [version, setVersion] = useState(value?.version ?? 0);
  const form = useDialogForm({
    reload: dimensionsQueryKey,
    shows: shown,
    notify: notifyFailure,
    fieldProblems: (error) => {
      if (!(error instanceof ApiError)) return {};
      if (error.status === 409) return { key: t("dimensions.problem.keyTaken") };
      if (error.status !== 400) return {};
      return Object.fromEntries(error.details.map((detail) => [detail.field, detail.message]));
    },
    onReloaded: () => {
      const newest = form.queryClient.getQueryData<DimensionValue[]>(dimensionsQueryKey)?.find((item) => item.id === value?.id);
      if (newest) setVersion(newest.version);
    },
  });

  async function submit() {
    const problems = checkValue({ en: labels.en, key, countries }, { creating: !value, region, taken });
    if (!form.validate(Object.fromEntries(Object.entries(problems).map(([field, problem]) => [field, t(`dimensions.problem.${problem}`)]))))
      return;
    const body = labelsBody(labels);
    const ok = await form.save(() =>
      value
        ? patchDimensionValue(value.id, version, { labels: body, ...(region ? { countries } : {}) })
        : createDimensionValue({ kind, key, labels: body, ...(region ? { countries } : {}) }, form.idempotencyKey),
    );
    if (ok) {
      notifyDone(value ? t("dimensions.saved", { name: body.en }) : t("dimensions.created", { name: body.en }));
      onClose();
    }
  }

  return (
    <DialogForm
      form={form}
      onSubmit={submit}
      onCancel={onClose}
      submitLabel={value ? t("common:action.save") : t("dimensions.add")}
      testId="dimension-form"
    >
      <LabelsFields
        legend={t("dimensions.name")}
        value={labels}
        onChange={(next) => {
          setLabels(next);
          if (!value && !keyTyped) setKey(keyForLabel(next.en, taken));
          form.clearWhere((field) => field.startsWith("labels.") || (!keyTyped && field === "key"));
        }}
        errors={form.errors}
        testId="dimension-label"
        autoFocus
      />
      {value ? (
        <Stack gap={2}>
          <Text size="sm" fw={500}>
            {t("dimensions.key")}
          </Text>
          <Code style={{ alignSelf: "flex-start" }} data-testid="dimension-key-fixed">
            {value.key}
          </Code>
          <Text size="xs" c="dimmed">
            {t("dimensions.keyFixed")}
          </Text>
        </Stack>
      ) : (
        <TextInput
          label={t("dimensions.key")}
          description={t("dimensions.keyHint")}
          required
          maxLength={40}
          value={key}
          onChange={(event) => {
            setKey(event.currentTarget.value.toLowerCase());
            setKeyTyped(true);
            form.clear("key");
          }}
          error={form.errors.key}
          styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
          data-testid="dimension-key"
        />
      )}
      {region && (
        <MultiSelect
          label={t("dimensions.countries")}
          description={t("dimensions.countriesHint")}
          required
          searchable
          data={countryOptions}
          value={countries}
          onChange={(next) => {
            setCountries(next);
            form.clear("countries");
          }}
          error={form.errors.countries}
          hidePickedOptions
          comboboxProps={{ withinPortal: true }}
          data-testid="dimension-countries"
        />
      )}
    </DialogForm>
  );
}
