import { useState } from "react";
import { Alert, Button, Group, SegmentedControl, SimpleGrid, Stack } from "@mantine/core";
import { IconAlertCircle, IconPlus } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { Task, TaskView } from "@relata/contracts";
import { useMe } from "../../../lib/session";
import { PageHeader } from "../../../components/page-header";
import { taskQuery, taskSummaryQuery, taskViewQuery, type Assigned } from "../api";
import { QuickAdd } from "../components/QuickAdd";
import { TaskDialog } from "../components/TaskForm";
import { TaskSection } from "../components/TaskSection";
import { useTick } from "../components/useTick";

const sections: { view: TaskView; color?: string }[] = [
  { view: "overdue", color: "red" },
  { view: "today", color: "blue" },
  { view: "upcoming" },
  { view: "no_date" },
  { view: "done", color: "teal" },
];

/**
 * My work: the reader's tasks by when they are due in their own time zone (overdue, today,
 * upcoming, no date, done lately), or those they gave to others; quick add, tick done, open to
 * edit. `?task=<id>` (a notification's link) opens that task.
 */
export function MyWorkPage() {
  const { t } = useTranslation("tasks");
  const me = useMe();
  const navigate = useNavigate();
  const search = useSearch({ strict: false });
  const linked = typeof search.task === "string" ? search.task : undefined;
  const [assigned, setAssigned] = useState<Assigned>("to_me");
  const [dialog, setDialog] = useState<{ task?: Task } | null>(null);
  const summary = useQuery(taskSummaryQuery(me.id));
  const linkedTask = useQuery({ ...taskQuery(me.id, linked ?? ""), enabled: !!linked });
  const { tick, pending } = useTick();

  const open = (task: Task) => setDialog({ task });
  function close() {
    setDialog(null);
    if (linked) void navigate({ to: "/my-work", search: {}, replace: true });
  }
  const shown = dialog ?? (linked && linkedTask.data ? { task: linkedTask.data } : null);
  const counts = summary.data;

  return (
    <Stack gap="md" maw={1100}>
      <PageHeader
        title={t("page.title")}
        description={t("page.description")}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog({})} data-testid="task-new">
            {t("page.new")}
          </Button>
        }
      />
      {linked && linkedTask.isError && (
        <Alert
          color="orange"
          icon={<IconAlertCircle size={18} />}
          withCloseButton
          closeButtonLabel={t("page.linkedClose")}
          onClose={close}
          data-testid="task-linked-missing"
        >
          {t("page.linkedMissing")}
        </Alert>
      )}
      <Group justify="space-between" gap="sm" wrap="wrap">
        <SegmentedControl
          value={assigned}
          onChange={(value) => setAssigned(value as Assigned)}
          data={[
            { value: "to_me", label: t("page.mine") },
            { value: "by_me", label: t("page.assignedByMe", { count: counts?.assignedByMe ?? 0 }) },
          ]}
          data-testid="my-work-assigned"
        />
      </Group>
      {assigned === "to_me" && <QuickAdd />}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {sections.map(({ view, color }) => (
          <TaskSection
            key={`${assigned}-${view}`}
            title={t(`view.${view}`)}
            count={assigned === "to_me" ? counts?.[view] : undefined}
            color={color}
            empty={t(`empty.${view}`)}
            query={taskViewQuery(me.id, view, assigned)}
            onOpen={open}
            onTick={(task, done) => void tick(task, done)}
            pending={pending}
            testId={`section-${view}`}
          />
        ))}
      </SimpleGrid>
      <TaskDialog opened={shown !== null} onClose={close} task={shown?.task} />
    </Stack>
  );
}
