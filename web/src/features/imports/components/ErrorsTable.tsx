import { Button, Group, Stack, Table, Text } from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../lib/session";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import { importErrorsCsvUrl, useImportErrors } from "../api/imports";

/**
 * The rows that could not be imported: line in the file, field, what is wrong; a page at a
 * time, and all of them as a CSV to fix in a spreadsheet and import again.
 */
export function ErrorsTable({
  importId,
  stamp,
  total,
  labelOf,
  dryRun = false,
}: {
  importId: string;
  /** Changes whenever the import has new errors (its version). */
  stamp: string;
  /** Rows with errors, as the import counts them. */
  total: number;
  labelOf: (field: string) => string;
  /** The errors of a dry run: rows that would fail. */
  dryRun?: boolean;
}) {
  const { t } = useTranslation("imports");
  const format = useFormat();
  const errors = useImportErrors(importId, stamp, total > 0);
  if (total === 0) return <EmptyState title={t("errors.none")} description={t("errors.noneDescription")} />;
  const items = errors.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="xs" data-testid="import-errors">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text fw={600}>{t(dryRun ? "errors.wouldFail" : "errors.title", { count: total, formatted: format.number(total) })}</Text>
        <Button
          component="a"
          href={importErrorsCsvUrl(importId)}
          download
          variant="default"
          size="xs"
          leftSection={<IconDownload size={14} />}
          data-testid="import-errors-csv"
        >
          {t("errors.download")}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t("errors.hint")}
      </Text>
      {errors.isPending ? (
        <LoadingBlock rows={4} />
      ) : errors.isError ? (
        <ErrorState error={errors.error} onRetry={() => void errors.refetch()} />
      ) : (
        <>
          <Table.ScrollContainer minWidth={260}>
            <Table striped withTableBorder fz="sm" verticalSpacing={6} data-testid="import-errors-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={72}>{t("errors.line")}</Table.Th>
                  <Table.Th w="30%">{t("errors.field")}</Table.Th>
                  <Table.Th>{t("errors.message")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((item) => (
                  <Table.Tr key={`${item.line}|${item.field}|${item.message}`} data-testid="import-error-row" data-line={item.line}>
                    <Table.Td style={{ fontVariantNumeric: "tabular-nums" }}>{item.line}</Table.Td>
                    <Table.Td style={{ overflowWrap: "anywhere" }}>{labelOf(item.field)}</Table.Td>
                    <Table.Td style={{ overflowWrap: "anywhere" }}>{item.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {errors.hasNextPage && (
            <Group justify="center">
              <Button variant="subtle" size="xs" loading={errors.isFetchingNextPage} onClick={() => void errors.fetchNextPage()}>
                {t("errors.more")}
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}
