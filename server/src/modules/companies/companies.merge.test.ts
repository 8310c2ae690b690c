/**
 * POST /api/companies/:id/merge: the source's contacts (primary and roles), contact points,
 * search entries and history go to the target; chosen fields come from the source; the source
 * is removed and recorded with a snapshot; steps registered by later modules run in the same
 * transaction. Bad input, stale versions and every role's rights are refused with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import type { PublishedEvent } from "../../app";
import { companies, companyMerges, contactPoints, contactRoles, contacts, searchEntries } from "../../db/schema";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, refusals, type AccessFixture } from "../../../test/access-fixture";
import { eventually } from "../../../test/live-client";
import { registerCompanyMergeStep } from "./index";

let h: Harness;
let f: AccessFixture;
const events: PublishedEvent[] = [];
const refused = (...args: Parameters<ReturnType<typeof refusals>>) => refusals(h)(...args);
const missing = "00000000-0000-4000-8000-00000000000f";

/** What the test step saw; `failWith` makes it throw (the whole merge must roll back). */
const stepCalls: { sourceId: string; targetId: string }[] = [];
let failWith: Error | undefined;
registerCompanyMergeStep(async (_uow, merge) => {
  if (failWith) throw failWith;
  stepCalls.push({ sourceId: merge.sourceId, targetId: merge.targetId });
});

beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
  h.app.hub.onEvent((event) => events.push(event));
  const admin = f.actors.administrator.api;
  const section = (await admin("POST", "/api/custom-sections", { object: "company", labels: { en: "Account" } })).json();
  for (const key of ["seats", "tier"])
    await admin("POST", "/api/custom-fields", {
      sectionId: section.id,
      key,
      type: key === "seats" ? "number" : "text",
      labels: { en: key },
    });
});
afterAll(async () => h?.close());

async function create(api: (typeof f.actors)["administrator"]["api"], body: Record<string, unknown>) {
  const response = await api("POST", "/api/companies", { ignoreDuplicates: true, ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; version: number };
}

describe("merging two companies", () => {
  let target: string;
  let source: string;
  let third: string;
  let sourcePeople: string[];

  beforeAll(async () => {
    const admin = f.actors.administrator.api;
    target = (
      await create(admin, {
        name: "Nordic Paint AB",
        emails: [{ type: "general", address: "info@nordicpaint.example" }],
        custom: { seats: 12 },
        contact: { firstName: "Tove", lastName: "Target" },
      })
    ).id;
    const created = await create(admin, {
      name: "Nordic Paints",
      stage: "prospect",
      registrationNumber: "556123-4567",
      website: "nordicpaints.example",
      industry: "Paint",
      description: "From the source",
      emails: [
        { type: "general", address: "info@nordicpaint.example" },
        { type: "sales", address: "sales@nordicpaints.example" },
      ],
      phones: [{ type: "main", number: "+46 8 555 000 11" }],
      custom: { seats: 99, tier: "gold" },
      contact: { firstName: "Sven", lastName: "Source", email: "sven@nordicpaints.example" },
    });
    source = created.id;
    await admin("PATCH", `/api/companies/${source}`, { stage: "customer" }, { "if-match": '"1"' });
    third = (await create(admin, { name: "Third Party Ltd" })).id;
    // A second person at the source, and someone of a third company who also has a role at the source.
    const [extra] = await h.db.insert(contacts).values({ companyId: source, firstName: "Extra", lastName: "Person" }).returning();
    const [outsider] = await h.db.insert(contacts).values({ companyId: third, firstName: "Olle", lastName: "Outsider" }).returning();
    await h.db.insert(contactRoles).values({ contactId: outsider!.id, companyId: source, title: "Board member" });
    sourcePeople = (await h.db.select({ id: contacts.id }).from(contacts).where(eq(contacts.companyId, source))).map((row) => row.id);
    expect(sourcePeople).toContain(extra!.id);
  });

  it("refuses bad input with 400 naming the field, and a stale or missing If-Match, writing nothing", async () => {
    const admin = f.actors.administrator.api;
    const url = `/api/companies/${target}/merge`;
    const v = { "if-match": '"1"' };
    await refused(() => admin("POST", url, {}, v), 400, "sourceId");
    await refused(() => admin("POST", url, { sourceId: "x" }, v), 400, "sourceId");
    await refused(() => admin("POST", url, { sourceId: target }, v), 400, "sourceId");
    await refused(() => admin("POST", url, { sourceId: missing }, v), 400, "sourceId");
    await refused(() => admin("POST", url, { sourceId: source, take: ["ownerName"] }, v), 400, "take[0]");
    await refused(() => admin("POST", url, { sourceId: source, take: "name" }, v), 400, "take");
    await refused(() => admin("POST", url, { sourceId: source, keep: true }, v), 400, "keep");
    await refused(() => admin("POST", "/api/companies/nope/merge", { sourceId: source }, v), 400, "params.id");
    await refused(() => admin("POST", url, { sourceId: source }), 428);
    await refused(() => admin("POST", url, { sourceId: source }, { "if-match": '"7"' }), 412);
    await refused(() => admin("POST", `/api/companies/${missing}/merge`, { sourceId: source }, v), 404);
  });

  it("rolls the whole merge back when a registered step fails", async () => {
    failWith = new Error("a later module could not move its rows");
    try {
      const before = await h.db
        .select()
        .from(companies)
        .where(inArray(companies.id, [target, source]));
      const response = await f.actors.administrator.api(
        "POST",
        `/api/companies/${target}/merge`,
        { sourceId: source },
        { "if-match": '"1"' },
      );
      expect(response.statusCode).toBe(500);
      expect(
        await h.db
          .select()
          .from(companies)
          .where(inArray(companies.id, [target, source])),
      ).toEqual(before);
      expect((await h.db.select().from(contacts).where(eq(contacts.companyId, source))).length).toBe(sourcePeople.length);
    } finally {
      failWith = undefined;
    }
  });

  it("moves contacts, roles, contact points and search entries, takes the chosen fields and removes the source", async () => {
    const admin = f.actors.administrator.api;
    const response = await admin(
      "POST",
      `/api/companies/${target}/merge`,
      { sourceId: source, take: ["registrationNumber", "stage", "description"] },
      { "if-match": '"1"' },
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers.etag).toBe('"2"');
    expect(response.json()).toMatchObject({
      id: target,
      name: "Nordic Paint AB",
      stage: "customer",
      registrationNumber: "556123-4567",
      description: "From the source",
      // Empty on the target: filled from the source.
      website: "nordicpaints.example",
      domain: "nordicpaints.example",
      industry: "Paint",
      emails: [
        { type: "general", address: "info@nordicpaint.example" },
        { type: "sales", address: "sales@nordicpaints.example" },
      ],
      phones: [{ type: "main", number: "+46 8 555 000 11", e164: "+46855500011" }],
      // The target's own values win; the source fills the gaps.
      custom: { seats: 12, tier: "gold" },
      version: 2,
    });
    expect(stepCalls).toEqual([{ sourceId: source, targetId: target }]);

    expect((await admin("GET", `/api/companies/${source}`)).statusCode).toBe(404);
    expect((await admin("GET", `/api/companies/merged/${source}`)).json()).toEqual({ id: target });
    const people = (await h.db.select({ id: contacts.id }).from(contacts).where(eq(contacts.companyId, target))).map((row) => row.id);
    expect(people).toEqual(expect.arrayContaining(sourcePeople));
    expect(people).toHaveLength(sourcePeople.length + 1);
    const roles = await h.db.select().from(contactRoles).where(eq(contactRoles.title, "Board member"));
    expect(roles.map((role) => role.companyId)).toEqual([target]);

    const points = await h.db
      .select({ recordId: contactPoints.recordId, kind: contactPoints.kind, value: contactPoints.value })
      .from(contactPoints)
      .where(eq(contactPoints.object, "company"));
    expect(points.filter((point) => point.recordId === source)).toEqual([]);
    expect(points.filter((point) => point.recordId === target).map((p) => `${p.kind}:${p.value}`)).toEqual(
      expect.arrayContaining(["registration:5561234567", "domain:nordicpaints.example", "phone:+46855500011"]),
    );
    const entries = await h.db
      .select()
      .from(searchEntries)
      .where(inArray(searchEntries.recordId, [source, target, ...sourcePeople]));
    expect(entries.filter((entry) => entry.object === "company").map((entry) => entry.recordId)).toEqual([target]);
    expect(entries.filter((entry) => entry.object === "contact").every((entry) => entry.companyId === target)).toBe(true);
    // The contacts module's projection of `company.merged` shows them under the target's name.
    const contactEntries = entries.filter((entry) => entry.object === "contact");
    expect(contactEntries.length).toBeGreaterThan(0);
    expect(contactEntries.every((entry) => entry.subtitle === "Nordic Paint AB")).toBe(true);

    // The source is recorded with a snapshot of what it was and its stage history.
    const [merge] = await h.db.select().from(companyMerges).where(eq(companyMerges.mergedId, source));
    expect(merge).toMatchObject({ intoId: target, mergedBy: f.actors.administrator.id });
    const snapshot = merge!.snapshot as { company: { name: string }; stageChanges: { toStage: string }[]; contactIds: string[] };
    expect(snapshot.company.name).toBe("Nordic Paints");
    expect(snapshot.stageChanges.map((change) => change.toStage)).toEqual(["prospect", "customer"]);
    expect(snapshot.contactIds.sort()).toEqual([...sourcePeople].sort());

    // The target's history holds the source's too; its stages record the taken stage.
    const history = (await admin("GET", `/api/companies/${target}/history`)).json().items as { recordId: string; operation: string }[];
    expect(history.filter((item) => item.recordId === source).map((item) => item.operation)).toEqual(["delete", "update", "insert"]);
    expect(history.filter((item) => item.recordId === target).map((item) => item.operation)).toEqual(["update", "insert"]);
    const stages = (await admin("GET", `/api/companies/${target}/stages`)).json().items as { toStage: string }[];
    expect(stages.map((stage) => stage.toStage)).toEqual(["lead", "customer"]);

    await eventually(() => events.some((e) => e.name === "company.merged" && e.recordId === target && e.payload?.sourceId === source));
    await eventually(() => events.some((e) => e.name === "company.deleted" && e.recordId === source && e.payload?.mergedInto === target));
  });

  it("lets links to a company merged twice resolve to where it is now", async () => {
    const admin = f.actors.administrator.api;
    // Placed where a sales rep cannot see it.
    const final = await create(admin, { name: "Nordic Paint Group", ownerId: f.owners.stranger.id, teamId: f.teams.three });
    const version = (await admin("GET", `/api/companies/${final.id}`)).json().version;
    const merged = await admin("POST", `/api/companies/${final.id}/merge`, { sourceId: target }, { "if-match": `"${version}"` });
    expect(merged.statusCode, merged.body).toBe(200);
    expect((await admin("GET", `/api/companies/merged/${source}`)).json()).toEqual({ id: final.id });
    expect((await admin("GET", `/api/companies/merged/${target}`)).json()).toEqual({ id: final.id });
    expect((await admin("GET", `/api/companies/merged/${final.id}`)).statusCode).toBe(404);
    // A sales rep who cannot read the company it went into learns nothing.
    expect((await f.actors.sales_rep.api("GET", `/api/companies/merged/${source}`)).statusCode).toBe(404);
    expect((await admin("GET", "/api/companies/merged/nope")).statusCode).toBe(400);
  });
});

describe("who may merge", () => {
  type Role = keyof AccessFixture["actors"];
  const cases: [Role, string, string, number, string?][] = [
    // role, where the target sits, where the source sits, status (and field)
    ["administrator", "other", "unit", 200],
    ["account_manager", "own", "own", 200],
    ["account_manager", "own", "team", 403], // may update a teammate's company, not delete it
    ["account_manager", "team", "own", 200],
    ["account_manager", "own", "other", 400, "sourceId"], // cannot see the source: named like a missing one
    ["account_manager", "other", "own", 404],
    ["account_manager", "unit", "own", 403], // sees the target, may not update it
    ["executive", "own", "team", 403], // no delete function at all
    ["sales_rep", "own", "own", 403], // no delete function at all
    ["service_desk", "own", "own", 403], // no update function at all
  ];
  it.each(cases)("%s merging a company (%s) with a source (%s) → %i", async (role, targetAt, sourceAt, status, field) => {
    const target = await f.insertCompany(`Merge target ${role} ${targetAt} ${sourceAt}`, f.placement(role, targetAt as never)!);
    const source = await f.insertCompany(`Merge source ${role} ${targetAt} ${sourceAt}`, f.placement(role, sourceAt as never)!);
    const send = () => f.actors[role].api("POST", `/api/companies/${target}/merge`, { sourceId: source }, { "if-match": '"1"' });
    if (status >= 400) {
      const response = await refused(send, status, field);
      if (status === 403) expect(response.json().code).toBe("forbidden");
    } else {
      const response = await send();
      expect(response.statusCode, response.body).toBe(status);
      const left = await h.db
        .select({ id: companies.id })
        .from(companies)
        .where(inArray(companies.id, [target, source]));
      expect(left).toEqual([{ id: target }]);
      const [record] = await h.db
        .select()
        .from(companyMerges)
        .where(and(eq(companyMerges.mergedId, source), eq(companyMerges.intoId, target)));
      expect(record).toBeDefined();
    }
  });
});
