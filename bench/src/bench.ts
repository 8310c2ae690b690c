import { performance } from "node:perf_hooks";
import pg from "pg";
import { call, signIn } from "./api";
import { machineBusy, machineFacts, type MachineFacts } from "./machine";
import { ProcessSampler, type ProcessUsage } from "./sampler";
import {
  ensureBuilt,
  startServer,
  stopAllServers,
  type BuildInfo,
  type ColdStart,
  type ServerHandle,
  type ServerLogSummary,
  type StopResult,
} from "./server";
import { inParallel, round, sleep } from "./stats";
import { createCompanies } from "./workloads/create";
import { getById } from "./workloads/get-by-id";
import type { HttpWorkload } from "./workloads/http-load";
import { listPage, listPath } from "./workloads/list";
import { sqlFloor, type SqlFloor } from "./workloads/sql-floor";
import { websocketLatency, type WebSocketWorkload } from "./workloads/websocket";

export type Scale = {
  companies: number;
  wsClients: number;
  patches: number;
  gapMs: number;
  seedConcurrency: number;
  warmupRequests: number;
};

/** tiny: the test suite; smoke: the default (a couple of minutes with --duration 10); large: more data and sockets. */
export const scales = {
  tiny: { companies: 30, wsClients: 5, patches: 5, gapMs: 20, seedConcurrency: 4, warmupRequests: 100 },
  smoke: { companies: 2_000, wsClients: 50, patches: 50, gapMs: 100, seedConcurrency: 8, warmupRequests: 1_000 },
  large: { companies: 20_000, wsClients: 200, patches: 100, gapMs: 100, seedConcurrency: 8, warmupRequests: 2_000 },
} satisfies Record<string, Scale>;

export type ScaleName = keyof typeof scales;

export type BenchOptions = {
  scale: ScaleName;
  /** Seconds per load workload. */
  duration: number;
  /** Concurrent connections of the HTTP workloads and the SQL floor. */
  connections: number;
  companies?: number;
  wsClients?: number;
  patches?: number;
  log?: (line: string) => void;
};

export type Report = {
  schema: 1;
  startedAt: string;
  finishedAt: string;
  runSeconds: number;
  options: { scale: ScaleName; duration: number; connections: number; companies: number; wsClients: number; patches: number };
  machine: MachineFacts;
  build: BuildInfo;
  coldStart: ColdStart;
  seed: { companies: number; ms: number; perSecond: number; errors: number };
  workloads: {
    getById: HttpWorkload;
    list: HttpWorkload & { rowsPerPage: number };
    create: HttpWorkload;
    sqlFloor: SqlFloor;
    websocket: WebSocketWorkload;
  };
  /**
   * How many times slower GET by id through the whole API is than the same read as bare SQL:
   * throughput = SQL req/s ÷ API req/s; p50 and p99 = API latency ÷ SQL latency.
   */
  apiOverSql: { throughput: number; p50: number; p99: number };
  server: ProcessUsage;
  shutdown: StopResult;
  serverLog: ServerLogSummary;
  /** Sum of every error, timeout, non-2xx and missing event: 0 in a clean run. */
  totalErrors: number;
};

/** The whole run must end by itself: a budget far above the expected time, then it aborts. */
function budgetMs(options: BenchOptions, scale: Scale): number {
  return 180_000 + options.duration * 5 * 1000 + scale.companies * 20 + scale.patches * (5_000 + scale.gapMs);
}

async function postgresVersion(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "relata-bench" });
  await client.connect();
  try {
    const result = await client.query<{ server_version: string }>("SHOW server_version");
    return result.rows[0]?.server_version ?? "unknown";
  } finally {
    await client.end();
  }
}

async function seed(server: ServerHandle, session: Awaited<ReturnType<typeof signIn>>, count: number, concurrency: number) {
  const ids: string[] = [];
  let errors = 0;
  const t0 = performance.now();
  await inParallel(count, concurrency, async (index) => {
    try {
      const response = await call(session, "POST", "/api/companies", {
        name: `Seed company ${String(index).padStart(6, "0")}`,
        ignoreDuplicates: true,
      });
      const id = (response.body as { id?: string } | null)?.id;
      if (response.status === 201 && id) ids.push(id);
      else errors += 1;
    } catch {
      errors += 1;
    }
  });
  const ms = performance.now() - t0;
  return { ids, summary: { companies: ids.length, ms: round(ms, 0), perSecond: round(ids.length / (ms / 1000), 1), errors } };
}

/** Starts a fresh server, seeds it, runs every workload in turn and stops it. */
export async function runBench(options: BenchOptions): Promise<Report> {
  const log = options.log ?? (() => {});
  const base = scales[options.scale];
  const scale: Scale = {
    ...base,
    companies: options.companies ?? base.companies,
    wsClients: options.wsClients ?? base.wsClients,
    patches: options.patches ?? base.patches,
  };
  if (scale.companies < 1) throw new Error("at least one company is needed");
  const startedAt = new Date();
  const t0 = performance.now();
  const build = ensureBuilt(log);

  let server: ServerHandle | undefined;
  let overBudget: NodeJS.Timeout | undefined;
  const budget = new Promise<never>((_, reject) => {
    overBudget = setTimeout(
      () => reject(new Error(`the benchmark exceeded its time budget of ${Math.round(budgetMs(options, scale) / 1000)} s`)),
      budgetMs(options, scale),
    );
    overBudget.unref();
  });

  const run = async (): Promise<Report> => {
    const busyBefore = await machineBusy();
    if (busyBefore !== null && busyBefore > 20)
      log(`warning: the machine was ${busyBefore} % busy before the run; other work will skew the figures`);
    log("starting the server (fresh data directory)");
    server = await startServer({ log });
    log(`server ready: /health/ready after ${server.coldStart.readyMs} ms, first API answer after ${server.coldStart.firstApiMs} ms`);
    const sampler = new ProcessSampler(server.pid, server.postmasterPid);
    sampler.start();

    const databaseUrl = server.databaseUrl();
    const machine = machineFacts(await postgresVersion(databaseUrl), server.external ? "external (DATABASE_URL)" : "embedded", busyBefore);
    // Creating the first administrator hashes a password (argon2id, 46 MiB): its own phase.
    sampler.enter("sign-in");
    const session = await signIn(server.baseUrl, server.origin);

    sampler.enter("seed");
    log(`seeding ${scale.companies} companies through the API (${scale.seedConcurrency} at a time)`);
    const seeded = await seed(server, session, scale.companies, scale.seedConcurrency);
    if (seeded.ids.length === 0) throw new Error("seeding created no company");
    log(
      `seeded ${seeded.summary.companies} companies in ${seeded.summary.ms} ms (${seeded.summary.perSecond}/s, ${seeded.summary.errors} errors)`,
    );

    const load = { connections: options.connections, duration: options.duration };
    sampler.enter("warmup");
    await getById(session, seeded.ids, { ...load, amount: scale.warmupRequests });
    await listPage(session, { ...load, amount: Math.ceil(scale.warmupRequests / 4) });
    await sleep(500);

    sampler.enter("get-by-id");
    log(`GET by id: ${options.duration} s, ${options.connections} connections`);
    const getByIdResult = await getById(session, seeded.ids, load);
    await sleep(500);

    const firstPage = await call(session, "GET", listPath);
    const rowsPerPage = ((firstPage.body as { items?: unknown[] } | null)?.items ?? []).length;
    sampler.enter("list");
    log(`list page: ${options.duration} s`);
    const listResult = await listPage(session, load);
    await sleep(500);

    sampler.enter("sql-floor");
    log(`SQL floor: ${options.duration} s`);
    const floor = await sqlFloor(databaseUrl, seeded.ids, load);
    await sleep(500);

    sampler.enter("create");
    log(`create: ${options.duration} s`);
    const createResult = await createCompanies(session, load);
    await sleep(1_000);

    sampler.enter("websocket");
    log(`WebSocket: ${scale.wsClients} clients, ${scale.patches} PATCHes`);
    const websocket = await websocketLatency(session, seeded.ids[0]!, {
      clients: scale.wsClients,
      patches: scale.patches,
      gapMs: scale.gapMs,
    });

    sampler.enter("idle-after");
    await sleep(500);
    const usage = sampler.stop();
    const serverLog = server.log();
    log("stopping the server (SIGTERM)");
    const shutdown = await server.stop();
    log(
      `server exited with ${shutdown.exitCode ?? shutdown.signal} after ${shutdown.ms} ms; embedded PostgreSQL stopped: ${shutdown.postgresStopped ?? "n/a"}`,
    );

    const http = [getByIdResult, listResult, createResult];
    const totalErrors =
      http.reduce((sum, w) => sum + w.errors + w.timeouts + w.non2xx, 0) +
      floor.errors +
      websocket.errors +
      websocket.missing +
      websocket.unexpected +
      seeded.summary.errors +
      (shutdown.exitCode === 0 ? 0 : 1) +
      (shutdown.postgresStopped === false ? 1 : 0);
    const ratio = (a: number, b: number) => (b > 0 ? round(a / b, 2) : 0);
    return {
      schema: 1,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      runSeconds: round((performance.now() - t0) / 1000, 1),
      options: {
        scale: options.scale,
        duration: options.duration,
        connections: options.connections,
        companies: scale.companies,
        wsClients: scale.wsClients,
        patches: scale.patches,
      },
      machine,
      build,
      coldStart: server.coldStart,
      seed: seeded.summary,
      workloads: { getById: getByIdResult, list: { ...listResult, rowsPerPage }, create: createResult, sqlFloor: floor, websocket },
      apiOverSql: {
        throughput: ratio(floor.rps, getByIdResult.rps),
        p50: ratio(getByIdResult.latency.p50, floor.latency.p50),
        p99: ratio(getByIdResult.latency.p99, floor.latency.p99),
      },
      server: usage,
      shutdown,
      serverLog,
      totalErrors,
    };
  };

  try {
    return await Promise.race([run(), budget]);
  } finally {
    clearTimeout(overBudget);
    await stopAllServers();
  }
}
