import { useState } from "react";
import { Button, Group, Modal, Select, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { toast } from "../../../components/dialogs";

export type BulkChoiceTarget = { kind: "stage" | "status"; ids: string[]; options: { value: string; label: string }[] } | null;

/** Bulk "change stage" / "change status": pick the new value, then every selected company gets it. */
export function BulkChoiceDialog({
  target,
  onClose,
  onApply,
}: {
  target: BulkChoiceTarget;
  onClose: () => void;
  onApply: (value: string) => Promise<void>;
}) {
  const { t } = useTranslation("companies");
  const [value, setValue] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const count = target?.ids.length ?? 0;
  const kind = target?.kind ?? "stage";

  const submit = async () => {
    if (!value) {
      setError(t("components:validation.required"));
      return;
    }
    setBusy(true);
    try {
      await onApply(value);
      setValue(null);
    } catch (caught) {
      toast.error(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      opened={!!target}
      onClose={onClose}
      title={kind === "stage" ? t("bulk.stageTitle", { count }) : t("bulk.statusTitle", { count })}
      closeButtonProps={{ "aria-label": t("common:action.close") }}
      data-testid="bulk-choice-dialog"
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            {kind === "stage" ? t("bulk.stageText", { count }) : t("bulk.statusText", { count })}
          </Text>
          <Select
            label={kind === "stage" ? t("field.stage") : t("field.status")}
            data={target?.options ?? []}
            value={value}
            onChange={(next) => {
              setValue(next);
              setError(undefined);
            }}
            error={error}
            required
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            data-autofocus
            data-testid="bulk-choice-value"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={busy}>
              {t("common:action.cancel")}
            </Button>
            <Button type="submit" loading={busy} data-testid="bulk-choice-submit">
              {t("bulk.apply", { count })}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
