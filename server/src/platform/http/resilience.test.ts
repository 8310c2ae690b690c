import { mkdtempSync, rmSync } from "node:fs";
import { connect as tcpConnect, type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LightMyRequestResponse } from "fastify";
import { buildApp, type RelataApp } from "../../app";
import { createDb, createPool, migrate, withCredentials } from "../../db/connection";
import { startEmbeddedPostgres, type EmbeddedServer } from "../../db/embedded";
import { ensureBuiltinRoles } from "../access/roles.repository";
import { as, createHarness, createUser, login, testConfig, type Harness, type Session } from "../../../test/harness";
import { eventually, withTimeout } from "../../../test/live-client";
import { lockTable } from "../../../test/table-lock";

type Outcome = { kind: "read" | "write" | "live"; status: number; retryAfter: string | undefined; body: string };

/**
 * A bounded mixed load through `inject`: workers that read one company, list companies and
 * create companies until `stop()`; every answer is kept for the assertions.
 */
function startLoad(app: RelataApp, session: Session, companyId: string, workers = 4) {
  const outcomes: Outcome[] = [];
  let running = true;
  let created = 0;
  const record = (kind: Outcome["kind"], response: LightMyRequestResponse) =>
    outcomes.push({
      kind,
      status: response.statusCode,
      retryAfter: response.headers["retry-after"] as string | undefined,
      body: response.body,
    });
  const api = as(app, session);
  const worker = async (w: number) => {
    for (let i = 0; running; i++) {
      record("read", await api("GET", `/api/companies/${companyId}`));
      record("read", await api("GET", "/api/companies?limit=20"));
      if (i % 2 === 0) {
        const response = await api("POST", "/api/companies", { name: `Load ${w}-${i} AB`, ignoreDuplicates: true });
        if (response.statusCode === 201) created += 1;
        record("write", response);
      }
      record("live", await app.inject({ method: "GET", url: "/health/live" }));
    }
  };
  const done = Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  return {
    outcomes,
    created: () => created,
    stop: async () => {
      running = false;
      await done;
      return outcomes;
    },
  };
}

/** The response policy: 2xx, or 503 with Retry-After and no internals; never 500. */
function expectOnlySuccessOr503(outcomes: Outcome[]) {
  const bad = outcomes.filter((o) => !(o.status >= 200 && o.status < 300) && !(o.status === 503 && o.retryAfter !== undefined));
  expect(bad.map((o) => `${o.kind} ${o.status} ${o.body.slice(0, 200)}`)).toEqual([]);
  for (const o of outcomes.filter((o) => o.status === 503)) {
    expect(o.body).not.toMatch(/select|insert|update|stack|at .*\.ts/i);
  }
  expect(outcomes.filter((o) => o.kind === "live" && o.status !== 200)).toEqual([]);
}

/** No half-applied operation: each company has exactly one insert audit row, and each such row a company. */
async function expectEveryCompanyAuditedOnce(query: (sql: string) => Promise<{ rows: { n: number }[] }>) {
  const orphans = await query(`
    SELECT count(*)::int AS n FROM (
      SELECT c.id::text AS id, count(a.id) AS inserts
        FROM companies c LEFT JOIN audit_log a ON a.table_name = 'companies' AND a.operation = 'insert' AND a.record_id = c.id::text
       GROUP BY c.id
      HAVING count(a.id) <> 1
      UNION ALL
      SELECT a.record_id, 0 FROM audit_log a
       WHERE a.table_name = 'companies' AND a.operation = 'insert' AND NOT EXISTS (SELECT 1 FROM companies c WHERE c.id::text = a.record_id)
    ) problems`);
  expect(orphans.rows[0]!.n).toBe(0);
}

describe("fault drills", () => {
  describe("database connections killed under load (R-2)", () => {
    let h: Harness;
    let owner: pg.Client;

    beforeAll(async () => {
      h = await createHarness();
      owner = new pg.Client({ connectionString: h.database.ownerUrl });
      await owner.connect();
    });
    afterAll(async () => {
      await owner?.end();
      await h?.close();
    });

    it("answers only 2xx or 503 + Retry-After, keeps /health/live up, and recovers fully", { timeout: 60_000 }, async () => {
      const admin = await createUser(h.db, { role: "administrator" });
      const session = await login(h.app, admin.email);
      const company = (await as(h.app, session)("POST", "/api/companies", { name: "Target AB", ignoreDuplicates: true })).json()
        .id as string;

      // Every app connection of this database is killed every 100 ms for 5 s: 50 times harsher than
      // R-2's drill. An unhandled pool error would crash the worker (Vitest reports it as a failure).
      // On a loaded machine 5 s may answer few requests: the kills go on until at least 60 reads
      // were answered under them (at most 20 s), so the assertions below always have a sample.
      const load = startLoad(h.app, session, company);
      let kills = 0;
      const until = Date.now() + 5_000;
      const latest = Date.now() + 20_000;
      const answeredReads = () => load.outcomes.filter((o) => o.kind === "read").length;
      while (Date.now() < until || (answeredReads() < 60 && Date.now() < latest)) {
        const killed = await owner.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE usename = $1 AND datname = current_database() AND pid <> pg_backend_pid()`,
          [new URL(h.database.appUrl).username],
        );
        kills += killed.rowCount ?? 0;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const outcomes = await load.stop();

      expect(kills).toBeGreaterThan(10);
      // No pool client leaked by a failed transaction: every one is back once the load stopped.
      await eventually(
        () => h.pool.totalCount === h.pool.idleCount && h.pool.waitingCount === 0,
        3_000,
        "every pool client to be returned",
      );
      expectOnlySuccessOr503(outcomes);
      const reads = outcomes.filter((o) => o.kind === "read");
      const readSuccess = reads.filter((o) => o.status === 200).length / reads.length;
      expect(reads.length).toBeGreaterThan(50);
      // Idempotent reads are retried once on a dropped connection; a retry can be killed too at this
      // rate, and how often depends on how slow the machine is (0.84–1.0 with the suite alone on 2
      // cores, down to 0.38 with browsers building beside it). What must hold: reads keep getting
      // through during the kills (the pool replaces dead connections), and all of them after.
      expect(readSuccess).toBeGreaterThan(0.2);

      // Kills over: everything succeeds again.
      const after = startLoad(h.app, session, company, 2);
      await eventually(() => after.outcomes.length >= 40, 10_000, "40 requests after the kills");
      const calm = await after.stop();
      expect(calm.filter((o) => o.status >= 300).map((o) => `${o.kind} ${o.status} ${o.body.slice(0, 120)}`)).toEqual([]);
      await expectEveryCompanyAuditedOnce((sql) => owner.query(sql));
      await eventually(() => h.app.hub.connected, 10_000, "the live listener to reconnect");
    });

    /** Holds `table`, sends the request, kills the backend that waits for the table, lets go. */
    async function killWhileWaiting(table: string, send: () => Promise<LightMyRequestResponse>) {
      const lock = await lockTable(h.database.ownerUrl, table, "ACCESS EXCLUSIVE");
      try {
        const response = send();
        await lock.untilWaiting(1);
        const killed = await owner.query(
          "SELECT pid, usename, application_name, left(query, 80) AS query, pg_terminate_backend(pid) FROM pg_stat_activity WHERE backend_type = 'client backend' AND $1 = ANY(pg_blocking_pids(pid))",
          [lock.pid],
        );
        expect(killed.rows, "the backends killed").toHaveLength(1);
        await lock.release();
        return await response;
      } finally {
        await lock.release();
      }
    }

    it("answers a read whose connection is killed while it checks the session (retried once)", async () => {
      const admin = await createUser(h.db, { role: "administrator" });
      const session = await login(h.app, admin.email);
      const company = (await as(h.app, session)("POST", "/api/companies", { name: "Session Check AB", ignoreDuplicates: true })).json()
        .id as string;
      // The POST left the actor in this node's short-lived cache; this drill is about the lookup itself.
      h.app.platform.actors.clear();
      const response = await killWhileWaiting("sessions", () => as(h.app, session)("GET", `/api/companies/${company}`));
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: company, name: "Session Check AB" });
    });

    it("never repeats a write whose connection is killed: 503 + Retry-After and nothing written", async () => {
      const admin = await createUser(h.db, { role: "administrator" });
      const session = await login(h.app, admin.email);
      const response = await killWhileWaiting("companies", () =>
        as(h.app, session)("POST", "/api/companies", { name: "Killed Write AB", ignoreDuplicates: true }),
      );
      expect(response.statusCode).toBe(503);
      expect(response.headers["retry-after"]).toBeDefined();
      expect(response.json()).toMatchObject({ code: "unavailable" });
      expect((await owner.query("SELECT count(*)::int AS n FROM companies WHERE name = 'Killed Write AB'")).rows[0].n).toBe(0);
      await expectEveryCompanyAuditedOnce((sql) => owner.query(sql));
      expect((await as(h.app, session)("POST", "/api/companies", { name: "Killed Write AB", ignoreDuplicates: true })).statusCode).toBe(
        201,
      );
    });
  });

  describe("database restart under load (R-1)", () => {
    let dir: string;
    let embedded: EmbeddedServer | undefined;
    let app: RelataApp | undefined;
    let pool: pg.Pool | undefined;
    const superPassword = "relata-restart-drill-super";
    const appRole = "relata_app";
    const appPassword = "relata-restart-drill-app-password";

    const start = (port?: number) => startEmbeddedPostgres({ dataDir: path.join(dir, "postgres"), password: superPassword, port });

    beforeAll(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), "relata-restart-drill-"));
      embedded = await start();
      const admin = new pg.Client({ connectionString: embedded.superUrl() });
      await admin.connect();
      await admin.query("CREATE DATABASE relata");
      await admin.end();
      const ownerUrl = embedded.superUrl("relata");
      await migrate(ownerUrl, appRole, appPassword);
      pool = createPool(withCredentials(ownerUrl, appRole, appPassword), { max: 5 });
      const db = createDb(pool);
      await ensureBuiltinRoles(db);
      app = await buildApp({ config: testConfig(), pool, db });
      await app.ready();
    }, 120_000);
    afterAll(async () => {
      await app?.close();
      await pool?.end();
      await embedded?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("answers 503 + Retry-After while the database is down and is error-free within 5 s of its return", async () => {
      const db = createDb(pool!);
      const admin = await createUser(db, { role: "administrator" });
      const session = await login(app!, admin.email);
      const company = (await as(app!, session)("POST", "/api/companies", { name: "Restart AB", ignoreDuplicates: true })).json()
        .id as string;
      const port = embedded!.port;

      const load = startLoad(app!, session, company);
      await eventually(() => load.created() >= 5, 10_000, "some writes before the restart");
      await embedded!.stop();

      // Down: readiness and the API say 503 with Retry-After; liveness stays 200.
      const ready = await app!.inject({ method: "GET", url: "/health/ready" });
      expect(ready.statusCode).toBe(503);
      expect(ready.headers["retry-after"]).toBeDefined();
      expect((await app!.inject({ method: "GET", url: "/health/live" })).statusCode).toBe(200);
      const during = await as(app!, session)("GET", `/api/companies/${company}`);
      expect(during.statusCode).toBe(503);
      expect(during.headers["retry-after"]).toBeDefined();
      const writeDuring = await as(app!, session)("POST", "/api/companies", { name: "While Down AB", ignoreDuplicates: true });
      expect(writeDuring.statusCode).toBe(503);
      await eventually(() => load.outcomes.filter((o) => o.status === 503).length >= 8, 10_000, "the load to see the outage");

      embedded = await start(port);
      expect({ port: embedded.port, adopted: embedded.adopted }).toEqual({ port, adopted: false });
      // A second start on the same directory adopts the running server (and must leave it running).
      expect(await start()).toMatchObject({ port, adopted: true });
      // Error-free again within 5 s of the database's return: readiness, a read and a write.
      await eventually(
        async () =>
          (await app!.inject({ method: "GET", url: "/health/ready" })).statusCode === 200 &&
          (await as(app!, session)("GET", `/api/companies/${company}`)).statusCode === 200 &&
          (await as(app!, session)("POST", "/api/companies", { name: "Back Again AB", ignoreDuplicates: true })).statusCode === 201,
        5_000,
        "the API to recover",
      );
      const settledAt = load.outcomes.length;
      await eventually(() => load.outcomes.length >= settledAt + 40, 10_000, "40 requests after recovery");
      const outcomes = await load.stop();
      expectOnlySuccessOr503(outcomes);
      expect(
        outcomes
          .slice(settledAt)
          .filter((o) => o.status !== 200 && o.status !== 201)
          .map((o) => `${o.kind} ${o.status}`),
      ).toEqual([]);
      expect((await as(app!, session)("POST", "/api/companies", { name: "After Restart AB", ignoreDuplicates: true })).statusCode).toBe(
        201,
      );

      const owner = new pg.Client({ connectionString: embedded.superUrl("relata") });
      await owner.connect();
      try {
        await expectEveryCompanyAuditedOnce((sql) => owner.query(sql));
      } finally {
        await owner.end();
      }
      await eventually(() => app!.hub.connected, 10_000, "the live listener to reconnect");
    });
  });

  describe("graceful shutdown (R-9)", () => {
    let h: Harness;
    beforeAll(async () => {
      h = await createHarness();
    });
    afterAll(async () => h?.close());

    it("finishes the requests in flight, refuses new connections, then closes", async () => {
      const admin = await createUser(h.db, { role: "administrator" });
      const session = await login(h.app, admin.email);
      await h.app.listen({ host: "127.0.0.1", port: 0 });
      const port = (h.app.server.address() as AddressInfo).port;
      const headers = { cookie: session.cookie, "x-csrf-token": session.csrfToken, "content-type": "application/json" };

      const lock = await lockTable(h.database.ownerUrl, "companies");
      let closed: Promise<void> | undefined;
      try {
        const inFlight = Array.from({ length: 5 }, (_, i) =>
          fetch(`http://127.0.0.1:${port}/api/companies`, { method: "POST", headers, body: JSON.stringify({ name: `In Flight ${i} AB` }) }),
        );
        await lock.untilWaiting(5);
        closed = h.app.close();
        await eventually(() => refused(port), 5_000, "new connections to be refused");
        await lock.release();
        const responses = await Promise.all(inFlight);
        expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
        // Their keep-alive connections do not hold the shutdown up (R-9: well within 10 s).
        await withTimeout(closed, 5_000, "app.close() to finish after the requests in flight");
      } finally {
        await lock.release();
        await closed;
      }
      const rows = await h.pool.query("SELECT count(*)::int AS n FROM companies WHERE name LIKE 'In Flight % AB'");
      expect(rows.rows[0].n).toBe(5);
    });
  });
});

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}
