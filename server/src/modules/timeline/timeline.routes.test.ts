/**
 * Timeline routes: logging entries (bad input is a 400 naming the field with nothing written), a
 * next step becoming the assignee's task, optimistic locking, who may change what, keyset paging
 * and filters, the group timeline scoped to the companies the caller may read, a contact's
 * timeline, mentions that notify exactly once, pins, and live events.
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { TimelineEntry } from "@relata/contracts";
import { contactRoles, notifications, tasks, timelineEntries } from "../../db/schema";
import { createHarness, createUser, login, type Harness, type TestUser } from "../../../test/harness";
import { buildAccessFixture, refusals, type AccessFixture } from "../../../test/access-fixture";
import { insertContact } from "../../../test/matrix-timeline";
import { LiveClient } from "../../../test/live-client";

let h: Harness;
let f: AccessFixture;
let company: string;
let anna: string;
let bo: string;
let colleague: TestUser;
beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
  company = await f.insertCompany("Timeline AB", f.placement("account_manager", "own")!);
  anna = await insertContact(h, company, "Andersson");
  bo = await insertContact(h, company, "Berg");
  colleague = await createUser(h.db, { role: "sales_rep", teamIds: [f.teams.one], name: "Cecilia Colleague" });
});
afterAll(async () => h?.close());

const refused = (...args: Parameters<ReturnType<typeof refusals>>) => refusals(h)(...args);
const manager = () => f.actors.account_manager.api;
const rep = () => f.actors.sales_rep.api;
const admin = () => f.actors.administrator.api;
const ifMatch = (version: number) => ({ "if-match": `"${version}"` });
const missing = "00000000-0000-4000-8000-00000000000f";

async function log(body: Record<string, unknown>, api = manager()) {
  const response = await api("POST", "/api/timeline", { companyId: company, ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as TimelineEntry;
}

async function timeline(url: string, api = manager()) {
  const response = await api("GET", url);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { items: TimelineEntry[]; nextCursor: string | null; rootId: string | null };
}

describe("logging what happened", () => {
  it("logs a call with contacts, direction, duration, outcome and a next step that becomes the assignee's task", async () => {
    const made = await manager()("POST", "/api/timeline", {
      companyId: company,
      kind: "call",
      occurredAt: "2025-03-04T09:30:00+01:00",
      direction: "out",
      durationMinutes: 25,
      contactIds: [anna, bo],
      subject: "Renewal call",
      body: "<p>Talked about the <strong>renewal</strong>.</p>",
      outcome: "They want a proposal",
      nextStep: { text: "Send the proposal", dueAt: "2025-03-10T09:00:00Z", assigneeId: colleague.id },
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.headers.etag).toBe('"1"');
    const entry = made.json() as TimelineEntry;
    expect(entry).toMatchObject({
      companyId: company,
      companyName: "Timeline AB",
      kind: "call",
      authorId: f.actors.account_manager.id,
      authorName: "The account_manager",
      occurredAt: "2025-03-04T08:30:00.000Z",
      direction: "out",
      durationMinutes: 25,
      subject: "Renewal call",
      bodyHtml: "<p>Talked about the <strong>renewal</strong>.</p>",
      bodyText: "Talked about the renewal.",
      outcome: "They want a proposal",
      nextStep: {
        text: "Send the proposal",
        dueAt: "2025-03-10T09:00:00.000Z",
        assigneeId: colleague.id,
        assigneeName: "Cecilia Colleague",
      },
      pinned: false,
      canEdit: true,
      version: 1,
    });
    expect(entry.contacts.map((contact) => contact.name)).toEqual(["Matrix Andersson", "Matrix Berg"]);
    const [task] = await h.db.select().from(tasks).where(eq(tasks.id, entry.nextStep!.taskId!));
    expect(task).toMatchObject({
      title: "Send the proposal",
      assigneeId: colleague.id,
      companyId: company,
      relatedType: "timeline_entry",
      relatedId: entry.id,
      status: "open",
    });
    expect(task!.dueAt!.toISOString()).toBe("2025-03-10T09:00:00.000Z");
    const told = await h.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, colleague.id), eq(notifications.kind, "assignment")));
    expect(told).toHaveLength(1);
  });

  it("gives the next step to the writer when no one else is named, and keeps entries without one taskless", async () => {
    const mine = await log({ kind: "action", subject: "Check the credit", nextStep: { text: "Call back" } });
    expect(mine.nextStep).toMatchObject({ assigneeId: f.actors.account_manager.id, dueAt: null });
    const [task] = await h.db.select().from(tasks).where(eq(tasks.id, mine.nextStep!.taskId!));
    expect(task?.assigneeId).toBe(f.actors.account_manager.id);
    const plain = await log({ kind: "decision", subject: "Go for the pilot" });
    expect(plain.nextStep).toBeNull();
  });

  it("lets anyone who may read the company log on it, the service desk too", async () => {
    const entry = await log({ kind: "chat", direction: "in", subject: "Question about invoices" }, f.actors.service_desk.api);
    expect(entry.authorName).toBe("The service_desk");
    const rows = await h.db.select().from(timelineEntries).where(eq(timelineEntries.id, entry.id));
    expect(rows).toHaveLength(1);
  });

  it("stores rich text without the NUL characters PostgreSQL cannot hold", async () => {
    const entry = await log({ kind: "note", body: "<p>before\u0000after</p>" });
    expect(entry).toMatchObject({ bodyHtml: "<p>beforeafter</p>", bodyText: "beforeafter" });
  });

  const long = "x".repeat(100_001);
  it.each([
    ["an unknown kind", { kind: "fax", subject: "x" }, "kind"],
    ["the system kind", { kind: "system", subject: "x" }, "kind"],
    ["no kind", { subject: "x" }, "kind"],
    ["a direction on a note", { kind: "note", body: "<p>x</p>", direction: "in" }, "direction"],
    ["an unknown direction", { kind: "call", subject: "x", direction: "sideways" }, "direction"],
    ["a duration on a decision", { kind: "decision", subject: "x", durationMinutes: 5 }, "durationMinutes"],
    ["a negative duration", { kind: "call", subject: "x", durationMinutes: -1 }, "durationMinutes"],
    ["a duration over a day", { kind: "meeting", subject: "x", durationMinutes: 1441 }, "durationMinutes"],
    ["a time that is no time", { kind: "call", subject: "x", occurredAt: "yesterday" }, "occurredAt"],
    ["a time in the Middle Ages", { kind: "call", subject: "x", occurredAt: "1450-01-01T00:00:00Z" }, "occurredAt"],
    ["a note without text", { kind: "note", body: "<p>  </p>" }, "body"],
    ["a note whose text is only markup that goes", { kind: "note", body: "<script>alert(1)</script>" }, "body"],
    ["an entry with neither subject nor text", { kind: "meeting" }, "subject"],
    ["a subject that is too long", { kind: "call", subject: "s".repeat(301) }, "subject"],
    ["a body that is too long", { kind: "note", body: long }, "body"],
    ["a contact id that is no id", { kind: "call", subject: "x", contactIds: ["anna"] }, "contactIds[0]"],
    ["a contact that does not exist", { kind: "call", subject: "x", contactIds: [missing] }, "contactIds[0]"],
    ["too many contacts", { kind: "call", subject: "x", contactIds: Array.from({ length: 51 }, () => missing) }, "contactIds"],
    ["a next step without text", { kind: "call", subject: "x", nextStep: { text: " " } }, "nextStep.text"],
    ["a next step for nobody", { kind: "call", subject: "x", nextStep: { text: "y", assigneeId: missing } }, "nextStep.assigneeId"],
    ["a next step due at no time", { kind: "call", subject: "x", nextStep: { text: "y", dueAt: "soon" } }, "nextStep.dueAt"],
    ["a record of an unknown type", { kind: "call", subject: "x", related: { type: "planet", id: missing } }, "related.type"],
    ["a record of a type not built yet", { kind: "call", subject: "x", related: { type: "opportunity", id: missing } }, "related.type"],
    ["a related company that does not exist", { kind: "call", subject: "x", related: { type: "company", id: missing } }, "related.id"],
    ["an unknown field", { kind: "call", subject: "x", sentiment: "happy" }, "sentiment"],
    ["a company that does not exist", { kind: "call", subject: "x", companyId: missing }, "companyId"],
  ])("refuses %s (400 naming the field, nothing written)", async (_what, body, field) => {
    await refused(() => manager()("POST", "/api/timeline", { companyId: company, ...body }), 400, field);
  });

  it("refuses contacts of another company and a next step for a deactivated colleague, writing nothing (no task either)", async () => {
    const elsewhere = await f.insertCompany("Elsewhere AB", f.placement("account_manager", "own")!);
    const stranger = await insertContact(h, elsewhere, "Elsewhere");
    await refused(
      () => manager()("POST", "/api/timeline", { companyId: company, kind: "call", subject: "x", contactIds: [anna, stranger] }),
      400,
      "contactIds[1]",
    );
    await refused(
      () =>
        manager()("POST", "/api/timeline", { companyId: company, kind: "call", subject: "x", related: { type: "contact", id: stranger } }),
      400,
      "related.id",
    );
    const gone = await createUser(h.db, { name: "Gone", active: false });
    await refused(
      () =>
        manager()("POST", "/api/timeline", {
          companyId: company,
          kind: "call",
          subject: "x",
          nextStep: { text: "y", assigneeId: gone.id },
        }),
      400,
      "nextStep.assigneeId",
    );
    // A contact holding a role at the company belongs to its timeline too.
    await h.db.insert(contactRoles).values({ contactId: stranger, companyId: company, title: "Adviser" });
    const entry = await log({ kind: "visit", subject: "Site visit", contactIds: [stranger], related: { type: "contact", id: stranger } });
    expect(entry.contacts.map((contact) => contact.id)).toEqual([stranger]);
    expect(entry.related).toEqual({ type: "contact", id: stranger, label: "Matrix Elsewhere" });
  });
});

describe("changing and removing entries", () => {
  it("changes an entry with If-Match (428 without, 412 when stale) and clears what a new kind does not have", async () => {
    const entry = await log({ kind: "call", direction: "in", durationMinutes: 10, subject: "Support call", contactIds: [anna] });
    const url = `/api/timeline/${entry.id}`;
    await refused(() => manager()("PATCH", url, { subject: "x" }), 428);
    await refused(() => manager()("PATCH", url, { subject: "x" }, { "if-match": "3" }), 400, "If-Match");
    await refused(() => manager()("PATCH", url, { durationMinutes: -5 }, ifMatch(1)), 400, "durationMinutes");
    await refused(() => manager()("PATCH", url, { kind: "note", body: null }, ifMatch(1)), 400, "body");
    await refused(() => manager()("PATCH", url, { kind: "decision", direction: "out" }, ifMatch(1)), 400, "direction");
    const changed = await manager()("PATCH", url, { kind: "decision", contactIds: [bo], outcome: "Agreed" }, ifMatch(1));
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(changed.json()).toMatchObject({ kind: "decision", direction: null, durationMinutes: null, outcome: "Agreed", version: 2 });
    expect((changed.json() as TimelineEntry).contacts.map((contact) => contact.id)).toEqual([bo]);
    await refused(() => manager()("PATCH", url, { subject: "late" }, ifMatch(1)), 412);
  });

  it("makes a task when a next step is added later, and refuses to change a next step that is a task already", async () => {
    const entry = await log({ kind: "meeting", subject: "Kick-off" });
    const url = `/api/timeline/${entry.id}`;
    const added = await manager()("PATCH", url, { nextStep: { text: "Book the workshop", assigneeId: colleague.id } }, ifMatch(1));
    expect(added.statusCode, added.body).toBe(200);
    const taskId = (added.json() as TimelineEntry).nextStep!.taskId!;
    expect((await h.db.select().from(tasks).where(eq(tasks.id, taskId)))[0]).toMatchObject({
      relatedId: entry.id,
      assigneeId: colleague.id,
    });
    await refused(
      () => manager()("PATCH", url, { nextStep: { text: "Something else", assigneeId: colleague.id } }, ifMatch(2)),
      400,
      "nextStep",
    );
    await refused(() => manager()("PATCH", url, { nextStep: null }, ifMatch(2)), 400, "nextStep");
    // Sending the same next step again (a form sends everything) is no change.
    const same = await manager()(
      "PATCH",
      url,
      { subject: "Kick-off meeting", nextStep: { text: "Book the workshop", assigneeId: colleague.id } },
      ifMatch(2),
    );
    expect(same.statusCode, same.body).toBe(200);
    expect((same.json() as TimelineEntry).nextStep?.taskId).toBe(taskId);
  });

  it("lets the author change their entry, others only where they may update the company", async () => {
    const byRep = await log({ kind: "email", direction: "out", subject: "Sent the brochure" }, rep());
    expect(byRep.canEdit).toBe(true);
    // The account manager may update the company: they may change anyone's entry there.
    expect(((await manager()("GET", `/api/timeline/${byRep.id}`)).json() as TimelineEntry).canEdit).toBe(true);
    const fixed = await manager()("PATCH", `/api/timeline/${byRep.id}`, { subject: "Sent the brochure (PDF)" }, ifMatch(1));
    expect(fixed.statusCode, fixed.body).toBe(200);
    // The sales rep of the same team reads the company but may not update it: only their own entries.
    const byManager = await log({ kind: "note", body: "<p>Internal remark</p>" });
    const seen = (await rep()("GET", `/api/timeline/${byManager.id}`)).json() as TimelineEntry;
    expect(seen.canEdit).toBe(false);
    await refused(() => rep()("PATCH", `/api/timeline/${byManager.id}`, { pinned: true }, ifMatch(1)), 403);
    await refused(() => rep()("DELETE", `/api/timeline/${byManager.id}`, undefined, ifMatch(1)), 403);
    expect((await rep()("PATCH", `/api/timeline/${byRep.id}`, { outcome: "Read it" }, ifMatch(2))).statusCode).toBe(200);
  });

  it("removes an entry with If-Match (428 without, 412 when stale); a removed entry is not found", async () => {
    const entry = await log({ kind: "event", subject: "Trade fair" });
    const url = `/api/timeline/${entry.id}`;
    await refused(() => manager()("DELETE", url), 428);
    await refused(() => manager()("DELETE", url, undefined, ifMatch(2)), 412);
    expect((await manager()("DELETE", url, undefined, ifMatch(1))).statusCode).toBe(204);
    await refused(() => manager()("GET", url), 404);
    await refused(() => manager()("DELETE", url, undefined, ifMatch(1)), 404);
    await refused(() => manager()("PATCH", url, { subject: "x" }, ifMatch(1)), 404);
  });

  it("never changes or removes a system entry, not even for an administrator", async () => {
    expect((await admin()("PATCH", `/api/companies/${company}`, { stage: "prospect" }, ifMatch(1))).statusCode).toBe(200);
    const system = (await timeline(`/api/companies/${company}/timeline?filter[kind]=system`)).items[0]!;
    expect(system).toMatchObject({ kind: "system", systemKind: "stage_changed", canEdit: false });
    await refused(() => admin()("PATCH", `/api/timeline/${system.id}`, { pinned: true }, ifMatch(system.version)), 403);
    await refused(() => admin()("DELETE", `/api/timeline/${system.id}`, undefined, ifMatch(system.version)), 403);
  });
});

describe("reading the timeline", () => {
  let paged: string;
  const at = (day: number, hour = 12) => `2024-05-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00Z`;

  beforeAll(async () => {
    paged = await f.insertCompany("Paged AB", f.placement("account_manager", "own")!);
    const carl = await insertContact(h, paged, "Carlsson");
    const rows: Record<string, unknown>[] = [
      { kind: "call", occurredAt: at(1), subject: "First call", direction: "out", contactIds: [carl] },
      { kind: "meeting", occurredAt: at(2), subject: "Workshop in Malmö" },
      { kind: "note", occurredAt: at(3), body: "<p>Budget is <em>tight</em></p>", pinned: true },
      { kind: "email", occurredAt: at(4), subject: "Offer sent", contactIds: [carl] },
      { kind: "decision", occurredAt: at(4), subject: "Same moment, other id" },
      { kind: "visit", occurredAt: at(5), subject: "Visit", outcome: "Signed the letter of intent" },
      { kind: "sms", occurredAt: at(6), subject: "Reminder sent" },
    ];
    for (const body of rows) await log({ ...body, companyId: paged });
    await log({ companyId: paged, kind: "chat", occurredAt: at(7), subject: "From the rep" }, rep());
  });

  it("pages newest first with a keyset cursor, no entry twice and none missed", async () => {
    const seen: TimelineEntry[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: TimelineEntry[]; nextCursor: string | null } = await timeline(
        `/api/companies/${paged}/timeline?limit=3${cursor ? `&cursor=${cursor}` : ""}`,
      );
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(8);
    expect(new Set(seen.map((entry) => entry.id)).size).toBe(8);
    const times = seen.map((entry) => entry.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
    const tie = seen.filter((entry) => entry.occurredAt === "2024-05-04T12:00:00.000Z").map((entry) => entry.id);
    expect(tie).toEqual([...tie].sort().reverse());
  });

  it("filters by kinds, author, contact, time, pinned and text (accents and case aside)", async () => {
    const base = `/api/companies/${paged}/timeline`;
    const subjects = async (query: string) => (await timeline(`${base}?${query}`)).items.map((entry) => entry.subject ?? entry.bodyText);
    expect(await subjects("filter[kind]=call,email")).toEqual(["Offer sent", "First call"]);
    expect(await subjects(`filter[authorId]=${f.actors.sales_rep.id}`)).toEqual(["From the rep"]);
    const carl = (await timeline(`${base}?filter[kind]=call`)).items[0]!.contacts[0]!.id;
    expect(await subjects(`filter[contactId]=${carl}`)).toEqual(["Offer sent", "First call"]);
    // Two entries of the same moment come in id order (descending), whichever that is.
    const window = await subjects(`filter[from]=${at(4)}&filter[to]=${at(6)}`);
    expect(window[0]).toBe("Visit");
    expect(window.slice(1).sort()).toEqual(["Offer sent", "Same moment, other id"]);
    expect(await subjects("filter[pinned]=true")).toEqual(["Budget is tight"]);
    expect(await subjects("q=MALMO")).toEqual(["Workshop in Malmö"]);
    expect(await subjects("q=letter%20of%20intent")).toEqual(["Visit"]);
    expect(await subjects("q=tight")).toEqual(["Budget is tight"]);
  });

  it.each([
    ["an unknown kind", "filter[kind]=call,fax", "filter[kind]"],
    ["an author that is no id", "filter[authorId]=me", "filter[authorId]"],
    ["a start that is no time", "filter[from]=monday", "filter[from]"],
    ["an end before the start", "filter[from]=2024-05-05T00:00:00Z&filter[to]=2024-05-01T00:00:00Z", "filter[to]"],
    ["a cursor it never gave", "cursor=bm9wZQ", "cursor"],
    ["a page too large", "limit=201", "limit"],
    ["an unknown scope", "scope=world", "scope"],
    ["an unknown parameter", "sort=subject", "sort"],
  ])("refuses %s (400 naming it)", async (_what, query, field) => {
    const response = await manager()("GET", `/api/companies/${paged}/timeline?${query}`);
    expect(response.statusCode, response.body).toBe(400);
    // zod names a query parameter as "querystring.…"; the service's own checks name it bare.
    const fields = (response.json().details as { field: string }[]).map((detail) => detail.field.replace(/^querystring\./, ""));
    expect(fields).toContain(field);
  });

  it("shows a contact's timeline: entries that involve them, 404 for a contact the caller may not see", async () => {
    const carl = (await timeline(`/api/companies/${paged}/timeline?filter[kind]=call`)).items[0]!.contacts[0]!.id;
    expect((await timeline(`/api/contacts/${carl}/timeline`)).items.map((entry) => entry.subject)).toEqual(["Offer sent", "First call"]);
    expect((await timeline(`/api/contacts/${carl}/timeline?filter[kind]=email`)).items.map((entry) => entry.subject)).toEqual([
      "Offer sent",
    ]);
    const hidden = await f.insertCompany("Hidden people AB", f.placement("sales_rep", "other")!);
    const secret = await insertContact(h, hidden, "Secret");
    await refused(() => rep()("GET", `/api/contacts/${secret}/timeline`), 404);
    await refused(() => rep()("GET", `/api/contacts/${missing}/timeline`), 404);
  });

  it("shows the group's timeline from any of its companies, without the companies the caller may not see", async () => {
    const root = await f.insertCompany("Group root AB", f.placement("account_manager", "own")!);
    const seen = await f.insertCompany("Visible daughter AB", f.placement("sales_rep", "team")!);
    const hidden = await f.insertCompany("Hidden daughter AB", f.placement("sales_rep", "unit")!);
    for (const child of [seen, hidden]) {
      const etag = (await admin()("GET", `/api/companies/${child}/links`)).headers.etag as string;
      const linked = await admin()(
        "PUT",
        `/api/companies/${child}/parent`,
        { parentId: root, relation: "subsidiary" },
        { "if-match": etag },
      );
      expect(linked.statusCode, linked.body).toBe(200);
    }
    await log({ companyId: root, kind: "meeting", occurredAt: at(20), subject: "Group steering" }, admin());
    await log({ companyId: seen, kind: "call", occurredAt: at(21), subject: "Daughter call" }, admin());
    await log({ companyId: hidden, kind: "call", occurredAt: at(22), subject: "Hidden call" }, admin());
    const forAdmin = await timeline(`/api/companies/${seen}/timeline?scope=group`, admin());
    expect(forAdmin.items.map((entry) => `${entry.companyName}: ${entry.subject}`)).toEqual([
      "Hidden daughter AB: Hidden call",
      "Visible daughter AB: Daughter call",
      "Group root AB: Group steering",
    ]);
    expect(forAdmin.rootId).toBe(root);
    const forRep = await timeline(`/api/companies/${seen}/timeline?scope=group`, rep());
    expect(forRep.items.map((entry) => entry.subject)).toEqual(["Daughter call", "Group steering"]);
    expect((await timeline(`/api/companies/${seen}/timeline`, rep())).items.map((entry) => entry.subject)).toEqual(["Daughter call"]);
    await refused(() => rep()("GET", `/api/companies/${hidden}/timeline?scope=group`), 404);

    // Paging the group: entries interleaved across its companies come newest first, a page at a time, none twice or missed.
    for (let i = 0; i < 7; i++)
      await log(
        { companyId: [root, seen, hidden][i % 3]!, kind: "note", occurredAt: at(25, 8 + (i % 4)), body: `<p>Interleaved ${i}</p>` },
        admin(),
      );
    const all: TimelineEntry[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: TimelineEntry[]; nextCursor: string | null } = await timeline(
        `/api/companies/${root}/timeline?scope=group&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
        admin(),
      );
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(all).toHaveLength(10);
    expect(new Set(all.map((entry) => entry.id)).size).toBe(10);
    const order = all.map((entry) => `${entry.occurredAt} ${entry.id}`);
    expect([...order].sort().reverse()).toEqual(order);
  });
});

describe("notes with mentions and pins", () => {
  const mention = (user: { id: string }, label = "someone") =>
    `<span data-type="mention" data-id="${user.id}" data-label="x">@${label}</span>`;
  const mentionsOf = async (userId: string) =>
    h.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, userId), eq(notifications.kind, "mention")));

  it("notifies each mentioned colleague once, with their real name in the note and a link to the entry", async () => {
    const dora = await createUser(h.db, { role: "sales_rep", teamIds: [f.teams.one], name: "Dora Mentioned" });
    const erik = await createUser(h.db, { role: "account_manager", name: "Erik Later" });
    const note = await log({ kind: "note", body: `<p>${mention(dora, "The CEO")} please check ${mention(dora)}</p>` });
    expect(note.bodyHtml).toBe(
      `<p><span data-type="mention" data-id="${dora.id}">@Dora Mentioned</span> please check <span data-type="mention" data-id="${dora.id}">@Dora Mentioned</span></p>`,
    );
    expect(note.mentions).toEqual([{ id: dora.id, name: "Dora Mentioned" }]);
    const told = await mentionsOf(dora.id);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ link: `/companies/${company}?tab=timeline&entry=${note.id}`, companyId: company });
    expect(told[0]!.params).toMatchObject({ actor: "The account_manager", company: "Timeline AB" });

    const url = `/api/timeline/${note.id}`;
    const edited = await manager()("PATCH", url, { body: `<p>${mention(dora)} and ${mention(erik)}</p>` }, ifMatch(1));
    expect(edited.statusCode, edited.body).toBe(200);
    expect(await mentionsOf(dora.id)).toHaveLength(1);
    expect(await mentionsOf(erik.id)).toHaveLength(1);
    // Taken out and put back: still told once only.
    expect((await manager()("PATCH", url, { body: "<p>Nobody</p>" }, ifMatch(2))).statusCode).toBe(200);
    expect((await manager()("PATCH", url, { body: `<p>${mention(erik)} again</p>` }, ifMatch(3))).statusCode).toBe(200);
    expect(await mentionsOf(erik.id)).toHaveLength(1);
  });

  it("tells a mentioned colleague who may not read the company without naming it or linking to it", async () => {
    const outsider = await createUser(h.db, { role: "sales_rep", teamIds: [f.teams.three], name: "Far Away" });
    await log({ kind: "note", body: `<p>${mention(outsider)} FYI</p>` });
    const told = await mentionsOf(outsider.id);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ link: null, companyId: null });
    expect(told[0]!.params).not.toHaveProperty("company");
  });

  it("turns mentions of deactivated or unknown users into plain text and tells nobody; mentioning oneself tells no one", async () => {
    const gone = await createUser(h.db, { name: "Gone Person", active: false });
    const note = await log({
      kind: "note",
      body: `<p>${mention(gone, "Gone")} ${mention({ id: missing }, "Ghost")} ${mention({ id: f.actors.account_manager.id }, "me")}</p>`,
    });
    expect(note.bodyHtml).toBe(
      `<p>@Gone @Ghost <span data-type="mention" data-id="${f.actors.account_manager.id}">@The account_manager</span></p>`,
    );
    expect(await mentionsOf(gone.id)).toHaveLength(0);
    expect(await mentionsOf(f.actors.account_manager.id)).toHaveLength(0);
  });

  it("pins and unpins a note; pinned ones can be asked for on their own", async () => {
    const note = await log({ kind: "note", body: "<p>Always call before 10</p>" });
    const pinned = await manager()("PATCH", `/api/timeline/${note.id}`, { pinned: true }, ifMatch(1));
    expect(pinned.json()).toMatchObject({ pinned: true, version: 2 });
    expect((await timeline(`/api/companies/${company}/timeline?filter[pinned]=true`)).items.map((entry) => entry.id)).toContain(note.id);
    expect((await manager()("PATCH", `/api/timeline/${note.id}`, { pinned: false }, ifMatch(2))).json()).toMatchObject({ pinned: false });
    expect((await timeline(`/api/companies/${company}/timeline?filter[pinned]=true`)).items.map((entry) => entry.id)).not.toContain(
      note.id,
    );
  });
});

describe("live", () => {
  it("announces entries on the company's, the group root's and the involved contacts' topics to those who may read them", async () => {
    const id = await f.insertCompany("Live AB", f.placement("account_manager", "own")!);
    const person = await insertContact(h, id, "Live");
    await h.app.listen({ host: "127.0.0.1", port: 0 });
    const url = `ws://127.0.0.1:${(h.app.server.address() as AddressInfo).port}/api/live`;
    const watcher = await LiveClient.connect(url, { cookie: (await login(h.app, f.actors.sales_rep.email)).cookie });
    const outsider = await createUser(h.db, { role: "sales_rep", teamIds: [f.teams.three], name: "Outsider" });
    const stranger = await LiveClient.connect(url, { cookie: (await login(h.app, outsider.email)).cookie });
    try {
      expect((await watcher.subscribe([`company:${id}`, `contact:${person}`])).denied).toEqual([]);
      expect((await stranger.subscribe([`company:${id}`])).denied).toEqual([`company:${id}`]);
      const entry = await log({ companyId: id, kind: "call", subject: "Live call", contactIds: [person] });
      const event = await watcher.event("timeline.entry_added", id);
      expect(event.topics).toEqual(expect.arrayContaining([`company:${id}`, `contact:${person}`]));
      expect((await manager()("PATCH", `/api/timeline/${entry.id}`, { subject: "Live call (edited)" }, ifMatch(1))).statusCode).toBe(200);
      await watcher.event("timeline.entry_changed", id);
      expect((await manager()("DELETE", `/api/timeline/${entry.id}`, undefined, ifMatch(2))).statusCode).toBe(204);
      await watcher.event("timeline.entry_removed", id);
      expect(stranger.events().filter((message) => message.name.startsWith("timeline."))).toEqual([]);
    } finally {
      watcher.close();
      stranger.close();
    }
  });
});
