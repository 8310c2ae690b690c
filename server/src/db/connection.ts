import path from "node:path";
import pg from "pg";
import PgBoss from "pg-boss";
import { jobQueues } from "../platform/jobs/queues";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate as runMigrations } from "drizzle-orm/node-postgres/migrator";
import * as schema from "./schema";
import type { Config } from "../config";
import { startEmbeddedPostgres, type EmbeddedServer } from "./embedded";

export type Db = NodePgDatabase<typeof schema>;
export type Logger = { info: (msg: string) => void; warn: (msg: string) => void; error: (obj: unknown, msg?: string) => void };

// PostgreSQL bigint (int8) as string is safe; count(*) comes back as string otherwise.
pg.types.setTypeParser(20, (value) => value);

export const migrationsFolder = path.join(import.meta.dirname, "migrations");
export const databaseName = "relata";

export function withCredentials(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * A pool that survives a database restart: errors of idle clients are logged (an unhandled
 * one would crash the process) and the pool opens new connections on the next query.
 */
export function createPool(connectionString: string, options: { max: number; log?: Logger; name?: string }): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: options.max,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    application_name: options.name ?? "relata",
    // No JIT: it compiles a query whose estimate looks large (a trigram search, a capped count)
    // for 100–150 ms, longer than the query runs; this is an app of short queries.
    options: "-c jit=off",
  });
  pool.on("error", (error) => options.log?.warn(`database connection lost: ${error.message}`));
  // The pool listens for errors of idle clients only: a client that is checked out (mid-
  // transaction, or between a failed query and its release) would otherwise emit an unhandled
  // 'error' when its backend is killed, and crash the process. The query itself still fails.
  pool.on("connect", (client) =>
    client.on("error", (error) => options.log?.warn(`database connection lost while in use: ${error.message}`)),
  );
  retryReadsOnDroppedConnection(pool);
  return pool;
}

/** The connection died under the statement (backend killed, server restarted); another may work. */
function connectionDropped(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code === "57P01" || code === "ECONNRESET") return true;
  return typeof message === "string" && /Connection terminated unexpectedly|terminating connection|not queryable/i.test(message);
}

/**
 * A single SELECT outside a transaction (session checks, reads) is sent once more on a fresh
 * connection when its connection dropped: reads survive a killed backend. Writes and
 * anything inside a transaction are never repeated here.
 */
function retryReadsOnDroppedConnection(pool: pg.Pool) {
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  const text = (statement: unknown) => (typeof statement === "string" ? statement : ((statement as { text?: unknown } | null)?.text ?? ""));
  pool.query = ((...args: unknown[]) => {
    const result = query(...args);
    if (typeof args.at(-1) === "function" || !(result instanceof Promise) || !/^\s*select\b/i.test(String(text(args[0])))) return result;
    return result.catch((error: unknown) => {
      if (!connectionDropped(error)) throw error;
      return query(...args);
    });
  }) as typeof pool.query;
}

export function createDb(pool: pg.Pool): Db {
  const db = drizzle(pool, { schema });
  // One drizzle instance per pooled client, kept while the client lives: building one reads the
  // whole schema's relations (0.7 ms of CPU), which every transaction paid before.
  const onClient = new WeakMap<pg.PoolClient, Db>();
  // drizzle's own transaction on a pool checks a client out and never releases it when BEGIN
  // fails (connection killed, database restarting): each such failure would leak a client until
  // no request gets one and pool.end() hangs. Check it out here and always give it back; the
  // pool drops it when it is broken.
  db.transaction = async (work, config) => {
    const client = await pool.connect();
    try {
      let clientDb = onClient.get(client);
      if (!clientDb) onClient.set(client, (clientDb = drizzle(client, { schema })));
      return await clientDb.transaction(work, config);
    } finally {
      client.release();
    }
  };
  return db;
}

async function ensureDatabase(superUrl: string, name: string) {
  const client = new pg.Client({ connectionString: superUrl });
  await client.connect();
  try {
    const existing = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

/**
 * Applies migrations as the schema owner, then (re)grants the app role exactly what it needs:
 * data access, INSERT/SELECT only on the audit trail, never ownership or superuser rights.
 */
export async function migrate(ownerUrl: string, appRole: string, appPassword: string, log?: Logger) {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock(7270100)");
    const role = pg.escapeIdentifier(appRole);
    const exists = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [appRole]);
    const passwordLiteral = pg.escapeLiteral(appPassword);
    if (exists.rowCount === 0) {
      await client.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${passwordLiteral}`);
    } else {
      await client.query(`ALTER ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${passwordLiteral}`);
    }
    await runMigrations(drizzle(client), { migrationsFolder });
    await installJobQueues(ownerUrl);
    await client.query(`
      GRANT USAGE ON SCHEMA public TO ${role};
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role};
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role};
      REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ${role};
      GRANT USAGE ON SCHEMA pgboss TO ${role};
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pgboss TO ${role};
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA pgboss TO ${role};
    `);
    log?.info("database migrated");
  } finally {
    await client.query("SELECT pg_advisory_unlock(7270100)").catch(() => undefined);
    await client.end();
  }
}

/** pg-boss's schema and every queue are created by the owner, so the app role needs no DDL. */
async function installJobQueues(ownerUrl: string) {
  const boss = new PgBoss({ connectionString: ownerUrl, schema: "pgboss", supervise: false, schedule: false, max: 1 });
  boss.on("error", () => undefined);
  await boss.start();
  try {
    const existing = new Set((await boss.getQueues()).map((queue) => queue.name));
    for (const name of jobQueues) if (!existing.has(name)) await boss.createQueue(name);
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

export type DatabaseTarget = {
  /** Owner (migrations, doctor); never used for requests. */
  ownerUrl: string;
  /** The non-superuser role every request runs as. */
  appUrl: string;
  embedded: EmbeddedServer | undefined;
};

/** Starts the embedded server when no DATABASE_URL is set, creates the database, migrates it. */
export async function prepareDatabase(config: Config, secrets: { superPassword: string }, log?: Logger): Promise<DatabaseTarget> {
  let ownerUrl = config.databaseUrl;
  let embedded: EmbeddedServer | undefined;
  if (!ownerUrl) {
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(config.dataDir, "postgres"),
      password: secrets.superPassword,
      log: (line) => log?.info(line),
    });
    await ensureDatabase(embedded.superUrl(), databaseName);
    ownerUrl = embedded.superUrl(databaseName);
  }
  await migrate(ownerUrl, config.appRole, config.appPassword, log);
  return { ownerUrl, appUrl: withCredentials(ownerUrl, config.appRole, config.appPassword), embedded };
}
