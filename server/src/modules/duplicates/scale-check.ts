/**
 * Scale check of duplicate matching and the search index (not a test: it takes minutes).
 * Starts a throw-away embedded PostgreSQL, fills it with COMPANIES companies (default 100,000)
 * and three contacts each, then prints the query plans of search and duplicate checks (no
 * sequential scan over search_entries, companies or contacts may appear) and their p50 / p95;
 * then the company and contact list pages through the whole HTTP stack (Fastify inject: routing,
 * session, validation, access scoping, serialisation), signed in as a sales rep and as an
 * administrator, first page and a page further on, with filters and sorts.
 *
 *   node --import tsx server/src/modules/duplicates/scale-check.ts [companies]
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
import { loadUserActor } from "../../platform/auth/auth.repository";
import type { UserActor } from "../../platform/access/actor";
import { indexedSearchProvider } from "../../platform/search";
import { hashPassword } from "../../platform/auth/password";
import { buildApp } from "../../app";
import { loadConfig } from "../../config";
import { findCompanyDuplicates, findContactDuplicates } from "./index";

const companyCount = Number(process.argv[2] ?? 100_000);
const samples = 60;

const syllables = [
  "ab",
  "ac",
  "al",
  "an",
  "ber",
  "bo",
  "ca",
  "dal",
  "de",
  "en",
  "er",
  "fa",
  "gen",
  "gus",
  "ha",
  "in",
  "jo",
  "ka",
  "kon",
  "la",
  "lin",
  "ma",
  "mar",
  "ne",
  "nor",
  "o",
  "pa",
  "per",
  "qui",
  "ra",
  "ris",
  "sa",
  "sen",
  "son",
  "ta",
  "tek",
  "ul",
  "va",
  "vik",
  "zen",
];
/** Real words beside made-up ones: names share "Nordic", "Trading", "Bygg" as real ones do. */
const words = [
  "Nordic",
  "Svenska",
  "Trading",
  "Bygg",
  "Logistics",
  "Consulting",
  "Energi",
  "Tech",
  "Solutions",
  "Media",
  "Invest",
  "Fastigheter",
  "Transport",
  "Data",
  "Design",
  "Industri",
  "Medical",
  "Systems",
  "Partners",
  "Service",
  "Nord",
  "Väst",
  "Öst",
  "Syd",
  "Global",
  "Digital",
  "Green",
  "Food",
  "Steel",
  "Paper",
  "Auto",
  "Bio",
  "Marine",
  "Electric",
  "Scandinavian",
  "China",
  "Shanghai",
  "Euro",
];
const suffixes = ["", " AB", " AB", " Ltd", " GmbH", " Inc.", " Oy", " AS", " S.A.", " Corp.", " Group", " Holding AB"];
const firstNames = [
  "Anna",
  "Erik",
  "Lars",
  "Karin",
  "Li",
  "Wei",
  "Maria",
  "Johan",
  "Sofia",
  "Ahmed",
  "Olga",
  "Peter",
  "Eva",
  "Jun",
  "Nils",
];
const lastNames = ["Berg", "Lindqvist", "Wang", "Zhang", "Andersson", "Nilsson", "Müller", "Svensson", "Chen", "Karlsson", "Holm", "Ek"];

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A typo: one character dropped or two swapped. */
function typo(text: string, seed: number) {
  const at = 1 + (seed % Math.max(1, text.length - 2));
  return seed % 2 === 0 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + text[at + 1] + text[at] + text.slice(at + 2);
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "relata-scale-"));
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "postgres"), password: "scale-super" });
  const ownerUrl = withDatabase(server.superUrl("postgres"), "relata_scale");
  try {
    const admin = new pg.Client({ connectionString: server.superUrl("postgres") });
    await admin.connect();
    await admin.query("CREATE DATABASE relata_scale");
    await admin.end();
    await migrate(ownerUrl, "relata_app", "scale-app");
    const seed = new pg.Client({ connectionString: ownerUrl });
    await seed.connect();
    seed.on("error", () => undefined); // the server stops under it when a check fails: report that failure instead
    const started = performance.now();
    await seed.query("SET session_replication_role = replica"); // no audit triggers while seeding
    const appPool = createPool(withCredentials(ownerUrl, "relata_app", "scale-app"), { max: 4 });
    await ensureBuiltinRoles(drizzle(appPool, { schema }) as Db);
    await seed.query(`
      INSERT INTO teams (name) SELECT 'Team ' || i FROM generate_series(1, 20) i;
      INSERT INTO users (email, name, password_hash, role_id)
        SELECT 'owner' || i || '@example.test', 'Owner ' || i, 'x', (SELECT id FROM roles WHERE key = 'sales_rep') FROM generate_series(1, 200) i;
      INSERT INTO team_members (team_id, user_id)
        SELECT t.id, u.id FROM (SELECT id, row_number() OVER (ORDER BY id) n FROM users) u
        JOIN (SELECT id, row_number() OVER (ORDER BY id) n FROM teams) t ON t.n = 1 + u.n % 20;`);
    await seed.query(
      `WITH s AS (SELECT $1::text[] AS syl, $2::text[] AS suf),
            o AS (SELECT u.id, tm.team_id, row_number() OVER (ORDER BY u.id) n FROM users u JOIN team_members tm ON tm.user_id = u.id),
            g AS (SELECT i, initcap(syl[1 + floor(random() * 40)::int] || syl[1 + floor(random() * 40)::int] || syl[1 + floor(random() * 40)::int])
                       || CASE WHEN random() < 0.6 THEN ' ' || ($4::text[])[1 + floor(random() * cardinality($4::text[]))::int] ELSE '' END
                       AS base, suf[1 + floor(random() * 12)::int] AS suffix
                  FROM generate_series(1, $3::int) i, s)
       INSERT INTO companies (name, owner_id, team_id, security_level, country, website, registration_number, stage, grade, kind, updated_at)
       SELECT g.base || g.suffix, o.id, o.team_id, 0, (ARRAY['SE','SE','SE','NO','DK','FI','DE','GB','CN','US'])[1 + floor(random() * 10)::int],
              lower(replace(g.base, ' ', '')) || g.i || '.se', (5560000000 + g.i)::text,
              (ARRAY['lead','prospect','customer','customer','former'])[1 + floor(random() * 5)::int], (ARRAY['key','A','B','C',NULL])[1 + floor(random() * 5)::int],
              (ARRAY['client','client','client','partner','supplier','competitor'])[1 + floor(random() * 6)::int], now() - random() * interval '1000 hours'
         FROM g JOIN o ON o.n = 1 + g.i % 200`,
      [syllables, suffixes, companyCount, words],
    );
    await seed.query(
      `WITH c AS (SELECT id, row_number() OVER (ORDER BY id) n FROM companies)
       INSERT INTO contacts (company_id, first_name, last_name, emails)
       SELECT c.id, f, l, jsonb_build_array(jsonb_build_object('type', 'work', 'address', lower(f || '.' || l || i || '@example.com')))
         FROM generate_series(1, $3::int * 3) i
         JOIN c ON c.n = 1 + i % $3::int,
         LATERAL (SELECT ($1::text[])[1 + floor(random() * 15)::int] f, ($2::text[])[1 + floor(random() * 12)::int] l, i AS keep) x`,
      [firstNames, lastNames, companyCount],
    );
    await seed.query(`
      INSERT INTO search_entries (object, record_id, company_id, title, subtitle, body)
        SELECT 'company', id, id, name, NULL, relata_fold(name || ' ' || website || ' ' || registration_number) FROM companies;
      INSERT INTO search_entries (object, record_id, company_id, title, subtitle, body)
        SELECT 'contact', k.id, k.company_id, k.first_name || ' ' || k.last_name, c.name,
               relata_fold(k.first_name || ' ' || k.last_name || ' ' || (k.emails -> 0 ->> 'address'))
          FROM contacts k JOIN companies c ON c.id = k.company_id;
      INSERT INTO contact_points (object, record_id, kind, value)
        SELECT 'company', id, 'domain', lower(website) FROM companies
        UNION ALL SELECT 'company', id, 'registration', registration_number FROM companies
        UNION ALL SELECT 'contact', id, 'email', emails -> 0 ->> 'address' FROM contacts;`);
    // As autovacuum would: the GIN indexes' pending lists merged, statistics current.
    await seed.query("VACUUM ANALYZE");
    console.log(`seeded ${companyCount} companies, ${companyCount * 3} contacts in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // Every statement the checks send is captured, so their plans can be shown.
    let captured: { query: string; params: unknown[] }[] = [];
    const db = drizzle(appPool, { schema, logger: { logQuery: (query, params) => captured.push({ query, params }) } }) as Db;
    const owner = await seed.query<{ id: string }>("SELECT id FROM users ORDER BY id LIMIT 1");
    const rep = (await loadUserActor(db, owner.rows[0]!.id, undefined))!;
    await seed.query(
      "UPDATE users SET role_id = (SELECT id FROM roles WHERE key = 'administrator') WHERE id = (SELECT id FROM users ORDER BY id OFFSET 1 LIMIT 1)",
    );
    const adminId = (await seed.query<{ id: string }>("SELECT id FROM users ORDER BY id OFFSET 1 LIMIT 1")).rows[0]!.id;
    const administrator = (await loadUserActor(db, adminId, undefined))!;
    const names = (await seed.query<{ name: string; id: string }>(`SELECT name, id FROM companies ORDER BY random() LIMIT ${samples}`))
      .rows;
    const people = (
      await seed.query<{ first_name: string; last_name: string; company_id: string; email: string }>(
        `SELECT first_name, last_name, company_id, emails -> 0 ->> 'address' AS email FROM contacts ORDER BY random() LIMIT ${samples}`,
      )
    ).rows;

    const scope = {
      table: schema.companies,
      id: schema.companies.id,
      access: {
        ownerId: schema.companies.ownerId,
        teamId: schema.companies.teamId,
        orgUnitId: schema.companies.orgUnitId,
        securityLevel: schema.companies.securityLevel,
      },
    };
    const companySearch = indexedSearchProvider(db, { object: "company", access: "company", scope });
    const contactSearch = indexedSearchProvider(db, { object: "contact", access: "contact", scope });

    const seqScans: string[] = [];
    async function measure(label: string, inputs: string[], run: (input: string, i: number) => Promise<unknown>) {
      const times: number[] = [];
      for (const [i, input] of inputs.entries()) {
        const t = performance.now();
        await run(input, i);
        times.push(performance.now() - t);
      }
      // The plans of every statement the first input sends.
      captured = [];
      await run(inputs[0]!, 0);
      const statements = captured;
      const executions: string[] = [];
      const plans: string[] = [];
      // On one connection in one transaction, as sent: settings made with set_config(…, true) apply.
      const client = await appPool.connect();
      await client.query("BEGIN");
      for (const statement of statements.filter((entry) => /^\s*(select|with)\b/i.test(entry.query))) {
        const result = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement.query}`, statement.params);
        const plan = result.rows.map((row) => row["QUERY PLAN"]).join("\n");
        plans.push(plan);
        executions.push(/Execution Time: ([\d.]+)/.exec(plan)?.[1] ?? "?");
        for (const table of ["search_entries", "companies", "contacts", "contact_points"])
          if (new RegExp(`Seq Scan on ${table}\\b`).test(plan)) seqScans.push(`${label}: ${table}`);
      }
      await client.query("ROLLBACK");
      client.release();
      console.log(
        `\n== ${label}: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms (${inputs.length} runs, first "${inputs[0]}": ${executions.length} queries, executed in ${executions.join(" + ")} ms)`,
      );
      if (process.env.PLANS === "1") console.log(plans.join("\n--\n"));
    }

    const word = (name: string) => name.split(" ")[0]!;
    const search = (actor: UserActor) => (q: string) => companySearch.search(actor, q, 8);
    await measure(
      "search, whole name, sales rep",
      names.map((row) => row.name),
      search(rep),
    );
    await measure(
      "search, whole name, administrator",
      names.map((row) => row.name),
      search(administrator),
    );
    await measure(
      "search, first word with a typo, sales rep",
      names.map((row, i) => typo(word(row.name), i)),
      search(rep),
    );
    await measure(
      "search, first word with a typo, administrator",
      names.map((row, i) => typo(word(row.name), i)),
      search(administrator),
    );
    await measure(
      "search, 3-letter prefix, administrator",
      names.map((row) => word(row.name).slice(0, 3)),
      search(administrator),
    );
    await measure(
      "search, 2 letters, administrator",
      names.map((row) => word(row.name).slice(0, 2)),
      search(administrator),
    );
    await measure(
      "search, 2 letters, sales rep",
      names.map((row) => word(row.name).slice(0, 2)),
      search(rep),
    );
    await measure(
      "search, common words, sales rep",
      ["ab", "nordic", "trading", "bygg ab", "tech", "svenska", "logistics ab", "group"],
      search(rep),
    );
    await measure(
      "search, common words, administrator",
      ["ab", "nordic", "trading", "bygg ab", "tech", "svenska", "logistics ab", "group"],
      search(administrator),
    );
    await measure(
      "search, contacts by email, sales rep",
      people.map((row) => row.email.split("@")[0]!),
      (q) => contactSearch.search(rep, q, 8),
    );
    await measure(
      "search, contacts by name, administrator",
      people.map((row) => `${row.first_name} ${row.last_name}`),
      (q) => contactSearch.search(administrator, q, 8),
    );
    await measure(
      "duplicates, company name with a typo, administrator",
      names.map((row, i) => typo(row.name, i)),
      (name) => findCompanyDuplicates(db, administrator, { name }),
    );
    await measure(
      "duplicates, company name + website + registration, sales rep",
      names.map((row) => row.name),
      (name, i) =>
        findCompanyDuplicates(db, rep, { name, website: `https://www.${names[i]!.id.slice(0, 8)}.se`, registrationNumber: "556000-1234" }),
    );
    await measure(
      "duplicates, contact name at company + email, administrator",
      people.map((row) => row.last_name),
      (lastName, i) =>
        findContactDuplicates(db, administrator, {
          firstName: people[i]!.first_name,
          lastName,
          companyId: people[i]!.company_id,
          emails: [people[i]!.email],
        }),
    );
    // The list pages through the app (inject: no socket, everything else as served).
    const password = "scale check passphrase, long enough";
    await seed.query("UPDATE users SET password_hash = $1 WHERE id = ANY($2)", [await hashPassword(password), [rep.userId, adminId]]);
    const app = await buildApp({
      config: loadConfig(
        { NODE_ENV: "production", LOG_LEVEL: "silent", RELATA_DATA_DIR: path.join(dir, "app"), JOBS: "false" },
        { sessionSecret: "scale-check-session-secret-scale-check" },
      ),
      pool: appPool,
      db: drizzle(appPool, { schema }) as Db,
    });
    await app.ready();
    async function cookieOf(userId: string) {
      const email = (await seed.query<{ email: string }>("SELECT email FROM users WHERE id = $1", [userId])).rows[0]!.email;
      const response = await app.inject({ method: "POST", url: "/api/auth/login", payload: { email, password } });
      const cookie = response.cookies.find((entry) => entry.name.endsWith("relata_session"));
      if (!cookie) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
      return `${cookie.name}=${cookie.value}`;
    }
    const cookies = { "sales rep": await cookieOf(rep.userId), administrator: await cookieOf(adminId) };
    const listTimes: string[] = [];
    async function measureList(label: string, url: string, who: keyof typeof cookies, pages = 1) {
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < samples; i++) {
        let next: string | undefined = url;
        let last = 0; // the time of the last page reached (page `pages` when there are that many)
        for (let page = 0; page < pages && next; page++) {
          const t = performance.now();
          const response = await app.inject({ method: "GET", url: next, headers: { cookie: cookies[who] } });
          last = performance.now() - t;
          if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
          const body = response.json() as { items: unknown[]; nextCursor: string | null };
          rows = body.items.length;
          next = body.nextCursor ? `${url}&cursor=${encodeURIComponent(body.nextCursor)}` : undefined;
        }
        times.push(last);
      }
      const line = `${label}, ${who}${pages > 1 ? `, page ${pages}` : ""}: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms (${rows} rows)`;
      listTimes.push(line);
      console.log(`== list ${line}`);
    }
    for (const who of ["sales rep", "administrator"] as const) {
      await measureList("companies by name", "/api/companies?limit=50", who);
      await measureList("companies by name", "/api/companies?limit=50", who, 5);
      await measureList("companies, recently updated", "/api/companies?limit=50&sort=-updatedAt", who);
      await measureList(
        "companies, customers in SE/NO by name",
        "/api/companies?limit=50&filter[stage]=customer&filter[country]=SE,NO",
        who,
      );
      await measureList("companies, grade key or A by grade", "/api/companies?limit=50&filter[grade]=key,A&sort=grade", who);
      await measureList("companies, My clients", "/api/companies?limit=50&filter[ownerId]=me", who);
      await measureList("companies, text filter", "/api/companies?limit=50&q=nordic", who);
      await measureList("companies with total", "/api/companies?limit=50&withTotal=true", who);
      await measureList("contacts by name", "/api/contacts?limit=50", who);
      await measureList("contacts by name", "/api/contacts?limit=50", who, 5);
    }
    await app.close();

    console.log(
      seqScans.length
        ? `\nSEQUENTIAL SCANS: ${seqScans.join("; ")}`
        : "\nno sequential scan over search_entries, companies, contacts or contact_points",
    );
    await appPool.end();
    await seed.end();
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
