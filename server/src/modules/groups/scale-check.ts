/**
 * Scale check of group hierarchies (not a test: at full size it takes minutes). Starts a
 * throw-away embedded PostgreSQL, builds one group of COMPANIES companies (default 5,000; five
 * children per company, so about six levels) with three contacts each, checks that the tree and
 * rollups have no drift, then measures through the whole HTTP stack (Fastify inject):
 *
 *  - the integrated view (GET …/group/figures) of the root: p50 / p95, as an administrator
 *    (stored rollups) and as a sales rep who sees a third of the group (scoped sums);
 *  - the structure chart (GET …/group) and a view by country;
 *  - re-parenting (PUT …/parent) of a leaf, of a mid-level company and of a top-level
 *    subsidiary (about a fifth of the group) to another branch and back, with the number of
 *    companies moved each time; then the drift check again.
 *
 *   node --import tsx server/src/modules/groups/scale-check.ts [companies]
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { drizzle } from "drizzle-orm/node-postgres";
import * as schema from "../../db/schema";
import { createPool, migrate, withCredentials, withDatabase, type Db } from "../../db/connection";
import { startEmbeddedPostgres } from "../../db/embedded";
import { ensureBuiltinRoles } from "../../platform/access/roles.repository";
import { hashPassword } from "../../platform/auth/password";
import { buildApp } from "../../app";
import { loadConfig } from "../../config";
import { groupDrift } from "./index";

const companyCount = Number(process.argv[2] ?? 5_000);
const fanout = 5;
const samples = 40;

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "relata-groups-scale-"));
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "postgres"), password: "scale-super" });
  const ownerUrl = withDatabase(server.superUrl("postgres"), "relata_groups_scale");
  try {
    const admin = new pg.Client({ connectionString: server.superUrl("postgres") });
    await admin.connect();
    await admin.query("CREATE DATABASE relata_groups_scale");
    await admin.end();
    await migrate(ownerUrl, "relata_app", "scale-app");
    const seed = new pg.Client({ connectionString: ownerUrl });
    await seed.connect();
    seed.on("error", () => undefined);
    const started = performance.now();
    const appPool = createPool(withCredentials(ownerUrl, "relata_app", "scale-app"), { max: 4 });
    const db = drizzle(appPool, { schema }) as Db;
    await ensureBuiltinRoles(db);
    const password = "scale check passphrase, long enough";
    await seed.query("SET session_replication_role = replica"); // no audit triggers while seeding
    const passwordHash = await hashPassword(password);
    const statements: [string, unknown[]?][] = [
      ["INSERT INTO teams (name) VALUES ('Seen'), ('Unseen')"],
      [
        `INSERT INTO users (email, name, password_hash, role_id) VALUES
           ('admin@example.test', 'Admin', $1, (SELECT id FROM roles WHERE key = 'administrator')),
           ('rep@example.test', 'Rep', $1, (SELECT id FROM roles WHERE key = 'sales_rep'))`,
        [passwordHash],
      ],
      [
        `INSERT INTO team_members (team_id, user_id)
           SELECT (SELECT id FROM teams WHERE name = 'Seen'), id FROM users WHERE email = 'rep@example.test'`,
      ],
      // Company n (1-based) hangs under company (n - 2) / fanout + 1; the rep's team holds every third.
      ["CREATE TEMP TABLE seq AS SELECT n, gen_random_uuid() AS id FROM generate_series(1, $1::int) n", [companyCount]],
      [
        `INSERT INTO companies (id, name, owner_id, team_id, country, stage)
           SELECT s.id, 'Group company ' || s.n, (SELECT id FROM users WHERE email = 'admin@example.test'),
                  (SELECT id FROM teams WHERE name = CASE WHEN s.n % 3 = 1 THEN 'Seen' ELSE 'Unseen' END),
                  (ARRAY['SE','NO','DK','FI','DE','GB','CN','US'])[1 + s.n % 8], 'customer'
             FROM seq s`,
      ],
      [
        `INSERT INTO company_links (company_id, parent_id, relation, share, valid_from)
           SELECT c.id, p.id, (ARRAY['subsidiary','subsidiary','branch','joint_venture','affiliate'])[1 + c.n % 5],
                  (ARRAY[100, 100, 51, 40, NULL])[1 + c.n % 5], current_date - 365
             FROM seq c JOIN seq p ON p.n = ((c.n - 2) / ${fanout}) + 1 WHERE c.n > 1`,
      ],
      [
        `INSERT INTO company_tree (ancestor_id, descendant_id, depth)
           WITH RECURSIVE up (ancestor_id, descendant_id, depth) AS (
             SELECT parent_id, company_id, 1 FROM company_links WHERE current
             UNION ALL
             SELECT l.parent_id, u.descendant_id, u.depth + 1 FROM up u JOIN company_links l ON l.company_id = u.ancestor_id AND l.current)
           SELECT * FROM up`,
      ],
      [
        `INSERT INTO contacts (company_id, first_name, last_name, function)
           SELECT s.id, 'Person', 'No ' || i, (ARRAY['it','finance','procurement', NULL])[1 + i % 4]
             FROM seq s CROSS JOIN generate_series(1, 3) i`,
      ],
      ["INSERT INTO company_figures (company_id, key, value) SELECT company_id, 'contacts', count(*) FROM contacts GROUP BY company_id"],
      [
        `INSERT INTO company_rollups (company_id, key, value)
           SELECT id, 'contacts', sum(value) FROM (
             SELECT company_id AS id, value FROM company_figures
             UNION ALL SELECT t.ancestor_id, f.value FROM company_tree t JOIN company_figures f ON f.company_id = t.descendant_id) x
           GROUP BY id`,
      ],
    ];
    for (const [text, values] of statements) await seed.query(text, values);
    await seed.query("SET session_replication_role = origin");
    await seed.query("VACUUM ANALYZE");
    const ids = (await seed.query<{ id: string; n: number }>("SELECT id, n FROM seq ORDER BY n")).rows.map((row) => row.id);
    const depth = (await seed.query<{ d: number }>("SELECT coalesce(max(depth), 0) AS d FROM company_tree")).rows[0]!.d;
    console.log(
      `seeded one group of ${companyCount} companies (${depth + 1} levels), ${companyCount * 3} contacts in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const drift = await groupDrift(db);
    console.log(drift.length === 0 ? "drift after seeding: none" : `DRIFT after seeding:\n${drift.join("\n")}`);

    const app = await buildApp({
      config: loadConfig(
        { NODE_ENV: "production", LOG_LEVEL: "silent", RELATA_DATA_DIR: path.join(dir, "app"), JOBS: "false" },
        { sessionSecret: "scale-check-session-secret-scale-check" },
      ),
      pool: appPool,
      db,
    });
    await app.ready();
    async function signIn(email: string) {
      const response = await app.inject({ method: "POST", url: "/api/auth/login", payload: { email, password } });
      const cookie = response.cookies.find((entry) => entry.name.endsWith("relata_session"));
      if (!cookie) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
      return { cookie: `${cookie.name}=${cookie.value}`, csrf: (response.json() as { csrfToken: string }).csrfToken };
    }
    const sessions = { administrator: await signIn("admin@example.test"), "sales rep": await signIn("rep@example.test") };
    const root = ids[0]!;

    async function measure(label: string, url: string, who: keyof typeof sessions) {
      const times: number[] = [];
      let size = 0;
      for (let i = 0; i < samples; i++) {
        const t = performance.now();
        const response = await app.inject({ method: "GET", url, headers: { cookie: sessions[who].cookie } });
        times.push(performance.now() - t);
        if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
        size = response.body.length;
      }
      console.log(
        `== ${label}, ${who}: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms (${(size / 1024).toFixed(0)} KiB)`,
      );
    }
    for (const who of ["administrator", "sales rep"] as const) {
      await measure("integrated view of the root", `/api/companies/${root}/group/figures`, who);
      await measure("structure chart of the group", `/api/companies/${root}/group`, who);
      await measure("view by country", `/api/companies/${root}/group/by/country`, who);
    }

    // Re-parenting: a subtree moves to another branch and back (closure rows and totals move with it).
    const admin_ = sessions.administrator;
    async function move(child: string, parentId: string) {
      const links = await app.inject({ method: "GET", url: `/api/companies/${child}/links`, headers: { cookie: admin_.cookie } });
      const t = performance.now();
      const response = await app.inject({
        method: "PUT",
        url: `/api/companies/${child}/parent`,
        headers: { cookie: admin_.cookie, "x-csrf-token": admin_.csrf, "if-match": links.headers.etag as string },
        payload: { parentId, relation: "subsidiary" },
      });
      if (response.statusCode !== 200) throw new Error(`move: ${response.statusCode} ${response.body}`);
      return performance.now() - t;
    }
    const subtreeSize = async (id: string) =>
      1 + (await seed.query<{ n: number }>("SELECT count(*)::int AS n FROM company_tree WHERE ancestor_id = $1", [id])).rows[0]!.n;
    const parentOf = async (id: string) =>
      (await seed.query<{ p: string }>("SELECT parent_id AS p FROM company_links WHERE company_id = $1 AND current", [id])).rows[0]!.p;
    const cases = [
      { label: "a leaf", child: ids[ids.length - 1]!, to: ids[2]! },
      { label: "a mid-level company", child: ids[Math.min(ids.length - 1, fanout + 2)]!, to: ids[fanout + 1]! },
      { label: "a top-level subsidiary", child: ids[1]!, to: ids[2]! },
    ];
    for (const { label, child, to } of cases) {
      const from = await parentOf(child);
      const size = await subtreeSize(child);
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        times.push(await move(child, to));
        times.push(await move(child, from));
      }
      console.log(
        `== re-parenting ${label} (${size} companies move): p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms (${times.length} moves)`,
      );
    }
    const after = await groupDrift(db);
    console.log(after.length === 0 ? "drift after the moves: none" : `DRIFT after the moves:\n${after.join("\n")}`);
    await app.close();
    await appPool.end();
    await seed.end();
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
