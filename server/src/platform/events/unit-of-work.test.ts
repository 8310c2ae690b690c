/**
 * Transaction conflicts: the audit chain serializes audited writes, so concurrent transactions
 * can deadlock (40P01) or fail to serialize (40001). The unit of work runs such a transaction
 * again from the start (at most 3 attempts); if it keeps failing, the answer is 503 with
 * Retry-After and nothing is written. Provoked here by real concurrent requests (a test-only
 * trigger in this file's own database makes two updates lock each other's rows) and by a
 * test-only trigger that raises 40001 a chosen number of times.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, createHarness, createUser, login, type Harness } from "../../../test/harness";
import { ownerQuery } from "../../../test/auth-helpers";
import { transactionAttempts } from "./unit-of-work";

let h: Harness;
let api: ReturnType<typeof as>;

beforeAll(async () => {
  h = await createHarness();
  const admin = await createUser(h.db, { role: "administrator" });
  api = as(h.app, await login(h.app, admin.email));
  await ownerQuery(
    h,
    `CREATE SEQUENCE test_conflict_attempts;
     CREATE TABLE test_conflict_budget (failures int NOT NULL);
     INSERT INTO test_conflict_budget VALUES (0);
     -- Counts every attempt at writing a company named 'Flaky…' (a sequence is not rolled back)
     -- and fails the first <failures> of them with a serialization failure.
     CREATE FUNCTION test_flaky_company() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
     BEGIN
       IF NEW.name LIKE 'Flaky%' AND nextval('test_conflict_attempts') <= (SELECT failures FROM test_conflict_budget) THEN
         RAISE EXCEPTION 'forced serialization failure' USING ERRCODE = '40001';
       END IF;
       RETURN NEW;
     END $$;
     CREATE TRIGGER test_flaky_company BEFORE INSERT OR UPDATE ON companies FOR EACH ROW EXECUTE FUNCTION test_flaky_company();
     -- Renaming a company to 'Deadlock…' also locks the other 'Deadlock…' company, after a pause:
     -- two such updates at once each hold one row and wait for the other's.
     CREATE FUNCTION test_deadlocking_company() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
     BEGIN
       IF NEW.name LIKE 'Deadlock%' THEN
         PERFORM pg_sleep(0.3);
         PERFORM 1 FROM companies WHERE name LIKE 'Deadlock%' AND id <> NEW.id FOR UPDATE;
       END IF;
       RETURN NEW;
     END $$;
     CREATE TRIGGER test_deadlocking_company BEFORE UPDATE ON companies FOR EACH ROW EXECUTE FUNCTION test_deadlocking_company();`,
  );
});
afterAll(async () => h?.close());

async function failNext(failures: number) {
  await ownerQuery(h, "UPDATE test_conflict_budget SET failures = $1", [failures]);
  await ownerQuery(h, "ALTER SEQUENCE test_conflict_attempts RESTART");
}
const attempts = async () => Number((await ownerQuery<{ n: string }>(h, "SELECT last_value::text AS n FROM test_conflict_attempts"))[0]!.n);
const companiesNamed = async (name: string) =>
  ownerQuery<{ id: string; version: number }>(h, "SELECT id, version FROM companies WHERE name = $1", [name]);
const auditRows = async (id: string) =>
  (await ownerQuery(h, "SELECT operation FROM audit_log WHERE table_name = 'companies' AND record_id = $1", [id])).length;
const outboxRows = async (id: string) => (await ownerQuery(h, "SELECT name FROM outbox WHERE record_id = $1", [id])).length;

describe("transaction conflicts (40001 / 40P01)", () => {
  it("runs a transaction that failed to serialize again, and commits it once", async () => {
    await failNext(2);
    const response = await api("POST", "/api/companies", { name: "Flaky retried AB" });
    expect(response.statusCode, response.body).toBe(201);
    expect(await attempts()).toBe(3);
    const rows = await companiesNamed("Flaky retried AB");
    expect(rows).toHaveLength(1);
    // One audit row and one event: the failed attempts left nothing behind.
    expect(await auditRows(rows[0]!.id)).toBe(1);
    expect(await outboxRows(rows[0]!.id)).toBe(1);
  });

  it(`answers 503 with Retry-After after ${transactionAttempts} failed attempts, with nothing written`, async () => {
    await failNext(100);
    const response = await api("POST", "/api/companies", { name: "Flaky hopeless AB" });
    expect(response.statusCode, response.body).toBe(503);
    expect(response.headers["retry-after"]).toBe("1");
    expect(response.json()).toMatchObject({ code: "unavailable" });
    expect(response.body).not.toMatch(/serializ|insert|companies/i);
    expect(await attempts()).toBe(transactionAttempts);
    expect(await companiesNamed("Flaky hopeless AB")).toEqual([]);
    expect(await ownerQuery(h, "SELECT 1 FROM audit_log WHERE after ->> 'name' = 'Flaky hopeless AB'")).toEqual([]);
  });

  it("frees the Idempotency-Key of a request that ended in 503, so the client's retry runs", async () => {
    await failNext(100);
    const key = `conflict-${Date.now().toString(36)}`;
    expect((await api("POST", "/api/companies", { name: "Flaky keyed AB" }, { "idempotency-key": key })).statusCode).toBe(503);
    await failNext(0);
    const retry = await api("POST", "/api/companies", { name: "Flaky keyed AB" }, { "idempotency-key": key });
    expect(retry.statusCode, retry.body).toBe(201);
    expect(retry.headers["idempotent-replayed"]).toBeUndefined();
    expect(await companiesNamed("Flaky keyed AB")).toHaveLength(1);
  });

  it("retries an update the same way: one version step, one audit row", async () => {
    await failNext(0);
    const created = (await api("POST", "/api/companies", { name: "Flaky update AB" })).json() as { id: string };
    await failNext(1);
    const response = await api("PATCH", `/api/companies/${created.id}`, { name: "Flaky update 2 AB" }, { "if-match": '"1"' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ version: 2 });
    expect(await attempts()).toBe(2);
    expect(
      await ownerQuery(h, "SELECT operation FROM audit_log WHERE table_name = 'companies' AND record_id = $1 ORDER BY id", [created.id]),
    ).toEqual([{ operation: "insert" }, { operation: "update" }]);
  });

  it("survives a real deadlock between two concurrent requests: both succeed, each audited and announced once", async () => {
    await failNext(0);
    const first = (await api("POST", "/api/companies", { name: "Deadlock one AB", ignoreDuplicates: true })).json() as { id: string };
    const second = (await api("POST", "/api/companies", { name: "Deadlock two AB", ignoreDuplicates: true })).json() as { id: string };
    const deadlocks = async () =>
      Number(
        (await ownerQuery<{ n: string }>(h, "SELECT deadlocks::text AS n FROM pg_stat_database WHERE datname = current_database()"))[0]!.n,
      );
    const before = await deadlocks();
    const [a, b] = await Promise.all([
      api("PATCH", `/api/companies/${first.id}`, { name: "Deadlock one renamed AB", ignoreDuplicates: true }, { "if-match": '"1"' }),
      api("PATCH", `/api/companies/${second.id}`, { name: "Deadlock two renamed AB", ignoreDuplicates: true }, { "if-match": '"1"' }),
    ]);
    expect([a.statusCode, b.statusCode], `${a.body} ${b.body}`).toEqual([200, 200]);
    // PostgreSQL did detect a deadlock (statistics arrive with a short delay).
    await expect.poll(deadlocks, { timeout: 5_000 }).toBeGreaterThan(before);
    for (const [id, name] of [
      [first.id, "Deadlock one renamed AB"],
      [second.id, "Deadlock two renamed AB"],
    ] as const) {
      expect(await companiesNamed(name)).toEqual([{ id, version: 2 }]);
      expect(
        await ownerQuery(h, "SELECT operation FROM audit_log WHERE table_name = 'companies' AND record_id = $1 ORDER BY id", [id]),
      ).toEqual([{ operation: "insert" }, { operation: "update" }]);
      expect(await ownerQuery(h, "SELECT name FROM outbox WHERE record_id = $1 ORDER BY id", [id])).toEqual([
        { name: "company.created" },
        { name: "company.updated" },
      ]);
    }
  });
});
