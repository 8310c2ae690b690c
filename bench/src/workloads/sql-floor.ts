import pg from "pg";
import { LatencyRecorder, round, type Latency } from "../stats";

export type SqlFloor = {
  name: "sql-floor";
  label: string;
  connections: number;
  durationS: number;
  requests: number;
  rps: number;
  latency: Latency;
  errors: number;
};

/** A cap on queries per run, besides the time limit. */
const maxQueries = 5_000_000;

/**
 * The floor under GET by id: the same row read as bare SQL through node-postgres, with as
 * many concurrent connections as the HTTP workloads, for the same time.
 */
export async function sqlFloor(databaseUrl: string, ids: string[], options: { connections: number; duration: number }): Promise<SqlFloor> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.connections, application_name: "relata-bench-floor" });
  pool.on("error", () => undefined);
  const recorder = new LatencyRecorder();
  let errors = 0;
  let issued = 0;
  let next = 0;
  try {
    // Open every connection before the clock starts, as autocannon does with its sockets.
    const clients = await Promise.all(Array.from({ length: options.connections }, () => pool.connect()));
    for (const client of clients) client.release();
    const started = performance.now();
    const deadline = started + options.duration * 1000;
    const worker = async () => {
      while (performance.now() < deadline && issued < maxQueries) {
        issued += 1;
        const id = ids[next++ % ids.length];
        const t0 = performance.now();
        try {
          const result = await pool.query("SELECT * FROM companies WHERE id = $1", [id]);
          if (result.rowCount === 1) recorder.recordMs(performance.now() - t0);
          else errors += 1;
        } catch {
          errors += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: options.connections }, worker));
    const seconds = (performance.now() - started) / 1000;
    return {
      name: "sql-floor",
      label: "SQL floor: SELECT * FROM companies WHERE id = $1 (pg)",
      connections: options.connections,
      durationS: round(seconds, 2),
      requests: recorder.count,
      rps: round(recorder.count / seconds, 1),
      latency: recorder.summary(),
      errors,
    };
  } finally {
    await pool.end();
  }
}
