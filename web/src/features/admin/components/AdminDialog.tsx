import { TextInput } from "@mantine/core";
import type { QueryKey } from "@tanstack/react-query";
import { useDialogForm } from "../../../components/form-dialog";
import { fieldErrors, notifyError } from "./feedback";

type Errors = Record<string, string | undefined>;

/**
 * The state of an administration dialog form (see `useDialogForm`): the server's known messages
 * go to the listed `fields`, anything else is a notification. `list` is the query that shows the
 * records: reloaded after a save (then `onSaved` runs) and after a 412.
 */
export function useAdminForm(
  fields: readonly string[],
  { list, onSaved, mapErrors }: { list?: QueryKey; onSaved?: () => void; mapErrors?: (found: Errors) => Errors } = {},
) {
  return useDialogForm({
    reload: list,
    onSaved,
    fieldProblems: (error) => {
      const found = fieldErrors(error, fields);
      return mapErrors ? mapErrors(found) : found;
    },
    notify: notifyError,
  });
}

/** The required name a dialog starts with (focused when it opens). */
export function NameField({
  label,
  value,
  onChange,
  error,
  testId,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  testId: string;
}) {
  return (
    <TextInput
      label={label}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      error={error}
      required
      data-autofocus
      data-testid={testId}
    />
  );
}
