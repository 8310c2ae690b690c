import type { Task, TaskPriority, TaskRelatedType, TaskStatus } from "@relata/contracts";
import type { TaskViewRow } from "./tasks.repository";

const iso = (value: Date | null) => value?.toISOString() ?? null;

export function presentTask(row: TaskViewRow): Task {
  const { task } = row;
  return {
    id: task.id,
    title: task.title,
    description: task.description,
    assigneeId: task.assigneeId,
    assigneeName: row.assigneeName,
    creatorId: task.creatorId,
    creatorName: row.creatorName,
    dueAt: iso(task.dueAt),
    priority: task.priority as TaskPriority,
    status: task.status as TaskStatus,
    completedAt: iso(task.completedAt),
    companyId: task.companyId,
    companyName: row.companyName,
    related: task.relatedType && task.relatedId ? { type: task.relatedType as TaskRelatedType, id: task.relatedId } : null,
    remindMinutesBefore: task.remindMinutesBefore,
    remindAt: iso(task.remindAt),
    remindedAt: iso(task.remindedAt),
    overdue: row.overdue,
    canChange: row.canChange,
    createdAt: task.createdAt.toISOString(),
    updatedAt: task.updatedAt.toISOString(),
    version: task.version,
  };
}
