import { useMemo, useState, type FormEvent } from "react";
import { Button, Card, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { limits, locales, type Locale, type Me, type SessionBody } from "@relata/contracts";
import { api, ApiError } from "../../lib/api";
import { sessionQueryKey, useFormat, useMe } from "../../lib/session";
import { timeZones } from "../../lib/format";
import { languageNames, setLocale } from "../../i18n";
import { toast } from "../../components/dialogs";
// The show / hide button named in the reader's language (Mantine's own is English).
import { PasswordInput } from "../auth/PasswordInput";
import { serverText } from "../admin/components/feedback";
import { PreferencesCard } from "../notifications/PreferencesCard";

export function ProfilePage() {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [name, setName] = useState(me.name);
  const [locale, setLocaleValue] = useState<Locale>(me.locale);
  const [timeZone, setTimeZone] = useState(me.timeZone);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [saving, setSaving] = useState(false);
  const zones = useMemo(() => timeZones().map((zone) => ({ value: zone, label: zone.replace(/_/g, " ") })), []);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setErrors({ name: t("validation.required") });
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      const updated = await api<Me>("PATCH", "/api/me", { body: { name: name.trim(), locale, timeZone } });
      queryClient.setQueryData(sessionQueryKey, (old: SessionBody | null | undefined) => (old ? { ...old, user: updated } : old));
      await setLocale(updated.locale);
      toast.success(t("profile.saved"));
    } catch (error) {
      if (error instanceof ApiError && error.details.length) {
        setErrors({ name: error.fieldError("name"), locale: error.fieldError("locale"), timeZone: error.fieldError("timeZone") });
      } else toast.error(error);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Stack maw={880}>
      <Title order={2}>{t("profile.title")}</Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder component="form" onSubmit={(event: FormEvent) => void save(event)} noValidate>
          <Stack gap="sm">
            <Title order={3} size="h4">
              {t("profile.settings")}
            </Title>
            <TextInput
              label={t("profile.name")}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={errors.name}
              required
            />
            <TextInput label={t("auth.email")} value={me.email} readOnly description={t("profile.emailHint")} />
            <Select
              label={t("profile.language")}
              data={locales.map((value) => ({ value, label: languageNames[value] }))}
              value={locale}
              onChange={(value) => value && setLocaleValue(value as Locale)}
              allowDeselect={false}
              error={errors.locale}
              data-testid="profile-language"
            />
            <Select
              label={t("profile.timeZone")}
              data={zones}
              value={timeZone}
              onChange={(value) => value && setTimeZone(value)}
              searchable
              allowDeselect={false}
              error={errors.timeZone}
              nothingFoundMessage={t("state.nothingFound")}
            />
            <Text size="xs" c="dimmed">
              {t("profile.preview", { date: format.dateTime(new Date()), number: format.number(1234567.89, 2) })}
            </Text>
            <Group justify="flex-end">
              <Button type="submit" loading={saving}>
                {t("action.save")}
              </Button>
            </Group>
          </Stack>
        </Card>
        <ChangePassword />
        <PreferencesCard />
      </SimpleGrid>
    </Stack>
  );
}

function ChangePassword() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [saving, setSaving] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!current) found.currentPassword = t("validation.required");
    if ([...next].length < limits.passwordMin) found.newPassword = t("validation.passwordMin", { count: limits.passwordMin });
    if (confirm !== next) found.confirm = t("validation.passwordMismatch");
    setErrors(found);
    if (Object.keys(found).length) return;
    setSaving(true);
    try {
      await api("POST", "/api/me/password", { body: { currentPassword: current, newPassword: next } });
      setCurrent("");
      setNext("");
      setConfirm("");
      toast.success(t("profile.passwordChanged"));
    } catch (error) {
      if (error instanceof ApiError && (error.details.length || error.status === 400 || error.status === 401)) {
        // The server's reasons ("is not your current password", "is too common"…) in the reader's language.
        setErrors({
          currentPassword:
            serverText(error.fieldError("currentPassword")) ?? (error.details.length ? undefined : serverText(error.message)),
          newPassword: serverText(error.fieldError("newPassword")),
        });
      } else toast.error(error);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card withBorder component="form" onSubmit={(event: FormEvent) => void submit(event)} noValidate>
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t("profile.changePassword")}
        </Title>
        <PasswordInput
          label={t("profile.currentPassword")}
          autoComplete="current-password"
          data-testid="profile-current-password"
          value={current}
          onChange={(e) => setCurrent(e.currentTarget.value)}
          error={errors.currentPassword}
        />
        <PasswordInput
          label={t("profile.newPassword")}
          description={t("setup.passwordHint", { min: limits.passwordMin })}
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.currentTarget.value)}
          data-testid="profile-new-password"
          error={errors.newPassword}
        />
        <PasswordInput
          label={t("setup.confirmPassword")}
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.currentTarget.value)}
          data-testid="profile-confirm-password"
          error={errors.confirm}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={saving} variant="light">
            {t("profile.changePassword")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
