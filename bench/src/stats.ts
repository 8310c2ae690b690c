import { createHistogram, type RecordableHistogram } from "node:perf_hooks";

/** Latency percentiles in milliseconds (3 decimals). */
export type Latency = { p50: number; p95: number; p97_5: number; p99: number; max: number; count: number };

/**
 * A constant-memory latency recorder: values are kept in microseconds in an HDR histogram
 * (node:perf_hooks), so p50/p99 keep sub-millisecond resolution however long a run is.
 */
export class LatencyRecorder {
  private readonly histogram: RecordableHistogram = createHistogram();

  recordMs(ms: number) {
    this.histogram.record(Math.max(1, Math.round(ms * 1000)));
  }

  get count(): number {
    return this.histogram.count;
  }

  summary(): Latency {
    const h = this.histogram;
    const ms = (micros: number) => round(micros / 1000, 3);
    if (h.count === 0) return { p50: 0, p95: 0, p97_5: 0, p99: 0, max: 0, count: 0 };
    return {
      p50: ms(h.percentile(50)),
      p95: ms(h.percentile(95)),
      p97_5: ms(h.percentile(97.5)),
      p99: ms(h.percentile(99)),
      max: ms(h.max),
      count: h.count,
    };
  }
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `task` for items 0..count-1 with at most `concurrency` in flight. */
export async function inParallel(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
