/**
 * Merging contacts: what the target keeps and takes, roles and reporting lines that move, the
 * index and contact points, the contact_merges record, and who may merge what.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { contactMerges, contactPoints, contactRoles, contacts, searchEntries } from "../../db/schema";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, type AccessFixture } from "../../../test/access-fixture";
import { eventsOf, ifMatch, insertContact, insertRole, missing, refused } from "./contacts.test-fixture";

let h: Harness;
let f: AccessFixture;
let own: string;
let other: string;
let mates: string;
let strangers: string;

beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
  own = await f.insertCompany("Merge Own AB", f.placement("sales_rep", "own")!);
  other = await f.insertCompany("Merge Other Own AB", f.placement("sales_rep", "own")!);
  mates = await f.insertCompany("Merge Mate AB", f.placement("sales_rep", "team")!);
  strangers = await f.insertCompany("Merge Stranger AB", f.placement("sales_rep", "other")!);
});
afterAll(async () => h?.close());

const create = async (body: Record<string, unknown>) => {
  const response = await f.actors.sales_rep.api("POST", "/api/contacts", { ignoreDuplicates: true, ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; version: number };
};
const merge = (into: string, body: unknown, headers: Record<string, string> = {}) =>
  f.actors.sales_rep.api("POST", `/api/contacts/${into}/merge`, body, headers);
const row = async (id: string) => (await h.db.select().from(contacts).where(eq(contacts.id, id)))[0];

describe("POST /api/contacts/:id/merge", () => {
  it("keeps the target, takes the chosen fields, fills gaps, unites emails and phones, and moves everything", async () => {
    const into = await create({
      companyId: own,
      firstName: "Kim",
      lastName: "Larsson",
      title: "CTO",
      emails: [{ type: "work", address: "kim@own.example" }],
      phones: [{ type: "mobile", number: "+46 70 000 00 01" }],
      consentEmail: true,
      custom: {},
    });
    const source = await create({
      companyId: own,
      firstName: "Kimberly",
      lastName: "Larson",
      title: "Chief Technology Officer",
      department: "Tech",
      birthday: "1980-01-01",
      emails: [
        { type: "personal", address: "KIM@own.example" },
        { type: "personal", address: "kim@home.example" },
      ],
      phones: [{ type: "work", number: "+46 8 000 00 02" }],
      messaging: [{ kind: "slack", handle: "kim" }],
      notes: "From the fair",
    });
    const report = await insertContact(h, own, { lastName: "Report", reportsToId: source.id });
    const roleAtMates = await insertRole(h, source.id, mates, { title: "Advisor" });

    const response = await merge(into.id, { sourceId: source.id, take: ["title"] }, ifMatch(1));
    expect(response.statusCode, response.body).toBe(200);
    const merged = response.json();
    expect(merged).toMatchObject({
      id: into.id,
      firstName: "Kim",
      lastName: "Larsson",
      title: "Chief Technology Officer",
      department: "Tech",
      birthday: "1980-01-01",
      notes: "From the fair",
      consentEmail: true,
      emails: [
        { type: "work", address: "kim@own.example" },
        { type: "personal", address: "kim@home.example" },
      ],
      phones: [
        { type: "mobile", number: "+46 70 000 00 01", e164: "+46700000001" },
        { type: "work", number: "+46 8 000 00 02", e164: "+4680000002" },
      ],
      messaging: [{ kind: "slack", handle: "kim" }],
      roles: [{ id: roleAtMates, companyId: mates, title: "Advisor" }],
    });
    expect(merged.version).toBeGreaterThan(1);
    expect(response.headers.etag).toBe(`"${merged.version}"`);

    // The source is gone (404), recorded with what it was, and out of the index.
    expect((await f.actors.sales_rep.api("GET", `/api/contacts/${source.id}`)).statusCode).toBe(404);
    const [record] = await h.db.select().from(contactMerges).where(eq(contactMerges.mergedId, source.id));
    expect(record).toMatchObject({ intoId: into.id, mergedBy: f.actors.sales_rep.id });
    expect(record!.snapshot).toMatchObject({ id: source.id, firstName: "Kimberly", roles: [{ companyId: mates }] });
    expect(await h.db.select().from(searchEntries).where(eq(searchEntries.recordId, source.id))).toEqual([]);
    expect(await h.db.select().from(contactPoints).where(eq(contactPoints.recordId, source.id))).toEqual([]);
    const points = await h.db.select().from(contactPoints).where(eq(contactPoints.recordId, into.id));
    expect(points.map((p) => p.value).sort()).toEqual(["+46700000001", "+4680000002", "kim@home.example", "kim@own.example"]);
    // Whoever reported to the source reports to the target.
    expect(await row(report)).toMatchObject({ reportsToId: into.id });
    expect((await eventsOf(h, report))[0]).toMatchObject({ name: "contact.updated" });
    const [event] = await eventsOf(h, into.id);
    expect(event).toMatchObject({ name: "contact.merged", payload: { sourceId: source.id } });
    expect(event!.topics).toEqual(expect.arrayContaining([`contact:${into.id}`, "list:contacts", `company:${own}`, `company:${mates}`]));
    expect((await eventsOf(h, source.id))[0]).toMatchObject({ name: "contact.deleted", payload: { mergedInto: into.id } });
  });

  it("turns the source's primary company into a role of the target, and clears reporting lines that would cross companies", async () => {
    const into = await create({ companyId: own, lastName: "Target" });
    const source = await create({ companyId: other, lastName: "Source", title: "Buyer", department: "Purchasing" });
    const theirReport = await insertContact(h, other, { lastName: "Their report", reportsToId: source.id });
    const response = await merge(into.id, { sourceId: source.id });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().roles).toMatchObject([
      { companyId: other, companyName: "Merge Other Own AB", title: "Buyer", department: "Purchasing" },
    ]);
    expect(await row(theirReport)).toMatchObject({ reportsToId: null });
    // The target is listed at both companies.
    const atOther = await f.actors.sales_rep.api("GET", `/api/contacts?filter[companyId]=${other}`);
    expect(atOther.json().items.map((c: { id: string }) => c.id)).toContain(into.id);
  });

  it("never leaves a reporting loop: a target that reported (through others) to the source reports to nobody", async () => {
    const source = await create({ companyId: own, lastName: "Loop source" });
    const middle = await insertContact(h, own, { lastName: "Loop middle", reportsToId: source.id });
    const into = await create({ companyId: own, lastName: "Loop target", reportsToId: middle });
    const response = await merge(into.id, { sourceId: source.id });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().reportsToId).toBeNull();
    expect(await row(middle)).toMatchObject({ reportsToId: into.id });
  });

  it("follows chains: a contact merged into one that is merged later leads to the last", async () => {
    const a = await create({ companyId: own, lastName: "Chain A" });
    const b = await create({ companyId: own, lastName: "Chain B" });
    const c = await create({ companyId: own, lastName: "Chain C" });
    expect((await merge(b.id, { sourceId: a.id })).statusCode).toBe(200);
    expect((await merge(c.id, { sourceId: b.id })).statusCode).toBe(200);
    const records = await h.db
      .select()
      .from(contactMerges)
      .where(inArray(contactMerges.mergedId, [a.id, b.id]));
    expect(records.map((record) => record.intoId)).toEqual([c.id, c.id]);
  });

  it("moves roles of both at the same company without losing either", async () => {
    const into = await create({ companyId: own, lastName: "Both roles" });
    const source = await create({ companyId: own, lastName: "Both roles too" });
    await insertRole(h, into.id, mates, { title: "Board" });
    await insertRole(h, source.id, mates, { title: "Advisor" });
    await insertRole(h, source.id, own, { title: "Redundant at the primary company" });
    const response = await merge(into.id, { sourceId: source.id });
    expect(
      response
        .json()
        .roles.map((role: { title: string }) => role.title)
        .sort(),
    ).toEqual(["Advisor", "Board"]);
    expect(await h.db.select().from(contactRoles).where(eq(contactRoles.contactId, source.id))).toEqual([]);
  });
});

describe("who may merge what", () => {
  it("refuses bad input with 400 naming the field, nothing written", async () => {
    const into = await create({ companyId: own, lastName: "Refuser" });
    await refused(h, () => merge(into.id, {}), 400, "sourceId");
    await refused(h, () => merge(into.id, { sourceId: "x" }), 400, "sourceId");
    await refused(h, () => merge(into.id, { sourceId: into.id }), 400, "sourceId");
    await refused(h, () => merge(into.id, { sourceId: missing }), 400, "sourceId");
    await refused(h, () => merge(into.id, { sourceId: missing, take: ["emails"] }), 400, "take[0]");
    await refused(h, () => merge(into.id, { sourceId: missing, extra: true }), 400, "extra");
    await refused(h, () => merge("nope", { sourceId: missing }), 400, "params.id");
  });

  it("answers 404 for an invisible target, 400 for an invisible source, 412 for a stale If-Match", async () => {
    const mine = await create({ companyId: own, lastName: "Mine" });
    const hidden = await insertContact(h, strangers, { lastName: "Hidden" });
    await refused(h, () => merge(hidden, { sourceId: mine.id }), 404);
    await refused(h, () => merge(mine.id, { sourceId: hidden }), 400, "sourceId");
    const another = await create({ companyId: own, lastName: "Another" });
    await refused(h, () => merge(mine.id, { sourceId: another.id }, ifMatch(7)), 412);
  });

  it("needs update on the target and delete on the source (403 otherwise)", async () => {
    const mine = await create({ companyId: own, lastName: "Rep's" });
    const matesContact = await insertContact(h, mates, { lastName: "Mate's" });
    // A sales rep sees the teammate's contacts but may not change or remove them.
    await refused(h, () => merge(mine.id, { sourceId: matesContact }), 403);
    await refused(h, () => merge(matesContact, { sourceId: mine.id }), 403);
    // The service desk updates contacts but deletes none.
    const deskInto = await insertContact(h, strangers, { lastName: "Desk into" });
    const deskSource = await insertContact(h, strangers, { lastName: "Desk source" });
    await refused(h, () => f.actors.service_desk.api("POST", `/api/contacts/${deskInto}/merge`, { sourceId: deskSource }), 403);
    // An administrator may.
    const done = await f.actors.administrator.api("POST", `/api/contacts/${deskInto}/merge`, { sourceId: deskSource });
    expect(done.statusCode, done.body).toBe(200);
  });
});
