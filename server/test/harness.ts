import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import type { LightMyRequestResponse } from "fastify";
import { eq } from "drizzle-orm";
import { buildApp, type RelataApp } from "../src/app";
import { loadConfig, type Config } from "../src/config";
import { createDb, createPool, withCredentials, withDatabase, type Db } from "../src/db/connection";
import { orgUnits, roles, teamMembers, teams, users } from "../src/db/schema";
import { ensureBuiltinRoles } from "../src/platform/access/roles.repository";
import { hashPassword } from "../src/platform/auth/password";
import type { BuiltinRoleKey } from "@relata/contracts";
import { appPassword, appRole } from "./global-setup";

export type TestDatabase = {
  name: string;
  /** Owner / superuser connection to this test's database (for inspection and tampering). */
  ownerUrl: string;
  /** The non-superuser app role, as the server connects. */
  appUrl: string;
  drop: () => Promise<void>;
};

/** A fresh database cloned from the migrated template: files run in parallel and never truncate. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = inject("serverUrl");
  const template = inject("templateDatabase");
  const name = `relata_t_${process.ppid}_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  const ownerUrl = withDatabase(serverUrl, name);
  return {
    name,
    ownerUrl,
    appUrl: withCredentials(ownerUrl, appRole, appPassword),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig(
    { NODE_ENV: "test", LOG_LEVEL: "silent", RELATA_DATA_DIR: process.env.RELATA_TEST_DATA_DIR ?? "data/test", JOBS: "false" },
    { sessionSecret: "test-session-secret-test-session-secret", ...overrides },
  );
}

export type Harness = {
  app: RelataApp;
  db: Db;
  pool: pg.Pool;
  database: TestDatabase;
  close: () => Promise<void>;
};

/** A running app (not listening unless asked) on its own fresh database. */
export async function createHarness(overrides: Partial<Config> = {}): Promise<Harness> {
  const database = await createTestDatabase();
  const pool = createPool(database.appUrl, { max: 5 });
  const db = createDb(pool);
  await ensureBuiltinRoles(db);
  const app = await buildApp({ config: testConfig(overrides), pool, db });
  await app.ready();
  return {
    app,
    db,
    pool,
    database,
    close: async () => {
      await app.close();
      await pool.end();
      await database.drop();
    },
  };
}

export const testPassword = "a sufficiently long test passphrase";
let testPasswordHash: Promise<string> | undefined;

export type TestUser = { id: string; email: string; roleKey: string; teamIds: string[]; orgUnitId: string | null };

/** Factory: a user with a role (built-in key or role id), teams and org unit. */
export async function createUser(
  db: Db,
  options: {
    role?: BuiltinRoleKey | string;
    teamIds?: string[];
    orgUnitId?: string | null;
    email?: string;
    name?: string;
    active?: boolean;
  } = {},
): Promise<TestUser> {
  testPasswordHash ??= hashPassword(testPassword);
  const roleKey = options.role ?? "sales_rep";
  const [role] = await db.select().from(roles).where(eq(roles.key, roleKey));
  if (!role) throw new Error(`no role ${roleKey}`);
  const email = options.email ?? `user-${randomBytes(4).toString("hex")}@example.test`;
  const [user] = await db
    .insert(users)
    .values({
      email,
      name: options.name ?? email.split("@")[0]!,
      passwordHash: await testPasswordHash,
      roleId: role.id,
      orgUnitId: options.orgUnitId ?? null,
      active: options.active ?? true,
    })
    .returning();
  for (const teamId of options.teamIds ?? []) await db.insert(teamMembers).values({ teamId, userId: user!.id });
  return { id: user!.id, email, roleKey, teamIds: options.teamIds ?? [], orgUnitId: options.orgUnitId ?? null };
}

export async function createTeam(db: Db, name = `Team ${randomBytes(3).toString("hex")}`, orgUnitId: string | null = null) {
  const [team] = await db.insert(teams).values({ name, orgUnitId }).returning();
  return team!;
}

export async function createOrgUnit(db: Db, name: string, parentId: string | null = null, kind = "branch") {
  const [unit] = await db.insert(orgUnits).values({ name, kind, parentId }).returning();
  return unit!;
}

export type Session = { cookie: string; csrfToken: string; userId: string };

export async function login(app: RelataApp, email: string, password = testPassword): Promise<Session> {
  const response = await app.inject({ method: "POST", url: "/api/auth/login", payload: { email, password } });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name.endsWith("relata_session"))!;
  const body = response.json() as { csrfToken: string; user: { id: string } };
  return { cookie: `${cookie.name}=${cookie.value}`, csrfToken: body.csrfToken, userId: body.user.id };
}

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** Calls the API as a signed-in user (cookie + CSRF token), like the web app does. */
export function as(app: RelataApp, session: Session) {
  return (method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
    app.inject({
      method,
      url,
      headers: { cookie: session.cookie, "x-csrf-token": session.csrfToken, ...headers },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
}
