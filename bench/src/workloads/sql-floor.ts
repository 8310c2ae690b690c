import pg from "pg";
import { LatencyRecorder, round, type Latency } from "../stats";

/** The floor under one read workload: the same data fetched by bare SQL through node-postgres. */
export type SqlFloor = {
  name: string;
  label: string;
  connections: number;
  durationS: number;
  /** Units of work done: one unit answers what one API request answers (it may take several queries). */
  requests: number;
  rps: number;
  latency: Latency;
  errors: number;
  /** Per unit of a sequence, as the API workload's `bySlot`. */
  bySlot?: { label: string; latency: Latency }[];
};

/** One unit of work: `n` counts units across all connections, `slot` is the unit's place in the sequence. */
export type FloorUnit = (client: pg.PoolClient, n: number, slot: number) => Promise<void>;

export type FloorOptions = {
  name: string;
  label: string;
  databaseUrl: string;
  connections: number;
  duration: number;
  /** Labels of a sequence each connection cycles through (as autocannon cycles through `requests`). */
  slots?: string[];
  unit: FloorUnit;
};

/** A cap on units per run, besides the time limit. */
const maxUnits = 5_000_000;

/**
 * Runs `unit` on `connections` dedicated connections, closed loop, for `duration` seconds:
 * the same concurrency as the HTTP workload it stands under, as the superuser of the same database.
 */
export async function sqlFloor(options: FloorOptions): Promise<SqlFloor> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.connections, application_name: "relata-bench-floor" });
  pool.on("error", () => undefined);
  const recorder = new LatencyRecorder();
  const slotCount = options.slots?.length ?? 1;
  const slotRecorders = (options.slots ?? []).map(() => new LatencyRecorder());
  let errors = 0;
  let issued = 0;
  try {
    // Open every connection before the clock starts, as autocannon does with its sockets.
    const clients = await Promise.all(Array.from({ length: options.connections }, () => pool.connect()));
    // A connection lost while checked out (PostgreSQL stopped, a backend killed) fails its queries: counted, never thrown.
    for (const client of clients) client.on("error", () => undefined);
    const started = performance.now();
    const deadline = started + options.duration * 1000;
    const worker = async (client: pg.PoolClient) => {
      let slot = 0;
      while (performance.now() < deadline && issued < maxUnits) {
        const n = issued++;
        const t0 = performance.now();
        try {
          await options.unit(client, n, slot);
          const ms = performance.now() - t0;
          recorder.recordMs(ms);
          slotRecorders[slot]?.recordMs(ms);
        } catch {
          errors += 1;
        }
        slot = (slot + 1) % slotCount;
      }
    };
    await Promise.all(clients.map(worker));
    for (const client of clients) client.release();
    const seconds = (performance.now() - started) / 1000;
    return {
      name: options.name,
      label: options.label,
      connections: options.connections,
      durationS: round(seconds, 2),
      requests: recorder.count,
      rps: round(recorder.count / seconds, 1),
      latency: recorder.summary(),
      errors,
      ...(options.slots ? { bySlot: options.slots.map((label, i) => ({ label, latency: slotRecorders[i]!.summary() })) } : {}),
    };
  } finally {
    await pool.end();
  }
}
