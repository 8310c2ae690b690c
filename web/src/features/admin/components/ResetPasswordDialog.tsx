import { useState } from "react";
import { Alert, Text } from "@mantine/core";
import { IconInfoCircle } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { limits, type User } from "@relata/contracts";
import { PasswordInput } from "../../auth/PasswordInput";
import { resetUserPassword } from "../api/users";
import { DialogForm, FormDialog } from "../../../components/form-dialog";
import { useAdminForm } from "./AdminDialog";
import { notifySuccess } from "./feedback";

/** Sets a new password for someone else; their sessions end at once. */
export function ResetPasswordDialog({ user, opened, onClose }: { user: User; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation("admin");
  return (
    <FormDialog opened={opened} onClose={onClose} title={t("users.resetTitle", { name: user.name })} testId="reset-password-dialog">
      <ResetForm user={user} onClose={onClose} />
    </FormDialog>
  );
}

function ResetForm({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation("admin");
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  // Their sessions end: the session lists change.
  const form = useAdminForm(["password"], { list: ["sessions"], onSaved: onClose });
  const { errors } = form;

  async function submit() {
    const found: Record<string, string> = {};
    if ([...password].length < limits.passwordMin) found.password = t("common:validation.passwordMin", { count: limits.passwordMin });
    else if (password.length > limits.passwordMax) found.password = t("common:validation.passwordMax", { count: limits.passwordMax });
    else if (password.toLowerCase() === user.email.toLowerCase() || password.toLowerCase() === user.email.split("@")[0]?.toLowerCase())
      found.password = t("serverError.passwordEmail");
    if (repeat !== password) found.repeat = t("common:validation.passwordMismatch");
    if (!form.validate(found)) return;
    await form.save(async () => {
      await resetUserPassword(user.id, password);
      notifySuccess(t("users.resetDone", { name: user.name }));
    });
  }

  return (
    <DialogForm
      form={form}
      onSubmit={submit}
      onCancel={onClose}
      submitLabel={t("users.resetSubmit")}
      testId="reset-password"
      color="orange"
    >
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
    </DialogForm>
  );
}
