import { useState, type ReactNode } from "react";
import { Alert, Button, Group, Modal, Stack, TextInput, type MantineColor, type MantineSize } from "@mantine/core";
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiError, newIdempotencyKey } from "../../../lib/api";
import { fieldErrors, notifyError } from "./feedback";

/** A create / edit dialog of the administration screens; its form is mounted only while open (fresh state each time). */
export function AdminDialog({
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
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      size={size}
      closeButtonProps={{ "aria-label": t("action.close") }}
      attributes={{ content: { "data-testid": testId } }}
    >
      {opened && children}
    </Modal>
  );
}

/** The footer of a dialog form: Cancel, then the submit button. */
export function DialogActions({
  onCancel,
  submitLabel,
  saving,
  submitTestId,
  color,
}: {
  onCancel: () => void;
  submitLabel: string;
  saving: boolean;
  submitTestId: string;
  color?: MantineColor;
}) {
  const { t } = useTranslation("common");
  return (
    <Group justify="flex-end" gap="xs">
      <Button variant="default" onClick={onCancel}>
        {t("action.cancel")}
      </Button>
      <Button type="submit" color={color} loading={saving} data-testid={submitTestId}>
        {submitLabel}
      </Button>
    </Group>
  );
}

/** Said in a dialog form after a 412: the list is reloaded, saving again applies on top of the newer version. */
function StaleNotice({ show, testId }: { show: boolean; testId?: string }) {
  const { t } = useTranslation("common");
  if (!show) return null;
  return (
    <Alert color="orange" data-testid={testId}>
      {t("admin:conflict.reloadedRetry")}
    </Alert>
  );
}

type Errors = Record<string, string | undefined>;

/**
 * The state every dialog form keeps (field errors, saving, stale after a 412, one idempotency key
 * for all retries) and how a save ends. `list` is the query that shows the records: reloaded after
 * a save (then `onSaved` runs) and after a 412, which is said in the form (the next save applies on
 * top). The server's field errors go to their fields, anything else is a notification.
 */
export function useDialogForm(
  fields: readonly string[],
  { list, onSaved, mapErrors }: { list?: QueryKey; onSaved?: () => void; mapErrors?: (found: Errors) => Errors } = {},
) {
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const [stale, setStale] = useState(false);
  const [idempotencyKey] = useState(newIdempotencyKey);

  /** Shows the problems found before sending; true when there are none. */
  function validate(found: Errors): boolean {
    setErrors(found);
    return Object.values(found).every((message) => !message);
  }

  /** Runs the save; true when it went through. */
  async function save(work: () => Promise<unknown>): Promise<boolean> {
    setSaving(true);
    try {
      await work();
      if (list) await queryClient.invalidateQueries({ queryKey: list });
      onSaved?.();
      return true;
    } catch (error) {
      if (list && error instanceof ApiError && error.status === 412) {
        setStale(true);
        await queryClient.invalidateQueries({ queryKey: list });
      } else {
        const found = fieldErrors(error, fields);
        if (Object.keys(found).length) setErrors(mapErrors ? mapErrors(found) : found);
        else notifyError(error);
      }
      return false;
    } finally {
      setSaving(false);
    }
  }

  return { queryClient, errors, saving, stale, idempotencyKey, validate, save };
}

/**
 * A dialog's form: the fields one under another, the stale notice above them after a 412, the
 * footer below. The form checks its fields itself (no browser bubbles); Enter submits.
 */
export function DialogForm({
  form,
  onSubmit,
  onCancel,
  submitLabel,
  submitTestId,
  color,
  staleTestId,
  children,
}: {
  form: Pick<ReturnType<typeof useDialogForm>, "saving" | "stale">;
  onSubmit: () => Promise<void>;
  onCancel: () => void;
  submitLabel: string;
  submitTestId: string;
  color?: MantineColor;
  staleTestId?: string;
  children: ReactNode;
}) {
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void onSubmit();
      }}
      noValidate
    >
      <Stack gap="sm">
        <StaleNotice show={form.stale} testId={staleTestId} />
        {children}
        <DialogActions onCancel={onCancel} submitLabel={submitLabel} saving={form.saving} submitTestId={submitTestId} color={color} />
      </Stack>
    </form>
  );
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
