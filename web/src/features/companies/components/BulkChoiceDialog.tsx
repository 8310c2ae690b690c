import { useState } from "react";
import { Button, Group, Modal, Select, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { companyStatuses, lifecycleStages } from "@relata/contracts";
import { toast } from "../../../components/dialogs";
import { UserPicker } from "../../../components/record-form";

/** What a bulk action sets on every selected company: the owner, the lifecycle stage or the status. */
export type BulkChoiceKind = "assign" | "stage" | "status";

/**
 * Bulk "assign owner" / "change stage" / "change status": pick the new value, then every selected
 * company gets it. Mounted while open, so each opening starts empty.
 */
export function BulkChoiceDialog({
  kind,
  count,
  onClose,
  onApply,
}: {
  kind: BulkChoiceKind;
  count: number;
  onClose: () => void;
  onApply: (value: string) => Promise<void>;
}) {
  const { t } = useTranslation("companies");
  const [value, setValue] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const text = {
    assign: { title: t("bulk.assignTitle", { count }), intro: t("bulk.assignText", { count }), submit: t("bulk.assignSubmit", { count }) },
    stage: { title: t("bulk.stageTitle", { count }), intro: t("bulk.stageText", { count }), submit: t("bulk.apply", { count }) },
    status: { title: t("bulk.statusTitle", { count }), intro: t("bulk.statusText", { count }), submit: t("bulk.apply", { count }) },
  }[kind];
  const pick = (next: string | null) => {
    setValue(next);
    setError(undefined);
  };

  const submit = async () => {
    if (!value) {
      setError(t("components:validation.required"));
      return;
    }
    setBusy(true);
    try {
      await onApply(value);
    } catch (caught) {
      toast.error(caught);
      setBusy(false);
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={text.title}
      closeButtonProps={{ "aria-label": t("common:action.close") }}
      data-testid="bulk-choice-dialog"
    >
      <form
        // The app says what is missing, in the user's language (not the browser's bubble).
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            {text.intro}
          </Text>
          {kind === "assign" ? (
            <UserPicker label={t("field.ownerId")} value={value} onChange={pick} error={error} required data-testid="bulk-choice-value" />
          ) : (
            <Select
              label={kind === "stage" ? t("field.stage") : t("field.status")}
              data={
                kind === "stage"
                  ? lifecycleStages.map((stage) => ({ value: stage, label: t(`stage.${stage}`) }))
                  : companyStatuses.map((status) => ({ value: status, label: t(`status.${status}`) }))
              }
              value={value}
              onChange={pick}
              error={error}
              required
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              data-autofocus
              data-testid="bulk-choice-value"
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={busy}>
              {t("common:action.cancel")}
            </Button>
            <Button type="submit" loading={busy} data-testid="bulk-choice-submit">
              {text.submit}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
