import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { as, createHarness, createTeam, createUser, login, type Harness, type Session } from "../../../test/harness";
import { auditLog, roles, users } from "../../db/schema";
import { verifyAuditChain } from "./audit.repository";
import { runDoctor } from "./doctor";

type AuditRow = typeof auditLog.$inferSelect;

const rowsOfRequest = (h: Harness, requestId: string): Promise<AuditRow[]> =>
  h.db.select().from(auditLog).where(eq(auditLog.requestId, requestId)).orderBy(asc(auditLog.id));

/** A connection as the database owner (superuser in tests): the one who could tamper. */
async function ownerClient(h: Harness) {
  const client = new pg.Client({ connectionString: h.database.ownerUrl });
  await client.connect();
  return client;
}

let requestCounter = 0;
const requestId = (label: string) => `${label}-${process.pid}-${++requestCounter}`;

describe("audit trail (LG-1)", () => {
  let h: Harness;
  let admin: { id: string; email: string };
  let adminSession: Session;
  let api: ReturnType<typeof as>;

  beforeAll(async () => {
    h = await createHarness();
    admin = await createUser(h.db, { role: "administrator" });
    adminSession = await login(h.app, admin.email);
    api = as(h.app, adminSession);
  });
  afterAll(async () => h?.close());

  describe("every write leaves exactly one row per row change", () => {
    it("records a company create, update and delete with actor, request id and before/after", async () => {
      const createId = requestId("create");
      const created = await api("POST", "/api/companies", { name: "Audited AB" }, { "x-request-id": createId });
      expect(created.statusCode).toBe(201);
      const company = created.json() as { id: string };

      const [insert, ...extraInserts] = await rowsOfRequest(h, createId);
      expect(extraInserts).toEqual([]);
      expect(insert).toMatchObject({
        tableName: "companies",
        recordId: company.id,
        operation: "insert",
        actorId: admin.id,
        requestId: createId,
        before: null,
      });
      expect(insert!.after).toMatchObject({ id: company.id, name: "Audited AB", owner_id: admin.id, version: 1 });
      expect(insert!.changed).toEqual(Object.keys(insert!.after!).sort());

      const updateId = requestId("update");
      const updated = await api(
        "PATCH",
        `/api/companies/${company.id}`,
        { name: "Audited Group AB" },
        { "if-match": '"1"', "x-request-id": updateId },
      );
      expect(updated.statusCode).toBe(200);
      const updateRows = await rowsOfRequest(h, updateId);
      expect(updateRows).toHaveLength(1);
      // Only what changed: no version / updated_at noise, no unchanged columns.
      expect(updateRows[0]).toMatchObject({
        tableName: "companies",
        recordId: company.id,
        operation: "update",
        actorId: admin.id,
        // name_key is generated from the name (duplicate matching), so it changes with it.
        changed: ["name", "name_key"],
        before: { name: "Audited AB" },
        after: { name: "Audited Group AB" },
      });

      const deleteId = requestId("delete");
      const deleted = await api("DELETE", `/api/companies/${company.id}`, undefined, { "x-request-id": deleteId });
      expect(deleted.statusCode).toBe(204);
      const deleteRows = await rowsOfRequest(h, deleteId);
      expect(deleteRows).toHaveLength(1);
      expect(deleteRows[0]).toMatchObject({
        tableName: "companies",
        recordId: company.id,
        operation: "delete",
        actorId: admin.id,
        after: null,
      });
      expect(deleteRows[0]!.before).toMatchObject({ id: company.id, name: "Audited Group AB", version: 2 });

      const history = await h.db.select().from(auditLog).where(eq(auditLog.recordId, company.id));
      expect(history.map((row) => row.operation)).toEqual(["insert", "update", "delete"]);
    });

    it("writes no row for an update that changes nothing and none for a refused one", async () => {
      const created = await api("POST", "/api/companies", { name: "Unchanged AB" });
      const id = created.json().id as string;
      const sameId = requestId("same");
      expect(
        (await api("PATCH", `/api/companies/${id}`, { name: "Unchanged AB" }, { "if-match": '"1"', "x-request-id": sameId })).statusCode,
      ).toBe(200);
      expect(await rowsOfRequest(h, sameId)).toEqual([]);
      const staleId = requestId("stale");
      expect(
        (await api("PATCH", `/api/companies/${id}`, { name: "Never" }, { "if-match": '"1"', "x-request-id": staleId })).statusCode,
      ).toBe(412);
      expect(await rowsOfRequest(h, staleId)).toEqual([]);
    });

    it("records a user create and its team memberships, never the password hash", async () => {
      const team = await createTeam(h.db);
      const [salesRep] = await h.db.select().from(roles).where(eq(roles.key, "sales_rep"));
      const createId = requestId("user-create");
      const response = await api(
        "POST",
        "/api/users",
        {
          email: "new.colleague@example.test",
          name: "New Colleague",
          password: "another long enough passphrase",
          roleId: salesRep!.id,
          teamIds: [team.id],
        },
        { "x-request-id": createId },
      );
      expect(response.statusCode).toBe(201);
      const userId = response.json().id as string;
      const rows = await rowsOfRequest(h, createId);
      expect(rows.map((row) => [row.tableName, row.operation])).toEqual([
        ["users", "insert"],
        ["team_members", "insert"],
      ]);
      expect(rows.every((row) => row.actorId === admin.id)).toBe(true);
      expect(rows[0]!.recordId).toBe(userId);
      expect(rows[0]!.after).toMatchObject({ id: userId, email: "new.colleague@example.test" });
      expect(rows[0]!.after).not.toHaveProperty("password_hash");
      expect(rows[0]!.changed).not.toContain("password_hash");
      expect(rows[1]!.after).toEqual({ team_id: team.id, user_id: userId });

      // A password reset changes only the (hidden) hash: an event row, no row with the secret.
      const resetId = requestId("reset");
      expect(
        (await api("POST", `/api/users/${userId}/password`, { password: "a brand new long passphrase" }, { "x-request-id": resetId }))
          .statusCode,
      ).toBe(200);
      const resetRows = await rowsOfRequest(h, resetId);
      expect(resetRows.map((row) => [row.tableName, row.operation])).toEqual([["users", "password.reset"]]);

      const [{ hash }] = (await h.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId))) as [{ hash: string }];
      const leaks = await h.pool.query(
        `SELECT count(*)::int AS n FROM audit_log
          WHERE (coalesce(before::text, '') || coalesce(after::text, '') || array_to_string(changed, ',')) ~ $1
             OR position($2 in coalesce(before::text, '') || coalesce(after::text, '')) > 0`,
        ["password_hash|token_hash|csrf_token|secret_hash|\\$argon2", hash],
      );
      expect(leaks.rows[0].n).toBe(0);
    });

    it("records a team membership change as delete + insert of the link rows only", async () => {
      const [teamA, teamB] = [await createTeam(h.db), await createTeam(h.db)];
      const member = await createUser(h.db, { role: "sales_rep", teamIds: [teamA.id] });
      const patchId = requestId("membership");
      const response = await api(
        "PATCH",
        `/api/users/${member.id}`,
        { teamIds: [teamB.id] },
        { "if-match": '"1"', "x-request-id": patchId },
      );
      expect(response.statusCode).toBe(200);
      const rows = await rowsOfRequest(h, patchId);
      expect(rows.map((row) => [row.tableName, row.operation, row.before, row.after])).toEqual([
        ["team_members", "delete", { team_id: teamA.id, user_id: member.id }, null],
        ["team_members", "insert", null, { team_id: teamB.id, user_id: member.id }],
      ]);
      expect(rows.map((row) => row.recordId)).toEqual([`${teamA.id}:${member.id}`, `${teamB.id}:${member.id}`]);
    });

    it("records a role (permission) change with the old and new permissions", async () => {
      const [role] = await h.db.select().from(roles).where(eq(roles.key, "service_desk"));
      const permissions = structuredClone(role!.permissions) as Record<string, Record<string, string>>;
      permissions.company!.update = "own";
      const patchId = requestId("role");
      const response = await api(
        "PATCH",
        `/api/roles/${role!.id}`,
        { name: "Service desk (edit own)", permissions },
        { "if-match": `"${role!.version}"`, "x-request-id": patchId },
      );
      expect(response.statusCode).toBe(200);
      const rows = await rowsOfRequest(h, patchId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        tableName: "roles",
        recordId: role!.id,
        operation: "update",
        actorId: admin.id,
        changed: ["name", "permissions"],
      });
      expect((rows[0]!.before as { permissions: typeof permissions }).permissions.company!.update).toBe("none");
      expect((rows[0]!.after as { permissions: typeof permissions }).permissions.company!.update).toBe("own");
    });

    it("records sign-in and sign-out with the user and request id", async () => {
      const user = await createUser(h.db, { role: "sales_rep" });
      const loginId = requestId("login");
      const response = await h.app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { email: user.email, password: "a sufficiently long test passphrase" },
        headers: { "x-request-id": loginId },
      });
      expect(response.statusCode).toBe(200);
      const loginRows = await rowsOfRequest(h, loginId);
      const signIn = loginRows.filter((row) => row.operation === "login");
      expect(signIn).toHaveLength(1);
      expect(signIn[0]).toMatchObject({ tableName: "sessions", actorId: user.id });
      // The only other row is the last-login timestamp of the user.
      expect(loginRows.filter((row) => row.operation !== "login").map((row) => [row.tableName, row.operation, row.changed])).toEqual([
        ["users", "update", ["last_login_at"]],
      ]);

      const cookie = response.cookies.find((c) => c.name.endsWith("relata_session"))!;
      const session = { cookie: `${cookie.name}=${cookie.value}`, csrfToken: response.json().csrfToken as string, userId: user.id };
      const logoutId = requestId("logout");
      expect((await as(h.app, session)("POST", "/api/auth/logout", undefined, { "x-request-id": logoutId })).statusCode).toBe(200);
      const logoutRows = await rowsOfRequest(h, logoutId);
      expect(logoutRows.map((row) => [row.tableName, row.operation, row.actorId, row.recordId])).toEqual([
        ["sessions", "logout", user.id, signIn[0]!.recordId],
      ]);
    });
  });

  describe("nobody can change the trail", () => {
    it("denies the app role UPDATE, DELETE and TRUNCATE (permission error)", async () => {
      for (const statement of ["UPDATE audit_log SET operation = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log"]) {
        await expect(h.pool.query(statement), statement).rejects.toMatchObject({
          code: "42501",
          message: expect.stringMatching(/permission denied/),
        });
      }
    });

    it("makes even the owner's UPDATE, DELETE and TRUNCATE fail in the immutability trigger", async () => {
      const owner = await ownerClient(h);
      try {
        for (const statement of ["UPDATE audit_log SET operation = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log"]) {
          await expect(owner.query(statement), statement).rejects.toMatchObject({ message: "audit_log is append-only" });
        }
      } finally {
        await owner.end();
      }
    });

    it("gives the app role INSERT and SELECT only, no superuser, no table ownership (IN-2)", async () => {
      const { rows } = await h.pool.query(`
        SELECT has_table_privilege(current_user, 'audit_log', 'UPDATE') AS can_update,
               has_table_privilege(current_user, 'audit_log', 'DELETE') AS can_delete,
               has_table_privilege(current_user, 'audit_log', 'TRUNCATE') AS can_truncate,
               has_table_privilege(current_user, 'audit_log', 'INSERT') AS can_insert,
               has_table_privilege(current_user, 'audit_log', 'SELECT') AS can_select,
               (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS rolsuper,
               (SELECT count(*)::int FROM pg_tables WHERE tableowner = current_user) AS owned_tables,
               pg_has_role(current_user, 'pg_execute_server_program', 'MEMBER') AS can_run_programs`);
      expect(rows[0]).toEqual({
        can_update: false,
        can_delete: false,
        can_truncate: false,
        can_insert: true,
        can_select: true,
        rolsuper: false,
        owned_tables: 0,
        can_run_programs: false,
      });
    });

    it("offers no API to change audit rows (404/405)", async () => {
      const [row] = await h.db.select({ id: auditLog.id }).from(auditLog).limit(1);
      for (const method of ["PUT", "PATCH", "DELETE", "POST"] as const) {
        for (const url of ["/api/audit", `/api/audit/${row!.id}`]) {
          const response = await api(method, url, method === "DELETE" ? undefined : { operation: "x" });
          expect([404, 405], `${method} ${url}`).toContain(response.statusCode);
        }
      }
      expect((await verifyAuditChain(h.db)).problems).toEqual([]);
    });
  });

  describe("GET /api/audit", () => {
    it("filters by table, record, actor and operation", async () => {
      const created = await api("POST", "/api/companies", { name: "Filtered AB" });
      const id = created.json().id as string;
      await api("PATCH", `/api/companies/${id}`, { name: "Filtered Two AB" }, { "if-match": '"1"' });
      await api("PATCH", `/api/companies/${id}`, { name: "Filtered Three AB" }, { "if-match": '"2"' });

      const byRecord = await api("GET", `/api/audit?tableName=companies&recordId=${id}`);
      expect(byRecord.statusCode).toBe(200);
      expect(byRecord.json().items.map((item: { operation: string }) => item.operation)).toEqual(["update", "update", "insert"]);
      expect(byRecord.json().items[0]).toMatchObject({
        actorId: admin.id,
        tableName: "companies",
        recordId: id,
        before: { name: "Filtered Two AB" },
        after: { name: "Filtered Three AB" },
      });

      const updates = await api("GET", `/api/audit?recordId=${id}&operation=update`);
      expect(updates.json().items).toHaveLength(2);

      const byActor = (await api("GET", `/api/audit?actorId=${admin.id}&limit=200`)).json().items as { actorId: string }[];
      expect(byActor.length).toBeGreaterThanOrEqual(3);
      expect(byActor.every((item) => item.actorId === admin.id)).toBe(true);

      const none = await api("GET", `/api/audit?tableName=companies&operation=login`);
      expect(none.json()).toEqual({ items: [], nextCursor: null });
      expect((await api("GET", "/api/audit?tableName=Robert'); DROP TABLE x")).statusCode).toBe(400);
    });

    it("pages with a cursor through every row exactly once, newest first", async () => {
      const all = await h.db.select({ id: auditLog.id }).from(auditLog);
      const expected = all.map((row) => row.id.toString()).sort((a, b) => Number(BigInt(b) - BigInt(a)));
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const response = await api("GET", `/api/audit?limit=7${cursor ? `&cursor=${cursor}` : ""}`);
        expect(response.statusCode).toBe(200);
        const body = response.json() as { items: { id: string }[]; nextCursor: string | null };
        expect(body.items.length).toBeLessThanOrEqual(7);
        seen.push(...body.items.map((item) => item.id));
        cursor = body.nextCursor;
        pages += 1;
      } while (cursor && pages < 100);
      // Rows written by these very requests (none: reads are not audited) would show up here.
      expect(seen).toEqual(expected);
    });

    it("is refused to a sales rep (403)", async () => {
      const rep = await createUser(h.db, { role: "sales_rep" });
      const response = await as(h.app, await login(h.app, rep.email))("GET", "/api/audit");
      expect(response.statusCode).toBe(403);
    });
  });

  describe("hash chain", () => {
    it("stays intact under 50 concurrent writers", async () => {
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) => api("POST", "/api/companies", { name: `Concurrent ${i} AB`, ignoreDuplicates: true })),
      );
      expect(responses.map((r) => r.statusCode)).toEqual(Array(50).fill(201));
      const ids = new Set(responses.map((r) => r.json().id as string));
      const inserts = await h.pool.query(
        `SELECT record_id FROM audit_log WHERE table_name = 'companies' AND operation = 'insert' AND record_id = ANY($1)`,
        [[...ids]],
      );
      expect(inserts.rowCount).toBe(50);
      const chain = await verifyAuditChain(h.db);
      expect(chain.problems).toEqual([]);
      const count = await h.pool.query(`SELECT count(*)::int AS n FROM audit_log`);
      expect(chain.rows).toBe(count.rows[0].n);
      // Ids are chain order: each row links to the one before it.
      const links = await h.pool.query(
        `SELECT count(*)::int AS n FROM (SELECT prev_hash, lag(hash) OVER (ORDER BY id) AS before FROM audit_log) c WHERE before IS NOT NULL AND before <> prev_hash`,
      );
      expect(links.rows[0].n).toBe(0);
    });

    it("holds the chain only at commit: a long transaction does not hold up another writer, and the chain follows commit order", async () => {
      const [slow] = (await h.pool.query(`INSERT INTO companies (name, owner_id) VALUES ('Slow writer AB', $1) RETURNING id`, [admin.id]))
        .rows as [{ id: string }];
      const long = await h.pool.connect();
      try {
        await long.query("BEGIN");
        await long.query(`UPDATE companies SET name = 'Slow writer, renamed AB' WHERE id = $1`, [slow.id]);
        // Its row waits outside the chain until commit.
        expect((await long.query(`SELECT count(*)::int AS n FROM audit_pending WHERE tx = txid_current()`)).rows[0].n).toBe(1);
        // Meanwhile another audited write commits at once (it used to wait for the chain lock).
        const started = Date.now();
        const quick = await api("POST", "/api/companies", { name: "Quick writer AB", ignoreDuplicates: true });
        expect(quick.statusCode).toBe(201);
        expect(Date.now() - started).toBeLessThan(5_000);
        await long.query("COMMIT");
        const order = await h.pool.query(
          `SELECT id, record_id FROM audit_log WHERE record_id = ANY($1) AND table_name = 'companies' ORDER BY id`,
          [[slow.id, quick.json().id]],
        );
        expect(order.rows.map((row) => row.record_id)).toEqual([slow.id, quick.json().id, slow.id]);
      } finally {
        await long.query("ROLLBACK").catch(() => undefined);
        long.release();
      }
      expect((await h.pool.query(`SELECT count(*)::int AS n FROM audit_pending`)).rows[0].n).toBe(0);
      expect((await verifyAuditChain(h.db)).problems).toEqual([]);
    });

    it("moves a big transaction's rows into the chain once, in order, and rows written after an early flush too", async () => {
      const client = await h.pool.connect();
      try {
        await client.query("BEGIN");
        await client.query(
          `INSERT INTO companies (name, owner_id) SELECT 'Bulk ' || lpad(n::text, 4, '0') || ' AB', $1 FROM generate_series(1, 3000) n`,
          [admin.id],
        );
        // Deferred triggers fired early (as SET CONSTRAINTS … IMMEDIATE does): the first 3,000 join the chain now …
        await client.query("SET CONSTRAINTS ALL IMMEDIATE");
        expect((await client.query(`SELECT count(*)::int AS n FROM audit_pending WHERE tx = txid_current()`)).rows[0].n).toBe(0);
        await client.query("SET CONSTRAINTS ALL DEFERRED");
        // … and what is written afterwards joins at commit.
        await client.query(`INSERT INTO companies (name, owner_id) VALUES ('Bulk late AB', $1)`, [admin.id]);
        await client.query("COMMIT");
      } finally {
        await client.query("ROLLBACK").catch(() => undefined);
        client.release();
      }
      const names = await h.pool.query<{ name: string }>(
        `SELECT after ->> 'name' AS name FROM audit_log WHERE table_name = 'companies' AND operation = 'insert'
            AND after ->> 'name' LIKE 'Bulk %' ORDER BY id`,
      );
      expect(names.rows).toHaveLength(3001);
      expect(names.rows.slice(0, 3).map((row) => row.name)).toEqual(["Bulk 0001 AB", "Bulk 0002 AB", "Bulk 0003 AB"]);
      expect(names.rows.at(-1)!.name).toBe("Bulk late AB");
      expect((await h.pool.query(`SELECT count(*)::int AS n FROM audit_pending`)).rows[0].n).toBe(0);
      expect((await verifyAuditChain(h.db)).problems).toEqual([]);
    });

    it("drops the pending rows of a transaction that rolls back", async () => {
      const client = await h.pool.connect();
      try {
        await client.query("BEGIN");
        await client.query(`INSERT INTO companies (name, owner_id) VALUES ('Never committed AB', $1)`, [admin.id]);
        await client.query("ROLLBACK");
      } finally {
        client.release();
      }
      expect((await h.pool.query(`SELECT count(*)::int AS n FROM audit_pending`)).rows[0].n).toBe(0);
      expect((await h.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE after ->> 'name' = 'Never committed AB'`)).rows[0].n).toBe(
        0,
      );
    });

    it("reports a healthy database in the doctor", async () => {
      const report = await runDoctor(h.database.ownerUrl, h.database.appUrl);
      expect(report.checks.filter((check) => !check.ok)).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.checks.map((check) => check.text)).toEqual(
        expect.arrayContaining([
          "the app role is not a superuser",
          "the app role owns no tables",
          "the app role cannot update or delete audit rows",
          expect.stringMatching(/^audit chain intact/),
          "no audit rows left outside the chain",
        ]),
      );
    });
  });
});

describe("audit chain tampering by the database owner", () => {
  let h: Harness;
  let owner: pg.Client;
  let ids: string[];

  beforeAll(async () => {
    h = await createHarness();
    const admin = await createUser(h.db, { role: "administrator" });
    const api = as(h.app, await login(h.app, admin.email));
    for (const name of ["Alpha AB", "Beta AB", "Gamma AB", "Delta AB"])
      expect((await api("POST", "/api/companies", { name })).statusCode).toBe(201);
    const rows = await h.db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.tableName, "companies")).orderBy(asc(auditLog.id));
    ids = rows.map((row) => row.id.toString());
    owner = await ownerClient(h);
    await owner.query("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update");
  });
  afterAll(async () => {
    await owner?.end();
    await h?.close();
  });

  it("starts from an intact chain", async () => {
    expect((await verifyAuditChain(h.db)).problems).toEqual([]);
  });

  it("detects a changed row (reason hash) and the doctor fails", async () => {
    await owner.query(`UPDATE audit_log SET after = jsonb_set(after, '{name}', '"Forged AB"') WHERE id = $1`, [ids[1]]);
    expect((await verifyAuditChain(h.db)).problems).toEqual([{ id: ids[1], reason: "hash" }]);

    const report = await runDoctor(h.database.ownerUrl, h.database.appUrl);
    expect(report.ok).toBe(false);
    const chain = report.checks.find((check) => check.text.startsWith("audit chain"))!;
    expect(chain.ok).toBe(false);
    expect(chain.details).toEqual([`audit row ${ids[1]}: content changed`]);
  });

  it("detects a changed row whose own hash was recomputed (the next link breaks)", async () => {
    await owner.query(`UPDATE audit_log SET hash = sha256(prev_hash || convert_to(audit_row_text(audit_log), 'UTF8')) WHERE id = $1`, [
      ids[1],
    ]);
    expect((await verifyAuditChain(h.db)).problems).toEqual([{ id: ids[2], reason: "prev_hash" }]);
  });

  it("detects a deleted row (reason prev_hash on its successor)", async () => {
    await owner.query(`DELETE FROM audit_log WHERE id = $1`, [ids[2]]);
    const problems = (await verifyAuditChain(h.db)).problems;
    expect(problems).toEqual([{ id: ids[3], reason: "prev_hash" }]);
    const report = await runDoctor(h.database.ownerUrl, h.database.appUrl);
    expect(report.checks.find((check) => check.text.startsWith("audit chain"))).toMatchObject({
      ok: false,
      details: [`audit row ${ids[3]}: chain broken (row removed or reordered)`],
    });
  });

  it("reports an unreachable database as a failed check instead of throwing", async () => {
    // A database that does not exist is unreachable whatever the server's authentication (a
    // wrong password is not: the machine's PostgreSQL may trust loopback connections).
    const wrong = new URL(h.database.appUrl);
    wrong.pathname = "/relata_no_such_database";
    const report = await runDoctor(h.database.ownerUrl, wrong.toString());
    expect(report.ok).toBe(false);
    expect(report.checks[0]).toMatchObject({ ok: false, text: expect.stringMatching(/^database reachable/) });
  });
});
