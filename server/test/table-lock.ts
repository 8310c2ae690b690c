import pg from "pg";
import { eventually } from "./live-client";

export type TableLock = {
  /** The backend holding the lock. */
  pid: number;
  /** How many backends are waiting for this lock right now. */
  waiting: () => Promise<number>;
  /** Resolves once exactly `n` backends wait for the lock (so those requests are surely in flight). */
  untilWaiting: (n: number, what?: string) => Promise<void>;
  release: () => Promise<void>;
};

/**
 * Holds `LOCK TABLE … IN EXCLUSIVE MODE` as the owner, so writes to the table wait (reads too
 * in ACCESS EXCLUSIVE mode): a way to
 * keep requests in flight for as long as a test needs. Observed from a second connection,
 * because a transaction sees a frozen snapshot of pg_stat_activity.
 */
export async function lockTable(ownerUrl: string, table: string, mode: "EXCLUSIVE" | "ACCESS EXCLUSIVE" = "EXCLUSIVE"): Promise<TableLock> {
  const holder = new pg.Client({ connectionString: ownerUrl, application_name: "test-lock-holder" });
  const observer = new pg.Client({ connectionString: ownerUrl, application_name: "test-lock-observer" });
  await Promise.all([holder.connect(), observer.connect()]);
  await holder.query("BEGIN");
  await holder.query(`LOCK TABLE ${pg.escapeIdentifier(table)} IN ${mode} MODE`);
  const pid = (await holder.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
  const waiting = async () =>
    (
      await observer.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND $1 = ANY(pg_blocking_pids(pid))",
        [pid],
      )
    ).rows[0]!.n;
  let released = false;
  return {
    pid,
    waiting,
    untilWaiting: (n, what = `${n} requests to wait on ${table}`) => eventually(async () => (await waiting()) === n, 5_000, what),
    release: async () => {
      if (released) return;
      released = true;
      await holder.query("ROLLBACK").catch(() => undefined);
      await Promise.all([holder.end(), observer.end()]);
    },
  };
}
