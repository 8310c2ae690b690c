/**
 * The permission matrix of tasks and notifications. Their routes are open to every signed-in
 * user (`authenticated`); who may do what is decided per record: a task by the reader's relation
 * to it (assignee, creator) and to its company (read → see, update → change), a notification
 * by being its recipient. `taskMatrixRequest` gives the access matrix its valid request for
 * the one company-scoped route; `describeTaskMatrix` and `describeInboxMatrix` walk every task
 * and inbox route × built-in role × relation, and a refused write leaves the database as it was.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { builtinRoleKeys, type BuiltinRoleKey } from "@relata/contracts";
import { notifications, tasks } from "../src/db/schema";
import type { Harness } from "./harness";
import { categories, databaseSnapshot, type AccessFixture, type Category } from "./access-fixture";
import type { MatrixRequest, MatrixRequestBuilder } from "./matrix-requests";

/** `GET /api/companies/:id/tasks`: read on the company (the company record matrix walks it). */
export const taskMatrixRequest: MatrixRequestBuilder = async (_h, _admin, { company }, method, url): Promise<MatrixRequest | undefined> => {
  if (method === "GET" && url === "/api/companies/:id/tasks") return { url: url.replace(":id", company) };
  return undefined;
};

/** What each role may do with a company at record level, by where it sits (r = read, u = update): a task on it follows. */
const companyRights: Record<BuiltinRoleKey, Record<Category, string>> = {
  administrator: { own: "ru", team: "ru", unit: "ru", other: "ru", secret: "" },
  executive: { own: "ru", team: "ru", unit: "ru", other: "r", secret: "" },
  account_manager: { own: "ru", team: "ru", unit: "r", other: "", secret: "" },
  sales_rep: { own: "ru", team: "r", unit: "", other: "", secret: "" },
  service_desk: { own: "r", team: "r", unit: "r", other: "r", secret: "" },
};

/** How the reader stands to a task: its assignee or creator (no company), a stranger to it (no company), or only through its company. */
type Relation = "assignee" | "creator" | "stranger" | `company:${Category}` | "missing";
const relations: Relation[] = ["assignee", "creator", "stranger", ...categories.map((c) => `company:${c}` as const), "missing"];

type Route = { method: "GET" | "PATCH" | "POST" | "DELETE"; url: string; body?: unknown; status: number };
const taskRoutes: Route[] = [
  { method: "GET", url: "/api/tasks/:id", status: 200 },
  { method: "PATCH", url: "/api/tasks/:id", body: { title: "Changed by the matrix" }, status: 200 },
  { method: "POST", url: "/api/tasks/:id/complete", status: 200 },
  { method: "POST", url: "/api/tasks/:id/reopen", status: 200 },
  { method: "DELETE", url: "/api/tasks/:id", status: 204 },
];

function expected(role: BuiltinRoleKey, relation: Relation, route: Route) {
  const rights =
    relation === "assignee" || relation === "creator"
      ? "ru"
      : relation.startsWith("company:")
        ? companyRights[role][relation.slice("company:".length) as Category]
        : "";
  if (!rights.includes("r")) return 404;
  if (route.method !== "GET" && !rights.includes("u")) return 403;
  return route.status;
}

export function describeTaskMatrix(setup: () => { h: Harness; f: AccessFixture }) {
  describe("task routes × roles × relation to the task (AC-1, AC-2)", () => {
    it("covers every task route of the route table", () => {
      const { h } = setup();
      const inTable = h.app.routeTable
        .flatMap((entry) => ([] as string[]).concat(entry.method).map((method) => `${method} ${entry.url}`))
        .filter((key) => /^(GET|POST|PATCH|DELETE) \/api\/tasks\/:id/.test(key));
      expect(inTable.sort()).toEqual(taskRoutes.map((route) => `${route.method} ${route.url}`).sort());
    });

    for (const role of builtinRoleKeys)
      it(`${role}: sees a task as its assignee, creator or a reader of its company, changes it as assignee, creator or its company's updater`, async () => {
        const { h, f } = setup();
        const me = f.actors[role];
        const other = f.owners.stranger.id;
        for (const route of taskRoutes)
          for (const relation of relations) {
            let companyId: string | null = null;
            if (relation.startsWith("company:")) {
              const where = f.placement(role, relation.slice("company:".length) as Category);
              if (!where) continue;
              companyId = await f.insertCompany(`Task matrix ${role} ${relation} ${route.method}`, where);
            }
            const [task] = await h.db
              .insert(tasks)
              .values({
                title: `Matrix ${role} ${relation}`,
                assigneeId: relation === "assignee" ? me.id : other,
                creatorId: relation === "creator" ? me.id : other,
                companyId,
              })
              .returning({ id: tasks.id });
            const id = relation === "missing" ? randomUUID() : task!.id;
            const status = expected(role, relation, route);
            const writes = route.method !== "GET";
            const before = status >= 400 && writes ? await databaseSnapshot(h) : undefined;
            const response = await me.api(route.method, route.url.replace(":id", id), route.body, writes ? { "if-match": '"1"' } : {});
            expect(response.statusCode, `${role} ${relation} ${route.method} ${route.url}: ${response.body}`).toBe(status);
            if (status >= 400) expect(response.json().code).toBe(status === 404 ? "not_found" : "forbidden");
            if (before) expect(await databaseSnapshot(h), `${role} ${relation} ${route.method} ${route.url}`).toEqual(before);
            if (route.method === "DELETE" && status === 204) expect(await h.db.select().from(tasks).where(eq(tasks.id, id))).toEqual([]);
          }
      });

    for (const role of builtinRoleKeys)
      it(`${role}: lists only their own tasks in My work, whatever companies they may read`, async () => {
        const { h, f } = setup();
        const me = f.actors[role];
        const company = await f.insertCompany(`Visible to all ${role}`, f.placement(role, "own")!);
        await h.db
          .insert(tasks)
          .values({ title: `Someone else's ${role}`, assigneeId: f.owners.stranger.id, companyId: company, creatorId: null });
        for (const url of ["/api/tasks?view=no_date", "/api/tasks?view=no_date&assigned=by_me"]) {
          const response = await me.api("GET", url);
          expect(response.statusCode).toBe(200);
          for (const item of response.json().items as { assigneeId: string; creatorId: string | null }[])
            expect([item.assigneeId, item.creatorId]).toContain(me.id);
        }
        expect((await me.api("GET", "/api/tasks/summary")).statusCode).toBe(200);
        // Creating is open to everyone, for themself or a colleague.
        expect((await me.api("POST", "/api/tasks", { title: `Created by ${role}`, assigneeId: f.owners.mate.id })).statusCode).toBe(201);
      });
  });
}

type InboxRoute = { method: "GET" | "POST" | "PUT"; url: string; body?: unknown };
const inboxRoutes: InboxRoute[] = [
  { method: "GET", url: "/api/notifications" },
  { method: "GET", url: "/api/notifications/unread-count" },
  { method: "POST", url: "/api/notifications/:id/read" },
  { method: "POST", url: "/api/notifications/:id/unread" },
  { method: "POST", url: "/api/notifications/read-all" },
  { method: "GET", url: "/api/notifications/preferences" },
  { method: "PUT", url: "/api/notifications/preferences", body: { items: [{ kind: "share", inApp: true, email: false }] } },
];

export function describeInboxMatrix(setup: () => { h: Harness; f: AccessFixture }) {
  describe("inbox routes × roles (AC-1, AC-2)", () => {
    it("covers every inbox route of the route table", () => {
      const { h } = setup();
      const inTable = h.app.routeTable
        .flatMap((entry) => ([] as string[]).concat(entry.method).map((method) => `${method} ${entry.url}`))
        .filter((key) => /^(GET|POST|PUT|PATCH|DELETE) \/api\/notifications/.test(key));
      expect(inTable.sort()).toEqual(inboxRoutes.map((route) => `${route.method} ${route.url}`).sort());
    });

    for (const role of builtinRoleKeys)
      it(`${role}: uses their own inbox; another's notification is 404 (like a missing one) and stays as it was`, async () => {
        const { h, f } = setup();
        const me = f.actors[role];
        const [mine, theirs] = await h.db
          .insert(notifications)
          .values([
            { userId: me.id, kind: "share", params: { title: `Mine ${role}` } },
            { userId: f.owners.stranger.id, kind: "share", params: { title: `Theirs ${role}` } },
          ])
          .returning({ id: notifications.id });
        for (const route of inboxRoutes) {
          const response = await me.api(route.method, route.url.replace(":id", mine!.id), route.body);
          expect(response.statusCode, `${role} ${route.method} ${route.url}: ${response.body}`).toBe(200);
          if (route.url === "/api/notifications")
            expect((response.json().items as { params: { title: string } }[]).map((item) => item.params.title)).not.toContain(
              `Theirs ${role}`,
            );
          if (!route.url.includes(":id")) continue;
          for (const id of [theirs!.id, randomUUID()]) {
            const before = await databaseSnapshot(h);
            const refused = await me.api(route.method, route.url.replace(":id", id));
            expect(refused.statusCode, `${role} ${route.method} ${route.url} on another's`).toBe(404);
            expect(await databaseSnapshot(h)).toEqual(before);
          }
        }
        const [row] = await h.db.select().from(notifications).where(eq(notifications.id, theirs!.id));
        expect(row!.readAt).toBeNull();
      });
  });
}
