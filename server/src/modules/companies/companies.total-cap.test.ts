/**
 * A list's total is counted up to `listCountCap` (1,000): past it the first page says
 * `totalEstimated` and the total is the database's estimate (at least the cap); below it the
 * total is exact. Counting every match of a broad filter over a million companies would be a
 * scan of them all.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listCountCap } from "@relata/contracts";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, type AccessFixture } from "../../../test/access-fixture";

let h: Harness;
let f: AccessFixture;
beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
  const { ownerId, teamId, orgUnitId, securityLevel } = f.placement("administrator", "own")!;
  // Three times the cap in New Zealand, three in Fiji: a set-based insert (the list reads the table).
  await h.pool.query(
    `INSERT INTO companies (name, country, owner_id, team_id, org_unit_id, security_level)
     SELECT 'Capped ' || n, CASE WHEN n <= $5 THEN 'NZ' ELSE 'FJ' END, $1, $2, $3, $4 FROM generate_series(1, $5 + 3) AS n`,
    [ownerId, teamId, orgUnitId, securityLevel, 3 * listCountCap],
  );
  // Statistics as autovacuum would leave them (only the table's owner may gather them).
  const owner = new pg.Client({ connectionString: h.database.ownerUrl });
  await owner.connect();
  await owner.query("ANALYZE companies");
  await owner.end();
});
afterAll(async () => h?.close());

describe("a list's total", () => {
  it("stops counting at the cap and estimates, saying so; is exact below it", async () => {
    const admin = f.actors.administrator.api;
    const capped = await admin("GET", "/api/companies?filter[country]=NZ&withTotal=true&limit=5");
    expect(capped.statusCode, capped.body).toBe(200);
    expect(capped.json()).toMatchObject({ totalEstimated: true });
    // The planner's estimate from fresh statistics: near the 3,000 rows, never below the cap.
    expect(capped.json().total).toBeGreaterThan(listCountCap);
    expect(capped.json().total).toBeGreaterThan(2_000);
    expect(capped.json().total).toBeLessThan(4_500);
    expect(capped.json().items).toHaveLength(5);
    const exact = await admin("GET", "/api/companies?filter[country]=FJ&withTotal=true&limit=5");
    expect(exact.json()).toMatchObject({ total: 3 });
    expect(exact.json()).not.toHaveProperty("totalEstimated");
    // Without withTotal, no count at all.
    expect(Object.keys((await admin("GET", "/api/companies?filter[country]=NZ&limit=5")).json()).sort()).toEqual(["items", "nextCursor"]);
  });
});
