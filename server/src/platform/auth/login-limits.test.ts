import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LightMyRequestResponse } from "fastify";
import { createHarness, createUser, testPassword, type Harness } from "../../../test/harness";
import { attemptLogin, expectCleanErrorBody, liveSessionCount, median, ownerQuery, userRow } from "../../../test/auth-helpers";
import { hashPassword, verifyPassword } from "./password";

/** AU-1 (rate limiting per account and per IP, soft) and AU-4 (no user enumeration by timing). */

const wrong = "definitely not the password";

function expectRateLimited(response: LightMyRequestResponse, windowSeconds: number) {
  expect(response.statusCode).toBe(429);
  expect(expectCleanErrorBody(response).code).toBe("rate_limited");
  const retryAfter = Number(response.headers["retry-after"]);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  return retryAfter;
}

describe("login rate limit per account (3 failures per 60 s)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ login: { maxPerAccount: 3, maxPerIp: 100, windowMs: 60_000 } });
  });
  afterAll(async () => h?.close());

  it("answers the 4th and later failed attempts with 429 + Retry-After, and refuses even the correct password without evaluating it", async () => {
    const user = await createUser(h.db);
    for (let i = 0; i < 3; i += 1) expect((await attemptLogin(h.app, user.email, wrong)).statusCode).toBe(401);
    expectRateLimited(await attemptLogin(h.app, user.email, wrong), 60);
    expectRateLimited(await attemptLogin(h.app, user.email, wrong), 60);
    const correct = await attemptLogin(h.app, user.email, testPassword);
    expectRateLimited(correct, 60);
    expect(correct.cookies).toHaveLength(0);
    expect(await liveSessionCount(h, user.id)).toBe(0);
    expect((await userRow(h, user.id))!.last_login_at).toBeNull();
  });

  it("counts an account's failures across IP addresses and letter cases of the email", async () => {
    const user = await createUser(h.db, { email: "multi-ip@example.com" });
    const addresses = ["192.0.2.1", "192.0.2.2", "192.0.2.3"];
    const emails = ["multi-ip@example.com", "Multi-IP@example.com", "MULTI-IP@EXAMPLE.COM"];
    for (const [i, remoteAddress] of addresses.entries()) {
      expect((await attemptLogin(h.app, emails[i]!, wrong, { remoteAddress })).statusCode).toBe(401);
    }
    expectRateLimited(await attemptLogin(h.app, user.email, testPassword, { remoteAddress: "192.0.2.4" }), 60);
  });

  it("limits an unknown email exactly like a known one (the limiter is no enumeration oracle)", async () => {
    for (let i = 0; i < 3; i += 1) expect((await attemptLogin(h.app, "ghost@example.com", wrong)).statusCode).toBe(401);
    expectRateLimited(await attemptLogin(h.app, "ghost@example.com", wrong), 60);
  });

  it("does not limit other accounts signing in from the same address", async () => {
    const victim = await createUser(h.db);
    const bystander = await createUser(h.db);
    for (let i = 0; i < 4; i += 1) await attemptLogin(h.app, victim.email, wrong);
    expect((await attemptLogin(h.app, bystander.email)).statusCode).toBe(200);
  });

  it("clears the account's failures after a successful login", async () => {
    const user = await createUser(h.db);
    for (let i = 0; i < 2; i += 1) expect((await attemptLogin(h.app, user.email, wrong)).statusCode).toBe(401);
    expect((await attemptLogin(h.app, user.email)).statusCode).toBe(200);
    for (let i = 0; i < 3; i += 1) expect((await attemptLogin(h.app, user.email, wrong)).statusCode).toBe(401);
    expectRateLimited(await attemptLogin(h.app, user.email, wrong), 60);
  });

  it("is a soft limit: Retry-After counts down with the window and the correct password works once the failures age out", async () => {
    const user = await createUser(h.db);
    for (let i = 0; i < 3; i += 1) await attemptLogin(h.app, user.email, wrong);
    expectRateLimited(await attemptLogin(h.app, user.email), 60);
    await ownerQuery(h, "UPDATE login_attempts SET at = at - interval '50 seconds' WHERE account_key = $1", [user.email]);
    expect(expectRateLimited(await attemptLogin(h.app, user.email), 60)).toBeLessThanOrEqual(10);
    await ownerQuery(h, "UPDATE login_attempts SET at = at - interval '11 seconds' WHERE account_key = $1", [user.email]);
    expect((await attemptLogin(h.app, user.email)).statusCode).toBe(200);
  });

  it("evaluates at most 3 passwords of a burst of 20 concurrent wrong attempts; the rest get 429", async () => {
    const user = await createUser(h.db);
    const burst = await Promise.all(Array.from({ length: 20 }, () => attemptLogin(h.app, user.email, wrong)));
    const statuses = burst.map((response) => response.statusCode);
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
    const evaluated = statuses.filter((status) => status === 401).length;
    expect(evaluated).toBeLessThanOrEqual(3);
    // Only evaluated attempts count as failures: refused ones do not prolong the limit.
    const next = await attemptLogin(h.app, user.email);
    if (evaluated >= 3) expectRateLimited(next, 60);
    else expect(next.statusCode).toBe(200);
  });
});

describe("login rate limit per IP address (5 failures per 60 s)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ login: { maxPerAccount: 100, maxPerIp: 5, windowMs: 60_000 } });
  });
  afterAll(async () => h?.close());

  it("answers the 6th attempt from one address with 429 even for another account's correct password; other addresses are unaffected", async () => {
    const user = await createUser(h.db);
    const attacker = "203.0.113.7";
    for (let i = 0; i < 5; i += 1) {
      expect((await attemptLogin(h.app, `guess-${i}@example.com`, wrong, { remoteAddress: attacker })).statusCode).toBe(401);
    }
    expectRateLimited(await attemptLogin(h.app, `guess-6@example.com`, wrong, { remoteAddress: attacker }), 60);
    const limited = await attemptLogin(h.app, user.email, testPassword, { remoteAddress: attacker });
    expectRateLimited(limited, 60);
    expect(await liveSessionCount(h, user.id)).toBe(0);
    expect((await attemptLogin(h.app, user.email, testPassword, { remoteAddress: "198.51.100.9" })).statusCode).toBe(200);
  });

  it("evaluates at most 5 passwords of a concurrent burst from one address", async () => {
    const burst = await Promise.all(
      Array.from({ length: 15 }, (_, i) => attemptLogin(h.app, `burst-${i}@example.com`, wrong, { remoteAddress: "203.0.113.99" })),
    );
    expect(burst.filter((response) => response.statusCode === 401).length).toBeLessThanOrEqual(5);
    expect(burst.filter((response) => response.statusCode === 429).length).toBeGreaterThanOrEqual(10);
  });
});

describe("login timing (AU-4)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ login: { maxPerAccount: 10_000, maxPerIp: 10_000, windowMs: 60_000 } });
  });
  afterAll(async () => h?.close());

  it(
    "takes about as long for an unknown email as for a known email with a wrong password (median difference < min(25 ms, half an argon2 verification))",
    { timeout: 60_000 },
    async () => {
      const user = await createUser(h.db);
      const reference = await hashPassword("reference passphrase for timing");
      const verifications: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const started = performance.now();
        await verifyPassword(reference, wrong);
        verifications.push(performance.now() - started);
      }
      const verifyMs = median(verifications);
      const timed = async (email: string) => {
        const started = performance.now();
        const response = await attemptLogin(h.app, email, wrong);
        const elapsed = performance.now() - started;
        expect(response.statusCode).toBe(401);
        return elapsed;
      };
      for (let i = 0; i < 3; i += 1) {
        await timed(user.email);
        await timed(`warm-up-${i}@example.com`);
      }
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 30; i += 1) {
        known.push(await timed(user.email));
        unknown.push(await timed(`nobody-${i}@example.com`));
      }
      const difference = Math.abs(median(known) - median(unknown));
      expect(difference).toBeLessThan(Math.min(25, verifyMs / 2));
      // The unknown-email path really runs a (dummy) argon2 verification.
      expect(median(unknown)).toBeGreaterThan(verifyMs / 2);
    },
  );
});
