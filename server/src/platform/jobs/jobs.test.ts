import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { createHarness, createUser, type Harness } from "../../../test/harness";
import { startJobs } from "./jobs";

describe("background jobs", () => {
  let h: Harness;
  let boss: PgBoss;

  beforeAll(async () => {
    h = await createHarness();
    boss = await startJobs(h.app.platform, h.database.appUrl);
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, wait: true });
    await h?.close();
  });

  it("runs housekeeping as the app role and prunes only what has expired", async () => {
    const user = await createUser(h.db);
    await h.db.execute(sql`
      INSERT INTO login_attempts (account_key, ip, at) VALUES ('old@example.test', '10.0.0.1', now() - interval '2 days'),
                                                             ('new@example.test', '10.0.0.1', now())`);
    await h.db.execute(sql`
      INSERT INTO idempotency_keys (actor_key, key, method, path, body_hash, created_at)
      VALUES (${user.id}, 'old-key-0001', 'POST', '/api/companies', 'x', now() - interval '25 hours'),
             (${user.id}, 'new-key-0001', 'POST', '/api/companies', 'x', now())`);

    const jobId = await boss.send("housekeeping", {});
    expect(jobId).toBeTruthy();
    await expect
      .poll(async () => (await boss.getJobById("housekeeping", jobId!))?.state, { timeout: 20_000, interval: 200 })
      .toBe("completed");

    const attempts = await h.db.execute<{ account_key: string }>(sql`SELECT account_key FROM login_attempts ORDER BY account_key`);
    expect(attempts.rows.map((row) => row.account_key)).toEqual(["new@example.test"]);
    const keys = await h.db.execute<{ key: string }>(sql`SELECT key FROM idempotency_keys ORDER BY key`);
    expect(keys.rows.map((row) => row.key)).toEqual(["new-key-0001"]);
  });
});
