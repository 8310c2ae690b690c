import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { CustomField, CustomFieldLayout, CustomFieldObject, CustomSection } from "@relata/contracts";
import { confirm } from "../../../components/dialogs";
import { customFieldsQueryKey, labelIn } from "../../../components/custom-fields";
import { deleteField, deleteSection, patchField, patchSection } from "../api";
import { notifyDone, notifyFailure } from "../lib/feedback";
import { move, positionChanges } from "../lib/order";

/**
 * What the custom-fields screen does to an object's layout besides its dialogs: reorder sections
 * and fields (shown at once, then saved position by position), archive, restore and delete.
 * While a reorder saves, further moves wait (each save needs the versions the last one produced).
 */
export function useLayoutActions(object: CustomFieldObject) {
  const { t, i18n } = useTranslation("settings");
  const queryClient = useQueryClient();
  const key = customFieldsQueryKey(object);
  const [busy, setBusy] = useState(false);
  const name = (labels: CustomSection["labels"]) => labelIn(labels, i18n.language);

  const refresh = () => queryClient.invalidateQueries({ queryKey: ["custom-fields"] });

  async function run(work: () => Promise<void>) {
    setBusy(true);
    try {
      await work();
    } catch (error) {
      notifyFailure(error);
    } finally {
      await refresh();
      setBusy(false);
    }
  }

  function moveSection(sections: CustomSection[], from: number, to: number) {
    const ordered = move(sections, from, to);
    const changes = positionChanges(ordered);
    if (changes.length === 0) return;
    const position = new Map(ordered.map((section, index) => [section.id, index]));
    queryClient.setQueryData<CustomFieldLayout>(
      key,
      (layout) =>
        layout && {
          ...layout,
          sections: layout.sections.map((section) => ({ ...section, position: position.get(section.id) ?? section.position })),
        },
    );
    void run(async () => {
      for (const change of changes) await patchSection(change.id, change.version, { position: change.position });
      notifyDone(t("order.saved"));
    });
  }

  function moveField(section: CustomSection, from: number, to: number) {
    const ordered = move(section.fields, from, to);
    const changes = positionChanges(ordered);
    if (changes.length === 0) return;
    const position = new Map(ordered.map((field, index) => [field.id, index]));
    queryClient.setQueryData<CustomFieldLayout>(
      key,
      (layout) =>
        layout && {
          ...layout,
          sections: layout.sections.map((candidate) =>
            candidate.id !== section.id
              ? candidate
              : {
                  ...candidate,
                  fields: candidate.fields.map((field) => ({ ...field, position: position.get(field.id) ?? field.position })),
                },
          ),
        },
    );
    void run(async () => {
      for (const change of changes) await patchField(change.id, change.version, { position: change.position });
      notifyDone(t("order.saved"));
    });
  }

  function setArchived(field: CustomField, archived: boolean) {
    void run(async () => {
      await patchField(field.id, field.version, { archived });
      notifyDone(t(archived ? "field.archived" : "field.restored", { name: name(field.labels) }));
    });
  }

  async function removeField(field: CustomField) {
    const ok = await confirm({
      title: t("field.deleteTitle", { name: name(field.labels) }),
      message: t("field.deleteMessage"),
      confirmLabel: t("common:action.delete"),
      danger: true,
    });
    if (!ok) return;
    await run(async () => {
      const archived = (await deleteField(field.id, field.version)) ?? null;
      // The server keeps a field records hold values for: it archives it and says so with 200.
      if (archived) notifyDone(t("field.archivedInstead", { name: name(field.labels) }), "blue");
      else notifyDone(t("field.deleted", { name: name(field.labels) }));
    });
  }

  async function removeSection(section: CustomSection) {
    if (section.fields.length > 0) {
      notifyDone(t("problem.sectionNotEmpty", { count: section.fields.length }), "blue");
      return;
    }
    const ok = await confirm({
      title: t("section.deleteTitle", { name: name(section.labels) }),
      message: t("section.deleteMessage"),
      confirmLabel: t("common:action.delete"),
      danger: true,
    });
    if (!ok) return;
    await run(async () => {
      await deleteSection(section.id, section.version);
      notifyDone(t("section.deleted", { name: name(section.labels) }));
    });
  }

  return { busy, moveSection, moveField, setArchived, removeField, removeSection };
}
