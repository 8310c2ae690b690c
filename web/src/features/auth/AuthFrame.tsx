import type { ReactNode } from "react";
import { Center, Group, Menu, Paper, Stack, Text, Title, UnstyledButton } from "@mantine/core";
import { IconLanguage } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { locales } from "@relata/contracts/plain";
import { languageNames, setLocale, isLocale } from "../../i18n";

/** The frame of the signed-out pages: brand, a card, and a language switch. */
export function AuthFrame({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const current = isLocale(i18n.language) ? i18n.language : "en";
  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-gray-light)">
      <Stack w="100%" maw={420} gap="md">
        <Group justify="space-between">
          <Title order={1} size="h3" className="relata-brand">
            {t("app.name")}
          </Title>
          <Menu position="bottom-end">
            <Menu.Target>
              <UnstyledButton aria-label={t("userMenu.language")}>
                <Group gap={4}>
                  <IconLanguage size={16} />
                  <Text size="sm">{languageNames[current]}</Text>
                </Group>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              {locales.map((locale) => (
                <Menu.Item key={locale} lang={locale} onClick={() => void setLocale(locale)} data-testid={`language-${locale}`}>
                  {languageNames[locale]}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        </Group>
        <Paper withBorder shadow="sm" p={{ base: "md", sm: "xl" }} radius="md" component="main">
          <Stack gap="md">
            <div>
              <Title order={2} size="h3">
                {title}
              </Title>
              {subtitle && (
                <Text c="dimmed" size="sm" mt={4}>
                  {subtitle}
                </Text>
              )}
            </div>
            {children}
          </Stack>
        </Paper>
      </Stack>
    </Center>
  );
}
