// Builds the app when needed and runs the built server (server/dist/main.js, serving web/dist)
// on a fresh embedded PostgreSQL in a temporary data directory, on a free loopback port.
// Used by the Playwright global setup and by measure.ts.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, cpSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

export const repoRoot = path.resolve(import.meta.dirname, "..", "..");
const serverEntry = path.join(repoRoot, "server", "dist", "main.js");
const webIndex = path.join(repoRoot, "web", "dist", "index.html");

/** Newest modification time under `dir` (files only), skipping node_modules and dist. */
function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  const stat = statSync(dir);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(dir)) {
    if (entry === "node_modules" || entry === "dist") continue;
    newest = Math.max(newest, newestMtime(path.join(dir, entry)));
  }
  return newest;
}

/** True when web/dist or server/dist is missing or older than the sources it is built from. */
export function buildIsStale(): boolean {
  if (!existsSync(serverEntry) || !existsSync(webIndex)) return true;
  const built = Math.min(statSync(serverEntry).mtimeMs, statSync(webIndex).mtimeMs);
  const sources = ["web/src", "web/index.html", "web/public", "web/vite.config.ts", "server/src", "contracts/src"].map((p) =>
    path.join(repoRoot, p),
  );
  return sources.some((source) => newestMtime(source) > built);
}

/** `npm run build` at the repository root (web/dist and server/dist). */
export function build(): void {
  const started = Date.now();
  console.log("[e2e] building the app (npm run build)…");
  const result = spawnSync("npm", ["run", "build"], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`[e2e] npm run build failed:\n${result.stdout}\n${result.stderr}`);
  }
  console.log(`[e2e] built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Builds unless RELATA_E2E_SKIP_BUILD=1; with RELATA_E2E_BUILD=if-stale, only when dist is missing or stale. */
export function ensureBuilt(): void {
  if (process.env.RELATA_E2E_SKIP_BUILD === "1") {
    if (!existsSync(serverEntry) || !existsSync(webIndex))
      throw new Error("[e2e] RELATA_E2E_SKIP_BUILD=1 but web/dist or server/dist is missing");
    return;
  }
  if (process.env.RELATA_E2E_BUILD === "if-stale" && !buildIsStale()) {
    console.log("[e2e] web/dist and server/dist are up to date");
    return;
  }
  build();
}

export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.unref();
      server.on("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const address = server.address();
        server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
      });
    });
    if (port !== 5432 && port !== 3000) return port;
  }
}

export type RunningServer = {
  baseURL: string;
  dataDir: string;
  /** The web/dist snapshot the server serves. */
  webDist: string;
  logFile: string;
  pid: number;
  stop: () => Promise<void>;
};

function readPid(file: string): number {
  try {
    const pid = Number(readFileSync(file, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : 0;
  } catch {
    return 0;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return condition();
}

/** The postmaster of the embedded PostgreSQL in `dataDir`, from its pid file. */
function postmasterPid(dataDir: string): number | undefined {
  const pidFile = path.join(dataDir, "postgres", "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** PostgreSQL processes whose command line names this data directory (should be none after stop). */
export function strayPostgres(dataDir: string): string[] {
  const ps = spawnSync("ps", ["-eo", "pid,args"], { encoding: "utf8" });
  return ps.stdout
    .split("\n")
    .filter((line) => line.includes(dataDir) && /postgres/.test(line))
    .map((line) => line.trim());
}

function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

const dirPrefix = "relata-e2e-";

/**
 * Data directories of earlier runs whose test runner is gone (killed, timed out): stops their
 * PostgreSQL (by the pid in its pid file) and removes them. Runs still going (their owner process
 * is alive) are left alone.
 */
export async function reapStale(log: (line: string) => void = console.log): Promise<void> {
  for (const entry of readdirSync(os.tmpdir())) {
    if (!entry.startsWith(dirPrefix)) continue;
    const dir = path.join(os.tmpdir(), entry);
    const owner = readPid(path.join(dir, "owner.pid"));
    // Not ours, still being created, or its run is still going.
    if (owner === 0 || processAlive(owner)) continue;
    const serverPid = readPid(path.join(dir, "server.pid"));
    if (serverPid > 0 && processAlive(serverPid) && commandLine(serverPid).includes(serverEntry)) {
      log(`[e2e] stopping the server (pid ${serverPid}) left behind by an earlier run in ${dir}`);
      process.kill(serverPid, "SIGTERM");
      if (!(await waitFor(() => !processAlive(serverPid), 20_000))) process.kill(serverPid, "SIGKILL");
    }
    const pgPid = postmasterPid(dir);
    if (pgPid && processAlive(pgPid)) {
      log(`[e2e] stopping the PostgreSQL (pid ${pgPid}) left behind by an earlier run in ${dir}`);
      process.kill(pgPid, "SIGINT");
      await waitFor(() => !processAlive(pgPid), 15_000);
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Starts `node server/dist/main.js serve` on a new data directory (so a new embedded PostgreSQL and
 * an empty database) and waits until it answers. `stop()` sends SIGTERM, waits for the server
 * (which stops its PostgreSQL) and, should PostgreSQL still run, stops it itself.
 */
export async function startServer(options: { log?: (line: string) => void } = {}): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  await reapStale(log);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), dirPrefix));
  writeFileSync(path.join(dataDir, "owner.pid"), String(process.pid));
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const logFile = path.join(dataDir, "server.log");
  // Serve a snapshot of web/dist, so a rebuild during the run (someone working in the same tree)
  // cannot swap the files under the running tests.
  const webDist = path.join(dataDir, "web");
  cpSync(path.dirname(webIndex), webDist, { recursive: true });
  const missing = [...readFileSync(path.join(webDist, "index.html"), "utf8").matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)]
    .map((m) => m[1]!)
    .filter((asset) => !existsSync(path.join(webDist, asset)));
  if (missing.length > 0)
    throw new Error(`[e2e] web/dist is incomplete (a build running at the same time?): missing ${missing.join(", ")}`);
  const out = openSync(logFile, "a");
  const started = Date.now();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    RELATA_DATA_DIR: dataDir,
    WEB_DIST: webDist,
    LOG_LEVEL: process.env.RELATA_E2E_LOG_LEVEL ?? "warn",
  };
  // Always the embedded PostgreSQL, served over plain HTTP on loopback.
  for (const key of ["DATABASE_URL", "PUBLIC_ORIGIN", "SECURE_COOKIES", "TRUST_PROXY", "SESSION_SECRET"]) delete env[key];
  const child: ChildProcess = spawn(process.execPath, [serverEntry, "serve"], { cwd: repoRoot, env, stdio: ["ignore", out, out] });
  closeSync(out);
  writeFileSync(path.join(dataDir, "server.pid"), String(child.pid ?? ""));
  let exited: string | undefined;
  child.on("exit", (code, signal) => {
    exited = signal ? `signal ${signal}` : `code ${code}`;
  });

  // Last resort when this process exits without stop() (a killed or timed-out run): signals are
  // synchronous, so the server and its PostgreSQL (immediate shutdown) still get told.
  const emergencyStop = () => {
    if (exited === undefined) child.kill("SIGKILL");
    const pgPid = postmasterPid(dataDir);
    if (pgPid && processAlive(pgPid)) process.kill(pgPid, "SIGQUIT");
  };
  process.on("exit", emergencyStop);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off("exit", emergencyStop);
    // It should have been running until now: if not, say so, with its log, and keep the data directory.
    const died = exited !== undefined;
    if (died) log(`[e2e] the server had exited during the run (${exited}); last lines of ${logFile}:\n${tail(logFile)}`);
    if (exited === undefined && child.pid) {
      child.kill("SIGTERM");
      const ended = await waitFor(() => exited !== undefined, 20_000);
      if (!ended) {
        log(`[e2e] server did not stop within 20 s after SIGTERM; killing it`);
        child.kill("SIGKILL");
        await waitFor(() => exited !== undefined, 5_000);
      }
    }
    // The server stops its embedded PostgreSQL on SIGTERM; make sure, for crashes and timeouts.
    const pgPid = postmasterPid(dataDir);
    if (pgPid && processAlive(pgPid)) {
      log(`[e2e] embedded PostgreSQL (pid ${pgPid}) still running after the server stopped; stopping it`);
      process.kill(pgPid, "SIGINT"); // fast shutdown
      if (!(await waitFor(() => !processAlive(pgPid), 15_000))) process.kill(pgPid, "SIGQUIT");
      await waitFor(() => !processAlive(pgPid), 5_000);
    }
    const stray = strayPostgres(dataDir);
    if (stray.length > 0) throw new Error(`[e2e] PostgreSQL processes left running:\n${stray.join("\n")}`);
    if (died || process.env.RELATA_E2E_KEEP_DATA === "1") log(`[e2e] kept the data directory ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  };

  const ready = await waitFor(
    async () => {
      if (exited !== undefined) return true;
      try {
        const response = await fetch(`${baseURL}/api/setup`);
        return response.ok;
      } catch {
        return false;
      }
    },
    120_000,
    200,
  );
  if (!ready || exited !== undefined) {
    const logText = tail(logFile);
    await stop().catch(() => undefined);
    throw new Error(
      `[e2e] the server did not start (${exited !== undefined ? `exited with ${exited}` : "timed out"}). Last lines of its log:\n${logText}`,
    );
  }
  log(`[e2e] server ready at ${baseURL} in ${((Date.now() - started) / 1000).toFixed(1)} s (data dir ${dataDir})`);
  return { baseURL, dataDir, webDist, logFile, pid: child.pid!, stop };
}
