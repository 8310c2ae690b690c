import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, createHarness, createUser, login, testPassword, type Harness, type TestUser } from "../../../test/harness";
import {
  attemptLogin,
  expectCleanErrorBody,
  liveSessionCount,
  median,
  ownerQuery,
  sessionCookieOf,
  sessionOf,
  userRow,
} from "../../../test/auth-helpers";
import { hashPassword, verifyPassword } from "./password";

/** Setup, sign-in and sign-out over HTTP against a real database (SE-1, AU-2, AU-4). */

const argon2idPrefix = "$argon2id$v=19$m=47104,t=1,p=1$";
const fieldsOf = (body: { details?: { field: string }[] }) => (body.details ?? []).map((detail) => detail.field);

async function userCount(h: Harness) {
  const [row] = await ownerQuery<{ n: string }>(h, "SELECT count(*)::text AS n FROM users");
  return Number(row!.n);
}

describe("first-run setup", () => {
  let h: Harness;
  const admin = { email: "Founder@Example.com", name: "Founder", password: "harbour lights at dusk" };
  const setup = (payload: unknown, headers: Record<string, string> = {}) =>
    h.app.inject({ method: "POST", url: "/api/setup", payload: payload as object, headers });
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h?.close());

  it("reports needsSetup: true on a fresh install, without a session", async () => {
    const response = await h.app.inject({ method: "GET", url: "/api/setup" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ needsSetup: true });
  });

  it("rejects a common password with 400 naming `password` and creates no user", async () => {
    const response = await setup({ ...admin, password: "password1" });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(expectCleanErrorBody(response))).toEqual(["password"]);
    expect(await userCount(h)).toBe(0);
  });

  it("rejects a password under 8 characters with 400 naming `password` and creates no user", async () => {
    const response = await setup({ ...admin, password: "s3cr3t" });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(expectCleanErrorBody(response))).toEqual(["password"]);
    expect(await userCount(h)).toBe(0);
  });

  it("rejects a malformed email with 400 naming `email` and creates no user", async () => {
    const response = await setup({ ...admin, email: "founder-at-example.com" });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(expectCleanErrorBody(response))).toEqual(["email"]);
    expect(await userCount(h)).toBe(0);
  });

  it("rejects an unknown field (roleId) with 400 naming it and creates no user", async () => {
    const response = await setup({ ...admin, roleId: "00000000-0000-4000-8000-000000000000" });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(expectCleanErrorBody(response))).toEqual(["roleId"]);
    expect(await userCount(h)).toBe(0);
  });

  it("creates the first administrator, signs them in (201 + session cookie) and stores an argon2id hash", async () => {
    const response = await setup(admin);
    expect(response.statusCode).toBe(201);
    expect(sessionCookieOf(response)).toMatchObject({ name: "relata_session", httpOnly: true, sameSite: "Lax" });
    const body = response.json();
    expect(body.user).toMatchObject({ email: "founder@example.com", name: "Founder", role: { key: "administrator" } });
    expect(typeof body.csrfToken).toBe("string");
    const me = await as(h.app, sessionOf(response))("GET", "/api/me");
    expect(me.statusCode).toBe(200);
    expect(me.json().id).toBe(body.user.id);
    const row = await userRow(h, body.user.id);
    expect(String(row!.password_hash).startsWith(argon2idPrefix)).toBe(true);
    expect(await userCount(h)).toBe(1);
  });

  it("reports needsSetup: false once an administrator exists", async () => {
    const response = await h.app.inject({ method: "GET", url: "/api/setup" });
    expect(response.json()).toEqual({ needsSetup: false });
  });

  it("answers a second setup with 409, sets no cookie and creates no second user", async () => {
    const response = await setup({ email: "intruder@example.com", name: "Intruder", password: "another long passphrase" });
    expect(response.statusCode).toBe(409);
    expect(expectCleanErrorBody(response).code).toBe("conflict");
    expect(sessionCookieOf(response)).toBeUndefined();
    expect(await userCount(h)).toBe(1);
    expect(await ownerQuery(h, "SELECT 1 FROM users WHERE email = 'intruder@example.com'")).toHaveLength(0);
  });

  it("answers setup on an installed system with 409 before spending an argon2 hash (no unauthenticated CPU sink)", async () => {
    const reference = await hashPassword("reference passphrase for timing");
    const timeOf = async (work: () => Promise<unknown>) => {
      const started = performance.now();
      await work();
      return performance.now() - started;
    };
    const verifyMs: number[] = [];
    const refusedMs: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      verifyMs.push(await timeOf(() => verifyPassword(reference, "some other passphrase")));
      refusedMs.push(await timeOf(async () => expect((await setup({ ...admin, email: `late-${i}@example.com` })).statusCode).toBe(409)));
    }
    expect(median(refusedMs)).toBeLessThan(median(verifyMs) / 2);
  });

  it("refuses setup from a foreign Origin with 403", async () => {
    const fresh = await createHarness();
    try {
      const response = await fresh.app.inject({
        method: "POST",
        url: "/api/setup",
        payload: admin,
        headers: { origin: "https://evil.example" },
      });
      expect(response.statusCode).toBe(403);
      expect(await userCount(fresh)).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it("lets exactly one of two racing setups succeed (201 + 409) and creates one administrator", async () => {
    const fresh = await createHarness();
    try {
      const race = await Promise.all(
        ["first@example.com", "second@example.com"].map((email) =>
          fresh.app.inject({ method: "POST", url: "/api/setup", payload: { ...admin, email } }),
        ),
      );
      expect(race.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      expect(await userCount(fresh)).toBe(1);
    } finally {
      await fresh.close();
    }
  });
});

describe("sign-in", () => {
  let h: Harness;
  let user: TestUser;
  beforeAll(async () => {
    h = await createHarness();
    user = await createUser(h.db, { role: "sales_rep", email: "signin@example.com" });
  });
  afterAll(async () => h?.close());

  it("sets an HttpOnly, SameSite=Lax `relata_session` cookie for the whole site and returns the CSRF token and user", async () => {
    const response = await attemptLogin(h.app, user.email);
    expect(response.statusCode).toBe(200);
    const cookie = sessionCookieOf(response)!;
    expect(cookie).toMatchObject({ name: "relata_session", httpOnly: true, sameSite: "Lax", path: "/" });
    expect(cookie.secure).toBeFalsy();
    expect(cookie.maxAge).toBe(h.app.platform.config.sessionAbsoluteMs / 1000);
    const body = response.json();
    expect(body.user).toMatchObject({ id: user.id, email: user.email, role: { key: "sales_rep" } });
    expect(body.csrfToken).toMatch(/^[\w-]{32,}$/);
    const expiresIn = Date.parse(body.expiresAt) - Date.now();
    expect(Math.abs(expiresIn - h.app.platform.config.sessionAbsoluteMs)).toBeLessThan(60_000);
    expect(response.body).not.toContain("$argon2");
    expect(response.body).not.toContain(testPassword);
  });

  it("uses a 256-bit random token and stores only its SHA-256 hash", async () => {
    const response = await attemptLogin(h.app, user.email);
    const token = sessionCookieOf(response)!.value;
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(await ownerQuery(h, "SELECT 1 FROM sessions WHERE token_hash = $1", [token])).toHaveLength(0);
    const hashed = createHash("sha256").update(token).digest("base64url");
    expect(await ownerQuery(h, "SELECT 1 FROM sessions WHERE token_hash = $1 AND user_id = $2", [hashed, user.id])).toHaveLength(1);
  });

  it("treats the email case-insensitively", async () => {
    const response = await attemptLogin(h.app, "SignIn@Example.COM");
    expect(response.statusCode).toBe(200);
    expect(response.json().user.id).toBe(user.id);
  });

  it("rotates the session id on every login: two logins give different cookies and CSRF tokens", async () => {
    const first = await attemptLogin(h.app, user.email);
    const second = await attemptLogin(h.app, user.email);
    expect(sessionCookieOf(first)!.value).not.toBe(sessionCookieOf(second)!.value);
    expect(first.json().csrfToken).not.toBe(second.json().csrfToken);
  });

  it("ends the session presented with a new login, so a pre-login cookie cannot be reused (ASVS 7.2.4)", async () => {
    const before = await login(h.app, user.email);
    const again = await attemptLogin(h.app, user.email, testPassword, { headers: { cookie: before.cookie } });
    expect(again.statusCode).toBe(200);
    expect((await as(h.app, before)("GET", "/api/me")).statusCode).toBe(401);
    expect((await as(h.app, sessionOf(again))("GET", "/api/me")).statusCode).toBe(200);
  });

  it("answers a wrong password and an unknown email with the same 401 and the same body, and sets no cookie", async () => {
    const wrong = await attemptLogin(h.app, user.email, "not the right passphrase");
    const unknown = await attemptLogin(h.app, "nobody-here@example.com", "not the right passphrase");
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(sessionCookieOf(response)).toBeUndefined();
    }
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(strip(expectCleanErrorBody(wrong))).toEqual(strip(expectCleanErrorBody(unknown)));
    expect(wrong.json()).toMatchObject({ code: "unauthenticated", message: "Email or password is incorrect" });
    expect(Object.keys(wrong.headers).sort()).toEqual(Object.keys(unknown.headers).sort());
  });

  it("answers a deactivated user's correct password with the same generic 401", async () => {
    const inactive = await createUser(h.db, { active: false });
    const response = await attemptLogin(h.app, inactive.email);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: "unauthenticated", message: "Email or password is incorrect" });
    expect(await liveSessionCount(h, inactive.id)).toBe(0);
  });

  it("records the time of the last successful login", async () => {
    await ownerQuery(h, "UPDATE users SET last_login_at = NULL WHERE id = $1", [user.id]);
    await login(h.app, user.email);
    const row = await userRow(h, user.id);
    expect(Date.now() - (row!.last_login_at as Date).getTime()).toBeLessThan(60_000);
  });

  it("rejects a login body without a password, or with an unknown field, with 400 naming the field", async () => {
    const missing = await h.app.inject({ method: "POST", url: "/api/auth/login", payload: { email: user.email } });
    expect(missing.statusCode).toBe(400);
    expect(fieldsOf(expectCleanErrorBody(missing))).toEqual(["password"]);
    const extra = await h.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: user.email, password: testPassword, remember: true },
    });
    expect(extra.statusCode).toBe(400);
    expect(fieldsOf(expectCleanErrorBody(extra))).toEqual(["remember"]);
  });

  it("returns the current session and the same CSRF token from GET /api/auth/session", async () => {
    const session = await login(h.app, user.email);
    const response = await as(h.app, session)("GET", "/api/auth/session");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ csrfToken: session.csrfToken, user: { id: user.id } });
    const anonymous = await h.app.inject({ method: "GET", url: "/api/auth/session" });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe("sign-in with secureCookies: true", () => {
  let h: Harness;
  let user: TestUser;
  beforeAll(async () => {
    h = await createHarness({ secureCookies: true });
    user = await createUser(h.db);
  });
  afterAll(async () => h?.close());

  it("names the cookie `__Host-relata_session` with Secure, HttpOnly, SameSite=Lax, Path=/ and no Domain", async () => {
    const response = await attemptLogin(h.app, user.email);
    expect(response.statusCode).toBe(200);
    const cookie = sessionCookieOf(response)!;
    expect(cookie).toMatchObject({ name: "__Host-relata_session", secure: true, httpOnly: true, sameSite: "Lax", path: "/" });
    expect(cookie.domain).toBeUndefined();
    expect(response.headers["strict-transport-security"]).toBeDefined();
  });

  it("accepts the `__Host-` cookie and ignores the same token under the unprefixed name", async () => {
    const response = await attemptLogin(h.app, user.email);
    const token = sessionCookieOf(response)!.value;
    const prefixed = await h.app.inject({ method: "GET", url: "/api/me", headers: { cookie: `__Host-relata_session=${token}` } });
    expect(prefixed.statusCode).toBe(200);
    const plain = await h.app.inject({ method: "GET", url: "/api/me", headers: { cookie: `relata_session=${token}` } });
    expect(plain.statusCode).toBe(401);
  });
});

describe("sign-out", () => {
  let h: Harness;
  let user: TestUser;
  beforeAll(async () => {
    h = await createHarness();
    user = await createUser(h.db);
  });
  afterAll(async () => h?.close());

  it("ends the session on the server and clears the cookie; replaying the old cookie gets 401", async () => {
    const session = await login(h.app, user.email);
    const response = await as(h.app, session)("POST", "/api/auth/logout");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true });
    const cleared = sessionCookieOf(response)!;
    expect(cleared.value).toBe("");
    expect(cleared.maxAge === 0 || (cleared.expires !== undefined && cleared.expires.getTime() <= Date.now())).toBe(true);
    const replay = await as(h.app, session)("GET", "/api/me");
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ code: "unauthenticated" });
    expect((await as(h.app, session)("POST", "/api/auth/logout")).statusCode).toBe(401);
    const token = session.cookie.split("=")[1]!;
    const [row] = await ownerQuery<{ ended_at: Date | null }>(h, "SELECT ended_at FROM sessions WHERE token_hash = $1", [
      createHash("sha256").update(token).digest("base64url"),
    ]);
    expect(row!.ended_at).not.toBeNull();
  });

  it("leaves the user's other sessions signed in", async () => {
    const laptop = await login(h.app, user.email);
    const phone = await login(h.app, user.email);
    expect((await as(h.app, laptop)("POST", "/api/auth/logout")).statusCode).toBe(200);
    expect((await as(h.app, phone)("GET", "/api/me")).statusCode).toBe(200);
  });

  it("refuses logout without the CSRF token with 403 and keeps the session alive", async () => {
    const session = await login(h.app, user.email);
    const response = await h.app.inject({ method: "POST", url: "/api/auth/logout", headers: { cookie: session.cookie } });
    expect(response.statusCode).toBe(403);
    expect(expectCleanErrorBody(response).code).toBe("forbidden");
    expect((await as(h.app, session)("GET", "/api/me")).statusCode).toBe(200);
  });

  it("refuses logout with another session's CSRF token with 403", async () => {
    const mine = await login(h.app, user.email);
    const other = await login(h.app, user.email);
    const response = await as(h.app, { ...mine, csrfToken: other.csrfToken })("POST", "/api/auth/logout");
    expect(response.statusCode).toBe(403);
    expect((await as(h.app, mine)("GET", "/api/me")).statusCode).toBe(200);
  });

  it("takes no body but an empty object: any field is a 400 naming it, and the session stays", async () => {
    const session = await login(h.app, user.email);
    const refused = await as(h.app, session)("POST", "/api/auth/logout", { everywhere: true });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().details.map((d: { field: string }) => d.field)).toEqual(["everywhere"]);
    expect((await as(h.app, session)("GET", "/api/me")).statusCode).toBe(200);
    expect((await as(h.app, session)("POST", "/api/auth/logout", {})).statusCode).toBe(200);
    expect((await as(h.app, session)("GET", "/api/me")).statusCode).toBe(401);
  });

  it("answers logout without any session with 401", async () => {
    const response = await h.app.inject({ method: "POST", url: "/api/auth/logout" });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: "unauthenticated" });
  });
});
