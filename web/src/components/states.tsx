import type { ReactNode } from "react";
import { Alert, Button, Center, Code, Group, Loader, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconAlertTriangle, IconInbox, IconLock, IconMapQuestion, IconRefresh } from "@tabler/icons-react";
import { Link, type ErrorComponentProps } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { ApiError } from "../lib/api";

export function LoadingPage() {
  const { t } = useTranslation();
  return (
    <Center mih="50vh" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader />
        <Text c="dimmed" size="sm">
          {t("state.loading")}
        </Text>
      </Stack>
    </Center>
  );
}

/** Placeholder rows while a list or panel loads. */
export function LoadingBlock({ rows = 5 }: { rows?: number }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" role="status" aria-label={t("state.loading")}>
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={28} radius="sm" />
      ))}
    </Stack>
  );
}

export function EmptyState({ title, description, action }: { title: string; description?: string; action?: ReactNode }) {
  return (
    <Center py="xl">
      <Stack align="center" gap="xs" maw={420} ta="center">
        <IconInbox size={40} stroke={1.4} color="var(--mantine-color-dimmed)" aria-hidden />
        <Text fw={600}>{title}</Text>
        {description && (
          <Text c="dimmed" size="sm">
            {description}
          </Text>
        )}
        {action}
      </Stack>
    </Center>
  );
}

/** What the user sees for a failed request: what went wrong in words, and what they can do. */
export function errorMessageKey(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return "error.network";
    if (error.status === 403) return "error.forbidden";
    if (error.status === 404) return "error.notFound";
    if (error.status === 412) return "error.conflict";
    if (error.status === 429) return "error.rateLimited";
    if (error.status === 503) return "error.unavailable";
    if (error.status >= 500) return "error.server";
    return "error.badRequest";
  }
  return "error.unexpected";
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const forbidden = error instanceof ApiError && error.status === 403;
  return (
    <Alert
      color={forbidden ? "yellow" : "red"}
      icon={forbidden ? <IconLock size={18} /> : <IconAlertTriangle size={18} />}
      title={t(errorMessageKey(error))}
      role="alert"
    >
      <Stack gap="xs">
        {error instanceof ApiError && error.status >= 400 && error.status < 500 && error.message && <Text size="sm">{error.message}</Text>}
        {error instanceof ApiError && error.requestId && (
          <Text size="xs" c="dimmed">
            {t("error.reference")} <Code>{error.requestId}</Code>
          </Text>
        )}
        {onRetry && (
          <Group>
            <Button size="xs" variant="light" leftSection={<IconRefresh size={14} />} onClick={onRetry}>
              {t("action.retry")}
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Center mih="60vh">
      <Stack align="center" gap="sm" ta="center">
        <IconMapQuestion size={48} stroke={1.3} aria-hidden />
        <Title order={2}>{t("notFound.title")}</Title>
        <Text c="dimmed">{t("notFound.description")}</Text>
        <Button component={Link} to="/">
          {t("notFound.home")}
        </Button>
      </Stack>
    </Center>
  );
}

export function RouteErrorPage({ error, reset }: ErrorComponentProps) {
  return (
    <Center mih="40vh" p="md">
      <ErrorState error={error} onRetry={reset} />
    </Center>
  );
}
