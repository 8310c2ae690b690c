import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, createHarness, createTeam, createUser, login, type Harness, type Session } from "../../../test/harness";
import { eventually } from "../../../test/live-client";
import { lockTable } from "../../../test/table-lock";

let keyCounter = 0;
const newKey = (label: string) => `${label}-${process.pid}-${++keyCounter}-${Date.now().toString(36)}`;

describe("Idempotency-Key on POST (R-3)", () => {
  let h: Harness;
  let rep: Session;
  let colleague: Session;

  const companiesNamed = async (name: string) =>
    (await h.pool.query<{ id: string }>("SELECT id FROM companies WHERE name = $1", [name])).rows.map((row) => row.id);
  const insertAuditRows = async (ids: string[]) =>
    (await h.pool.query("SELECT 1 FROM audit_log WHERE table_name = 'companies' AND operation = 'insert' AND record_id = ANY($1)", [ids]))
      .rowCount;

  beforeAll(async () => {
    h = await createHarness();
    const team = await createTeam(h.db);
    const [a, b] = [
      await createUser(h.db, { role: "sales_rep", teamIds: [team.id] }),
      await createUser(h.db, { role: "sales_rep", teamIds: [team.id] }),
    ];
    rep = await login(h.app, a.email);
    colleague = await login(h.app, b.email);
  });
  afterAll(async () => h?.close());

  it("replays the first 201 to a retry and creates exactly one row and one audit row", async () => {
    const key = newKey("replay");
    const first = await as(h.app, rep)("POST", "/api/companies", { name: "Idempotent AB" }, { "idempotency-key": key });
    expect(first.statusCode).toBe(201);
    expect(first.headers["idempotent-replayed"]).toBeUndefined();

    const retry = await as(h.app, rep)("POST", "/api/companies", { name: "Idempotent AB" }, { "idempotency-key": key });
    expect(retry.statusCode).toBe(201);
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    expect(retry.body).toBe(first.body);
    expect(retry.headers.etag).toBe(first.headers.etag);
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.headers["content-type"]).toBe(first.headers["content-type"]);

    const ids = await companiesNamed("Idempotent AB");
    expect(ids).toEqual([first.json().id]);
    expect(await insertAuditRows(ids)).toBe(1);
  });

  it("answers 422 to the same key with another body, and changes nothing", async () => {
    const key = newKey("mismatch");
    expect((await as(h.app, rep)("POST", "/api/companies", { name: "Original AB" }, { "idempotency-key": key })).statusCode).toBe(201);
    const other = await as(h.app, rep)("POST", "/api/companies", { name: "Different AB" }, { "idempotency-key": key });
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ code: "idempotency_mismatch" });
    expect(await companiesNamed("Different AB")).toEqual([]);
    // Same key on another endpoint is another request too.
    const elsewhere = await as(h.app, rep)("POST", "/api/auth/logout", undefined, { "idempotency-key": key });
    expect(elsewhere.statusCode).toBe(422);
  });

  it("lets exactly one of 100 concurrent duplicates run; the rest are replays or 409", async () => {
    const key = newKey("burst");
    const responses = await Promise.all(
      Array.from({ length: 100 }, () => as(h.app, rep)("POST", "/api/companies", { name: "Burst AB" }, { "idempotency-key": key })),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s !== 201 && s !== 409)).toEqual([]);
    const created = responses.filter((r) => r.statusCode === 201);
    expect(created.filter((r) => r.headers["idempotent-replayed"] === undefined)).toHaveLength(1);
    expect(new Set(created.map((r) => r.json().id))).toHaveProperty("size", 1);
    for (const conflict of responses.filter((r) => r.statusCode === 409)) expect(conflict.json()).toMatchObject({ code: "conflict" });

    const ids = await companiesNamed("Burst AB");
    expect(ids).toHaveLength(1);
    expect(await insertAuditRows(ids)).toBe(1);
    // Once settled, every retry is the replay.
    const late = await as(h.app, rep)("POST", "/api/companies", { name: "Burst AB" }, { "idempotency-key": key });
    expect(late.statusCode).toBe(201);
    expect(late.json().id).toBe(ids[0]);
  });

  it("rejects a malformed key with 400 before doing anything", async () => {
    for (const key of ["short", "has spaces in it", "x".repeat(129), "semi;colon-key", "ünïcödé-key"]) {
      const response = await as(h.app, rep)("POST", "/api/companies", { name: "Bad Key AB" }, { "idempotency-key": key });
      expect(response.statusCode, key).toBe(400);
      expect(response.json().details).toEqual([expect.objectContaining({ field: "Idempotency-Key" })]);
    }
    expect(await companiesNamed("Bad Key AB")).toEqual([]);
    expect(
      (await h.pool.query("SELECT count(*)::int AS n FROM idempotency_keys WHERE key LIKE '%Bad%' OR length(key) < 8")).rows[0].n,
    ).toBe(0);
  });

  it("keeps keys per user: the same key from a colleague is a new request", async () => {
    const key = newKey("per-user");
    const mine = await as(h.app, rep)(
      "POST",
      "/api/companies",
      { name: "Per User AB", ignoreDuplicates: true },
      { "idempotency-key": key },
    );
    const theirs = await as(h.app, colleague)(
      "POST",
      "/api/companies",
      { name: "Per User AB", ignoreDuplicates: true },
      { "idempotency-key": key },
    );
    expect([mine.statusCode, theirs.statusCode]).toEqual([201, 201]);
    expect(theirs.headers["idempotent-replayed"]).toBeUndefined();
    expect(theirs.json().id).not.toBe(mine.json().id);
    expect(theirs.json().ownerId).toBe(colleague.userId);
    expect(await companiesNamed("Per User AB")).toHaveLength(2);
  });

  it("replays a refused request's answer rather than running it again", async () => {
    const key = newKey("refused");
    const body = { name: "Not Mine AB", ownerId: colleague.userId };
    const first = await as(h.app, rep)("POST", "/api/companies", body, { "idempotency-key": key });
    expect(first.statusCode).toBe(400);
    const again = await as(h.app, rep)("POST", "/api/companies", body, { "idempotency-key": key });
    expect(again.statusCode).toBe(400);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(await companiesNamed("Not Mine AB")).toEqual([]);
  });

  it("gives a client that dropped the connection the committed outcome on retry (409 while still running)", async () => {
    await h.app.listen({ host: "127.0.0.1", port: 0 });
    const url = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}/api/companies`;
    const key = newKey("dropped");
    const headers = { cookie: rep.cookie, "x-csrf-token": rep.csrfToken, "content-type": "application/json", "idempotency-key": key };
    const body = JSON.stringify({ name: "Dropped Connection AB" });
    // Hold the insert so the first request is surely running when its client gives up.
    const lock = await lockTable(h.database.ownerUrl, "companies");
    try {
      const abort = new AbortController();
      const first = fetch(url, { method: "POST", headers, body, signal: abort.signal }).catch((error: Error) => error);
      await lock.untilWaiting(1);
      abort.abort();
      expect(await first).toBeInstanceOf(Error);

      const whileRunning = await fetch(url, { method: "POST", headers, body });
      expect(whileRunning.status).toBe(409);
      await lock.release();

      let retry: Response | undefined;
      await eventually(
        async () => {
          retry = await fetch(url, { method: "POST", headers, body });
          return retry.status !== 409;
        },
        5_000,
        "the first request to finish",
      );
      expect(retry!.status).toBe(201);
      expect(retry!.headers.get("idempotent-replayed")).toBe("true");
      const ids = await companiesNamed("Dropped Connection AB");
      expect(ids).toHaveLength(1);
      expect(((await retry!.json()) as { id: string }).id).toBe(ids[0]);
      expect(await insertAuditRows(ids)).toBe(1);
    } finally {
      await lock.release();
    }
  });

  it("never runs a request twice when a retry takes over a claim that only looked abandoned", async () => {
    const key = newKey("takeover");
    const body = { name: "Taken Over AB" };
    const lock = await lockTable(h.database.ownerUrl, "companies");
    try {
      const first = as(h.app, rep)("POST", "/api/companies", body, { "idempotency-key": key });
      await lock.untilWaiting(1);
      // The first request is slow, not dead; its claim is old enough to be taken over.
      const aged = await h.pool.query(
        "UPDATE idempotency_keys SET created_at = now() - interval '2 minutes' WHERE key = $1 AND state = 'in_progress'",
        [key],
      );
      expect(aged.rowCount).toBe(1);
      const second = as(h.app, rep)("POST", "/api/companies", body, { "idempotency-key": key });
      await lock.untilWaiting(2, "the retry to wait on the lock too");
      await lock.release();
      const statuses = [(await first).statusCode, (await second).statusCode].sort();
      expect(statuses).toEqual([201, 409]);
      const ids = await companiesNamed("Taken Over AB");
      expect(ids).toHaveLength(1);
      expect(await insertAuditRows(ids)).toBe(1);
      const replay = await as(h.app, rep)("POST", "/api/companies", body, { "idempotency-key": key });
      expect(replay.statusCode).toBe(201);
      expect(replay.json().id).toBe(ids[0]);
    } finally {
      await lock.release();
    }
  });
});

describe("Idempotency-Key on public routes (sign-in, setup)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h?.close());

  const storedKeys = async () => Number((await h.pool.query<{ n: string }>("SELECT count(*)::text AS n FROM idempotency_keys")).rows[0]!.n);
  const sessionCookie = (response: { cookies: { name: string; value: string }[] }) =>
    response.cookies.find((c) => c.name.endsWith("relata_session"))?.value;

  it("never replays a sign-in: a repeated key signs in again with a new cookie and token, and nothing is stored", async () => {
    const someone = await createUser(h.db);
    const key = newKey("login");
    const send = () =>
      h.app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { email: someone.email, password: "a sufficiently long test passphrase" },
        headers: { "idempotency-key": key },
      });
    const first = await send();
    const second = await send();
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(second.headers["idempotent-replayed"]).toBeUndefined();
    expect(sessionCookie(first)).toBeDefined();
    expect(sessionCookie(second)).toBeDefined();
    expect(sessionCookie(second)).not.toBe(sessionCookie(first));
    expect(second.json().csrfToken).not.toBe(first.json().csrfToken);
    expect(await storedKeys()).toBe(0);
  });

  it("never replays a setup: the second request with the same key is told it is already set up", async () => {
    const fresh = await createHarness();
    try {
      const key = newKey("setup");
      const body = { email: "first-admin@example.test", name: "First admin", password: "a sufficiently long setup passphrase" };
      const send = () => fresh.app.inject({ method: "POST", url: "/api/setup", payload: body, headers: { "idempotency-key": key } });
      const first = await send();
      expect(first.statusCode, first.body).toBe(201);
      const second = await send();
      expect(second.statusCode).toBe(409);
      expect(second.headers["idempotent-replayed"]).toBeUndefined();
      expect(second.headers["set-cookie"]).toBeUndefined();
      expect(Number((await fresh.pool.query<{ n: string }>("SELECT count(*)::text AS n FROM idempotency_keys")).rows[0]!.n)).toBe(0);
    } finally {
      await fresh.close();
    }
  });
});
