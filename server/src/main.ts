#!/usr/bin/env node
import { parseArgs } from "node:util";
import v8 from "node:v8";
import pg from "pg";
import { createInterface } from "node:readline/promises";
import { loadConfig, loadSecrets, type Config } from "./config";
import { createDb, createPool, prepareDatabase, type DatabaseTarget, type Logger } from "./db/connection";
import { buildApp } from "./app";
import { ensureBuiltinRoles } from "./platform/access/roles.repository";
import { unitOfWork, Projections } from "./platform/events/unit-of-work";
import { systemActor } from "./platform/access/actor";
import { runDoctor } from "./platform/audit/doctor";
import { hashPassword, passwordProblem } from "./platform/auth/password";
import { startJobs } from "./platform/jobs/jobs";
import { registerImportJobs } from "./modules/imports";
import { groupDoctorChecks } from "./modules/groups";
import { billingDoctorChecks } from "./modules/billing";
import { loadSeed, scaleNames, SeedRefused, type ScaleName } from "./seed";
import { eq } from "drizzle-orm";
import { roles, users } from "./db/schema";

const consoleLog: Logger = {
  info: (msg) => console.log(msg),
  warn: (msg) => console.warn(msg),
  error: (obj, msg) => console.error(msg ?? "", obj),
};

const usage = `Usage: relata <command>

  serve                 run the server (default)
  migrate               apply database migrations
  admin create          create an administrator (--email, --name; password on stdin or prompt)
  doctor                check the database, the app role, the audit chain and the group rollups
  seed                  load demo data into an empty CRM (--demo, or --scale tiny|demo|100k|1m;
                        --seed <n>, --as-of YYYY-MM-DD, --keep-indexes); prints one JSON line with the counts
`;

async function openDatabase(config: Config, log: Logger): Promise<DatabaseTarget> {
  return prepareDatabase(config, loadSecrets(config.dataDir), log);
}

/** One-off commands leave an embedded server that was already running (e.g. by `serve`) alone. */
async function stopIfStartedHere(target: DatabaseTarget) {
  if (target.embedded && !target.embedded.adopted) await target.embedded.stop();
}

/**
 * V8 lets the old generation grow to as much as 4× what the last full collection kept before it
 * collects again. An import chunk's rows live long enough to be promoted and then die, so during
 * an import the heap swelled from 64 MB live to 266 MB before a collection, and the RSS peaked
 * at 383 MB. A fixed factor of 2 kept the RSS under 260 MB at the same rows/s (bench import,
 * 30,000 rows). Given on the command line (`node --heap-growing-percent=…`), that value stays.
 */
const heapGrowingPercent = 100;

function boundHeapGrowth() {
  if (process.execArgv.some((arg) => arg.startsWith("--heap-growing-percent"))) return;
  v8.setFlagsFromString(`--heap-growing-percent=${heapGrowingPercent}`);
}

async function serve(config: Config) {
  const started = performance.now();
  boundHeapGrowth();
  const target = await openDatabase(config, consoleLog);
  const pool = createPool(target.appUrl, { max: config.poolMax, log: consoleLog });
  const db = createDb(pool);
  await unitOfWork(db, new Projections(), { actor: systemActor("startup") }, async (uow) => ensureBuiltinRoles(uow.tx));
  const app = await buildApp({ config, pool, db });
  const jobs = config.jobs ? await startJobs(app.platform, target.appUrl) : undefined;
  if (jobs) await registerImportJobs(jobs, app.platform);
  await app.listen({ host: config.host, port: config.port });
  app.log.info(
    `Relata is ready at http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${config.port} (started in ${Math.round(performance.now() - started)} ms)`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info(`${signal}: finishing in-flight requests and shutting down`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await app.close();
      await jobs?.stop({ graceful: true, wait: true, timeout: 5_000 });
      await pool.end();
      await target.embedded?.stop();
    } finally {
      clearTimeout(force);
      process.exit(0);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8").split("\n")[0] ?? "";
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const password = await rl.question("Password: ");
  rl.close();
  return password;
}

async function adminCreate(config: Config, args: string[]) {
  const { values } = parseArgs({ args, options: { email: { type: "string" }, name: { type: "string" } } });
  if (!values.email || !values.name) throw new Error("admin create needs --email and --name");
  const password = await readPassword();
  const email = values.email.trim().toLowerCase();
  const problem = passwordProblem(password, { email });
  if (problem) throw new Error(`password ${problem}`);
  const target = await openDatabase(config, consoleLog);
  const pool = createPool(target.appUrl, { max: 2 });
  try {
    const db = createDb(pool);
    const passwordHash = await hashPassword(password);
    await unitOfWork(db, new Projections(), { actor: systemActor("cli") }, async (uow) => {
      await ensureBuiltinRoles(uow.tx);
      const [admin] = await uow.tx.select().from(roles).where(eq(roles.key, "administrator"));
      const [existing] = await uow.tx.select({ id: users.id }).from(users).where(eq(users.email, email));
      if (existing) throw new Error(`a user with email ${email} already exists`);
      await uow.tx.insert(users).values({ email, name: values.name!, passwordHash, roleId: admin!.id });
    });
    console.log(`administrator ${email} created`);
  } finally {
    await pool.end();
    await stopIfStartedHere(target);
  }
}

async function doctor(config: Config): Promise<number> {
  const target = await openDatabase(config, { ...consoleLog, info: () => {} });
  try {
    const report = await runDoctor(target.ownerUrl, target.appUrl, [billingDoctorChecks, groupDoctorChecks]);
    for (const check of report.checks) {
      console.log(`${check.ok ? "ok  " : "FAIL"} ${check.text}`);
      for (const detail of check.details ?? []) console.log(`     ${detail}`);
    }
    return report.ok ? 0 : 1;
  } finally {
    await stopIfStartedHere(target);
  }
}

/** `relata seed`: deterministic demo or bulk data, loaded with COPY on the owner connection. */
async function seed(config: Config, args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      demo: { type: "boolean", default: false },
      scale: { type: "string" },
      seed: { type: "string", default: "1" },
      "as-of": { type: "string" },
      "keep-indexes": { type: "boolean", default: false },
    },
  });
  const scale = values.scale ?? (values.demo ? "demo" : undefined);
  if (!scale || !(scaleNames as readonly string[]).includes(scale)) throw new Error(`seed needs --demo or --scale ${scaleNames.join("|")}`);
  const seedNumber = Number(values.seed);
  if (!Number.isInteger(seedNumber) || seedNumber < 0 || seedNumber > 0xffffffff)
    throw new Error("--seed must be an integer from 0 to 4294967295");
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  const target = await openDatabase(config, { ...consoleLog, info: progress });
  const client = new pg.Client({ connectionString: target.ownerUrl, application_name: "relata-seed" });
  try {
    await client.connect();
    progress(`seed: loading scale ${scale} with seed ${seedNumber}`);
    const result = await loadSeed(client, {
      scale: scale as ScaleName,
      seed: seedNumber,
      asOf: values["as-of"],
      dataDir: config.dataDir,
      privileged: true,
      rebuildIndexes: values["keep-indexes"] ? false : undefined,
      log: progress,
    });
    console.log(JSON.stringify(result));
  } catch (error) {
    if (error instanceof SeedRefused) throw new Error(`seed refused: ${error.message}`);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
    await stopIfStartedHere(target);
  }
}

async function main(argv: string[]) {
  const [command = "serve", ...rest] = argv;
  const config = loadConfig();
  switch (command) {
    case "serve":
      return serve(config);
    case "migrate": {
      const target = await openDatabase(config, consoleLog);
      await stopIfStartedHere(target);
      return;
    }
    case "admin":
      if (rest[0] !== "create") break;
      return adminCreate(config, rest.slice(1));
    case "doctor":
      process.exitCode = await doctor(config);
      return;
    case "seed":
      return seed(config, rest);
    case "help":
    case "--help":
      console.log(usage);
      return;
  }
  console.error(usage);
  process.exitCode = 2;
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(`relata: ${error.message}`);
  process.exit(1);
});
