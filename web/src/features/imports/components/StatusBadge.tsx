import { Badge, Group } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ImportJob } from "@relata/contracts";

const colors: Record<ImportJob["status"], string> = {
  uploaded: "gray",
  queued: "blue",
  running: "blue",
  done: "teal",
  failed: "red",
  cancelled: "orange",
};

/** The import's state in a word; a dry run says so. */
export function StatusBadge({ job }: { job: Pick<ImportJob, "status" | "dryRun"> }) {
  const { t } = useTranslation("imports");
  return (
    <Group gap={4} wrap="nowrap" data-testid="import-status" data-status={job.status}>
      {job.dryRun && job.status !== "uploaded" && (
        <Badge variant="outline" color="grape" size="sm">
          {t("status.dryRun")}
        </Badge>
      )}
      <Badge variant="light" color={colors[job.status]} size="sm">
        {t(`status.${job.status}`)}
      </Badge>
    </Group>
  );
}
