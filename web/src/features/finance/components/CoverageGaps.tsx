import { useState } from "react";
import { Anchor, Badge, Card, Group, Select, Stack, Text, Title } from "@mantine/core";
import { IconCircleCheck } from "@tabler/icons-react";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { accountTeamRoles, type AccountTeamRole } from "@relata/contracts";
import { CountryName } from "../../../components/record-form";
import { ErrorState, LoadingBlock } from "../../../components/states";
import { useAccountTeamGaps } from "../api";

/**
 * The companies of the whole group (that the reader may see) where none of our people is assigned
 * now — or none in the chosen role — each linking to its card's account team.
 */
export function CoverageGaps({ companyId }: { companyId: string }) {
  const { t } = useTranslation("finance");
  const [role, setRole] = useState<AccountTeamRole | null>(null);
  const gaps = useAccountTeamGaps(companyId, role);

  return (
    <Card withBorder padding="lg" data-testid="coverage-gaps">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs" wrap="wrap" align="flex-end">
          <Stack gap={2} style={{ flex: "1 1 240px" }}>
            <Title order={3} size="h5">
              {t("gaps.title")}
            </Title>
            <Text size="xs" c="dimmed">
              {t("gaps.description")}
            </Text>
          </Stack>
          <Select
            size="xs"
            w={220}
            label={t("gaps.role")}
            data={[{ value: "any", label: t("gaps.anyRole") }, ...accountTeamRoles.map((value) => ({ value, label: t(`role.${value}`) }))]}
            allowDeselect={false}
            value={role ?? "any"}
            onChange={(next) => setRole(!next || next === "any" ? null : (next as AccountTeamRole))}
            data-testid="gaps-role"
          />
        </Group>
        {gaps.isPending ? (
          <LoadingBlock rows={3} />
        ) : gaps.isError ? (
          <ErrorState error={gaps.error} onRetry={() => void gaps.refetch()} />
        ) : (
          <>
            <Text size="sm" data-testid="gaps-summary" data-gaps={gaps.data.items.length} data-companies={gaps.data.companies}>
              {gaps.data.items.length === 0
                ? role
                  ? t("gaps.noneInRole", { count: gaps.data.companies, role: t(`role.${role}`) })
                  : t("gaps.none", { count: gaps.data.companies })
                : role
                  ? t("gaps.someInRole", { count: gaps.data.items.length, total: gaps.data.companies, role: t(`role.${role}`) })
                  : t("gaps.some", { count: gaps.data.items.length, total: gaps.data.companies })}
            </Text>
            {gaps.data.items.length === 0 ? (
              <Group gap={6} c="teal">
                <IconCircleCheck size={18} aria-hidden />
                <Text size="sm">{t("gaps.allCovered")}</Text>
              </Group>
            ) : (
              <Stack gap={6} component="ul" style={{ listStyle: "none", margin: 0, padding: 0 }} data-testid="gaps-list">
                {gaps.data.items.map((gap) => (
                  <Card key={gap.companyId} component="li" withBorder padding="xs" data-testid="gap-row" data-company={gap.companyId}>
                    <Group justify="space-between" gap="xs" wrap="wrap">
                      <Stack gap={0} style={{ minWidth: 0 }}>
                        <Anchor
                          renderRoot={(props) => (
                            <Link to="/companies/$id" params={{ id: gap.companyId }} search={{ tab: "account-team" } as never} {...props} />
                          )}
                          fw={600}
                          size="sm"
                          style={{ overflowWrap: "anywhere" }}
                          data-testid="gap-link"
                        >
                          {gap.companyName}
                        </Anchor>
                        {gap.country && (
                          <Text size="xs" c="dimmed">
                            <CountryName code={gap.country} />
                          </Text>
                        )}
                      </Stack>
                      <Group gap={4} wrap="wrap">
                        {gap.coveredRoles.length === 0 ? (
                          <Badge color="red" variant="light" style={{ textTransform: "none" }}>
                            {t("gaps.nobody")}
                          </Badge>
                        ) : (
                          gap.coveredRoles.map((covered) => (
                            <Badge key={covered} color="gray" variant="light" style={{ textTransform: "none" }}>
                              {t(`role.${covered}`)}
                            </Badge>
                          ))
                        )}
                      </Group>
                    </Group>
                  </Card>
                ))}
              </Stack>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}
