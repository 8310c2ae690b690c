import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, createHarness, createUser, login, testPassword, type Harness, type Session, type TestUser } from "../../../test/harness";
import { attemptLogin, expectCleanErrorBody, liveSessionCount, ownerQuery, userRow } from "../../../test/auth-helpers";

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
    await ownerQuery(h, "UPDATE sessions SET last_seen_at = now() - make_interval(secs => $2) WHERE id = $1", [await sessionIdOf(h, session), idleSeconds + 60]);
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
    await ownerQuery(h, "UPDATE sessions SET expires_at = now() - interval '1 second', last_seen_at = now() WHERE id = $1", [await sessionIdOf(h, session)]);
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

describe("changing one's own password", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h?.close());

  const change = (session: Session, body: unknown, headers?: Record<string, string>) => as(h.app, session)("POST", "/api/me/password", body, headers);

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
