/**
 * Contact routes: create / read / update / delete with bad input (400 naming the field, nothing
 * written), the permission matrix (contacts inherit visibility from their primary company),
 * optimistic locking, reports-to rules, roles at other companies, live events.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import type { BuiltinRoleKey } from "@relata/contracts";
import { contacts, contactPoints, searchEntries } from "../../db/schema";
import { createHarness, login, type Harness } from "../../../test/harness";
import { LiveClient } from "../../../test/live-client";
import { buildAccessFixture, categories, type AccessFixture, type Category } from "../../../test/access-fixture";
import {
  defineContactFields,
  eventsOf,
  ifMatch,
  insertContact,
  insertRole,
  missing,
  refused,
  withContactFields,
} from "./contacts.test-fixture";

let h: Harness;
let f: AccessFixture;
/** Companies of the sales rep's own, a teammate's and a stranger's. */
let own: string;
let mates: string;
let strangers: string;

beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
  own = await f.insertCompany("Rep's own AB", f.placement("sales_rep", "own")!);
  mates = await f.insertCompany("Mate's AB", f.placement("sales_rep", "team")!);
  strangers = await f.insertCompany("Stranger's AB", f.placement("sales_rep", "other")!);
  await defineContactFields(h, [
    { key: "shoe_size", type: "number" },
    { key: "tier", type: "choice", options: ["gold", "silver"] },
    { key: "old_field", type: "text", archived: true },
  ]);
});
afterAll(async () => h?.close());

const admin = () => f.actors.administrator.api;
const rep = () => f.actors.sales_rep.api;

describe("bad input", () => {
  it.each([
    ["an unknown field", { lastName: "A", createdAt: "2020-01-01T00:00:00Z" }, "createdAt"],
    ["a version", { lastName: "A", version: 3 }, "version"],
    ["a missing last name", {}, "lastName"],
    ["an empty last name", { lastName: "   " }, "lastName"],
    ["a too long last name", { lastName: "n".repeat(101) }, "lastName"],
    ["a last name with NUL", { lastName: "a\u0000b" }, "lastName"],
    ["a first name with NUL", { lastName: "A", firstName: "a\u0000" }, "firstName"],
    ["a title too long", { lastName: "A", title: "t".repeat(201) }, "title"],
    ["an unknown function", { lastName: "A", function: "wizard" }, "function"],
    ["a bad email", { lastName: "A", emails: [{ type: "work", address: "not-an-email" }] }, "emails[0].address"],
    ["an unknown email type", { lastName: "A", emails: [{ type: "spam", address: "a@b.example" }] }, "emails[0].type"],
    ["a bad phone", { lastName: "A", phones: [{ type: "work", number: "call me" }] }, "phones[0].number"],
    ["21 phones", { lastName: "A", phones: Array.from({ length: 21 }, () => ({ type: "work", number: "+46 70 123" })) }, "phones"],
    ["an unknown messaging kind", { lastName: "A", messaging: [{ kind: "pigeon", handle: "x" }] }, "messaging[0].kind"],
    ["a birthday that is no date", { lastName: "A", birthday: "1980-02-30" }, "birthday"],
    ["an unknown language", { lastName: "A", preferredLanguage: "fr" }, "preferredLanguage"],
    ["an unknown channel", { lastName: "A", preferredChannel: "fax" }, "preferredChannel"],
    ["a consent as a string", { lastName: "A", consentEmail: "yes" }, "consentEmail"],
    ["notes too long", { lastName: "A", notes: "n".repeat(10_001) }, "notes"],
    ["a reports-to that is not an id", { lastName: "A", reportsToId: "boss" }, "reportsToId"],
    ["a custom key that is not one", { lastName: "A", custom: { "Bad Key": 1 } }, "custom.Bad Key"],
    ["a custom field that does not exist", { lastName: "A", custom: { nope: 1 } }, "custom.nope"],
    ["a custom value of the wrong type", { lastName: "A", custom: { shoe_size: "big" } }, "custom.shoe_size"],
    ["a custom choice that is no option", { lastName: "A", custom: { tier: "bronze" } }, "custom.tier"],
    ["an archived custom field", { lastName: "A", custom: { old_field: "x" } }, "custom.old_field"],
    ["a role without a company", { lastName: "A", roles: [{ title: "Board" }] }, "roles[0].companyId"],
    ["a role at an unknown company", { lastName: "A", roles: [{ companyId: missing }] }, "roles[0].companyId"],
    ["a role at the primary company", { lastName: "A", roles: [{ companyId: "$own" }] }, "roles[0].companyId"],
    [
      "a role ending before it starts",
      { lastName: "A", roles: [{ companyId: "$mates", startedOn: "2020-02-01", endedOn: "2020-01-01" }] },
      "roles[0].endedOn",
    ],
    ["a reports-to that does not exist", { lastName: "A", reportsToId: missing }, "reportsToId"],
    ["ignoreDuplicates as a string", { lastName: "A", ignoreDuplicates: "yes" }, "ignoreDuplicates"],
  ])("refuses a new contact with %s (400 naming the field, nothing written)", async (_what, body, field) => {
    const withIds = JSON.parse(
      JSON.stringify({ companyId: own, ...body })
        .replace('"$own"', `"${own}"`)
        .replace('"$mates"', `"${mates}"`),
    );
    await refused(h, () => admin()("POST", "/api/contacts", withIds), 400, field);
  });

  it("refuses a contact at a company that does not exist, or without one (400 naming companyId)", async () => {
    await refused(h, () => admin()("POST", "/api/contacts", { companyId: missing, lastName: "A" }), 400, "companyId");
    await refused(h, () => admin()("POST", "/api/contacts", { lastName: "A" }), 400, "companyId");
    await refused(h, () => admin()("POST", "/api/contacts", { companyId: "acme", lastName: "A" }), 400, "companyId");
  });

  it("refuses bodies that are not JSON objects (400/415)", async () => {
    await refused(h, () => admin()("POST", "/api/contacts", ["A"]), 400, "body");
    await refused(h, () => admin()("POST", "/api/contacts", "lastName=A", { "content-type": "application/x-www-form-urlencoded" }), 415);
    await refused(h, () => admin()("POST", "/api/contacts", '{"lastName":', { "content-type": "application/json" }), 400, "body");
  });

  it("refuses bad ids and unknown fields on GET, PATCH and DELETE", async () => {
    const id = await insertContact(h, own);
    await refused(h, () => admin()("GET", "/api/contacts/123"), 400, "params.id");
    await refused(h, () => admin()("DELETE", "/api/contacts/nope"), 400, "params.id");
    await refused(h, () => admin()("PATCH", `/api/contacts/${id}`, { lastName: "B", id: missing }, ifMatch(1)), 400, "id");
    await refused(h, () => admin()("PATCH", `/api/contacts/${id}`, { lastName: null }, ifMatch(1)), 400, "lastName");
    await refused(h, () => admin()("PATCH", `/api/contacts/${id}`, { companyId: missing }, ifMatch(1)), 400, "companyId");
    await refused(h, () => admin()("PATCH", `/api/contacts/${id}`, { custom: { shoe_size: true } }, ifMatch(1)), 400, "custom.shoe_size");
    expect((await admin()("GET", `/api/contacts/${missing}`)).statusCode).toBe(404);
  });
});

describe("create, read, update, delete", () => {
  it("creates a contact with everything, normalizes phones and emails, indexes it and announces it", async () => {
    const response = await rep()("POST", "/api/contacts", {
      companyId: own,
      firstName: "  Åsa ",
      lastName: "Lind",
      title: "CIO",
      department: "IT",
      function: "it",
      emails: [{ type: "work", address: "Asa.Lind@Example.COM" }],
      phones: [
        { type: "mobile", number: "+46 70 123 45 67" },
        { type: "work", number: "12" + "3" },
      ],
      messaging: [{ kind: "teams", handle: "asa.lind" }],
      birthday: "1980-04-12",
      preferredLanguage: "sv",
      preferredChannel: "email",
      consentEmail: true,
      notes: "  ",
      custom: { shoe_size: 38, tier: "gold" },
    });
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json();
    expect(response.headers.location).toBe(`/api/contacts/${created.id}`);
    expect(response.headers.etag).toBe('"1"');
    expect(created).toMatchObject({
      companyId: own,
      companyName: "Rep's own AB",
      firstName: "Åsa",
      lastName: "Lind",
      fullName: "Åsa Lind",
      function: "it",
      reportsToId: null,
      reportsToName: null,
      emails: [{ type: "work", address: "asa.lind@example.com" }],
      phones: [
        { type: "mobile", number: "+46 70 123 45 67", e164: "+46701234567" },
        { type: "work", number: "123", e164: null },
      ],
      birthday: "1980-04-12",
      consentEmail: true,
      consentSms: false,
      notes: null,
      custom: { shoe_size: 38, tier: "gold" },
      roles: [],
      version: 1,
    });
    const points = await h.db.select().from(contactPoints).where(eq(contactPoints.recordId, created.id));
    expect(points.map((p) => `${p.kind}:${p.value}`).sort()).toEqual(["email:asa.lind@example.com", "phone:+46701234567"]);
    const [entry] = await h.db.select().from(searchEntries).where(eq(searchEntries.recordId, created.id));
    expect(entry).toMatchObject({ object: "contact", companyId: own, title: "Åsa Lind", subtitle: "Rep's own AB" });
    const [event] = await eventsOf(h, created.id);
    expect(event).toMatchObject({ name: "contact.created" });
    expect(event!.topics).toEqual(expect.arrayContaining([`contact:${created.id}`, "list:contacts", `company:${own}`]));
    expect((await rep()("GET", `/api/contacts/${created.id}`)).json()).toEqual(created);
  });

  it("creates exactly one contact for concurrent repeats of one Idempotency-Key", async () => {
    const headers = { "idempotency-key": "contact-create-once-1" };
    const body = { companyId: own, lastName: "Once only" };
    const responses = await Promise.all(Array.from({ length: 12 }, () => rep()("POST", "/api/contacts", body, headers)));
    for (const response of responses) expect([201, 409], response.body).toContain(response.statusCode);
    const created = responses.filter((response) => response.statusCode === 201);
    expect(new Set(created.map((response) => response.json().id)).size).toBe(1);
    expect((await h.db.select().from(contacts).where(eq(contacts.lastName, "Once only"))).length).toBe(1);
    const replay = await rep()("POST", "/api/contacts", body, headers);
    expect(replay.statusCode).toBe(201);
    expect(replay.headers["idempotent-replayed"]).toBe("true");
    await refused(h, () => rep()("POST", "/api/contacts", { ...body, title: "Other" }, headers), 422);
  });

  it("requires a custom field marked required on create, not on unrelated updates", async () => {
    await withContactFields(h, [{ key: "badge", type: "text", required: true }], async () => {
      const api = admin();
      const missingBadge = await refused(h, () => api("POST", "/api/contacts", { companyId: own, lastName: "Badgeless" }), 400);
      expect(missingBadge.json().details).toEqual([{ field: "custom.badge", message: "is required" }]);
      const made = await api("POST", "/api/contacts", { companyId: own, lastName: "Badged", custom: { badge: "B-1" } });
      expect(made.statusCode, made.body).toBe(201);
      expect((await api("PATCH", `/api/contacts/${made.json().id}`, { title: "Boss" }, ifMatch(1))).statusCode).toBe(200);
      await refused(h, () => api("PATCH", `/api/contacts/${made.json().id}`, { custom: { badge: null } }, ifMatch(2)), 400, "custom.badge");
    });
  });

  it("updates with If-Match only: 428 without, 412 stale, 400 malformed; keeps what was not sent", async () => {
    const id = await insertContact(h, own, { firstName: "Bo", lastName: "Ek", title: "CFO", custom: { shoe_size: 44 } });
    const url = `/api/contacts/${id}`;
    await refused(h, () => rep()("PATCH", url, { title: "CEO" }), 428);
    await refused(h, () => rep()("PATCH", url, { title: "CEO" }, ifMatch(2)), 412);
    await refused(h, () => rep()("PATCH", url, { title: "CEO" }, { "if-match": "1" }), 400, "If-Match");
    const changed = await rep()("PATCH", url, { title: "CEO", custom: { tier: "silver" } }, { "if-match": 'W/"1"' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(changed.json()).toMatchObject({
      firstName: "Bo",
      lastName: "Ek",
      title: "CEO",
      custom: { shoe_size: 44, tier: "silver" },
      version: 2,
    });
    const cleared = await rep()("PATCH", url, { title: null, custom: { shoe_size: null } }, ifMatch(2));
    expect(cleared.json()).toMatchObject({ title: null, custom: { tier: "silver" }, version: 3 });
    expect(cleared.json().custom).not.toHaveProperty("shoe_size");
    await refused(h, () => rep()("PATCH", url, { title: "Lost update" }, ifMatch(2)), 412);
    const [entry] = await h.db.select().from(searchEntries).where(eq(searchEntries.recordId, id));
    expect(entry?.title).toBe("Bo Ek");
  });

  it("deletes with a matching If-Match (204), refuses a stale one (412), and then answers 404", async () => {
    const boss = await insertContact(h, own, { lastName: "Boss" });
    const id = await insertContact(h, own, { lastName: "Doomed", reportsToId: boss });
    const report = await insertContact(h, own, { lastName: "Report" });
    await h.db.update(contacts).set({ reportsToId: id }).where(eq(contacts.id, report));
    // Index it through the API so there is something to remove.
    expect(
      (await rep()("PATCH", `/api/contacts/${id}`, { emails: [{ type: "work", address: "doomed@example.com" }] }, ifMatch(1))).statusCode,
    ).toBe(200);
    await refused(h, () => rep()("DELETE", `/api/contacts/${id}`, undefined, ifMatch(9)), 412);
    expect((await rep()("DELETE", `/api/contacts/${id}`, undefined, ifMatch(2))).statusCode).toBe(204);
    expect(await h.db.select().from(contacts).where(eq(contacts.id, id))).toEqual([]);
    expect(await h.db.select().from(contactPoints).where(eq(contactPoints.recordId, id))).toEqual([]);
    expect(await h.db.select().from(searchEntries).where(eq(searchEntries.recordId, id))).toEqual([]);
    // Whoever reported to it reports to nobody now (and heard of it).
    const [after] = await h.db.select().from(contacts).where(eq(contacts.id, report));
    expect(after).toMatchObject({ reportsToId: null, version: 2 });
    expect((await eventsOf(h, report))[0]).toMatchObject({ name: "contact.updated" });
    await refused(h, () => rep()("DELETE", `/api/contacts/${id}`), 404);
  });
});

describe("permission matrix: contacts inherit visibility from their primary company", () => {
  type Expect = Record<"read" | "create" | "update" | "delete", number>;
  // Per role and category of the company: GET, POST (a new contact there), PATCH, DELETE.
  const matrix: Partial<Record<BuiltinRoleKey, Partial<Record<Category, Expect>>>> = {
    sales_rep: {
      own: { read: 200, create: 201, update: 200, delete: 204 },
      team: { read: 200, create: 403, update: 403, delete: 403 },
      unit: { read: 404, create: 400, update: 404, delete: 404 },
      other: { read: 404, create: 400, update: 404, delete: 404 },
      secret: { read: 404, create: 400, update: 404, delete: 404 },
    },
    service_desk: {
      own: { read: 200, create: 201, update: 200, delete: 403 },
      team: { read: 200, create: 201, update: 200, delete: 403 },
      unit: { read: 200, create: 201, update: 200, delete: 403 },
      other: { read: 200, create: 201, update: 200, delete: 403 },
      secret: { read: 404, create: 400, update: 404, delete: 403 },
    },
    account_manager: {
      own: { read: 200, create: 201, update: 200, delete: 204 },
      team: { read: 200, create: 201, update: 200, delete: 204 },
      unit: { read: 200, create: 403, update: 403, delete: 403 },
      other: { read: 404, create: 400, update: 404, delete: 404 },
      secret: { read: 404, create: 400, update: 404, delete: 404 },
    },
    executive: {
      own: { read: 200, create: 201, update: 200, delete: 403 },
      team: { read: 200, create: 201, update: 200, delete: 403 },
      unit: { read: 200, create: 201, update: 200, delete: 403 },
      other: { read: 200, create: 201, update: 403, delete: 403 },
    },
    administrator: {
      own: { read: 200, create: 201, update: 200, delete: 204 },
      team: { read: 200, create: 201, update: 200, delete: 204 },
      unit: { read: 200, create: 201, update: 200, delete: 204 },
      other: { read: 200, create: 201, update: 200, delete: 204 },
    },
  };
  const cases = Object.entries(matrix).flatMap(([role, byCategory]) =>
    categories
      .filter((category) => byCategory[category])
      .map((category) => [role as BuiltinRoleKey, category, byCategory[category]!] as const),
  );

  it.each(cases)("%s on a contact of a company in category %s", async (role, category, expected) => {
    const company = await f.insertCompany(`${role} ${category} AB`, f.placement(role, category)!);
    const id = await insertContact(h, company, { lastName: `${role}-${category}` });
    const api = f.actors[role].api;
    const check = async (status: number, send: () => ReturnType<typeof api>) =>
      status >= 400 ? refused(h, send, status, status === 400 ? "companyId" : undefined) : send();

    const read = await api("GET", `/api/contacts/${id}`);
    expect(read.statusCode, `GET ${read.body}`).toBe(expected.read);
    const vcard = await api("GET", `/api/contacts/${id}/vcard`);
    expect(vcard.statusCode, "GET vcard").toBe(expected.read);
    const roles = await api("GET", `/api/contacts/${id}/roles`);
    expect(roles.statusCode, "GET roles").toBe(expected.read);

    const created = await check(expected.create, () => api("POST", "/api/contacts", { companyId: company, lastName: "New one" }));
    expect(created.statusCode, `POST ${created.body}`).toBe(expected.create);

    const updated = await check(expected.update, () => api("PATCH", `/api/contacts/${id}`, { title: "Changed" }, ifMatch(1)));
    expect(updated.statusCode, `PATCH ${updated.body}`).toBe(expected.update);
    // Roles are part of changing the contact.
    const role2 = await check(expected.update === 200 ? 201 : expected.update, () =>
      api("POST", `/api/contacts/${id}/roles`, { companyId: own === company ? mates : own, title: "Advisor" }),
    );
    expect(role2.statusCode, `POST role ${role2.body}`).toBe(expected.update === 200 ? 201 : expected.update);

    const version = expected.update === 200 ? 2 : 1;
    const deleted = await check(expected.delete, () => api("DELETE", `/api/contacts/${id}`, undefined, ifMatch(version)));
    expect(deleted.statusCode, `DELETE ${deleted.body}`).toBe(expected.delete);
  });

  it("never lists, counts or searches a contact the caller could not GET", async () => {
    const hidden = await insertContact(h, strangers, { lastName: "Zyxwhidden" });
    for (const role of ["sales_rep", "account_manager"] as const) {
      const list = await f.actors[role].api("GET", "/api/contacts?q=zyxwhidden&withTotal=true");
      expect(list.json()).toMatchObject({ items: [], total: 0 });
      await f.actors[role].api("GET", `/api/contacts/${hidden}`).then((r) => expect(r.statusCode).toBe(404));
    }
    expect((await admin()("GET", "/api/contacts?q=zyxwhidden")).json().items.map((c: { id: string }) => c.id)).toEqual([hidden]);
  });

  it("answers 401 without a session", async () => {
    expect((await h.app.inject({ method: "GET", url: "/api/contacts" })).statusCode).toBe(401);
    expect((await h.app.inject({ method: "POST", url: "/api/contacts", payload: { companyId: own, lastName: "A" } })).statusCode).toBe(401);
  });
});

describe("reports-to", () => {
  it("accepts a manager at the same company and names them", async () => {
    const boss = await insertContact(h, own, { firstName: "Big", lastName: "Boss" });
    const response = await rep()("POST", "/api/contacts", { companyId: own, lastName: "Minion", reportsToId: boss });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ reportsToId: boss, reportsToName: "Big Boss" });
  });

  it("refuses a manager at another company, themselves, or one that closes a loop (400 naming reportsToId)", async () => {
    const elsewhere = await insertContact(h, mates, { lastName: "Elsewhere" });
    const a = await insertContact(h, own, { lastName: "A" });
    const b = await insertContact(h, own, { lastName: "B", reportsToId: a });
    const c = await insertContact(h, own, { lastName: "C", reportsToId: b });
    await refused(h, () => rep()("POST", "/api/contacts", { companyId: own, lastName: "X", reportsToId: elsewhere }), 400, "reportsToId");
    await refused(h, () => rep()("PATCH", `/api/contacts/${a}`, { reportsToId: a }, ifMatch(1)), 400, "reportsToId");
    await refused(h, () => rep()("PATCH", `/api/contacts/${a}`, { reportsToId: c }, ifMatch(1)), 400, "reportsToId");
    await refused(h, () => rep()("PATCH", `/api/contacts/${a}`, { reportsToId: b }, ifMatch(1)), 400, "reportsToId");
    await refused(h, () => rep()("PATCH", `/api/contacts/${b}`, { reportsToId: c }, ifMatch(1)), 400, "reportsToId");
    // Re-pointing within the tree without a loop is fine: C reports to A directly.
    const ok = await rep()("PATCH", `/api/contacts/${c}`, { reportsToId: a }, ifMatch(1));
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ reportsToId: a, reportsToName: "A" });
  });

  it("holds when two changes race to close a loop: at most one wins", async () => {
    const a = await insertContact(h, own, { lastName: "RaceA" });
    const b = await insertContact(h, own, { lastName: "RaceB" });
    const [one, two] = await Promise.all([
      rep()("PATCH", `/api/contacts/${a}`, { reportsToId: b }, ifMatch(1)),
      rep()("PATCH", `/api/contacts/${b}`, { reportsToId: a }, ifMatch(1)),
    ]);
    expect([one.statusCode, two.statusCode].sort()).toEqual([200, 400]);
  });

  it("clears a reports-to that points outside when a contact moves to another company, both ways", async () => {
    const company = await f.insertCompany("Move from AB", f.placement("administrator", "own")!);
    const target = await f.insertCompany("Move to AB", f.placement("administrator", "own")!);
    const boss = await insertContact(h, company, { lastName: "Boss" });
    const mover = await insertContact(h, company, { lastName: "Mover", reportsToId: boss });
    const report = await insertContact(h, company, { lastName: "Report", reportsToId: mover });
    await insertRole(h, mover, target, { title: "Consultant" });
    const moved = await admin()("PATCH", `/api/contacts/${mover}`, { companyId: target }, ifMatch(1));
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ companyId: target, companyName: "Move to AB", reportsToId: null, roles: [] });
    const [left] = await h.db.select().from(contacts).where(eq(contacts.id, report));
    expect(left?.reportsToId).toBeNull();
    const [event] = await eventsOf(h, mover);
    expect(event!.topics).toEqual(expect.arrayContaining([`company:${company}`, `company:${target}`]));
    // A manager at the new company may be given in the same change.
    const newBoss = await insertContact(h, target, { lastName: "New boss" });
    const again = await admin()("PATCH", `/api/contacts/${report}`, { companyId: target, reportsToId: newBoss }, ifMatch(2));
    expect(again.json()).toMatchObject({ companyId: target, reportsToId: newBoss });
    await refused(
      h,
      () => admin()("PATCH", `/api/contacts/${report}`, { companyId: company, reportsToId: newBoss }, ifMatch(3)),
      400,
      "reportsToId",
    );
  });

  it("lets a sales rep move a contact only to a company where they may place contacts", async () => {
    const id = await insertContact(h, own, { lastName: "Stayer" });
    await refused(h, () => rep()("PATCH", `/api/contacts/${id}`, { companyId: mates }, ifMatch(1)), 403);
    await refused(h, () => rep()("PATCH", `/api/contacts/${id}`, { companyId: strangers }, ifMatch(1)), 400, "companyId");
  });
});

describe("roles at other companies", () => {
  it("adds, lists, changes (with If-Match) and removes a role", async () => {
    const id = await insertContact(h, own, { firstName: "Rolf", lastName: "Roleson" });
    const url = `/api/contacts/${id}/roles`;
    const added = await rep()("POST", url, { companyId: mates, title: "Board member", startedOn: "2021-01-01" });
    expect(added.statusCode, added.body).toBe(201);
    const role = added.json();
    expect(role).toMatchObject({
      companyId: mates,
      companyName: "Mate's AB",
      title: "Board member",
      startedOn: "2021-01-01",
      endedOn: null,
      version: 1,
    });
    expect(added.headers.etag).toBe('"1"');
    expect((await rep()("GET", url)).json().items).toEqual([role]);
    expect((await rep()("GET", `/api/contacts/${id}`)).json().roles).toEqual([role]);
    const [event] = await eventsOf(h, id);
    expect(event!.topics).toEqual(expect.arrayContaining([`company:${own}`, `company:${mates}`]));

    // The contact shows up at the role's company: list filter and org chart.
    const atMates = await rep()("GET", `/api/contacts?filter[companyId]=${mates}`);
    expect(atMates.json().items.map((c: { id: string }) => c.id)).toContain(id);

    await refused(h, () => rep()("PATCH", `${url}/${role.id}`, { title: "Chair" }), 428);
    await refused(h, () => rep()("PATCH", `${url}/${role.id}`, { title: "Chair" }, ifMatch(2)), 412);
    await refused(h, () => rep()("PATCH", `${url}/${role.id}`, { endedOn: "2020-01-01" }, ifMatch(1)), 400, "endedOn");
    await refused(h, () => rep()("PATCH", `${url}/${role.id}`, { companyId: own }, ifMatch(1)), 400, "companyId");
    const changed = await rep()("PATCH", `${url}/${role.id}`, { title: "Chair", endedOn: "2024-12-31" }, ifMatch(1));
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ title: "Chair", endedOn: "2024-12-31", version: 2 });

    await refused(h, () => rep()("DELETE", `${url}/${role.id}`, undefined, ifMatch(1)), 412);
    expect((await rep()("DELETE", `${url}/${role.id}`, undefined, ifMatch(2))).statusCode).toBe(204);
    await refused(h, () => rep()("DELETE", `${url}/${role.id}`), 404);
    expect((await rep()("GET", url)).json().items).toEqual([]);
  });

  it("refuses roles at companies the caller cannot see, at the primary company, and bad ids", async () => {
    const id = await insertContact(h, own, { lastName: "Limited" });
    const url = `/api/contacts/${id}/roles`;
    await refused(h, () => rep()("POST", url, { companyId: strangers }), 400, "companyId");
    await refused(h, () => rep()("POST", url, { companyId: own }), 400, "companyId");
    await refused(h, () => rep()("POST", url, { companyId: mates, extra: 1 }), 400, "extra");
    await refused(h, () => rep()("POST", url, {}), 400, "companyId");
    await refused(h, () => rep()("PATCH", `${url}/nope`, { title: "x" }, ifMatch(1)), 400, "params.roleId");
    await refused(h, () => rep()("PATCH", `${url}/${missing}`, { title: "x" }, ifMatch(1)), 404);
    await refused(h, () => rep()("POST", `/api/contacts/${missing}/roles`, { companyId: mates }), 404);
  });

  it("answers 400 for bad ids, 403 on a contact the caller may see but not change, 404 on one they cannot see", async () => {
    const matesContact = await insertContact(h, mates, { lastName: "Mate's contact" });
    const roleId = await insertRole(h, matesContact, own, { title: "Guest" });
    const hidden = await insertContact(h, strangers, { lastName: "Stranger's contact" });
    const hiddenRole = await insertRole(h, hidden, mates);
    await refused(h, () => rep()("GET", "/api/contacts/nope/roles"), 400, "params.id");
    await refused(h, () => rep()("DELETE", `/api/contacts/${matesContact}/roles/nope`), 400, "params.roleId");
    await refused(h, () => rep()("POST", `/api/contacts/${matesContact}/roles`, { companyId: own }), 403);
    await refused(h, () => rep()("PATCH", `/api/contacts/${matesContact}/roles/${roleId}`, { title: "x" }, ifMatch(1)), 403);
    await refused(h, () => rep()("DELETE", `/api/contacts/${matesContact}/roles/${roleId}`), 403);
    await refused(h, () => rep()("GET", `/api/contacts/${hidden}/roles`), 404);
    await refused(h, () => rep()("PATCH", `/api/contacts/${hidden}/roles/${hiddenRole}`, { title: "x" }, ifMatch(1)), 404);
    await refused(h, () => rep()("DELETE", `/api/contacts/${hidden}/roles/${hiddenRole}`), 404);
    // A role id of another contact is not this contact's role.
    await refused(h, () => admin()("DELETE", `/api/contacts/${matesContact}/roles/${hiddenRole}`), 404);
  });

  it("hides a role at a company the reader may not see", async () => {
    const id = await insertContact(h, own, { lastName: "Double life" });
    await insertRole(h, id, strangers, { title: "Secret advisor" });
    expect((await rep()("GET", `/api/contacts/${id}`)).json().roles).toEqual([]);
    expect((await admin()("GET", `/api/contacts/${id}`)).json().roles).toMatchObject([{ companyId: strangers, title: "Secret advisor" }]);
  });

  it("creates a contact with its roles in one request", async () => {
    const response = await rep()("POST", "/api/contacts", {
      companyId: own,
      lastName: "Multi",
      roles: [{ companyId: mates, title: "Advisor" }],
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().roles).toMatchObject([{ companyId: mates, title: "Advisor" }]);
  });
});

describe("live topics", () => {
  it("pushes a contact change to its record, the list and its company's card, never to whoever may not read it", async () => {
    await h.app.listen({ host: "127.0.0.1", port: 0 });
    const url = `ws://127.0.0.1:${(h.app.server.address() as AddressInfo).port}/api/live`;
    const visible = await insertContact(h, mates, { lastName: "Watchable" });
    const hidden = await insertContact(h, strangers, { lastName: "Unwatchable" });
    const watcher = await LiveClient.connect(url, { cookie: (await login(h.app, f.actors.sales_rep.email)).cookie });
    try {
      expect(await watcher.subscribe([`contact:${visible}`, `contact:${hidden}`, `company:${mates}`, "list:contacts"])).toMatchObject({
        topics: [`contact:${visible}`, `company:${mates}`, "list:contacts"],
        denied: [`contact:${hidden}`],
      });
      expect((await admin()("PATCH", `/api/contacts/${hidden}`, { title: "Secret" }, ifMatch(1))).statusCode).toBe(200);
      expect((await admin()("PATCH", `/api/contacts/${visible}`, { title: "Public" }, ifMatch(1))).statusCode).toBe(200);
      const event = await watcher.event("contact.updated", visible);
      expect(event.topics).toEqual(expect.arrayContaining([`contact:${visible}`, "list:contacts", `company:${mates}`]));
      // Events arrive in commit order: the hidden one, sent first, was withheld.
      expect(watcher.events().filter((e) => e.recordId === hidden)).toEqual([]);
    } finally {
      watcher.close();
    }
  });
});

describe("history", () => {
  it("lists a contact's changes newest first, with who made them, paged; hidden contacts answer 404; bad paging is a 400", async () => {
    const made = await admin()("POST", "/api/contacts", { companyId: own, firstName: "Hilda", lastName: "History" });
    expect(made.statusCode).toBe(201);
    const id = made.json().id as string;
    expect((await admin()("PATCH", `/api/contacts/${id}`, { title: "Buyer" }, ifMatch(1))).statusCode).toBe(200);
    const first = await admin()("GET", `/api/contacts/${id}/history?limit=1`);
    expect(first.statusCode).toBe(200);
    const page1 = first.json() as {
      items: { operation: string; after: Record<string, unknown>; actorName: string | null }[];
      nextCursor: string | null;
    };
    expect(page1.items).toHaveLength(1);
    expect(page1.items[0]).toMatchObject({ operation: "update", after: { title: "Buyer" } });
    expect(page1.items[0]!.actorName).toBeTruthy();
    const second = await admin()("GET", `/api/contacts/${id}/history?limit=1&cursor=${page1.nextCursor}`);
    expect(second.json().items[0]).toMatchObject({ operation: "insert" });
    const hidden = await insertContact(h, strangers, { lastName: "Hidden" });
    expect((await rep()("GET", `/api/contacts/${hidden}/history`)).statusCode).toBe(404);
    expect((await admin()("GET", `/api/contacts/${id}/history?limit=0`)).statusCode).toBe(400);
    expect((await admin()("GET", `/api/contacts/${id}/history?cursor=abc`)).statusCode).toBe(400);
  });

  it("includes the changes of the contact's roles, removed ones too, but not roles at companies the caller cannot see", async () => {
    const made = await admin()("POST", "/api/contacts", { companyId: own, lastName: "Rolling" });
    const id = made.json().id as string;
    const added = await admin()("POST", `/api/contacts/${id}/roles`, { companyId: mates, title: "Adviser" });
    expect(added.statusCode, added.body).toBe(201);
    const roleId = added.json().id as string;
    expect((await admin()("PATCH", `/api/contacts/${id}/roles/${roleId}`, { title: "Chair" }, ifMatch(1))).statusCode).toBe(200);
    expect((await admin()("DELETE", `/api/contacts/${id}/roles/${roleId}`)).statusCode).toBe(204);
    expect((await admin()("POST", `/api/contacts/${id}/roles`, { companyId: strangers, title: "Secret" })).statusCode).toBe(201);
    // Another contact's role at the same company is not this contact's history.
    const other = await insertContact(h, own, { lastName: "Bystander" });
    expect((await admin()("POST", `/api/contacts/${other}/roles`, { companyId: mates })).statusCode).toBe(201);
    const history = async (api: ReturnType<typeof admin>) =>
      ((await api("GET", `/api/contacts/${id}/history`)).json().items as { tableName: string; operation: string }[]).map(
        (item) => `${item.tableName} ${item.operation}`,
      );
    const mine = ["contact_roles delete", "contact_roles update", "contact_roles insert", "contacts insert"];
    expect(await history(admin())).toEqual(["contact_roles insert", ...mine]);
    expect(await history(rep())).toEqual(mine);
  });
});
