import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, createPool } from "../db/connection";
import { ensureBuiltinRoles } from "../platform/access/roles.repository";
import { runDoctor } from "../platform/audit/doctor";
import { billingDoctorChecks } from "../modules/billing";
import { groupDoctorChecks } from "../modules/groups";
import { normalizePhone } from "../modules/duplicates";
import { createHarness, createTestDatabase, createUser, testPassword, type Harness, type TestDatabase } from "../../test/harness";
import { buildLayout, generateChunk, scales, seedTables, type GeneratorContext } from "./generate";
import { loadSeed, SeedRefused, type SeedResult } from "./load";
import { registerDemoData } from "./index";
import { companySearchEntry } from "../modules/companies";
import { contactSearchEntry } from "../modules/contacts";
import { searchBodyMax } from "../platform/search";
import { setDemoDataLoader } from "../platform/auth/auth.service";
import { countries, linesOfBusiness } from "./vocabulary";
import { orderTransitions, type OrderStatus } from "@relata/contracts";
import { Random } from "./random";

const asOf = "2026-06-15";
const dataDir = mkdtempSync(path.join(os.tmpdir(), "relata-seed-test-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** A fresh database with the built-in roles and an administrator (the seed refuses without one). */
async function databaseWithAdmin(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  const pool = createPool(database.ownerUrl, { max: 1 });
  try {
    const db = createDb(pool);
    await ensureBuiltinRoles(db);
    await createUser(db, { role: "administrator", email: `admin-${database.name}@example.test` });
  } finally {
    await pool.end();
  }
  return database;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const doctor = (database: TestDatabase) => runDoctor(database.ownerUrl, database.appUrl, [billingDoctorChecks, groupDoctorChecks]);
const failures = (report: Awaited<ReturnType<typeof doctor>>) => report.checks.filter((check) => !check.ok);

/** Stands in for the database in the generator's pure tests. */
function generatorContext(seed: number): GeneratorContext {
  const staff = ["manager", "am1", "am2", "am3", "rep1", "rep2", "rep3", "rep4", "service"].map((key, index) => ({
    id: `00000000-0000-4000-8000-00000000000${index}`,
    key,
    role: key.startsWith("am") ? "account_manager" : key.startsWith("rep") ? "sales_rep" : key === "service" ? "service_desk" : "executive",
    utcOffset: key === "am2" ? 8 : 1,
  }));
  const currencies = ["SEK", "CNY", "USD", "GBP", "EUR", "NOK", "DKK", "SGD", "AUD"];
  return {
    seed,
    asOf: Date.parse(`${asOf}T00:00:00Z`),
    staff,
    products: [
      {
        id: "00000000-0000-4000-8000-000000000101",
        code: "P1",
        name: "Kit",
        kind: "goods",
        serviceMonths: null,
        prices: new Map(currencies.map((c) => [c, { price: 45_000, cost: 20_000 }])),
      },
      {
        id: "00000000-0000-4000-8000-000000000102",
        code: "P2",
        name: "Support",
        kind: "service",
        serviceMonths: 12,
        prices: new Map(currencies.map((c) => [c, { price: 150_050, cost: null }])),
      },
    ],
    linesOfBusiness: ["manufacturing", "retail"],
    file: { sha256: "0".repeat(64), size: 100 },
    nextInvoiceNumber: 1,
    nextOrderNumber: 1,
  };
}

function generateAll(seed: number) {
  const scale = scales.tiny;
  const ctx = generatorContext(seed);
  const batch = generateChunk(ctx, scale, buildLayout(seed, scale), 0, scale.companies);
  return Object.fromEntries([...batch].map(([table, lines]) => [table, lines.join("")]));
}

describe("the demo data generator", () => {
  it("gives the same rows, ids included, for the same seed and other rows for another seed", () => {
    const first = generateAll(7);
    expect(generateAll(7)).toEqual(first);
    const other = generateAll(8);
    expect(other.companies).not.toEqual(first.companies);
    expect(other.timeline_entries).not.toEqual(first.timeline_entries);
    // Every row has exactly one value per declared column.
    for (const [table, text] of Object.entries(first))
      for (const line of text.split("\n").filter(Boolean))
        expect(line.split("\t")).toHaveLength(seedTables[table as keyof typeof seedTables].length);
  });

  it("writes phone numbers that normalize to the E.164 form it stores, in every country", () => {
    for (const country of countries) {
      const rng = new Random(1, "phones", country.code.charCodeAt(0));
      for (let i = 0; i < 20; i++)
        for (const pattern of [country.phone, country.mobile]) {
          const number = rng.digits(pattern);
          expect(normalizePhone(number, country.code), `${country.code} ${number}`).toBe(`+${number.replace(/\D/g, "")}`);
        }
    }
  });

  it("dates tasks, orders and competitor contracts within their company's life, at the demo scale", () => {
    const scale = scales.demo;
    const ctx = generatorContext(5);
    const batch = generateChunk(ctx, scale, buildLayout(5, scale), 0, scale.companies);
    const rows = (table: keyof typeof seedTables) =>
      batch.get(table)!.map((line) =>
        Object.fromEntries(
          line
            .replace(/\n$/, "")
            .split("\t")
            .map((value, i) => [seedTables[table][i], value]),
        ),
      );
    const since = new Map(rows("companies").map((company) => [company.id, Date.parse(company.created_at!)]));
    const tasks = rows("tasks");
    expect(tasks.length).toBeGreaterThan(scale.companies);
    for (const task of tasks) {
      expect(Date.parse(task.due_at!), task.id).toBeGreaterThan(since.get(task.company_id)!);
      expect(Date.parse(task.created_at!), task.id).toBeLessThanOrEqual(Date.parse(task.due_at!));
    }
    for (const order of rows("orders"))
      expect(Date.parse(order.created_at!), order.id).toBeGreaterThanOrEqual(since.get(order.company_id)!);
    for (const rival of rows("competitor_contracts")) {
      expect(Date.parse(rival.created_at!), rival.id).toBeGreaterThanOrEqual(since.get(rival.company_id)!);
      expect(Date.parse(rival.created_at!), rival.id).toBeLessThan(ctx.asOf);
    }
  });

  it("builds groups whose parents come before their subsidiaries, at most three levels down", () => {
    const layout = buildLayout(3, scales.demo);
    for (let i = 0; i < scales.demo.companies; i++) {
      const parent = layout.parent[i]!;
      expect(parent).toBeLessThan(i);
      expect(layout.depth[i]).toBeLessThanOrEqual(3);
    }
  });
});

describe("relata seed on the owner connection", () => {
  let database: TestDatabase;
  let result: SeedResult;

  beforeAll(async () => {
    database = await databaseWithAdmin();
    result = await withClient(database.ownerUrl, (client) => loadSeed(client, { scale: "tiny", seed: 1, asOf, dataDir, privileged: true }));
  });
  afterAll(() => database.drop());

  it("loads consistent data: the doctor finds no drift, an intact chain and nothing pending", async () => {
    expect(result.rows.companies).toBe(scales.tiny.companies);
    expect(result.rows.contacts).toBeGreaterThan(scales.tiny.companies);
    expect(result.rows.timelineEntries).toBeGreaterThan(scales.tiny.companies);
    expect(result.rows.invoices).toBeGreaterThan(0);
    expect(result.totalRows).toBe(Object.values(result.rows).reduce((sum, n) => sum + n, 0));
    expect(failures(await doctor(database))).toEqual([]);
    await withClient(database.ownerUrl, async (client) => {
      // The audit trigger is back on every table it was switched off on.
      const off = await client.query(
        "SELECT tgrelid::regclass::text AS t FROM pg_trigger WHERE tgname = 'audit_change' AND tgenabled = 'D'",
      );
      expect(off.rows).toEqual([]);
      // Indexes are all there (none dropped by the tiny scale, or rebuilt).
      const seedEvent = await client.query("SELECT after FROM audit_log WHERE operation = 'seed'");
      expect(seedEvent.rows).toHaveLength(1);
      // Companies get grades by the rules the seed set, search finds them, money figures roll up.
      const graded = await client.query("SELECT count(*)::int AS n FROM companies WHERE grade IS NOT NULL");
      expect(graded.rows[0].n).toBeGreaterThan(0);
      const search = await client.query("SELECT count(*)::int AS n FROM search_entries WHERE object = 'company'");
      expect(search.rows[0].n).toBe(scales.tiny.companies);
      const money = await client.query("SELECT count(*)::int AS n FROM company_rollups WHERE key LIKE 'revenue.%' AND value > 0");
      expect(money.rows[0].n).toBeGreaterThan(0);
    });
  });

  it("vacuums what it loaded, so index-only scans need not read the heap (COPY leaves no page marked all-visible)", async () => {
    await withClient(database.ownerUrl, async (client) => {
      const pages = await client.query<{ table: string; pages: number; visible: number }>(
        `SELECT relname AS table, relpages AS pages, relallvisible AS visible FROM pg_class
          WHERE relname IN ('companies', 'contacts', 'search_entries', 'timeline_entries') ORDER BY relname`,
      );
      expect(pages.rows.map((row) => row.table)).toEqual(["companies", "contacts", "search_entries", "timeline_entries"]);
      for (const row of pages.rows) {
        expect(row.pages, row.table).toBeGreaterThan(0);
        expect(row.visible, row.table).toBe(row.pages);
      }
    });
  });

  it("gives the staff tasks about their clients: overdue and upcoming open ones, finished ones before the as-of day", async () => {
    await withClient(database.ownerUrl, async (client) => {
      const day = `${asOf}T00:00:00Z`;
      const tasks = await client.query(
        `SELECT count(*) FILTER (WHERE status = 'open' AND due_at < $1)::int AS overdue,
                count(*) FILTER (WHERE status = 'open' AND due_at >= $1)::int AS upcoming,
                count(*) FILTER (WHERE status = 'done' AND completed_at < $1)::int AS done,
                count(*) FILTER (WHERE (status = 'open') <> (completed_at IS NULL))::int AS misdated,
                count(*) FILTER (WHERE status = 'open' AND remind_at < $1 AND reminded_at IS NULL)::int AS past_reminders,
                count(*) FILTER (WHERE created_at > updated_at OR created_at > due_at)::int AS backwards,
                count(*) FILTER (WHERE t.company_id IS NULL OR related_type NOT IN ('company', 'contact'))::int AS unrelated,
                count(*) FILTER (WHERE related_type = 'contact'
                                   AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = t.related_id AND c.company_id = t.company_id))::int AS stray_contacts,
                count(*) FILTER (WHERE related_type = 'company' AND related_id <> t.company_id)::int AS stray_companies
           FROM tasks t`,
        [day],
      );
      const row = tasks.rows[0];
      expect(result.rows.tasks).toBeGreaterThan(scales.tiny.companies / 2);
      expect(row.overdue).toBeGreaterThan(0);
      expect(row.upcoming).toBeGreaterThan(0);
      expect(row.done).toBeGreaterThan(0);
      // A reminder whose time had passed on the as-of day is settled, so a first start sends no backlog.
      expect(row).toMatchObject({ misdated: 0, past_reminders: 0, backwards: 0, unrelated: 0, stray_contacts: 0, stray_companies: 0 });
      // Assigned to the account's owner mostly, to the service desk otherwise; never to the executive.
      const assignees = await client.query(
        "SELECT DISTINCT u.email FROM tasks t JOIN users u ON u.id = t.assignee_id WHERE u.email LIKE 'margareta.%'",
      );
      expect(assignees.rows).toEqual([]);
    });
  });

  it("gives customers orders whose lines, totals, numbers and status histories are what the orders service keeps", async () => {
    await withClient(database.ownerUrl, async (client) => {
      const checks = await client.query(
        `SELECT (SELECT count(*) FROM orders)::int AS orders,
                (SELECT count(*) FROM orders o JOIN companies c ON c.id = o.company_id WHERE c.stage <> 'customer')::int AS not_customers,
                (SELECT count(*) FROM orders o WHERE o.total <> (SELECT sum(l.amount) FROM order_lines l WHERE l.order_id = o.id))::int AS wrong_totals,
                (SELECT count(*) FROM order_lines WHERE amount <> round(quantity * unit_price, 2))::int AS wrong_amounts,
                (SELECT count(*) FROM orders o WHERE o.status <> (SELECT s.to_status FROM order_status_changes s
                   WHERE s.order_id = o.id ORDER BY s.changed_at DESC LIMIT 1))::int AS wrong_status,
                (SELECT count(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_status_changes s
                   WHERE s.order_id = o.id AND s.from_status IS NULL AND s.to_status = 'entered'))::int AS not_entered,
                (SELECT count(*) FROM order_status_changes WHERE changed_at >= $1)::int AS after_as_of,
                (SELECT count(DISTINCT number)::int FROM orders) AS numbers,
                (SELECT max(number) FROM orders) AS last_number`,
        [`${asOf}T00:00:00Z`],
      );
      const row = checks.rows[0];
      expect(row.orders).toBeGreaterThan(0);
      expect(result.rows.orders).toBe(row.orders);
      expect(row).toMatchObject({ not_customers: 0, wrong_totals: 0, wrong_amounts: 0, wrong_status: 0, not_entered: 0, after_as_of: 0 });
      // Numbered like the service numbers them, and the sequence goes on after the last one.
      expect(row.numbers).toBe(row.orders);
      expect(row.last_number).toBe(`ORD-${String(row.orders).padStart(6, "0")}`);
      const next = await client.query("SELECT nextval('order_number_seq')::int AS n");
      expect(next.rows[0].n).toBe(row.orders + 1);
      // Every step is a transition the service allows.
      const steps = await client.query<{ from: OrderStatus; to: OrderStatus }>(
        "SELECT DISTINCT from_status AS from, to_status AS to FROM order_status_changes WHERE from_status IS NOT NULL",
      );
      expect(steps.rows.length).toBeGreaterThan(0);
      for (const step of steps.rows) expect(orderTransitions[step.from], `${step.from} → ${step.to}`).toContain(step.to);
    });
  });

  it("gives leads and prospects contracts with competitors, and plans the reminders the services would plan", async () => {
    await withClient(database.ownerUrl, async (client) => {
      const checks = await client.query(
        `SELECT (SELECT count(*) FROM competitor_contracts)::int AS competitor,
                (SELECT count(*) FROM competitor_contracts cc JOIN companies co ON co.id = cc.company_id
                  WHERE co.stage NOT IN ('lead', 'prospect'))::int AS at_customers,
                (SELECT count(*) FROM competitor_contracts WHERE expires_on < starts_on OR (value IS NULL) <> (currency IS NULL))::int AS malformed,
                (SELECT count(*) FROM competitor_contracts cc WHERE NOT EXISTS (SELECT 1 FROM business_reminders r
                   WHERE r.subject_type = 'competitor_contract' AND r.subject_id = cc.id AND r.step = 'expiry'))::int AS competitor_unplanned,
                (SELECT count(*) FROM contracts c WHERE c.status = 'active' AND c.end_on IS NOT NULL AND NOT EXISTS (SELECT 1 FROM business_reminders r
                   WHERE r.subject_type = 'contract' AND r.subject_id = c.id AND r.step = 'expiry'))::int AS contract_unplanned,
                (SELECT count(*) FROM invoices i WHERE i.status = 'issued' AND i.total > i.paid AND NOT EXISTS (SELECT 1 FROM business_reminders r
                   WHERE r.subject_type = 'invoice' AND r.subject_id = i.id))::int AS invoice_unplanned,
                (SELECT count(*) FROM business_reminders WHERE subject_type = 'contract')::int AS contract_reminders,
                (SELECT count(*) FROM business_reminders)::int AS reminders,
                (SELECT count(*) FROM business_reminders WHERE state = 'pending')::int AS pending,
                (SELECT count(*) FROM pgboss.job WHERE name = 'business-reminders')::int AS jobs`,
      );
      const row = checks.rows[0];
      expect(row.competitor).toBeGreaterThan(0);
      expect(result.rows.competitorContracts).toBe(row.competitor);
      expect(row).toMatchObject({ at_customers: 0, malformed: 0, competitor_unplanned: 0, contract_unplanned: 0, invoice_unplanned: 0 });
      expect(row.contract_reminders).toBeGreaterThan(0);
      expect(result.rows.businessReminders).toBe(row.reminders);
      // Each pending step has its job, sent in the same transaction.
      expect(row.pending).toBeGreaterThan(0);
      expect(row.jobs).toBeGreaterThanOrEqual(row.pending);
    });
  });

  it("writes names in English, Chinese and Swedish", async () => {
    await withClient(database.ownerUrl, async (client) => {
      const names = await client.query<{ name: string }>(
        "SELECT name FROM companies UNION ALL SELECT first_name || ' ' || last_name FROM contacts",
      );
      const all = names.rows.map((row) => row.name);
      expect(all.some((name) => /\p{Script=Han}/u.test(name))).toBe(true);
      expect(all.some((name) => /[åäöÅÄÖ]/.test(name) || / AB$/.test(name))).toBe(true);
      expect(all.some((name) => /\b(Ltd|Inc\.|Smith|Johnson|Williams|Brown|Jones|Miller|Davis|Wilson|Taylor)\b/.test(name))).toBe(true);
    });
  });

  it("gives contacts managers in their own company, and groups subsidiaries in several countries", async () => {
    await withClient(database.ownerUrl, async (client) => {
      const lines = await client.query<{ total: number; foreign: number }>(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE m.company_id <> k.company_id)::int AS foreign
           FROM contacts k JOIN contacts m ON m.id = k.reports_to_id`,
      );
      expect(lines.rows[0]!.total).toBeGreaterThan(0);
      expect(lines.rows[0]!.foreign).toBe(0);
      const groups = await client.query<{ countries: number }>(
        `SELECT count(DISTINCT c.country)::int AS countries FROM company_tree t JOIN companies c ON c.id = t.descendant_id
          WHERE NOT EXISTS (SELECT 1 FROM company_tree up WHERE up.descendant_id = t.ancestor_id)
          GROUP BY t.ancestor_id ORDER BY 1 DESC`,
      );
      expect(groups.rows.length).toBeGreaterThan(0);
      expect(groups.rows[0]!.countries).toBeGreaterThanOrEqual(3);
    });
  });

  it("gives companies an industry and line of business from one vocabulary, matching the trade in their name", async () => {
    await withClient(database.ownerUrl, async (client) => {
      const industries = await client.query<{ industry: string | null }>("SELECT DISTINCT industry FROM companies");
      expect(industries.rows.map((row) => row.industry).sort()).toEqual([...new Set(linesOfBusiness.map((line) => line.industry))].sort());
      const mismatched = await client.query<{ name: string; line_of_business: string | null }>(
        `SELECT name, line_of_business FROM companies
          WHERE (name ~ ' (Industri|Maskin|Manufacturing)\\y' AND line_of_business <> 'manufacturing')
             OR (name ~ ' (Logistik|Logistics)\\y' AND line_of_business <> 'logistics')
             OR (name LIKE '%物流%' AND line_of_business <> 'logistics')
             OR line_of_business IS NULL`,
      );
      expect(mismatched.rows).toEqual([]);
    });
  });

  it("indexes companies and contacts for search exactly as their modules do (one definition of what is findable)", async () => {
    await withClient(database.ownerUrl, async (client) => {
      const companies = await client.query(
        `SELECT c.id, c.name, c.registration_number, c.domain, c.emails, c.phones, c.addresses, u.name AS owner
           FROM companies c JOIN users u ON u.id = c.owner_id ORDER BY c.id LIMIT 25`,
      );
      const contacts = await client.query(
        `SELECT k.id, k.company_id, k.first_name, k.last_name, k.title, k.department, k.emails, k.phones, c.name AS company
           FROM contacts k JOIN companies c ON c.id = k.company_id ORDER BY k.id LIMIT 25`,
      );
      const expected = [
        ...companies.rows.map((row) =>
          companySearchEntry(
            {
              id: row.id,
              name: row.name,
              registrationNumber: row.registration_number,
              domain: row.domain,
              emails: row.emails,
              phones: row.phones,
              addresses: row.addresses,
            },
            row.owner,
          ),
        ),
        ...contacts.rows.map((row) =>
          contactSearchEntry(
            {
              id: row.id,
              companyId: row.company_id,
              firstName: row.first_name,
              lastName: row.last_name,
              title: row.title,
              department: row.department,
              emails: row.emails,
              phones: row.phones,
            },
            row.company,
          ),
        ),
      ];
      expect(expected.length).toBe(50);
      for (const entry of expected) {
        // The body as upsertSearchEntries folds it.
        const stored = await client.query(
          `SELECT title, subtitle, body = left(relata_fold(concat_ws(' ', $3::text, $4::text)), $5) AS same_body, company_id::text
             FROM search_entries WHERE object = $1 AND record_id = $2`,
          [entry.object, entry.recordId, entry.title, entry.text?.trim() || null, searchBodyMax],
        );
        expect(stored.rows[0], `${entry.object} ${entry.recordId}`).toEqual({
          title: entry.title,
          subtitle: entry.subtitle,
          same_body: true,
          company_id: entry.companyId,
        });
      }
    });
  });

  it("refuses to run again once companies exist, and changes nothing", async () => {
    const before = await withClient(database.ownerUrl, (client) => client.query("SELECT count(*)::int AS n FROM users"));
    await expect(
      withClient(database.ownerUrl, (client) => loadSeed(client, { scale: "tiny", seed: 2, asOf, dataDir, privileged: true })),
    ).rejects.toThrow(SeedRefused);
    const after = await withClient(database.ownerUrl, (client) => client.query("SELECT count(*)::int AS n FROM users"));
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it("loads the same rows, ids included, into another database with the same seed (indexes and references rebuilt there)", async () => {
    const other = await databaseWithAdmin();
    try {
      await withClient(other.ownerUrl, (client) =>
        loadSeed(client, { scale: "tiny", seed: 1, asOf, dataDir, privileged: true, rebuildIndexes: true }),
      );
      expect(failures(await doctor(other))).toEqual([]);
      const schemaObjects = (url: string) =>
        withClient(url, async (client) => {
          const result = await client.query(`SELECT
            (SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'public') AS indexes,
            (SELECT string_agg(conname, ',' ORDER BY conname) FROM pg_constraint WHERE connamespace = 'public'::regnamespace) AS constraints`);
          return result.rows[0];
        });
      expect(await schemaObjects(other.ownerUrl)).toEqual(await schemaObjects(database.ownerUrl));
      const fingerprint = (url: string) =>
        withClient(url, async (client) => {
          const result = await client.query(`SELECT
            (SELECT md5(string_agg(id::text || name || owner_id::text, ',' ORDER BY id)) FROM companies) AS companies,
            (SELECT md5(string_agg(id::text || reports_to_id::text, ',' ORDER BY id)) FROM contacts) AS contacts,
            (SELECT md5(string_agg(id::text || occurred_at::text || coalesce(subject, ''), ',' ORDER BY id)) FROM timeline_entries) AS timeline,
            (SELECT md5(string_agg(number || total::text || paid::text, ',' ORDER BY number)) FROM invoices) AS invoices`);
          return result.rows[0];
        });
      expect(await fingerprint(other.ownerUrl)).toEqual(await fingerprint(database.ownerUrl));
    } finally {
      await other.drop();
    }
  });
});

describe("relata seed on the app role", () => {
  it("refuses before any administrator exists, and writes nothing", async () => {
    const database = await createTestDatabase();
    try {
      await expect(
        withClient(database.appUrl, (client) => loadSeed(client, { scale: "tiny", seed: 1, asOf, dataDir, privileged: false })),
      ).rejects.toThrow(/create the administrator first/);
      const rows = await withClient(database.ownerUrl, (client) =>
        client.query("SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM products)::int AS products"),
      );
      expect(rows.rows[0]).toEqual({ users: 0, products: 0 });
    } finally {
      await database.drop();
    }
  });

  it("loads the demo scale with every row audited, and the doctor passes", async () => {
    const database = await databaseWithAdmin();
    try {
      const result = await withClient(database.appUrl, (client) =>
        loadSeed(client, { scale: "demo", seed: 5, asOf, dataDir, privileged: false }),
      );
      expect(result.rows.companies).toBe(scales.demo.companies);
      expect(result.seconds).toBeLessThan(20);
      expect(failures(await doctor(database))).toEqual([]);
      const audited = await withClient(database.ownerUrl, (client) =>
        client.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE table_name = 'companies' AND operation = 'insert'"),
      );
      expect(audited.rows[0]!.n).toBe(scales.demo.companies);
    } finally {
      await database.drop();
    }
  });
});

describe("first run with demo data (POST /api/setup)", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness({ dataDir });
  });
  afterAll(() => harness.close());

  const setup = (payload: object) => harness.app.inject({ method: "POST", url: "/api/setup", payload });
  const counts = async () => {
    const result = await harness.pool.query(
      "SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM companies)::int AS companies",
    );
    return result.rows[0] as { users: number; companies: number };
  };

  it("refuses a demoData that is not a boolean with 400 naming the field, and creates nothing", async () => {
    const response = await setup({ email: "first@example.test", name: "First", password: testPassword, demoData: "yes" });
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(response.json().details)).toContain("demoData");
    expect(await counts()).toEqual({ users: 0, companies: 0 });
  });

  it("creates the administrator and fills the demo data, so the first sign-in lands in a populated CRM", async () => {
    const response = await setup({ email: "first@example.test", name: "First", password: testPassword, demoData: true });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ demoData: "loaded", user: { email: "first@example.test" } });
    const cookie = response.cookies.find((c) => c.name.endsWith("relata_session"))!;
    const list = await harness.app.inject({
      method: "GET",
      url: "/api/companies?limit=5",
      headers: { cookie: `${cookie.name}=${cookie.value}` },
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.length).toBe(5);
    expect((await counts()).companies).toBe(scales.demo.companies);
    // The card's task list shows the staff's tasks, as the API presents them.
    const busiest = await harness.pool.query<{ id: string; n: number }>(
      "SELECT company_id AS id, count(*)::int AS n FROM tasks GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1",
    );
    const tasks = await harness.app.inject({
      method: "GET",
      url: `/api/companies/${busiest.rows[0]!.id}/tasks`,
      headers: { cookie: `${cookie.name}=${cookie.value}` },
    });
    expect(tasks.statusCode).toBe(200);
    expect(tasks.json().items.length).toBeGreaterThan(0);
    expect(tasks.json().items[0]).toMatchObject({ companyId: busiest.rows[0]!.id, assigneeName: expect.any(String) });
    // And a customer's orders, with their lines and history.
    const ordered = await harness.pool.query<{ id: string }>("SELECT company_id AS id FROM orders ORDER BY number LIMIT 1");
    const orders = await harness.app.inject({
      method: "GET",
      url: `/api/companies/${ordered.rows[0]!.id}/orders`,
      headers: { cookie: `${cookie.name}=${cookie.value}` },
    });
    expect(orders.statusCode).toBe(200);
    expect(orders.json().items[0]).toMatchObject({ number: expect.stringMatching(/^ORD-\d{6}$/), currency: expect.any(String) });
  });
});

describe("first run when the demo data fails to load", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness({ dataDir });
    setDemoDataLoader(async () => {
      throw new Error("disk full");
    });
  });
  afterAll(async () => {
    registerDemoData();
    await harness.close();
  });

  it("keeps the administrator, signs them in and says the demo data failed", async () => {
    const response = await harness.app.inject({
      method: "POST",
      url: "/api/setup",
      payload: { email: "first@example.test", name: "First", password: testPassword, demoData: true },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ demoData: "failed", user: { email: "first@example.test" } });
    const plain = await harness.pool.query(
      "SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM companies)::int AS companies",
    );
    expect(plain.rows[0]).toEqual({ users: 1, companies: 0 });
  });
});
