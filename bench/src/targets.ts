// The targets (server side, at 1M companies on PostgreSQL), checked against a run.
import type { ProcessUsage } from "./sampler";
import type { HttpWorkload } from "./workloads/http-load";
import type { ImportWorkload } from "./workloads/import";
import type { WebSocketWorkload } from "./workloads/websocket";

export type TargetResult = {
  name: string;
  /** The target as the issue words it. */
  target: string;
  measured: number;
  unit: string;
  /** What was measured, where it needs saying. */
  how: string;
  /** null: not measured in this run (e.g. fewer WebSocket clients than the target names). */
  met: boolean | null;
};

type Workloads = {
  card: HttpWorkload;
  list: HttpWorkload;
  search: HttpWorkload;
  create: HttpWorkload;
  import: ImportWorkload;
  websocket: WebSocketWorkload;
};

const targetClients = 1_000;
/** 300 MB in MiB (the sampler reads kB = KiB). */
const rssLimitMiB = 300_000_000 / 1_048_576;

export function evaluateTargets(w: Workloads, server: ProcessUsage): TargetResult[] {
  // The card is ready when its last request answers: the slowest of its requests' p95.
  const slowest = [...(w.card.bySlot ?? [])].sort((a, b) => b.latency.p95 - a.latency.p95)[0];
  const cardP95 = slowest?.latency.p95 ?? w.card.latency.p95;
  // The same slot's p95 on one connection (the whole card's when it ran without slots).
  const slowestAlone = w.card.alone?.bySlot?.find((slot) => slot.label === slowest?.label)?.latency.p95 ?? w.card.alone?.latency.p95;
  // Met or missed at the workload's connections; the one-connection figure says what queueing adds.
  const alone = (p95: number | undefined) => (p95 === undefined ? "" : `; 1 connection: ${p95.toFixed(p95 < 100 ? 1 : 0)} ms`);
  /** A read's p95 against its limit, at the workload's connections. */
  const readTarget = (name: string, target: string, load: HttpWorkload, limitMs: number): TargetResult => ({
    name,
    target,
    measured: load.latency.p95,
    unit: "ms",
    how: `${load.connections} connections${alone(load.alone?.latency.p95)}`,
    met: load.latency.p95 <= limitMs,
  });
  const ws = w.websocket;
  return [
    {
      name: "card",
      target: "client card p95 ≤ 30 ms",
      measured: cardP95,
      unit: "ms",
      how: (slowest ? `slowest of the card's requests: ${slowest.label}` : "all card requests") + alone(slowestAlone),
      met: cardP95 <= 30,
    },
    readTarget("list", "list page p95 ≤ 20 ms", w.list, 20),
    readTarget("search", "search typeahead p95 ≤ 30 ms", w.search, 30),
    {
      name: "create",
      target: "create with duplicate check ≥ 500/s",
      measured: w.create.rps,
      unit: "req/s",
      how: "",
      met: w.create.rps >= 500,
    },
    {
      name: "import",
      target: "import ≥ 20,000 rows/s",
      measured: w.import.rowsPerSecond,
      unit: "rows/s",
      how: `${w.import.rows.toLocaleString("en-US")} rows`,
      met: w.import.rowsPerSecond >= 20_000,
    },
    {
      name: "events",
      target: "event latency p99 ≤ 50 ms at 1,000 clients",
      measured: ws.latency.p99,
      unit: "ms",
      how: `${ws.clients.toLocaleString("en-US")} clients`,
      met: ws.clients < targetClients ? null : ws.latency.p99 <= 50,
    },
    {
      name: "rss",
      target: "server RSS ≤ 300 MB",
      measured: server.peakRssMiB,
      unit: "MiB",
      how: `peak, in phase ${server.peakPhase || "n/a"}`,
      met: server.peakRssMiB <= rssLimitMiB,
    },
  ];
}
