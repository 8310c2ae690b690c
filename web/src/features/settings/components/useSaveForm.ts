import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { CustomFieldLayout, CustomFieldObject } from "@relata/contracts";
import { ApiError } from "../../../lib/api";
import { useDialogForm } from "../../../components/form-dialog";
import { customFieldsQueryKey } from "../../../components/custom-fields";
import { notifyFailure } from "../lib/feedback";
import { problemsByField } from "../lib/problems";

/**
 * The state of a dialog that adds or changes a section or a field of an object's layout (see
 * `useDialogForm`): the server's 400 / 409 problems on the fields they concern (`shows`), the
 * others above them. `version` is the one the record had when the form opened — a change saved
 * elsewhere meanwhile answers 412 instead of being overwritten; after a 412 the newest is loaded
 * and the next save applies on top of it.
 */
export function useSaveForm({
  object,
  editing,
  shows,
}: {
  object: CustomFieldObject;
  /** The section or field being changed; none when adding one. */
  editing?: { id: string; version: number };
  shows: (field: string) => boolean;
}) {
  const { t } = useTranslation("settings");
  const queryClient = useQueryClient();
  const [version, setVersion] = useState(editing?.version ?? 0);
  const form = useDialogForm({
    reload: ["custom-fields"],
    shows,
    notify: notifyFailure,
    fieldProblems: (error) =>
      error instanceof ApiError && (error.status === 400 || error.status === 409)
        ? problemsByField(error.details, (key, options) => t(key, options ?? {}) as string)
        : {},
    onReloaded: () => {
      const layout = queryClient.getQueryData<CustomFieldLayout>(customFieldsQueryKey(object));
      const records = [...(layout?.sections ?? []), ...(layout?.sections.flatMap((section) => section.fields) ?? [])];
      const newest = records.find((record) => record.id === editing?.id);
      if (newest) setVersion(newest.version);
    },
  });
  return { ...form, version };
}
