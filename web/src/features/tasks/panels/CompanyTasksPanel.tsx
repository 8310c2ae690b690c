import { useState } from "react";
import { Button, Group, SegmentedControl, Stack } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { Company, Task } from "@relata/contracts";
import type { PanelProps } from "../../../components/record-page";
import { companyTasksQuery } from "../api";
import { QuickAdd } from "../components/QuickAdd";
import { TaskDialog } from "../components/TaskForm";
import { TaskSection } from "../components/TaskSection";
import { useTick } from "../components/useTick";

/** The client card's tasks: the open ones by due time (or the finished ones), quick add and a full new-task dialog. */
export function CompanyTasksPanel({ record }: PanelProps<Company>) {
  const { t } = useTranslation("tasks");
  const [status, setStatus] = useState<"open" | "finished">("open");
  const [dialog, setDialog] = useState<{ task?: Task } | null>(null);
  const { tick, pending } = useTick();
  return (
    <Stack gap="md" data-testid="company-tasks">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <SegmentedControl
          value={status}
          onChange={(value) => setStatus(value as "open" | "finished")}
          data={[
            { value: "open", label: t("company.open") },
            { value: "finished", label: t("company.finished") },
          ]}
        />
        <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setDialog({})} data-testid="company-task-new">
          {t("page.new")}
        </Button>
      </Group>
      <QuickAdd companyId={record.id} />
      <TaskSection
        key={status}
        title={status === "open" ? t("company.openTitle") : t("company.finishedTitle")}
        empty={status === "open" ? t("company.emptyOpen") : t("company.emptyFinished")}
        query={companyTasksQuery(record.id, status)}
        onOpen={(task) => setDialog({ task })}
        onTick={(task, done) => void tick(task, done)}
        pending={pending}
        testId="company-task-list"
        showCompany={false}
      />
      <TaskDialog opened={dialog !== null} onClose={() => setDialog(null)} task={dialog?.task} draft={{ companyId: record.id }} />
    </Stack>
  );
}
