/**
 * Task reminders through timed jobs (platform/jobs/timed.ts): each is sent in the transaction
 * that set its time, and a minutely sweep catches a lost one. The job sends the reminder only if
 * the task is still open, its reminder time has come and it was not sent yet — so a job left
 * over from an earlier time, a finished or deleted task, a second node or a retry sends nothing.
 */
import type { Platform } from "../../platform/context";
import { unitOfWork } from "../../platform/events/unit-of-work";
import { systemActor } from "../../platform/access/actor";
import { timedJobs } from "../../platform/jobs/timed";
import { notify } from "../notifications";
import * as repo from "./tasks.repository";

export const reminderQueue = "task-reminders";

/** Reminder link: "My work" opens the task. */
export const taskLink = (taskId: string) => `/my-work?task=${taskId}`;

/** Sends one task's reminder if it is still due and unsent; true when it was sent now. */
export async function sendReminder(platform: Platform, taskId: string): Promise<boolean> {
  return unitOfWork(
    platform.db,
    platform.projections,
    { actor: systemActor("reminders"), requestId: `reminder:${taskId}` },
    async (uow) => {
      const task = await repo.lockDueReminder(uow.tx, taskId);
      if (!task) return false;
      await repo.markReminded(uow.tx, taskId);
      await notify(uow, {
        userIds: [task.assigneeId],
        kind: "reminder",
        params: {
          title: task.title,
          company: task.companyId ? await repo.companyName(uow.tx, task.companyId) : null,
          dueAt: task.dueAt?.toISOString() ?? null,
        },
        link: taskLink(task.id),
        companyId: task.companyId,
      });
      await uow.emit({
        name: "task.reminded",
        object: "user",
        recordId: task.assigneeId,
        topics: [`user:${task.assigneeId}`],
        payload: { taskId },
      });
      return true;
    },
  );
}

const reminderJobs = timedJobs({
  queue: reminderQueue,
  key: "taskId",
  label: (id) => `the reminder of task ${id}`,
  due: repo.dueReminderIds,
  run: sendReminder,
});

/** Queues the reminder of a task for `at` in the caller's transaction. */
export const scheduleReminder = reminderJobs.schedule;
/** Sends every reminder that is due and unsent; returns how many were sent. */
export const sweepReminders = reminderJobs.sweep;
/** The reminder worker: jobs name a task; the minutely scheduled job (no task) sweeps. */
export const registerReminderJobs = reminderJobs.register;
