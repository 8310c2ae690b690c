import type { ReactNode } from "react";
import { Alert, Button, Group, Modal, Stack, type MantineSize } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useTranslation } from "react-i18next";

/**
 * A create / edit dialog of the settings screens: full screen on a phone, the form mounted only
 * while open (fresh state each time), "changed elsewhere" and problems no field shows above the
 * fields, Cancel and the submit button below.
 */
export function SettingsDialog({
  opened,
  onClose,
  title,
  testId,
  size = "lg",
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

export function DialogForm({
  onSubmit,
  onCancel,
  submitLabel,
  testId,
  saving,
  stale,
  unplaced,
  children,
}: {
  onSubmit: () => void | Promise<void>;
  onCancel: () => void;
  submitLabel: string;
  testId: string;
  saving: boolean;
  stale: boolean;
  unplaced: string[];
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
      <Stack gap="md">
        {stale && (
          <Alert color="orange" data-testid={`${testId}-stale`}>
            {t("settings:stale.reloaded")}
          </Alert>
        )}
        {unplaced.length > 0 && (
          <Alert color="red" data-testid={`${testId}-error`}>
            {unplaced.join(" · ")}
          </Alert>
        )}
        {children}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onCancel} data-testid={`${testId}-cancel`}>
            {t("action.cancel")}
          </Button>
          <Button type="submit" loading={saving} data-testid={`${testId}-submit`}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
