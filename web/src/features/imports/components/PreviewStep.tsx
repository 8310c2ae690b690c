import { Alert, Button, Card, Group, Stack, Table, Text } from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck, IconPlayerPlay, IconTestPipe } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { ImportJob } from "@relata/contracts";
import { useFormat } from "../../../lib/session";
import { ErrorState, LoadingBlock } from "../../../components/states";
import { isActive, startImport, useImportPreview, type ImportPreviewRow } from "../api/imports";
import { mappedFields } from "../lib/mapping";
import { CancelImportButton, ImportProgress } from "./RunPanel";
import { ErrorsTable } from "./ErrorsTable";
import { ImportStats } from "./ImportStats";
import classes from "./imports.module.css";
import { useImportCall } from "./useImportCall";

/**
 * Step 4: the first rows as the import reads them, with every problem at its cell; a dry run
 * checks every row without writing and lists the errors a real run would give; then "Import".
 */
export function PreviewStep({ job, labelOf, onBack }: { job: ImportJob; labelOf: (field: string) => string; onBack: () => void }) {
  const { t } = useTranslation("imports");
  const format = useFormat();
  const checking = job.dryRun && isActive(job);
  const checked = job.dryRun && !isActive(job) && job.status !== "uploaded";
  const { pending: starting, run } = useImportCall<"dry" | "real">(job.id);
  const start = (dryRun: boolean) => run(dryRun ? "dry" : "real", () => startImport(job.id, dryRun));

  return (
    <Stack gap="md">
      <Card withBorder padding="md" data-testid="import-preview">
        <Stack gap="sm">
          <Stack gap={2}>
            <Text fw={600}>{t("preview.title")}</Text>
            <Text size="sm" c="dimmed">
              {t("preview.hint")}
            </Text>
          </Stack>
          <PreviewTable job={job} labelOf={labelOf} />
        </Stack>
      </Card>

      {(checking || checked) && (
        <Card withBorder padding="md" data-testid="import-dry-run">
          <Stack gap="md">
            {checking ? (
              <>
                <Text fw={600}>{t("dryRun.running")}</Text>
                <ImportProgress job={job} />
                <Group justify="flex-end">
                  <CancelImportButton job={job} />
                </Group>
              </>
            ) : (
              <>
                <DryRunOutcome job={job} />
                {job.status === "done" && <ImportStats job={job} />}
                {job.errorRows > 0 && (
                  <ErrorsTable importId={job.id} stamp={`${job.version}`} total={job.errorRows} labelOf={labelOf} dryRun />
                )}
              </>
            )}
          </Stack>
        </Card>
      )}

      <Card withBorder padding="md">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Button variant="default" onClick={onBack} disabled={checking} data-testid="import-back">
            {t("common:action.back")}
          </Button>
          <Group gap="xs" wrap="wrap">
            <Button
              variant="default"
              leftSection={<IconTestPipe size={16} />}
              onClick={() => void start(true)}
              loading={starting === "dry"}
              disabled={checking || starting !== null}
              data-testid="import-dry-run-start"
            >
              {t(checked ? "dryRun.again" : "dryRun.start")}
            </Button>
            <Button
              leftSection={<IconPlayerPlay size={16} />}
              onClick={() => void start(false)}
              loading={starting === "real"}
              disabled={checking || starting !== null}
              data-testid="import-start"
            >
              {t("preview.start", { count: job.totalRows, rows: format.number(job.totalRows) })}
            </Button>
          </Group>
        </Group>
        <Text size="xs" c="dimmed" mt="xs">
          {t("preview.startHint")}
        </Text>
      </Card>
    </Stack>
  );
}

function DryRunOutcome({ job }: { job: ImportJob }) {
  const { t } = useTranslation("imports");
  const format = useFormat();
  if (job.status === "failed")
    return (
      <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t("dryRun.failed")} data-testid="import-dry-run-outcome">
        <Text size="sm">{job.failure ?? t("result.noReason")}</Text>
      </Alert>
    );
  if (job.status === "cancelled")
    return (
      <Alert color="orange" icon={<IconAlertTriangle size={18} />} title={t("dryRun.cancelled")} data-testid="import-dry-run-outcome">
        <Text size="sm">{t("dryRun.cancelledHint")}</Text>
      </Alert>
    );
  const clean = job.errorRows === 0;
  return (
    <Alert
      color={clean ? "teal" : "yellow"}
      icon={clean ? <IconCircleCheck size={18} /> : <IconAlertTriangle size={18} />}
      title={t(clean ? "dryRun.clean" : "dryRun.problems", { count: job.errorRows, rows: format.number(job.errorRows) })}
      data-testid="import-dry-run-outcome"
    >
      <Text size="sm">{t("dryRun.summary", { count: job.processedRows, rows: format.number(job.processedRows) })}</Text>
    </Alert>
  );
}

/** The preview rows in a table: one column per mapped field, problem cells marked, each row's problems listed. */
function PreviewTable({ job, labelOf }: { job: ImportJob; labelOf: (field: string) => string }) {
  const { t } = useTranslation("imports");
  const format = useFormat();
  const preview = useImportPreview(job);
  if (preview.isPending) return <LoadingBlock rows={5} />;
  if (preview.isError) return <ErrorState error={preview.error} onRetry={() => void preview.refetch()} />;
  const rows = preview.data.rows;
  if (rows.length === 0) return <Text size="sm">{t("preview.empty")}</Text>;
  const fields = mappedFields(job.headers, job.mapping);
  const bad = rows.filter((row) => row.errors.length > 0).length;

  return (
    <Stack gap="xs">
      <Text size="sm" c={bad ? "red" : "teal"} fw={500} data-testid="import-preview-summary">
        {bad
          ? t("preview.problems", { count: bad, bad: format.number(bad), shown: format.number(rows.length) })
          : t("preview.clean", { count: rows.length, shown: format.number(rows.length) })}
      </Text>
      <Table.ScrollContainer minWidth={Math.max(480, 140 + fields.length * 150)} maxHeight={480}>
        <Table withTableBorder withColumnBorders fz="sm" verticalSpacing={4} stickyHeader data-testid="import-preview-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={64}>{t("errors.line")}</Table.Th>
              {fields.map((field) => (
                <Table.Th key={field} style={{ whiteSpace: "nowrap" }}>
                  {labelOf(field)}
                </Table.Th>
              ))}
              <Table.Th miw={220}>{t("preview.problemsColumn")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <PreviewRow key={row.line} row={row} fields={fields} labelOf={labelOf} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

function PreviewRow({ row, fields, labelOf }: { row: ImportPreviewRow; fields: string[]; labelOf: (field: string) => string }) {
  const problemsOf = (field: string) => row.errors.filter((error) => error.field === field);
  const wholeRow = row.errors.some((error) => error.field === "row");
  return (
    <Table.Tr
      className={row.errors.length ? classes.badRow : undefined}
      data-testid="import-preview-row"
      data-line={row.line}
      data-invalid={row.errors.length > 0 || undefined}
    >
      <Table.Td style={{ fontVariantNumeric: "tabular-nums" }}>{row.line}</Table.Td>
      {fields.map((field) => {
        const problems = problemsOf(field);
        return (
          <Table.Td
            key={field}
            className={problems.length || wholeRow ? classes.badCell : undefined}
            title={problems.map((problem) => problem.message).join("; ") || undefined}
            data-field={field}
            data-invalid={problems.length > 0 || undefined}
            style={{ overflowWrap: "anywhere" }}
          >
            {row.values[field] ?? ""}
          </Table.Td>
        );
      })}
      <Table.Td style={{ overflowWrap: "anywhere" }}>
        {row.errors.length > 0 && (
          <Stack gap={2}>
            {row.errors.map((error) => (
              <Text key={`${error.field}|${error.message}`} size="xs" c="red" data-testid="import-preview-problem">
                {labelOf(error.field)}: {error.message}
              </Text>
            ))}
          </Stack>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
