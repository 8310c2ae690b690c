// `npm run bench:contracts -- [--companies n] [--items n] [--duration s] [--connections n] [--clients n]
// [--fulfilments n] [--gap ms]`: the fulfilment chain on a fresh server — fulfilments per
// second (spread over many items, and piled onto one), commit-to-screen latency of the live
// event at many WebSocket clients, receivables and client-value reads idle and under load, and
// `relata doctor` over the projections at the end. Prints Markdown; exits 1 on drift.
import { parseArgs } from "node:util";
import { contractsMarkdown, contractsProblems, runContractsBench } from "./contracts-bench";
import { stopAllServers } from "./server";

const { values } = parseArgs({
  options: {
    companies: { type: "string", default: "12" },
    items: { type: "string", default: "20" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "8" },
    clients: { type: "string", default: "100" },
    fulfilments: { type: "string", default: "50" },
    gap: { type: "string", default: "50" },
  },
});

function positive(name: keyof typeof values): number {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

async function main() {
  const report = await runContractsBench({
    companies: positive("companies"),
    items: positive("items"),
    duration: positive("duration"),
    connections: positive("connections"),
    clients: positive("clients"),
    fulfilments: positive("fulfilments"),
    gapMs: Number(values.gap) >= 0 ? Number(values.gap) : 50,
    rebuildStale: true,
    log: (line) => console.error(`[contracts] ${line}`),
  });
  console.log(contractsMarkdown(report));
  const problems = contractsProblems(report);
  for (const problem of problems) console.error(`[contracts] problem: ${problem}`);
  if (problems.length > 0) process.exitCode = 1;
}

process.on("SIGINT", () => void stopAllServers().then(() => process.exit(130)));
main().catch(async (error: unknown) => {
  console.error(error);
  await stopAllServers();
  process.exitCode = 1;
});
