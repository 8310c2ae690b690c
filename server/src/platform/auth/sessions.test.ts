import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, type RelataApp } from "../../app";
import { createDb, createPool } from "../../db/connection";
import {
  as,
  createHarness,
  createUser,
  login,
  testConfig,
  testPassword,
  type Harness,
  type Session,
  type TestUser,
} from "../../../test/harness";
import { attemptLogin, expectCleanErrorBody, liveSessionCount, ownerQuery, userRow } from "../../../test/auth-helpers";
import { touchesActors } from "./actor-cache";

/** Session lifetime (SE-1), deactivation (AC-8) and password change (AU-3). */

const fieldsOf = (body: { details?: { field: string }[] }) => (body.details ?? []).map((detail) => detail.field);

async function sessionIdOf(h: Harness, session: Session): Promise<string> {
  const rows = await ownerQuery<{ id: string }>(h, "SELECT id FROM sessions WHERE csrf_token = $1", [session.csrfToken]);
  return rows[0]!.id;
}

describe("session timeouts", () => {
  let h: Harness;
  let user: TestUser;
  beforeAll(async () => {
    h = await createHarness();
    user = await createUser(h.db);
  });
  afterAll(async () => h?.close());

  it("ends a session idle for longer than the idle timeout with 401", async () => {
    const session = await login(h.app, user.email);
    const idleSeconds = h.app.platform.config.sessionIdleMs / 1000;
    await ownerQuery(h, "UPDATE sessions SET last_seen_at = now() - make_interval(secs => $2) WHERE id = $1", [
      await sessionIdOf(h, session),
      idleSeconds + 60,
    ]);
    const response = await as(h.app, session)("GET", "/api/me");
    expect(response.statusCode).toBe(401);
    expect(expectCleanErrorBody(response).code).toBe("unauthenticated");
  });

  it("keeps a session that was active just within the idle timeout and moves its last activity forward", async () => {
    const session = await login(h.app, user.email);
    const id = await sessionIdOf(h, session);
    const idleSeconds = h.app.platform.config.sessionIdleMs / 1000;
    await ownerQuery(h, "UPDATE sessions SET last_seen_at = now() - make_interval(secs => $2) WHERE id = $1", [id, idleSeconds - 120]);
    expect((await as(h.app, session)("GET", "/api/me")).statusCode).toBe(200);
    const [row] = await ownerQuery<{ last_seen_at: Date }>(h, "SELECT last_seen_at FROM sessions WHERE id = $1", [id]);
    expect(Date.now() - row!.last_seen_at.getTime()).toBeLessThan(60_000);
  });

  it("ends a session past its absolute lifetime with 401, however recently it was used", async () => {
    const session = await login(h.app, user.email);
    await ownerQuery(h, "UPDATE sessions SET expires_at = now() - interval '1 second', last_seen_at = now() WHERE id = $1", [
      await sessionIdOf(h, session),
    ]);
    expect((await as(h.app, session)("GET", "/api/me")).statusCode).toBe(401);
  });

  it("never extends the absolute lifetime through activity", async () => {
    const session = await login(h.app, user.email);
    const id = await sessionIdOf(h, session);
    const [before] = await ownerQuery<{ expires_at: Date }>(h, "SELECT expires_at FROM sessions WHERE id = $1", [id]);
    await ownerQuery(h, "UPDATE sessions SET last_seen_at = now() - interval '10 minutes' WHERE id = $1", [id]);
    expect((await as(h.app, session)("GET", "/api/me")).statusCode).toBe(200);
    const [after] = await ownerQuery<{ expires_at: Date }>(h, "SELECT expires_at FROM sessions WHERE id = $1", [id]);
    expect(after!.expires_at.getTime()).toBe(before!.expires_at.getTime());
  });

  it("enforces a configured short idle timeout", async () => {
    const short = await createHarness({ sessionIdleMs: 5 * 60_000 });
    try {
      const someone = await createUser(short.db);
      const session = await login(short.app, someone.email);
      await ownerQuery(short, "UPDATE sessions SET last_seen_at = now() - interval '6 minutes'");
      expect((await as(short.app, session)("GET", "/api/me")).statusCode).toBe(401);
    } finally {
      await short.close();
    }
  });
});

describe("deactivating a user (AC-8)", () => {
  let h: Harness;
  let admin: Session;
  beforeAll(async () => {
    h = await createHarness();
    const administrator = await createUser(h.db, { role: "administrator" });
    admin = await login(h.app, administrator.email);
  });
  afterAll(async () => h?.close());

  async function setActive(id: string, active: boolean) {
    const current = await as(h.app, admin)("GET", `/api/users/${id}`);
    expect(current.statusCode).toBe(200);
    const response = await as(h.app, admin)("PATCH", `/api/users/${id}`, { active }, { "if-match": current.headers.etag as string });
    expect(response.statusCode).toBe(200);
    return response;
  }

  it("rejects the very next request of every session opened before the change with 401, within 1 s", async () => {
    const rep = await createUser(h.db);
    const laptop = await login(h.app, rep.email);
    const phone = await login(h.app, rep.email);
    expect((await as(h.app, laptop)("GET", "/api/me")).statusCode).toBe(200);
    await setActive(rep.id, false);
    const started = performance.now();
    for (const session of [laptop, phone]) {
      const response = await as(h.app, session)("GET", "/api/me");
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: "unauthenticated" });
    }
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await liveSessionCount(h, rep.id)).toBe(0);
  });

  it("refuses a deactivated user's correct password with the generic 401", async () => {
    const rep = await createUser(h.db);
    await setActive(rep.id, false);
    const response = await attemptLogin(h.app, rep.email);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: "unauthenticated", message: "Email or password is incorrect" });
  });

  it("refuses a session whose user was deactivated directly in the database, even before its sessions are ended", async () => {
    const rep = await createUser(h.db);
    const session = await login(h.app, rep.email);
    await ownerQuery(h, "UPDATE users SET active = false WHERE id = $1", [rep.id]);
    expect((await as(h.app, session)("GET", "/api/me")).statusCode).toBe(401);
    expect((await as(h.app, session)("PATCH", "/api/me", { name: "Still here" })).statusCode).toBe(401);
    expect((await userRow(h, rep.id))!.name).not.toBe("Still here");
  });

  it("does not revive old sessions when the user is reactivated", async () => {
    const rep = await createUser(h.db);
    const session = await login(h.app, rep.email);
    await setActive(rep.id, false);
    await setActive(rep.id, true);
    expect((await as(h.app, session)("GET", "/api/me")).statusCode).toBe(401);
    expect((await attemptLogin(h.app, rep.email)).statusCode).toBe(200);
  });

  it("does not let a sales rep reactivate or promote themselves through /api/users/:id (403, nothing changed)", async () => {
    const rep = await createUser(h.db);
    const session = await login(h.app, rep.email);
    const before = await userRow(h, rep.id);
    const [adminRole] = await ownerQuery<{ id: string }>(h, "SELECT id FROM roles WHERE key = 'administrator'");
    for (const body of [{ active: true }, { roleId: adminRole!.id }]) {
      const response = await as(h.app, session)("PATCH", `/api/users/${rep.id}`, body, { "if-match": '"1"' });
      expect(response.statusCode).toBe(403);
    }
    expect(await userRow(h, rep.id)).toEqual(before);
  });
});

describe("session activity is recorded on a best-effort basis", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h?.close());

  it("answers the request even when recording the session's last activity fails", async () => {
    const user = await createUser(h.db);
    const session = await login(h.app, user.email);
    const id = await sessionIdOf(h, session);
    await ownerQuery(h, "UPDATE sessions SET last_seen_at = now() - interval '10 minutes' WHERE id = $1", [id]);
    // The app role may no longer change sessions in this database: the touch fails.
    await ownerQuery(h, "REVOKE UPDATE ON sessions FROM relata_app");
    try {
      const response = await as(h.app, session)("GET", "/api/me");
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ id: user.id });
      const [row] = await ownerQuery<{ idle: boolean }>(
        h,
        "SELECT last_seen_at < now() - interval '5 minutes' AS idle FROM sessions WHERE id = $1",
        [id],
      );
      expect(row!.idle).toBe(true);
    } finally {
      await ownerQuery(h, "GRANT UPDATE ON sessions TO relata_app");
    }
    h.app.platform.actors.clear();
    expect((await as(h.app, session)("GET", "/api/me")).statusCode).toBe(200);
    const [after] = await ownerQuery<{ idle: boolean }>(
      h,
      "SELECT last_seen_at < now() - interval '5 minutes' AS idle FROM sessions WHERE id = $1",
      [id],
    );
    expect(after!.idle).toBe(false);
  });
});

describe("the per-node actor cache (AC-8 with at most 500 ms of reuse)", () => {
  let h: Harness;
  let other: { app: RelataApp; close: () => Promise<void> };
  let admin: Session;
  beforeAll(async () => {
    h = await createHarness();
    // A second node on the same database, with its own cache.
    const pool = createPool(h.database.appUrl, { max: 3 });
    const app = await buildApp({ config: testConfig(), pool, db: createDb(pool) });
    await app.ready();
    other = { app, close: async () => (await app.close(), await pool.end()) };
    admin = await login(h.app, (await createUser(h.db, { role: "administrator" })).email);
  });
  afterAll(async () => {
    await other?.close();
    await h?.close();
  });

  /** Counts the app's queries that read the sessions table while `run` runs. */
  async function sessionLookups(run: () => Promise<void>) {
    const original = h.pool.query;
    let lookups = 0;
    h.pool.query = ((...args: unknown[]) => {
      const text = typeof args[0] === "string" ? args[0] : ((args[0] as { text?: string } | null)?.text ?? "");
      if (/from "sessions"/i.test(text)) lookups += 1;
      return (original as (...a: unknown[]) => unknown).apply(h.pool, args);
    }) as typeof h.pool.query;
    try {
      await run();
    } finally {
      h.pool.query = original;
    }
    return lookups;
  }

  it("looks a session up once for a burst of requests, then again after at most 500 ms", async () => {
    const session = await login(h.app, (await createUser(h.db)).email);
    let elapsed = 0;
    const lookups = await sessionLookups(async () => {
      const started = performance.now();
      for (let i = 0; i < 10; i++) expect((await as(h.app, session)("GET", "/api/me")).statusCode).toBe(200);
      elapsed = performance.now() - started;
    });
    expect(lookups).toBeGreaterThanOrEqual(1);
    expect(lookups).toBeLessThanOrEqual(Math.ceil(elapsed / 500) + 1);
    await new Promise((resolve) => setTimeout(resolve, 550));
    expect(await sessionLookups(async () => void (await as(h.app, session)("GET", "/api/me")))).toBe(1);
  });

  it("refuses a user deactivated directly in the database within 1 s on every node, however warm its cache", async () => {
    const rep = await createUser(h.db);
    const session = await login(h.app, rep.email);
    const nodes = [h.app, other.app];
    for (const app of nodes) expect((await as(app, session)("GET", "/api/me")).statusCode).toBe(200);
    // No event tells anyone: only the cache's time limit stands between the change and a 401.
    await ownerQuery(h, "UPDATE users SET active = false WHERE id = $1", [rep.id]);
    const changed = performance.now();
    const firstRefusal = await Promise.all(
      nodes.map(async (app) => {
        for (;;) {
          const response = await as(app, session)("GET", "/api/me");
          const at = performance.now() - changed;
          if (response.statusCode === 401) return at;
          expect(response.statusCode).toBe(200);
          if (at > 2_000) return at;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }),
    );
    for (const at of firstRefusal) expect(at).toBeLessThan(1_000);
    // …and it stays refused.
    for (const app of nodes) expect((await as(app, session)("GET", "/api/me")).statusCode).toBe(401);
  });

  it("refuses the next request on the node that deactivated the user at once, and on another node within 1 s", async () => {
    const rep = await createUser(h.db);
    const session = await login(h.app, rep.email);
    for (const app of [h.app, other.app]) expect((await as(app, session)("GET", "/api/me")).statusCode).toBe(200);
    const current = await as(h.app, admin)("GET", `/api/users/${rep.id}`);
    expect(
      (await as(h.app, admin)("PATCH", `/api/users/${rep.id}`, { active: false }, { "if-match": current.headers.etag as string }))
        .statusCode,
    ).toBe(200);
    const changed = performance.now();
    expect((await as(h.app, session)("GET", "/api/me")).statusCode).toBe(401);
    let refusedAfter = Infinity;
    while (performance.now() - changed < 2_000) {
      if ((await as(other.app, session)("GET", "/api/me")).statusCode === 401) {
        refusedAfter = performance.now() - changed;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(refusedAfter).toBeLessThan(1_000);
  });

  it("applies a role change on this node to the very next request", async () => {
    const rep = await createUser(h.db, { role: "sales_rep" });
    const session = await login(h.app, rep.email);
    expect((await as(h.app, session)("GET", "/api/audit")).statusCode).toBe(403);
    const [executive] = await ownerQuery<{ id: string }>(h, "SELECT id FROM roles WHERE key = 'executive'");
    const current = await as(h.app, admin)("GET", `/api/users/${rep.id}`);
    const changed = await as(h.app, admin)(
      "PATCH",
      `/api/users/${rep.id}`,
      { roleId: executive!.id },
      { "if-match": current.headers.etag as string },
    );
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await as(h.app, session)("GET", "/api/audit")).statusCode).toBe(200);
  });

  it("is emptied by changes to users, roles, teams, units and ended sessions, not by someone signing in", () => {
    const company = { object: "company", name: "company.updated" } as const;
    expect(touchesActors([company, { object: "user", name: "user.updated" }])).toBe(true);
    expect(touchesActors([company, { object: "session", name: "session.ended" }])).toBe(true);
    expect(touchesActors([company, { object: "session", name: "session.started" }])).toBe(false);
    expect(touchesActors([company])).toBe(false);
  });

  it("keeps no answer for a refused token: a session is looked up again on every request until it is valid", async () => {
    const lookups = await sessionLookups(async () => {
      for (let i = 0; i < 3; i++)
        expect(
          (await h.app.inject({ method: "GET", url: "/api/me", headers: { cookie: "relata_session=not-a-session" } })).statusCode,
        ).toBe(401);
    });
    expect(lookups).toBe(3);
  });
});

describe("changing one's own password", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h?.close());

  const change = (session: Session, body: unknown, headers?: Record<string, string>) =>
    as(h.app, session)("POST", "/api/me/password", body, headers);

  it("rejects a wrong current password with 400 naming currentPassword and keeps the old hash", async () => {
    const user = await createUser(h.db);
    const session = await login(h.app, user.email);
    const before = (await userRow(h, user.id))!.password_hash;
    const response = await change(session, { currentPassword: "not my password", newPassword: "a brand new passphrase" });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(expectCleanErrorBody(response))).toEqual(["currentPassword"]);
    expect((await userRow(h, user.id))!.password_hash).toBe(before);
  });

  it("rejects a request without currentPassword with 400 naming currentPassword", async () => {
    const user = await createUser(h.db);
    const session = await login(h.app, user.email);
    const response = await change(session, { newPassword: "a brand new passphrase" });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(expectCleanErrorBody(response))).toEqual(["currentPassword"]);
  });

  it.each([
    ["a common password", "password1"],
    ["a password under 8 characters", "short1"],
    ["a password over 128 characters", "x".repeat(129)],
  ])("rejects %s as the new password with 400 naming newPassword and changes nothing", async (_label, newPassword) => {
    const user = await createUser(h.db);
    const session = await login(h.app, user.email);
    const before = await userRow(h, user.id);
    const response = await change(session, { currentPassword: testPassword, newPassword });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(expectCleanErrorBody(response))).toEqual(["newPassword"]);
    expect(await userRow(h, user.id)).toEqual(before);
  });

  it("refuses a change without the CSRF token with 403 and keeps the old password", async () => {
    const user = await createUser(h.db);
    const session = await login(h.app, user.email);
    const response = await h.app.inject({
      method: "POST",
      url: "/api/me/password",
      headers: { cookie: session.cookie },
      payload: { currentPassword: testPassword, newPassword: "a brand new passphrase" },
    });
    expect(response.statusCode).toBe(403);
    expect((await attemptLogin(h.app, user.email)).statusCode).toBe(200);
  });

  it("stores a new argon2id hash, ends the user's other sessions and keeps the current one", async () => {
    const user = await createUser(h.db);
    const other = await createUser(h.db);
    const current = await login(h.app, user.email);
    const elsewhere = await login(h.app, user.email);
    const othersSession = await login(h.app, other.email);
    const before = (await userRow(h, user.id))!.password_hash as string;
    const response = await change(current, { currentPassword: testPassword, newPassword: "a brand new passphrase" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true });
    const after = (await userRow(h, user.id))!.password_hash as string;
    expect(after).not.toBe(before);
    expect(after.startsWith("$argon2id$v=19$m=47104,t=1,p=1$")).toBe(true);
    expect((await as(h.app, current)("GET", "/api/me")).statusCode).toBe(200);
    expect((await as(h.app, elsewhere)("GET", "/api/me")).statusCode).toBe(401);
    expect((await as(h.app, othersSession)("GET", "/api/me")).statusCode).toBe(200);
    expect(await liveSessionCount(h, user.id)).toBe(1);
    expect((await attemptLogin(h.app, user.email, testPassword)).statusCode).toBe(401);
    expect((await attemptLogin(h.app, user.email, "a brand new passphrase")).statusCode).toBe(200);
  });
});
