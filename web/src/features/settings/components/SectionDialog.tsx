import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { CustomFieldObject, CustomSection } from "@relata/contracts";
import { DialogForm } from "../../../components/form-dialog";
import { createSection, patchSection } from "../api";
import { notifyDone } from "../lib/feedback";
import { LabelsFields, emptyLabels, labelDraft, labelsBody, type LabelDraft } from "./LabelsFields";
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
  const form = useSaveForm({ object, editing: section, shows: (field) => field.startsWith("labels.") });

  async function submit() {
    if (!form.validate({ "labels.en": labels.en.trim() ? undefined : t("problem.englishRequired") })) return;
    const body = labelsBody(labels);
    const ok = await form.save(async () => {
      if (section) await patchSection(section.id, form.version, { labels: body });
      else await createSection({ object, labels: body }, form.idempotencyKey);
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
      form={form}
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
