// `node --import tsx bench/src/import-1m.ts [--rows 1000000] [--duplicates skip|update|create] [--keep]`
//
// Generates a company CSV (default 1,000,000 rows), starts a fresh embedded PostgreSQL in a
// temporary data directory, uploads the file over the API, runs it through the pg-boss import
// job and prints rows/s.
import { createWriteStream, createReadStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { buildApp } from "../../server/src/app";
import { loadConfig, loadSecrets } from "../../server/src/config";
import { createDb, createPool, prepareDatabase } from "../../server/src/db/connection";
import { ensureBuiltinRoles } from "../../server/src/platform/access/roles.repository";
import { unitOfWork, Projections } from "../../server/src/platform/events/unit-of-work";
import { systemActor } from "../../server/src/platform/access/actor";
import { startJobs } from "../../server/src/platform/jobs/jobs";
import { registerImportJobs } from "../../server/src/modules/imports";
import { machineBusy } from "./machine";
import type { ImportJobState } from "./workloads/import";
import { importCsvHeader, importCsvLine } from "./workloads/import";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    duplicates: { type: "string", default: "skip" },
    keep: { type: "boolean", default: false },
  },
});
const rows = Number(values.rows);
if (!Number.isInteger(rows) || rows < 1 || rows > 5_000_000) throw new Error("--rows must be between 1 and 5,000,000");
const log = (line: string) => process.stderr.write(`[import-bench] ${line}\n`);

/** A realistic company file (see `importCsvLine`). */
async function generate(file: string) {
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };
  await write(importCsvHeader);
  let buffer = "";
  for (let i = 0; i < rows; i++) {
    buffer += importCsvLine(i);
    if (buffer.length > 1 << 16) {
      await write(buffer);
      buffer = "";
    }
  }
  await write(buffer);
  out.end();
  await once(out, "finish");
}

async function main() {
  const busy = await machineBusy();
  log(
    `machine busy before the run: ${busy ?? "?"}% of ${os.availableParallelism()} CPUs${busy !== null && busy > 30 ? " (numbers will be low)" : ""}`,
  );
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "relata-import-bench-"));
  const file = path.join(dataDir, "companies.csv");
  const generated = performance.now();
  await generate(file);
  const size = statSync(file).size;
  log(
    `generated ${rows.toLocaleString("en")} rows (${(size / 1_048_576).toFixed(0)} MB) in ${((performance.now() - generated) / 1000).toFixed(1)} s`,
  );

  const config = loadConfig({ NODE_ENV: "production", LOG_LEVEL: "warn", RELATA_DATA_DIR: dataDir, JOBS: "true" });
  const target = await prepareDatabase(config, loadSecrets(dataDir), {
    info: () => undefined,
    warn: log,
    error: (e, m) => log(`${m ?? ""} ${String(e)}`),
  });
  const pool = createPool(target.appUrl, { max: 10 });
  const db = createDb(pool);
  await unitOfWork(db, new Projections(), { actor: systemActor("bench") }, async (uow) => ensureBuiltinRoles(uow.tx));
  const app = await buildApp({ config, pool, db });
  await app.ready();
  const boss = await startJobs(app.platform, target.appUrl);
  await registerImportJobs(boss, app.platform);
  try {
    const setup = await app.inject({
      method: "POST",
      url: "/api/setup",
      payload: { email: "bench@relata.test", name: "Bench", password: "bench import passphrase 1" },
    });
    if (setup.statusCode >= 300) throw new Error(`setup failed: ${setup.statusCode} ${setup.body}`);
    const cookie = setup.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    const headers = { cookie, "x-csrf-token": (setup.json() as { csrfToken: string }).csrfToken };

    const uploadStarted = performance.now();
    const uploaded = await app.inject({
      method: "POST",
      url: "/api/imports?object=company&fileName=companies.csv",
      headers: { ...headers, "content-type": "text/csv" },
      payload: createReadStream(file),
    });
    if (uploaded.statusCode !== 201) throw new Error(`upload failed: ${uploaded.statusCode} ${uploaded.body}`);
    const job = uploaded.json() as { id: string; version: number; totalRows: number; mapping: Record<string, string> };
    log(
      `uploaded in ${((performance.now() - uploadStarted) / 1000).toFixed(1)} s; ${job.totalRows} rows; mapping ${JSON.stringify(job.mapping)}`,
    );
    if (values.duplicates !== "skip") {
      const patched = await app.inject({
        method: "PATCH",
        url: `/api/imports/${job.id}`,
        headers: { ...headers, "if-match": `"${job.version}"` },
        payload: { duplicates: values.duplicates },
      });
      if (patched.statusCode !== 200) throw new Error(`patch failed: ${patched.body}`);
    }

    const started = performance.now();
    const start = await app.inject({ method: "POST", url: `/api/imports/${job.id}/start`, headers, payload: {} });
    if (start.statusCode !== 200) throw new Error(`start failed: ${start.body}`);
    let state: ImportJobState;
    let lastLog = 0;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      state = (await app.inject({ method: "GET", url: `/api/imports/${job.id}`, headers })).json() as ImportJobState;
      const seconds = (performance.now() - started) / 1000;
      if (seconds - lastLog >= 30) {
        lastLog = seconds;
        log(
          `${seconds.toFixed(0)} s: ${state.processedRows.toLocaleString("en")} rows (${Math.round(state.processedRows / seconds)} rows/s)`,
        );
      }
      if (!["queued", "running"].includes(state.status)) break;
    }
    const seconds = (performance.now() - started) / 1000;
    const result = {
      rows,
      fileMB: Math.round(size / 1_048_576),
      status: state.status,
      failure: state.failure,
      created: state.createdRows,
      skipped: state.skippedRows,
      errors: state.errorRows,
      seconds: Math.round(seconds * 10) / 10,
      rowsPerSecond: Math.round(state.processedRows / seconds),
      busyBeforeRunPercent: busy,
    };
    console.log(JSON.stringify(result));
    log(`${state.status}: ${state.processedRows.toLocaleString("en")} rows in ${seconds.toFixed(1)} s = ${result.rowsPerSecond} rows/s`);
  } finally {
    await boss.stop({ graceful: false, wait: true });
    await app.close();
    await pool.end();
    await target.embedded?.stop();
    if (!values.keep) rmSync(dataDir, { recursive: true, force: true });
    else log(`kept ${dataDir}`);
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
