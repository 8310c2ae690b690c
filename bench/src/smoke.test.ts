import { describe, expect, it } from "vitest";
import { runBench, type Report } from "./bench";

const isNumber = (value: unknown) => typeof value === "number" && Number.isFinite(value);

/**
 * The harness at a tiny scale: it must start its own server, run every workload, stop the
 * server cleanly and report numbers. No timing is asserted (the machine may be busy).
 */
describe("benchmark harness", () => {
  it("runs every workload at a tiny scale with zero errors", { timeout: 120_000 }, async () => {
    const report: Report = await runBench({ scale: "tiny", duration: 1, connections: 4, companies: 20, wsClients: 3, patches: 3 });

    expect(report.coldStart.readyMs).toBeGreaterThan(0);
    expect(report.coldStart.firstApiMs).toBeGreaterThan(0);
    expect(report.seed).toMatchObject({ companies: 20, errors: 0 });

    const { getById, list, create, sqlFloor, websocket } = report.workloads;
    for (const load of [getById, list, create]) {
      expect(load.requests, load.name).toBeGreaterThan(0);
      expect(isNumber(load.rps), load.name).toBe(true);
      for (const value of Object.values(load.latency)) expect(isNumber(value), load.name).toBe(true);
      expect({ name: load.name, errors: load.errors, timeouts: load.timeouts, non2xx: load.non2xx }).toEqual({
        name: load.name,
        errors: 0,
        timeouts: 0,
        non2xx: 0,
      });
    }
    expect(list.rowsPerPage).toBe(20);
    expect(sqlFloor.requests).toBeGreaterThan(0);
    expect(sqlFloor.errors).toBe(0);
    expect(isNumber(sqlFloor.latency.p50) && isNumber(sqlFloor.latency.p99)).toBe(true);

    expect(websocket).toMatchObject({ clients: 3, patches: 3, receipts: 9, missing: 0, unexpected: 0, errors: 0 });
    expect(isNumber(websocket.latency.p50) && isNumber(websocket.latency.p99)).toBe(true);

    expect(isNumber(report.apiOverSql.throughput)).toBe(true);
    if (process.platform === "linux") expect(report.server.peakRssMiB).toBeGreaterThan(0);
    expect(report.shutdown).toMatchObject({ exitCode: 0, forced: false });
    if (!process.env.DATABASE_URL) expect(report.shutdown.postgresStopped).toBe(true);
    expect(report.machine.postgres).toMatch(/^\d+/);
    expect(report.totalErrors).toBe(0);
  });
});
