/**
 * The inbox routes: newest first in keyset pages, unread filter and count, mark read / unread /
 * all read (only one's own: someone else's notification is 404 like a missing one), preferences
 * (every kind with defaults; bad input names the field, writes nothing), housekeeping, and the
 * first workflow notification (a client's grade change tells the owner's manager).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { notificationKinds } from "@relata/contracts";
import { notifications, users } from "../../db/schema";
import { as, createHarness, createUser, login, type Harness } from "../../../test/harness";
import { buildAccessFixture, refusals, type AccessFixture, type Api } from "../../../test/access-fixture";
import { unitOfWork } from "../../platform/events/unit-of-work";
import { systemActor } from "../../platform/access/actor";
import { runHousekeeping } from "../../platform/jobs/jobs";
import { notify } from "./index";

let h: Harness;
let f: AccessFixture;
beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
});
afterAll(async () => h?.close());

const refused = (...args: Parameters<ReturnType<typeof refusals>>) => refusals(h)(...args);

async function person(name: string, role: "sales_rep" | "executive" = "sales_rep", orgUnitId: string | null = null) {
  const user = await createUser(h.db, { name, role, orgUnitId });
  return { ...user, api: as(h.app, await login(h.app, user.email)) };
}
async function deliver(userId: string, count: number, kind: (typeof notificationKinds)[number] = "mention") {
  for (let i = 0; i < count; i++)
    await unitOfWork(h.db, h.app.platform.projections, { actor: systemActor("test") }, (uow) =>
      notify(uow, { userIds: [userId], kind, params: { title: `Note ${i}` }, link: `/companies?n=${i}` }),
    );
}
const titles = (response: { json: () => { items: { params: { title?: unknown } }[] } }) =>
  response.json().items.map((item) => item.params.title);

describe("the inbox", () => {
  it("lists newest first in pages, filters unread, counts unread, and marks read, unread and all read", async () => {
    const me = await person("Reader");
    await deliver(me.id, 5);
    const first = await me.api("GET", "/api/notifications?limit=2");
    expect(first.statusCode, first.body).toBe(200);
    expect(titles(first)).toEqual(["Note 4", "Note 3"]);
    const second = await me.api("GET", `/api/notifications?limit=2&cursor=${first.json().nextCursor}`);
    const third = await me.api("GET", `/api/notifications?limit=2&cursor=${second.json().nextCursor}`);
    expect([...titles(second), ...titles(third)]).toEqual(["Note 2", "Note 1", "Note 0"]);
    expect(third.json().nextCursor).toBeNull();
    expect((await me.api("GET", "/api/notifications/unread-count")).json()).toEqual({ count: 5 });

    const target = first.json().items[1] as { id: string };
    const read = await me.api("POST", `/api/notifications/${target.id}/read`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().readAt).not.toBeNull();
    // Reading it again keeps the first time it was read.
    expect((await me.api("POST", `/api/notifications/${target.id}/read`)).json().readAt).toBe(read.json().readAt);
    expect((await me.api("GET", "/api/notifications/unread-count")).json()).toEqual({ count: 4 });
    expect(titles(await me.api("GET", "/api/notifications?unread=true"))).toEqual(["Note 4", "Note 2", "Note 1", "Note 0"]);
    expect((await me.api("POST", `/api/notifications/${target.id}/unread`)).json().readAt).toBeNull();
    expect((await me.api("POST", "/api/notifications/read-all")).json()).toEqual({ count: 5 });
    expect((await me.api("GET", "/api/notifications/unread-count")).json()).toEqual({ count: 0 });
    expect((await me.api("GET", "/api/notifications?unread=true")).json().items).toEqual([]);
  });

  it("keeps each inbox to its owner: someone else's notification is 404, like a missing one, and nothing changes", async () => {
    const owner = await person("Owner");
    const other = await person("Other");
    await deliver(owner.id, 1);
    const [row] = await h.db.select().from(notifications).where(eq(notifications.userId, owner.id));
    await refused(() => other.api("POST", `/api/notifications/${row!.id}/read`), 404);
    await refused(() => other.api("POST", `/api/notifications/${row!.id}/unread`), 404);
    await refused(() => other.api("POST", "/api/notifications/00000000-0000-4000-8000-000000000001/read"), 404);
    expect((await other.api("GET", "/api/notifications")).json().items).toEqual([]);
    expect((await other.api("GET", "/api/notifications/unread-count")).json()).toEqual({ count: 0 });
  });

  it.each([
    ["a notification id that is not a uuid", "POST", "/api/notifications/latest/read", undefined, "params.id"],
    ["an unknown list parameter", "GET", "/api/notifications?kind=mention", undefined, "querystring.kind"],
    ["an unread filter that is not true or false", "GET", "/api/notifications?unread=yes", undefined, "querystring.unread"],
    ["a limit of 0", "GET", "/api/notifications?limit=0", undefined, "querystring.limit"],
    ["a cursor it did not return", "GET", "/api/notifications?cursor=WyJ4Il0", undefined, "cursor"],
  ])("refuses %s (400 naming it)", async (_what, method, url, body, field) => {
    const me = f.actors.sales_rep.api;
    await refused(() => me(method as "GET", url, body), 400, field);
  });

  it("needs a signed-in user and the CSRF token to change anything", async () => {
    expect((await h.app.inject({ method: "GET", url: "/api/notifications" })).statusCode).toBe(401);
    expect((await h.app.inject({ method: "GET", url: "/api/notifications/unread-count" })).statusCode).toBe(401);
    const session = await login(h.app, f.actors.sales_rep.email);
    const noToken = await h.app.inject({ method: "POST", url: "/api/notifications/read-all", headers: { cookie: session.cookie } });
    expect(noToken.statusCode).toBe(403);
  });
});

describe("preferences", () => {
  it("lists every kind with the defaults (in-app on, email off) and sets only the kinds sent", async () => {
    const me = await person("Picky");
    const initial = await me.api("GET", "/api/notifications/preferences");
    expect(initial.json().items).toEqual(notificationKinds.map((kind) => ({ kind, inApp: true, email: false })));
    const changed = await me.api("PUT", "/api/notifications/preferences", {
      items: [
        { kind: "comment", inApp: false, email: false },
        { kind: "workflow", inApp: true, email: true },
      ],
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const byKind = Object.fromEntries((changed.json().items as { kind: string }[]).map((item) => [item.kind, item]));
    expect(byKind.comment).toEqual({ kind: "comment", inApp: false, email: false });
    expect(byKind.workflow).toEqual({ kind: "workflow", inApp: true, email: true });
    expect(byKind.mention).toEqual({ kind: "mention", inApp: true, email: false });
    await deliver(me.id, 1, "comment");
    await deliver(me.id, 1, "mention");
    expect((await me.api("GET", "/api/notifications")).json().items.map((item: { kind: string }) => item.kind)).toEqual(["mention"]);
    // Someone else's switches are their own.
    expect((await f.actors.sales_rep.api("GET", "/api/notifications/preferences")).json().items[3]).toEqual({
      kind: "comment",
      inApp: true,
      email: false,
    });
  });

  it.each([
    ["no items", {}, "items"],
    ["an empty list", { items: [] }, "items"],
    ["an unknown kind", { items: [{ kind: "birthday", inApp: true, email: false }] }, "items[0].kind"],
    ["a switch that is not true or false", { items: [{ kind: "mention", inApp: "no", email: false }] }, "items[0].inApp"],
    ["a missing switch", { items: [{ kind: "mention", inApp: true }] }, "items[0].email"],
    [
      "a kind named twice",
      {
        items: [
          { kind: "mention", inApp: true, email: false },
          { kind: "mention", inApp: false, email: false },
        ],
      },
      "items",
    ],
    ["an unknown field", { items: [{ kind: "mention", inApp: true, email: false, sms: true }] }, "items[0].sms"],
  ])("refuses %s (400 naming the field, nothing written)", async (_what, body, field) => {
    await refused(() => f.actors.sales_rep.api("PUT", "/api/notifications/preferences", body), 400, field);
  });
});

describe("housekeeping", () => {
  it("deletes read notifications after 90 days and any after a year, keeping the rest", async () => {
    const me = await person("Hoarder");
    await deliver(me.id, 4);
    const rows = await h.db.select().from(notifications).where(eq(notifications.userId, me.id)).orderBy(notifications.createdAt);
    const [oldRead, oldUnread, ancient, fresh] = rows.map((row) => row.id);
    await h.db.execute(sql`UPDATE notifications SET created_at = now() - interval '91 days', read_at = now() WHERE id = ${oldRead}`);
    await h.db.execute(sql`UPDATE notifications SET created_at = now() - interval '91 days' WHERE id = ${oldUnread}`);
    await h.db.execute(sql`UPDATE notifications SET created_at = now() - interval '366 days' WHERE id = ${ancient}`);
    await h.db.execute(sql`UPDATE notifications SET read_at = now() WHERE id = ${fresh}`);
    await runHousekeeping(h.app.platform);
    const left = await h.db.select({ id: notifications.id }).from(notifications).where(eq(notifications.userId, me.id));
    expect(left.map((row) => row.id).sort()).toEqual([oldUnread, fresh].sort());
  });
});

describe("workflow: a client's grade change", () => {
  it("tells the owner's manager (not the one who made the change), once per save, in words they can translate", async () => {
    // The manager reads every company and updates their unit's (an executive): the notification names it and links to it.
    const manager = await person("Manager", "executive", f.units.north);
    const owner = f.actors.account_manager;
    await h.db.update(users).set({ managerId: manager.id }).where(eq(users.id, owner.id));
    const company = await f.insertCompany("Graded AB", f.placement("account_manager", "own")!);
    const patch = (api: Api, body: Record<string, unknown>, version: number) =>
      api("PATCH", `/api/companies/${company}`, body, { "if-match": `"${version}"` });
    const changed = await patch(owner.api, { gradeOverride: "A" }, 1);
    expect(changed.statusCode, changed.body).toBe(200);
    const listed = (await manager.api("GET", "/api/notifications")).json().items;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      kind: "workflow",
      params: { event: "grade_changed", company: "Graded AB", from: null, to: "A" },
      link: `/companies/${company}`,
      actorName: "The account_manager",
    });
    // A save that moves the company elsewhere and changes its grade is one change, one notification.
    const moved = await patch(owner.api, { gradeOverride: "key", securityLevel: 1 }, 2);
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await manager.api("GET", "/api/notifications")).json().items).toHaveLength(2);
    // A save that leaves the grade alone says nothing.
    expect((await patch(owner.api, { name: "Graded Group AB" }, 3)).statusCode).toBe(200);
    expect((await manager.api("GET", "/api/notifications")).json().items).toHaveLength(2);
    // The manager changing it themself is not told of their own change.
    expect((await patch(manager.api, { gradeOverride: "B" }, 4)).statusCode).toBe(200);
    expect((await manager.api("GET", "/api/notifications/unread-count")).json()).toEqual({ count: 2 });
  });
});
