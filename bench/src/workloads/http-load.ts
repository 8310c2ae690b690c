import autocannon, { type RequestSpec } from "autocannon";
import { LatencyRecorder, round, type Latency } from "../stats";

/** One HTTP workload's figures (latency of 2xx responses, in ms). */
export type HttpWorkload = {
  name: string;
  label: string;
  connections: number;
  durationS: number;
  requests: number;
  /** Mean requests per second over the run (autocannon's per-second samples). */
  rps: number;
  latency: Latency;
  /** autocannon's own percentiles (whole-millisecond resolution), for reference. */
  autocannon: { p50: number; p97_5: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  /** Per request of a sequence (`slots`): each endpoint's own latency within the mixed run. */
  bySlot?: { label: string; latency: Latency; non2xx: number }[];
  /** The same requests on one connection: each one's own latency, without queueing behind the others. */
  alone?: Alone;
};

export type Alone = { requests: number; latency: Latency; bySlot?: { label: string; latency: Latency }[] };

/** `run` at `load`, then for a few seconds on one connection (`alone`). */
export async function withAlone(
  run: (load: { connections: number; duration: number }) => Promise<HttpWorkload>,
  load: { connections: number; duration: number },
): Promise<HttpWorkload> {
  const main = await run(load);
  const single = await run({ connections: 1, duration: Math.min(4, load.duration) });
  const bySlot = single.bySlot?.map(({ label, latency }) => ({ label, latency }));
  return { ...main, alone: { requests: single.requests, latency: single.latency, ...(bySlot ? { bySlot } : {}) } };
}

export type HttpLoadOptions = {
  name: string;
  label: string;
  baseUrl: string;
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  duration: number;
  amount?: number;
  method?: string;
  headers: Record<string, string>;
  requests: RequestSpec[];
  /** Labels of `requests` when each connection cycles through them: latencies are then also kept per request. */
  slots?: string[];
};

/**
 * Runs autocannon in-process against loopback. Latencies of 2xx responses are also recorded
 * from its `response` events into a microsecond histogram (autocannon's own are whole ms).
 */
export async function httpLoad(options: HttpLoadOptions): Promise<HttpWorkload> {
  const recorder = new LatencyRecorder();
  const slotRecorders = (options.slots ?? []).map(() => new LatencyRecorder());
  const slotNon2xx = (options.slots ?? []).map(() => 0);
  const instance = autocannon({
    url: options.baseUrl,
    title: options.name,
    connections: options.connections,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.duration }),
    timeout: 10,
    method: options.method ?? "GET",
    headers: options.headers,
    requests: options.requests,
  });
  // Without pipelining a connection has one request in flight: its iterator still points at it.
  type Client = { requestIterator?: { currentRequestIndex?: number } };
  instance.on("response", (client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    const ok = statusCode >= 200 && statusCode < 300;
    if (ok) recorder.recordMs(responseTime);
    if (slotRecorders.length > 0) {
      const slot = (client as Client).requestIterator?.currentRequestIndex ?? -1;
      if (ok) slotRecorders[slot]?.recordMs(responseTime);
      else if (slot in slotNon2xx) slotNon2xx[slot]! += 1;
    }
  });
  // autocannon ends by itself after `duration`; this is a backstop should it not.
  const limitMs = ((options.amount !== undefined ? 60 : options.duration) + 30) * 1000;
  const backstop = setTimeout(() => instance.stop(), limitMs);
  try {
    const result = await instance;
    const statusCodes: Record<string, number> = {};
    for (const [code, stat] of Object.entries(result.statusCodeStats)) statusCodes[code] = Number(stat.count);
    return {
      name: options.name,
      label: options.label,
      connections: options.connections,
      durationS: round(result.duration, 2),
      requests: Object.values(statusCodes).reduce((a, b) => a + b, 0),
      rps: round(result.requests.average, 1),
      latency: recorder.summary(),
      autocannon: { p50: result.latency.p50, p97_5: result.latency.p97_5, p99: result.latency.p99 },
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      statusCodes,
      ...(options.slots
        ? { bySlot: options.slots.map((label, i) => ({ label, latency: slotRecorders[i]!.summary(), non2xx: slotNon2xx[i]! })) }
        : {}),
    };
  } finally {
    clearTimeout(backstop);
  }
}
