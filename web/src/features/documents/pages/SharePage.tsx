import { useEffect } from "react";
import { Alert, Badge, Box, Button, Center, Group, Menu, Paper, Stack, Text, Title, UnstyledButton } from "@mantine/core";
import { IconDownload, IconLanguage, IconLinkOff } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { locales } from "@relata/contracts/plain";
import { isLocale, languageNames, setLocale } from "../../../i18n";
import { ApiError } from "../../../lib/api";
import { useFormat } from "../../../lib/session";
import { ErrorState, LoadingPage } from "../../../components/states";
import { publicShareQuery, publicSharePath } from "../api";
import { formatBytes } from "../lib/documents";
import { Preview } from "../components/Preview";

/** /share/$token, signed out: the shared revision's title, number, size, a download button and the preview. */
export function SharePage({ token }: { token: string }) {
  const { t, i18n } = useTranslation("documents");
  const format = useFormat();
  const share = useQuery(publicShareQuery(token));
  const current = isLocale(i18n.language) ? i18n.language : "en";
  const title = share.data?.title;
  useEffect(() => {
    const previous = document.title;
    document.title = title ? `${title} · ${t("common:app.name")}` : t("common:app.name");
    return () => {
      document.title = previous;
    };
  }, [title, t]);

  const gone = share.error instanceof ApiError && share.error.status === 404;
  return (
    <Box mih="100vh" bg="var(--mantine-color-gray-light)" p={{ base: "sm", sm: "xl" }}>
      <Stack maw={980} mx="auto" gap="md">
        <Group justify="space-between">
          <Title order={2} size="h3" className="relata-brand">
            {t("common:app.name")}
          </Title>
          <Menu position="bottom-end">
            <Menu.Target>
              <UnstyledButton aria-label={t("common:userMenu.language")}>
                <Group gap={4}>
                  <IconLanguage size={16} />
                  <Text size="sm">{languageNames[current]}</Text>
                </Group>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              {locales.map((locale) => (
                <Menu.Item key={locale} lang={locale} onClick={() => void setLocale(locale)}>
                  {languageNames[locale]}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        </Group>
        <Paper withBorder shadow="sm" radius="md" p={{ base: "md", sm: "xl" }} component="main" data-testid="share-page">
          {share.isPending ? (
            <LoadingPage />
          ) : gone ? (
            <Center py="xl">
              <Stack align="center" gap="xs" maw={420} ta="center" data-testid="share-gone">
                <IconLinkOff size={40} stroke={1.4} aria-hidden />
                <Title order={1} size="h4">
                  {t("public.goneTitle")}
                </Title>
                <Text c="dimmed" size="sm">
                  {t("public.goneText")}
                </Text>
              </Stack>
            </Center>
          ) : share.isError ? (
            <ErrorState error={share.error} onRetry={() => void share.refetch()} />
          ) : (
            <Stack gap="md">
              <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
                <Stack gap={4} style={{ minWidth: 0, flex: "1 1 240px" }}>
                  <Badge variant="light" style={{ textTransform: "none", alignSelf: "flex-start" }}>
                    {t(`kind.${share.data.kind}`)}
                  </Badge>
                  <Title order={1} size="h2" style={{ overflowWrap: "anywhere" }} data-testid="share-title">
                    {share.data.title}
                  </Title>
                  <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }} data-testid="share-meta">
                    {t("public.meta", {
                      number: share.data.revisionNumber,
                      fileName: share.data.fileName,
                      size: formatBytes(share.data.size, format),
                      date: format.date(share.data.uploadedAt),
                    })}
                  </Text>
                </Stack>
                <Button
                  component="a"
                  href={`${publicSharePath(token)}/content`}
                  download={share.data.fileName}
                  leftSection={<IconDownload size={16} />}
                  data-testid="share-download"
                >
                  {t("public.download")}
                </Button>
              </Group>
              <Alert color="gray" variant="light" p="xs">
                <Text size="xs">{t("public.expires", { date: format.dateTime(share.data.expiresAt) })}</Text>
              </Alert>
              <Preview url={`${publicSharePath(token)}/content`} kind={share.data.preview} fileName={share.data.fileName} />
            </Stack>
          )}
        </Paper>
      </Stack>
    </Box>
  );
}
