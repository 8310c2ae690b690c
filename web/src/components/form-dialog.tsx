// The create / edit dialogs of the administration and settings screens: the dialog, its form
// (notices, fields, Cancel and submit) and the state a save goes through.
import { useState, type ReactNode } from "react";
import { Alert, Button, Group, Modal, Stack, type MantineColor, type MantineSize } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiError, newIdempotencyKey } from "../lib/api";

/** A create / edit dialog: full screen on a phone; its form is mounted only while open (fresh state each time). */
export function FormDialog({
  opened,
  onClose,
  title,
  testId,
  size,
  children,
}: {
  opened: boolean;
  onClose: () => void;
  title: ReactNode;
  testId: string;
  size?: MantineSize;
  children: ReactNode;
}) {
  const { t } = useTranslation("common");
  const phone = useMediaQuery("(max-width: 36em)");
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      size={size}
      fullScreen={phone}
      closeButtonProps={{ "aria-label": t("action.close") }}
      attributes={{ content: { "data-testid": testId } }}
    >
      {opened && children}
    </Modal>
  );
}

type Errors = Record<string, string | undefined>;

export type DialogFormOptions = {
  /**
   * What shows the records the form changes: reloaded after a save, and after a 412 — which the
   * form says (the next save applies on top of the newer version); `onReloaded` runs then.
   */
  reload?: QueryKey;
  onReloaded?: () => void;
  /** After a save went through and `reload` is fresh. */
  onSaved?: () => void;
  /** The server's problems with the input, by form field, in the reader's language ({} when it names none). */
  fieldProblems: (error: unknown) => Errors;
  /** The fields the form shows; problems of other fields are said above them. All by default. */
  shows?: (field: string) => boolean;
  /** Any other failure. */
  notify: (error: unknown) => void;
};

/**
 * The state every dialog form keeps (field errors, problems no field shows, saving, stale after a
 * 412, one idempotency key for all retries of a create) and how a save ends.
 */
export function useDialogForm({ reload, onReloaded, onSaved, fieldProblems, shows = () => true, notify }: DialogFormOptions) {
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<Errors>({});
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const [stale, setStale] = useState(false);
  const [idempotencyKey] = useState(newIdempotencyKey);

  /** Shows the problems found before sending; true when there are none. */
  function validate(found: Errors): boolean {
    setErrors(found);
    setUnplaced([]);
    return Object.values(found).every((message) => !message);
  }

  /** Runs the save; true when it went through. */
  async function save(work: () => Promise<unknown>): Promise<boolean> {
    setSaving(true);
    try {
      await work();
      if (reload) await queryClient.invalidateQueries({ queryKey: reload });
      onSaved?.();
      return true;
    } catch (error) {
      if (reload && error instanceof ApiError && error.status === 412) {
        setStale(true);
        await queryClient.invalidateQueries({ queryKey: reload });
        onReloaded?.();
        return false;
      }
      const found = Object.entries(fieldProblems(error)).filter((entry): entry is [string, string] => !!entry[1]);
      if (found.length === 0) notify(error);
      setErrors(Object.fromEntries(found.filter(([field]) => shows(field))));
      setUnplaced(found.filter(([field]) => !shows(field)).map(([, message]) => message));
      return false;
    } finally {
      setSaving(false);
    }
  }

  /** Clears the problems of the fields `match` picks once they are edited. */
  function clearWhere(match: (field: string) => boolean) {
    if (Object.entries(errors).some(([field, message]) => message && match(field)))
      setErrors((current) => Object.fromEntries(Object.entries(current).filter(([field]) => !match(field))));
  }

  return {
    queryClient,
    errors,
    unplaced,
    saving,
    stale,
    idempotencyKey,
    validate,
    save,
    clear: (field: string) => clearWhere((candidate) => candidate === field),
    clearWhere,
  };
}

/**
 * A dialog's form: above the fields "changed elsewhere" after a 412 and the problems no field
 * shows; below them Cancel and the submit button. The form checks its fields itself (no browser
 * bubbles); Enter submits. Test ids: `testId` on the form, `-stale`, `-error`, `-cancel`, `-submit`.
 */
export function DialogForm({
  form,
  onSubmit,
  onCancel,
  submitLabel,
  testId,
  color,
  children,
}: {
  form: Pick<ReturnType<typeof useDialogForm>, "saving" | "stale" | "unplaced">;
  onSubmit: () => void | Promise<void>;
  onCancel: () => void;
  submitLabel: string;
  testId: string;
  color?: MantineColor;
  children: ReactNode;
}) {
  const { t } = useTranslation("common");
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void onSubmit();
      }}
      data-testid={testId}
    >
      <Stack gap="sm">
        {form.stale && (
          <Alert color="orange" data-testid={`${testId}-stale`}>
            {t("dialog.stale")}
          </Alert>
        )}
        {form.unplaced.length > 0 && (
          <Alert color="red" data-testid={`${testId}-error`}>
            {form.unplaced.join(" · ")}
          </Alert>
        )}
        {children}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onCancel} data-testid={`${testId}-cancel`}>
            {t("action.cancel")}
          </Button>
          <Button type="submit" color={color} loading={form.saving} data-testid={`${testId}-submit`}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
