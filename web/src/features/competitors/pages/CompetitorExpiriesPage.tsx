import { useState } from "react";
import { Anchor, Badge, Button, Group, Paper, SegmentedControl, Stack, Table, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../lib/session";
import type { UpcomingCompetitorContract } from "../api";
import { PageHeader } from "../../../components/page-header";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import { localToday, noon } from "../../contracts/lib/problems";
import { upcomingQuery } from "../api";
import { daysUntil, expiryColor } from "../lib/expiry";

const windows = [30, 90, 180, 365] as const;

/** Competitor contracts expiring soon across every company the user may see, soonest first. */
export function CompetitorExpiriesPage() {
  const { t } = useTranslation("competitors");
  const format = useFormat();
  const [days, setDays] = useState<number>(90);
  const query = useInfiniteQuery(upcomingQuery(days));
  const rows = query.data?.pages.flatMap((page) => page.items) ?? [];
  const today = localToday();
  const phone = useMediaQuery("(max-width: 36em)");

  return (
    <Stack gap="md" data-testid="competitor-expiries-page">
      <PageHeader title={t("page.title")} description={t("page.description")} />
      <SegmentedControl
        w="fit-content"
        value={String(days)}
        onChange={(value) => setDays(Number(value))}
        data={windows.map((window) => ({ value: String(window), label: t("page.window", { count: window }) }))}
        aria-label={t("page.windowLabel")}
        data-testid="expiries-window"
      />
      {query.isPending ? (
        <LoadingBlock rows={6} />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={t("page.empty", { count: days })} description={t("page.emptyHint")} />
      ) : (
        <>
          {phone ? (
            <Stack gap="xs" data-testid="expiries">
              {rows.map((row) => (
                <ExpiryCard key={row.id} row={row} today={today} />
              ))}
            </Stack>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="xs" striped data-testid="expiries">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("field.expiresOn")}</Table.Th>
                    <Table.Th>{t("field.company")}</Table.Th>
                    <Table.Th>{t("field.competitor")}</Table.Th>
                    <Table.Th>{t("field.product")}</Table.Th>
                    <Table.Th ta="end">{t("field.value")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((row) => {
                    const left = row.expiresOn ? daysUntil(row.expiresOn, today) : null;
                    return (
                      <Table.Tr key={row.id} data-testid="expiry-row" data-competitor={row.competitor}>
                        <Table.Td style={{ whiteSpace: "nowrap" }}>
                          <Stack gap={2}>
                            <Text size="sm">{row.expiresOn ? format.date(noon(row.expiresOn)) : "—"}</Text>
                            {left !== null && (
                              <Badge size="xs" variant="light" color={expiryColor(left, row.reminderLeadDays)}>
                                {t("expiry.days", { count: left })}
                              </Badge>
                            )}
                          </Stack>
                        </Table.Td>
                        <Table.Td>
                          <CompanyLink row={row} />
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                            {row.competitor}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                            {row.product}
                          </Text>
                        </Table.Td>
                        <Table.Td ta="end" style={{ whiteSpace: "nowrap" }}>
                          {row.value && row.currency ? format.money(row.value, row.currency) : "—"}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {query.hasNextPage && (
            <Button
              variant="default"
              size="xs"
              w="fit-content"
              mx="auto"
              loading={query.isFetchingNextPage}
              onClick={() => void query.fetchNextPage()}
              data-testid="expiries-more"
            >
              {t("page.more")}
            </Button>
          )}
        </>
      )}
    </Stack>
  );
}

function CompanyLink({ row }: { row: UpcomingCompetitorContract }) {
  return (
    <Anchor
      renderRoot={(props) => (
        <Link to="/companies/$id" params={{ id: row.companyId }} search={{ tab: "competitors" } as never} {...props} />
      )}
      size="sm"
      fw={500}
      style={{ overflowWrap: "anywhere" }}
      data-testid="expiry-company"
    >
      {row.companyName}
    </Anchor>
  );
}

/** On a phone: one card per expiry instead of a table that scrolls sideways. */
function ExpiryCard({ row, today }: { row: UpcomingCompetitorContract; today: string }) {
  const { t } = useTranslation("competitors");
  const format = useFormat();
  const left = row.expiresOn ? daysUntil(row.expiresOn, today) : null;
  return (
    <Paper withBorder radius="md" p="xs" data-testid="expiry-row" data-competitor={row.competitor}>
      <Stack gap={4}>
        <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
          <CompanyLink row={row} />
          {left !== null && (
            <Badge size="sm" variant="light" color={expiryColor(left, row.reminderLeadDays)} style={{ flexShrink: 0 }}>
              {t("expiry.days", { count: left })}
            </Badge>
          )}
        </Group>
        <Text size="sm" style={{ overflowWrap: "anywhere" }}>
          {row.competitor} · {row.product}
        </Text>
        <Text size="xs" c="dimmed">
          {[
            row.expiresOn ? format.date(noon(row.expiresOn)) : null,
            row.value && row.currency ? format.money(row.value, row.currency) : null,
          ]
            .filter(Boolean)
            .join(" · ")}
        </Text>
      </Stack>
    </Paper>
  );
}
