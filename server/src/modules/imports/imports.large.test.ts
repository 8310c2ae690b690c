/**
 * A 10,000-row company file end to end: uploaded over HTTP, run by the pg-boss worker in
 * chunks of 1,000, then imported again (nothing new). Prints rows/s; time is not asserted.
 */
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ImportJob } from "@relata/contracts";
import type { Harness } from "../../../test/harness";
import type { AccessFixture, Api } from "../../../test/access-fixture";
import { registerImportJobs } from "./imports.job";
import { useImportApp } from "./imports.test-fixture";

const app = useImportApp("large");
let h: Harness;
let f: AccessFixture;
let boss: PgBoss;

beforeAll(async () => {
  ({ h, f } = app);
  boss = new PgBoss({ connectionString: h.database.appUrl, schema: "pgboss", migrate: false, max: 2 });
  boss.on("error", () => undefined);
  await boss.start();
  await registerImportJobs(boss, h.app.platform);
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
});

const rows = 10_000;
/** Every 500th row has a bad country; every 97th a note over two lines. */
function file() {
  const lines = ["Company name;Country;E-mail;Telephone;Website;Org.nr;Industry;City;Notes"];
  for (let i = 0; i < rows; i++) {
    const country = i % 500 === 499 ? "Atlantis" : ["SE", "NO", "DK", "FI", "DE"][i % 5]!;
    const notes = i % 97 === 0 ? `"Met at the fair;\nfollow up in Q${(i % 4) + 1}"` : "";
    lines.push(
      [
        `Bulk Company ${i}`,
        country,
        `info${i}@bulk${i}.example`,
        `+46 8 ${String(100000 + i).padStart(6, "0")}`,
        `www.bulk${i}.example`,
        `55${String(i).padStart(8, "0")}`,
        "Manufacturing",
        "Malmö",
        notes,
      ].join(";"),
    );
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

async function importOnce(api: Api, body: string) {
  const response = await api("POST", "/api/imports?object=company&fileName=bulk.csv", body, { "content-type": "text/csv" });
  expect(response.statusCode, response.body).toBe(201);
  const job = response.json() as ImportJob;
  expect(job.mapping).toMatchObject({
    "Company name": "name",
    Country: "country",
    "E-mail": "email",
    Telephone: "phone",
    Website: "website",
    "Org.nr": "registrationNumber",
    Industry: "industry",
    City: "city",
    Notes: "description",
  });
  const started = performance.now();
  expect((await api("POST", `/api/imports/${job.id}/start`, {})).statusCode).toBe(200);
  let state = job;
  await expect
    .poll(
      async () => {
        state = (await api("GET", `/api/imports/${job.id}`)).json() as ImportJob;
        return state.status;
      },
      { timeout: 240_000, interval: 200 },
    )
    .toBe("done");
  return { state, seconds: (performance.now() - started) / 1000 };
}

describe("a 10,000-row import", () => {
  it("imports every valid row once, reports the bad ones, and creates nothing when run again", { timeout: 300_000 }, async () => {
    const api = f.actors.administrator.api;
    const body = file();
    const first = await importOnce(api, body);
    console.log(
      `import of ${rows} rows: ${first.seconds.toFixed(1)} s, ${Math.round(rows / first.seconds)} rows/s (upload to done, pg-boss worker)`,
    );
    expect(first.state).toMatchObject({ totalRows: rows, processedRows: rows, createdRows: rows - 20, errorRows: 20, skippedRows: 0 });
    const count = async (query: ReturnType<typeof sql>) => (await h.db.execute<{ n: number }>(query)).rows[0]!.n;
    expect(await count(sql`SELECT count(*)::int AS n FROM companies WHERE name LIKE 'Bulk Company %'`)).toBe(rows - 20);
    expect(await count(sql`SELECT count(*)::int AS n FROM search_entries WHERE title LIKE 'Bulk Company %'`)).toBe(rows - 20);
    expect(
      await count(
        sql`SELECT count(*)::int AS n FROM contact_points p JOIN companies c ON c.id = p.record_id WHERE c.name LIKE 'Bulk Company %' AND p.kind = 'phone'`,
      ),
    ).toBe(rows - 20);
    expect(
      await count(
        sql`SELECT count(*)::int AS n FROM companies WHERE name = 'Bulk Company 97' AND description = ${"Met at the fair;\nfollow up in Q2"}`,
      ),
    ).toBe(1);
    // Line numbers count the quoted line breaks above them: row i starts on line i + 2 + (breaks before it).
    const errors = (await api("GET", `/api/imports/${first.state.id}/errors?limit=200`)).json() as {
      items: { line: number; field: string }[];
    };
    const lineOf = (i: number) => i + 2 + Math.ceil(i / 97);
    expect(errors.items.map((e) => e.line)).toEqual(Array.from({ length: 20 }, (_, k) => lineOf(500 * k + 499)));
    expect(new Set(errors.items.map((e) => e.field))).toEqual(new Set(["country"]));
    // One list refresh per chunk.
    expect(await count(sql`SELECT count(*)::int AS n FROM outbox WHERE name = 'company.imported'`)).toBe(rows / 1_000);

    const second = await importOnce(api, body);
    console.log(
      `re-import of ${rows} rows (all duplicates, skipped): ${second.seconds.toFixed(1)} s, ${Math.round(rows / second.seconds)} rows/s`,
    );
    expect(second.state).toMatchObject({ createdRows: 0, skippedRows: rows - 20, errorRows: 20 });
    expect(await count(sql`SELECT count(*)::int AS n FROM companies WHERE name LIKE 'Bulk Company %'`)).toBe(rows - 20);
  });
});
