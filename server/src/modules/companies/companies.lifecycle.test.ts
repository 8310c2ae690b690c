/**
 * A company's life: a lead created with only a name and one contact name, enriched field by
 * field to a customer with its stage history; bad input on every field (400 naming it, nothing
 * written); likely duplicates answered with 409 and their candidates unless confirmed; the
 * duplicate check endpoint; deleting a company that still has contacts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { PublishedEvent } from "../../app";
import { companyStageChanges, contactPoints, contacts, roles, searchEntries } from "../../db/schema";
import { builtinRoles } from "../../platform/access/builtin-roles";
import { createHarness, createUser, type Harness } from "../../../test/harness";
import { buildAccessFixture, refusals, signedIn, type AccessFixture } from "../../../test/access-fixture";
import { eventually } from "../../../test/live-client";

let h: Harness;
let f: AccessFixture;
const events: PublishedEvent[] = [];
const refused = (...args: Parameters<ReturnType<typeof refusals>>) => refusals(h)(...args);
const missing = "00000000-0000-4000-8000-00000000000f";

beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
  h.app.hub.onEvent((event) => events.push(event));
  const admin = f.actors.administrator.api;
  const section = (await admin("POST", "/api/custom-sections", { object: "company", labels: { en: "Account", sv: "Konto" } })).json();
  for (const [key, type] of [
    ["seats", "number"],
    ["website_checked", "yes_no"],
  ] as const) {
    const created = await admin("POST", "/api/custom-fields", { sectionId: section.id, key, type, labels: { en: key } });
    expect(created.statusCode, created.body).toBe(201);
  }
});
afterAll(async () => h?.close());

describe("a lead with minimal data, enriched to a customer", () => {
  let id: string;

  it("creates a lead from a name and one contact name, with the contact, its search entry and the first stage", async () => {
    const rep = f.actors.sales_rep;
    const response = await rep.api("POST", "/api/companies", { name: "Nimbus Logistik", contact: { lastName: "Berg" } });
    expect(response.statusCode, response.body).toBe(201);
    const company = response.json();
    id = company.id;
    expect(company).toMatchObject({
      name: "Nimbus Logistik",
      kind: "client",
      stage: "lead",
      status: "active",
      grade: null,
      gradeAssigned: null,
      gradeOverride: null,
      phones: [],
      emails: [],
      addresses: [],
      custom: {},
      ownerId: rep.id,
      ownerName: "The sales_rep",
      teamId: f.teams.one,
      version: 1,
    });
    const people = await h.db.select().from(contacts).where(eq(contacts.companyId, id));
    expect(people).toHaveLength(1);
    expect(people[0]).toMatchObject({ firstName: "", lastName: "Berg", emails: [], phones: [] });
    const entries = await h.db.select().from(searchEntries).where(eq(searchEntries.companyId, id));
    expect(entries.map((entry) => [entry.object, entry.title, entry.subtitle]).sort()).toEqual([
      ["company", "Nimbus Logistik", "The sales_rep"],
      ["contact", "Berg", "Nimbus Logistik"],
    ]);
    const stages = (await rep.api("GET", `/api/companies/${id}/stages`)).json();
    expect(stages).toEqual({
      items: [
        {
          id: expect.any(String),
          fromStage: null,
          toStage: "lead",
          changedAt: company.stageChangedAt,
          changedBy: rep.id,
          changedByName: "The sales_rep",
        },
      ],
      nextCursor: null,
    });
    await eventually(() => events.some((event) => event.name === "contact.created" && event.topics.includes(`company:${id}`)));
    // Global search finds both.
    const hits = (await rep.api("GET", "/api/search?q=nimbus")).json().items as { object: string; id: string }[];
    expect(hits.map((hit) => hit.object)).toContain("company");
  });

  it("keeps the contact's email and phone (normalized) and finds it by them", async () => {
    const response = await f.actors.sales_rep.api("POST", "/api/companies", {
      name: "Fjällräv Konsult",
      country: "SE",
      contact: { firstName: "Åsa", lastName: "Lind", title: "CEO", email: "Asa.Lind@Fjallrav.example", phone: "08-123 456 78" },
    });
    expect(response.statusCode, response.body).toBe(201);
    const [person] = await h.db.select().from(contacts).where(eq(contacts.companyId, response.json().id));
    expect(person).toMatchObject({
      firstName: "Åsa",
      lastName: "Lind",
      title: "CEO",
      emails: [{ type: "work", address: "asa.lind@fjallrav.example" }],
      phones: [{ type: "work", number: "08-123 456 78", e164: "+46812345678" }],
    });
    const points = await h.db
      .select({ kind: contactPoints.kind, value: contactPoints.value })
      .from(contactPoints)
      .where(and(eq(contactPoints.object, "contact"), eq(contactPoints.recordId, person!.id)));
    expect(points.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { kind: "email", value: "asa.lind@fjallrav.example" },
      { kind: "phone", value: "+46812345678" },
    ]);
  });

  it("enriches the lead field by field, recording each stage change with its date", async () => {
    const rep = f.actors.sales_rep.api;
    const url = `/api/companies/${id}`;
    const prospect = await rep(
      "PATCH",
      url,
      {
        stage: "prospect",
        kind: "client",
        category: "Logistics",
        industry: "Transport",
        sizeBand: "50-249",
        registrationNumber: "556677-8899",
        website: "https://www.Nimbus-Logistik.example/contact",
        phones: [{ type: "main", number: "031-123 45 67" }],
        emails: [{ type: "general", address: "Info@Nimbus-Logistik.example" }],
        addresses: [{ type: "visiting", line1: "Hamngatan 2", postalCode: "411 06", city: "Göteborg", country: "se" }],
        country: "se",
        currency: "sek",
        description: "Freight forwarder",
        custom: { seats: 40, website_checked: true },
      },
      { "if-match": '"1"' },
    );
    expect(prospect.statusCode, prospect.body).toBe(200);
    expect(prospect.json()).toMatchObject({
      stage: "prospect",
      category: "Logistics",
      industry: "Transport",
      sizeBand: "50-249",
      registrationNumber: "556677-8899",
      website: "https://www.Nimbus-Logistik.example/contact",
      domain: "nimbus-logistik.example",
      phones: [{ type: "main", number: "031-123 45 67", e164: "+46311234567" }],
      emails: [{ type: "general", address: "info@nimbus-logistik.example" }],
      addresses: [
        { type: "visiting", line1: "Hamngatan 2", line2: null, postalCode: "411 06", city: "Göteborg", region: null, country: "SE" },
      ],
      country: "SE",
      currency: "SEK",
      description: "Freight forwarder",
      custom: { seats: 40, website_checked: true },
      version: 2,
    });
    const customer = await rep("PATCH", url, { stage: "customer", gradeOverride: "A" }, { "if-match": '"2"' });
    expect(customer.statusCode, customer.body).toBe(200);
    expect(customer.json()).toMatchObject({ stage: "customer", grade: "A", gradeOverride: "A", gradeAssigned: null, version: 3 });
    // The same stage again is no change of stage.
    expect((await rep("PATCH", url, { stage: "customer", custom: { seats: null } }, { "if-match": '"3"' })).json()).toMatchObject({
      custom: { website_checked: true },
    });
    const stages = (await rep("GET", `${url}/stages`)).json().items as { fromStage: string | null; toStage: string; changedAt: string }[];
    expect(stages.map((stage) => [stage.fromStage, stage.toStage])).toEqual([
      [null, "lead"],
      ["lead", "prospect"],
      ["prospect", "customer"],
    ]);
    expect(stages.map((stage) => stage.changedAt)).toEqual([...stages.map((stage) => stage.changedAt)].sort());
    // "Customer since" is the latest change to customer: the company's stage date.
    expect((await rep("GET", url)).json().stageChangedAt).toBe(stages[2]!.changedAt);
    await eventually(() => events.some((event) => event.name === "company.stage_changed" && event.recordId === id));
    const points = await h.db
      .select({ kind: contactPoints.kind, value: contactPoints.value })
      .from(contactPoints)
      .where(and(eq(contactPoints.object, "company"), eq(contactPoints.recordId, id)));
    expect(points.map((point) => `${point.kind}:${point.value}`).sort()).toEqual([
      "domain:nimbus-logistik.example",
      "email:info@nimbus-logistik.example",
      "phone:+46311234567",
      "registration:5566778899",
    ]);
  });

  it("moves back to former and forward again, every move recorded", async () => {
    const rep = f.actors.sales_rep.api;
    const version = (await rep("GET", `/api/companies/${id}`)).json().version;
    await rep("PATCH", `/api/companies/${id}`, { stage: "former" }, { "if-match": `"${version}"` });
    await rep("PATCH", `/api/companies/${id}`, { stage: "prospect" }, { "if-match": `"${version + 1}"` });
    const rows = await h.db.select().from(companyStageChanges).where(eq(companyStageChanges.companyId, id));
    expect(rows.map((row) => row.toStage).sort()).toEqual(["customer", "former", "lead", "prospect", "prospect"]);
  });

  it("answers the stage history only to those who may read the company", async () => {
    const hidden = await f.insertCompany("Hidden stages", f.placement("sales_rep", "other")!);
    await refused(() => f.actors.sales_rep.api("GET", `/api/companies/${hidden}/stages`), 404);
    expect((await f.actors.service_desk.api("GET", `/api/companies/${hidden}/stages`)).statusCode).toBe(200);
    await refused(() => f.actors.sales_rep.api("GET", "/api/companies/nope/stages"), 400, "params.id");
  });
});

describe("who may create a lead with its first contact", () => {
  it.each([
    ["sales_rep", 201],
    ["account_manager", 201],
    ["executive", 201],
    ["administrator", 201],
    ["service_desk", 403],
  ] as const)("%s → %i", async (role, status) => {
    const send = () =>
      f.actors[role].api("POST", "/api/companies", {
        name: `Lead of the ${role} ${Math.random()}`,
        contact: { lastName: "Holm" },
        ignoreDuplicates: true,
      });
    if (status === 403) await refused(send, 403);
    else expect((await send()).statusCode).toBe(status);
  });

  it("refuses a lead placed where its author may create companies but not contacts (403, nothing written)", async () => {
    const permissions = structuredClone(builtinRoles.find((role) => role.key === "executive")!.permissions);
    permissions.contact.create = "own";
    await h.db.insert(roles).values({ key: "wide_lead_maker", name: "Wide lead maker", clearance: 0, permissions });
    const maker = await signedIn(h, await createUser(h.db, { role: "wide_lead_maker", teamIds: [f.teams.one] }));
    const lead = (ownerId: string) => ({ name: `Lead for ${ownerId}`, ownerId, contact: { lastName: "Holm" }, ignoreDuplicates: true });
    await refused(() => maker.api("POST", "/api/companies", lead(f.owners.mate.id)), 403);
    expect((await maker.api("POST", "/api/companies", lead(maker.id))).statusCode).toBe(201);
  });
});

describe("bad input on every field", () => {
  it.each([
    ["a kind not in the list", { kind: "customer" }, "kind"],
    ["a stage not in the list", { stage: "won" }, "stage"],
    ["a status not in the list", { status: "archived" }, "status"],
    ["a grade override not in the list", { gradeOverride: "D" }, "gradeOverride"],
    ["a size band not in the list", { sizeBand: "7" }, "sizeBand"],
    ["a too long category", { category: "c".repeat(201) }, "category"],
    ["a too long registration number", { registrationNumber: "1".repeat(51) }, "registrationNumber"],
    ["a website that is not one", { website: "not a site" }, "website"],
    ["a phone that is not one", { phones: [{ type: "main", number: "call me" }] }, "phones[0].number"],
    ["a phone type not in the list", { phones: [{ type: "pager", number: "123456" }] }, "phones[0].type"],
    ["an email that is not one", { emails: [{ type: "general", address: "nobody" }] }, "emails[0].address"],
    ["an address without a first line", { addresses: [{ type: "visiting", city: "Malmö" }] }, "addresses[0].line1"],
    ["an address with a bad country", { addresses: [{ type: "postal", line1: "Box 1", country: "Sweden" }] }, "addresses[0].country"],
    ["21 phones", { phones: Array.from({ length: 21 }, () => ({ type: "main", number: "123456" })) }, "phones"],
    ["a three-letter country", { country: "SWE" }, "country"],
    ["a two-letter currency", { currency: "kr" }, "currency"],
    ["a too long description", { description: "d".repeat(10_001) }, "description"],
    ["a custom field that does not exist", { custom: { nosuch: 1 } }, "custom.nosuch"],
    ["a custom value of the wrong type", { custom: { seats: "forty" } }, "custom.seats"],
    ["a custom key that cannot be one", { custom: { "Bad-Key": 1 } }, "custom.Bad-Key"],
    ["a contact without a last name", { contact: { firstName: "Ann" } }, "contact.lastName"],
    ["a contact with a bad email", { contact: { lastName: "Ek", email: "ek" } }, "contact.email"],
    ["a contact with an unknown field", { contact: { lastName: "Ek", reportsToId: missing } }, "contact.reportsToId"],
    ["ignoreDuplicates that is not a boolean", { ignoreDuplicates: "yes" }, "ignoreDuplicates"],
    ["a team that does not exist", { teamId: missing }, "teamId"],
  ])("refuses a company with %s (400 naming the field, nothing written)", async (_what, fields, field) => {
    await refused(() => f.actors.administrator.api("POST", "/api/companies", { name: "Faulty AB", ...fields }), 400, field);
  });

  it("refuses the same bad fields on PATCH, and a required custom field left empty on create", async () => {
    const id = await f.insertCompany("Patchable", f.placement("sales_rep", "own")!);
    const rep = f.actors.sales_rep.api;
    await refused(() => rep("PATCH", `/api/companies/${id}`, { stage: "won" }, { "if-match": '"1"' }), 400, "stage");
    await refused(() => rep("PATCH", `/api/companies/${id}`, { custom: { seats: true } }, { "if-match": '"1"' }), 400, "custom.seats");
    await refused(() => rep("PATCH", `/api/companies/${id}`, { contact: { lastName: "X" } }, { "if-match": '"1"' }), 400, "contact");
    await refused(() => rep("PATCH", `/api/companies/${id}`, { name: null }, { "if-match": '"1"' }), 400, "name");
  });
});

describe("likely duplicates", () => {
  let acme: string;

  beforeAll(async () => {
    const created = await f.actors.sales_rep.api("POST", "/api/companies", {
      name: "ACME Corp.",
      registrationNumber: "SE556000-1111",
      website: "acme.example",
      phones: [{ type: "main", number: "+46 40 123 45 67" }],
    });
    expect(created.statusCode, created.body).toBe(201);
    acme = created.json().id;
  });

  it("answers 409 with the candidates for a similar name, writing nothing, and saves when confirmed", async () => {
    const rep = f.actors.sales_rep.api;
    const response = await refused(() => rep("POST", "/api/companies", { name: "Acme Corporation AB" }), 409);
    expect(response.json()).toMatchObject({
      code: "duplicate",
      candidates: [{ object: "company", id: acme, name: "ACME Corp.", reasons: ["name"], score: expect.any(Number) }],
    });
    const confirmed = await rep("POST", "/api/companies", { name: "Acme Corporation AB", ignoreDuplicates: true });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
  });

  it.each([
    ["registration number", { registrationNumber: "se 556000 1111" }, "registrationNumber"],
    ["domain", { website: "https://www.acme.example/about" }, "domain"],
    ["email domain", { emails: [{ type: "sales", address: "sales@acme.example" }] }, "domain"],
    ["phone", { phones: [{ type: "main", number: "040-123 45 67" }], country: "SE" }, "phone"],
  ])("finds a duplicate by %s under another name", async (_what, fields, reason) => {
    const response = await refused(
      () => f.actors.sales_rep.api("POST", "/api/companies", { name: "Totally Different Name", ...fields }),
      409,
    );
    const candidate = (response.json().candidates as { id: string; reasons: string[]; score: number }[]).find((c) => c.id === acme)!;
    expect(candidate.reasons).toContain(reason);
    expect(candidate.score).toBe(1);
  });

  it("checks a change of identity on PATCH, but not a change of anything else", async () => {
    const rep = f.actors.sales_rep.api;
    const other = (await rep("POST", "/api/companies", { name: "Zephyr Tools" })).json();
    await refused(() => rep("PATCH", `/api/companies/${other.id}`, { name: "Acme Corp" }, { "if-match": '"1"' }), 409);
    const renamed = await rep("PATCH", `/api/companies/${other.id}`, { name: "Acme Corp", ignoreDuplicates: true }, { "if-match": '"1"' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    // Now a likely duplicate itself, it can still be edited otherwise (its identity did not change).
    const described = await rep("PATCH", `/api/companies/${other.id}`, { description: "Tools", name: "Acme Corp" }, { "if-match": '"2"' });
    expect(described.statusCode, described.body).toBe(200);
    // Only what changed is checked: a new website is compared by domain, not the (unchanged) similar name…
    const domain = await refused(() => rep("PATCH", `/api/companies/${other.id}`, { website: "acme.example" }, { "if-match": '"3"' }), 409);
    expect(domain.json().candidates).toEqual([expect.objectContaining({ id: acme, reasons: ["domain"] })]);
    // …and a company is never its own duplicate.
    const self = await rep("PATCH", `/api/companies/${acme}`, { website: "www.acme.example", name: "ACME Corp" }, { "if-match": '"1"' });
    expect(self.statusCode, self.body).toBe(409);
    expect((self.json().candidates as { id: string }[]).map((c) => c.id)).not.toContain(acme);
    const website = await rep("PATCH", `/api/companies/${acme}`, { website: "www.acme.example" }, { "if-match": '"1"' });
    expect(website.statusCode, website.body).toBe(200);
  });

  it("never names a company the caller cannot see as a candidate", async () => {
    await f.insertCompany("Hidden Harbour AB", f.placement("sales_rep", "other")!);
    const created = await f.actors.sales_rep.api("POST", "/api/companies", { name: "Hidden Harbour" });
    expect(created.statusCode, created.body).toBe(201);
    const check = await f.actors.sales_rep.api("POST", "/api/companies/duplicates", { name: "Hidden Harbour AB" });
    expect((check.json().candidates as { name: string }[]).map((c) => c.name)).toEqual(["Hidden Harbour"]);
  });

  describe("POST /api/companies/duplicates", () => {
    it("lists likely duplicates of what is being typed, leaving out the company being edited, writing nothing", async () => {
      const rep = f.actors.service_desk.api;
      const before = await rep("POST", "/api/companies/duplicates", { name: "acme corporation" });
      expect(before.statusCode, before.body).toBe(200);
      expect((before.json().candidates as { id: string }[]).map((c) => c.id)).toContain(acme);
      const excluded = await refused(
        () => rep("POST", "/api/companies/duplicates", { registrationNumber: "SE5560001111", excludeId: acme }),
        200,
      );
      expect(excluded.json().candidates).toEqual([]);
      expect((await rep("POST", "/api/companies/duplicates", {})).json()).toEqual({ candidates: [] });
    });

    it.each([
      ["an unknown field", { name: "A", kind: "client" }, "kind"],
      ["an exclude id that is not one", { name: "A", excludeId: "x" }, "excludeId"],
      ["emails that are not a list", { emails: "a@b.example" }, "emails"],
      ["too long a name", { name: "n".repeat(201) }, "name"],
    ])("refuses %s (400 naming the field)", async (_what, body, field) => {
      await refused(() => f.actors.sales_rep.api("POST", "/api/companies/duplicates", body), 400, field);
    });

    it("needs a session (401)", async () => {
      expect((await h.app.inject({ method: "POST", url: "/api/companies/duplicates", payload: { name: "A" } })).statusCode).toBe(401);
    });
  });
});

describe("deleting", () => {
  it("refuses to delete a company that still has contacts (409, nothing written), and deletes it without them", async () => {
    const admin = f.actors.administrator.api;
    const created = (await admin("POST", "/api/companies", { name: "Short lived", contact: { lastName: "Temp" } })).json();
    await refused(() => admin("DELETE", `/api/companies/${created.id}`, undefined, { "if-match": '"1"' }), 409);
    await h.db.delete(contacts).where(eq(contacts.companyId, created.id));
    expect((await admin("DELETE", `/api/companies/${created.id}`, undefined, { "if-match": '"1"' })).statusCode).toBe(204);
    const left = await h.db
      .select()
      .from(searchEntries)
      .where(and(eq(searchEntries.object, "company"), eq(searchEntries.recordId, created.id)));
    expect(left).toEqual([]);
  });
});
