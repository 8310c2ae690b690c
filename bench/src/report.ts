import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Report } from "./bench";
import { repoRoot } from "./server";
import type { Latency } from "./stats";

export const resultsDir = path.join(repoRoot, "bench", "results");
export const docsFile = path.join(repoRoot, "docs", "performance.md");

const int = (value: number) => Math.round(value).toLocaleString("en-US");
const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : int(value)} ms`;
const times = (value: number) => `${value.toFixed(1)}×`;

function latencyCells(latency: Latency) {
  return [ms(latency.p50), ms(latency.p97_5), ms(latency.p99)];
}

function row(cells: (string | number)[]) {
  return `| ${cells.join(" | ")} |`;
}

/** The results as Markdown: printed by `npm run bench` and kept in docs/performance.md. */
export function renderTable(report: Report): string {
  const { workloads: w, machine: m, options: o } = report;
  const lines: string[] = [];
  lines.push(
    `Scale **${o.scale}** (${int(o.companies)} companies seeded), ${o.duration} s per load workload, ${o.connections} connections; ` +
      `commit \`${m.gitCommit.slice(0, 12)}\`${m.uncommittedChanges ? " (with uncommitted changes)" : ""}, ${report.startedAt}.`,
  );
  lines.push(
    `Machine: ${m.cpuCount} × ${m.cpuModel} (${m.availableParallelism} usable), ${m.totalMemoryGiB} GiB RAM, ${m.platform}, Node ${m.node}, PostgreSQL ${m.postgres} (${m.database}). ` +
      "Load generator and server share the machine; everything on 127.0.0.1. " +
      `Machine busy before the run: ${m.busyBeforeRunPercent === null ? "n/a" : `${m.busyBeforeRunPercent} %`}.`,
  );
  lines.push("");
  lines.push(row(["Workload", "Throughput", "p50", "p97.5", "p99", "Requests", "Errors", "Non-2xx"]));
  lines.push(row(["---", "---:", "---:", "---:", "---:", "---:", "---:", "---:"]));
  for (const load of [w.getById, w.list, w.create]) {
    const label = load === w.list ? `${load.label} (${w.list.rowsPerPage} rows)` : load.label;
    lines.push(
      row([
        label,
        `${int(load.rps)} req/s`,
        ...latencyCells(load.latency),
        int(load.requests),
        int(load.errors + load.timeouts),
        int(load.non2xx),
      ]),
    );
  }
  lines.push(
    row([
      w.sqlFloor.label,
      `${int(w.sqlFloor.rps)} queries/s`,
      ...latencyCells(w.sqlFloor.latency),
      int(w.sqlFloor.requests),
      int(w.sqlFloor.errors),
      "–",
    ]),
  );
  const ws = w.websocket;
  lines.push(
    row([
      `WebSocket: PATCH sent → \`company.updated\` received (${ws.clients} clients × ${ws.patches} PATCHes)`,
      "–",
      ...latencyCells(ws.latency),
      `${int(ws.receipts)} events`,
      `${int(ws.errors)} (missing ${int(ws.missing)})`,
      "–",
    ]),
  );
  lines.push("");

  lines.push(row(["Figure", "Value"]));
  lines.push(row(["---", "---"]));
  lines.push(row(["Cold start: spawn → first 200 of `/health/ready`", ms(report.coldStart.readyMs)]));
  lines.push(row(["Cold start: spawn → first 200 of an API request (`GET /api/setup`)", ms(report.coldStart.firstApiMs)]));
  lines.push(
    row([
      `Seeding ${int(report.seed.companies)} companies through \`POST /api/companies\``,
      `${ms(report.seed.ms)} (${int(report.seed.perSecond)}/s, ${report.seed.errors} errors)`,
    ]),
  );
  lines.push(
    row([
      "GET by id: API vs bare SQL floor",
      `${times(report.apiOverSql.throughput)} fewer req/s; p50 ${times(report.apiOverSql.p50)}, p99 ${times(report.apiOverSql.p99)} slower`,
    ]),
  );
  lines.push(row(["WebSocket run: the PATCH request itself, p50 / p99", `${ms(ws.patchLatency.p50)} / ${ms(ws.patchLatency.p99)}`]));
  lines.push(row(["WebSocket run: connect and subscribe all clients", ms(ws.connectMs)]));
  lines.push(
    row([
      "Server RSS (VmRSS of the Node process)",
      `${report.server.startRssMiB} MiB after start, peak ${report.server.peakRssMiB} MiB (in phase ${report.server.peakPhase || "n/a"}), ${report.server.endRssMiB} MiB at the end`,
    ]),
  );
  lines.push(
    row([
      "Shutdown: SIGTERM → exit",
      `${ms(report.shutdown.ms)}, exit code ${report.shutdown.exitCode ?? report.shutdown.signal}${report.shutdown.forced ? " (killed after the deadline)" : ""}, ` +
        `embedded PostgreSQL stopped: ${report.shutdown.postgresStopped === null ? "n/a (external database)" : report.shutdown.postgresStopped ? "yes" : "NO"}`,
    ]),
  );
  lines.push(row(["Server log lines at warn / error", `${report.serverLog.warnings} / ${report.serverLog.errors}`]));
  lines.push(row(["Total errors (all workloads, seeding, shutdown)", int(report.totalErrors)]));
  lines.push("");

  // Resource use per phase: where the CPU went while each workload ran.
  const pct = (value: number | null) => (value === null ? "n/a" : `${value} %`);
  lines.push(row(["Phase", "Server CPU", "PostgreSQL CPU", "Bench CPU", "Other CPU", "Machine busy", "Server RSS max"]));
  lines.push(row(["---", "---:", "---:", "---:", "---:", "---:", "---:"]));
  for (const [name, usage] of Object.entries(report.server.phases)) {
    if (!["seed", "get-by-id", "list", "sql-floor", "create", "websocket"].includes(name)) continue;
    const c = usage.cpu;
    lines.push(
      row([name, pct(c.server), pct(c.postgres), pct(c.bench), pct(c.other), pct(c.machineBusyPercent), `${usage.maxRssMiB} MiB`]),
    );
  }
  lines.push("");
  lines.push(
    `CPU: 100 % = one core fully busy (this machine has ${m.cpuCount}); "Machine busy" is the share of all cores. "Other" is every process besides the server, its PostgreSQL and the benchmark.`,
  );
  return lines.join("\n");
}

export function renderDocs(report: Report, resultFile: string): string {
  return `# Performance

<!-- Written by \`npm run bench\` (bench/src/report.ts): edit the generator, not this file. -->

\`npm run bench\` starts the built server (\`server/dist/main.js\`) on a fresh data directory, so a
fresh embedded PostgreSQL, seeds it through the API, measures each workload in turn and stops it.
It prints the table below and JSON, writes one JSON file per run to \`bench/results/\` (with the
machine's facts and the git commit) and rewrites this page.

## Latest results

${renderTable(report)}

Raw figures: [\`bench/results/${path.basename(resultFile)}\`](../bench/results/${path.basename(resultFile)}).

## Running it

\`\`\`sh
npm run bench                                  # scale smoke, 10 s per workload, 10 connections
npm run bench -- --duration 30 --connections 20
npm run bench -- --scale large                 # 20,000 companies, 200 WebSocket clients
npm run --silent bench -- --json-only > run.json   # only JSON on stdout (progress on stderr)
DATABASE_URL=postgres://owner:pw@127.0.0.1:5432/relata_bench npm run bench   # an external PostgreSQL
\`\`\`

Options: \`--scale tiny|smoke|large\` (default smoke), \`--duration <s>\` (default 10), \`--connections <n>\`
(default 10), \`--companies <n>\`, \`--ws-clients <n>\`, \`--patches <n>\`, \`--json-only\`, \`--no-save\` (do not
write \`bench/results/\` nor this page). The server is built with \`npm run build\` when
\`server/dist/main.js\` is missing; an existing build is used as is (a warning says when the
sources are newer). With \`DATABASE_URL\` the database must be empty, or
\`RELATA_BENCH_EMAIL\` / \`RELATA_BENCH_PASSWORD\` must name an administrator. A tiny run is part of
the test suite (\`bench/src/smoke.test.ts\`).

## What is measured

| Figure | How |
|---|---|
| Cold start | \`node server/dist/main.js serve\` with \`LOG_LEVEL=warn JOBS=false\` and an empty data directory: initdb, PostgreSQL start, migrations included. Time from spawn to the first 200 of \`/health/ready\`, and of \`GET /api/setup\` (reads the database). |
| GET by id | autocannon, ${report.options.connections} connections, session cookie, cycling through the seeded ids. |
| List | \`GET /api/companies?limit=50\`, first page sorted by name. |
| Create | \`POST /api/companies\` with the CSRF token, a random name per request: the duplicate check, then one transaction with its audit row, search entry and outbox event. |
| SQL floor | \`SELECT * FROM companies WHERE id = $1\` through node-postgres, same connections and duration, as the superuser of the same database. The API does more per request: it looks up the session and the user's role, teams and units, then reads the row. |
| WebSocket latency | K clients subscribed to \`company:<id>\` and \`list:companies\`; M PATCHes of that company, one at a time; time from sending each PATCH to each client's receipt of \`company.updated\` (PATCH commit, NOTIFY, fan-out included). |
| RSS, CPU | \`VmRSS\` from \`/proc/<pid>/status\` of the server process every 200 ms; CPU time from \`/proc/<pid>/stat\` per workload. PostgreSQL's own memory is not included. |

Latency percentiles are of successful responses, from a microsecond histogram fed by autocannon's
\`response\` events (autocannon's own table rounds to whole milliseconds; its values are in the JSON
too). Throughput is autocannon's mean of per-second samples. autocannon runs closed-loop (each
connection sends its next request when the previous answer arrives), so these are saturation
figures for this machine, where the load generator takes CPU from the server; they are not the
fixed-rate R-10 scenario (100 req/s, p95), which would show lower latencies.
`;
}

export type Saved = { resultFile: string; docsFile: string };

/** The repository's Prettier style, so `npm run format` leaves generated files alone. */
async function formatted(text: string, parser: "markdown" | "json"): Promise<string> {
  try {
    const prettier = await import("prettier");
    const options = (await prettier.resolveConfig(docsFile)) ?? {};
    return await prettier.format(text, { ...options, parser });
  } catch {
    return text;
  }
}

/** One JSON file per run in bench/results/, and docs/performance.md rewritten (both atomically). */
export async function saveReport(report: Report): Promise<Saved> {
  mkdirSync(resultsDir, { recursive: true });
  const stamp = report.startedAt.replace(/:/g, "-");
  const resultFile = path.join(resultsDir, `${stamp}.json`);
  const write = (file: string, text: string) => {
    const temporary = path.join(resultsDir, `.${path.basename(file)}.${process.pid}.tmp`);
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  };
  write(resultFile, await formatted(`${JSON.stringify(report, null, 2)}\n`, "json"));
  write(docsFile, await formatted(renderDocs(report, resultFile), "markdown"));
  return { resultFile, docsFile };
}
