/**
 * Task reminders through pg-boss. Each reminder is a job sent in the transaction that set its
 * time (`startAfter` = the reminder time), so it exists only if that write committed. The job
 * decides nothing by itself: it locks the task in its own transaction and sends the reminder
 * only if the task is still open, its reminder time has come and it was not sent yet — so a
 * job left over from an earlier time, a finished or deleted task, a second node or a retry
 * sends nothing. A sweep every minute (and at start) sends whatever is due and unsent, so a
 * job lost with a crashed process or a database restored without its queue loses nothing.
 */
import PgBoss from "pg-boss";
import { sql, type SQL } from "drizzle-orm";
import type { Platform } from "../../platform/context";
import { unitOfWork, type UnitOfWork } from "../../platform/events/unit-of-work";
import { systemActor } from "../../platform/access/actor";
import { notify } from "../notifications";
import * as repo from "./tasks.repository";

export const reminderQueue = "task-reminders";
/** Reminders the sweep sends in one run at most (the next minute's run takes the rest). */
const sweepBatch = 500;

/** Sends reminder jobs inside the caller's transaction (pg-boss's SQL through drizzle). */
const sender = new PgBoss({
  schema: "pgboss",
  db: { executeSql: () => Promise.reject(new Error("reminder jobs are sent inside a transaction")) },
});

/** pg-boss's positional SQL ($1, $2…) as a drizzle query. */
function positional(text: string, values: unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  return sql.join(
    parts.map((part, index) => (index % 2 === 0 ? sql.raw(part) : sql`${values[Number(part) - 1] ?? null}`)),
    sql``,
  );
}

const jobOptions = { retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 };

/** Queues the reminder of a task for `at` in the caller's transaction. */
export async function scheduleReminder(uow: UnitOfWork, taskId: string, at: Date) {
  await sender.send(
    reminderQueue,
    { taskId },
    {
      ...jobOptions,
      startAfter: at,
      db: { executeSql: async (text, values) => ({ rows: (await uow.tx.execute(positional(text, values ?? []))).rows }) },
    },
  );
}

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

/** Sends every reminder that is due and unsent; returns how many were sent. */
export async function sweepReminders(platform: Platform): Promise<number> {
  let sent = 0;
  for (const id of await repo.dueReminderIds(platform.db, sweepBatch)) {
    try {
      if (await sendReminder(platform, id)) sent += 1;
    } catch (error) {
      // One task's failure must not hold up the others; its reminder stays due for the next run.
      platform.log.error(error, `the reminder of task ${id} failed`);
    }
  }
  return sent;
}

/** The reminder worker: jobs name a task; the minutely scheduled job (no task) sweeps. */
export async function registerReminderJobs(boss: PgBoss, platform: Platform) {
  await boss.work<{ taskId?: string }>(reminderQueue, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
    if (job?.data.taskId) await sendReminder(platform, job.data.taskId);
    else await sweepReminders(platform);
  });
  await boss.schedule(reminderQueue, "* * * * *", {});
  await sweepReminders(platform);
}
