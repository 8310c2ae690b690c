import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { round, sleep } from "./stats";

export const repoRoot = path.resolve(import.meta.dirname, "..", "..");
export const serverMain = path.join(repoRoot, "server", "dist", "main.js");

const host = "127.0.0.1";
const startDeadlineMs = 90_000;
const stopDeadlineMs = 20_000;

export type BuildInfo = { built: boolean; stale: boolean; mainJs: string };

function newestMtime(dir: string, depth = 8): number {
  if (!existsSync(dir) || depth === 0) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full, depth - 1));
    else newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * The server is benchmarked as shipped (server/dist/main.js). It is built once when missing;
 * an existing build is used as is, with a warning when server or contracts sources are newer
 * (with `rebuildStale`, the server alone is rebuilt instead).
 */
export function ensureBuilt(log: (line: string) => void, options: { rebuildStale?: boolean } = {}): BuildInfo {
  let built = false;
  if (options.rebuildStale && existsSync(serverMain)) {
    const sources = Math.max(newestMtime(path.join(repoRoot, "server", "src")), newestMtime(path.join(repoRoot, "contracts", "src")));
    if (sources > statSync(serverMain).mtimeMs) {
      log("server/dist/main.js is older than its sources: running npm run build -w server");
      const result = spawnSync("npm", ["run", "build", "-w", "server"], { cwd: repoRoot, stdio: ["ignore", 2, 2], timeout: 300_000 });
      if (result.status !== 0 || !existsSync(serverMain)) throw new Error("npm run build -w server failed; cannot benchmark the server");
      built = true;
    }
  }
  if (!existsSync(serverMain)) {
    log("server/dist/main.js is missing: running npm run build");
    const result = spawnSync("npm", ["run", "build"], { cwd: repoRoot, stdio: ["ignore", 2, 2], timeout: 600_000 });
    if (result.status !== 0 || !existsSync(serverMain)) throw new Error("npm run build failed; cannot benchmark the server");
    built = true;
  }
  const builtAt = statSync(serverMain).mtimeMs;
  const sources = Math.max(newestMtime(path.join(repoRoot, "server", "src")), newestMtime(path.join(repoRoot, "contracts", "src")));
  const stale = sources > builtAt;
  if (stale)
    log("warning: server/dist/main.js is older than server/src or contracts/src (run `npm run build` to benchmark the latest code)");
  return { built, stale, mainJs: path.relative(repoRoot, serverMain) };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no free port"))));
    });
  });
}

export type ColdStart = {
  /** From spawn to the first 200 of GET /health/ready. */
  readyMs: number;
  /** From spawn to the first 200 of an API request that reads the database (GET /api/setup). */
  firstApiMs: number;
};

export type ServerLogSummary = { warnings: number; errors: number; lines: string[] };

export type StopResult = {
  /** From SIGTERM to the process exit. */
  ms: number;
  exitCode: number | null;
  signal: string | null;
  /** Killed after the deadline instead of exiting by itself. */
  forced: boolean;
  /** The embedded PostgreSQL is no longer running (null with an external DATABASE_URL). */
  postgresStopped: boolean | null;
};

export type ServerHandle = {
  pid: number;
  port: number;
  baseUrl: string;
  origin: string;
  dataDir: string;
  external: boolean;
  /** The embedded PostgreSQL's postmaster (undefined with an external database). */
  postmasterPid: number | undefined;
  coldStart: ColdStart;
  /** A URL of a superuser (embedded) or the DATABASE_URL owner, on the `relata` database. */
  databaseUrl: () => string;
  log: () => ServerLogSummary;
  stop: () => Promise<StopResult>;
};

const running = new Set<ServerHandle>();

/** Stops every server this process started (used on SIGINT and when a run fails). */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...running].map((server) => server.stop().catch(() => undefined)));
}

/** The server's output: console lines and pino JSON; warnings and errors are counted and kept. */
class OutputCollector {
  private warnings = 0;
  private errors = 0;
  private readonly kept: string[] = [];
  private readonly tail: string[] = [];
  private partial = "";

  feed(chunk: Buffer) {
    const text = this.partial + chunk.toString("utf8");
    const lines = text.split("\n");
    this.partial = lines.pop() ?? "";
    for (const line of lines) this.line(line);
  }

  private line(raw: string) {
    const line = raw.trim();
    if (!line) return;
    this.tail.push(line);
    if (this.tail.length > 40) this.tail.shift();
    let level = 0;
    let text = line;
    if (line.startsWith("{")) {
      try {
        const parsed = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
        level = parsed.level ?? 0;
        text = `${level >= 50 ? "error" : level >= 40 ? "warn" : "info"}: ${parsed.msg ?? ""}${parsed.err?.message ? ` (${parsed.err.message})` : ""}`;
      } catch {
        // not JSON after all: keep the raw line
      }
    }
    if (level >= 50) this.errors += 1;
    else if (level >= 40) this.warnings += 1;
    if (this.kept.length < 30) this.kept.push(text.slice(0, 300));
  }

  summary(): ServerLogSummary {
    return { warnings: this.warnings, errors: this.errors, lines: [...this.kept] };
  }

  lastLines(): string {
    return [...this.tail, this.partial].filter(Boolean).join("\n");
  }
}

/** The environment of a server command (`serve`, `seed`, `doctor`) on the bench's data directory or DATABASE_URL. */
export function commandEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    RELATA_DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    ...extra,
  };
  if (process.env.TMPDIR) env.TMPDIR = process.env.TMPDIR;
  for (const name of ["DATABASE_URL", "DATABASE_APP_ROLE", "DATABASE_APP_PASSWORD"]) {
    if (process.env[name]) env[name] = process.env[name];
  }
  return env;
}

function childEnv(port: number, dataDir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return commandEnv(dataDir, { HOST: host, PORT: String(port), JOBS: "false", ...extra });
}

async function status(url: string): Promise<number> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

type PostmasterFacts = { pid: number; port: number };

function postmaster(dataDir: string): PostmasterFacts | undefined {
  const file = path.join(dataDir, "postgres", "postmaster.pid");
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return Number.isInteger(pid) && pid > 0 && Number.isInteger(port) && port > 0 ? { pid, port } : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Starts `node server/dist/main.js serve` on a free loopback port with a fresh data directory
 * (so a fresh embedded PostgreSQL, unless DATABASE_URL is set) and measures the cold start.
 */
export async function startServer(options: {
  log: (line: string) => void;
  keepDataDir?: boolean;
  /** Further environment of the server (e.g. `JOBS: "true"`). */
  env?: Record<string, string>;
}): Promise<ServerHandle> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "relata-bench-"));
  const port = await freePort();
  const baseUrl = `http://${host}:${port}`;
  const external = Boolean(process.env.DATABASE_URL);
  const output = new OutputCollector();

  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [serverMain, "serve"], {
    cwd: repoRoot,
    env: childEnv(port, dataDir, options.env ?? {}),
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => output.feed(chunk));
  child.stderr?.on("data", (chunk: Buffer) => output.feed(chunk));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  let exit: { code: number | null; signal: string | null } | undefined;
  void exited.then((result) => (exit = result));
  if (child.pid === undefined) throw new Error("could not spawn the server");
  const pid = child.pid;

  let stopping: Promise<StopResult> | undefined;
  let postmasterFacts: PostmasterFacts | undefined;

  const stop = (): Promise<StopResult> => {
    stopping ??= (async () => {
      postmasterFacts ??= postmaster(dataDir);
      const t0 = performance.now();
      let forced = false;
      if (!exit) {
        child.kill("SIGTERM");
        const deadline = sleep(stopDeadlineMs).then(() => "timeout" as const);
        if ((await Promise.race([exited, deadline])) === "timeout") {
          forced = true;
          child.kill("SIGKILL");
          await exited;
        }
      }
      const result = await exited;
      const ms = round(performance.now() - t0, 0);
      let postgresStopped: boolean | null = null;
      if (!external) {
        const pg = postmasterFacts;
        // pg_ctl stop -w has returned before the server exits; give a straggler a few seconds.
        for (let i = 0; i < 50 && pg && alive(pg.pid); i++) await sleep(100);
        postgresStopped = !pg || !alive(pg.pid);
        if (pg && !postgresStopped) {
          options.log(`warning: embedded PostgreSQL (pid ${pg.pid}) still running after the server exited; sending it SIGINT`);
          try {
            process.kill(pg.pid, "SIGINT");
          } catch {
            // already gone
          }
          for (let i = 0; i < 100 && alive(pg.pid); i++) await sleep(100);
        }
      }
      running.delete(handle);
      if (!options.keepDataDir) rmSync(dataDir, { recursive: true, force: true });
      return { ms, exitCode: result.code, signal: result.signal, forced, postgresStopped };
    })();
    return stopping;
  };

  const databaseUrl = () => {
    if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
    postmasterFacts ??= postmaster(dataDir);
    if (!postmasterFacts) throw new Error("the embedded PostgreSQL has no postmaster.pid");
    const secrets = JSON.parse(readFileSync(path.join(dataDir, "secrets.json"), "utf8")) as { superPassword: string };
    return `postgres://postgres:${encodeURIComponent(secrets.superPassword)}@${host}:${postmasterFacts.port}/relata`;
  };

  const handle: ServerHandle = {
    pid,
    port,
    baseUrl,
    origin: baseUrl,
    dataDir,
    external,
    postmasterPid: undefined,
    coldStart: { readyMs: 0, firstApiMs: 0 },
    databaseUrl,
    log: () => output.summary(),
    stop,
  };
  running.add(handle);

  // Poll both until each has answered 200 once: bounded by a deadline and by the child exiting.
  let readyMs: number | undefined;
  let firstApiMs: number | undefined;
  const deadline = started + startDeadlineMs;
  while ((readyMs === undefined || firstApiMs === undefined) && performance.now() < deadline && !exit) {
    // Each probe notes the moment its own answer arrived.
    const probe = async (url: string) => ({ code: await status(url), at: performance.now() - started });
    const [ready, api] = await Promise.all([
      readyMs === undefined ? probe(`${baseUrl}/health/ready`) : undefined,
      firstApiMs === undefined ? probe(`${baseUrl}/api/setup`) : undefined,
    ]);
    if (ready?.code === 200) readyMs = ready.at;
    if (api?.code === 200) firstApiMs = api.at;
    if (readyMs === undefined || firstApiMs === undefined) await sleep(20);
  }
  if (readyMs === undefined || firstApiMs === undefined) {
    const reason = exit ? `exited (code ${exit.code}, signal ${exit.signal})` : `was not ready after ${startDeadlineMs / 1000} s`;
    await stop();
    throw new Error(`the server ${reason}; its last output:\n${output.lastLines()}`);
  }
  handle.coldStart = { readyMs: round(readyMs, 0), firstApiMs: round(firstApiMs, 0) };
  postmasterFacts = external ? undefined : postmaster(dataDir);
  handle.postmasterPid = postmasterFacts?.pid;
  return handle;
}
