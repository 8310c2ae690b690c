/**
 * Reminders through pg-boss: a reminder set before a restart fires once after it (the job
 * survives in the database; the sweep at start and every minute catches what a lost job would
 * miss), two nodes never send it twice, and a job whose task was finished or moved sends nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { notifications, tasks } from "../../db/schema";
import { buildApp, type RelataApp } from "../../app";
import { as, createHarness, createUser, login, testConfig, type Harness, type TestUser } from "../../../test/harness";
import { startJobs } from "../../platform/jobs/jobs";
import { sendReminder, sweepReminders } from "./index";

let h: Harness;
let assignee: TestUser;
let creator: TestUser;
const apps: RelataApp[] = [];
const bosses: PgBoss[] = [];
beforeAll(async () => {
  h = await createHarness();
  assignee = await createUser(h.db, { name: "Assignee" });
  creator = await createUser(h.db, { name: "Creator" });
});
afterAll(async () => {
  for (const boss of bosses) await boss.stop({ graceful: false, wait: true });
  for (const app of apps) await app.close();
  await h?.close();
});

const reminders = async (taskId: string) =>
  h.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, assignee.id), eq(notifications.kind, "reminder"), sql`${notifications.link} LIKE ${`%${taskId}`}`));

async function createTask(app: RelataApp, body: Record<string, unknown>) {
  const api = as(app, await login(app, creator.email));
  const response = await api("POST", "/api/tasks", { assigneeId: assignee.id, ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; version: number };
}

/** Another node: a new app on the same database, with its own job worker. */
async function node() {
  const app = await buildApp({ config: testConfig(), pool: h.pool, db: h.db });
  await app.ready();
  apps.push(app);
  const boss = await startJobs(app.platform, h.database.appUrl);
  bosses.push(boss);
  return app;
}

describe("reminders", () => {
  it("fires once after a restart: scheduled by one app, sent by the next (and a second node sends nothing more)", async () => {
    const soon = new Date(Date.now() + 4_000);
    const task = await createTask(h.app, { title: "Call back Acme", dueAt: soon.toISOString() });
    // Scheduled, not sent: the job waits in the database.
    const [job] = (
      await h.db.execute<{ state: string }>(
        sql`SELECT state FROM pgboss.job WHERE name = 'task-reminders' AND data ->> 'taskId' = ${task.id}`,
      )
    ).rows;
    expect(job?.state).toBe("created");
    // The app that scheduled it stops; two fresh nodes start on the same database.
    await h.app.close();
    await node();
    await node();
    await expect.poll(async () => (await reminders(task.id)).length, { timeout: 20_000, interval: 250 }).toBe(1);
    const [sent] = await reminders(task.id);
    expect(sent).toMatchObject({ link: `/my-work?task=${task.id}`, actorId: null, params: { title: "Call back Acme", company: null } });
    // At its time, not before; and the assignee finds it in the inbox the new node serves.
    expect(sent!.createdAt.getTime()).toBeGreaterThanOrEqual(soon.getTime());
    const inbox = await as(apps[0]!, await login(apps[0]!, assignee.email))("GET", "/api/notifications");
    expect(inbox.statusCode, inbox.body).toBe(200);
    expect((inbox.json() as { items: { kind: string; link: string }[] }).items).toContainEqual(
      expect.objectContaining({ kind: "reminder", link: `/my-work?task=${task.id}` }),
    );
    // Later runs of the job and the sweep find nothing to send.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await sendReminder(apps[0]!.platform, task.id)).toBe(false);
    expect(await sweepReminders(apps[1]!.platform)).toBe(0);
    expect(await reminders(task.id)).toHaveLength(1);
    const [row] = await h.db.select().from(tasks).where(eq(tasks.id, task.id));
    expect(row!.remindedAt).not.toBeNull();
    // Sending it changed nothing an open edit dialog relies on.
    expect(row!.version).toBe(task.version);
  });

  it("catches up with a reminder whose job was lost (the sweep), and sends nothing for a finished task", async () => {
    const app = apps[0]!;
    const lost = await createTask(app, { title: "Lost job", dueAt: new Date(Date.now() + 1_500).toISOString() });
    const finished = await createTask(app, { title: "Done early", dueAt: new Date(Date.now() + 1_500).toISOString() });
    await h.db.execute(sql`DELETE FROM pgboss.job WHERE name = 'task-reminders' AND data ->> 'taskId' = ${lost.id}`);
    const api = as(app, await login(app, assignee.email));
    expect((await api("POST", `/api/tasks/${finished.id}/complete`, undefined, { "if-match": `"${finished.version}"` })).statusCode).toBe(
      200,
    );
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await sweepReminders(app.platform)).toBe(1);
    expect(await reminders(lost.id)).toHaveLength(1);
    expect(await sendReminder(app.platform, finished.id)).toBe(false);
    expect(await reminders(finished.id)).toEqual([]);
  });

  it("re-schedules a moved reminder: the old time sends nothing, the new one sends once; a lead moves it earlier", async () => {
    const app = apps[0]!;
    const task = await createTask(app, { title: "Moved", dueAt: new Date(Date.now() + 1_000).toISOString() });
    const api = as(app, await login(app, creator.email));
    const later = new Date(Date.now() + 3_600_000);
    const moved = await api(
      "PATCH",
      `/api/tasks/${task.id}`,
      { dueAt: later.toISOString(), remindMinutesBefore: 30 },
      { "if-match": `"${task.version}"` },
    );
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().remindAt).toBe(new Date(later.getTime() - 30 * 60_000).toISOString());
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await sendReminder(app.platform, task.id)).toBe(false);
    expect(await reminders(task.id)).toEqual([]);
    const jobs = await h.db.execute<{ start_after: Date }>(
      sql`SELECT start_after FROM pgboss.job WHERE name = 'task-reminders' AND data ->> 'taskId' = ${task.id} ORDER BY start_after`,
    );
    expect(jobs.rows.map((row) => new Date(row.start_after).toISOString()).at(-1)).toBe(moved.json().remindAt);
  });

  it("sends no reminder for a task without a reminder, nor one whose time had passed when it was set", async () => {
    const app = apps[0]!;
    const none = await createTask(app, {
      title: "No reminder",
      dueAt: new Date(Date.now() + 500).toISOString(),
      remindMinutesBefore: null,
    });
    const past = await createTask(app, { title: "Already late", dueAt: new Date(Date.now() - 3_600_000).toISOString() });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await sweepReminders(app.platform);
    expect(await reminders(none.id)).toEqual([]);
    expect(await reminders(past.id)).toEqual([]);
  });
});
