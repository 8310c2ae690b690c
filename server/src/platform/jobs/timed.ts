/**
 * Jobs sent inside the caller's transaction, and timed jobs built on them: one record's work at
 * a set time (a reminder). A timed job is sent in the transaction that set the time
 * (`startAfter` = that time), so it exists only if the write committed. It decides nothing by
 * itself: `run` locks the record in its own transaction and does the work only if it is still
 * due and not done — so a job of an earlier time, a second node or a retry does nothing. A sweep
 * every minute (and at start) runs whatever is due and not done, so a job lost with a crashed
 * process or a database restored without its queue loses nothing.
 */
import PgBoss from "pg-boss";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/connection";
import type { Platform } from "../context";
import type { Tx } from "../events/unit-of-work";
import type { JobWorker } from "./jobs";
import type { jobQueues } from "./queues";

export type JobQueue = (typeof jobQueues)[number];

/** Builds pg-boss's SQL only; every send runs it on the caller's transaction. */
const sender = new PgBoss({
  schema: "pgboss",
  db: { executeSql: () => Promise.reject(new Error("jobs are sent inside a transaction")) },
});

/** pg-boss's positional SQL ($1, $2…) as a drizzle query. */
function positional(text: string, values: unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  return sql.join(
    parts.map((part, index) => (index % 2 === 0 ? sql.raw(part) : sql`${values[Number(part) - 1] ?? null}`)),
    sql``,
  );
}

/** Sends a job in the caller's transaction: it exists only if that transaction commits. */
export async function sendInTransaction(tx: Tx | Db, queue: JobQueue, data: object, options: PgBoss.SendOptions = {}) {
  await sender.send(queue, data, {
    ...options,
    db: { executeSql: async (text, values) => ({ rows: (await tx.execute(positional(text, values ?? []))).rows }) },
  });
}

/** Records the sweep runs at most at once (the next minute's run takes the rest). */
const sweepBatch = 500;
const timedJobOptions = { retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 };

export type TimedJobs = {
  /** Queues the record's work for `at` (now, when past) in the caller's transaction. */
  schedule: (tx: Tx, id: string, at: Date) => Promise<void>;
  /** Runs every record's work that is due and not done; returns how many ran now. */
  sweep: (platform: Platform) => Promise<number>;
  /** The worker (for `addWorker`): a job names a record; the minutely scheduled job (none) sweeps; one sweep at start. */
  register: JobWorker;
};

export function timedJobs(options: {
  queue: JobQueue;
  /** The job data's key for the record's id. */
  key: string;
  /** What a log line calls a record (`the reminder of task …`). */
  label: (id: string) => string;
  /** Ids of the records whose time has come and whose work is not done, oldest first, at most `limit`. */
  due: (db: Db, limit: number) => Promise<string[]>;
  /** Does one record's work if it is still due (its own transaction, the record locked); true when it ran now. */
  run: (platform: Platform, id: string) => Promise<boolean>;
}): TimedJobs {
  const { queue, key } = options;
  const sweep = async (platform: Platform) => {
    let ran = 0;
    for (const id of await options.due(platform.db, sweepBatch)) {
      try {
        if (await options.run(platform, id)) ran += 1;
      } catch (error) {
        // One record's failure must not hold up the others; it stays due for the next run.
        platform.log.error(error, `${options.label(id)} failed`);
      }
    }
    return ran;
  };
  return {
    schedule: (tx, id, at) =>
      sendInTransaction(tx, queue, { [key]: id }, { ...timedJobOptions, startAfter: at.getTime() > Date.now() ? at : new Date() }),
    sweep,
    register: async (boss, platform) => {
      await boss.work<Record<string, unknown>>(queue, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
        const id = job?.data[key];
        if (typeof id === "string") await options.run(platform, id);
        else await sweep(platform);
      });
      await boss.schedule(queue, "* * * * *", {});
      await sweep(platform);
    },
  };
}
