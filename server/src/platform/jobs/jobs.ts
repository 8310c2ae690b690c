import PgBoss from "pg-boss";
import { sql } from "drizzle-orm";
import type { Platform } from "../context";

import { jobQueues } from "./queues";

const [housekeeping, , daily] = jobQueues;

/**
 * Persistent jobs in the same database (pg-boss), shared by every node: nothing is lost on a
 * restart. Housekeeping prunes expired sign-in failures, idempotency keys (24 h) and old outbox
 * rows, then runs the tasks modules added (`addHousekeeping`). The daily queue runs the tasks
 * whose result depends on the date alone (`addDaily`), such as grades that count tenure.
 */
export async function startJobs(platform: Platform, connectionString: string): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString, schema: "pgboss", max: 2, application_name: "relata-jobs", migrate: false });
  boss.on("error", (error) => platform.log.warn(`job queue: ${error.message}`));
  await boss.start();
  await boss.schedule(housekeeping, "*/10 * * * *");
  await boss.work(housekeeping, async () => {
    await runHousekeeping(platform);
  });
  await boss.schedule(daily, "20 2 * * *");
  await boss.work(daily, async () => {
    await runDaily(platform);
  });
  for (const register of workers) await register(boss, platform);
  return boss;
}

export type JobWorker = (boss: PgBoss, platform: Platform) => Promise<void>;

const workers = new Set<JobWorker>();

/** A module's own queue worker (its queue listed in `queues.ts`), started with the job queue; adding one twice starts it once. */
export function addWorker(register: JobWorker) {
  workers.add(register);
}

export type HousekeepingTask = (platform: Platform) => Promise<void>;

const housekeepingTasks = new Set<HousekeepingTask>();

/** A module's own pruning (e.g. stored import files), run with every housekeeping; adding a task twice runs it once. */
export function addHousekeeping(task: HousekeepingTask) {
  housekeepingTasks.add(task);
}

export async function runHousekeeping(platform: Platform) {
  const windowSeconds = platform.config.login.windowMs / 1000;
  await platform.db.execute(sql`DELETE FROM login_attempts WHERE at < now() - make_interval(secs => ${windowSeconds})`);
  await platform.db.execute(sql`DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours'`);
  await platform.db.execute(sql`DELETE FROM outbox WHERE at < now() - interval '7 days'`);
  await platform.db.execute(sql`DELETE FROM sessions WHERE expires_at < now() - interval '30 days'`);
  for (const task of housekeepingTasks) await task(platform);
}

export type DailyTask = (platform: Platform) => Promise<unknown>;

const dailyTasks = new Set<DailyTask>();

/** A module's work that the passing of a day alone makes due (once a day, 02:20, on one node); adding a task twice runs it once. */
export function addDaily(task: DailyTask) {
  dailyTasks.add(task);
}

/** Runs every daily task; one that fails is logged and the others still run. */
export async function runDaily(platform: Platform) {
  for (const task of dailyTasks) {
    try {
      await task(platform);
    } catch (error) {
      platform.log.error(error, "a daily task failed");
    }
  }
}
