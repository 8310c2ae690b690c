import type { ReactNode } from "react";
import { Anchor, Group, Stack, Text, Title } from "@mantine/core";
import { IconArrowLeft } from "@tabler/icons-react";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";

/** The title row of the import screens, with the way back to the list of imports. */
export function ImportHeader({ title, description, extra }: { title: ReactNode; description?: ReactNode; extra?: ReactNode }) {
  const { t } = useTranslation("imports");
  return (
    <Stack gap={4}>
      <Anchor component={Link} to="/imports" size="sm" data-testid="imports-back">
        <Group gap={4} wrap="nowrap">
          <IconArrowLeft size={14} aria-hidden />
          {t("history.title")}
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Stack gap={2} style={{ flex: "1 1 260px", minWidth: 0 }}>
          <Title order={2} style={{ overflowWrap: "anywhere" }} data-testid="import-title">
            {title}
          </Title>
          {description && (
            <Text c="dimmed" size="sm" style={{ overflowWrap: "anywhere" }}>
              {description}
            </Text>
          )}
        </Stack>
        {extra}
      </Group>
    </Stack>
  );
}
