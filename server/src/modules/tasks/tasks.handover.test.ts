/**
 * A user handover (POST /api/companies/handover) also hands over the departing owner's open
 * tasks on the companies handed over: each moved task's new assignee is notified once, naming
 * the company; done tasks, tasks on other companies or on none, and others' tasks stay.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import type { PublishedEvent } from "../../app";
import { notifications, tasks, users } from "../../db/schema";
import { createHarness, createUser, type Harness } from "../../../test/harness";
import { buildAccessFixture, type AccessFixture } from "../../../test/access-fixture";
import { eventually } from "../../../test/live-client";

let h: Harness;
let f: AccessFixture;
const events: PublishedEvent[] = [];
beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
  h.app.hub.onEvent((event) => events.push(event));
});
afterAll(async () => h?.close());

describe("handing over a departing rep's tasks", () => {
  it("moves their open tasks on the companies handed over, notifies the heir once per task and leaves the rest", async () => {
    const placement = { teamId: f.teams.one, orgUnitId: f.units.northBranch, securityLevel: 0 };
    const rep = await createUser(h.db, { role: "sales_rep", teamIds: [f.teams.one], orgUnitId: f.units.northBranch, name: "Leaving Lou" });
    const heir = await createUser(h.db, { role: "sales_rep", teamIds: [f.teams.one], orgUnitId: f.units.northBranch, name: "Heir Hedda" });
    const first = await f.insertCompany("Lou's first client", { ...placement, ownerId: rep.id });
    const second = await f.insertCompany("Lou's second client", { ...placement, ownerId: rep.id });
    const elsewhere = await f.insertCompany("Not Lou's client", f.placement("sales_rep", "team")!);
    const task = (title: string, values: Partial<typeof tasks.$inferInsert>) => ({
      title,
      assigneeId: rep.id,
      creatorId: rep.id,
      ...values,
    });
    const inserted = await h.db
      .insert(tasks)
      .values([
        task("Call first 1", { companyId: first }),
        task("Call first 2", { companyId: first }),
        task("Call first 3", { companyId: first }),
        task("Call second", { companyId: second }),
        task("Already done", { companyId: first, status: "done", completedAt: new Date() }),
        task("About nothing", {}),
        task("On a company not handed over", { companyId: elsewhere }),
        task("A colleague's", { companyId: first, assigneeId: f.owners.mate.id }),
      ])
      .returning({ id: tasks.id, title: tasks.title });
    const idOf = (title: string) => inserted.find((row) => row.title === title)!.id;
    const moved = ["Call first 1", "Call first 2", "Call first 3", "Call second"].map(idOf);

    const response = await f.actors.administrator.api("POST", "/api/companies/handover", { fromUserId: rep.id, toUserId: heir.id });
    expect(response.statusCode, response.body).toBe(200);

    const rows = await h.db
      .select()
      .from(tasks)
      .where(
        inArray(
          tasks.id,
          inserted.map((row) => row.id),
        ),
      );
    const assignee = (title: string) => rows.find((row) => row.id === idOf(title))!;
    for (const id of moved) expect(rows.find((row) => row.id === id)).toMatchObject({ assigneeId: heir.id, version: 2 });
    expect(assignee("Already done")).toMatchObject({ assigneeId: rep.id, version: 1 });
    expect(assignee("About nothing")).toMatchObject({ assigneeId: rep.id, version: 1 });
    expect(assignee("On a company not handed over")).toMatchObject({ assigneeId: rep.id, version: 1 });
    expect(assignee("A colleague's")).toMatchObject({ assigneeId: f.owners.mate.id, version: 1 });

    const told = await h.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, heir.id), eq(notifications.kind, "assignment")));
    expect(told.map((row) => row.params.title).sort()).toEqual(["Call first 1", "Call first 2", "Call first 3", "Call second"]);
    expect(told.map((row) => row.params.company).sort()).toEqual([
      "Lou's first client",
      "Lou's first client",
      "Lou's first client",
      "Lou's second client",
    ]);
    const [admin] = await h.db.select({ name: users.name }).from(users).where(eq(users.id, f.actors.administrator.id));
    expect(new Set(told.map((row) => row.params.actor))).toEqual(new Set([admin!.name]));
    await eventually(() =>
      moved.every((id) =>
        events.some((e) => e.name === "task.changed" && e.topics.includes(`user:${heir.id}`) && e.payload?.taskId === id),
      ),
    );
    expect(events.filter((e) => e.name === "task.changed" && e.topics.includes(`company:${first}`)).length).toBe(3);
  });
});
