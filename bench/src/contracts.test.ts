import { describe, expect, it } from "vitest";
import { contractsMarkdown, contractsProblems, runContractsBench } from "./contracts-bench";

/**
 * The fulfilment benchmark at a tiny scale: it must set up, run every workload, find the
 * projections consistent (doctor included) and report numbers. No timing is asserted.
 */
describe("fulfilment benchmark", () => {
  it("runs at a tiny scale with zero errors and zero drift", { timeout: 90_000 }, async () => {
    const report = await runContractsBench({
      companies: 3,
      items: 2,
      duration: 1,
      connections: 2,
      clients: 3,
      fulfilments: 3,
      gapMs: 10,
    });
    expect(contractsProblems(report)).toEqual([]);
    for (const load of [
      report.spread,
      report.contended,
      ...report.readsIdle,
      ...report.readsUnderLoad.flatMap((r) => [r.read, r.background]),
    ]) {
      expect(load.requests, load.name).toBeGreaterThan(0);
      expect({ name: load.name, failed: load.non2xx + load.errors + load.timeouts }).toEqual({ name: load.name, failed: 0 });
    }
    expect(report.live).toMatchObject({ clients: 3, fulfilments: 3, receipts: 9, missing: 0, unexpected: 0, errors: 0 });
    expect(report.overFulfil).toMatchObject({ created: 20, refused: 20, other: 0 });
    expect(Number(report.overFulfil.fulfilled)).toBe(20);
    expect(report.consistency.fulfilmentRows).toBeGreaterThanOrEqual(report.consistency.answered201);
    expect(report.doctor.ok).toBe(true);
    expect(report.doctor.lines.some((line) => line.includes("group rollups"))).toBe(true);
    expect(report.shutdown).toMatchObject({ exitCode: 0, forced: false });
    expect(contractsMarkdown(report)).toContain("| relata doctor");
  });
});
