import { describe, expect, it } from "vitest";
import { runEach, summarize } from "./bulk";

describe("runEach", () => {
  it("runs every item, keeps order, and collects failures", async () => {
    let running = 0;
    let peak = 0;
    const results = await runEach(
      ["a", "b", "c", "d", "e"],
      async (id) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        if (id === "c") throw new Error("nope");
        return id === "d" ? "skipped" : "done";
      },
      2,
    );
    expect(peak).toBeLessThanOrEqual(2);
    expect(results.map((result) => result.id)).toEqual(["a", "b", "c", "d", "e"]);
    const summary = summarize(results);
    expect(summary.done).toBe(3);
    expect(summary.skipped).toBe(1);
    expect(summary.failed.map((result) => result.id)).toEqual(["c"]);
  });

  it("does nothing for no ids", async () => {
    expect(await runEach([], async () => "done")).toEqual([]);
  });
});
