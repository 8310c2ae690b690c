import { Avatar, Group, Menu, Text, UnstyledButton, useMantineColorScheme } from "@mantine/core";
import { IconCheck, IconLanguage, IconLogout, IconMoon, IconSun, IconDeviceDesktop, IconUser } from "@tabler/icons-react";
import { useNavigate } from "@tanstack/react-router";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Me } from "@relata/contracts";
import { locales, type Locale } from "@relata/contracts/plain";
import { api, csrf } from "../../lib/api";
import { useMe, sessionQueryKey } from "../../lib/session";
import { languageNames, setLocale } from "../../i18n";
import { toast } from "../../components/dialogs";

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return "?";
  const first = [...parts[0]!][0] ?? "";
  const last = parts.length > 1 ? ([...parts[parts.length - 1]!][0] ?? "") : "";
  return (first + last).toUpperCase();
}

export function UserMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { colorScheme, setColorScheme } = useMantineColorScheme();

  async function changeLanguage(locale: Locale) {
    await setLocale(locale);
    try {
      const updated = await api<Me>("PATCH", "/api/me", { body: { locale } });
      queryClient.setQueryData(sessionQueryKey, (old: { user: Me } | null | undefined) => (old ? { ...old, user: updated } : old));
    } catch (error) {
      toast.error(error);
    }
  }

  async function signOut() {
    try {
      await api("POST", "/api/auth/logout", { body: {} });
    } catch {
      // Signed out locally either way; the server session ends at its timeout at the latest.
    }
    csrf.set(undefined);
    queryClient.clear();
    queryClient.setQueryData(sessionQueryKey, null);
    await navigate({ to: "/sign-in" });
  }

  const schemes = [
    { value: "light", label: t("theme.light"), icon: IconSun },
    { value: "dark", label: t("theme.dark"), icon: IconMoon },
    { value: "auto", label: t("theme.auto"), icon: IconDeviceDesktop },
  ] as const;

  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={`${me.name} – ${t("userMenu.open")}`} data-testid="user-menu">
          <Group gap={8} wrap="nowrap">
            <Avatar radius="xl" size={32} color="blue" aria-hidden>
              {initials(me.name)}
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="md" truncate maw={160}>
              {me.name}
            </Text>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{me.email}</Menu.Label>
        <Menu.Item leftSection={<IconUser size={16} />} onClick={() => void navigate({ to: "/profile" })}>
          {t("userMenu.profile")}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Label>
          <Group gap={6}>
            <IconLanguage size={14} />
            {t("userMenu.language")}
          </Group>
        </Menu.Label>
        {locales.map((locale) => (
          <Menu.Item
            key={locale}
            lang={locale}
            data-testid={`language-${locale}`}
            rightSection={me.locale === locale ? <IconCheck size={14} /> : null}
            onClick={() => void changeLanguage(locale)}
          >
            {languageNames[locale]}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Label>{t("userMenu.theme")}</Menu.Label>
        {schemes.map((scheme) => (
          <Menu.Item
            key={scheme.value}
            leftSection={<scheme.icon size={16} />}
            rightSection={colorScheme === scheme.value ? <IconCheck size={14} /> : null}
            onClick={() => setColorScheme(scheme.value)}
          >
            {scheme.label}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item color="red" leftSection={<IconLogout size={16} />} onClick={() => void signOut()} data-testid="sign-out">
          {t("userMenu.signOut")}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
