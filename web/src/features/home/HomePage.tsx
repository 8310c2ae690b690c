import { Anchor, Button, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { spotlight } from "@mantine/spotlight";
import { IconSearch } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { Company } from "@relata/contracts";
import { api } from "../../lib/api";
import { useCan, useFormat, useMe } from "../../lib/session";
import { EmptyState, ErrorState, LoadingBlock } from "../../components/states";
import { mayOpen, navItems } from "../../app/nav";
import { can } from "../../lib/session";

/** Start page: recent changes to clients the user can see, and a way into everything else. */
export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const canReadCompanies = useCan("company", "read");
  const recent = useQuery({
    queryKey: ["companies", "recent"],
    queryFn: () => api<{ items: Company[] }>("GET", "/api/companies", { query: { sort: "-updatedAt", limit: 8 } }),
    enabled: canReadCompanies,
    meta: { topics: ["list:companies"] },
  });
  const shortcuts = navItems.filter((item) => item.to !== "/" && mayOpen(item, (object, action) => can(me, object, action)));

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t("home.greeting", { name: me.name })}</Title>
          <Text c="dimmed">{t("home.subtitle")}</Text>
        </div>
        <Button variant="light" leftSection={<IconSearch size={16} />} onClick={() => spotlight.open()}>
          {t("palette.button")}
        </Button>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {canReadCompanies && (
          <Card withBorder>
            <Title order={3} size="h5" mb="sm">
              {t("home.recentCompanies")}
            </Title>
            {recent.isPending ? (
              <LoadingBlock rows={4} />
            ) : recent.isError ? (
              <ErrorState error={recent.error} onRetry={() => void recent.refetch()} />
            ) : recent.data.items.length === 0 ? (
              <EmptyState title={t("home.noCompanies")} />
            ) : (
              <Stack gap={6} data-testid="recent-companies">
                {recent.data.items.map((company) => (
                  <Group key={company.id} justify="space-between" wrap="nowrap">
                    <Anchor renderRoot={(props) => <Link {...props} to="/companies/$id" params={{ id: company.id }} />} truncate>
                      {company.name}
                    </Anchor>
                    <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                      {format.relative(company.updatedAt)}
                    </Text>
                  </Group>
                ))}
              </Stack>
            )}
          </Card>
        )}
        <Card withBorder>
          <Title order={3} size="h5" mb="sm">
            {t("home.shortcuts")}
          </Title>
          <Stack gap={6}>
            {shortcuts.map((item) => (
              <Anchor key={item.to} component={Link} to={item.to}>
                <Group gap="xs">
                  <item.icon size={16} aria-hidden />
                  {t(item.label)}
                </Group>
              </Anchor>
            ))}
          </Stack>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
