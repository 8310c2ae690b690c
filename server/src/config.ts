import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync, existsSync, chmodSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const booleanString = z.enum(["true", "false", "1", "0"]).transform((value) => value === "true" || value === "1");

const environment = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  HOST: z.string().default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  RELATA_DATA_DIR: z.string().default("data"),
  DATABASE_URL: z.url().optional(),
  /** Password of the non-superuser role the app connects as (external databases). */
  DATABASE_APP_ROLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/)
    .default("relata_app"),
  DATABASE_APP_PASSWORD: z.string().min(16).optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  SESSION_SECRET: z.string().min(32).optional(),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(60 * 8),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .default(24 * 7),
  /** How long a node may reuse a session's actor without asking the database (AC-8 allows ≤1 s in all). */
  ACTOR_CACHE_MS: z.coerce.number().int().min(0).max(500).default(500),
  /** Set when served over HTTPS (directly or behind a TLS-terminating proxy). */
  SECURE_COOKIES: booleanString.default(false),
  TRUST_PROXY: booleanString.default(false),
  PUBLIC_ORIGIN: z.url().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  WEB_DIST: z.string().optional(),
  LOGIN_MAX_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  LOGIN_MAX_PER_IP: z.coerce.number().int().min(1).default(50),
  LOGIN_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(15 * 60),
  JOBS: booleanString.default(true),
  /** Largest file an upload may be (documents); larger ones answer 413. */
  FILE_MAX_MB: z.coerce.number().int().min(1).max(2048).default(25),
  /** Bytes of documents each user may have uploaded in all (every revision counts); over it, 413 quota_exceeded. */
  FILE_QUOTA_MB: z.coerce.number().int().min(1).default(1024),
});

export type Config = {
  env: "development" | "production" | "test";
  host: string;
  port: number;
  dataDir: string;
  /** Connection URL of a role that owns the schema (runs migrations); undefined = embedded server. */
  databaseUrl: string | undefined;
  appRole: string;
  appPassword: string;
  poolMax: number;
  sessionSecret: string;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  actorCacheMs: number;
  secureCookies: boolean;
  trustProxy: boolean;
  publicOrigin: string | undefined;
  logLevel: string;
  webDist: string;
  login: { maxPerAccount: number; maxPerIp: number; windowMs: number };
  jobs: boolean;
  /** Uploaded files: size limit and per-user quota, in bytes. */
  files: { maxBytes: number; quotaBytes: number };
};

type Secrets = { sessionSecret: string; appPassword: string; superPassword: string };

/** Secrets generated once and kept in the data directory (mode 0600). */
export function loadSecrets(dataDir: string): Secrets {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "secrets.json");
  if (existsSync(file)) {
    return JSON.parse(readFileSync(file, "utf8")) as Secrets;
  }
  const secrets: Secrets = {
    sessionSecret: randomBytes(32).toString("base64url"),
    appPassword: randomBytes(24).toString("base64url"),
    superPassword: randomBytes(24).toString("base64url"),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  return secrets;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = environment.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(overrides.dataDir ?? e.RELATA_DATA_DIR);
  const secrets = loadSecrets(dataDir);
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    appRole: e.DATABASE_APP_ROLE,
    appPassword: e.DATABASE_APP_PASSWORD ?? secrets.appPassword,
    poolMax: e.DATABASE_POOL_MAX,
    sessionSecret: e.SESSION_SECRET ?? secrets.sessionSecret,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    actorCacheMs: e.ACTOR_CACHE_MS,
    secureCookies: e.SECURE_COOKIES,
    trustProxy: e.TRUST_PROXY,
    publicOrigin: e.PUBLIC_ORIGIN,
    logLevel: e.LOG_LEVEL,
    webDist: path.resolve(e.WEB_DIST ?? path.join(import.meta.dirname, "..", "..", "web", "dist")),
    login: {
      maxPerAccount: e.LOGIN_MAX_PER_ACCOUNT,
      maxPerIp: e.LOGIN_MAX_PER_IP,
      windowMs: e.LOGIN_WINDOW_SECONDS * 1000,
    },
    jobs: e.JOBS,
    files: { maxBytes: e.FILE_MAX_MB * 1_048_576, quotaBytes: e.FILE_QUOTA_MB * 1_048_576 },
    ...overrides,
  };
}
