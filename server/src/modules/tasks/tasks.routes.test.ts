/**
 * Task routes: bad input is a 400 naming the field with nothing written; If-Match on every
 * change (428 without, 412 stale); who may see (assignee, creator, the company's readers) and
 * change (assignee, creator, the company's updaters) a task — 404 / 403 before anything is
 * written; reassigning notifies; the views of My work by due time in the reader's own time zone;
 * a company's tasks; live events on the personal and company topics.
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { notifications, tasks, users } from "../../db/schema";
import { as, createHarness, createUser, login, type Harness } from "../../../test/harness";
import { buildAccessFixture, refusals, type AccessFixture, type Api } from "../../../test/access-fixture";
import { LiveClient } from "../../../test/live-client";

let h: Harness;
let f: AccessFixture;
beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
});
afterAll(async () => h?.close());

const refused = (...args: Parameters<ReturnType<typeof refusals>>) => refusals(h)(...args);
const ifMatch = (version: number) => ({ "if-match": `"${version}"` });
const hours = (n: number) => new Date(Date.now() + n * 3_600_000).toISOString();
type TaskBody = { id: string; version: number; [key: string]: unknown };

async function person(name: string, role: "sales_rep" | "account_manager" = "sales_rep") {
  const user = await createUser(h.db, { role, name, teamIds: [f.teams.one], orgUnitId: f.units.north });
  return { ...user, api: as(h.app, await login(h.app, user.email)) };
}
async function create(api: Api, body: Record<string, unknown>): Promise<TaskBody> {
  const response = await api("POST", "/api/tasks", body);
  expect(response.statusCode, response.body).toBe(201);
  expect(response.headers.etag).toBe(`"${response.json().version}"`);
  return response.json();
}
const ids = (response: { json: () => { items: { id: string }[] } }) => response.json().items.map((item) => item.id);
const inboxOf = (userId: string, kind: string) =>
  h.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));

describe("creating tasks", () => {
  const valid = { title: "Prepare the QBR" };
  it.each([
    ["no title", { title: undefined }, "title"],
    ["a blank title", { title: "   " }, "title"],
    ["a title over 200 characters", { title: "x".repeat(201) }, "title"],
    ["an assignee id that is not a uuid", { assigneeId: "me" }, "assigneeId"],
    ["an assignee who does not exist", { assigneeId: "00000000-0000-4000-8000-000000000001" }, "assigneeId"],
    ["a due time without a zone", { dueAt: "2030-01-01T10:00:00" }, "dueAt"],
    ["a due date that does not exist", { dueAt: "2030-02-30T10:00:00Z" }, "dueAt"],
    ["an unknown priority", { priority: "asap" }, "priority"],
    ["a negative reminder lead", { remindMinutesBefore: -5 }, "remindMinutesBefore"],
    ["a reminder lead over four weeks", { remindMinutesBefore: 40_321 }, "remindMinutesBefore"],
    ["a company that does not exist", { companyId: "00000000-0000-4000-8000-000000000002" }, "companyId"],
    ["a status (a new task is open)", { status: "done" }, "status"],
    ["an unknown field", { owner: "me" }, "owner"],
  ])("refuses %s (400 naming the field, nothing written)", async (_what, change, field) => {
    await refused(() => f.actors.sales_rep.api("POST", "/api/tasks", { ...valid, ...change }), 400, field);
  });

  it("refuses an inactive assignee and a company the creator may not read, naming the field", async () => {
    const gone = await createUser(h.db, { name: "Former colleague", active: false });
    await refused(() => f.actors.sales_rep.api("POST", "/api/tasks", { ...valid, assigneeId: gone.id }), 400, "assigneeId");
    const hidden = await f.insertCompany("Other team's client", f.placement("sales_rep", "other")!);
    await refused(() => f.actors.sales_rep.api("POST", "/api/tasks", { ...valid, companyId: hidden }), 400, "companyId");
  });

  it("defaults to the caller as assignee, normal priority and a reminder at the due time", async () => {
    const me = await person("Solo");
    const due = hours(5);
    const task = await create(me.api, { title: "Write the recap", dueAt: due });
    expect(task).toMatchObject({
      assigneeId: me.id,
      assigneeName: "Solo",
      creatorId: me.id,
      priority: "normal",
      status: "open",
      dueAt: due,
      remindMinutesBefore: 0,
      remindAt: due,
      remindedAt: null,
      overdue: false,
      canChange: true,
      companyId: null,
      related: null,
      version: 1,
    });
    // Nobody is told of a task one gives oneself.
    expect(await inboxOf(me.id, "assignment")).toEqual([]);
  });

  it("notifies a colleague it is assigned to, with the actor, title and company to say it in their language", async () => {
    const company = await f.insertCompany("Renewal AB", f.placement("account_manager", "own")!);
    const colleague = await person("Colleague", "account_manager");
    const task = await create(f.actors.account_manager.api, {
      title: "Call about renewal",
      assigneeId: colleague.id,
      companyId: company,
      priority: "high",
      dueAt: hours(30),
      remindMinutesBefore: 60,
    });
    expect(task).toMatchObject({
      companyId: company,
      companyName: "Renewal AB",
      related: { type: "company", id: company },
      priority: "high",
    });
    const [notice] = await inboxOf(colleague.id, "assignment");
    expect(notice).toMatchObject({
      params: { actor: "The account_manager", title: "Call about renewal", company: "Renewal AB" },
      link: `/my-work?task=${task.id}`,
      companyId: company,
    });
    // Through the inbox API, in the colleague's own list.
    const listed = await colleague.api("GET", "/api/notifications?unread=true");
    expect(listed.json().items[0]).toMatchObject({ kind: "assignment", actorName: "The account_manager", readAt: null });
  });
});

describe("who may see and change a task", () => {
  it("lets the assignee and the creator see and change it, and nobody else when it has no company (404)", async () => {
    const ann = await person("Ann");
    const bo = await person("Bo");
    const stranger = await person("Stranger");
    const task = await create(ann.api, { title: "Between us", assigneeId: bo.id });
    expect((await bo.api("GET", `/api/tasks/${task.id}`)).json()).toMatchObject({ canChange: true });
    expect((await ann.api("GET", `/api/tasks/${task.id}`)).json()).toMatchObject({ canChange: true });
    await refused(() => stranger.api("GET", `/api/tasks/${task.id}`), 404);
    await refused(() => stranger.api("PATCH", `/api/tasks/${task.id}`, { title: "Mine" }, ifMatch(1)), 404);
    await refused(() => stranger.api("POST", `/api/tasks/${task.id}/complete`, undefined, ifMatch(1)), 404);
    await refused(() => stranger.api("DELETE", `/api/tasks/${task.id}`), 404);
    // Even the administrator sees another's task only through its company.
    await refused(() => f.actors.administrator.api("GET", `/api/tasks/${task.id}`), 404);
  });

  it("shows a company's task to those who may read the company; only its updaters (and the people on it) may change it", async () => {
    // The sales rep owns this company; their teammates (team one) may read it, only they may update it.
    const company = await f.insertCompany("Shared client", f.placement("sales_rep", "own")!);
    const teammate = await person("Teammate");
    const task = await create(f.actors.sales_rep.api, { title: "Team follow-up", companyId: company });
    const seen = await teammate.api("GET", `/api/tasks/${task.id}`);
    expect(seen.json()).toMatchObject({ canChange: false, companyName: "Shared client" });
    await refused(() => teammate.api("PATCH", `/api/tasks/${task.id}`, { title: "Taken over" }, ifMatch(1)), 403);
    await refused(() => teammate.api("POST", `/api/tasks/${task.id}/complete`, undefined, ifMatch(1)), 403);
    await refused(() => teammate.api("DELETE", `/api/tasks/${task.id}`), 403);
    // The account manager (team one updates team one's companies) may change it.
    const changed = await f.actors.account_manager.api("PATCH", `/api/tasks/${task.id}`, { priority: "urgent" }, ifMatch(1));
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ priority: "urgent", canChange: true, version: 2 });
    // Someone outside the company's reach sees nothing.
    const far = await f.insertCompany("Far away", f.placement("sales_rep", "other")!);
    const elsewhere = await create(f.actors.administrator.api, { title: "Elsewhere", companyId: far });
    await refused(() => f.actors.sales_rep.api("GET", `/api/tasks/${elsewhere.id}`), 404);
  });

  it("answers 404 for a task on a company hidden from you that is not yours, and hides the company's name from its assignee", async () => {
    const hidden = await f.insertCompany("Secret client", f.placement("sales_rep", "other")!);
    const rep = f.actors.sales_rep;
    const task = await create(f.actors.administrator.api, { title: "For the rep", companyId: hidden, assigneeId: rep.id });
    const seen = await rep.api("GET", `/api/tasks/${task.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ companyId: hidden, companyName: null, canChange: true });
    expect(seen.body).not.toContain("Secret client");
    const [notice] = await inboxOf(rep.id, "assignment");
    expect(JSON.stringify(notice)).not.toContain("Secret client");
    const other = await create(f.actors.administrator.api, { title: "Not for the rep", companyId: hidden });
    await refused(() => rep.api("GET", `/api/tasks/${other.id}`), 404);
    await refused(() => rep.api("PATCH", `/api/tasks/${other.id}`, { title: "x" }, ifMatch(1)), 404);
    await refused(() => rep.api("GET", `/api/companies/${hidden}/tasks`), 404);
  });
});

describe("changing tasks", () => {
  it("needs If-Match: 428 without, 412 when stale, 400 when malformed; nothing written", async () => {
    const me = await person("Locker");
    const task = await create(me.api, { title: "Versioned" });
    await refused(() => me.api("PATCH", `/api/tasks/${task.id}`, { title: "No header" }), 428);
    await refused(() => me.api("POST", `/api/tasks/${task.id}/complete`), 428);
    await refused(() => me.api("POST", `/api/tasks/${task.id}/reopen`), 428);
    await refused(() => me.api("PATCH", `/api/tasks/${task.id}`, { title: "Bad header" }, { "if-match": "three" }), 400, "If-Match");
    expect((await me.api("PATCH", `/api/tasks/${task.id}`, { title: "First" }, ifMatch(1))).statusCode).toBe(200);
    await refused(() => me.api("PATCH", `/api/tasks/${task.id}`, { title: "Stale" }, ifMatch(1)), 412);
    await refused(() => me.api("DELETE", `/api/tasks/${task.id}`, undefined, ifMatch(1)), 412);
  });

  it.each([
    ["an empty title", { title: "" }, "title"],
    ["an unknown status", { status: "archived" }, "status"],
    ["an unknown assignee", { assigneeId: "00000000-0000-4000-8000-000000000001" }, "assigneeId"],
    ["a due time that is not a time", { dueAt: "tomorrow" }, "dueAt"],
    ["an unknown field", { done: true }, "done"],
  ])("refuses a change with %s (400 naming the field, nothing written)", async (_what, body, field) => {
    const me = f.actors.executive;
    const task = await create(me.api, { title: `Patch target ${field}` });
    await refused(() => me.api("PATCH", `/api/tasks/${task.id}`, body, ifMatch(task.version)), 400, field);
  });

  it("completes and reopens (completedAt set and cleared), cancels, and deletes", async () => {
    const me = await person("Finisher");
    const task = await create(me.api, { title: "Finish me", dueAt: hours(-1) });
    expect(task.overdue).toBe(true);
    const done = await me.api("POST", `/api/tasks/${task.id}/complete`, undefined, ifMatch(1));
    expect(done.statusCode, done.body).toBe(200);
    expect(done.headers.etag).toBe('"2"');
    expect(done.json()).toMatchObject({ status: "done", overdue: false, version: 2 });
    expect(done.json().completedAt).not.toBeNull();
    const reopened = await me.api("POST", `/api/tasks/${task.id}/reopen`, undefined, ifMatch(2));
    expect(reopened.json()).toMatchObject({ status: "open", completedAt: null, overdue: true, version: 3 });
    const cancelled = await me.api("PATCH", `/api/tasks/${task.id}`, { status: "cancelled" }, ifMatch(3));
    expect(cancelled.json()).toMatchObject({ status: "cancelled" });
    expect((await me.api("DELETE", `/api/tasks/${task.id}`, undefined, ifMatch(4))).statusCode).toBe(204);
    expect(await h.db.select().from(tasks).where(eq(tasks.id, task.id))).toEqual([]);
    await refused(() => me.api("GET", `/api/tasks/${task.id}`), 404);
  });

  it("notifies the new assignee when reassigned (not the one who reassigns to themself), and the old one keeps seeing it only as creator", async () => {
    const ann = await person("Ann reassigns");
    const bo = await person("Bo receives");
    const cy = await person("Cy takes over");
    const task = await create(ann.api, { title: "Pass it on", assigneeId: bo.id });
    expect(await inboxOf(bo.id, "assignment")).toHaveLength(1);
    const moved = await bo.api("PATCH", `/api/tasks/${task.id}`, { assigneeId: cy.id }, ifMatch(1));
    expect(moved.statusCode, moved.body).toBe(200);
    // Bo handed it away: no longer assignee nor creator, Bo may not change it any more.
    expect(moved.json()).toMatchObject({ assigneeId: cy.id, canChange: false });
    const [notice] = await inboxOf(cy.id, "assignment");
    expect(notice).toMatchObject({ actorId: bo.id, params: { actor: "Bo receives", title: "Pass it on" } });
    await refused(() => bo.api("GET", `/api/tasks/${task.id}`), 404);
    const back = await cy.api("PATCH", `/api/tasks/${task.id}`, { assigneeId: cy.id, title: "Same assignee" }, ifMatch(2));
    expect(back.statusCode).toBe(200);
    expect(await inboxOf(cy.id, "assignment")).toHaveLength(1);
    await refused(
      () => cy.api("PATCH", `/api/tasks/${task.id}`, { assigneeId: "00000000-0000-4000-8000-000000000001" }, ifMatch(3)),
      400,
      "assigneeId",
    );
  });
});

describe("My work views", () => {
  /** An `Etc/GMT` zone where it is now `localHour` o'clock (the sign of those names is reversed: Etc/GMT-5 is UTC+5). */
  function zoneAt(localHour: number) {
    let offset = (localHour - new Date().getUTCHours() + 24) % 24;
    if (offset > 14) offset -= 24;
    return offset === 0 ? "Etc/GMT" : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
  }

  it("sorts tasks into overdue / today / upcoming / no date / done by due time in the reader's own time zone", async () => {
    const late = await person("Late evening");
    const morning = await person("Morning");
    // It is 22:xx for one and 10:xx for the other: the same instant two hours away is tomorrow for the first, today for the second.
    await h.db
      .update(users)
      .set({ timeZone: zoneAt(22) })
      .where(eq(users.id, late.id));
    await h.db
      .update(users)
      .set({ timeZone: zoneAt(10) })
      .where(eq(users.id, morning.id));
    const inTwoHours = new Date(Date.now() + 2 * 3_600_000 + 60_000).toISOString();
    const made: Record<string, Record<string, string>> = { late: {}, morning: {} };
    for (const [who, user] of [
      ["late", late],
      ["morning", morning],
    ] as const) {
      made[who]!.twoHours = (await create(user.api, { title: "In two hours", dueAt: inTwoHours })).id;
      made[who]!.overdue = (await create(user.api, { title: "An hour ago", dueAt: hours(-1) })).id;
      made[who]!.nextWeek = (await create(user.api, { title: "Next week", dueAt: hours(24 * 7) })).id;
      made[who]!.undated = (await create(user.api, { title: "Some day" })).id;
      const finished = await create(user.api, { title: "Finished" });
      await user.api("POST", `/api/tasks/${finished.id}/complete`, undefined, ifMatch(1));
      made[who]!.done = finished.id;
    }
    const view = (user: { api: Api }, name: string) => user.api("GET", `/api/tasks?view=${name}`);
    expect(ids(await view(late, "overdue"))).toEqual([made.late!.overdue]);
    expect(ids(await view(late, "today"))).toEqual([]);
    expect(ids(await view(late, "upcoming"))).toEqual([made.late!.twoHours, made.late!.nextWeek]);
    expect(ids(await view(late, "no_date"))).toEqual([made.late!.undated]);
    expect(ids(await view(late, "done"))).toEqual([made.late!.done]);
    expect(ids(await view(morning, "overdue"))).toEqual([made.morning!.overdue]);
    expect(ids(await view(morning, "today"))).toEqual([made.morning!.twoHours]);
    expect(ids(await view(morning, "upcoming"))).toEqual([made.morning!.nextWeek]);
    expect((await late.api("GET", "/api/tasks/summary")).json()).toEqual({
      overdue: 1,
      today: 0,
      upcoming: 2,
      no_date: 1,
      done: 1,
      assignedByMe: 0,
    });
    expect((await morning.api("GET", "/api/tasks/summary")).json()).toEqual({
      overdue: 1,
      today: 1,
      upcoming: 1,
      no_date: 1,
      done: 1,
      assignedByMe: 0,
    });
  });

  it("lists the tasks I gave to others apart from mine, and pages with a cursor", async () => {
    const boss = await person("Delegator");
    const helper = await person("Helper");
    const given: string[] = [];
    for (let i = 0; i < 5; i++)
      given.push((await create(boss.api, { title: `Delegated ${i}`, assigneeId: helper.id, dueAt: hours(48 + i) })).id);
    await create(boss.api, { title: "Kept for myself", dueAt: hours(49) });
    const first = await boss.api("GET", "/api/tasks?view=upcoming&assigned=by_me&limit=3");
    expect(ids(first)).toEqual(given.slice(0, 3));
    const second = await boss.api("GET", `/api/tasks?view=upcoming&assigned=by_me&limit=3&cursor=${first.json().nextCursor}`);
    expect(ids(second)).toEqual(given.slice(3));
    expect(second.json().nextCursor).toBeNull();
    expect((await boss.api("GET", "/api/tasks/summary")).json()).toMatchObject({ upcoming: 1, assignedByMe: 5 });
  });

  it.each([
    ["no view", "/api/tasks", "querystring.view"],
    ["an unknown view", "/api/tasks?view=someday", "querystring.view"],
    ["an unknown assigned filter", "/api/tasks?view=today&assigned=everyone", "querystring.assigned"],
    ["a limit over 200", "/api/tasks?view=today&limit=201", "querystring.limit"],
    ["a cursor it did not return", "/api/tasks?view=today&cursor=bm9wZQ", "cursor"],
    ["an unknown parameter", "/api/tasks?view=today&sort=title", "querystring.sort"],
    ["an unknown company task status", "/api/companies/00000000-0000-4000-8000-000000000001/tasks?status=all", "querystring.status"],
  ])("refuses a list query with %s (400 naming it)", async (_what, url, field) => {
    await refused(() => f.actors.sales_rep.api("GET", url), 400, field);
  });
});

describe("a company's tasks", () => {
  it("lists open tasks by due time (undated last) and finished ones apart, to whoever may read the company, in pages", async () => {
    const company = await f.insertCompany("Busy client", f.placement("account_manager", "team")!);
    const manager = f.actors.account_manager;
    const undated = await create(manager.api, { title: "Whenever", companyId: company });
    const soon = await create(manager.api, { title: "Soon", companyId: company, dueAt: hours(2) });
    const later = await create(manager.api, { title: "Later", companyId: company, dueAt: hours(20), assigneeId: f.owners.mate.id });
    const finished = await create(manager.api, { title: "Done one", companyId: company });
    await manager.api("POST", `/api/tasks/${finished.id}/complete`, undefined, ifMatch(1));
    const reader = f.actors.service_desk.api;
    const open = await reader("GET", `/api/companies/${company}/tasks`);
    expect(open.statusCode, open.body).toBe(200);
    expect(ids(open)).toEqual([soon.id, later.id, undated.id]);
    const page1 = await reader("GET", `/api/companies/${company}/tasks?limit=2`);
    const page2 = await reader("GET", `/api/companies/${company}/tasks?limit=2&cursor=${page1.json().nextCursor}`);
    expect([...ids(page1), ...ids(page2)]).toEqual([soon.id, later.id, undated.id]);
    expect(ids(await reader("GET", `/api/companies/${company}/tasks?status=finished`))).toEqual([finished.id]);
  });
});

describe("live", () => {
  it("announces a change on the assignee's and creator's personal topics and on the company's, to those who may see it", async () => {
    await h.app.listen({ host: "127.0.0.1", port: 0 });
    const url = `ws://127.0.0.1:${(h.app.server.address() as AddressInfo).port}/api/live`;
    const company = await f.insertCompany("Live client", f.placement("account_manager", "own")!);
    const assignee = await person("Live assignee", "account_manager");
    const socket = await LiveClient.connect(url, { cookie: (await login(h.app, assignee.email)).cookie });
    const card = await LiveClient.connect(url, { cookie: (await login(h.app, f.actors.executive.email)).cookie });
    try {
      await socket.subscribe([`user:${assignee.id}`]);
      await card.subscribe([`company:${company}`]);
      const task = await create(f.actors.account_manager.api, { title: "Live task", assigneeId: assignee.id, companyId: company });
      await socket.event("task.created", assignee.id);
      await socket.event("notification.created", assignee.id);
      await card.event("task.created", company);
      await assignee.api("POST", `/api/tasks/${task.id}/complete`, undefined, ifMatch(1));
      await card.event("task.changed", company);
    } finally {
      socket.close();
      card.close();
    }
  });
});

describe("the audit trail", () => {
  it("records every task change with its actor", async () => {
    const me = await person("Audited");
    const task = await create(me.api, { title: "Audit me" });
    await me.api("PATCH", `/api/tasks/${task.id}`, { title: "Audited" }, ifMatch(1));
    const rows = await h.db.execute<{ operation: string; actor_id: string }>(
      sql`SELECT operation, actor_id FROM audit_log WHERE table_name = 'tasks' AND record_id = ${task.id} ORDER BY id`,
    );
    expect(rows.rows).toEqual([
      { operation: "insert", actor_id: me.id },
      { operation: "update", actor_id: me.id },
    ]);
  });
});
