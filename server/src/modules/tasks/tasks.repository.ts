import { and, asc, desc, eq, inArray, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import { alias, type AnyPgColumn } from "drizzle-orm/pg-core";
import type { TaskView } from "@relata/contracts";
import { doneRecentlyDays } from "@relata/contracts";
import type { Db } from "../../db/connection";
import { companies, tasks, users } from "../../db/schema";
import type { Tx } from "../../platform/events/unit-of-work";
import type { Actor } from "../../platform/access/actor";
import { actorId } from "../../platform/access/actor";
import { visibleCompanies } from "../companies";

type Executor = Db | Tx;
export type TaskRow = typeof tasks.$inferSelect;
export type TaskInsert = typeof tasks.$inferInsert;

const assignees = alias(users, "assignee");
const creators = alias(users, "creator");
const instant = (column: SQL | AnyPgColumn) => sql<string | null>`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Who may see a task: its assignee, its creator, and whoever may read its company. The company
 * is left-joined: without one (or for a company the actor may not read) the condition is false
 * and only the first two hold.
 */
export function visibleTasks(actor: Actor): SQL {
  const me = actorId(actor);
  if (!me) return sql`true`;
  return or(eq(tasks.assigneeId, me), eq(tasks.creatorId, me), sql`coalesce(${visibleCompanies(actor)}, false)`) as SQL;
}

/** Who may change (and delete) it: its assignee, its creator, and whoever may update its company. */
function changeableTasks(actor: Actor): SQL {
  const me = actorId(actor);
  if (!me) return sql`true`;
  return or(eq(tasks.assigneeId, me), eq(tasks.creatorId, me), sql`coalesce(${visibleCompanies(actor, "update")}, false)`) as SQL;
}

const viewColumns = (actor: Actor) => ({
  task: tasks,
  assigneeName: assignees.name,
  creatorName: creators.name,
  // A company the reader may not see stays a bare id: its name does not ride along.
  companyName: sql<string | null>`CASE WHEN coalesce(${visibleCompanies(actor)}, false) THEN ${companies.name} END`,
  canChange: sql<boolean>`coalesce(${changeableTasks(actor)}, false)`,
  overdue: sql<boolean>`coalesce(${tasks.status} = 'open' AND ${tasks.dueAt} < now(), false)`,
  dueKey: instant(tasks.dueAt),
  completedKey: instant(tasks.completedAt),
  createdKey: instant(tasks.createdAt),
});

const selectTasks = (db: Executor, actor: Actor) =>
  db
    .select(viewColumns(actor))
    .from(tasks)
    .innerJoin(assignees, eq(assignees.id, tasks.assigneeId))
    .leftJoin(creators, eq(creators.id, tasks.creatorId))
    .leftJoin(companies, eq(companies.id, tasks.companyId));

export type TaskViewRow = NonNullable<Awaited<ReturnType<typeof findVisibleTask>>>;

export async function findVisibleTask(db: Executor, actor: Actor, id: string) {
  const [row] = await selectTasks(db, actor).where(and(eq(tasks.id, id), visibleTasks(actor)));
  return row;
}

/** A task as `actor` would see it, without asking whether they may (the answer to a change that handed it away). */
export async function findTaskFor(db: Executor, actor: Actor, id: string) {
  const [row] = await selectTasks(db, actor).where(eq(tasks.id, id));
  return row;
}

/** The task row locked for a change, if the actor may see it. */
export async function lockVisibleTask(db: Executor, actor: Actor, id: string) {
  const [row] = await db
    .select({ task: tasks, canChange: sql<boolean>`coalesce(${changeableTasks(actor)}, false)` })
    .from(tasks)
    .leftJoin(companies, eq(companies.id, tasks.companyId))
    .where(and(eq(tasks.id, id), visibleTasks(actor)))
    .for("update", { of: tasks });
  return row;
}

/** Today in a time zone, as PostgreSQL's date of `now()` there. */
const localDate = (column: SQL | AnyPgColumn, timeZone: string) => sql`(${column} AT TIME ZONE ${timeZone})::date`;

/** The condition and order of a "My work" view in the reader's time zone. */
function viewOf(view: TaskView, timeZone: string): { where: SQL; key: SQL<string | null>; direction: "asc" | "desc" } {
  const open = eq(tasks.status, "open");
  const today = localDate(sql`now()`, timeZone);
  switch (view) {
    case "overdue":
      return { where: and(open, sql`${tasks.dueAt} < now()`) as SQL, key: instant(tasks.dueAt), direction: "asc" };
    case "today":
      return {
        where: and(open, sql`${tasks.dueAt} >= now()`, sql`${localDate(tasks.dueAt, timeZone)} = ${today}`) as SQL,
        key: instant(tasks.dueAt),
        direction: "asc",
      };
    case "upcoming":
      return { where: and(open, sql`${localDate(tasks.dueAt, timeZone)} > ${today}`) as SQL, key: instant(tasks.dueAt), direction: "asc" };
    case "no_date":
      return { where: and(open, isNull(tasks.dueAt)) as SQL, key: instant(tasks.createdAt), direction: "desc" };
    case "done":
      return {
        where: and(
          inArray(tasks.status, ["done", "cancelled"]),
          sql`${tasks.completedAt} >= now() - make_interval(days => ${doneRecentlyDays})`,
        ) as SQL,
        key: instant(tasks.completedAt),
        direction: "desc",
      };
  }
}

const keyColumn = (view: TaskView) => (view === "no_date" ? tasks.createdAt : view === "done" ? tasks.completedAt : tasks.dueAt);

/** Whose tasks: assigned to the user, or created by them for someone else. */
const whose = (userId: string, assigned: "to_me" | "by_me") =>
  assigned === "to_me" ? eq(tasks.assigneeId, userId) : (and(eq(tasks.creatorId, userId), ne(tasks.assigneeId, userId)) as SQL);

export async function listMyTasks(
  db: Executor,
  actor: Actor & { kind: "user" },
  options: { view: TaskView; assigned: "to_me" | "by_me"; timeZone: string; limit: number; after: [string, string] | undefined },
) {
  const { where, direction } = viewOf(options.view, options.timeZone);
  const column = keyColumn(options.view);
  const after = options.after
    ? direction === "asc"
      ? sql`(${column}, ${tasks.id}) > (${options.after[0]}::timestamptz, ${options.after[1]}::uuid)`
      : sql`(${column}, ${tasks.id}) < (${options.after[0]}::timestamptz, ${options.after[1]}::uuid)`
    : undefined;
  const order = direction === "asc" ? [asc(column), asc(tasks.id)] : [desc(column), desc(tasks.id)];
  return selectTasks(db, actor)
    .where(and(whose(actor.userId, options.assigned), where, after))
    .orderBy(...order)
    .limit(options.limit + 1);
}

/** How many of the user's tasks each view holds, and how many open ones they gave to others. */
export async function summarize(db: Executor, userId: string, timeZone: string) {
  const count = (condition: SQL) => sql<number>`(count(*) FILTER (WHERE ${eq(tasks.assigneeId, userId)} AND ${condition}))::int`;
  const [row] = await db
    .select({
      overdue: count(viewOf("overdue", timeZone).where),
      today: count(viewOf("today", timeZone).where),
      upcoming: count(viewOf("upcoming", timeZone).where),
      no_date: count(viewOf("no_date", timeZone).where),
      done: count(viewOf("done", timeZone).where),
      assignedByMe: sql<number>`(count(*) FILTER (WHERE ${whose(userId, "by_me")} AND ${tasks.status} = 'open'))::int`,
    })
    .from(tasks)
    .where(or(eq(tasks.assigneeId, userId), eq(tasks.creatorId, userId)));
  return row!;
}

/** A company's tasks (the caller may read the company, so all of them): open by due time, undated last; finished newest first. */
export async function listCompanyTasks(
  db: Executor,
  actor: Actor,
  companyId: string,
  options: { status: "open" | "finished"; limit: number; after: [string | null, string] | undefined },
) {
  const { after } = options;
  if (options.status === "open") {
    const past = after
      ? after[0] === null
        ? sql`(${tasks.dueAt} IS NULL AND ${tasks.id} > ${after[1]}::uuid)`
        : sql`((${tasks.dueAt}, ${tasks.id}) > (${after[0]}::timestamptz, ${after[1]}::uuid) OR ${tasks.dueAt} IS NULL)`
      : undefined;
    return selectTasks(db, actor)
      .where(and(eq(tasks.companyId, companyId), eq(tasks.status, "open"), past))
      .orderBy(sql`${tasks.dueAt} ASC NULLS LAST`, asc(tasks.id))
      .limit(options.limit + 1);
  }
  const past = after ? sql`(${tasks.completedAt}, ${tasks.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined;
  return selectTasks(db, actor)
    .where(and(eq(tasks.companyId, companyId), inArray(tasks.status, ["done", "cancelled"]), past))
    .orderBy(desc(tasks.completedAt), desc(tasks.id))
    .limit(options.limit + 1);
}

export async function findActiveUser(db: Executor, id: string) {
  const [row] = await db.select({ id: users.id, name: users.name, active: users.active }).from(users).where(eq(users.id, id));
  return row?.active ? row : undefined;
}

export async function userName(db: Executor, id: string | null) {
  if (!id) return null;
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, id));
  return row?.name ?? null;
}

export async function timeZoneOf(db: Executor, userId: string) {
  const [row] = await db.select({ timeZone: users.timeZone }).from(users).where(eq(users.id, userId));
  return row?.timeZone ?? "UTC";
}

export async function insertTask(db: Executor, values: TaskInsert) {
  const [row] = await db.insert(tasks).values(values).returning();
  return row!;
}

export async function updateTask(db: Executor, id: string, version: number, values: Partial<TaskInsert>) {
  const [row] = await db
    .update(tasks)
    .set({ ...values, updatedAt: sql`now()`, version: sql`${tasks.version} + 1` })
    .where(and(eq(tasks.id, id), eq(tasks.version, version)))
    .returning();
  return row;
}

export async function deleteTask(db: Executor, id: string) {
  await db.delete(tasks).where(eq(tasks.id, id));
}

/** The reminder of a task, locked, if it is still to be sent now (open, due, not sent). */
export async function lockDueReminder(db: Executor, id: string) {
  const [row] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.id, id), eq(tasks.status, "open"), isNull(tasks.remindedAt), sql`${tasks.remindAt} <= now()`))
    .for("update");
  return row;
}

export async function markReminded(db: Executor, id: string) {
  // Not a change of the task itself: neither its version nor `updated_at` move, so an open edit dialog stays valid.
  await db
    .update(tasks)
    .set({ remindedAt: sql`now()` })
    .where(eq(tasks.id, id));
}

/** Tasks whose reminder is due and was not sent (the sweep's catch-up after downtime). */
export async function dueReminderIds(db: Executor, limit: number) {
  const rows = await db
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(eq(tasks.status, "open"), isNull(tasks.remindedAt), sql`${tasks.remindAt} <= now()`))
    .orderBy(asc(tasks.remindAt))
    .limit(limit);
  return rows.map((row) => row.id);
}

export async function companyName(db: Executor, id: string) {
  const [row] = await db.select({ name: companies.name }).from(companies).where(eq(companies.id, id));
  return row?.name ?? null;
}

/** A merge: the source company's tasks move to the company it merges into. */
export async function moveTasks(db: Executor, sourceId: string, targetId: string) {
  await db.update(tasks).set({ companyId: targetId }).where(eq(tasks.companyId, sourceId));
  await db
    .update(tasks)
    .set({ relatedId: targetId })
    .where(and(eq(tasks.relatedType, "company"), eq(tasks.relatedId, sourceId)));
}

/** A handover: the open tasks `fromUserId` holds on these companies go to `toUserId` (returned as they are now). */
export async function reassignOpenTasks(db: Executor, fromUserId: string, toUserId: string, companyIds: readonly string[]) {
  if (companyIds.length === 0) return [];
  return db
    .update(tasks)
    .set({ assigneeId: toUserId, version: sql`${tasks.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(tasks.assigneeId, fromUserId), eq(tasks.status, "open"), inArray(tasks.companyId, [...companyIds])))
    .returning();
}
