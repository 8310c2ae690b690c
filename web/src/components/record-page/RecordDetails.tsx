import type { ReactNode } from "react";
import { ActionIcon, Card, CopyButton, Group, Stack, Text, Title, Tooltip } from "@mantine/core";
import { IconCheck, IconCopy } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/session";

/** One labelled value of a details card. */
export function Detail({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Stack gap={0} data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}

/**
 * The "Record" card beside an overview form: what the record's own module adds (`children`), then
 * when it was created and last changed, its version and its id (with a copy button).
 */
export function RecordDetails({
  record,
  children,
}: {
  record: { id: string; version: number; createdAt: string; updatedAt: string };
  children?: ReactNode;
}) {
  const { t } = useTranslation("components");
  const format = useFormat();
  return (
    <Card withBorder padding="lg">
      <Title order={3} size="h5" mb="md">
        {t("page.record")}
      </Title>
      <Stack gap="sm">
        {children}
        <Detail label={t("page.created")}>{format.dateTime(record.createdAt)}</Detail>
        <Detail label={t("page.updated")}>
          {format.dateTime(record.updatedAt)}{" "}
          <Text span c="dimmed" size="sm">
            ({format.relative(record.updatedAt)})
          </Text>
        </Detail>
        <Detail label={t("page.version")}>{format.number(record.version)}</Detail>
        <Detail label={t("page.id")}>
          <Group gap={4} wrap="nowrap">
            <Text span size="xs" ff="monospace" style={{ overflowWrap: "anywhere" }}>
              {record.id}
            </Text>
            <CopyButton value={record.id}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? t("page.copied") : t("page.copyId")} withArrow>
                  <ActionIcon variant="subtle" color={copied ? "teal" : "gray"} size="sm" onClick={copy} aria-label={t("page.copyId")}>
                    {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
          </Group>
        </Detail>
      </Stack>
    </Card>
  );
}
