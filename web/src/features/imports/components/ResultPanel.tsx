import { Alert, Button, Card, Group, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck, IconList, IconPlayerPlay, IconPlus } from "@tabler/icons-react";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { ImportJob } from "@relata/contracts";
import { useFormat } from "../../../lib/session";
import { startImport } from "../api/imports";
import { canResume } from "../lib/progress";
import { ErrorsTable } from "./ErrorsTable";
import { ImportProgress } from "./RunPanel";
import { useImportCall } from "./useImportCall";

/**
 * Step 6: how the import ended — counts, the rows that failed (with line, field and message),
 * the errors as CSV, the imported records in their list; a run that stopped can resume.
 */
export function ResultPanel({ job, labelOf }: { job: ImportJob; labelOf: (field: string) => string }) {
  const { t } = useTranslation("imports");
  const format = useFormat();
  const resume = useImportCall(job.id);
  const list = job.object === "company" ? "/companies" : "/contacts";

  const facts = { processed: format.number(job.processedRows), total: format.number(job.totalRows), count: job.processedRows };
  const outcome =
    job.status === "done" ? (
      <Alert
        color={job.errorRows ? "yellow" : "teal"}
        icon={job.errorRows ? <IconAlertTriangle size={18} /> : <IconCircleCheck size={18} />}
        title={t(job.errorRows ? "result.doneWithErrors" : "result.done")}
        data-testid="import-outcome"
        data-status={job.status}
      >
        <Text size="sm">{t("result.doneSummary", facts)}</Text>
      </Alert>
    ) : (
      <Alert
        color={job.status === "failed" ? "red" : "orange"}
        icon={<IconAlertTriangle size={18} />}
        title={t(job.status === "failed" ? "result.failed" : "result.cancelled")}
        data-testid="import-outcome"
        data-status={job.status}
      >
        <Stack gap={4}>
          {job.status === "failed" && <Text size="sm">{job.failure ?? t("result.noReason")}</Text>}
          <Text size="sm">{t("result.stoppedSummary", facts)}</Text>
        </Stack>
      </Alert>
    );

  return (
    <Stack gap="md" data-testid="import-result">
      <Card withBorder padding="md">
        <Stack gap="md">
          {outcome}
          <ImportProgress job={job} />
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Group gap="xs" wrap="wrap">
              {job.createdRows + job.updatedRows > 0 && (
                <Button
                  component={Link}
                  to={list}
                  search={{ sort: "-createdAt" } as never}
                  variant="light"
                  leftSection={<IconList size={16} />}
                  maw="100%"
                  // Long labels wrap on a phone instead of running past the card.
                  styles={{ root: { height: "auto", minHeight: 36 }, label: { whiteSpace: "normal", paddingBlock: 6 } }}
                  data-testid="import-open-list"
                >
                  {t(`result.openList.${job.object}`)}
                </Button>
              )}
              <Button
                component={Link}
                to="/imports/new"
                search={{ object: job.object } as never}
                variant="default"
                leftSection={<IconPlus size={16} />}
                data-testid="import-another"
              >
                {t("result.another")}
              </Button>
            </Group>
            {canResume(job) && (
              <Button
                leftSection={<IconPlayerPlay size={16} />}
                onClick={() => void resume.run("resume", () => startImport(job.id, false))}
                loading={resume.pending !== null}
                data-testid="import-resume"
              >
                {t("result.resume")}
              </Button>
            )}
          </Group>
          {canResume(job) && (
            <Text size="xs" c="dimmed">
              {t("result.resumeHint")}
            </Text>
          )}
        </Stack>
      </Card>
      <Card withBorder padding="md">
        <ErrorsTable importId={job.id} stamp={`${job.version}`} total={job.errorRows} labelOf={labelOf} />
      </Card>
    </Stack>
  );
}
