import type { AddressInfo } from "node:net";
import pg from "pg";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildApp, type PublishedEvent, type RelataApp } from "../../app";
import { createDb, createPool, type Db } from "../../db/connection";
import {
  as,
  createHarness,
  createTeam,
  createUser,
  login,
  testConfig,
  type Harness,
  type Session,
  type TestUser,
} from "../../../test/harness";
import { eventually, LiveClient } from "../../../test/live-client";
import { systemActor } from "../access/actor";
import { unitOfWork, type DomainEvent } from "../events/unit-of-work";

const liveUrl = (app: RelataApp) => `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/live`;

describe("live updates over /api/live", () => {
  let h: Harness;
  let owner: pg.Client;
  let admin: TestUser;
  let repA: TestUser;
  let repB: TestUser;
  let adminSession: Session;
  let repASession: Session;
  let repBSession: Session;
  const clients: LiveClient[] = [];

  const connect = async (session: Session, app: RelataApp = h.app) => {
    const client = await LiveClient.connect(liveUrl(app), { cookie: session.cookie });
    clients.push(client);
    return client;
  };
  /** Every event the first instance's hub dispatched (to wait until one has gone out). */
  const dispatched: PublishedEvent[] = [];
  const createCompany = async (session: Session, name: string) => {
    const response = await as(h.app, session)("POST", "/api/companies", { name });
    expect(response.statusCode).toBe(201);
    const company = response.json() as { id: string; version: number };
    // Its `created` event has been pushed before a test subscribes, so it never shows up there.
    await eventually(() => dispatched.some((e) => e.name === "company.created" && e.recordId === company.id), 5_000, "company.created");
    return company;
  };
  const rename = async (session: Session, id: string, name: string) => {
    const current = await as(h.app, session)("GET", `/api/companies/${id}`);
    const response = await as(h.app, session)("PATCH", `/api/companies/${id}`, { name }, { "if-match": current.headers.etag as string });
    expect(response.statusCode).toBe(200);
  };
  const companyEvent = (id: string): DomainEvent => ({
    name: "company.phantom",
    object: "company",
    recordId: id,
    topics: [`company:${id}`, "list:companies"],
  });

  beforeAll(async () => {
    h = await createHarness();
    h.app.hub.onEvent((event) => dispatched.push(event));
    await h.app.listen({ host: "127.0.0.1", port: 0 });
    owner = new pg.Client({ connectionString: h.database.ownerUrl });
    await owner.connect();
    const [teamA, teamB] = [await createTeam(h.db, "Team A"), await createTeam(h.db, "Team B")];
    admin = await createUser(h.db, { role: "administrator" });
    repA = await createUser(h.db, { role: "sales_rep", teamIds: [teamA.id] });
    repB = await createUser(h.db, { role: "sales_rep", teamIds: [teamB.id] });
    adminSession = await login(h.app, admin.email);
    repASession = await login(h.app, repA.email);
    repBSession = await login(h.app, repB.email);
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(async () => {
    await owner?.end();
    await h?.close();
  });

  it("pushes a committed company update to a second client watching the record and the list", async () => {
    const company = await createCompany(repASession, "Live AB");
    const watcher = await connect(adminSession);
    expect(await watcher.subscribe([`company:${company.id}`, "list:companies"])).toEqual({
      type: "subscribed",
      topics: [`company:${company.id}`, "list:companies"],
      denied: [],
    });

    await rename(repASession, company.id, "Live Group AB");
    const event = await watcher.event("company.updated", company.id);
    expect(event).toMatchObject({ object: "company", topics: [`company:${company.id}`, "list:companies"] });
    // The event says what changed, not the data: the client refetches with its own rights.
    expect(event).not.toHaveProperty("payload");
    expect(event).not.toHaveProperty("access");
  });

  it("never delivers an event whose transaction rolled back", async () => {
    const company = await createCompany(repASession, "Rollback AB");
    const watcher = await connect(adminSession);
    await watcher.subscribe([`company:${company.id}`, "list:companies"]);
    const { projections } = h.app.platform;

    // Fails after emitting (before publishing).
    await expect(
      unitOfWork(h.db, projections, { actor: systemActor("test") }, async (uow) => {
        await uow.emit(companyEvent(company.id));
        throw new Error("the work failed");
      }),
    ).rejects.toThrow("the work failed");
    // Published (outbox row + NOTIFY) inside a savepoint, then the enclosing transaction rolls back.
    await expect(
      h.db.transaction(async (outer) => {
        await unitOfWork(outer as unknown as Db, projections, { actor: systemActor("test") }, async (uow) =>
          uow.emit(companyEvent(company.id)),
        );
        const published = await outer.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM outbox WHERE name = 'company.phantom'`);
        expect(published.rows[0]!.n).toBe(1);
        throw new Error("roll back after publishing");
      }),
    ).rejects.toThrow("roll back after publishing");

    await rename(repASession, company.id, "Rollback Later AB");
    await watcher.event("company.updated", company.id);
    // Events are dispatched in commit order, so a phantom would have come before this one.
    expect(watcher.events().map((e) => e.name)).toEqual(["company.updated"]);
    expect((await owner.query(`SELECT count(*)::int AS n FROM outbox WHERE name = 'company.phantom'`)).rows[0].n).toBe(0);
  });

  it("denies another team's rep the record topic and sends them no list event about it", async () => {
    const company = await createCompany(repASession, "Team A Secret AB");
    const outsider = await connect(repBSession);
    expect(await outsider.subscribe([`company:${company.id}`, "list:companies"])).toMatchObject({
      topics: ["list:companies"],
      denied: [`company:${company.id}`],
    });
    const watcher = await connect(adminSession);
    await watcher.subscribe(["list:companies"]);

    await rename(repASession, company.id, "Team A Secret Group AB");
    await watcher.event("company.updated", company.id);
    // A later event the outsider may see proves the earlier one was dispatched (and withheld).
    const own = await createCompany(repBSession, "Team B Own AB");
    await outsider.event("company.created", own.id);
    expect(outsider.events().filter((e) => e.recordId === company.id)).toEqual([]);
  });

  it("refuses a cross-origin upgrade (403) and an unauthenticated one (401)", async () => {
    await expect(LiveClient.connect(liveUrl(h.app), { cookie: adminSession.cookie, origin: "http://evil.example" })).rejects.toMatchObject({
      status: 403,
    });
    await expect(LiveClient.connect(liveUrl(h.app))).rejects.toMatchObject({ status: 401 });
    await expect(LiveClient.connect(liveUrl(h.app), { cookie: "relata_session=forged" })).rejects.toMatchObject({ status: 401 });
    // Same origin is fine.
    const sameOrigin = await connect(adminSession);
    expect(sameOrigin.socket.readyState).toBe(sameOrigin.socket.OPEN);
  });

  it("answers a plain HTTP GET with 426 in the error body shape its schema declares", async () => {
    const response = await as(h.app, repASession)("GET", "/api/live");
    expect(response.statusCode).toBe(426);
    expect(response.json()).toEqual({ code: "validation", message: "Connect with a WebSocket" });
  });

  it("closes the socket when its session signs out", async () => {
    const session = await login(h.app, repA.email);
    const client = await connect(session);
    expect((await as(h.app, session)("POST", "/api/auth/logout")).statusCode).toBe(200);
    expect(await client.closed).toMatchObject({ code: 4401 });
    await expect(LiveClient.connect(liveUrl(h.app), { cookie: session.cookie })).rejects.toMatchObject({ status: 401 });
  });

  it("tells an administrator's sessions screen when someone signs in or out (list:sessions), and refuses the topic to a rep", async () => {
    const watcher = await connect(adminSession);
    expect(await watcher.subscribe(["list:sessions"])).toMatchObject({ topics: ["list:sessions"] });
    const rep = await connect(repBSession);
    expect(await rep.subscribe(["list:sessions"])).toMatchObject({ topics: [] });
    const session = await login(h.app, repA.email);
    expect(await watcher.next((m) => m.type === "event" && m.name === "session.started")).toMatchObject({
      object: "session",
      topics: ["user:" + repA.id, "list:sessions"],
    });
    expect((await as(h.app, session)("POST", "/api/auth/logout")).statusCode).toBe(200);
    expect(await watcher.next((m) => m.type === "event" && m.name === "session.ended")).toMatchObject({
      topics: ["user:" + repA.id, "list:sessions"],
    });
  });

  it("closes every socket of a user who is deactivated", async () => {
    const user = await createUser(h.db, { role: "sales_rep" });
    const [first, second] = [await connect(await login(h.app, user.email)), await connect(await login(h.app, user.email))];
    const response = await as(h.app, adminSession)("PATCH", `/api/users/${user.id}`, { active: false }, { "if-match": '"1"' });
    expect(response.statusCode).toBe(200);
    expect(await first.closed).toMatchObject({ code: 4401 });
    expect(await second.closed).toMatchObject({ code: 4401 });
  });

  it("delivers an event committed through one app instance to a client of another", async () => {
    const pool = createPool(h.database.appUrl, { max: 3 });
    const other = await buildApp({ config: testConfig(), pool, db: createDb(pool) });
    try {
      await other.listen({ host: "127.0.0.1", port: 0 });
      const company = await createCompany(repASession, "Two Nodes AB");
      const onOther = await connect(adminSession, other);
      await onOther.subscribe([`company:${company.id}`]);
      await rename(repASession, company.id, "Two Nodes Group AB");
      await onOther.event("company.updated", company.id);
      // And the other way round.
      const response = await as(other, repASession)(
        "PATCH",
        `/api/companies/${company.id}`,
        { name: "Two Nodes Back AB" },
        { "if-match": '"2"' },
      );
      expect(response.statusCode).toBe(200);
      const onFirst = await connect(adminSession);
      await onFirst.subscribe([`company:${company.id}`]);
      await as(other, repASession)("PATCH", `/api/companies/${company.id}`, { name: "Two Nodes Again AB" }, { "if-match": '"3"' });
      await onFirst.event("company.updated", company.id);
    } finally {
      await other.close();
      await pool.end();
    }
  });

  describe("when the listener connection is lost", () => {
    const liveBackends = async () =>
      (
        await owner.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE application_name = 'relata-live' AND datname = current_database()`,
        )
      ).rows.map((row) => row.pid);

    /**
     * Kills the hub's LISTEN connection and keeps it from coming back until `reopen` runs
     * (new connections to this database are refused), so what commits meanwhile can only
     * arrive through the catch-up from the outbox. The pool keeps its open connections.
     */
    async function cutListener() {
      await Promise.all(Array.from({ length: 4 }, () => h.pool.query("SELECT pg_sleep(0.01)")));
      const [before] = await liveBackends();
      expect(before).toBeDefined();
      await owner.query(`REVOKE CONNECT ON DATABASE ${h.database.name} FROM PUBLIC`);
      await owner.query("SELECT pg_terminate_backend($1)", [before]);
      await eventually(async () => !h.app.hub.connected && (await liveBackends()).length === 0, 5_000, "the listener to drop");
      return async function reopen() {
        await owner.query(`GRANT CONNECT ON DATABASE ${h.database.name} TO PUBLIC`);
        await eventually(() => h.app.hub.connected, 10_000, "the listener to reconnect");
      };
    }

    it("catches up from the outbox: an event committed while it was down still arrives, once", async () => {
      const company = await createCompany(repASession, "Reconnect AB");
      const watcher = await connect(adminSession);
      await watcher.subscribe([`company:${company.id}`]);

      const reopen = await cutListener();
      try {
        await rename(repASession, company.id, "Reconnect Group AB");
      } finally {
        await reopen();
      }
      await watcher.event("company.updated", company.id);
      // Live again: a later event arrives too, and the caught-up one came exactly once.
      await rename(repASession, company.id, "Reconnect Again AB");
      await eventually(() => watcher.events().length >= 2, 5_000, "the second event");
      // Nothing replayed from before the cut (the catch-up re-reads a window), nothing twice.
      expect(watcher.events().map((e) => [e.name, e.recordId])).toEqual([
        ["company.updated", company.id],
        ["company.updated", company.id],
      ]);
      expect(new Set(watcher.events().map((e) => e.id)).size).toBe(2);
    });

    it("catches up an event that committed after a newer one (ids are drawn before commit)", async () => {
      const company = await createCompany(repASession, "Out Of Order AB");
      const watcher = await connect(adminSession);
      await watcher.subscribe([`company:${company.id}`, "list:companies"]);
      const { projections } = h.app.platform;

      // T1 draws an outbox id and stays open; T2 draws a later id and commits first.
      let commitFirst!: () => void;
      const held = new Promise<void>((resolve) => (commitFirst = resolve));
      let published!: () => void;
      const drawn = new Promise<void>((resolve) => (published = resolve));
      const first = h.db.transaction(async (outer) => {
        await unitOfWork(outer as unknown as Db, projections, { actor: systemActor("test") }, async (uow) =>
          uow.emit({ ...companyEvent(company.id), name: "company.slow" }),
        );
        published();
        await held;
      });
      await drawn;
      const later = await createCompany(repASession, "Committed First AB");
      await watcher.event("company.created", later.id);

      const reopen = await cutListener();
      try {
        commitFirst();
        await first;
      } finally {
        await reopen();
      }
      await watcher.event("company.slow", company.id);
    });
  });
});
