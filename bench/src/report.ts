import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Report } from "./bench";
import { repoRoot } from "./server";
import type { Latency } from "./stats";
import type { HttpWorkload } from "./workloads/http-load";
import type { SqlFloor } from "./workloads/sql-floor";

export const resultsDir = path.join(repoRoot, "bench", "results");
export const docsFile = path.join(repoRoot, "docs", "performance.md");

const int = (value: number) => Math.round(value).toLocaleString("en-US");
const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : int(value)} ms`;
const times = (value: number) => `${value < 10 ? value.toFixed(1) : int(value)}×`;
const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);

function row(cells: (string | number)[]) {
  return `| ${cells.join(" | ")} |`;
}

const dash = "–";

/** p50 / p95 / p99 cells. */
const latencyCells = (latency: Latency) => [ms(latency.p50), ms(latency.p95), ms(latency.p99)];

/** The floor's cells and API ÷ SQL (p95 and throughput) beside an API workload. */
function floorCells(api: { rps: number; latency: Latency }, floor: { rps: number; latency: Latency } | undefined, perSecond = true) {
  if (!floor) return [dash, dash];
  return [
    `${perSecond ? `${int(floor.rps)}/s, ` : ""}${ms(floor.latency.p50)} / ${ms(floor.latency.p95)}`,
    `p95 ${times(ratio(api.latency.p95, floor.latency.p95))}${perSecond ? `; ${times(ratio(floor.rps, api.rps))} fewer/s` : ""}`,
  ];
}

/** p50 / p95 of the same requests on one connection. */
const aloneCell = (latency: Latency | undefined) => (latency ? `${ms(latency.p50)} / ${ms(latency.p95)}` : dash);

function httpRow(label: string, load: HttpWorkload, rss: string, floor?: SqlFloor) {
  return row([
    label,
    `${int(load.rps)} req/s`,
    ...latencyCells(load.latency),
    int(load.requests),
    int(load.errors + load.timeouts + load.non2xx),
    rss,
    ...floorCells(load, floor),
    aloneCell(load.alone?.latency),
  ]);
}

function rssOf(report: Report, phase: string) {
  const usage = report.server.phases[phase];
  return usage ? `${usage.maxRssMiB} MiB` : dash;
}

/** The results as Markdown: printed by `npm run bench` and kept in docs/performance.md. */
export function renderTable(report: Report): string {
  const { workloads: w, floors: f, machine: m, options: o, data: d } = report;
  const lines: string[] = [];
  lines.push(
    `Scale **${o.scale}**: ${int(d.companies)} companies (${d.source === "generator" ? `generator, seed ${d.seed}` : d.source === "existing" ? "loaded by an earlier run and used again" : "created through the API"}), ` +
      `${o.duration} s per workload, ${o.connections} connections; commit \`${m.gitCommit.slice(0, 12)}\`${m.uncommittedChanges ? " (with uncommitted changes)" : ""}, ${report.startedAt}; whole run ${int(report.runSeconds)} s.`,
  );
  lines.push(
    `Machine: ${m.cpuCount} × ${m.cpuModel} (${m.availableParallelism} usable), ${m.totalMemoryGiB} GiB RAM, ${m.platform}, Node ${m.node}, PostgreSQL ${m.postgres} (${m.database}). ` +
      "Load generator, server and PostgreSQL share the machine; everything on 127.0.0.1. " +
      `Machine busy before the run: ${m.busyBeforeRunPercent === null ? "n/a" : `${m.busyBeforeRunPercent} %`}; ` +
      `load average ${m.loadAverageStart.join(" / ")} at the start, ${m.loadAverageEnd.join(" / ")} at the end.`,
  );
  lines.push("");
  lines.push(
    row([
      "Workload",
      "Throughput",
      "p50",
      "p95",
      "p99",
      "Requests",
      "Errors",
      "Server RSS peak",
      "SQL floor: rate, p50 / p95",
      "API ÷ SQL",
      "1 connection: p50 / p95",
    ]),
  );
  lines.push(row(["---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:"]));
  lines.push(httpRow(`Sign-in (argon2id): ${w.signIn.label}, ${w.signIn.connections} connections`, w.signIn, rssOf(report, "sign-in")));
  lines.push(httpRow(`Client card: the 3 requests it fires, in turn`, w.card, rssOf(report, "card"), f.card));
  for (const [i, slot] of (w.card.bySlot ?? []).entries()) {
    const floorSlot = f.card.bySlot?.[i];
    lines.push(
      row([
        `↳ ${slot.label}`,
        dash,
        ...latencyCells(slot.latency),
        int(slot.latency.count),
        int(slot.non2xx),
        dash,
        ...floorCells({ rps: 0, latency: slot.latency }, floorSlot ? { rps: 0, latency: floorSlot.latency } : undefined, false),
        aloneCell(w.card.alone?.bySlot?.[i]?.latency),
      ]),
    );
  }
  lines.push(httpRow(`List page: ${w.list.label}`, w.list, rssOf(report, "list"), f.list));
  lines.push(httpRow(`Search typeahead: ${w.search.label}`, w.search, rssOf(report, "search"), f.search));
  if (w.group && f.group) lines.push(httpRow(`Group rollup (integrated view): ${w.group.label}`, w.group, rssOf(report, "group"), f.group));
  lines.push(httpRow(`Create company with duplicate check: POST /api/companies`, w.create, rssOf(report, "create")));
  if (w.fulfilment) lines.push(httpRow(`Fulfilment: ${w.fulfilment.label}`, w.fulfilment, rssOf(report, "fulfilment")));
  const im = w.import;
  lines.push(
    row([
      im.label,
      `${int(im.rowsPerSecond)} rows/s`,
      dash,
      dash,
      dash,
      `${int(im.rows)} rows`,
      `${int(im.errors)}${im.failure ? ` (${im.failure.slice(0, 80)})` : ""}`,
      rssOf(report, "import"),
      dash,
      dash,
      dash,
    ]),
  );
  const ws = w.websocket;
  lines.push(
    row([
      `Commit-to-screen: PATCH sent → \`company.updated\` at each of ${int(ws.clients)} WebSocket clients (${ws.patches} PATCHes)`,
      dash,
      ...latencyCells(ws.latency),
      `${int(ws.receipts)} events`,
      `${int(ws.errors)} (missing ${int(ws.missing)})`,
      rssOf(report, "websocket"),
      dash,
      dash,
      dash,
    ]),
  );
  lines.push("");

  lines.push(row(["Target (server side, issue #8; meant for 1M companies)", "Measured", "Result"]));
  lines.push(row(["---", "---:", "---"]));
  for (const t of report.targets) {
    const value = t.unit === "ms" ? ms(t.measured) : `${int(t.measured)} ${t.unit}`;
    const result = t.met === null ? "not measured" : t.met ? "**met**" : "**missed**";
    lines.push(row([t.target, `${value}${t.how ? ` (${t.how})` : ""}`, `${result}${o.scale !== "1m" ? ` at ${o.scale}` : ""}`]));
  }
  lines.push("");

  lines.push(row(["Figure", "Value"]));
  lines.push(row(["---", "---"]));
  const tables = Object.entries(d.rows)
    .map(([table, n]) => `${table} ${int(n)}`)
    .join(", ");
  if (d.source === "existing") lines.push(row(["Data load", "none: the data an earlier run loaded, used again (`--data existing`)"]));
  else
    lines.push(
      row([
        d.source === "generator" ? `Data load: \`relata seed --scale ${d.scale}\` (COPY)` : "Data load: through the API",
        `${int(d.totalRows)} rows in ${d.seconds} s = **${int(d.rowsPerSecond)} rows/s**${d.errors ? `, ${d.errors} errors` : ""}`,
      ]),
    );
  if (tables) lines.push(row(["Rows loaded", tables]));
  lines.push(
    row([
      "Cold start: spawn → first 200 of `/health/ready` / of `GET /api/setup`",
      `${ms(report.coldStart.readyMs)} / ${ms(report.coldStart.firstApiMs)}`,
    ]),
  );
  lines.push(
    row([
      "CSV import: upload (file of " + `${im.fileMB} MB) / run`,
      `${ms(im.uploadMs)} / ${im.runSeconds} s; ${int(im.created)} created, ${int(im.skipped)} skipped, ${int(im.rowErrors)} refused rows (${int(im.expectedRowErrors)} planted)`,
    ]),
  );
  lines.push(
    row([
      "WebSocket run: connect and subscribe all clients; the PATCH itself p50 / p99",
      `${ms(ws.connectMs)}; ${ms(ws.patchLatency.p50)} / ${ms(ws.patchLatency.p99)}`,
    ]),
  );
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
  lines.push(row(["Total errors (all workloads, floors, data load, shutdown)", int(report.totalErrors)]));
  lines.push("");

  // Resource use per phase: where the CPU went while each workload ran.
  const pct = (value: number | null) => (value === null ? "n/a" : `${value} %`);
  lines.push(row(["Phase", "Seconds", "Server CPU", "PostgreSQL CPU", "Bench CPU", "Other CPU", "Machine busy", "Server RSS max"]));
  lines.push(row(["---", "---:", "---:", "---:", "---:", "---:", "---:", "---:"]));
  for (const [name, usage] of Object.entries(report.server.phases)) {
    if (["start", "idle-after"].includes(name)) continue;
    const c = usage.cpu;
    lines.push(
      row([
        name,
        usage.seconds,
        pct(c.server),
        pct(c.postgres),
        pct(c.bench),
        pct(c.other),
        pct(c.machineBusyPercent),
        `${usage.maxRssMiB} MiB`,
      ]),
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

\`npm run bench -- --scale 100k\` starts the built server (\`server/dist/main.js\`) on a fresh data
directory (so a fresh embedded PostgreSQL, or \`DATABASE_URL\`), creates the administrator, loads the
data with the server's generator (\`relata seed\`, COPY), runs each workload in turn with autocannon
over loopback and WebSocket clients, runs the bare SQL of each read beside it, and stops the server.
It prints the table below and JSON, writes one JSON file per run to \`bench/results/\` (with the
machine's facts and the git commit) and rewrites this page.

## Latest results

${renderTable(report)}

Raw figures: [\`bench/results/${path.basename(resultFile)}\`](../bench/results/${path.basename(resultFile)}).

## Running it

\`\`\`sh
npm run bench -- --scale 100k                  # 100,000 companies; 10–13 minutes on 2 cores, 6 of them loading data
npm run bench -- --scale 1m                    # 1,000,000 companies, 3M contacts, 10M timeline entries
npm run bench -- --scale tiny                  # the CI smoke (bench/src/smoke.test.ts runs it too)
npm run bench -- --scale 100k --duration 20 --connections 16
npm run --silent bench -- --json-only > run.json   # only JSON on stdout (progress on stderr)
DATABASE_URL=postgres://owner:pw@127.0.0.1:5432/relata_bench npm run bench -- --scale 100k   # an external PostgreSQL
\`\`\`

Options: \`--scale tiny|smoke|100k|1m\` (default smoke), \`--duration <s>\` per workload (default 8), \`--connections <n>\`
(default 10), \`--data generator|api\` (default: the generator where it is built; \`api\` creates a small set through the
API), \`--seed <n>\` (the generator's), \`--ws-clients <n>\`, \`--patches <n>\`, \`--import-rows <n>\`, \`--json-only\`,
\`--no-save\` (do not write \`bench/results/\` nor this page), \`--render bench/results/<run>.json\` (only rewrite this page from a saved run). The server is built with \`npm run build\` when
\`server/dist/main.js\` is missing; an existing build is used as is (a warning says when the sources are newer).
With \`DATABASE_URL\` the database must be empty, or \`RELATA_BENCH_EMAIL\` / \`RELATA_BENCH_PASSWORD\` must name an
administrator.

## What is measured

| Workload | How |
|---|---|
| Sign-in | \`POST /api/auth/login\` with the administrator's password, 2 connections, at most 5 s: the limiter's bookkeeping, an argon2id verification (46 MiB, the hash's own cost) and a new session. The bench server runs with the sign-in limits raised, so the limiter counts but never refuses. |
| Client card | What the web card fires when it opens: \`GET /api/companies/:id\` (header and overview), \`GET …/stages\` (the lifecycle stepper) and \`GET …/value\` (the header's revenue, receivables and value figures), one after another per connection, card after card over 2,000 random companies. The custom-field layout is per kind of record and cached by the app. The target is checked on the slowest of the three (the card shows when its last answer arrives). |
| List page | The list's first page as the web app asks for it: \`filter[country]\` (the six most common countries in turn), \`sort=name\`, \`limit=100\`, \`withTotal=true\` (a page and a count). |
| Search typeahead | \`GET /api/search?q=…&limit=8\` (the command palette) with prefixes of real names: 3–5 letters of English and Swedish names, 1–3 characters of Chinese ones. Searches companies, contacts and contracts. |
| Group rollup | \`GET /api/companies/:root/group/figures\` (the integrated view) of the 20 largest groups' roots. |
| Create | \`POST /api/companies\` without \`ignoreDuplicates\`, a new random name each: the duplicate check (name key, trigram similarity, contact points), then one transaction with its audit row, search entry and outbox event. A 409 would count as an error. |
| Fulfilment | \`POST …/items/:id/fulfilments\` of 1 unit with an Idempotency-Key, spread over open units of active contract items (each unit used once): lock, revenue entry, invoice line, rollups, events. |
| CSV import | A generated company CSV (; separated, BOM, quoted multi-line notes, one bad country per 1,000 rows) uploaded to \`POST /api/imports\`, started, polled until the pg-boss job is done: rows per second from start to done. |
| Commit-to-screen | K WebSocket clients (1,000 at 100k and 1m) on \`/api/live\` subscribed to \`company:<id>\` and \`list:companies\`; PATCHes of that company one at a time; time from sending each PATCH to each client's receipt of \`company.updated\` (commit, outbox NOTIFY, fan-out). The clients run in the benchmark's one Node process, so the receipt time of the last of 1,000 sockets also includes the client side reading the 999 before it. |
| SQL floor | The same data fetched by the bare SQL the endpoint's repository code runs (\`bench/src/floors.ts\`), through node-postgres on the same database with the same number of connections and duration, as the superuser; the administrator's access condition admits every row, so it is left out. "API ÷ SQL" is the API's p95 over the floor's p95, and how many fewer per second the API answers. |
| 1 connection | Card, list, search and group are run again right after, for at most 4 s on a single connection: each request's own latency, without queueing behind the other connections' requests. Targets are judged on the main run. |
| RSS, CPU | \`VmRSS\` from \`/proc/<pid>/status\` of the server process every 200 ms (peak per phase); CPU time from \`/proc/<pid>/stat\` per phase. PostgreSQL's own memory is not included. |

Latency percentiles are of successful responses, from a microsecond histogram fed by autocannon's
\`response\` events. Throughput is autocannon's mean of per-second samples. autocannon runs closed-loop
(each connection sends its next request when the previous answer arrives), so these are saturation
figures for this machine, where the load generator takes CPU from the server and PostgreSQL: the
latencies include queueing behind the other connections' requests, and they are higher than at a
steady, lighter rate.
`;
}

const generatedSections = new Set(["Latest results", "Running it", "What is measured"]);

/** Sections of docs/performance.md that other tools write (e.g. the web app's figures): kept as they are. */
function keptSections(): string {
  if (!existsSync(docsFile)) return "";
  const sections = readFileSync(docsFile, "utf8")
    .split(/^(?=## )/m)
    .slice(1);
  const kept = sections.filter((section) => !generatedSections.has(section.slice(3, section.indexOf("\n")).trim()));
  return kept.length ? `\n${kept.join("")}` : "";
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
  write(docsFile, await formatted(renderDocs(report, resultFile) + keptSections(), "markdown"));
  return { resultFile, docsFile };
}

/** docs/performance.md rewritten from a saved run (after a change of the page's prose or table). */
export async function renderSaved(resultFile: string): Promise<string> {
  const report = JSON.parse(readFileSync(resultFile, "utf8")) as Report;
  if (report.schema !== 2) throw new Error(`${resultFile} is a report of schema ${String(report.schema)}, not 2`);
  const temporary = path.join(resultsDir, `.performance.md.${process.pid}.tmp`);
  writeFileSync(temporary, await formatted(renderDocs(report, resultFile) + keptSections(), "markdown"));
  renameSync(temporary, docsFile);
  return docsFile;
}
