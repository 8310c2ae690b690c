import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { CustomFieldLayout, CustomFieldObject, CustomSection } from "@relata/contracts";
import { customFieldsQueryKey } from "../../../components/custom-fields";
import { createSection, patchSection } from "../api";
import { notifyDone } from "../lib/feedback";
import { LabelsFields, emptyLabels, labelDraft, labelsBody, type LabelDraft } from "./LabelsFields";
import { DialogForm } from "./SettingsDialog";
import { useSaveForm } from "./useSaveForm";

/** Adds a section to an object's layout, or renames one (labels in every language). */
export function SectionForm({
  object,
  section,
  onClose,
}: {
  object: CustomFieldObject;
  /** The section being renamed; none to add one. */
  section?: CustomSection;
  onClose: () => void;
}) {
  const { t } = useTranslation("settings");
  const [labels, setLabels] = useState<LabelDraft>(() => (section ? labelDraft(section.labels) : emptyLabels()));
  // The version the form was opened on: a change saved elsewhere meanwhile answers 412 instead of being overwritten.
  const [baseVersion, setBaseVersion] = useState(section?.version ?? 0);
  const form = useSaveForm({
    reload: customFieldsQueryKey(object),
    shows: (field) => field.startsWith("labels."),
    onReloaded: () => {
      const layout = form.queryClient.getQueryData<CustomFieldLayout>(customFieldsQueryKey(object));
      const newest = layout?.sections.find((candidate) => candidate.id === section?.id);
      if (newest) setBaseVersion(newest.version);
    },
  });

  async function submit() {
    if (!form.check({ "labels.en": labels.en.trim() ? undefined : t("problem.englishRequired") })) return;
    const body = labelsBody(labels);
    const ok = await form.save(async () => {
      if (section) await patchSection(section.id, baseVersion, { labels: body });
      else await createSection({ object, labels: body }, form.idempotencyKey);
      await form.queryClient.invalidateQueries({ queryKey: ["custom-fields"] });
    });
    if (ok) {
      notifyDone(section ? t("section.saved", { name: body.en }) : t("section.created", { name: body.en }));
      onClose();
    }
  }

  return (
    <DialogForm
      onSubmit={submit}
      onCancel={onClose}
      submitLabel={section ? t("common:action.save") : t("section.add")}
      testId="section-form"
      saving={form.saving}
      stale={form.stale}
      unplaced={form.unplaced}
    >
      <LabelsFields
        legend={t("section.name")}
        value={labels}
        onChange={(next) => {
          setLabels(next);
          form.clear("labels.en");
        }}
        errors={form.errors}
        testId="section-label"
        autoFocus
      />
    </DialogForm>
  );
}
