/**
 * Running imports: per-row errors on the lines where rows start (CRLF and quoted line breaks),
 * what a chunk writes beside the records (stage history, contact points, search, audit, one
 * list event per chunk), the duplicate modes and re-runs, resuming after a crash, dry runs
 * that write no records, contacts by company name or registration number, errors.csv, and the
 * pg-boss worker (including re-queuing unfinished imports at start).
 */
import { existsSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import PgBoss from "pg-boss";
import { beforeAll, describe, expect, it } from "vitest";
import type { ImportJob } from "@relata/contracts";
import type { AddressInfo } from "node:net";
import { login, type Harness } from "../../../test/harness";
import { eventually, LiveClient } from "../../../test/live-client";
import type { AccessFixture, Api } from "../../../test/access-fixture";
import { customFields, customSections } from "../../db/schema";
import { runHousekeeping } from "../../platform/jobs/jobs";
import { pruneImportFiles } from "./imports.files";
import { processImport, registerImportJobs, type ProcessOptions } from "./imports.job";
import { useImportApp } from "./imports.test-fixture";

const app = useImportApp("job");
let h: Harness;
let f: AccessFixture;
beforeAll(() => {
  ({ h, f } = app);
});

type Options = {
  object?: "company" | "contact";
  mapping?: Record<string, string>;
  duplicates?: "skip" | "update" | "create";
  dryRun?: boolean;
};

/** Uploads a file, sets mapping and duplicate mode, starts it (the job is queued; tests run it with `run`). */
async function queue(api: Api, csv: string, options: Options = {}): Promise<ImportJob> {
  const object = options.object ?? "company";
  const uploaded = await api("POST", `/api/imports?object=${object}&fileName=test.csv`, csv, { "content-type": "text/csv" });
  expect(uploaded.statusCode, uploaded.body).toBe(201);
  let job = uploaded.json() as ImportJob;
  if (options.mapping || options.duplicates) {
    const patched = await api(
      "PATCH",
      `/api/imports/${job.id}`,
      { ...(options.mapping ? { mapping: options.mapping } : {}), ...(options.duplicates ? { duplicates: options.duplicates } : {}) },
      { "if-match": `"${job.version}"` },
    );
    expect(patched.statusCode, patched.body).toBe(200);
    job = patched.json() as ImportJob;
  }
  const started = await api("POST", `/api/imports/${job.id}/start`, { dryRun: options.dryRun ?? false });
  expect(started.statusCode, started.body).toBe(200);
  return started.json() as ImportJob;
}

const run = (id: string, options?: ProcessOptions) => processImport(h.app.platform, id, options);

async function state(api: Api, id: string) {
  const response = await api("GET", `/api/imports/${id}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as ImportJob;
}

async function errorsOf(api: Api, id: string) {
  const response = await api("GET", `/api/imports/${id}/errors?limit=200`);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { items: { line: number; field: string; message: string }[] }).items;
}

/** Sets a file's times `days` back. */
const age = (file: string, days: number) => {
  const then = new Date(Date.now() - days * 86_400_000);
  utimesSync(file, then, then);
};

const count = async (query: ReturnType<typeof sql>) => (await h.db.execute<{ n: number }>(query)).rows[0]!.n;
const companyNamed = async (name: string) =>
  (await h.db.execute<Record<string, unknown>>(sql`SELECT * FROM companies WHERE name = ${name}`)).rows;

describe("a company import", () => {
  const csv = [
    "Name,Country,Email,Description,Owner",
    'Alpha AB,SE,info@alpha.se,"Line one',
    'line two",',
    ",SE,,,",
    "Gamma,XX1,bad-email,,",
    "",
    'Delta,NO,,"multi',
    "line",
    'cell",nobody@example.test',
    "Epsilon,SE,,,MATE",
    "Zeta,sverige,,,",
  ].join("\r\n");

  it("reports each failing row on the line it starts on, even after quoted line breaks", async () => {
    const rep = f.actors.sales_rep;
    const job = await queue(rep.api, csv.replace("MATE", f.owners.mate.email));
    expect(await run(job.id)).toBe("done");
    const done = await state(rep.api, job.id);
    expect(done).toMatchObject({ status: "done", processedRows: 6, createdRows: 2, errorRows: 4, skippedRows: 0, totalRows: 6 });
    expect(done.finishedAt).not.toBeNull();
    const errors = await errorsOf(rep.api, job.id);
    expect(errors.map(({ line, field }) => `${line} ${field}`)).toEqual([
      "4 name",
      "5 country",
      "5 email",
      "7 ownerEmail",
      "10 ownerEmail",
    ]);
    expect(errors.find((e) => e.line === 4)!.message).toBe("is required");
    expect(errors.find((e) => e.line === 7)!.message).toBe("is not an active user");
    expect(errors.find((e) => e.line === 10)!.message).toBe("you may only assign records to yourself");

    const [alpha] = await companyNamed("Alpha AB");
    expect(alpha).toMatchObject({
      description: "Line one\r\nline two",
      country: "SE",
      owner_id: rep.id,
      team_id: f.teams.one,
      stage: "lead",
    });
    expect((await companyNamed("Zeta"))[0]).toMatchObject({ country: "SE" });
    const id = alpha!.id as string;
    expect(await count(sql`SELECT count(*)::int AS n FROM company_stage_changes WHERE company_id = ${id} AND to_stage = 'lead'`)).toBe(1);
    expect(
      await count(
        sql`SELECT count(*)::int AS n FROM contact_points WHERE record_id = ${id} AND kind = 'email' AND value = 'info@alpha.se'`,
      ),
    ).toBe(1);
    expect(await count(sql`SELECT count(*)::int AS n FROM search_entries WHERE record_id = ${id} AND body LIKE '%alpha%'`)).toBe(1);
    expect(
      await count(
        sql`SELECT count(*)::int AS n FROM audit_log WHERE table_name = 'companies' AND record_id = ${id} AND actor_id = ${rep.id}`,
      ),
    ).toBe(1);
    // Found by the global search like any other company.
    const search = await rep.api("GET", "/api/search?q=alpha");
    expect(search.statusCode, search.body).toBe(200);
    expect(JSON.stringify(search.json())).toContain(id);
    // One list refresh per chunk, and progress on the import's own topic.
    const listEvents = await h.db.execute<{ topics: string[] }>(sql`SELECT topics FROM outbox WHERE name = 'company.imported'`);
    expect(listEvents.rows).toEqual([{ topics: ["list:companies"] }]);
    const progress = await count(
      sql`SELECT count(*)::int AS n FROM outbox WHERE name = 'import.progress' AND ${`import:${job.id}`} = ANY(topics)`,
    );
    expect(progress).toBeGreaterThanOrEqual(3);
  });

  it("pages the errors and writes errors.csv with the original cells of each failing row", async () => {
    const rep = f.actors.sales_rep;
    const job = await queue(rep.api, csv.replace(/Alpha AB|Zeta/g, "$&2").replace("MATE", f.owners.mate.email));
    await run(job.id);
    const first = await rep.api("GET", `/api/imports/${job.id}/errors?limit=2`);
    const page1 = first.json() as { items: { line: number }[]; nextCursor: string };
    expect(page1.items.map((e) => e.line)).toEqual([4, 5]);
    const second = await rep.api("GET", `/api/imports/${job.id}/errors?limit=2&cursor=${page1.nextCursor}`);
    expect((second.json() as { items: { line: number; field: string }[] }).items.map((e) => `${e.line} ${e.field}`)).toEqual([
      "5 email",
      "7 ownerEmail",
    ]);
    expect((await rep.api("GET", `/api/imports/${job.id}/errors?cursor=nonsense`)).statusCode).toBe(400);

    const file = await rep.api("GET", `/api/imports/${job.id}/errors.csv`);
    expect(file.statusCode).toBe(200);
    expect(file.headers["content-type"]).toMatch(/^text\/csv/);
    const lines = file.body.replace(/^\uFEFF/, "");
    expect(lines.startsWith("import_line,import_errors,Name,Country,Email,Description,Owner\r\n")).toBe(true);
    expect(lines).toContain("4,name: is required,,SE,,,\r\n");
    expect(lines).toContain('7,ownerEmail: is not an active user,Delta,NO,,"multi\r\nline\r\ncell",nobody@example.test\r\n');
    expect(lines.split("import_line")[1]!.match(/\r\n(\d+),/g)).toHaveLength(4);
  });
});

describe("duplicates", () => {
  const header = "Name,Reg,Website,Email,City,Industry";
  beforeAll(async () => {
    const admin = f.actors.administrator;
    const base = await queue(
      admin.api,
      [header, "Acme Corporation,556016-0680,,,,", "Beta AB,,www.beta.se,,,", "Gamma Ltd,,,sales@gamma.com,,"].join("\n"),
      {
        mapping: { Name: "name", Reg: "registrationNumber", Website: "website", Email: "email", City: "city", Industry: "industry" },
      },
    );
    await run(base.id);
    expect((await state(admin.api, base.id)).createdRows).toBe(3);
  });
  const mapping = { Name: "name", Reg: "registrationNumber", Website: "website", Email: "email", City: "city", Industry: "industry" };
  const variants = [
    header,
    "ACME Corp.,,,,Lund,Steel",
    "Totally Different,5560160680,,,,",
    "Beta Sweden,,https://beta.se/about,,,",
    "Gamma Two,,,SALES@gamma.com,,",
    "New One,,,,,",
    "New One,,,,,",
  ].join("\n");

  it("skip: rows matching by name key, registration number, domain or email (or an earlier row) are skipped; a re-run creates nothing", async () => {
    const admin = f.actors.administrator;
    const before = await count(sql`SELECT count(*)::int AS n FROM companies`);
    const job = await queue(admin.api, variants, { mapping });
    await run(job.id);
    expect(await state(admin.api, job.id)).toMatchObject({ createdRows: 1, skippedRows: 5, updatedRows: 0, errorRows: 0 });
    expect(await count(sql`SELECT count(*)::int AS n FROM companies`)).toBe(before + 1);
    const again = await queue(admin.api, variants, { mapping });
    await run(again.id);
    expect(await state(admin.api, again.id)).toMatchObject({ createdRows: 0, skippedRows: 6 });
    expect(await count(sql`SELECT count(*)::int AS n FROM companies`)).toBe(before + 1);
  });

  it("update: non-empty cells change the matched company (audited); unchanged rows are skipped; a re-run changes nothing", async () => {
    const admin = f.actors.administrator;
    const [acme] = await companyNamed("Acme Corporation");
    const file = [header, "ACME Corp.,,,,Lund,Steel", "Acme Corporation,,,,,Steel", "Beta AB,,,info@beta.se,,"].join("\n");
    const job = await queue(admin.api, file, { mapping, duplicates: "update" });
    await run(job.id);
    expect(await state(admin.api, job.id)).toMatchObject({ createdRows: 0, updatedRows: 2, skippedRows: 1, errorRows: 0 });
    // Matched by its name key: the name keeps its spelling.
    const [updated] = await companyNamed("Acme Corporation");
    expect(updated).toMatchObject({
      id: acme!.id,
      industry: "Steel",
      registration_number: "556016-0680",
      version: (acme!.version as number) + 1,
    });
    expect((updated!.addresses as { city: string }[]).map((a) => a.city)).toEqual(["Lund"]);
    const [beta] = await companyNamed("Beta AB");
    expect((beta!.emails as { address: string }[]).map((e) => e.address)).toEqual(["info@beta.se"]);
    expect(await count(sql`SELECT count(*)::int AS n FROM contact_points WHERE record_id = ${beta!.id as string} AND kind = 'email'`)).toBe(
      1,
    );
    expect(
      await count(
        sql`SELECT count(*)::int AS n FROM audit_log WHERE table_name = 'companies' AND record_id = ${acme!.id as string} AND operation = 'update'`,
      ),
    ).toBe(1);
    const again = await queue(admin.api, file, { mapping, duplicates: "update" });
    await run(again.id);
    expect(await state(admin.api, again.id)).toMatchObject({ createdRows: 0, updatedRows: 0, skippedRows: 3 });
    expect((await companyNamed("Acme Corporation"))[0]!.version).toBe(updated!.version);
  });

  it("update: a match the importing user may not change is an error on its row", async () => {
    const rep = f.actors.sales_rep;
    const job = await queue(rep.api, "Name,Industry\nBeta AB,Retail\n", {
      duplicates: "update",
      mapping: { Name: "name", Industry: "industry" },
    });
    await run(job.id);
    expect(await state(rep.api, job.id)).toMatchObject({ updatedRows: 0, errorRows: 1 });
    expect(await errorsOf(rep.api, job.id)).toEqual([{ line: 2, field: "row", message: "matches an existing company you may not change" }]);
  });

  it("skip: companies the importing user may not read do not count (no existence oracle)", async () => {
    await f.insertCompany("Hidden Stranger AB", f.placement("sales_rep", "other")!);
    await f.insertCompany("Visible Mate AB", f.placement("sales_rep", "team")!);
    const rep = f.actors.sales_rep;
    const job = await queue(rep.api, "Name\nHidden Stranger AB\nVisible Mate AB\n");
    await run(job.id);
    expect(await state(rep.api, job.id)).toMatchObject({ createdRows: 1, skippedRows: 1 });
    expect((await companyNamed("Hidden Stranger AB")).map((row) => row.owner_id)).toEqual(
      expect.arrayContaining([f.owners.stranger.id, rep.id]),
    );
  });

  it("create: rows are created even when they match", async () => {
    const admin = f.actors.administrator;
    const job = await queue(admin.api, "Name\nGamma Ltd\n", { duplicates: "create" });
    await run(job.id);
    expect(await state(admin.api, job.id)).toMatchObject({ createdRows: 1 });
    expect(await count(sql`SELECT count(*)::int AS n FROM companies WHERE name_key = 'gamma'`)).toBe(2);
  });
});

const manyRows = (count: number, prefix: string, broken: number[] = []) =>
  [
    "Name,Country",
    ...Array.from({ length: count }, (_, i) => (broken.includes(i + 2) ? `${prefix} ${i},NOWHERE` : `${prefix} ${i},SE`)),
  ].join("\n");

describe("resuming", () => {
  it("continues after the last committed chunk when a worker died mid-way, without duplicates", async () => {
    const admin = f.actors.administrator;
    const job = await queue(admin.api, manyRows(250, "Resume", [120, 240]));
    expect(await run(job.id, { chunkSize: 100, maxChunks: 1 })).toBe("stopped");
    expect(await state(admin.api, job.id)).toMatchObject({ status: "running", processedRows: 100, createdRows: 100 });
    const [row] = (await h.db.execute<{ next_line: number }>(sql`SELECT next_line FROM imports WHERE id = ${job.id}`)).rows;
    expect(row!.next_line).toBe(102);

    // A crash inside the next chunk's transaction: that chunk is rolled back whole.
    await expect(
      run(job.id, {
        chunkSize: 100,
        beforeCommit: () => {
          throw new Error("worker killed");
        },
      }),
    ).rejects.toThrow("worker killed");
    expect(await count(sql`SELECT count(*)::int AS n FROM companies WHERE name LIKE 'Resume %'`)).toBe(100);
    expect(await state(admin.api, job.id)).toMatchObject({ processedRows: 100 });

    expect(await run(job.id, { chunkSize: 100 })).toBe("done");
    expect(await state(admin.api, job.id)).toMatchObject({ status: "done", processedRows: 250, createdRows: 248, errorRows: 2 });
    expect(await count(sql`SELECT count(DISTINCT name)::int AS n FROM companies WHERE name LIKE 'Resume %'`)).toBe(248);
    expect(await count(sql`SELECT count(*)::int AS n FROM companies WHERE name LIKE 'Resume %'`)).toBe(248);
    expect((await errorsOf(admin.api, job.id)).map((e) => e.line)).toEqual([120, 240]);
    // Running a finished import again does nothing.
    expect(await run(job.id)).toBe("skipped");
  });

  it("stops at the next chunk when cancelled; committed chunks stay", async () => {
    const admin = f.actors.administrator;
    const job = await queue(admin.api, manyRows(300, "Cancelled"));
    await run(job.id, { chunkSize: 100, maxChunks: 1 });
    expect((await admin.api("POST", `/api/imports/${job.id}/cancel`)).statusCode).toBe(200);
    expect(await run(job.id, { chunkSize: 100 })).toBe("skipped");
    expect(await count(sql`SELECT count(*)::int AS n FROM companies WHERE name LIKE 'Cancelled %'`)).toBe(100);
    // Resuming a cancelled real import continues where it stopped.
    const resumed = await admin.api("POST", `/api/imports/${job.id}/start`, {});
    expect(resumed.statusCode, resumed.body).toBe(200);
    expect(await run(job.id, { chunkSize: 100 })).toBe("done");
    expect(await count(sql`SELECT count(*)::int AS n FROM companies WHERE name LIKE 'Cancelled %'`)).toBe(300);
    expect((await admin.api("POST", `/api/imports/${job.id}/start`, { dryRun: true })).statusCode).toBe(409);
  });
});

describe("dry runs", () => {
  const records = async () =>
    (
      await h.db.execute<Record<string, string>>(sql`
        SELECT (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM companies t) AS companies,
               (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM contacts t) AS contacts,
               (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM contact_points t) AS points,
               (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM search_entries t) AS search,
               (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM company_stage_changes t) AS stages,
               (SELECT count(*)::int FROM audit_log WHERE table_name IN ('companies', 'contacts')) AS audited`)
    ).rows[0]!;

  it("validates every row and counts what would happen, writing no records; then the real run starts over", async () => {
    const admin = f.actors.administrator;
    const csv = `${manyRows(250, "Dry", [7])}\nDry 3,SE\n`;
    const before = await records();
    const job = await queue(admin.api, csv, { dryRun: true });
    expect(await run(job.id, { chunkSize: 100 })).toBe("done");
    expect(await records()).toEqual(before);
    // "Dry 3" at the end repeats a row of the first chunk: a skip, as the real run will count it.
    expect(await state(admin.api, job.id)).toMatchObject({
      status: "done",
      dryRun: true,
      processedRows: 251,
      createdRows: 249,
      skippedRows: 1,
      errorRows: 1,
    });
    expect((await errorsOf(admin.api, job.id)).map((e) => `${e.line} ${e.field}`)).toEqual(["7 country"]);

    const real = await admin.api("POST", `/api/imports/${job.id}/start`, {});
    expect(real.json()).toMatchObject({ status: "queued", dryRun: false, processedRows: 0, errorRows: 0 });
    expect(await errorsOf(admin.api, job.id)).toEqual([]);
    await run(job.id, { chunkSize: 100 });
    expect(await state(admin.api, job.id)).toMatchObject({ status: "done", createdRows: 249, skippedRows: 1, errorRows: 1 });
    expect(await count(sql`SELECT count(*)::int AS n FROM companies WHERE name LIKE 'Dry %'`)).toBe(249);
  });
});

describe("a contact import", () => {
  beforeAll(async () => {
    await f.insertCompany("Nordic Steel AB", f.placement("administrator", "other")!, { registrationNumber: "559000-1111", country: "SE" });
    await f.insertCompany("Rep Own AB", f.placement("sales_rep", "own")!, { country: "SE" });
    await f.insertCompany("Mate Co", f.placement("sales_rep", "team")!);
    await f.insertCompany("Twin AB", f.placement("administrator", "own")!);
    await f.insertCompany("Twin", f.placement("administrator", "team")!);
  });
  const csv = [
    "Name,Company,Org nr,Email,Mobile,Consent email,Language",
    "Anna Berg,Nordic Steel,,anna@nordic.se,070-123 45 67,ja,svenska",
    "Bo Ek,,5590001111,bo@nordic.se,,no,",
    "Cai Lin,No Such Co,,,,,",
    "Dan,Nordic Steel AB,,bad,,maybe,klingon",
    "Eva Twin,Twin,,,,,",
  ].join("\n");

  it("places people at companies found by name key or registration number; names bad cells", async () => {
    const admin = f.actors.administrator;
    const job = await queue(admin.api, csv, { object: "contact" });
    expect(job.mapping).toEqual({
      Name: "fullName",
      Company: "companyName",
      "Org nr": "companyRegistrationNumber",
      Email: "email",
      Mobile: "mobile",
      "Consent email": "consentEmail",
      Language: "preferredLanguage",
    });
    await run(job.id);
    expect(await state(admin.api, job.id)).toMatchObject({ processedRows: 5, createdRows: 2, errorRows: 3 });
    expect((await errorsOf(admin.api, job.id)).map((e) => `${e.line} ${e.field}`)).toEqual([
      "4 companyName",
      "5 consentEmail",
      "5 email",
      "5 preferredLanguage",
      "6 companyName",
    ]);
    const people = await h.db.execute<Record<string, unknown>>(
      sql`SELECT ct.*, c.name AS company FROM contacts ct JOIN companies c ON c.id = ct.company_id WHERE ct.last_name IN ('Berg', 'Ek') ORDER BY ct.last_name`,
    );
    expect(people.rows).toMatchObject([
      { first_name: "Anna", last_name: "Berg", company: "Nordic Steel AB", consent_email: true, preferred_language: "sv" },
      { first_name: "Bo", last_name: "Ek", company: "Nordic Steel AB", consent_email: false },
    ]);
    expect((people.rows[0]!.phones as { type: string; e164: string }[])[0]).toEqual({
      type: "mobile",
      number: "070-123 45 67",
      e164: "+46701234567",
    });
    const anna = people.rows[0]!.id as string;
    expect(await count(sql`SELECT count(*)::int AS n FROM contact_points WHERE object = 'contact' AND record_id = ${anna}`)).toBe(2);
    expect(
      await count(
        sql`SELECT count(*)::int AS n FROM search_entries WHERE object = 'contact' AND record_id = ${anna} AND subtitle = 'Nordic Steel AB'`,
      ),
    ).toBe(1);

    const again = await queue(admin.api, csv, { object: "contact" });
    await run(again.id);
    expect(await state(admin.api, again.id)).toMatchObject({ createdRows: 0, skippedRows: 2, errorRows: 3 });
  });

  it("lets a sales rep add people only to companies they may add contacts to", async () => {
    const rep = f.actors.sales_rep;
    const job = await queue(rep.api, "Last name,Company\nOwn,Rep Own AB\nMate,Mate Co\nHidden,Nordic Steel AB\n", { object: "contact" });
    await run(job.id);
    expect(await state(rep.api, job.id)).toMatchObject({ createdRows: 1, errorRows: 2 });
    expect(await errorsOf(rep.api, job.id)).toEqual([
      { line: 3, field: "companyName", message: "you may not add contacts to this company" },
      { line: 4, field: "companyName", message: "no such company" },
    ]);
  });

  it("a company import that renames a company shows the new name under its people's search hits", async () => {
    const admin = f.actors.administrator;
    const job = await queue(admin.api, "Name,Org nr\nNordic Steel Group AB,559000-1111\n", { duplicates: "update" });
    await run(job.id);
    expect(await state(admin.api, job.id)).toMatchObject({ updatedRows: 1, errorRows: 0 });
    const subtitles = await h.db.execute<{ subtitle: string }>(
      sql`SELECT DISTINCT se.subtitle FROM search_entries se JOIN contacts ct ON ct.id = se.record_id
           WHERE se.object = 'contact' AND ct.last_name IN ('Berg', 'Ek')`,
    );
    expect(subtitles.rows).toEqual([{ subtitle: "Nordic Steel Group AB" }]);
  });
});

describe("dimension columns", () => {
  it("reads values of the lists by key or by a label in any language; names unknown and archived ones on their row", async () => {
    const admin = f.actors.administrator.api;
    const create = async (kind: string, key: string, labels: Record<string, string>) => {
      const response = await admin("POST", "/api/dimensions", { kind, key, labels });
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as { id: string; version: number };
    };
    await create("line_of_business", "banking", { en: "Banking", sv: "Bank", "zh-CN": "银行业" });
    await create("client_unit", "group_it", { en: "Group IT" });
    const old = await create("client_unit", "old_unit", { en: "Old unit" });
    const archived = await admin("PATCH", `/api/dimensions/${old.id}`, { archived: true }, { "if-match": `"${old.version}"` });
    expect(archived.statusCode, archived.body).toBe(200);
    await create("function", "sustainability", { en: "Sustainability", "zh-CN": "可持续发展" });

    const companiesFile = [
      "Name,Line of business,Client unit",
      "Lob Bank One,Banking,group it",
      "Lob Bank Two,银行业,",
      "Lob Mine,Mining,",
      "Lob Old,,Old unit",
    ].join("\n");
    const job = await queue(admin, companiesFile);
    await run(job.id);
    expect(await state(admin, job.id)).toMatchObject({ createdRows: 2, errorRows: 2 });
    expect(await errorsOf(admin, job.id)).toEqual([
      { line: 4, field: "lineOfBusiness", message: '"Mining" is not a value of the line of business list' },
      { line: 5, field: "clientUnit", message: '"Old unit" is archived and can no longer be chosen' },
    ]);
    const made = await h.db.execute<{ name: string; line_of_business: string | null; client_unit: string | null }>(
      sql`SELECT name, line_of_business, client_unit FROM companies WHERE name LIKE 'Lob %' ORDER BY name`,
    );
    expect(made.rows).toEqual([
      { name: "Lob Bank One", line_of_business: "banking", client_unit: "group_it" },
      { name: "Lob Bank Two", line_of_business: "banking", client_unit: null },
    ]);

    const people = [
      "Name,Company,Function,Client unit",
      "Sara Grön,Lob Bank One,可持续发展,Group IT",
      "Per Pengar,Lob Bank One,Ekonomi,",
      "Ola Okänd,Lob Bank One,Wizardry,",
    ].join("\n");
    const contactJob = await queue(admin, people, { object: "contact" });
    await run(contactJob.id);
    expect(await state(admin, contactJob.id)).toMatchObject({ createdRows: 2, errorRows: 1 });
    expect((await errorsOf(admin, contactJob.id)).map((e) => `${e.line} ${e.field}`)).toEqual(["4 function"]);
    const contactsMade = await h.db.execute<{ last_name: string; function: string | null; client_unit: string | null }>(
      sql`SELECT last_name, function, client_unit FROM contacts WHERE last_name IN ('Grön', 'Pengar') ORDER BY last_name`,
    );
    expect(contactsMade.rows).toEqual([
      { last_name: "Grön", function: "sustainability", client_unit: "group_it" },
      { last_name: "Pengar", function: "finance", client_unit: null },
    ]);
  });
});

describe("the pg-boss worker", () => {
  it("runs started imports, and queues again at start-up the ones a stopped process left running", async () => {
    const admin = f.actors.administrator;
    const left = await queue(admin.api, manyRows(150, "Left running"));
    await run(left.id, { chunkSize: 100, maxChunks: 1 });
    // The process died: its job is gone with it (pg-boss would only retry it much later).
    await h.db.execute(sql`DELETE FROM pgboss.job WHERE name = 'imports'`);

    const boss = new PgBoss({ connectionString: h.database.appUrl, schema: "pgboss", migrate: false, max: 2 });
    boss.on("error", () => undefined);
    await boss.start();
    try {
      await registerImportJobs(boss, h.app.platform);
      const fresh = await queue(admin.api, manyRows(30, "Fresh"));
      await expect
        .poll(async () => [(await state(admin.api, left.id)).status, (await state(admin.api, fresh.id)).status], {
          timeout: 30_000,
          interval: 250,
        })
        .toEqual(["done", "done"]);
      expect(await count(sql`SELECT count(*)::int AS n FROM companies WHERE name LIKE 'Left running %'`)).toBe(150);
      expect(await count(sql`SELECT count(*)::int AS n FROM companies WHERE name LIKE 'Fresh %'`)).toBe(30);
      // It also adds the pruning of stored files to housekeeping: a partial upload a crash left behind goes.
      const partial = path.join(app.importsDir, "upload-left-behind.part");
      writeFileSync(partial, "Name\n");
      age(partial, 8);
      await runHousekeeping(h.app.platform);
      expect(existsSync(partial)).toBe(false);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });
});

describe("live progress", () => {
  it("reaches the import's creator on import:<id> (nobody else may subscribe), and lists once per chunk", async () => {
    await h.app.listen({ host: "127.0.0.1", port: 0 });
    const url = `ws://127.0.0.1:${(h.app.server.address() as AddressInfo).port}/api/live`;
    const admin = f.actors.administrator;
    const job = await queue(admin.api, "Name\nLive Co\nLive Two\n");
    const mine = await LiveClient.connect(url, { cookie: (await login(h.app, admin.email)).cookie });
    const theirs = await LiveClient.connect(url, { cookie: (await login(h.app, f.actors.executive.email)).cookie });
    try {
      expect((await mine.subscribe([`import:${job.id}`, "list:companies"])).denied).toEqual([]);
      expect((await theirs.subscribe([`import:${job.id}`, "list:companies"])).denied).toEqual([`import:${job.id}`]);
      await run(job.id);
      await mine.event("company.imported", null);
      await theirs.event("company.imported", null);
      // Running, the chunk, done: screens refetch the import on each (events carry no payload to clients).
      await eventually(() => mine.events().filter((event) => event.name === "import.progress" && event.recordId === job.id).length >= 3);
      expect(theirs.events().some((event) => event.name === "import.progress")).toBe(false);
      expect(mine.events().filter((event) => event.name === "company.imported")).toHaveLength(1);
    } finally {
      mine.close();
      theirs.close();
    }
  });
});

describe("custom fields", () => {
  beforeAll(async () => {
    const [section] = await h.db
      .insert(customSections)
      .values({ object: "company", labels: { en: "Account" } })
      .returning();
    await h.db.insert(customFields).values([
      { object: "company", sectionId: section!.id, key: "revenue", type: "money", labels: { en: "Revenue" } },
      {
        object: "company",
        sectionId: section!.id,
        key: "tier",
        type: "choice",
        labels: { en: "Tier" },
        options: [{ value: "gold", labels: { en: "Gold", sv: "Guld" } }],
      },
      { object: "company", sectionId: section!.id, key: "manager", type: "user", labels: { en: "Account manager", sv: "Kundansvarig" } },
    ]);
  });

  it("reads cells by their field's type (money, options by label, users by email) and names the bad ones", async () => {
    const admin = f.actors.administrator;
    const csv = `Name;Revenue;Tier;Kundansvarig\nCustom Co;1 234,50 SEK;Guld;${f.owners.mate.email}\nBad Custom;lots;Platinum;nobody@example.test\n`;
    const job = await queue(admin.api, csv);
    expect(job.mapping).toEqual({ Name: "name", Revenue: "custom.revenue", Tier: "custom.tier", Kundansvarig: "custom.manager" });
    await run(job.id);
    expect(await state(admin.api, job.id)).toMatchObject({ createdRows: 1, errorRows: 1 });
    expect((await companyNamed("Custom Co"))[0]!.custom).toEqual({
      revenue: { amount: "1234.50", currency: "SEK" },
      tier: "gold",
      manager: f.owners.mate.id,
    });
    expect((await errorsOf(admin.api, job.id)).map((e) => `${e.line} ${e.field}`)).toEqual([
      "3 custom.manager",
      "3 custom.revenue",
      "3 custom.tier",
    ]);
  });
});

describe("grades", () => {
  const rules = async (body: {
    rules: { grade: string; minRevenue12m: string | null; minTenureMonths: number | null; enabled: boolean }[];
  }) => {
    const admin = f.actors.administrator.api;
    const etag = (await admin("GET", "/api/settings/grade-rules")).headers.etag as string;
    expect((await admin("PUT", "/api/settings/grade-rules", body, { "if-match": etag })).statusCode).toBe(200);
  };

  it("grades imported and updated companies by the rules, like companies saved through the API", async () => {
    // B for every customer (no tenure needed), nothing for the rest.
    await rules({ rules: [{ grade: "B", minRevenue12m: null, minTenureMonths: 0, enabled: true }] });
    try {
      const admin = f.actors.administrator;
      const mapping = { Name: "name", Stage: "stage" };
      const created = await queue(admin.api, "Name,Stage\nGraded Customer,customer\nGraded Lead,lead\n", { mapping });
      await run(created.id);
      expect(await state(admin.api, created.id)).toMatchObject({ createdRows: 2 });
      expect((await companyNamed("Graded Customer"))[0]).toMatchObject({ stage: "customer", grade: "B" });
      expect((await companyNamed("Graded Lead"))[0]).toMatchObject({ stage: "lead", grade: null });

      const updated = await queue(admin.api, "Name,Stage\nGraded Lead,customer\n", { mapping, duplicates: "update" });
      await run(updated.id);
      expect(await state(admin.api, updated.id)).toMatchObject({ updatedRows: 1 });
      const [lead] = await companyNamed("Graded Lead");
      expect(lead).toMatchObject({ stage: "customer", grade: "B" });
      const shown = await admin.api("GET", `/api/companies/${lead!.id as string}`);
      expect(shown.json()).toMatchObject({ grade: "B", gradeAssigned: "B" });
    } finally {
      await rules({ rules: [] });
    }
  });
});

describe("stored files", () => {
  const fileOf = async (id: string) => {
    const [row] = (await h.db.execute<{ file_hash: string }>(sql`SELECT file_hash FROM imports WHERE id = ${id}`)).rows;
    return path.join(app.importsDir, `${row!.file_hash}.csv`);
  };
  async function upload(api: Api, csv: string) {
    const response = await api("POST", "/api/imports?object=company&fileName=files.csv", csv, { "content-type": "text/csv" });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as ImportJob;
  }

  it("goes when a real run finishes without errors; stays while errors.csv or another run may read it", async () => {
    const admin = f.actors.administrator;
    const clean = await queue(admin.api, "Name\nFile Clean AB\n");
    const cleanFile = await fileOf(clean.id);
    expect(existsSync(cleanFile)).toBe(true);
    expect(await run(clean.id)).toBe("done");
    expect(existsSync(cleanFile)).toBe(false);

    const failing = await queue(admin.api, "Name,Country\nFile Errors AB,SE\nFile Errors Two,NOWHERE\n");
    await run(failing.id);
    expect(await state(admin.api, failing.id)).toMatchObject({ status: "done", errorRows: 1 });
    expect(existsSync(await fileOf(failing.id))).toBe(true);
    expect((await admin.api("GET", `/api/imports/${failing.id}/errors.csv`)).body).toContain("File Errors Two,NOWHERE");

    const dry = await queue(admin.api, "Name\nFile Dry AB\n", { dryRun: true });
    await run(dry.id);
    expect(existsSync(await fileOf(dry.id))).toBe(true);

    // One file, two imports: it stays while the second still needs it.
    const shared = "Name\nFile Shared AB\n";
    const first = await queue(admin.api, shared);
    const second = await upload(admin.api, shared);
    await run(first.id);
    expect(existsSync(await fileOf(second.id))).toBe(true);
  });

  it("housekeeping removes old files no import needs; starting an import whose file went asks for the file again", async () => {
    const admin = f.actors.administrator;
    const setAside = async (id: string, status: string, days: number) => {
      await h.db.execute(sql`UPDATE imports SET status = ${status}, updated_at = now() - make_interval(days => ${days}) WHERE id = ${id}`);
      age(await fileOf(id), days);
    };
    const abandoned = await upload(admin.api, "Name\nPrune Abandoned AB\n");
    await setAside(abandoned.id, "uploaded", 8);
    const cancelled = await upload(admin.api, "Name\nPrune Cancelled AB\n");
    await setAside(cancelled.id, "cancelled", 8);
    const doneWithErrors = await upload(admin.api, "Name\nPrune Errors AB\n");
    await setAside(doneWithErrors.id, "done", 8);
    await h.db.execute(sql`UPDATE imports SET error_rows = 1 WHERE id = ${doneWithErrors.id}`);
    const waiting = await upload(admin.api, "Name\nPrune Waiting AB\n");
    await setAside(waiting.id, "uploaded", 6);
    const running = await upload(admin.api, "Name\nPrune Running AB\n");
    await setAside(running.id, "running", 30);
    // Stored again today: its old import is not the only one any more, and the file counts as new.
    const again = await upload(admin.api, "Name\nPrune Again AB\n");
    await setAside(again.id, "cancelled", 8);
    await upload(admin.api, "Name\nPrune Again AB\n");
    const orphanOld = path.join(app.importsDir, `${"a".repeat(64)}.csv`);
    const orphanNew = path.join(app.importsDir, `${"b".repeat(64)}.csv`);
    writeFileSync(orphanOld, "Name\n");
    writeFileSync(orphanNew, "Name\n");
    age(orphanOld, 8);

    await pruneImportFiles(h.app.platform);
    const stored = async (id: string) => existsSync(await fileOf(id));
    expect({
      abandoned: await stored(abandoned.id),
      cancelled: await stored(cancelled.id),
      doneWithErrors: await stored(doneWithErrors.id),
      waiting: await stored(waiting.id),
      running: await stored(running.id),
      again: await stored(again.id),
      orphanOld: existsSync(orphanOld),
      orphanNew: existsSync(orphanNew),
    }).toEqual({
      abandoned: false,
      cancelled: false,
      doneWithErrors: false,
      waiting: true,
      running: true,
      again: true,
      orphanOld: false,
      orphanNew: true,
    });

    const before = await state(admin.api, cancelled.id);
    const start = await admin.api("POST", `/api/imports/${cancelled.id}/start`, {});
    expect(start.statusCode, start.body).toBe(409);
    expect(start.json()).toMatchObject({ message: expect.stringMatching(/upload it again/) });
    expect(await state(admin.api, cancelled.id)).toEqual(before);
    expect((await admin.api("GET", `/api/imports/${abandoned.id}/preview`)).statusCode).toBe(409);
    // Not left queued or running for the worker tests that follow.
    await h.db.execute(sql`UPDATE imports SET status = 'cancelled' WHERE id = ${running.id}`);
  });
});
