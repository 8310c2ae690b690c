/**
 * The loader: streams the generator's rows into PostgreSQL with COPY, chunk by chunk, in one
 * transaction (all or nothing), then recomputes every derived table set-based (search index,
 * company figures and group rollups, grades) so `relata doctor` finds no drift.
 *
 * Privileged runs (the owner connection, `relata seed` at 100k/1m) switch the per-row audit
 * trigger off on the tables they load and rebuild secondary indexes after the load; the trail
 * gets one `seed` event instead of millions of rows. Unprivileged runs (the app role, the
 * first-run demo) keep every trigger: the load is audited like any write.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { drizzle } from "drizzle-orm/node-postgres";
import * as schema from "../db/schema";
import type { Db } from "../db/connection";
import { Projections, unitOfWork, type UnitOfWork } from "../platform/events/unit-of-work";
import { systemActor, type Actor } from "../platform/access/actor";
import { recordAuditEvent } from "../platform/audit/audit.repository";
import { regradeCompanies } from "../modules/companies";
import { contactsFigure } from "../modules/groups";
import { registerStoredCurrencies } from "../modules/billing";
import { planSubject, type Subject } from "../modules/reminders";
import { refreshFigure, registeredFigures } from "../platform/rollups";
import { storeDemoFile } from "./demo-file";
import {
  buildLayout,
  emptyBatch,
  generateChunk,
  generateCompany,
  scales,
  seedTableNames,
  seedTables,
  type Batch,
  type GeneratorContext,
  type Product,
  type ScaleName,
  type SeedTable,
  type StaffMember,
} from "./generate";
import { uuidOf } from "./random";
import { catalogue, currencyRates, demoStaff, linesOfBusiness, regions } from "./vocabulary";

export type SeedRun = {
  scale: ScaleName;
  seed: number;
  /** The day the data is "as of" (YYYY-MM-DD, UTC); today by default. */
  asOf?: string | undefined;
  /** The data directory (the demo documents' file goes into its file store). */
  dataDir: string;
  actor?: Actor | undefined;
  /** On the owner connection: audit trigger off and indexes rebuilt during the load. */
  privileged: boolean;
  /** Drop and rebuild secondary indexes of the loaded tables (privileged only); default: at 100k and above. */
  rebuildIndexes?: boolean | undefined;
  log?: ((line: string) => void) | undefined;
};

export type SeedResult = {
  scale: ScaleName;
  seed: number;
  asOf: string;
  rows: Record<string, number>;
  totalRows: number;
  seconds: number;
  rowsPerSecond: number;
};

/** The seed cannot run on this database (no administrator yet, or companies exist already). */
export class SeedRefused extends Error {}

const chunkCompanies = 2_000;
/** Tables the loader fills after the generated rows (set-based). */
const derivedTables = ["search_entries", "company_figures", "company_rollups"];
/** Companies per transaction on the audited path (the demo: one transaction of its 400, so all or nothing). */
const auditedChunkCompanies = 400;
const regradeBatch = 10_000;

const camel = (table: string) => table.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Loads the scale into the database `client` is connected to (a dedicated connection, not shared meanwhile). */
export async function loadSeed(client: pg.Client | pg.PoolClient, run: SeedRun): Promise<SeedResult> {
  const started = performance.now();
  const scale = scales[run.scale];
  const asOf = run.asOf ?? new Date().toISOString().slice(0, 10);
  const asOfMs = Date.parse(`${asOf}T00:00:00Z`);
  if (!Number.isFinite(asOfMs)) throw new SeedRefused(`--as-of must be a date (YYYY-MM-DD), not ${asOf}`);
  const log = run.log ?? (() => undefined);
  const db: Db = drizzle(client, { schema });
  const rebuild = run.privileged && (run.rebuildIndexes ?? scale.companies >= 100_000);

  const actor = run.actor ?? systemActor("seed");
  const inTransaction = <T>(work: (uow: UnitOfWork) => Promise<T>) => unitOfWork(db, new Projections(), { actor }, work);
  const query: Query = (text, values) => client.query(text, values);
  const layout = buildLayout(run.seed, scale);
  const rows: Record<string, number> = {};
  const add = (counts: Record<string, number>) => {
    for (const [key, n] of Object.entries(counts)) rows[key] = (rows[key] ?? 0) + n;
  };
  let loaded = 0;
  let lastReport = performance.now();
  const copyBatch = async (batch: Batch) => {
    const counts: Record<string, number> = {};
    for (const table of seedTableNames) {
      const lines = batch.get(table)!;
      await copyLines(client, table, lines);
      counts[camel(table)] = lines.length;
    }
    return counts;
  };
  const loadChunk = (ctx: GeneratorContext, from: number, to: number) => copyBatch(generateChunk(ctx, scale, layout, from, to));
  /** A chunk generated in slices that let the event loop breathe, so the previous chunk's COPY streams meanwhile. */
  const generateAlongside = async (ctx: GeneratorContext, from: number, to: number) => {
    const batch = emptyBatch();
    for (let start = from; start < to; start += 50) {
      for (let index = start; index < Math.min(to, start + 50); index++) generateCompany(ctx, scale, layout, index, batch);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return batch;
  };
  const progress = (to: number, counts: Record<string, number>) => {
    loaded += Object.values(counts).reduce((sum, n) => sum + n, 0);
    if (performance.now() - lastReport < 5_000 && to < scale.companies) return;
    lastReport = performance.now();
    const seconds = (performance.now() - started) / 1000;
    log(
      `seed: ${to.toLocaleString("en")}/${scale.companies.toLocaleString("en")} companies, ${loaded.toLocaleString("en")} rows, ${Math.round(loaded / seconds).toLocaleString("en")} rows/s`,
    );
  };
  const finish = async (uow: UnitOfWork, ctx: GeneratorContext, first: FirstNumbers) => {
    await advanceSequence(query, run.privileged, "invoice_number_seq", first.invoice, ctx.nextInvoiceNumber);
    await advanceSequence(query, run.privileged, "order_number_seq", first.order, ctx.nextOrderNumber);
    const derived = await query<{ search: number; figures: number; rollups: number }>(
      "SELECT (SELECT count(*) FROM search_entries)::int AS search, (SELECT count(*) FROM company_figures)::int AS figures, (SELECT count(*) FROM company_rollups)::int AS rollups",
    );
    const counts = {
      searchEntries: derived.rows[0]!.search,
      companyFigures: derived.rows[0]!.figures,
      companyRollups: derived.rows[0]!.rollups,
      businessReminders: scale.plansReminders ? await planReminders(uow, query) : 0,
    };
    await recordAuditEvent(uow.tx, {
      actorId: null,
      tableName: "companies",
      recordId: null,
      operation: "seed",
      after: { scale: run.scale, seed: run.seed, asOf, rows: { ...rows, ...counts }, auditedRowByRow: !run.privileged },
    });
    await uow.emit({
      name: "company.seeded",
      object: "company",
      recordId: null,
      topics: ["list:companies"],
      payload: { scale: run.scale },
    });
    return counts;
  };

  if (run.privileged) {
    // One transaction: all or nothing, and the trigger switch and dropped indexes never outlive it.
    add(
      await inTransaction(async (uow) => {
        const counts: Record<string, number> = {};
        const { ctx, first, users } = await prepare(query, run, asOfMs);
        counts.users = users;
        const audited = await auditedTables(query);
        for (const table of audited) await query(`ALTER TABLE ${table} DISABLE TRIGGER audit_change`);
        const dropped = rebuild ? await dropSecondaryIndexes(query, [...seedTableNames, ...derivedTables]) : [];
        const references = rebuild ? await dropReferences(query) : [];
        if (dropped.length + references.length > 0)
          log(`seed: ${dropped.length} secondary indexes and ${references.length} foreign keys dropped for the load`);
        // Node generates the next chunk while PostgreSQL takes in this one (two processes, two cores).
        let batch = await generateAlongside(ctx, 0, Math.min(scale.companies, chunkCompanies));
        for (let from = 0; from < scale.companies; from += chunkCompanies) {
          const to = Math.min(scale.companies, from + chunkCompanies);
          const copying = copyBatch(batch);
          const following = to < scale.companies ? generateAlongside(ctx, to, Math.min(scale.companies, to + chunkCompanies)) : undefined;
          const chunk = await copying;
          if (following) batch = await following;
          for (const [key, n] of Object.entries(chunk)) counts[key] = (counts[key] ?? 0) + n;
          progress(to, chunk);
        }
        const derivedStarted = performance.now();
        await deriveAll(uow, query, run.seed, scale.companies);
        log(`seed: search index, figures, rollups and grades recomputed in ${((performance.now() - derivedStarted) / 1000).toFixed(1)} s`);
        // Deferred reference checks run now: a table with pending checks cannot be altered or indexed.
        const deferred = await deferredConstraints(query);
        if (deferred) await query(`SET CONSTRAINTS ${deferred} IMMEDIATE`);
        // After the derived rows: filling a live trigram index row by row costs more than building it once.
        if (dropped.length > 0 || references.length > 0) {
          const indexStarted = performance.now();
          await query("SET LOCAL maintenance_work_mem = '512MB'");
          for (const index of dropped) await query(index.definition);
          // Each reference is checked once, by one join, instead of once per row during the load.
          for (const reference of references)
            await query(`ALTER TABLE ${reference.table} ADD CONSTRAINT ${reference.name} ${reference.definition}`);
          log(`seed: indexes rebuilt and foreign keys checked in ${((performance.now() - indexStarted) / 1000).toFixed(1)} s`);
        }
        for (const table of audited) await query(`ALTER TABLE ${table} ENABLE TRIGGER audit_change`);
        if (deferred) await query(`SET CONSTRAINTS ${deferred} DEFERRED`);
        Object.assign(rows, counts);
        return finish(uow, ctx, first);
      }),
    );
  } else {
    // Audited row by row, in transactions of `auditedChunkCompanies` (the demo scale fits in one).
    const { ctx, first, users } = await inTransaction(() => prepare(query, run, asOfMs));
    add({ users });
    for (let from = 0; from < scale.companies; from += auditedChunkCompanies) {
      const to = Math.min(scale.companies, from + auditedChunkCompanies);
      const generated = { ...ctx };
      const chunk = await inTransaction(async (uow) => {
        Object.assign(generated, ctx);
        const counts = await loadChunk(generated, from, to);
        await deriveChunk(uow, query, run.seed, from, to);
        return counts;
      });
      ctx.nextInvoiceNumber = generated.nextInvoiceNumber;
      ctx.nextOrderNumber = generated.nextOrderNumber;
      add(chunk);
      progress(to, chunk);
    }
    add(await inTransaction((uow) => finish(uow, ctx, first)));
  }

  if (run.privileged) {
    // VACUUM, not only ANALYZE: rows that COPY wrote are not marked all-visible until a vacuum, so
    // until autovacuum gets to them (never where it is off) every index-only scan (the list's
    // capped count, the search's candidates) still reads the heap. At 100k a list page under load
    // took 171 ms p95 before and 95 ms after; the vacuum itself takes about 10 s there.
    const vacuumStarted = performance.now();
    for (const table of [...seedTableNames, "search_entries", "company_figures", "company_rollups", "users"])
      await client.query(`VACUUM (ANALYZE) ${table}`);
    log(`seed: tables vacuumed and analyzed in ${((performance.now() - vacuumStarted) / 1000).toFixed(1)} s`);
  }
  const seconds = (performance.now() - started) / 1000;
  const totalRows = Object.values(rows).reduce((sum, n) => sum + n, 0);
  return {
    scale: run.scale,
    seed: run.seed,
    asOf,
    rows,
    totalRows,
    seconds: round(seconds, 2),
    rowsPerSecond: Math.round(totalRows / seconds),
  };
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

type Query = <R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]) => Promise<pg.QueryResult<R>>;

/** Refuses unless an administrator and no company exist; then staff, lists, rules, catalogue and the stored file. */
async function prepare(query: Query, run: SeedRun, asOfMs: number) {
  const users = await query<{ n: number }>("SELECT count(*)::int AS n FROM users");
  if (users.rows[0]!.n === 0)
    throw new SeedRefused("no user exists yet: create the administrator first (relata admin create, or the setup page)");
  const companies = await query<{ n: number }>("SELECT count(*)::int AS n FROM (SELECT 1 FROM companies LIMIT 1) c");
  if (companies.rows[0]!.n > 0)
    throw new SeedRefused("companies exist already: demo data is loaded only into an empty CRM, never mixed with real data");
  const staff = await insertStaff(query, run.seed);
  const linesOfBusiness = await ensureDimensions(query);
  await ensureGradeRules(query);
  const products = await ensureProducts(query, run.seed);
  const file = await storeDemoFile(run.dataDir);
  const ctx: GeneratorContext = {
    seed: run.seed,
    asOf: asOfMs,
    staff,
    products,
    linesOfBusiness,
    file,
    nextInvoiceNumber: await nextOf(query, "invoice_number_seq"),
    nextOrderNumber: await nextOf(query, "order_number_seq"),
  };
  return { ctx, first: { invoice: ctx.nextInvoiceNumber, order: ctx.nextOrderNumber }, users: staff.length };
}

/**
 * Plans the business reminders of every loaded record that can want one (active contracts, invoices
 * still issued, competitor contracts) with the service's own `planSubject`: the same steps, the
 * same jobs. Returns how many reminders were stored.
 */
async function planReminders(uow: UnitOfWork, query: Query): Promise<number> {
  const subjects = await query<Subject>(
    `SELECT 'contract' AS type, id FROM contracts WHERE status = 'active'
     UNION ALL SELECT 'invoice', id FROM invoices WHERE status = 'issued'
     UNION ALL SELECT 'competitor_contract', id FROM competitor_contracts
     ORDER BY 1, 2`,
  );
  for (const subject of subjects.rows) await planSubject(uow, subject);
  const stored = await query<{ n: number }>("SELECT count(*)::int AS n FROM business_reminders");
  return stored.rows[0]!.n;
}

/** The deferrable constraints of the loaded tables (their checks otherwise wait for the commit), as a SET CONSTRAINTS list. */
async function deferredConstraints(query: Query): Promise<string> {
  const result = await query<{ name: string }>(
    `SELECT quote_ident(c.conname) AS name FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
      WHERE c.condeferrable AND t.relname = ANY($1) AND t.relnamespace = 'public'::regnamespace ORDER BY 1`,
    [[...seedTableNames, ...derivedTables]],
  );
  return result.rows.map((row) => row.name).join(", ");
}

/** COPY of one chunk's lines (in pieces of about a megabyte). */
async function copyLines(client: pg.Client | pg.PoolClient, table: SeedTable, lines: string[]) {
  if (lines.length === 0) return;
  const copy = client.query(copyFrom(`COPY ${table} (${seedTables[table].join(", ")}) FROM STDIN`));
  function* pieces() {
    let piece = "";
    for (const line of lines) {
      piece += line;
      if (piece.length > 1_000_000) {
        yield piece;
        piece = "";
      }
    }
    if (piece) yield piece;
  }
  await pipeline(Readable.from(pieces()), copy);
}

/** The people who work the demo data; they cannot sign in until an administrator sets their password. */
async function insertStaff(query: Query, seed: number): Promise<StaffMember[]> {
  const roles = new Map((await query<{ id: string; key: string }>("SELECT id, key FROM roles")).rows.map((row) => [row.key, row.id]));
  const managerId = uuidOf(seed, "user", 0);
  for (const [index, member] of demoStaff.entries()) {
    const roleId = roles.get(member.role);
    if (!roleId) throw new Error(`the built-in role ${member.role} is missing`);
    await query(
      `INSERT INTO users (id, email, name, password_hash, role_id, manager_id, locale, time_zone)
       VALUES ($1, $2, $3, '!', $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [
        uuidOf(seed, "user", index),
        `${member.email}@demo.relata.example`,
        member.name,
        roleId,
        index === 0 ? null : managerId,
        member.locale,
        member.timeZone,
      ],
    );
  }
  const stored = await query<{ id: string; email: string }>("SELECT id, lower(email) AS email FROM users WHERE lower(email) = ANY($1)", [
    demoStaff.map((member) => `${member.email}@demo.relata.example`),
  ]);
  const byEmail = new Map(stored.rows.map((row) => [row.email, row.id]));
  return demoStaff.map((member) => ({
    id: byEmail.get(`${member.email}@demo.relata.example`)!,
    key: member.key,
    role: member.role,
    utcOffset: member.utcOffset,
  }));
}

/** Lines of business and regions when their lists are empty; answers the active line-of-business keys. */
async function ensureDimensions(query: Query): Promise<string[]> {
  for (const [kind, values] of [
    ["line_of_business", linesOfBusiness.map((value) => ({ key: value.key, labels: value.labels, countries: [] as string[] }))],
    ["region", regions.map((value) => ({ key: value.key, labels: value.labels, countries: value.countries }))],
  ] as const) {
    const existing = await query<{ n: number }>("SELECT count(*)::int AS n FROM dimension_values WHERE kind = $1", [kind]);
    if (existing.rows[0]!.n > 0) continue;
    for (const [position, value] of values.entries())
      await query("INSERT INTO dimension_values (kind, key, labels, position, countries) VALUES ($1, $2, $3, $4, $5)", [
        kind,
        value.key,
        JSON.stringify(value.labels),
        position,
        value.countries,
      ]);
  }
  const keys = await query<{ key: string }>(
    "SELECT key FROM dimension_values WHERE kind = 'line_of_business' AND NOT archived ORDER BY position, key",
  );
  return keys.rows.map((row) => row.key);
}

/** Grade rules by tenure as a customer, when none are set (an administrator's rules are left alone). */
async function ensureGradeRules(query: Query) {
  const existing = await query<{ n: number }>("SELECT count(*)::int AS n FROM grade_rules");
  if (existing.rows[0]!.n > 0) return;
  for (const [grade, months] of [
    ["key", 96],
    ["A", 48],
    ["B", 18],
    ["C", 0],
  ] as const)
    await query("INSERT INTO grade_rules (grade, min_tenure_months) VALUES ($1, $2)", [grade, months]);
}

const cents = (amount: string) => {
  const [whole, fraction = ""] = amount.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0").slice(0, 2));
};

/** The demo catalogue (kept as it is where the codes exist already), with prices per currency. */
async function ensureProducts(query: Query, seed: number): Promise<Product[]> {
  for (const [index, item] of catalogue.entries()) {
    await query(
      `INSERT INTO products (id, code, name, category, unit, kind, service_months, warranty_months)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [uuidOf(seed, "product", index), item.code, item.name, item.category, item.unit, item.kind, item.serviceMonths, item.warrantyMonths],
    );
    const [{ id } = { id: "" }] = (await query<{ id: string }>("SELECT id FROM products WHERE lower(code) = lower($1)", [item.code])).rows;
    for (const [currency, rate] of Object.entries(currencyRates)) {
      const price = Math.round(item.priceEur * rate) * 100;
      await query(
        "INSERT INTO product_prices (product_id, currency, list_price, unit_cost) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        [id, currency, (price / 100).toFixed(2), item.costShare === null ? null : (Math.round(price * item.costShare) / 100).toFixed(2)],
      );
    }
  }
  const stored = await query<{
    id: string;
    code: string;
    name: string;
    kind: "goods" | "service";
    service_months: number | null;
    currency: string;
    list_price: string;
    unit_cost: string | null;
  }>(
    `SELECT p.id, p.code, p.name, p.kind, p.service_months, pp.currency, pp.list_price::text, pp.unit_cost::text
       FROM products p JOIN product_prices pp ON pp.product_id = p.id WHERE lower(p.code) = ANY($1) ORDER BY p.code`,
    [catalogue.map((item) => item.code.toLowerCase())],
  );
  const products = new Map<string, Product>();
  for (const row of stored.rows) {
    const product = products.get(row.id) ?? {
      id: row.id,
      code: row.code,
      name: row.name,
      kind: row.kind,
      serviceMonths: row.service_months,
      prices: new Map(),
    };
    product.prices.set(row.currency, { price: cents(row.list_price), cost: row.unit_cost === null ? null : cents(row.unit_cost) });
    products.set(row.id, product);
  }
  // Only products priced in every currency the demo companies use can be sold to all of them.
  return [...products.values()].filter((product) => Object.keys(currencyRates).every((currency) => product.prices.has(currency)));
}

async function auditedTables(query: Query): Promise<string[]> {
  const result = await query<{ table: string }>(
    `SELECT c.relname AS table FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE t.tgname = 'audit_change' AND c.relname = ANY($1) ORDER BY 1`,
    [seedTableNames],
  );
  return result.rows.map((row) => row.table);
}

type DroppedIndex = { name: string; definition: string };
type DroppedReference = { table: string; name: string; definition: string };

/** The foreign keys of the loaded tables are dropped for the load; their definitions come back (to be added, and so checked, after it). */
async function dropReferences(query: Query): Promise<DroppedReference[]> {
  const result = await query<DroppedReference>(
    `SELECT quote_ident(t.relname) AS table, quote_ident(c.conname) AS name, pg_get_constraintdef(c.oid) AS definition
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
      WHERE c.contype = 'f' AND t.relname = ANY($1) AND t.relnamespace = 'public'::regnamespace ORDER BY 1, 2`,
    [seedTableNames],
  );
  for (const reference of result.rows) await query(`ALTER TABLE ${reference.table} DROP CONSTRAINT ${reference.name}`);
  return result.rows;
}

/** Secondary indexes (not primary keys, not unique) of these tables are dropped; their definitions come back. */
async function dropSecondaryIndexes(query: Query, tables: string[]): Promise<DroppedIndex[]> {
  const result = await query<DroppedIndex>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
      WHERE t.relname = ANY($1) AND t.relnamespace = 'public'::regnamespace AND NOT i.indisprimary AND NOT i.indisunique
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
      ORDER BY 1`,
    [tables],
  );
  for (const index of result.rows) await query(`DROP INDEX ${index.name}`);
  return result.rows;
}

/**
 * Search entries of the companies `filter` keeps (their own, their contacts' and their contracts'), set-based: the
 * same text the modules' `companySearchEntry` / `contactSearchEntry` give (seed.test.ts compares them).
 */
async function indexForSearch(query: Query, filter: string, values: unknown[]) {
  await query(
    `INSERT INTO search_entries (object, record_id, company_id, title, subtitle, body)
     SELECT 'company', c.id, c.id, c.name, u.name,
            left(relata_fold(concat_ws(' ', c.name, concat_ws(' ', c.name, c.registration_number, c.domain,
              (SELECT string_agg(e ->> 'address', ' ') FROM jsonb_array_elements(c.emails) e),
              (SELECT string_agg(p ->> 'number', ' ') FROM jsonb_array_elements(c.phones) p),
              (SELECT string_agg(a ->> 'city', ' ') FROM jsonb_array_elements(c.addresses) a)))), 2000)
       FROM companies c JOIN users u ON u.id = c.owner_id ${filter}
     ON CONFLICT DO NOTHING`,
    values,
  );
  await query(
    `INSERT INTO search_entries (object, record_id, company_id, title, subtitle, body)
     SELECT 'contact', k.id, k.company_id, btrim(k.first_name || ' ' || k.last_name), c.name,
            left(relata_fold(concat_ws(' ', btrim(k.first_name || ' ' || k.last_name), concat_ws(' ', btrim(k.first_name || ' ' || k.last_name), k.title, k.department,
              (SELECT string_agg(e ->> 'address', ' ') FROM jsonb_array_elements(k.emails) e),
              (SELECT string_agg(p ->> 'number', ' ') FROM jsonb_array_elements(k.phones) p)))), 2000)
       FROM contacts k JOIN companies c ON c.id = k.company_id ${filter}
     ON CONFLICT DO NOTHING`,
    values,
  );
  await query(
    `INSERT INTO search_entries (object, record_id, company_id, title, subtitle, body)
     SELECT 'contract', k.id, k.company_id, k.number || ' ' || k.title, c.name,
            left(relata_fold(concat_ws(' ', k.number || ' ' || k.title, regexp_replace(k.number, '[./_-]', ' ', 'g'))), 2000)
       FROM contracts k JOIN companies c ON c.id = k.company_id ${filter}
     ON CONFLICT DO NOTHING`,
    values,
  );
}

const companyIds = (seed: number, from: number, to: number) =>
  Array.from({ length: to - from }, (_, k) => uuidOf(seed, "company", from + k));

/**
 * Derived data of the whole load, set-based: the search index; each company's own figures
 * (contacts, service items, revenue and receivables per currency); the group rollups over the
 * closure; the grades the rules give.
 */
async function deriveAll(uow: UnitOfWork, query: Query, seed: number, companies: number) {
  await indexForSearch(query, "", []);
  await query(
    `INSERT INTO company_figures (company_id, key, value)
     SELECT company_id, $1, count(*) FROM contacts GROUP BY company_id
     UNION ALL
     SELECT company_id, 'service_items', count(*) FROM service_items GROUP BY company_id
     UNION ALL
     SELECT company_id, 'revenue.' || currency, sum(amount) FROM revenue_entries GROUP BY company_id, currency HAVING sum(amount) <> 0
     UNION ALL
     SELECT company_id, 'receivables.' || currency, sum(total - paid - credited) FROM invoices
      WHERE status = 'issued' GROUP BY company_id, currency HAVING sum(total - paid - credited) <> 0
     ON CONFLICT (company_id, key) DO UPDATE SET value = company_figures.value + excluded.value`,
    [contactsFigure],
  );
  await query(`
    INSERT INTO company_rollups (company_id, key, value)
    SELECT company_id, key, sum(value) FROM (
      SELECT company_id, key, value FROM company_figures
      UNION ALL
      SELECT t.ancestor_id, f.key, f.value FROM company_tree t JOIN company_figures f ON f.company_id = t.descendant_id
    ) spread GROUP BY company_id, key
    ON CONFLICT (company_id, key) DO UPDATE SET value = excluded.value`);
  for (let from = 0; from < companies; from += regradeBatch)
    await regradeCompanies(uow, companyIds(seed, from, Math.min(companies, from + regradeBatch)));
}

/**
 * Derived data of one chunk, through the same mechanisms the modules' writes use: the figures
 * are recounted for the chunk's companies (and move their groups' totals), then graded.
 */
async function deriveChunk(uow: UnitOfWork, query: Query, seed: number, from: number, to: number) {
  const ids = companyIds(seed, from, to);
  await indexForSearch(query, "WHERE c.id = ANY($1::uuid[])", [ids]);
  await registerStoredCurrencies(uow.tx);
  for (const figure of registeredFigures()) await refreshFigure(uow, figure.key, ids);
  await regradeCompanies(uow, ids);
}

/** The sequences the services number invoices and orders from. */
type NumberSequence = "invoice_number_seq" | "order_number_seq";
/** The first invoice and order numbers of this load. */
type FirstNumbers = { invoice: number; order: number };

/** The number a sequence gives next. */
async function nextOf(query: Query, sequence: NumberSequence): Promise<number> {
  const row = (await query<{ last_value: string; is_called: boolean }>(`SELECT last_value::text, is_called FROM ${sequence}`)).rows[0]!;
  return Number(row.last_value) + (row.is_called ? 1 : 0);
}

/** Moves a sequence past the numbers the generator used (from `first` up to `next - 1`). */
async function advanceSequence(query: Query, privileged: boolean, sequence: NumberSequence, first: number, next: number) {
  const used = next - first;
  if (used <= 0) return;
  if (privileged) await query(`SELECT setval('${sequence}', $1)`, [next - 1]);
  // The app role may draw numbers but not set the sequence.
  else await query(`SELECT max(nextval('${sequence}')) FROM generate_series(1, $1)`, [used]);
}
