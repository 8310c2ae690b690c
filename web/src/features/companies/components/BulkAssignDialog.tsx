import { useState } from "react";
import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { toast } from "../../../components/dialogs";
import { UserPicker } from "../../../components/record-form";

type Target = { ids: string[] } | null;

/** Bulk "assign owner": pick a person, then every selected company gets them as owner. */
export function BulkAssignDialog({
  target,
  onClose,
  onAssign,
}: {
  target: Target;
  onClose: () => void;
  onAssign: (ownerId: string) => Promise<void>;
}) {
  const { t } = useTranslation("companies");
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const count = target?.ids.length ?? 0;

  const submit = async () => {
    if (!ownerId) {
      setError(t("components:validation.required"));
      return;
    }
    setBusy(true);
    try {
      await onAssign(ownerId);
      setOwnerId(null);
    } catch (caught) {
      toast.error(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={!!target} onClose={onClose} title={t("bulk.assignTitle", { count })} data-testid="bulk-assign-dialog">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            {t("bulk.assignText", { count })}
          </Text>
          <UserPicker
            label={t("field.ownerId")}
            value={ownerId}
            onChange={(value) => {
              setOwnerId(value);
              setError(undefined);
            }}
            error={error}
            required
            data-testid="bulk-assign-owner"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={busy}>
              {t("common:action.cancel")}
            </Button>
            <Button type="submit" loading={busy} data-testid="bulk-assign-submit">
              {t("bulk.assignSubmit", { count })}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
