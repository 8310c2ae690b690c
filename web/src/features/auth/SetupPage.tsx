import { useState, type FormEvent } from "react";
import { Alert, Button, Checkbox, Stack, Text, TextInput } from "@mantine/core";
import { IconAlertCircle } from "@tabler/icons-react";
import { useNavigate } from "@tanstack/react-router";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { SetupResult } from "@relata/contracts";
import { limits } from "@relata/contracts/plain";
import { api, ApiError, csrf } from "../../lib/api";
import { sessionQueryKey } from "../../lib/session";
import { setupStatusQuery } from "../../app/routes/root";
import { toast } from "../../components/dialogs";
import { AuthFrame } from "./AuthFrame";
import { PasswordInput } from "./PasswordInput";

type Fields = { name: string; email: string; password: string; confirm: string };

/** First run: create the first administrator. The server refuses once any user exists. */
export function SetupPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [fields, setFields] = useState<Fields>({ name: "", email: "", password: "", confirm: "" });
  const [errors, setErrors] = useState<Partial<Record<keyof Fields, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [demoData, setDemoData] = useState(false);
  const set = (key: keyof Fields) => (event: { currentTarget: { value: string } }) =>
    setFields({ ...fields, [key]: event.currentTarget.value });

  function validate(): boolean {
    const next: typeof errors = {};
    if (!fields.name.trim()) next.name = t("validation.required");
    if (!/^[^\s@]+@[^\s@]+$/.test(fields.email.trim())) next.email = t("validation.email");
    if ([...fields.password].length < limits.passwordMin) next.password = t("validation.passwordMin", { count: limits.passwordMin });
    else if ([...fields.password].length > limits.passwordMax) next.password = t("validation.passwordMax", { count: limits.passwordMax });
    if (fields.confirm !== fields.password) next.confirm = t("validation.passwordMismatch");
    setErrors(next);
    return Object.keys(next).length === 0;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    if (!validate()) return;
    setBusy(true);
    try {
      const { demoData: demoOutcome, ...session } = await api<SetupResult>("POST", "/api/setup", {
        body: { name: fields.name.trim(), email: fields.email.trim(), password: fields.password, ...(demoData ? { demoData } : {}) },
      });
      csrf.set(session.csrfToken);
      queryClient.setQueryData(sessionQueryKey, session);
      queryClient.setQueryData(setupStatusQuery.queryKey, { needsSetup: false });
      await navigate({ to: "/" });
      if (demoOutcome === "failed") toast.warning(t("setup.demoFailed"));
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 409) {
        setFailure(t("setup.alreadyDone"));
      } else if (caught instanceof ApiError && caught.status === 400) {
        setErrors({
          name: caught.fieldError("name"),
          email: caught.fieldError("email"),
          password: caught.fieldError("password"),
        });
        setFailure(caught.details.length ? null : caught.message);
      } else {
        setFailure(t("error.unavailable"));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthFrame title={t("setup.title")} subtitle={t("setup.subtitle")}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack gap="sm">
          {failure && (
            <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
              <Stack gap={6}>
                <Text size="sm">{failure}</Text>
                {failure === t("setup.alreadyDone") && (
                  <Button size="xs" variant="light" onClick={() => void navigate({ to: "/sign-in" })}>
                    {t("auth.signIn")}
                  </Button>
                )}
              </Stack>
            </Alert>
          )}
          <TextInput
            label={t("setup.name")}
            required
            autoComplete="name"
            value={fields.name}
            onChange={set("name")}
            error={errors.name}
            autoFocus
          />
          <TextInput
            label={t("auth.email")}
            type="email"
            required
            autoComplete="username"
            value={fields.email}
            onChange={set("email")}
            error={errors.email}
          />
          <PasswordInput
            label={t("auth.password")}
            description={t("setup.passwordHint", { min: limits.passwordMin })}
            required
            autoComplete="new-password"
            value={fields.password}
            onChange={set("password")}
            error={errors.password}
          />
          <PasswordInput
            label={t("setup.confirmPassword")}
            required
            autoComplete="new-password"
            value={fields.confirm}
            onChange={set("confirm")}
            error={errors.confirm}
          />
          <Checkbox
            label={t("setup.demoData")}
            description={t("setup.demoDataHint")}
            checked={demoData}
            onChange={(event) => setDemoData(event.currentTarget.checked)}
            disabled={busy}
            mt={4}
          />
          <Button type="submit" loading={busy} fullWidth mt="xs">
            {t("setup.submit")}
          </Button>
          {busy && demoData && (
            <Text size="sm" c="dimmed" role="status" ta="center">
              {t("setup.demoLoading")}
            </Text>
          )}
        </Stack>
      </form>
    </AuthFrame>
  );
}
