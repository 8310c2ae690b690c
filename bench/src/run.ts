// `npm run bench -- [--scale tiny|smoke|100k|1m] [--duration s] [--connections n] [--json-only] [--no-save]`
import { parseArgs } from "node:util";
import path from "node:path";
import { runBench, scales, type DataSource, type ScaleName } from "./bench";
import { renderSaved, renderTable, saveReport } from "./report";
import { repoRoot, stopAllServers } from "./server";

const usage = `Usage: npm run bench -- [options]

  --scale <tiny|smoke|100k|1m>  data and WebSocket sizes (default smoke)
  --duration <seconds>          per workload and per SQL floor (default 8)
  --connections <n>             HTTP connections and SQL floor connections (default 10)
  --data <generator|api|existing>
                                load with relata seed (default where built), a small set through the
                                API, or use what an earlier run loaded into DATABASE_URL (with
                                RELATA_BENCH_EMAIL and RELATA_BENCH_PASSWORD of its administrator)
  --seed <n>                    the generator's seed
  --ws-clients <n>              WebSocket clients (overrides the scale)
  --patches <n>                 PATCHes in the WebSocket run (overrides the scale)
  --import-rows <n>             rows of the CSV import (overrides the scale)
  --render <results/x.json>     only rewrite docs/performance.md from a saved run
  --json-only                   print only the JSON report on stdout
  --no-save                     do not write bench/results/ nor docs/performance.md
`;

function positive(name: string, value: string | undefined, fallback: number, max: number): number;
function positive(name: string, value: string | undefined, fallback: undefined, max: number): number | undefined;
function positive(name: string, value: string | undefined, fallback: number | undefined, max: number) {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0 || number > max) throw new Error(`--${name} must be a number between 0 and ${max}`);
  return number;
}

async function main() {
  const { values } = parseArgs({
    options: {
      scale: { type: "string", default: "smoke" },
      duration: { type: "string" },
      connections: { type: "string" },
      data: { type: "string" },
      seed: { type: "string" },
      "import-rows": { type: "string" },
      "ws-clients": { type: "string" },
      patches: { type: "string" },
      "json-only": { type: "boolean", default: false },
      "no-save": { type: "boolean", default: false },
      render: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (values.render) {
    const written = await renderSaved(path.resolve(process.env.INIT_CWD ?? process.cwd(), values.render));
    console.error(`[bench] rewrote ${path.relative(repoRoot, written)}`);
    return 0;
  }
  if (!(values.scale in scales)) throw new Error(`--scale must be one of ${Object.keys(scales).join(", ")}`);
  const sources: readonly string[] = ["generator", "api", "existing"] satisfies DataSource[];
  if (values.data !== undefined && !sources.includes(values.data)) throw new Error("--data must be generator, api or existing");
  const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

  process.once("SIGINT", () => {
    log("interrupted: stopping the server");
    void stopAllServers().finally(() => process.exit(130));
  });

  const report = await runBench({
    scale: values.scale as ScaleName,
    duration: positive("duration", values.duration, 8, 3_600),
    connections: Math.round(positive("connections", values.connections, 10, 1_000)),
    ...(values.data ? { data: values.data as DataSource } : {}),
    ...(values.seed !== undefined ? { seed: Math.round(positive("seed", values.seed, 1, 2 ** 31)) } : {}),
    importRows: positive("import-rows", values["import-rows"], undefined, 5_000_000),
    wsClients: positive("ws-clients", values["ws-clients"], undefined, 5_000),
    patches: positive("patches", values.patches, undefined, 100_000),
    log,
  });

  console.log(JSON.stringify(report, null, 2));
  if (!values["json-only"]) console.log(`\n${renderTable(report)}\n`);
  if (!values["no-save"]) {
    const saved = await saveReport(report);
    log(`results: ${path.relative(repoRoot, saved.resultFile)}; table: ${path.relative(repoRoot, saved.docsFile)}`);
  }
  if (report.totalErrors > 0) log(`${report.totalErrors} errors: see the JSON report`);
  return report.totalErrors > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (error: Error) => {
    console.error(`bench: ${error.message}`);
    await stopAllServers();
    process.exit(1);
  },
);
