import { Paper, SimpleGrid, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ImportJob } from "@relata/contracts";
import { useFormat } from "../../../lib/session";
import type { Counts } from "../lib/progress";

type Stat = { key: "created" | "updated" | "skipped" | "errors"; value: number; color?: string };

/** Created / updated / skipped / errors, as four figures (a dry run says "would be"). */
export function ImportStats({ job }: { job: Counts & Pick<ImportJob, "dryRun"> }) {
  const { t } = useTranslation("imports");
  const format = useFormat();
  const stats: Stat[] = [
    { key: "created", value: job.createdRows, color: "teal" },
    { key: "updated", value: job.updatedRows, color: "blue" },
    { key: "skipped", value: job.skippedRows },
    { key: "errors", value: job.errorRows, color: job.errorRows > 0 ? "red" : undefined },
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" data-testid="import-stats">
      {stats.map((stat) => (
        <Paper key={stat.key} withBorder p="sm" radius="md" data-testid={`import-stat-${stat.key}`}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {t(job.dryRun ? `stats.wouldBe.${stat.key}` : `stats.${stat.key}`)}
          </Text>
          <Text fz="xl" fw={700} c={stat.value > 0 ? stat.color : undefined} data-testid={`import-stat-${stat.key}-value`}>
            {format.number(stat.value)}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
