import { useEffect, useState } from "react";
import { Button, Card, Group, Progress, Stack, Text } from "@mantine/core";
import { IconPlayerStop } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { ImportJob } from "@relata/contracts";
import { ApiError } from "../../../lib/api";
import { useFormat } from "../../../lib/session";
import { confirm } from "../../../components/dialogs";
import { cancelImport, isActive } from "../api/imports";
import { addSample, averageRate, percentDone, rowsPerSecond, secondsLeft, splitDuration, type Sample } from "../lib/progress";
import { ImportStats } from "./ImportStats";
import { useImportCall } from "./useImportCall";

/** The live bar: rows processed of all, the counts so far, rows per second and the time left. */
export function ImportProgress({ job }: { job: ImportJob }) {
  const { t } = useTranslation("imports");
  const format = useFormat();
  const [samples, setSamples] = useState<Sample[]>([]);
  const active = isActive(job);
  const { processedRows } = job;

  // Each progress event refetches the import; the rate is measured over the recent ones.
  useEffect(() => {
    if (active) setSamples((previous) => addSample(previous, { at: Date.now(), processed: processedRows }));
  }, [active, processedRows]);

  const percent = percentDone(job);
  const rate = (active ? rowsPerSecond(samples) : undefined) ?? averageRate(job);
  const left = active ? secondsLeft(job, rate) : undefined;

  return (
    <Stack gap="sm" data-testid="import-progress">
      <Progress.Root size={22} radius="md" aria-hidden>
        <Progress.Section value={percent} animated={active} striped={active} color={job.status === "failed" ? "red" : undefined}>
          <Progress.Label>{format.percent(percent / 100)}</Progress.Label>
        </Progress.Section>
      </Progress.Root>
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text
          size="sm"
          role="status"
          aria-live="polite"
          data-testid="import-progress-rows"
          data-processed={job.processedRows}
          data-total={job.totalRows}
        >
          {t("progress.rows", {
            processed: format.number(job.processedRows),
            total: format.number(job.totalRows),
            percent: format.percent(percent / 100),
          })}
        </Text>
        <Group gap="md" wrap="wrap">
          {rate !== undefined && (
            <Text size="sm" c="dimmed" data-testid="import-rate">
              {t("progress.rate", { rate: format.number(Math.round(rate)) })}
            </Text>
          )}
          {left !== undefined && left > 0 && (
            <Text size="sm" c="dimmed" data-testid="import-eta">
              {t("progress.left", { time: durationText(left, t) })}
            </Text>
          )}
        </Group>
      </Group>
      <ImportStats job={job} />
    </Stack>
  );
}

function durationText(seconds: number, t: (key: string, options?: Record<string, unknown>) => string): string {
  const parts = splitDuration(seconds);
  if (parts.hours > 0) return t("duration.hours", { hours: parts.hours, minutes: parts.minutes });
  if (parts.minutes > 0) return t("duration.minutes", { minutes: parts.minutes, seconds: parts.seconds });
  return t("duration.seconds", { seconds: parts.seconds });
}

/** Stops the import after the chunk in progress; what it committed stays. */
export function CancelImportButton({ job }: { job: ImportJob }) {
  const { t } = useTranslation("imports");
  const { pending, run } = useImportCall(job.id);
  const cancel = async () => {
    const ok = await confirm({
      title: t(job.dryRun ? "cancel.dryRunTitle" : "cancel.title"),
      message: t(job.dryRun ? "cancel.dryRunMessage" : "cancel.message"),
      confirmLabel: t("cancel.confirm"),
      danger: true,
    });
    // Finished meanwhile (409): nothing to say, the import is loaded again and shows how it ended.
    if (ok)
      await run(
        "cancel",
        () => cancelImport(job.id),
        (error) => error instanceof ApiError && error.status === 409,
      );
  };
  return (
    <Button
      variant="default"
      color="red"
      leftSection={<IconPlayerStop size={16} />}
      onClick={() => void cancel()}
      loading={pending !== null}
      data-testid="import-cancel"
    >
      {t("cancel.button")}
    </Button>
  );
}

/** Step 5: the import running as a job on the server, live. */
export function RunPanel({ job }: { job: ImportJob }) {
  const { t } = useTranslation("imports");
  return (
    <Card withBorder padding="md" data-testid="import-run">
      <Stack gap="md">
        <Stack gap={2}>
          <Text fw={600}>{t(job.status === "queued" ? "run.queued" : "run.running")}</Text>
          <Text size="sm" c="dimmed">
            {t("run.hint")}
          </Text>
        </Stack>
        <ImportProgress job={job} />
        <Group justify="flex-end">
          <CancelImportButton job={job} />
        </Group>
      </Stack>
    </Card>
  );
}
