import { useState, type FormEvent } from "react";
import { Alert, Button, Group, Modal, PasswordInput, Stack, Text } from "@mantine/core";
import { IconInfoCircle } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { limits, type User } from "@relata/contracts";
import { resetUserPassword } from "../api/users";
import { fieldErrors, notifyError, notifySuccess } from "./feedback";

/** Sets a new password for someone else; their sessions end at once. */
export function ResetPasswordDialog({ user, opened, onClose }: { user: User; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation("admin");
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t("users.resetTitle", { name: user.name })}
      attributes={{ content: { "data-testid": "reset-password-dialog" } }}
    >
      {opened && <ResetForm user={user} onClose={onClose} />}
    </Modal>
  );
}

function ResetForm({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation("admin");
  const queryClient = useQueryClient();
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [saving, setSaving] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if ([...password].length < limits.passwordMin) found.password = t("common:validation.passwordMin", { count: limits.passwordMin });
    else if (password.length > limits.passwordMax) found.password = t("common:validation.passwordMax", { count: limits.passwordMax });
    else if (password.toLowerCase() === user.email.toLowerCase() || password.toLowerCase() === user.email.split("@")[0]?.toLowerCase())
      found.password = t("serverError.passwordEmail");
    if (repeat !== password) found.repeat = t("common:validation.passwordMismatch");
    setErrors(found);
    if (Object.keys(found).length) return;
    setSaving(true);
    try {
      await resetUserPassword(user.id, password);
      await queryClient.invalidateQueries({ queryKey: ["sessions"] });
      notifySuccess(t("users.resetDone", { name: user.name }));
      onClose();
    } catch (error) {
      const problems = fieldErrors(error, ["password"]);
      if (problems.password) setErrors(problems);
      else notifyError(error);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="sm">
        <Alert color="blue" icon={<IconInfoCircle size={18} />} p="sm">
          <Text size="sm">{t("users.resetExplain")}</Text>
        </Alert>
        <PasswordInput
          label={t("users.newPassword")}
          description={t("users.passwordPolicy", { min: limits.passwordMin })}
          autoComplete="new-password"
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
          error={errors.password}
          required
          data-autofocus
          data-testid="reset-password-input"
        />
        <PasswordInput
          label={t("users.repeatPassword")}
          autoComplete="new-password"
          value={repeat}
          onChange={(event) => setRepeat(event.currentTarget.value)}
          error={errors.repeat}
          required
          data-testid="reset-password-repeat"
        />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            {t("common:action.cancel")}
          </Button>
          <Button type="submit" color="orange" loading={saving} data-testid="reset-password-submit">
            {t("users.resetSubmit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
