import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Fastify, { type FastifyInstance } from "fastify";
import { sql } from "drizzle-orm";
import { as, createHarness, createUser, login, testPassword, type Harness, type Session } from "../../../test/harness";
import { attemptLogin, expectCleanErrorBody, ownerQuery } from "../../../test/auth-helpers";
import { registerErrorHandling } from "./errors.plugin";

/** Authentication failures, API keys in URLs (API-1) and the error catalogue (LG-2, IN-3). */

describe("unauthenticated access", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h?.close());

  it.each([
    ["GET", "/api/me"],
    ["GET", "/api/users"],
    ["GET", "/api/sessions"],
    ["GET", "/api/audit"],
    ["GET", "/api/companies"],
    ["PATCH", "/api/me"],
    ["POST", "/api/me/password"],
    ["POST", "/api/teams"],
    ["DELETE", "/api/roles/00000000-0000-4000-8000-000000000000"],
  ] as const)('answers %s %s without a session with 401 {code: "unauthenticated"}', async (method, url) => {
    const response = await h.app.inject({ method, url, ...(method === "GET" || method === "DELETE" ? {} : { payload: {} }) });
    expect(response.statusCode).toBe(401);
    const body = expectCleanErrorBody(response);
    expect(body.code).toBe("unauthenticated");
    expect(body.details).toBeUndefined();
    expect(typeof body.requestId).toBe("string");
  });

  it.each([
    ["a made-up token", "relata_session=not-a-real-session-token"],
    ["an empty cookie", "relata_session="],
    ["an over-long cookie", `relata_session=${"a".repeat(4000)}`],
    ["a cookie under another name", "session=whatever; relata=whatever"],
  ])("answers a request with %s with 401", async (_label, cookie) => {
    const response = await h.app.inject({ method: "GET", url: "/api/me", headers: { cookie } });
    expect(response.statusCode).toBe(401);
    expect(expectCleanErrorBody(response).code).toBe("unauthenticated");
  });

  it("does not accept the session token as a bearer token", async () => {
    const user = await createUser(h.db);
    const session = await login(h.app, user.email);
    const token = session.cookie.split("=")[1]!;
    const response = await h.app.inject({ method: "GET", url: "/api/me", headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(401);
  });
});

describe("API keys in the query string (API-1)", () => {
  let h: Harness;
  let session: Session;
  beforeAll(async () => {
    h = await createHarness();
    session = await login(h.app, (await createUser(h.db)).email);
  });
  afterAll(async () => h?.close());

  it("answers ?api_key= with 401 even on a request that also carries a valid session", async () => {
    const response = await as(h.app, session)("GET", "/api/me?api_key=x");
    expect(response.statusCode).toBe(401);
    expect(expectCleanErrorBody(response).code).toBe("unauthenticated");
  });

  it("answers ?api_key= with 401 on public routes too", async () => {
    expect((await h.app.inject({ method: "GET", url: "/api/setup?api_key=x" })).statusCode).toBe(401);
    const loginWithKey = await h.app.inject({
      method: "POST",
      url: "/api/auth/login?api_key=x",
      payload: { email: "a@example.com", password: testPassword },
    });
    expect(loginWithKey.statusCode).toBe(401);
    expect(loginWithKey.cookies).toHaveLength(0);
  });

  it("answers ?api_key= with 401 on writes and changes nothing", async () => {
    const response = await as(h.app, session)("PATCH", "/api/me?api_key=x", { name: "Changed through a key in the URL" });
    expect(response.statusCode).toBe(401);
    const [row] = await ownerQuery<{ name: string }>(h, "SELECT name FROM users WHERE id = $1", [session.userId]);
    expect(row!.name).not.toBe("Changed through a key in the URL");
  });
});

describe("error bodies (LG-2, IN-3)", () => {
  let h: Harness;
  let session: Session;
  beforeAll(async () => {
    h = await createHarness();
    session = await login(h.app, (await createUser(h.db, { role: "administrator" })).email);
  });
  afterAll(async () => h?.close());

  it("answers malformed input with 4xx catalogue bodies that contain no stack trace, SQL or internal message", async () => {
    const api = as(h.app, session);
    const requests: [string, () => ReturnType<typeof api>][] = [
      ["unknown field", () => api("PATCH", "/api/me", { name: "x", roleId: "00000000-0000-4000-8000-000000000000" })],
      ["wrong type", () => api("PATCH", "/api/me", { name: 42 })],
      [
        "null body",
        () =>
          h.app.inject({
            method: "PATCH",
            url: "/api/me",
            headers: { cookie: session.cookie, "x-csrf-token": session.csrfToken, "content-type": "application/json" },
            payload: "null",
          }),
      ],
      ["NUL in a string", () => api("PATCH", "/api/me", { name: "a\u0000b" })],
      ["malformed id", () => api("GET", "/api/users/not-a-uuid")],
      ["malformed If-Match", () => api("PATCH", `/api/users/${session.userId}`, { name: "x" }, { "if-match": "'; DROP TABLE users; --" })],
      ["unknown query parameter", () => api("GET", "/api/companies?orderBy=name;DROP%20TABLE%20users")],
      ["huge page size", () => api("GET", "/api/companies?limit=100000")],
      ["unknown route", () => api("GET", "/api/nothing-here")],
      [
        "invalid JSON",
        () =>
          h.app.inject({ method: "POST", url: "/api/auth/login", headers: { "content-type": "application/json" }, payload: '{"email":' }),
      ],
    ];
    for (const [label, send] of requests) {
      const response = await send();
      expect(response.statusCode, `${label}: ${response.body}`).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, `${label}: ${response.body}`).toBeLessThan(500);
      expectCleanErrorBody(response);
      expect(response.headers["content-type"]).toMatch(/^application\/json/);
    }
  });

  it("names the offending field of a validation error in details", async () => {
    const response = await as(h.app, session)("PATCH", "/api/me", { name: 42, locale: "xx" });
    expect(response.statusCode).toBe(400);
    const body = expectCleanErrorBody(response) as { details: { field: string }[] };
    expect(body.details.map((detail) => detail.field).sort()).toEqual(["locale", "name"]);
  });

  it("rejects a NUL character in a name with 400 and stores nothing", async () => {
    const [before] = await ownerQuery<{ name: string; version: number }>(h, "SELECT name, version FROM users WHERE id = $1", [
      session.userId,
    ]);
    const response = await as(h.app, session)("PATCH", "/api/me", { name: "a\u0000b" });
    expect(response.statusCode).toBe(400);
    expect(expectCleanErrorBody(response).code).toBe("validation");
    const [after] = await ownerQuery<{ name: string; version: number }>(h, "SELECT name, version FROM users WHERE id = $1", [
      session.userId,
    ]);
    expect(after).toEqual(before);
  });
});

describe("database unavailable", () => {
  let h: Harness;
  let session: Session;
  beforeAll(async () => {
    h = await createHarness();
    session = await login(h.app, (await createUser(h.db)).email);
  });
  afterAll(async () => {
    await ownerQuery(h, `ALTER DATABASE ${h.database.name} CONNECTION LIMIT -1`).catch(() => undefined);
    await h?.close();
  });

  it("answers 503 with Retry-After and a generic body (not 500) while the app cannot connect, then recovers", async () => {
    await ownerQuery(h, `ALTER DATABASE ${h.database.name} CONNECTION LIMIT 0`);
    await ownerQuery(h, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'relata'", [
      h.database.name,
    ]);
    const during = await as(h.app, session)("GET", "/api/me");
    expect(during.statusCode).toBe(503);
    expect(during.headers["retry-after"]).toMatch(/^\d+$/);
    expect(expectCleanErrorBody(during).code).toBe("unavailable");
    const failedLogin = await attemptLogin(h.app, "someone@example.com");
    expect(failedLogin.statusCode).toBe(503);
    expectCleanErrorBody(failedLogin);
    await ownerQuery(h, `ALTER DATABASE ${h.database.name} CONNECTION LIMIT -1`);
    expect((await as(h.app, session)("GET", "/api/me")).statusCode).toBe(200);
  });
});

describe("error mapping of real driver and runtime errors", () => {
  let h: Harness;
  let app: FastifyInstance;
  beforeAll(async () => {
    h = await createHarness();
    app = Fastify({ logger: false });
    registerErrorHandling(app);
    app.get("/nul", async () => h.db.execute(sql`SELECT ${"a\u0000b"}::text AS value`));
    app.get("/missing-table", async () => h.db.execute(sql`SELECT secret_column FROM no_such_table WHERE password = ${"hunter2-secret"}`));
    app.get("/killed", async () => h.db.execute(sql`SELECT pg_terminate_backend(pg_backend_pid())`));
    app.get("/crash", async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'sessionSecret')");
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it("maps a NUL character refused by PostgreSQL (wrapped by drizzle) to 400 without the SQL", async () => {
    const response = await app.inject({ method: "GET", url: "/nul" });
    expect(response.statusCode).toBe(400);
    expect(expectCleanErrorBody(response).code).toBe("validation");
  });

  it("maps a connection killed under a query (wrapped by drizzle) to 503 with Retry-After", async () => {
    const response = await app.inject({ method: "GET", url: "/killed" });
    expect(response.statusCode).toBe(503);
    expect(response.headers["retry-after"]).toMatch(/^\d+$/);
    expect(expectCleanErrorBody(response).code).toBe("unavailable");
  });

  it("answers an SQL error with a generic 500 that names neither the query, the table nor its parameters", async () => {
    const response = await app.inject({ method: "GET", url: "/missing-table" });
    expect(response.statusCode).toBe(500);
    expect(expectCleanErrorBody(response)).toMatchObject({ code: "internal", message: "Something went wrong on our side" });
    expect(response.body).not.toMatch(/no_such_table|secret_column|hunter2/);
  });

  it("answers an unexpected exception with a generic 500 that does not repeat its message", async () => {
    const response = await app.inject({ method: "GET", url: "/crash" });
    expect(response.statusCode).toBe(500);
    expect(expectCleanErrorBody(response)).toMatchObject({ code: "internal" });
    expect(response.body).not.toContain("sessionSecret");
  });
});
