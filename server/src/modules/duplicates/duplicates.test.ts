/**
 * Duplicate candidates on a real database: the company name key, fuzzy names, exact contact
 * points, the order of candidates, permission scoping (nobody learns of a record they may not
 * read) and the 409 body that carries the candidates.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Fastify from "fastify";
import { and, eq, sql } from "drizzle-orm";
import { errorBody, type DuplicateCandidate } from "@relata/contracts";
import { companies, contactPoints, contactRoles, contacts } from "../../db/schema";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, type AccessFixture, type Placement } from "../../../test/access-fixture";
import { loadUserActor } from "../../platform/auth/auth.repository";
import { registerErrorHandling } from "../../platform/http/errors.plugin";
import type { UserActor } from "../../platform/access/actor";
import {
  addContactPoints,
  assertNoDuplicates,
  companyPoints,
  contactPoints as personPoints,
  DuplicateFound,
  findCompanyDuplicates,
  findContactDuplicates,
  replaceContactPoints,
  syncContactPoints,
} from "./index";

let h: Harness;
let f: AccessFixture;
let rep: UserActor;
let executive: UserActor;
const ids: Record<string, string> = {};

async function company(name: string, placement: Placement, extra: Partial<typeof companies.$inferInsert> = {}) {
  const [row] = await h.db
    .insert(companies)
    .values({ name, ...placement, ...extra })
    .returning();
  await syncContactPoints(h.db, "company", row!.id, companyPoints(row!));
  return row!.id;
}

async function person(companyId: string, firstName: string, lastName: string, emails: string[] = [], phones: string[] = []) {
  const [row] = await h.db
    .insert(contacts)
    .values({
      companyId,
      firstName,
      lastName,
      emails: emails.map((address) => ({ type: "work" as const, address })),
      phones: phones.map((number) => ({ type: "mobile" as const, number, e164: null })),
    })
    .returning({ id: contacts.id });
  await syncContactPoints(h.db, "contact", row!.id, personPoints({ emails, phones, defaultCountry: "SE" }));
  return row!.id;
}

const names = (candidates: DuplicateCandidate[]) => candidates.map((candidate) => candidate.name);

beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
  rep = (await loadUserActor(h.db, f.actors.sales_rep.id, undefined))!;
  executive = (await loadUserActor(h.db, f.actors.executive.id, undefined))!;
  const team = f.placement("sales_rep", "team")!;
  const other = f.placement("sales_rep", "other")!;
  const secret = f.placement("sales_rep", "secret")!;
  ids.acme = await company("Acme Corporation AB", team, {
    country: "SE",
    website: "https://www.acme.se",
    registrationNumber: "556016-0680",
    emails: [{ type: "general", address: "info@acme.se" }],
    phones: [{ type: "main", number: "08-123 456 78", e164: "+46812345678" }],
  });
  ids.volvoTrucks = await company("Volvo Trucks", team, { website: "volvotrucks.com" });
  ids.ericsson = await company("Ericsson AB (publ)", team);
  ids.huawei = await company("华为技术有限公司", team, { country: "CN" });
  ids.socgen = await company("Société Générale S.A.", team);
  ids.hidden = await company("Hidden Holdings AB", other, {
    registrationNumber: "HRB 12345",
    emails: [{ type: "general", address: "desk@hidden.de" }],
  });
  ids.secret = await company("ACME Corp", secret, { website: "acme-secret.com" });

  ids.anna = await person(ids.acme, "Anna", "Berg", ["anna.berg@acme.se"], ["070-123 45 67"]);
  ids.annaVolvo = await person(ids.volvoTrucks, "Anna", "Berg");
  ids.bo = await person(ids.volvoTrucks, "Bo", "Ek");
  await h.db.insert(contactRoles).values({ contactId: ids.bo, companyId: ids.acme, title: "Advisor" });
  ids.hiddenPerson = await person(ids.hidden, "Lena", "Ström", ["lena@hidden.de"], ["+49 30 12345678"]);
});
afterAll(async () => h?.close());

describe("relata_company_key", () => {
  it.each([
    ["ACME Corp.", "acme"],
    ["Acme Corporation AB", "acme"],
    ["  acme   inc ", "acme"],
    ["Ericsson AB (publ)", "ericsson"],
    ["Société Générale S.A.", "societe generale"],
    ["Foo, Bar GmbH & Co. KG", "foo bar"],
    ["华为技术有限公司", "华为技术"],
    ["华为技术股份有限公司", "华为技术"],
    ["华为技术（深圳）有限公司", "华为技术 深圳"],
    ["阿里巴巴集团", "阿里巴巴"],
    ["Volvo Cars", "volvo cars"],
    ["AB", "ab"],
  ])("%s → %s", async (name, key) => {
    const result = await h.db.execute<{ key: string }>(sql`SELECT relata_company_key(${name}) AS key`);
    expect(result.rows[0]!.key).toBe(key);
  });

  it("is the stored name_key of companies", async () => {
    const [row] = await h.db.select({ nameKey: companies.nameKey }).from(companies).where(eq(companies.id, ids.ericsson!));
    expect(row!.nameKey).toBe("ericsson");
  });
});

describe("findCompanyDuplicates", () => {
  it("matches names whatever their legal form, case and punctuation", async () => {
    const [first] = await findCompanyDuplicates(h.db, rep, { name: "ACME Corp." });
    expect(first).toEqual({
      object: "company",
      id: ids.acme,
      name: "Acme Corporation AB",
      companyName: "Acme Corporation AB",
      reasons: ["name"],
      score: 1,
    });
    expect(names(await findCompanyDuplicates(h.db, rep, { name: "societe generale" }))).toEqual(["Société Générale S.A."]);
    expect(names(await findCompanyDuplicates(h.db, rep, { name: "华为技术股份有限公司" }))).toEqual(["华为技术有限公司"]);
  });

  it("tolerates typos but not a different company of the same group", async () => {
    const [ericson] = await findCompanyDuplicates(h.db, rep, { name: "Ericson" });
    expect(ericson).toMatchObject({ id: ids.ericsson, reasons: ["name"] });
    expect(ericson!.score).toBeGreaterThanOrEqual(0.6);
    expect(ericson!.score).toBeLessThan(1);
    expect(await findCompanyDuplicates(h.db, rep, { name: "Volvo Cars" })).toEqual([]);
    expect(await findCompanyDuplicates(h.db, rep, { name: "Totally Different Trading" })).toEqual([]);
  });

  it("matches domain, registration number, email and phone exactly, each with its reason and score 1", async () => {
    const byPoints = await findCompanyDuplicates(h.db, rep, {
      name: "Something Else",
      website: "http://acme.se/contact",
      registrationNumber: "5560160680",
      emails: ["INFO@acme.se"],
      phones: ["+46 8 123 456 78"],
    });
    expect(byPoints).toEqual([
      {
        object: "company",
        id: ids.acme,
        name: "Acme Corporation AB",
        companyName: "Acme Corporation AB",
        reasons: ["domain", "email", "phone", "registrationNumber"],
        score: 1,
      },
    ]);
    // A national number needs the country; an email at the company's domain is a domain match.
    expect(await findCompanyDuplicates(h.db, rep, { phones: ["08-123 456 78"], country: "SE" })).toMatchObject([
      { id: ids.acme, reasons: ["phone"] },
    ]);
    expect(await findCompanyDuplicates(h.db, rep, { phones: ["08-123 456 78"] })).toEqual([]);
    expect(await findCompanyDuplicates(h.db, rep, { emails: ["new.person@acme.se"] })).toMatchObject([
      { id: ids.acme, reasons: ["domain"] },
    ]);
    expect(await findCompanyDuplicates(h.db, rep, { name: "Acme", website: "www.volvotrucks.com" })).toMatchObject([
      { id: ids.volvoTrucks, reasons: ["domain"], score: 1 },
      { id: ids.acme, reasons: ["name"], score: 1 },
    ]);
  });

  it("adds the name to the reasons of an exact match with a similar name", async () => {
    expect(await findCompanyDuplicates(h.db, rep, { name: "Acme AB", registrationNumber: "556016 0680" })).toMatchObject([
      { id: ids.acme, reasons: ["name", "registrationNumber"], score: 1 },
    ]);
  });

  it("leaves out the record being edited, and finds nothing without input", async () => {
    expect(await findCompanyDuplicates(h.db, rep, { name: "Acme Corporation AB", website: "acme.se" }, ids.acme)).toEqual([]);
    expect(await findCompanyDuplicates(h.db, rep, {})).toEqual([]);
    expect(await findCompanyDuplicates(h.db, rep, { name: "  ", website: "not a site" })).toEqual([]);
    expect(await findCompanyDuplicates(h.db, rep, { name: "..." })).toEqual([]);
  });

  it("never gives a sales rep a company outside their scope, not even on an exact match", async () => {
    const probes = [
      { name: "Hidden Holdings AB" },
      { registrationNumber: "HRB12345" },
      { emails: ["desk@hidden.de"] },
      { name: "ACME Corp" },
      { website: "acme-secret.com" },
    ];
    for (const probe of probes) {
      const found = (await findCompanyDuplicates(h.db, rep, probe)).map((candidate) => candidate.id);
      expect(found, JSON.stringify(probe)).not.toContain(ids.hidden);
      expect(found, JSON.stringify(probe)).not.toContain(ids.secret);
    }
    // Those who may read them are warned.
    expect(await findCompanyDuplicates(h.db, executive, { registrationNumber: "hrb-12345" })).toMatchObject([
      { id: ids.hidden, reasons: ["registrationNumber"] },
    ]);
    const admin = (await loadUserActor(h.db, f.actors.administrator.id, undefined))!;
    expect((await findCompanyDuplicates(h.db, admin, { name: "ACME Corp" })).map((candidate) => candidate.id)).toEqual(
      expect.arrayContaining([ids.acme, ids.secret]),
    );
    const noCompanies = {
      ...rep,
      permissions: { ...rep.permissions, company: { read: "none", create: "none", update: "none", delete: "none" } },
    };
    expect(await findCompanyDuplicates(h.db, noCompanies as UserActor, { name: "Acme", website: "acme.se" })).toEqual([]);
  });
});

describe("findContactDuplicates", () => {
  it("matches a similar full name at the same company, including people with another role there", async () => {
    expect(await findContactDuplicates(h.db, rep, { firstName: "Ana", lastName: "Berg", companyId: ids.acme })).toMatchObject([
      { object: "contact", id: ids.anna, name: "Anna Berg", companyName: "Acme Corporation AB", reasons: ["name"] },
    ]);
    expect(await findContactDuplicates(h.db, rep, { firstName: "Bo", lastName: "Ek", companyId: ids.acme })).toMatchObject([
      { id: ids.bo, companyName: "Volvo Trucks", reasons: ["name"], score: 1 },
    ]);
    // The same name elsewhere is another person; without a company, names alone match nothing.
    expect(names(await findContactDuplicates(h.db, rep, { firstName: "Anna", lastName: "Berg", companyId: ids.ericsson }))).toEqual([]);
    expect(await findContactDuplicates(h.db, rep, { firstName: "Anna", lastName: "Berg" })).toEqual([]);
    expect(await findContactDuplicates(h.db, rep, { firstName: "Erik", lastName: "Lund", companyId: ids.acme })).toEqual([]);
  });

  it("matches an email or phone at any company, national numbers in the company's country", async () => {
    expect(await findContactDuplicates(h.db, rep, { lastName: "Someone", emails: ["Anna.Berg@ACME.se"] })).toMatchObject([
      { id: ids.anna, reasons: ["email"], score: 1 },
    ]);
    expect(await findContactDuplicates(h.db, rep, { lastName: "Lindqvist", phones: ["070-123 45 67"], companyId: ids.acme })).toMatchObject(
      [{ id: ids.anna, reasons: ["phone"], score: 1 }],
    );
    // The same national number in China is another number.
    expect(await findContactDuplicates(h.db, rep, { lastName: "Wang", phones: ["070-123 45 67"], companyId: ids.huawei })).toEqual([]);
    expect(
      await findContactDuplicates(h.db, rep, { firstName: "Anna", lastName: "Berg", emails: ["anna.berg@acme.se"], companyId: ids.acme }),
    ).toMatchObject([{ id: ids.anna, reasons: ["name", "email"], score: 1 }]);
    expect(await findContactDuplicates(h.db, rep, { emails: ["anna.berg@acme.se"] }, ids.anna)).toEqual([]);
  });

  it("never gives a sales rep a contact of a company outside their scope", async () => {
    for (const probe of [
      { emails: ["lena@hidden.de"] },
      { phones: ["+49 30 12345678"] },
      { firstName: "Lena", lastName: "Ström", companyId: ids.hidden },
    ]) {
      expect(await findContactDuplicates(h.db, rep, probe), JSON.stringify(probe)).toEqual([]);
    }
    expect(await findContactDuplicates(h.db, executive, { emails: ["LENA@hidden.de"] })).toMatchObject([
      { id: ids.hiddenPerson, companyName: "Hidden Holdings AB" },
    ]);
  });
});

describe("inside a caller's transaction", () => {
  it("sees the transaction's own writes and leaves its trigram threshold as it was", async () => {
    await h.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT set_config('pg_trgm.similarity_threshold', '0.42', true)`);
      const [row] = await tx
        .insert(companies)
        .values({ name: "Brand New Widgets AB", ...f.placement("sales_rep", "team")! })
        .returning();
      expect(names(await findCompanyDuplicates(tx, rep, { name: "Brand New Widgets" }))).toEqual(["Brand New Widgets AB"]);
      const setting = await tx.execute<{ value: string }>(sql`SELECT current_setting('pg_trgm.similarity_threshold') AS value`);
      expect(setting.rows[0]!.value).toBe("0.42");
      await tx.delete(companies).where(eq(companies.id, row!.id));
    });
  });
});

describe("syncContactPoints", () => {
  it("replaces a record's points with exactly the given ones", async () => {
    const stored = async () =>
      (
        await h.db
          .select({ kind: contactPoints.kind, value: contactPoints.value })
          .from(contactPoints)
          .where(and(eq(contactPoints.object, "company"), eq(contactPoints.recordId, ids.socgen!)))
      )
        .map((row) => `${row.kind}:${row.value}`)
        .sort();
    await syncContactPoints(h.db, "company", ids.socgen!, [
      { kind: "domain", value: "societegenerale.fr" },
      { kind: "email", value: "info@societegenerale.fr" },
    ]);
    expect(await stored()).toEqual(["domain:societegenerale.fr", "email:info@societegenerale.fr"]);
    await syncContactPoints(h.db, "company", ids.socgen!, [
      { kind: "domain", value: "societegenerale.fr" },
      { kind: "registration", value: "552120222" },
    ]);
    expect(await stored()).toEqual(["domain:societegenerale.fr", "registration:552120222"]);
    await syncContactPoints(h.db, "company", ids.socgen!, []);
    expect(await stored()).toEqual([]);
  });

  it("replaces the points of many records in one go, keeping the unchanged rows and leaving other records alone", async () => {
    const [first, second, bystander] = [randomUUID(), randomUUID(), randomUUID()];
    const stored = async () =>
      (
        await h.db.execute<{ record_id: string; point: string; xmin: string }>(sql`
          SELECT record_id, kind || ':' || value AS point, xmin::text FROM contact_points
           WHERE object = 'contact' AND record_id IN (${first}, ${second}, ${bystander}) ORDER BY 1, 2`)
      ).rows;
    await addContactPoints(h.db, "contact", [
      {
        recordId: first,
        points: [
          { kind: "email", value: "kept@example.test" },
          { kind: "phone", value: "+46701234567" },
        ],
      },
      { recordId: second, points: [{ kind: "email", value: "gone@example.test" }] },
      { recordId: bystander, points: [{ kind: "email", value: "kept@example.test" }] },
    ]);
    const before = await stored();
    await replaceContactPoints(h.db, "contact", [
      {
        recordId: first,
        points: [
          { kind: "email", value: "kept@example.test" },
          { kind: "email", value: "new@example.test" },
        ],
      },
      { recordId: second, points: [] },
    ]);
    const after = await stored();
    const row = (rows: typeof after, recordId: string, point: string) => rows.find((r) => r.record_id === recordId && r.point === point);
    expect(after.filter((r) => r.record_id === first).map((r) => r.point)).toEqual(["email:kept@example.test", "email:new@example.test"]);
    expect(after.filter((r) => r.record_id === second)).toEqual([]);
    // The unchanged point is the same row (not deleted and written again); the bystander is untouched.
    expect(row(after, first, "email:kept@example.test")!.xmin).toBe(row(before, first, "email:kept@example.test")!.xmin);
    expect(after.filter((r) => r.record_id === bystander)).toEqual(before.filter((r) => r.record_id === bystander));
    await replaceContactPoints(h.db, "contact", []);
  });

  it("adds points to many records at once, skipping those already held", async () => {
    await addContactPoints(h.db, "company", [
      { recordId: ids.socgen!, points: [{ kind: "domain", value: "sg.fr" }] },
      {
        recordId: ids.ericsson!,
        points: [
          { kind: "domain", value: "ericsson.com" },
          { kind: "domain", value: "ericsson.com" },
        ],
      },
    ]);
    await addContactPoints(h.db, "company", [{ recordId: ids.socgen!, points: [{ kind: "domain", value: "sg.fr" }] }]);
    expect(await findCompanyDuplicates(h.db, rep, { website: "https://sg.fr" })).toMatchObject([{ id: ids.socgen, reasons: ["domain"] }]);
    expect(await findCompanyDuplicates(h.db, rep, { emails: ["press@ericsson.com"] })).toMatchObject([
      { id: ids.ericsson, reasons: ["domain"] },
    ]);
    await addContactPoints(h.db, "company", []);
  });
});

describe("DuplicateFound", () => {
  const candidate: DuplicateCandidate = {
    object: "company",
    id: "0b5a1c1e-7d1e-4c55-9a57-2f1c3c1c9a10",
    name: "Acme Corporation AB",
    companyName: "Acme Corporation AB",
    reasons: ["name", "domain"],
    score: 1,
  };

  it("answers 409 with code duplicate and the candidates in the error body", async () => {
    const app = Fastify();
    registerErrorHandling(app);
    app.post("/check", async (request) => {
      assertNoDuplicates([candidate], (request.body as { ignoreDuplicates?: boolean }).ignoreDuplicates);
      return { saved: true };
    });
    await app.ready();
    const response = await app.inject({ method: "POST", url: "/check", payload: {} });
    expect(response.statusCode).toBe(409);
    const body = errorBody.parse(response.json());
    expect(body).toMatchObject({ code: "duplicate", candidates: [candidate] });
    expect(body.message).toMatch(/duplicate/);
    expect((await app.inject({ method: "POST", url: "/check", payload: { ignoreDuplicates: true } })).json()).toEqual({ saved: true });
    await app.close();
  });

  it("is thrown only when there are candidates and the caller did not confirm", () => {
    expect(() => assertNoDuplicates([], false)).not.toThrow();
    expect(() => assertNoDuplicates([candidate], true)).not.toThrow();
    expect(() => assertNoDuplicates([candidate, candidate], undefined)).toThrow(/2 existing records/);
    expect(DuplicateFound([candidate])).toMatchObject({ status: 409, code: "duplicate", candidates: [candidate] });
  });
});
