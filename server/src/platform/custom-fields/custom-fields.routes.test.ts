/**
 * Custom sections and fields over HTTP: the layout everyone reads, administrators' changes
 * (If-Match, key conflicts, options in use, delete-or-archive), bad input (400 naming the
 * field, nothing written), the permission matrix and the live event open forms listen to.
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { LightMyRequestResponse } from "fastify";
import { builtinRoleKeys, type BuiltinRoleKey, type CustomField, type CustomFieldLayout, type CustomSection } from "@relata/contracts";
import { as, createHarness, createUser, login, type Harness, type Session } from "../../../test/harness";
import { databaseSnapshot } from "../../../test/access-fixture";
import { expectCleanErrorBody } from "../../../test/auth-helpers";
import { LiveClient, eventually } from "../../../test/live-client";

type Api = ReturnType<typeof as>;

let h: Harness;
const api = {} as Record<BuiltinRoleKey, Api>;
const sessions = {} as Record<BuiltinRoleKey, Session>;
let ownerId: string;
const missing = "00000000-0000-4000-8000-00000000000f";

beforeAll(async () => {
  h = await createHarness();
  for (const role of builtinRoleKeys) {
    const user = await createUser(h.db, { role, name: `The ${role}` });
    sessions[role] = await login(h.app, user.email);
    api[role] = as(h.app, sessions[role]);
  }
  ownerId = sessions.administrator.userId;
});
afterAll(async () => h?.close());

/** The request fails with `status` (naming `field` when given, in a clean error body) and writes nothing. */
async function refused(send: () => Promise<LightMyRequestResponse>, status: number, field?: string) {
  const before = await databaseSnapshot(h);
  const response = await send();
  expect(response.statusCode, response.body).toBe(status);
  const body = response.statusCode >= 400 ? expectCleanErrorBody(response) : {};
  if (field)
    expect(
      (body.details as { field: string }[]).map((d) => d.field),
      response.body,
    ).toContain(field);
  expect(await databaseSnapshot(h)).toEqual(before);
  return response;
}

const admin = (...args: Parameters<Api>) => api.administrator(...args);

async function newSection(object: "company" | "contact" = "company", en = "Section") {
  const response = await admin("POST", "/api/custom-sections", { object, labels: { en } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as CustomSection;
}

async function newField(body: Record<string, unknown>) {
  const response = await admin("POST", "/api/custom-fields", body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as CustomField;
}

async function layout(object: "company" | "contact" = "company", who: Api = api.sales_rep) {
  const response = await who("GET", `/api/custom-fields?object=${object}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as CustomFieldLayout;
}

const ifMatch = (version: number) => ({ "if-match": `"${version}"` });

async function insertCompany(custom: Record<string, unknown>) {
  const result = await h.db.execute<{ id: string }>(
    sql`INSERT INTO companies (name, owner_id, custom) VALUES ('Probe', ${ownerId}, ${JSON.stringify(custom)}::jsonb) RETURNING id`,
  );
  return result.rows[0]!.id;
}

async function outboxEvents(recordId: string) {
  const result = await h.db.execute<{ name: string; object: string; topics: string[]; payload: Record<string, unknown> }>(
    sql`SELECT name, object, topics, payload FROM outbox WHERE record_id = ${recordId} ORDER BY id`,
  );
  return result.rows;
}

describe("defining sections and fields", () => {
  it("creates sections at the end, fields in order, and shows them to everyone in order", async () => {
    const before = await layout();
    const first = await newSection("company", "Commercial");
    const second = await newSection("company", "Support");
    expect(second.position).toBe(first.position + 1);
    expect(first).toMatchObject({ object: "company", labels: { en: "Commercial" }, fields: [], version: 1 });

    const tier = await newField({
      sectionId: first.id,
      key: "tier",
      type: "choice",
      labels: { en: "Tier", "zh-CN": "等级", sv: "Nivå" },
      required: true,
      options: [
        { value: "gold", labels: { en: "Gold", sv: "Guld", "zh-CN": "金牌" } },
        { value: "silver", labels: { en: "Silver" } },
      ],
    });
    const note = await newField({ sectionId: first.id, key: "note", type: "text", labels: { en: "Note" } });
    const flag = await newField({ sectionId: first.id, key: "first", type: "yes_no", labels: { en: "First" }, position: 0 });
    expect(tier).toMatchObject({
      object: "company",
      key: "tier",
      type: "choice",
      required: true,
      archived: false,
      position: 0,
      version: 1,
    });
    expect(note).toMatchObject({ position: 1, required: false, options: [] });

    for (const role of builtinRoleKeys) {
      const seen = await layout("company", api[role]);
      const sections = seen.sections.filter((s) => !before.sections.some((b) => b.id === s.id));
      expect(
        sections.map((s) => s.labels.en),
        role,
      ).toEqual(["Commercial", "Support"]);
      // Equal positions keep their creation order.
      expect(
        sections[0]!.fields.map((f) => f.key),
        role,
      ).toEqual(["tier", "first", "note"]);
      expect(sections[0]!.fields[0]!.labels).toEqual({ en: "Tier", "zh-CN": "等级", sv: "Nivå" });
    }
    expect(flag.position).toBe(0);
    expect((await layout("contact")).sections.some((s) => s.id === first.id)).toBe(false);
  });

  it("answers 201 with an ETag and announces each change on list:custom-fields", async () => {
    const response = await admin("POST", "/api/custom-sections", { object: "contact", labels: { en: "Private" } });
    expect(response.statusCode).toBe(201);
    expect(response.headers.etag).toBe('"1"');
    const section = response.json() as CustomSection;
    const field = await newField({ sectionId: section.id, key: "hobby", type: "text", labels: { en: "Hobby" } });
    expect(await outboxEvents(section.id)).toEqual([
      { name: "custom_section.created", object: "setting", topics: ["list:custom-fields"], payload: { object: "contact" } },
    ]);
    expect(await outboxEvents(field.id)).toEqual([
      { name: "custom_field.created", object: "setting", topics: ["list:custom-fields"], payload: { object: "contact", key: "hobby" } },
    ]);
  });

  it("keeps keys unique per kind of record (409 naming key, nothing written); another kind may reuse one", async () => {
    const section = await newSection("company");
    await newField({ sectionId: section.id, key: "region", type: "text", labels: { en: "Region" } });
    const response = await refused(
      () => admin("POST", "/api/custom-fields", { sectionId: section.id, key: "region", type: "number", labels: { en: "Again" } }),
      409,
      "key",
    );
    expect(response.json()).toMatchObject({ code: "conflict" });
    const contactSection = await newSection("contact");
    await newField({ sectionId: contactSection.id, key: "region", type: "text", labels: { en: "Region" } });
  });

  it("lets only one of two simultaneous requests for a key through (the other: 409 naming key)", async () => {
    const section = await newSection("company");
    const body = { sectionId: section.id, key: "raced", type: "text", labels: { en: "Raced" } };
    const answers = await Promise.all([1, 2, 3].map(() => admin("POST", "/api/custom-fields", body)));
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409, 409]);
    for (const answer of answers.filter((a) => a.statusCode === 409))
      expect(answer.json().details).toEqual([{ field: "key", message: "is already in use" }]);
  });

  it("keeps an archived field's key taken (its values live under it)", async () => {
    const section = await newSection();
    const old = await newField({ sectionId: section.id, key: "legacy_code", type: "text", labels: { en: "Old" } });
    const archived = await admin("PATCH", `/api/custom-fields/${old.id}`, { archived: true }, ifMatch(old.version));
    expect(archived.statusCode, archived.body).toBe(200);
    await refused(
      () => admin("POST", "/api/custom-fields", { sectionId: section.id, key: "legacy_code", type: "text", labels: { en: "New" } }),
      409,
      "key",
    );
  });
});

describe("bad input (400 naming the field, nothing written)", () => {
  let sectionId: string;
  beforeAll(async () => {
    sectionId = (await newSection("company", "Bad input")).id;
  });
  const field = (overrides: Record<string, unknown>) => ({
    sectionId,
    key: "good_key",
    type: "text",
    labels: { en: "Good" },
    ...overrides,
  });

  it.each([
    ["a missing section", { sectionId: undefined }, "sectionId"],
    ["a section id that is not a uuid", { sectionId: "s1" }, "sectionId"],
    ["a section that does not exist", { sectionId: missing }, "sectionId"],
    ["an upper-case key", { key: "Tier" }, "key"],
    ["a key starting with a digit", { key: "1tier" }, "key"],
    ["a key with a dash", { key: "my-key" }, "key"],
    ["a key of 41 characters", { key: `k${"x".repeat(40)}` }, "key"],
    ["an unknown type", { type: "colour" }, "type"],
    ["no labels", { labels: undefined }, "labels"],
    ["labels without English", { labels: { sv: "Bra" } }, "labels.en"],
    ["an empty English label", { labels: { en: "  " } }, "labels.en"],
    ["a label in an unknown language", { labels: { en: "Good", de: "Gut" } }, "labels.de"],
    ["a too long label", { labels: { en: "l".repeat(201) } }, "labels.en"],
    ["required as a string", { required: "yes" }, "required"],
    ["a negative position", { position: -1 }, "position"],
    ["a position above 10,000", { position: 10_001 }, "position"],
    ["options on a text field", { options: [{ value: "a", labels: { en: "A" } }] }, "options"],
    ["a choice field without options", { type: "choice" }, "options"],
    ["a multi-choice field with no options", { type: "multi_choice", options: [] }, "options"],
    [
      "two options with one value",
      {
        type: "choice",
        options: [
          { value: "a", labels: { en: "A" } },
          { value: "a", labels: { en: "Also A" } },
        ],
      },
      "options[1].value",
    ],
    ["an upper-case option value", { type: "choice", options: [{ value: "Gold", labels: { en: "Gold" } }] }, "options[0].value"],
    ["an option without labels", { type: "choice", options: [{ value: "gold" }] }, "options[0].labels"],
    ["archived on create", { archived: true }, "archived"],
    ["an object on create (it follows the section)", { object: "company" }, "object"],
  ])("refuses a new field with %s", async (_what, overrides, name) => {
    await refused(() => admin("POST", "/api/custom-fields", field(overrides)), 400, name);
  });

  it.each([
    ["an unknown kind of record", { object: "deal", labels: { en: "S" } }, "object"],
    ["no object", { labels: { en: "S" } }, "object"],
    ["labels without English", { object: "company", labels: {} }, "labels.en"],
    ["an unknown field", { object: "company", labels: { en: "S" }, fields: [] }, "fields"],
    ["a fractional position", { object: "company", labels: { en: "S" }, position: 1.5 }, "position"],
  ])("refuses a new section with %s", async (_what, body, name) => {
    await refused(() => admin("POST", "/api/custom-sections", body), 400, name);
  });

  it.each([
    ["no object", "", "querystring.object"],
    ["an unknown object", "?object=deal", "querystring.object"],
    ["an unknown parameter", "?object=company&archived=true", "querystring.archived"],
  ])("refuses the layout query with %s", async (_what, query, name) => {
    await refused(() => api.sales_rep("GET", `/api/custom-fields${query}`), 400, name);
  });

  it("refuses changing a field's key or type, bad ids and a bad If-Match", async () => {
    const target = await newField(field({ key: "patch_target" }));
    await refused(() => admin("PATCH", `/api/custom-fields/${target.id}`, { key: "renamed" }, ifMatch(1)), 400, "key");
    await refused(() => admin("PATCH", `/api/custom-fields/${target.id}`, { type: "number" }, ifMatch(1)), 400, "type");
    await refused(() => admin("PATCH", `/api/custom-fields/${target.id}`, { labels: { fr: "x" } }, ifMatch(1)), 400, "labels.fr");
    await refused(() => admin("PATCH", `/api/custom-fields/${target.id}`, { archived: "yes" }, ifMatch(1)), 400, "archived");
    await refused(() => admin("PATCH", "/api/custom-fields/abc", { required: true }, ifMatch(1)), 400, "params.id");
    await refused(() => admin("DELETE", "/api/custom-sections/abc"), 400, "params.id");
    await refused(() => admin("PATCH", `/api/custom-fields/${target.id}`, { required: true }, { "if-match": "1" }), 400, "If-Match");
    await refused(
      () => admin("PATCH", `/api/custom-fields/${target.id}`, { options: [{ value: "a", labels: { en: "A" } }] }, ifMatch(1)),
      400,
      "options",
    );
  });

  it("refuses moving a field to a section of another kind of record, or to none", async () => {
    const target = await newField(field({ key: "mover" }));
    const contacts = await newSection("contact");
    await refused(() => admin("PATCH", `/api/custom-fields/${target.id}`, { sectionId: contacts.id }, ifMatch(1)), 400, "sectionId");
    await refused(() => admin("PATCH", `/api/custom-fields/${target.id}`, { sectionId: missing }, ifMatch(1)), 400, "sectionId");
  });

  it("refuses removing every option of a choice field", async () => {
    const target = await newField(field({ key: "choice_target", type: "choice", options: [{ value: "a", labels: { en: "A" } }] }));
    await refused(() => admin("PATCH", `/api/custom-fields/${target.id}`, { options: [] }, ifMatch(1)), 400, "options");
  });
});

describe("changing definitions", () => {
  it("needs If-Match on PATCH (428), refuses a stale one (412) and bumps the version", async () => {
    const section = await newSection();
    const target = await newField({ sectionId: section.id, key: "versioned", type: "number", labels: { en: "V" } });
    await refused(() => admin("PATCH", `/api/custom-fields/${target.id}`, { required: true }), 428);
    const changed = await admin(
      "PATCH",
      `/api/custom-fields/${target.id}`,
      { required: true, labels: { en: "Versioned", sv: "Versionerad" } },
      ifMatch(1),
    );
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(changed.json()).toMatchObject({ required: true, labels: { en: "Versioned", sv: "Versionerad" }, version: 2 });
    await refused(() => admin("PATCH", `/api/custom-fields/${target.id}`, { required: false }, ifMatch(1)), 412);
    await refused(() => admin("PATCH", `/api/custom-sections/${section.id}`, { labels: { en: "X" } }), 428);
    const renamed = await admin("PATCH", `/api/custom-sections/${section.id}`, { labels: { en: "Renamed" }, position: 50 }, ifMatch(1));
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ labels: { en: "Renamed" }, position: 50, version: 2, fields: [{ key: "versioned" }] });
    await refused(() => admin("PATCH", `/api/custom-sections/${section.id}`, { position: 1 }, ifMatch(1)), 412);
    expect((await outboxEvents(target.id)).map((event) => event.name)).toEqual(["custom_field.created", "custom_field.updated"]);
  });

  it("answers 404 for definitions that do not exist", async () => {
    await refused(() => admin("PATCH", `/api/custom-fields/${missing}`, { required: true }, ifMatch(1)), 404);
    await refused(() => admin("PATCH", `/api/custom-sections/${missing}`, { position: 1 }, ifMatch(1)), 404);
    await refused(() => admin("DELETE", `/api/custom-fields/${missing}`), 404);
    await refused(() => admin("DELETE", `/api/custom-sections/${missing}`), 404);
  });

  it("moves a field to the end of another section of the same kind", async () => {
    const from = await newSection();
    const to = await newSection();
    await newField({ sectionId: to.id, key: "resident", type: "text", labels: { en: "R" } });
    const mover = await newField({ sectionId: from.id, key: "travelling", type: "text", labels: { en: "T" } });
    const moved = await admin("PATCH", `/api/custom-fields/${mover.id}`, { sectionId: to.id }, ifMatch(1));
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ sectionId: to.id, position: 1 });
    const seen = (await layout()).sections.find((s) => s.id === to.id)!;
    expect(seen.fields.map((f) => f.key)).toEqual(["resident", "travelling"]);
  });

  it("refuses removing options that records use (409 naming options, nothing written) and allows removing unused ones", async () => {
    const section = await newSection();
    const options = ["gold", "silver", "bronze"].map((value) => ({ value, labels: { en: value } }));
    const level = await newField({ sectionId: section.id, key: "level", type: "choice", labels: { en: "Level" }, options });
    const badges = await newField({ sectionId: section.id, key: "badges", type: "multi_choice", labels: { en: "Badges" }, options });
    await insertCompany({ level: "gold", badges: ["silver", "gold"] });
    await insertCompany({ level: "gold" });

    const response = await refused(
      () => admin("PATCH", `/api/custom-fields/${level.id}`, { options: [options[1], options[2]] }, ifMatch(1)),
      409,
      "options",
    );
    expect(response.json().details).toEqual([{ field: "options", message: '"gold" is used by 2 records' }]);
    const multi = await refused(
      () => admin("PATCH", `/api/custom-fields/${badges.id}`, { options: [options[2]] }, ifMatch(1)),
      409,
      "options",
    );
    expect(multi.json().details).toEqual([
      { field: "options", message: '"gold" is used by 1 record' },
      { field: "options", message: '"silver" is used by 1 record' },
    ]);

    // Relabelling and removing an unused option are fine.
    const relabelled = [{ value: "gold", labels: { en: "Gold", sv: "Guld" } }, options[1]];
    const ok = await admin("PATCH", `/api/custom-fields/${level.id}`, { options: relabelled }, ifMatch(1));
    expect(ok.statusCode, ok.body).toBe(200);
    expect((ok.json() as CustomField).options).toEqual(relabelled);
  });

  it("archives with PATCH (and restores), announcing it", async () => {
    const section = await newSection();
    const field = await newField({ sectionId: section.id, key: "retired", type: "date", labels: { en: "Retired" } });
    const archived = await admin("PATCH", `/api/custom-fields/${field.id}`, { archived: true }, ifMatch(1));
    expect(archived.json()).toMatchObject({ archived: true, version: 2 });
    expect((await layout()).sections.find((s) => s.id === section.id)!.fields).toMatchObject([{ key: "retired", archived: true }]);
    const restored = await admin("PATCH", `/api/custom-fields/${field.id}`, { archived: false }, ifMatch(2));
    expect(restored.json()).toMatchObject({ archived: false, version: 3 });
    expect((await outboxEvents(field.id)).map((event) => event.name)).toEqual([
      "custom_field.created",
      "custom_field.archived",
      "custom_field.updated",
    ]);
  });
});

describe("deleting", () => {
  it("deletes a field no record holds a value for (204) and archives one with values (200)", async () => {
    const section = await newSection();
    const unused = await newField({ sectionId: section.id, key: "unused", type: "text", labels: { en: "Unused" } });
    const used = await newField({ sectionId: section.id, key: "used", type: "number", labels: { en: "Used" } });
    // A null left under the key is no value.
    await insertCompany({ used: 7, unused: null });

    const deleted = await admin("DELETE", `/api/custom-fields/${unused.id}`);
    expect(deleted.statusCode, deleted.body).toBe(204);
    const kept = await admin("DELETE", `/api/custom-fields/${used.id}`, undefined, ifMatch(1));
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json()).toMatchObject({ id: used.id, archived: true, version: 2 });
    expect((await layout()).sections.find((s) => s.id === section.id)!.fields.map((f) => [f.key, f.archived])).toEqual([["used", true]]);
    // Deleting it again keeps it archived and writes nothing.
    const again = await refused(() => admin("DELETE", `/api/custom-fields/${used.id}`), 200);
    expect(again.json()).toMatchObject({ archived: true, version: 2 });
    expect((await outboxEvents(unused.id)).map((event) => event.name)).toEqual(["custom_field.created", "custom_field.deleted"]);
  });

  it("counts contacts' values for contact fields", async () => {
    const section = await newSection("contact");
    const field = await newField({ sectionId: section.id, key: "shoe_size", type: "number", labels: { en: "Shoe size" } });
    const company = await insertCompany({});
    await h.db.execute(sql`INSERT INTO contacts (company_id, last_name, custom) VALUES (${company}, 'Berg', '{"shoe_size": 42}'::jsonb)`);
    const response = await admin("DELETE", `/api/custom-fields/${field.id}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ archived: true });
  });

  it("refuses a stale If-Match on DELETE (412)", async () => {
    const section = await newSection();
    const field = await newField({ sectionId: section.id, key: "stale_delete", type: "text", labels: { en: "S" } });
    await refused(() => admin("DELETE", `/api/custom-fields/${field.id}`, undefined, ifMatch(9)), 412);
    await refused(() => admin("DELETE", `/api/custom-sections/${section.id}`, undefined, ifMatch(9)), 412);
  });

  it("deletes only empty sections (409 naming fields while it holds any, archived ones too)", async () => {
    const section = await newSection();
    const field = await newField({ sectionId: section.id, key: "holder", type: "text", labels: { en: "H" } });
    await admin("PATCH", `/api/custom-fields/${field.id}`, { archived: true }, ifMatch(1));
    const response = await refused(() => admin("DELETE", `/api/custom-sections/${section.id}`), 409, "fields");
    expect(response.json().details).toEqual([{ field: "fields", message: "the section holds 1 field" }]);
    const empty = await newSection();
    const deleted = await admin("DELETE", `/api/custom-sections/${empty.id}`, undefined, ifMatch(1));
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect((await layout()).sections.some((s) => s.id === empty.id)).toBe(false);
    expect((await outboxEvents(empty.id)).map((event) => event.name)).toEqual(["custom_section.created", "custom_section.deleted"]);
  });
});

describe("permissions", () => {
  let section: CustomSection;
  let field: CustomField;
  beforeAll(async () => {
    section = await newSection("company", "Guarded");
    field = await newField({ sectionId: section.id, key: "guarded", type: "text", labels: { en: "G" } });
  });

  it("lets everyone read the layout (200)", async () => {
    for (const role of builtinRoleKeys) {
      const response = await api[role]("GET", "/api/custom-fields?object=company");
      expect(response.statusCode, role).toBe(200);
      expect(
        (response.json() as CustomFieldLayout).sections.some((s) => s.id === section.id),
        role,
      ).toBe(true);
    }
  });

  const nonAdmins = builtinRoleKeys.filter((role) => role !== "administrator");

  it.each(nonAdmins)("refuses every change by the %s (403, nothing written)", async (role) => {
    const who = api[role];
    await refused(() => who("POST", "/api/custom-sections", { object: "company", labels: { en: "Mine" } }), 403);
    await refused(
      () => who("POST", "/api/custom-fields", { sectionId: section.id, key: "mine", type: "text", labels: { en: "Mine" } }),
      403,
    );
    await refused(() => who("PATCH", `/api/custom-fields/${field.id}`, { required: true }, ifMatch(1)), 403);
    await refused(() => who("PATCH", `/api/custom-sections/${section.id}`, { position: 3 }, ifMatch(1)), 403);
    await refused(() => who("DELETE", `/api/custom-fields/${field.id}`), 403);
    await refused(() => who("DELETE", `/api/custom-sections/${section.id}`), 403);
  });

  it("refuses a sales rep's POST even with a bad body (403 before validation)", async () => {
    await refused(() => api.sales_rep("POST", "/api/custom-fields", { key: "Bad Key" }), 403);
  });

  it("answers 401 without a session and 403 without the CSRF token", async () => {
    await refused(() => h.app.inject({ method: "GET", url: "/api/custom-fields?object=company" }), 401);
    await refused(
      () =>
        h.app.inject({
          method: "POST",
          url: "/api/custom-sections",
          headers: { cookie: sessions.administrator.cookie },
          payload: { object: "company", labels: { en: "No CSRF" } },
        }),
      403,
    );
  });
});

describe("live refresh", () => {
  it("pushes definition changes on list:custom-fields to every signed-in user who subscribed", async () => {
    await h.app.listen({ host: "127.0.0.1", port: 0 });
    const url = `ws://127.0.0.1:${(h.app.server.address() as AddressInfo).port}/api/live`;
    const client = await LiveClient.connect(url, { cookie: sessions.sales_rep.cookie });
    try {
      expect(await client.subscribe(["list:custom-fields"])).toMatchObject({ topics: ["list:custom-fields"] });
      const section = await newSection("contact", "Live");
      const event = await client.event("custom_section.created", section.id);
      expect(event).toMatchObject({ object: "setting", topics: ["list:custom-fields"] });
      const field = await newField({ sectionId: section.id, key: "live_field", type: "email", labels: { en: "Live" } });
      await client.event("custom_field.created", field.id);
      await eventually(() => client.events().length >= 2);
    } finally {
      client.close();
    }
  });
});
