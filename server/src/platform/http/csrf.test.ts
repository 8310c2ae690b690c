import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LightMyRequestResponse } from "fastify";
import { as, createHarness, createTeam, createUser, login, testPassword, type Harness, type Session } from "../../../test/harness";
import { attemptLogin, expectCleanErrorBody, liveSessionCount, ownerQuery, userRow } from "../../../test/auth-helpers";

/** SE-2 (CSRF: token, Origin, Sec-Fetch-Site; no state change via GET) and IN-3 (media type, size, JSON). */

type Write = {
  label: string;
  method: "POST" | "PATCH" | "DELETE";
  url: () => Promise<string>;
  payload?: unknown;
  unchanged: () => Promise<void>;
};

/** A fingerprint of every table in the database, to prove a request changed nothing. */
async function snapshot(h: Harness, except: string[] = []): Promise<Record<string, string>> {
  const tables = await ownerQuery<{ table_name: string }>(
    h,
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
  );
  const digests = tables
    .filter(({ table_name: table }) => !except.includes(table))
    .map(
      ({ table_name: table }) =>
        `SELECT '${table}' AS name, coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), 'empty') AS digest FROM "${table}" t`,
    );
  const rows = await ownerQuery<{ name: string; digest: string }>(h, digests.join(" UNION ALL "));
  return Object.fromEntries(rows.map((row) => [row.name, row.digest]));
}

function expectForbidden(response: LightMyRequestResponse) {
  expect(response.statusCode).toBe(403);
  expect(expectCleanErrorBody(response).code).toBe("forbidden");
}

describe("CSRF protection of cookie-authenticated writes (SE-2)", () => {
  let h: Harness;
  let adminId: string;
  let session: Session;
  let otherSession: Session;
  let writes: Write[];

  beforeAll(async () => {
    h = await createHarness();
    const admin = await createUser(h.db, { role: "administrator", name: "Original Name" });
    adminId = admin.id;
    session = await login(h.app, admin.email);
    otherSession = await login(h.app, admin.email);
    writes = [
      {
        label: "POST /api/teams",
        method: "POST",
        url: async () => "/api/teams",
        payload: { name: "Forged team" },
        unchanged: async () => expect(await ownerQuery(h, "SELECT 1 FROM teams WHERE name = 'Forged team'")).toHaveLength(0),
      },
      {
        label: "PATCH /api/me",
        method: "PATCH",
        url: async () => "/api/me",
        payload: { name: "Forged name" },
        unchanged: async () => expect((await userRow(h, adminId))!.name).toBe("Original Name"),
      },
      {
        label: "DELETE /api/teams/:id",
        method: "DELETE",
        url: async () => `/api/teams/${(await createTeam(h.db, "Team to keep")).id}`,
        unchanged: async () => expect((await ownerQuery(h, "SELECT 1 FROM teams WHERE name = 'Team to keep'")).length).toBeGreaterThan(0),
      },
    ];
  });
  afterAll(async () => h?.close());

  const send = (write: Write, url: string, headers: Record<string, string>) =>
    h.app.inject({
      method: write.method,
      url,
      headers: { cookie: session.cookie, ...headers, "if-match": '"1"' },
      ...(write.payload !== undefined ? { payload: write.payload as object } : {}),
    });

  const refusals: [string, () => Record<string, string>][] = [
    ["without the x-csrf-token header", () => ({})],
    ["with an empty x-csrf-token", () => ({ "x-csrf-token": "" })],
    ["with a random x-csrf-token", () => ({ "x-csrf-token": randomBytes(24).toString("base64url") })],
    ["with the CSRF token of another session of the same user", () => ({ "x-csrf-token": otherSession.csrfToken })],
    ["from a foreign Origin, even with the right token", () => ({ "x-csrf-token": session.csrfToken, origin: "https://evil.example" })],
    ["from Origin: null, even with the right token", () => ({ "x-csrf-token": session.csrfToken, origin: "null" })],
    [
      "from a look-alike Origin, even with the right token",
      () => ({ "x-csrf-token": session.csrfToken, host: "crm.example.test", origin: "http://crm.example.test.evil.example" }),
    ],
    [
      "marked Sec-Fetch-Site: cross-site, even with the right token",
      () => ({ "x-csrf-token": session.csrfToken, "sec-fetch-site": "cross-site" }),
    ],
  ];

  for (const [how, headers] of refusals) {
    it(`rejects POST, PATCH and DELETE ${how} with 403 and changes nothing`, async () => {
      for (const write of writes) {
        const url = await write.url();
        const before = await snapshot(h);
        const response = await send(write, url, headers());
        expectForbidden(response);
        await write.unchanged();
        expect(await snapshot(h)).toEqual(before);
      }
    });
  }

  it("accepts a write with the right token from the same origin (positive control)", async () => {
    const sameOrigin = await as(h.app, session)(
      "PATCH",
      "/api/me",
      { name: "Original Name" },
      { host: "crm.example.test", origin: "http://crm.example.test", "sec-fetch-site": "same-origin" },
    );
    expect(sameOrigin.statusCode).toBe(200);
    const noOrigin = await as(h.app, session)("PATCH", "/api/me", { name: "Original Name" });
    expect(noOrigin.statusCode).toBe(200);
  });

  it("refuses a login from a foreign Origin or a cross-site context with 403 and opens no session (login CSRF)", async () => {
    const user = await createUser(h.db);
    expectForbidden(await attemptLogin(h.app, user.email, testPassword, { headers: { origin: "https://evil.example" } }));
    expectForbidden(await attemptLogin(h.app, user.email, testPassword, { headers: { "sec-fetch-site": "cross-site" } }));
    expect(await liveSessionCount(h, user.id)).toBe(0);
  });
});

describe("CSRF Origin check with a configured public origin", () => {
  let h: Harness;
  let session: Session;
  beforeAll(async () => {
    h = await createHarness({ publicOrigin: "https://crm.example.com" });
    session = await login(h.app, (await createUser(h.db)).email);
  });
  afterAll(async () => h?.close());

  it("accepts writes whose Origin is exactly the public origin", async () => {
    const response = await as(h.app, session)("PATCH", "/api/me", { locale: "sv" }, { origin: "https://crm.example.com" });
    expect(response.statusCode).toBe(200);
  });

  it.each(["http://crm.example.com", "https://crm.example.com:8443", "https://evil.example"])(
    "rejects writes from Origin %s with 403 and changes nothing",
    async (origin) => {
      const before = await userRow(h, session.userId);
      expectForbidden(await as(h.app, session)("PATCH", "/api/me", { locale: "en" }, { origin }));
      expect(await userRow(h, session.userId)).toEqual(before);
    },
  );

  it("rejects an Origin that only matches the (attacker-influenced) Host header with 403", async () => {
    expectForbidden(
      await as(h.app, session)("PATCH", "/api/me", { locale: "en" }, { host: "attacker.example", origin: "http://attacker.example" }),
    );
  });
});

describe("request bodies of writes (IN-3)", () => {
  let h: Harness;
  let session: Session;
  beforeAll(async () => {
    h = await createHarness();
    session = await login(h.app, (await createUser(h.db, { name: "Body Tester" })).email);
  });
  afterAll(async () => h?.close());

  const patchMe = (payload: string | Buffer, contentType?: string) =>
    h.app.inject({
      method: "PATCH",
      url: "/api/me",
      headers: { cookie: session.cookie, "x-csrf-token": session.csrfToken, ...(contentType ? { "content-type": contentType } : {}) },
      payload,
    });

  it.each([
    ["text/plain", '{"name":"Plain text"}'],
    ["text/plain;charset=UTF-8", '{"name":"Plain text"}'],
    ["application/x-www-form-urlencoded", "name=Form+post"],
    ["multipart/form-data; boundary=x", '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nMultipart\r\n--x--\r\n'],
    ["application/xml", "<name>Xml</name>"],
  ])("rejects a %s body with 415 and changes nothing", async (contentType, payload) => {
    const before = await userRow(h, session.userId);
    const response = await patchMe(payload, contentType);
    expect(response.statusCode).toBe(415);
    expect(expectCleanErrorBody(response).code).toBe("unsupported_media_type");
    expect(await userRow(h, session.userId)).toEqual(before);
  });

  it("rejects a body without any Content-Type with 415", async () => {
    const response = await patchMe('{"name":"No type"}');
    expect(response.statusCode).toBe(415);
    expect((await userRow(h, session.userId))!.name).toBe("Body Tester");
  });

  it("rejects a JSON body over 1 MiB with 413 and changes nothing", async () => {
    const payload = JSON.stringify({ name: "x".repeat(1_048_576) });
    const response = await patchMe(payload, "application/json");
    expect(response.statusCode).toBe(413);
    expect(expectCleanErrorBody(response).code).toBe("payload_too_large");
    expect((await userRow(h, session.userId))!.name).toBe("Body Tester");
  });

  it("refuses an oversized body from a client without a session with 401 before reading it", async () => {
    const response = await h.app.inject({
      method: "PATCH",
      url: "/api/me",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ name: "x".repeat(2_000_000) }),
    });
    expect(response.statusCode).toBe(401);
  });

  it.each(['{"name": "unterminated', "{name: 'single quotes'}", "", "nul\u0000l"])(
    "rejects the invalid JSON %j with 400 and changes nothing",
    async (payload) => {
      const response = await patchMe(payload, "application/json");
      expect(response.statusCode).toBe(400);
      expect(expectCleanErrorBody(response).code).toBe("validation");
      expect((await userRow(h, session.userId))!.name).toBe("Body Tester");
    },
  );

  it("accepts application/json with a charset parameter (positive control)", async () => {
    const response = await patchMe(JSON.stringify({ name: "Body Tester" }), "application/json; charset=utf-8");
    expect(response.statusCode).toBe(200);
  });
});

describe("GET requests never change state (SE-2)", () => {
  let h: Harness;
  let session: Session;
  let teamId: string;
  beforeAll(async () => {
    h = await createHarness();
    session = await login(h.app, (await createUser(h.db, { role: "administrator", name: "Reader" })).email);
    teamId = (await createTeam(h.db)).id;
  });
  afterAll(async () => h?.close());

  it("answers GET on write-only endpoints with 404 and leaves the session and data alone", async () => {
    const before = await snapshot(h);
    for (const url of ["/api/auth/logout", "/api/me/password", `/api/users/${session.userId}/password`]) {
      const response = await as(h.app, session)("GET", url);
      expect(response.statusCode).toBe(404);
    }
    expect(await snapshot(h)).toEqual(before);
    expect((await as(h.app, session)("GET", "/api/me")).statusCode).toBe(200);
  });

  it("ignores would-be changes smuggled into the query string of a GET", async () => {
    const before = await snapshot(h);
    await as(h.app, session)("GET", "/api/me?name=Evil&active=false&roleId=x");
    await h.app.inject({ method: "GET", url: "/api/setup?email=evil%40example.com&password=longenoughpassword&name=Evil" });
    expect(await snapshot(h)).toEqual(before);
  });

  it("changes no table on any documented GET route, even from a foreign Origin", async () => {
    const doc = h.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const urls = Object.entries(doc.paths)
      .filter(([path, operations]) => "get" in operations && path !== "/api/live")
      .map(([path]) =>
        path.replace(
          "{id}",
          path.startsWith("/api/teams") ? teamId : path.startsWith("/api/users") ? session.userId : "00000000-0000-4000-8000-000000000000",
        ),
      );
    expect(urls.length).toBeGreaterThan(10);
    // Session touches (last_seen_at) are bookkeeping, not state a forged request could choose.
    const before = await snapshot(h, ["sessions"]);
    for (const url of [...urls, "/api/setup", "/health/live", "/health/ready"]) {
      const response = await as(h.app, session)("GET", url, undefined, { origin: "https://evil.example", "sec-fetch-site": "cross-site" });
      expect(response.statusCode, url).toBeLessThan(500);
    }
    expect(await snapshot(h, ["sessions"])).toEqual(before);
  });
});
