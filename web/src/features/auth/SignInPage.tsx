import { useState, type FormEvent } from "react";
import { Alert, Button, Stack, TextInput } from "@mantine/core";
import { IconAlertCircle } from "@tabler/icons-react";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { SessionBody } from "@relata/contracts";
import { api, ApiError, csrf } from "../../lib/api";
import { sessionQueryKey } from "../../lib/session";
import { safeRedirect } from "../../app/routes/root";
import { AuthFrame } from "./AuthFrame";
import { PasswordInput } from "./PasswordInput";

export function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const search = useSearch({ strict: false }) as { redirect?: string };
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!email.trim() || !password) {
      setError(t("auth.fillBoth"));
      return;
    }
    setBusy(true);
    try {
      const session = await api<SessionBody>("POST", "/api/auth/login", { body: { email: email.trim(), password } });
      csrf.set(session.csrfToken);
      queryClient.setQueryData(sessionQueryKey, session);
      await navigate({ to: safeRedirect(search.redirect) });
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 429) {
        setError(t("auth.tooManyAttempts", { seconds: caught.retryAfter ?? 60 }));
      } else if (caught instanceof ApiError && (caught.status === 401 || caught.status === 400)) {
        setError(t("auth.invalidCredentials"));
      } else {
        setError(t("error.unavailable"));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthFrame title={t("auth.signInTitle")} subtitle={t("auth.signInSubtitle")}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack gap="sm">
          {error && (
            <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert" data-testid="sign-in-error">
              {error}
            </Alert>
          )}
          <TextInput
            label={t("auth.email")}
            type="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
          />
          <PasswordInput
            label={t("auth.password")}
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
          />
          <Button type="submit" loading={busy} fullWidth mt="xs">
            {t("auth.signIn")}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
