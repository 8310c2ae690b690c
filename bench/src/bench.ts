import os from "node:os";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { signIn } from "./api";
import { generatorAvailable, readFixtures, runGenerator, seedThroughApi, type DataLoad, type Fixtures, type GeneratorScale } from "./data";
import { cardFloor, cardSlots, groupFloor, listFloor, searchFloor } from "./floors";
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
import { round, sleep } from "./stats";
import { evaluateTargets, type TargetResult } from "./targets";
import { createCompanies } from "./workloads/create";
import { withAlone, type HttpWorkload } from "./workloads/http-load";
import { importWorkload, type ImportWorkload } from "./workloads/import";
import {
  cardLoad,
  fulfilmentLoad,
  groupLoad,
  listLoad,
  listPageSize,
  searchLimit,
  searchLoad,
  signInLoad,
  type Load,
} from "./workloads/reads";
import { sqlFloor, type SqlFloor } from "./workloads/sql-floor";
import { websocketLatency, type WebSocketWorkload } from "./workloads/websocket";

export type Scale = {
  /** The generator's scale; without the generator, `apiCompanies` are created through the API instead. */
  generator: GeneratorScale;
  apiCompanies: number;
  wsClients: number;
  patches: number;
  gapMs: number;
  importRows: number;
  /** The run aborts after this long (the issue asks 100k to finish within 15 minutes). */
  budgetMinutes: number;
};

/** tiny: the test suite (CI smoke); smoke: a quick look; 100k and 1m: the scales. */
export const scales = {
  tiny: {
    generator: "tiny",
    apiCompanies: 30,
    wsClients: 5,
    patches: 5,
    gapMs: 20,
    importRows: 2_000,
    budgetMinutes: 5,
  },
  smoke: {
    generator: "demo",
    apiCompanies: 500,
    wsClients: 100,
    patches: 20,
    gapMs: 50,
    importRows: 10_000,
    budgetMinutes: 10,
  },
  "100k": {
    generator: "100k",
    apiCompanies: 2_000,
    wsClients: 1_000,
    patches: 30,
    gapMs: 100,
    importRows: 30_000,
    budgetMinutes: 15,
  },
  "1m": {
    generator: "1m",
    apiCompanies: 2_000,
    wsClients: 1_000,
    patches: 30,
    gapMs: 100,
    importRows: 100_000,
    budgetMinutes: 150,
  },
} satisfies Record<string, Scale>;

export type ScaleName = keyof typeof scales;

/** Where the data comes from: the generator, a small set through the API, or an earlier run's (DATABASE_URL). */
export type DataSource = "generator" | "api" | "existing";

export type BenchOptions = {
  scale: ScaleName;
  /** Seconds per load workload (and per SQL floor). */
  duration: number;
  /** Concurrent connections of the HTTP workloads and the SQL floors. */
  connections: number;
  /** "generator" (default where it is built), "api" (a small set through the API) or "existing". */
  data?: DataSource;
  seed?: number;
  wsClients?: number;
  patches?: number;
  importRows?: number;
  log?: (line: string) => void;
};

export type Report = {
  schema: 2;
  startedAt: string;
  finishedAt: string;
  runSeconds: number;
  options: {
    scale: ScaleName;
    duration: number;
    connections: number;
    data: DataSource;
    wsClients: number;
    patches: number;
    importRows: number;
  };
  machine: MachineFacts & { loadAverageStart: number[]; loadAverageEnd: number[] };
  build: BuildInfo;
  coldStart: ColdStart;
  data: DataLoad & { companies: number };
  fixtures: { cardIds: number; countries: string[]; searchPrefixes: string[]; groupRoots: number; fulfilPaths: number };
  workloads: {
    signIn: HttpWorkload;
    card: HttpWorkload;
    list: HttpWorkload;
    search: HttpWorkload;
    group: HttpWorkload | null;
    create: HttpWorkload;
    fulfilment: HttpWorkload | null;
    import: ImportWorkload;
    websocket: WebSocketWorkload;
  };
  /** The bare SQL under each read workload. */
  floors: { card: SqlFloor; list: SqlFloor; search: SqlFloor; group: SqlFloor | null };
  targets: TargetResult[];
  server: ProcessUsage;
  shutdown: StopResult;
  serverLog: ServerLogSummary;
  /** Sum of every error, timeout, non-2xx and missing event: 0 in a clean run. */
  totalErrors: number;
};

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

const loadAverage = () => os.loadavg().map((value) => round(value, 2));
const httpErrors = (w: HttpWorkload | null) => (w ? w.errors + w.timeouts + w.non2xx : 0);

/** Starts a fresh server, loads the data, runs every workload in turn and stops it. */
export async function runBench(options: BenchOptions): Promise<Report> {
  const log = options.log ?? (() => {});
  const base = scales[options.scale];
  const scale: Scale = {
    ...base,
    wsClients: options.wsClients ?? base.wsClients,
    patches: options.patches ?? base.patches,
    importRows: options.importRows ?? base.importRows,
  };
  const startedAt = new Date();
  const t0 = performance.now();
  const loadAverageStart = loadAverage();
  const build = ensureBuilt(log);
  const data = options.data ?? (generatorAvailable() ? "generator" : "api");
  if (data === "api" && options.data === undefined)
    log("the generator (relata seed) is not built: creating a small data set through the API");

  let overBudget: NodeJS.Timeout | undefined;
  const budgetMs = scale.budgetMinutes * 60_000 + options.duration * 20_000;
  const budget = new Promise<never>((_, reject) => {
    overBudget = setTimeout(
      () => reject(new Error(`the benchmark exceeded its time budget of ${Math.round(budgetMs / 1000)} s`)),
      budgetMs,
    );
    overBudget.unref();
  });

  const run = async (): Promise<Report> => {
    const busyBefore = await machineBusy();
    if (busyBefore !== null && busyBefore > 20)
      log(`warning: the machine was ${busyBefore} % busy before the run; other work will skew the figures`);
    log("starting the server (fresh data directory, jobs on for the import)");
    // The sign-in limiter would answer 429 to a load of sign-ins: the benchmark measures the work behind it.
    const server: ServerHandle = await startServer({
      log,
      env: { JOBS: "true", LOGIN_MAX_PER_ACCOUNT: "1000000", LOGIN_MAX_PER_IP: "1000000" },
    });
    log(`server ready: /health/ready after ${server.coldStart.readyMs} ms, first API answer after ${server.coldStart.firstApiMs} ms`);
    const sampler = new ProcessSampler(server.pid, server.postmasterPid);
    sampler.start();
    const databaseUrl = server.databaseUrl();
    const machine = machineFacts(await postgresVersion(databaseUrl), server.external ? "external (DATABASE_URL)" : "embedded", busyBefore);

    // Creating the first administrator hashes a password (argon2id): its own phase.
    sampler.enter("setup");
    const session = await signIn(server.baseUrl, server.origin);

    sampler.enter("data");
    let loaded: DataLoad;
    if (data === "existing") {
      if (!server.external) throw new Error("--data existing needs the DATABASE_URL of an earlier run");
      log("using the data already in the database (loaded by an earlier run)");
      loaded = { source: "existing", scale: scale.generator, seed: null, rows: {}, totalRows: 0, seconds: 0, rowsPerSecond: 0, errors: 0 };
    } else if (data === "generator") {
      log(`loading scale ${scale.generator} with the generator (relata seed)`);
      loaded = await runGenerator(server, scale.generator, options.seed, log);
    } else {
      log(`creating ${scale.apiCompanies} companies, a group and contracts through the API`);
      loaded = await seedThroughApi(session, scale.apiCompanies, 8);
    }
    log(
      `loaded ${loaded.totalRows.toLocaleString("en-US")} rows in ${loaded.seconds} s (${Math.round(loaded.rowsPerSecond).toLocaleString("en-US")} rows/s)`,
    );
    sampler.enter("fixtures");
    const fixtures: Fixtures = await readFixtures(databaseUrl);
    log(
      `${fixtures.companies.toLocaleString("en-US")} companies; ${fixtures.groupRootIds.length} group roots; ${fixtures.fulfilPaths.length} open fulfilment units; countries ${fixtures.countries.join(", ")}`,
    );

    const load: Load = { connections: options.connections, duration: options.duration };
    const floorOf = (name: string, label: string, unit: Parameters<typeof sqlFloor>[0]["unit"], slots?: string[]) =>
      sqlFloor({
        name,
        label,
        databaseUrl,
        connections: options.connections,
        duration: options.duration,
        unit,
        ...(slots ? { slots } : {}),
      });

    sampler.enter("warmup");
    // A few seconds at most: a slow endpoint must not stretch the run.
    const warm = { connections: options.connections, duration: Math.min(2, options.duration) };
    await cardLoad(session, fixtures.cardIds, warm);
    await listLoad(session, fixtures.countries, warm);
    await searchLoad(session, fixtures.searchPrefixes, warm);
    await sleep(500);

    const phase = async <T>(name: string, text: string, work: () => Promise<T>): Promise<T> => {
      sampler.enter(name);
      log(text);
      const result = await work();
      await sleep(300);
      return result;
    };

    const signInResult = await phase("sign-in", `sign-in: ${Math.min(5, options.duration)} s, 2 connections`, () =>
      signInLoad(session, { connections: Math.min(2, options.connections), duration: Math.min(5, options.duration) }),
    );
    const card = await phase("card", `client card: ${options.duration} s`, () =>
      withAlone((l) => cardLoad(session, fixtures.cardIds, l), load),
    );
    const cardSql = await phase("card-floor", "client card SQL floor", () =>
      floorOf("card-floor", "SQL: the card's company row, stage changes and value queries", cardFloor(fixtures.cardIds), [...cardSlots]),
    );
    const list = await phase("list", `list page: ${options.duration} s`, () =>
      withAlone((l) => listLoad(session, fixtures.countries, l), load),
    );
    const listSql = await phase("list-floor", "list page SQL floor", () =>
      floorOf(
        "list-floor",
        `SQL: a page of ${listPageSize} by country sorted by name, and the count`,
        listFloor(fixtures.countries, listPageSize),
      ),
    );
    const search = await phase("search", `search typeahead: ${options.duration} s`, () =>
      withAlone((l) => searchLoad(session, fixtures.searchPrefixes, l), load),
    );
    const searchSql = await phase("search-floor", "search SQL floor", () =>
      floorOf(
        "search-floor",
        "SQL: search_entries prefix, word and substring levels per kind",
        searchFloor(fixtures.searchPrefixes, searchLimit),
      ),
    );
    let group: HttpWorkload | null = null;
    let groupSql: SqlFloor | null = null;
    if (fixtures.groupRootIds.length > 0) {
      group = await phase("group", `group integrated view: ${options.duration} s`, () =>
        withAlone((l) => groupLoad(session, fixtures.groupRootIds, l), load),
      );
      groupSql = await phase("group-floor", "group SQL floor", () =>
        floorOf("group-floor", "SQL: subtree count, stored rollups and own figures", groupFloor(fixtures.groupRootIds)),
      );
    } else log("no group in the data: the group rollup workload is skipped");
    const create = await phase("create", `create with duplicate check: ${options.duration} s`, () => createCompanies(session, load));
    let fulfilment: HttpWorkload | null = null;
    if (fixtures.fulfilPaths.length > 0) {
      fulfilment = await phase("fulfilment", `fulfilments: ${options.duration} s`, () =>
        fulfilmentLoad(session, fixtures.fulfilPaths, load),
      );
    } else log("no open contract item in the data: the fulfilment workload is skipped");
    const imported = await phase("import", `CSV import of ${scale.importRows.toLocaleString("en-US")} rows`, () =>
      importWorkload(session, scale.importRows, Math.max(120, scale.importRows / 100)),
    );
    const websocket = await phase("websocket", `WebSocket: ${scale.wsClients} clients, ${scale.patches} PATCHes`, () =>
      websocketLatency(session, fixtures.watchedId, { clients: scale.wsClients, patches: scale.patches, gapMs: scale.gapMs }),
    );

    sampler.enter("idle-after");
    await sleep(500);
    const usage = sampler.stop();
    const serverLog = server.log();
    log("stopping the server (SIGTERM)");
    const shutdown = await server.stop();
    log(
      `server exited with ${shutdown.exitCode ?? shutdown.signal} after ${shutdown.ms} ms; embedded PostgreSQL stopped: ${shutdown.postgresStopped ?? "n/a"}`,
    );

    const workloads = { signIn: signInResult, card, list, search, group, create, fulfilment, import: imported, websocket };
    const floors = { card: cardSql, list: listSql, search: searchSql, group: groupSql };
    const totalErrors =
      [signInResult, card, list, search, group, create, fulfilment].reduce((sum, w) => sum + httpErrors(w), 0) +
      [cardSql, listSql, searchSql, groupSql].reduce((sum, f) => sum + (f?.errors ?? 0), 0) +
      imported.errors +
      websocket.errors +
      websocket.missing +
      websocket.unexpected +
      loaded.errors +
      (shutdown.exitCode === 0 ? 0 : 1) +
      (shutdown.postgresStopped === false ? 1 : 0);
    return {
      schema: 2,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      runSeconds: round((performance.now() - t0) / 1000, 1),
      options: {
        scale: options.scale,
        duration: options.duration,
        connections: options.connections,
        data,
        wsClients: scale.wsClients,
        patches: scale.patches,
        importRows: scale.importRows,
      },
      machine: { ...machine, loadAverageStart, loadAverageEnd: loadAverage() },
      build,
      coldStart: server.coldStart,
      data: { ...loaded, companies: fixtures.companies },
      fixtures: {
        cardIds: fixtures.cardIds.length,
        countries: fixtures.countries,
        searchPrefixes: fixtures.searchPrefixes.slice(0, 30),
        groupRoots: fixtures.groupRootIds.length,
        fulfilPaths: fixtures.fulfilPaths.length,
      },
      workloads,
      floors,
      targets: evaluateTargets(workloads, usage),
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
