/** The outcome of one item of a bulk action. */
export type BulkResult = { id: string; ok: boolean; skipped?: boolean; error?: unknown };

/** Runs `work` for every id, a few at a time, collecting successes and failures instead of stopping at the first. */
export async function runEach(
  ids: readonly string[],
  work: (id: string) => Promise<"done" | "skipped">,
  concurrency = 4,
): Promise<BulkResult[]> {
  const results: BulkResult[] = new Array(ids.length);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const index = next++;
      const id = ids[index]!;
      try {
        const outcome = await work(id);
        results[index] = outcome === "skipped" ? { id, ok: true, skipped: true } : { id, ok: true };
      } catch (error) {
        results[index] = { id, ok: false, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, ids.length)) }, worker));
  return results;
}

export function summarize(results: readonly BulkResult[]): { done: number; skipped: number; failed: BulkResult[] } {
  return {
    done: results.filter((result) => result.ok && !result.skipped).length,
    skipped: results.filter((result) => result.skipped).length,
    failed: results.filter((result) => !result.ok),
  };
}
