import { Anchor, Button, Card, Group, Progress, Stack, Table, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconFileImport } from "@tabler/icons-react";
import { Link, useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { ImportJob } from "@relata/contracts";
import { useCan, useFormat } from "../../../lib/session";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import { PageHeader } from "../../../components/page-header";
import { useImports } from "../api/imports";
import { StatusBadge } from "../components/StatusBadge";
import { percentDone } from "../lib/progress";

/** /imports: the user's imports, newest first, each opening at its step or result. */
export function ImportsPage() {
  const { t } = useTranslation("imports");
  const imports = useImports();
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const mayCompany = useCan("company", "create");
  const mayContact = useCan("contact", "create");
  const mayImport = mayCompany || mayContact;
  const items = imports.data?.pages.flatMap((page) => page.items) ?? [];

  const newButton = (testId: string) =>
    mayImport && (
      <Button component={Link} to="/imports/new" leftSection={<IconFileImport size={16} />} data-testid={testId}>
        {t("history.new")}
      </Button>
    );

  return (
    <Stack maw={1100} gap="md">
      <PageHeader title={t("history.title")} description={t("history.description")} actions={newButton("imports-new")} />
      {imports.isPending ? (
        <LoadingBlock rows={6} />
      ) : imports.isError ? (
        <ErrorState error={imports.error} onRetry={() => void imports.refetch()} />
      ) : items.length === 0 ? (
        <Card withBorder>
          <EmptyState
            title={t("history.empty")}
            description={mayImport ? t("history.emptyDescription") : undefined}
            action={newButton("imports-empty-new") || undefined}
          />
        </Card>
      ) : (
        <>
          {phone ? <ImportCards items={items} /> : <ImportTable items={items} />}
          {imports.hasNextPage && (
            <Group justify="center">
              <Button variant="subtle" loading={imports.isFetchingNextPage} onClick={() => void imports.fetchNextPage()}>
                {t("history.more")}
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}

function Counts({ job }: { job: ImportJob }) {
  const { t } = useTranslation("imports");
  const format = useFormat();
  return (
    <Text size="sm" c="dimmed">
      {t("history.counts", {
        created: format.number(job.createdRows),
        updated: format.number(job.updatedRows),
        skipped: format.number(job.skippedRows),
        errors: format.number(job.errorRows),
      })}
    </Text>
  );
}

function RowsDone({ job }: { job: ImportJob }) {
  const { t } = useTranslation("imports");
  const format = useFormat();
  return (
    <Stack gap={4}>
      <Text size="sm">{t("history.rows", { processed: format.number(job.processedRows), total: format.number(job.totalRows) })}</Text>
      {job.status !== "uploaded" && <Progress value={percentDone(job)} size="xs" aria-hidden />}
    </Stack>
  );
}

function ImportTable({ items }: { items: ImportJob[] }) {
  const { t } = useTranslation("imports");
  const format = useFormat();
  const navigate = useNavigate();
  return (
    <Card withBorder padding={0}>
      <Table.ScrollContainer minWidth={760}>
        <Table highlightOnHover verticalSpacing="sm" data-testid="imports-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("history.file")}</Table.Th>
              <Table.Th>{t("history.status")}</Table.Th>
              <Table.Th w={180}>{t("history.progress")}</Table.Th>
              <Table.Th>{t("history.result")}</Table.Th>
              <Table.Th>{t("history.created")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((job) => (
              <Table.Tr
                key={job.id}
                style={{ cursor: "pointer" }}
                onClick={() => void navigate({ to: "/imports/$importId", params: { importId: job.id }, search: {} })}
                data-testid="imports-row"
              >
                <Table.Td>
                  <Anchor
                    component={Link}
                    to="/imports/$importId"
                    params={{ importId: job.id } as never}
                    fw={600}
                    size="sm"
                    style={{ overflowWrap: "anywhere" }}
                    onClick={(event) => event.stopPropagation()}
                  >
                    {job.fileName}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {t(`object.${job.object}.plural`)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <StatusBadge job={job} />
                </Table.Td>
                <Table.Td>
                  <RowsDone job={job} />
                </Table.Td>
                <Table.Td>
                  <Counts job={job} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{format.dateTime(job.createdAt)}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

function ImportCards({ items }: { items: ImportJob[] }) {
  const { t } = useTranslation("imports");
  const format = useFormat();
  return (
    <Stack gap="xs" data-testid="imports-table">
      {items.map((job) => (
        <Card
          key={job.id}
          withBorder
          padding="sm"
          component={Link}
          to="/imports/$importId"
          params={{ importId: job.id } as never}
          data-testid="imports-row"
        >
          <Stack gap={6}>
            <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text fw={600} size="sm" style={{ overflowWrap: "anywhere" }}>
                  {job.fileName}
                </Text>
                <Text size="xs" c="dimmed">
                  {t(`object.${job.object}.plural`)} · {format.dateTime(job.createdAt)}
                </Text>
              </Stack>
              <StatusBadge job={job} />
            </Group>
            <RowsDone job={job} />
            <Counts job={job} />
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
