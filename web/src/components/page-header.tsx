import type { ReactNode } from "react";
import { Anchor, Breadcrumbs, Group, Stack, Text, Title } from "@mantine/core";
import { Link } from "@tanstack/react-router";

/**
 * The title row of a screen: the way up (`crumbs`), the title with a line on what the screen is
 * for, and the screen's main actions at the right (below the title on a phone).
 */
export function PageHeader({
  title,
  description,
  actions,
  crumbs,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  crumbs?: { label: string; to: string }[];
}) {
  return (
    <Stack gap={4}>
      {crumbs && crumbs.length > 0 && (
        <Breadcrumbs separatorMargin={6}>
          {crumbs.map((crumb) => (
            <Anchor key={crumb.to} component={Link} to={crumb.to} size="sm">
              {crumb.label}
            </Anchor>
          ))}
        </Breadcrumbs>
      )}
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Stack gap={2} style={{ flex: "1 1 260px", minWidth: 0 }}>
          <Title order={2} style={{ overflowWrap: "anywhere" }}>
            {title}
          </Title>
          {description && (
            <Text c="dimmed" size="sm" style={{ overflowWrap: "anywhere" }}>
              {description}
            </Text>
          )}
        </Stack>
        {actions && (
          <Group gap="xs" wrap="wrap">
            {actions}
          </Group>
        )}
      </Group>
    </Stack>
  );
}
