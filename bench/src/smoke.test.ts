import { describe, expect, it } from "vitest";
import { runBench, type Report } from "./bench";
import { renderTable } from "./report";
import type { HttpWorkload } from "./workloads/http-load";
import type { SqlFloor } from "./workloads/sql-floor";

const isNumber = (value: unknown) => typeof value === "number" && Number.isFinite(value);

function expectClean(load: HttpWorkload | null) {
  expect(load, "workload ran").not.toBeNull();
  const { name, requests, errors, timeouts, non2xx, statusCodes } = load!;
  expect(requests, name).toBeGreaterThan(0);
  expect(isNumber(load!.rps) && isNumber(load!.latency.p95), name).toBe(true);
  expect({ name, errors, timeouts, non2xx, statusCodes }).toEqual({ name, errors: 0, timeouts: 0, non2xx: 0, statusCodes });
}

function expectFloor(floor: SqlFloor | null) {
  expect(floor, "floor ran").not.toBeNull();
  expect(floor!.requests, floor!.name).toBeGreaterThan(0);
  expect({ name: floor!.name, errors: floor!.errors }).toEqual({ name: floor!.name, errors: 0 });
}

/**
 * The harness at the tiny scale (the CI smoke): it must start its own server, load data, run
 * every workload and its SQL floor with zero errors, stop the server cleanly and print a table
 * with every row. No timing is asserted (the machine may be busy).
 */
describe("benchmark harness", () => {
  it("runs every workload at the tiny scale with zero errors and reports each in the table", { timeout: 240_000 }, async () => {
    const report: Report = await runBench({ scale: "tiny", duration: 1, connections: 4, wsClients: 3, patches: 3, importRows: 1_500 });

    expect(report.coldStart.readyMs).toBeGreaterThan(0);
    expect(report.data.errors).toBe(0);
    expect(report.data.totalRows).toBeGreaterThan(0);
    expect(report.data.companies).toBeGreaterThan(0);

    const w = report.workloads;
    for (const load of [w.signIn, w.card, w.list, w.search, w.group, w.create, w.fulfilment]) expectClean(load);
    for (const floor of [report.floors.card, report.floors.list, report.floors.search, report.floors.group]) expectFloor(floor);
    // Every request of the card was answered, each measured on its own.
    expect(w.card.bySlot?.map((slot) => slot.latency.count > 0)).toEqual([true, true, true]);

    expect(w.import).toMatchObject({ rows: 1_500, status: "done", errors: 0, rowErrors: 1 });
    expect(w.import.created).toBe(1_499);
    expect(w.import.rowsPerSecond).toBeGreaterThan(0);

    expect(w.websocket).toMatchObject({ clients: 3, patches: 3, receipts: 9, missing: 0, unexpected: 0, errors: 0 });

    expect(report.targets.map((t) => t.name)).toEqual(["card", "list", "search", "create", "import", "events", "rss"]);
    if (process.platform === "linux") expect(report.server.peakRssMiB).toBeGreaterThan(0);
    expect(report.shutdown).toMatchObject({ exitCode: 0, forced: false });
    if (!process.env.DATABASE_URL) expect(report.shutdown.postgresStopped).toBe(true);
    expect(report.totalErrors).toBe(0);

    const table = renderTable(report);
    for (const row of [
      "Sign-in (argon2id)",
      "Client card",
      "↳ GET /api/companies/:id/stages",
      "↳ GET /api/companies/:id/value",
      "List page",
      "Search typeahead",
      "Group rollup",
      "Create company with duplicate check",
      "Fulfilment",
      "CSV import",
      "Commit-to-screen",
      "client card p95 ≤ 30 ms",
      "server RSS ≤ 300 MB",
      "Data load",
    ])
      expect(table, row).toContain(row);
  });
});
