import { Anchor, Badge, Box, Checkbox, Group, Text, UnstyledButton } from "@mantine/core";
import { IconAlarm, IconBuilding, IconUser } from "@tabler/icons-react";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { Task } from "@relata/contracts";
import { useFormat, useMe } from "../../../lib/session";
import { priorityColor } from "../lib/tasks";

/**
 * One task: a checkbox that ticks it done (or open again), its title (opens it), and what to
 * know at a glance — due time (red when overdue), priority unless normal, company, who it is for or from.
 */
export function TaskRow({
  task,
  onOpen,
  onTick,
  pending,
  showCompany = true,
  divider = true,
}: {
  task: Task;
  onOpen: (task: Task) => void;
  onTick: (task: Task, done: boolean) => void;
  pending: boolean;
  showCompany?: boolean;
  /** A line under the row (not under a list's last one). */
  divider?: boolean;
}) {
  const { t } = useTranslation("tasks");
  const format = useFormat();
  const me = useMe();
  const finished = task.status !== "open";
  const person =
    task.assigneeId !== me.id
      ? t("row.for", { name: task.assigneeName })
      : task.creatorId && task.creatorId !== me.id && task.creatorName
        ? t("row.from", { name: task.creatorName })
        : null;
  return (
    <Group
      wrap="nowrap"
      align="flex-start"
      gap="sm"
      py={6}
      data-testid="task-row"
      data-task={task.id}
      data-status={task.status}
      style={divider ? { borderBottom: "1px solid var(--mantine-color-default-border)" } : undefined}
    >
      <Checkbox
        mt={2}
        checked={task.status === "done"}
        indeterminate={task.status === "cancelled"}
        disabled={!task.canChange || pending}
        onChange={(event) => onTick(task, event.currentTarget.checked)}
        aria-label={finished ? t("row.reopen", { title: task.title }) : t("row.complete", { title: task.title })}
        data-testid="task-done"
      />
      <Box style={{ minWidth: 0, flex: 1 }}>
        <UnstyledButton onClick={() => onOpen(task)} data-testid="task-open" style={{ maxWidth: "100%" }}>
          <Text
            size="sm"
            fw={500}
            td={finished ? "line-through" : undefined}
            c={finished ? "dimmed" : undefined}
            style={{ overflowWrap: "anywhere" }}
          >
            {task.title}
          </Text>
        </UnstyledButton>
        <Group gap={8} wrap="wrap" mt={2}>
          {task.dueAt && (
            <Text size="xs" c={task.overdue ? "red" : "dimmed"} fw={task.overdue ? 600 : undefined} data-testid="task-due">
              {task.overdue ? t("row.overdue", { when: format.dateTime(task.dueAt) }) : format.dateTime(task.dueAt)}
            </Text>
          )}
          {task.status === "cancelled" && (
            <Badge size="xs" color="gray" variant="outline" style={{ textTransform: "none" }}>
              {t("status.cancelled")}
            </Badge>
          )}
          {task.priority !== "normal" && (
            <Badge
              size="xs"
              color={priorityColor[task.priority]}
              variant="light"
              style={{ textTransform: "none" }}
              data-testid="task-priority"
            >
              {t(`priority.${task.priority}`)}
            </Badge>
          )}
          {task.remindAt && !task.remindedAt && !finished && (
            <IconAlarm size={14} stroke={1.6} aria-label={t("row.reminder", { when: format.dateTime(task.remindAt) })} />
          )}
          {showCompany && task.companyId && task.companyName && (
            <Anchor
              size="xs"
              renderRoot={(props) => <Link to="/companies/$id" params={{ id: task.companyId! }} search={{ tab: "tasks" }} {...props} />}
              data-testid="task-company-link"
            >
              <Group gap={2} wrap="nowrap" component="span">
                <IconBuilding size={12} aria-hidden />
                <span style={{ overflowWrap: "anywhere" }}>{task.companyName}</span>
              </Group>
            </Anchor>
          )}
          {person && (
            <Text size="xs" c="dimmed">
              <Group gap={2} wrap="nowrap" component="span">
                <IconUser size={12} aria-hidden />
                <span>{person}</span>
              </Group>
            </Text>
          )}
        </Group>
      </Box>
    </Group>
  );
}
