/**
 * `createTask`, called by other modules inside their unit of work (a timeline entry's next step,
 * a document to review): validation names the field and writes nothing, the assignee is
 * notified unless they made it, the reminder is queued in the same transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { notifications, tasks } from "../../db/schema";
import { createHarness, createUser, type Harness } from "../../../test/harness";
import { buildAccessFixture, databaseSnapshot, type AccessFixture } from "../../../test/access-fixture";
import { unitOfWork, type UnitOfWork } from "../../platform/events/unit-of-work";
import { loadUserActor } from "../../platform/auth/auth.repository";
import { AppError } from "../../platform/errors";
import type { UserActor } from "../../platform/access/actor";
import { createTask } from "./index";

let h: Harness;
let f: AccessFixture;
beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
});
afterAll(async () => h?.close());

async function as<T>(userId: string, work: (uow: UnitOfWork) => Promise<T>) {
  const actor = (await loadUserActor(h.db, userId, undefined)) as UserActor;
  return unitOfWork(h.db, h.app.platform.projections, { actor }, work);
}

async function fieldOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).details?.map((d) => d.field);
  }
  throw new Error("expected a validation error");
}

describe("createTask", () => {
  it("creates the task, notifies the assignee (not the creator) and queues the reminder at the due time", async () => {
    const manager = f.actors.account_manager;
    const company = await f.insertCompany("Follow-up AB", f.placement("account_manager", "own")!);
    const colleague = await createUser(h.db, { role: "account_manager", name: "Colleague", teamIds: [f.teams.one] });
    const dueAt = new Date(Date.now() + 3 * 3600_000);
    const { id } = await as(manager.id, (uow) =>
      createTask(uow, {
        title: "  Send the offer  ",
        assigneeId: colleague.id,
        dueAt,
        companyId: company,
        related: { type: "company", id: company },
      }),
    );
    const [row] = await h.db.select().from(tasks).where(eq(tasks.id, id));
    expect(row).toMatchObject({
      title: "Send the offer",
      assigneeId: colleague.id,
      creatorId: manager.id,
      priority: "normal",
      status: "open",
      companyId: company,
      relatedType: "company",
      remindMinutesBefore: 0,
      remindedAt: null,
    });
    expect(row!.remindAt?.toISOString()).toBe(dueAt.toISOString());
    const inbox = await h.db.select().from(notifications).where(eq(notifications.userId, colleague.id));
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ kind: "assignment", link: `/my-work?task=${id}`, companyId: company, actorId: manager.id });
    expect(inbox[0]!.params).toMatchObject({ actor: "The account_manager", title: "Send the offer", company: "Follow-up AB" });
    expect(await h.db.select().from(notifications).where(eq(notifications.userId, manager.id))).toEqual([]);
    const jobs = await h.db.execute<{ start_after: Date; data: { taskId: string } }>(
      sql`SELECT start_after, data FROM pgboss.job WHERE name = 'task-reminders' AND data ->> 'taskId' = ${id}`,
    );
    expect(jobs.rows).toHaveLength(1);
    expect(new Date(jobs.rows[0]!.start_after).toISOString()).toBe(dueAt.toISOString());
  });

  it("does not notify someone who creates a task for themself, and queues no reminder without a due time", async () => {
    const rep = f.actors.sales_rep;
    const before = await h.db.select().from(notifications).where(eq(notifications.userId, rep.id));
    const { id } = await as(rep.id, (uow) => createTask(uow, { title: "Tidy my pipeline", assigneeId: rep.id }));
    expect(await h.db.select().from(notifications).where(eq(notifications.userId, rep.id))).toEqual(before);
    const jobs = await h.db.execute(sql`SELECT 1 FROM pgboss.job WHERE name = 'task-reminders' AND data ->> 'taskId' = ${id}`);
    expect(jobs.rows).toEqual([]);
  });

  it.each([
    ["an unknown assignee", { assigneeId: "00000000-0000-4000-8000-000000000001" }, "assigneeId"],
    ["an empty title", { title: "   " }, "title"],
    ["a lead that is not whole minutes", { remindMinutesBefore: 1.5 }, "remindMinutesBefore"],
    ["a company that does not exist", { companyId: "00000000-0000-4000-8000-000000000002" }, "companyId"],
    ["an unknown kind of related record", { related: { type: "invoice", id: "00000000-0000-4000-8000-000000000003" } }, "related"],
  ])("refuses %s as a validation error naming the field, writing nothing", async (_what, change, field) => {
    const rep = f.actors.sales_rep;
    const before = await databaseSnapshot(h);
    const input = { title: "Valid", assigneeId: rep.id, ...change } as Parameters<typeof createTask>[1];
    expect(await fieldOf(as(rep.id, (uow) => createTask(uow, input)))).toEqual([field]);
    expect(await databaseSnapshot(h)).toEqual(before);
  });

  it("refuses an inactive assignee and a company the creator may not read (the field named)", async () => {
    const rep = f.actors.sales_rep;
    const gone = await createUser(h.db, { name: "Gone", active: false });
    const hidden = await f.insertCompany("Not yours AB", f.placement("sales_rep", "other")!);
    expect(await fieldOf(as(rep.id, (uow) => createTask(uow, { title: "X", assigneeId: gone.id })))).toEqual(["assigneeId"]);
    expect(await fieldOf(as(rep.id, (uow) => createTask(uow, { title: "X", assigneeId: rep.id, companyId: hidden })))).toEqual([
      "companyId",
    ]);
  });
});
