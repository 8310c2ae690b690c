import { useMemo, useState } from "react";
import { Card, Group, Select, SimpleGrid, Stack, Switch, Text, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { CustomField, CustomFieldObject, CustomFieldOption, CustomFieldType, CustomSection, CustomValue } from "@relata/contracts";
import { DialogForm } from "../../../components/form-dialog";
import {
  CustomValueInput,
  CustomValueView,
  fieldTypeIcons,
  fieldTypeLabelKey,
  fieldTypes,
  hasOptions,
  labelIn,
} from "../../../components/custom-fields";
import { createField, patchField, type FieldPatch } from "../api";
import { notifyDone } from "../lib/feedback";
import { fieldKeyPattern, keyFromLabel, optionValuePattern, uniqueKey } from "../lib/keys";
import { LabelsFields, emptyLabels, labelDraft, labelsBody, type LabelDraft } from "./LabelsFields";
import { OptionsEditor, newOption, type OptionDraft } from "./OptionsEditor";
import { useSaveForm } from "./useSaveForm";

type Errors = Record<string, string | undefined>;

/** The form's own checks, by the field names the server uses too. */
function checkDraft(
  draft: { labels: LabelDraft; key: string; type: CustomFieldType; options: OptionDraft[] },
  creating: boolean,
  takenKeys: ReadonlySet<string>,
  t: (key: string) => string,
): Errors {
  const errors: Errors = {};
  if (!draft.labels.en.trim()) errors["labels.en"] = t("problem.englishRequired");
  if (creating) {
    if (!fieldKeyPattern.test(draft.key)) errors.key = t("problem.keyFormat");
    else if (takenKeys.has(draft.key)) errors.key = t("problem.keyTaken");
  }
  if (hasOptions(draft.type)) {
    if (draft.options.length === 0) errors.options = t("problem.optionsNeeded");
    const seen = new Set<string>();
    draft.options.forEach((option, index) => {
      const value = option.value.trim();
      if (!optionValuePattern.test(value)) errors[`options[${index}].value`] = t("problem.optionValueFormat");
      else if (seen.has(value)) errors[`options[${index}].value`] = t("problem.optionDuplicate");
      seen.add(value);
      if (!option.labels.en.trim()) errors[`options[${index}].labels.en`] = t("problem.englishRequired");
    });
  }
  return errors;
}

function optionsBody(options: OptionDraft[]): CustomFieldOption[] {
  return options.map((option) => ({ value: option.value.trim(), labels: labelsBody(option.labels) }));
}

const shownFields = (field: string) =>
  field.startsWith("labels.") || field === "key" || field === "type" || field === "sectionId" || field.startsWith("options");

/**
 * Adds a field to a section or edits one. The key is made from the English label while it is
 * not typed and never changes after creation (records store their values under it); nor does
 * the type (values are stored in its shape).
 */
export function FieldForm({
  object,
  sections,
  sectionId,
  field,
  takenKeys,
  onClose,
}: {
  object: CustomFieldObject;
  sections: CustomSection[];
  /** The section a new field goes to. */
  sectionId: string;
  /** The field being edited; none to add one. */
  field?: CustomField;
  /** Keys of every field of the object, archived ones too. */
  takenKeys: ReadonlySet<string>;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation("settings");
  const creating = !field;
  const [labels, setLabels] = useState<LabelDraft>(() => (field ? labelDraft(field.labels) : emptyLabels()));
  const [key, setKey] = useState(field?.key ?? "");
  const [keyTouched, setKeyTouched] = useState(!creating);
  const [type, setType] = useState<CustomFieldType>(field?.type ?? "text");
  const [section, setSection] = useState(field?.sectionId ?? sectionId);
  const [required, setRequired] = useState(field?.required ?? false);
  const [options, setOptions] = useState<OptionDraft[]>(() =>
    field?.options.length
      ? field.options.map((option) => ({ ...newOption(), value: option.value, labels: labelDraft(option.labels), touched: true }))
      : [newOption()],
  );
  const form = useSaveForm({ object, editing: field, shows: shownFields });

  const typeOptions = useMemo(() => fieldTypes.map((value) => ({ value, label: t(fieldTypeLabelKey(value)) })), [t]);
  const sectionOptions = useMemo(
    () => sections.map((candidate) => ({ value: candidate.id, label: labelIn(candidate.labels, i18n.language) })),
    [sections, i18n.language],
  );
  const TypeIcon = fieldTypeIcons[type];

  function changeLabels(next: LabelDraft) {
    setLabels(next);
    form.clear("labels.en");
    if (!keyTouched) setKey(uniqueKey(keyFromLabel(next.en), takenKeys));
  }

  async function submit() {
    if (!form.validate(checkDraft({ labels, key, type, options }, creating, takenKeys, t))) return;
    const withOptions = hasOptions(type);
    const ok = await form.save(async () => {
      if (!field) {
        await createField(
          {
            sectionId: section,
            key,
            type,
            labels: labelsBody(labels),
            required,
            ...(withOptions ? { options: optionsBody(options) } : {}),
          },
          form.idempotencyKey,
        );
      } else {
        const patch: FieldPatch = { labels: labelsBody(labels), required };
        if (section !== field.sectionId) patch.sectionId = section;
        if (withOptions) patch.options = optionsBody(options);
        await patchField(field.id, form.version, patch);
      }
    });
    if (ok) {
      notifyDone(creating ? t("field.created", { name: labels.en.trim() }) : t("field.saved", { name: labels.en.trim() }));
      onClose();
    }
  }

  return (
    <DialogForm
      onSubmit={submit}
      onCancel={onClose}
      submitLabel={creating ? t("field.add") : t("common:action.save")}
      testId="field-form"
      form={form}
    >
      <LabelsFields legend={t("field.label")} value={labels} onChange={changeLabels} errors={form.errors} testId="field-label" autoFocus />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <Select
          label={t("field.type")}
          description={creating ? undefined : t("field.typeFixed")}
          data={typeOptions}
          value={type}
          onChange={(next) => next && setType(next as CustomFieldType)}
          allowDeselect={false}
          disabled={!creating}
          leftSection={<TypeIcon size={16} />}
          renderOption={({ option }) => {
            const Icon = fieldTypeIcons[option.value as CustomFieldType];
            return (
              <Group gap="xs" wrap="nowrap">
                <Icon size={16} />
                <Text size="sm">{option.label}</Text>
              </Group>
            );
          }}
          error={form.errors.type}
          inputWrapperOrder={["label", "input", "description", "error"]}
          data-testid="field-type"
        />
        <TextInput
          label={t("field.key")}
          description={creating ? t("field.keyHint") : t("field.keyFixed")}
          value={key}
          required
          disabled={!creating}
          maxLength={40}
          onChange={(event) => {
            setKey(event.currentTarget.value);
            setKeyTouched(event.currentTarget.value !== "");
            form.clear("key");
          }}
          error={form.errors.key}
          inputWrapperOrder={["label", "input", "description", "error"]}
          styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
          data-testid="field-key"
        />
        <Select
          label={t("field.section")}
          data={sectionOptions}
          value={section}
          onChange={(next) => next && setSection(next)}
          allowDeselect={false}
          error={form.errors.sectionId}
          data-testid="field-section"
        />
        <Switch
          mt={{ base: 0, xs: 30 }}
          label={t("field.required")}
          description={t("field.requiredHint")}
          checked={required}
          onChange={(event) => setRequired(event.currentTarget.checked)}
          data-testid="field-required"
        />
      </SimpleGrid>
      {hasOptions(type) && (
        <OptionsEditor
          options={options}
          onChange={(next) => {
            setOptions(next);
            form.clearWhere((field) => field.startsWith("options"));
          }}
          errors={form.errors}
        />
      )}
      <FieldPreview key={type} type={type} labels={labels} options={options} />
    </DialogForm>
  );
}

/** How the field will look on forms and cards, to try before saving (nothing is stored). */
function FieldPreview({ type, labels, options }: { type: CustomFieldType; labels: LabelDraft; options: OptionDraft[] }) {
  const { t } = useTranslation("settings");
  const [value, setValue] = useState<CustomValue | undefined>(undefined);
  const field = {
    key: "preview",
    type,
    required: false,
    labels: { ...labelsBody(labels), en: labels.en.trim() || t(fieldTypeLabelKey(type)) },
    options: hasOptions(type) ? optionsBody(options.filter((option) => option.value.trim() && option.labels.en.trim())) : [],
  };
  return (
    <Card
      withBorder
      padding="sm"
      bg="var(--mantine-color-default-hover)"
      // Enter in a preview input tries the value; it must not submit the field definition.
      onKeyDown={(event) => {
        if (event.key === "Enter" && event.target instanceof HTMLInputElement) event.preventDefault();
      }}
      data-testid="field-preview"
    >
      <Stack gap="xs">
        <Text size="sm" fw={600}>
          {t("preview.title")}
        </Text>
        <CustomValueInput field={field} value={value} onChange={setValue} testId="field-preview-input" />
        <Group gap="xs" wrap="nowrap" align="baseline">
          <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
            {t("preview.shown")}
          </Text>
          <Text size="sm" component="div" style={{ minWidth: 0 }}>
            <CustomValueView field={field} value={value} testId="field-preview-value" />
          </Text>
        </Group>
      </Stack>
    </Card>
  );
}
