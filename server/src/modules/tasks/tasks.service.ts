/**
 * Tasks: to-dos assigned to a user, optionally due at a time and about a record. Who may see a
 * task: its assignee, its creator and whoever may read its company; who may change or delete
 * it: its assignee, its creator and whoever may update its company (invisible → 404, visible but
 * not changeable → 403, both before anything is written). Every change is audited (the table's
 * trigger) and announced on the personal topics of the people it concerns and on its company's.
 */
import type { CompanyTaskQuery, TaskCreate, TaskListQuery, TaskPatch, TaskPriority, TaskRelatedType } from "@relata/contracts";
import { taskPriorities, taskRelatedTypes, remindMinutesMax } from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { unitOfWork, type UnitOfWork, type UnitOfWorkContext } from "../../platform/events/unit-of-work";
import { actorId, type UserActor } from "../../platform/access/actor";
import { Forbidden, NotFound, PreconditionFailed, Validation } from "../../platform/errors";
import { cursorValue, decodeCursor, toPage } from "../../platform/http/pagination";
import {
  companyFor,
  registerCompanyHandoverStep,
  registerCompanyMergeStep,
  type CompanyHandoverStep,
  type CompanyMergeStep,
  type CompanyPlacement,
} from "../companies";
import { notify } from "../notifications";
import * as repo from "./tasks.repository";
import { presentTask } from "./tasks.presenter";
import { scheduleReminder, taskLink } from "./tasks.reminders";

type Context = UnitOfWorkContext & { actor: UserActor };

export type CreateTaskInput = {
  title: string;
  description?: string | null;
  assigneeId: string;
  dueAt?: Date | null;
  priority?: TaskPriority;
  companyId?: string | null;
  related?: { type: TaskRelatedType; id: string } | null;
  /** Minutes before the due time to remind the assignee (default 0: at the due time); null: no reminder. */
  remindMinutesBefore?: number | null;
  /** False when the caller sends the assignee a notification of its own (a business reminder): one message, not two. */
  notifyAssignee?: boolean;
};

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The reminder time of a due time and lead (null: no due time or no reminder). */
const reminderTime = (dueAt: Date | null, minutesBefore: number | null) =>
  dueAt && minutesBefore !== null ? new Date(dueAt.getTime() - minutesBefore * 60_000) : null;

/**
 * The company a task hangs on, for the actor: must exist and be readable (otherwise the field is
 * wrong, named — the task itself is not what is missing).
 */
async function taskCompany(uow: UnitOfWork, companyId: string): Promise<CompanyPlacement> {
  try {
    return await companyFor(uow.tx, uow.actor, companyId);
  } catch (error) {
    if (error instanceof Error && "code" in error && (error as { code: string }).code === "not_found")
      throw Validation([{ field: "companyId", message: "no such company" }]);
    throw error;
  }
}

async function activeAssignee(uow: UnitOfWork, assigneeId: string) {
  const user = uuidPattern.test(assigneeId) ? await repo.findActiveUser(uow.tx, assigneeId) : undefined;
  if (!user) throw Validation([{ field: "assigneeId", message: "no such active user" }]);
  return user;
}

/** The people and company a change concerns hear of it: on their personal topics, and on the company's card. */
async function announce(uow: UnitOfWork, name: string, taskId: string, users: (string | null)[], companies: (CompanyPlacement | null)[]) {
  for (const userId of new Set(users.filter((id): id is string => id !== null)))
    await uow.emit({ name, object: "user", recordId: userId, topics: [`user:${userId}`], payload: { taskId } });
  const seen = new Set<string>();
  for (const company of companies) {
    if (!company || seen.has(company.id)) continue;
    seen.add(company.id);
    await uow.emit({
      name,
      object: "company",
      recordId: company.id,
      topics: [`company:${company.id}`],
      access: { ownerId: company.ownerId, teamId: company.teamId, orgUnitId: company.orgUnitId, securityLevel: company.securityLevel },
      payload: { taskId },
    });
  }
}

async function notifyAssignee(uow: UnitOfWork, task: repo.TaskRow, companyName: string | null, actorName?: string | null) {
  await notify(uow, {
    userIds: [task.assigneeId],
    kind: "assignment",
    params: {
      actor: actorName === undefined ? await repo.userName(uow.tx, actorId(uow.actor)) : actorName,
      title: task.title,
      company: companyName,
      dueAt: task.dueAt?.toISOString() ?? null,
    },
    link: taskLink(task.id),
    companyId: task.companyId,
  });
}

/**
 * A reminder time already past when it is set is settled at once, unsent (the task shows as due
 * or overdue instead): `reminded_at` is set so the sweep does not send it late.
 */
const settledAt = (remindAt: Date | null) => (remindAt && remindAt.getTime() <= Date.now() ? new Date() : null);

async function planReminder(uow: UnitOfWork, taskId: string, remindAt: Date | null) {
  if (remindAt && remindAt.getTime() > Date.now()) await scheduleReminder(uow.tx, taskId, remindAt);
}

/**
 * Creates a task in the caller's unit of work (other modules call this too: a timeline entry's
 * next step, a document to review), notifies its assignee unless they made it themselves, and
 * schedules its reminder. The actor must be able to read the company, when there is one.
 */
export async function createTask(uow: UnitOfWork, input: CreateTaskInput): Promise<{ id: string }> {
  const title = input.title.trim();
  if (title === "" || title.length > 200 || title.includes("\u0000"))
    throw Validation([{ field: "title", message: "must be 1–200 characters" }]);
  const description = input.description?.trim() || null;
  if (description && description.length > 10_000) throw Validation([{ field: "description", message: "must be at most 10000 characters" }]);
  const priority = input.priority ?? "normal";
  if (!taskPriorities.includes(priority)) throw Validation([{ field: "priority", message: "is not a priority" }]);
  const dueAt = input.dueAt ?? null;
  if (dueAt && Number.isNaN(dueAt.getTime())) throw Validation([{ field: "dueAt", message: "is not a time" }]);
  const remindMinutesBefore = input.remindMinutesBefore === undefined ? 0 : input.remindMinutesBefore;
  if (
    remindMinutesBefore !== null &&
    (!Number.isInteger(remindMinutesBefore) || remindMinutesBefore < 0 || remindMinutesBefore > remindMinutesMax)
  )
    throw Validation([{ field: "remindMinutesBefore", message: `must be 0–${remindMinutesMax} minutes` }]);
  let related = input.related ?? null;
  if (related && (!taskRelatedTypes.includes(related.type) || !uuidPattern.test(related.id)))
    throw Validation([{ field: "related", message: "is not a record a task can be about" }]);
  const companyId = input.companyId ?? (related?.type === "company" ? related.id : null);
  // A task on a company is about that company unless it names something of it.
  related ??= companyId ? { type: "company", id: companyId } : null;
  if (companyId !== null && !uuidPattern.test(companyId)) throw Validation([{ field: "companyId", message: "no such company" }]);
  const assignee = await activeAssignee(uow, input.assigneeId);
  const company = companyId ? await taskCompany(uow, companyId) : null;
  const remindAt = reminderTime(dueAt, remindMinutesBefore);
  const row = await repo.insertTask(uow.tx, {
    title,
    description,
    assigneeId: assignee.id,
    creatorId: actorId(uow.actor),
    dueAt,
    priority,
    companyId,
    relatedType: related?.type ?? null,
    relatedId: related?.id ?? null,
    remindMinutesBefore,
    remindAt,
    remindedAt: settledAt(remindAt),
  });
  await planReminder(uow, row.id, remindAt);
  if (input.notifyAssignee !== false) await notifyAssignee(uow, row, companyId ? await repo.companyName(uow.tx, companyId) : null);
  await announce(uow, "task.created", row.id, [row.assigneeId, row.creatorId], [company]);
  return { id: row.id };
}

async function presentVisible(uow: UnitOfWork, id: string) {
  return presentTask((await repo.findVisibleTask(uow.tx, uow.actor, id))!);
}

export async function createTaskFromRequest(platform: Platform, context: Context, input: TaskCreate) {
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const { id } = await createTask(uow, {
      title: input.title,
      description: input.description ?? null,
      assigneeId: input.assigneeId ?? context.actor.userId,
      dueAt: input.dueAt ? new Date(input.dueAt) : null,
      ...(input.priority ? { priority: input.priority } : {}),
      companyId: input.companyId ?? null,
      ...(input.remindMinutesBefore !== undefined ? { remindMinutesBefore: input.remindMinutesBefore } : {}),
    });
    return presentVisible(uow, id);
  });
}

export async function getTask(platform: Platform, actor: UserActor, id: string) {
  const row = await repo.findVisibleTask(platform.db, actor, id);
  if (!row) throw NotFound("Task");
  return presentTask(row);
}

/** Locks a task the actor may change: invisible → 404, visible but not theirs to change → 403, stale → 412. */
async function lockForChange(uow: UnitOfWork, id: string, version: number | undefined) {
  const found = await repo.lockVisibleTask(uow.tx, uow.actor, id);
  if (!found) throw NotFound("Task");
  if (!found.canChange) throw Forbidden();
  if (version !== undefined && found.task.version !== version) throw PreconditionFailed();
  return found.task;
}

async function placementOf(uow: UnitOfWork, companyId: string | null) {
  if (!companyId) return null;
  // Read as the system: the placement decides who hears of the change, whoever made it.
  return companyFor(uow.tx, { kind: "system", name: "tasks" }, companyId).catch(() => null);
}

export async function changeTask(platform: Platform, context: Context, id: string, version: number, input: TaskPatch) {
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const current = await lockForChange(uow, id, version);
    const values: Partial<repo.TaskInsert> = {};
    if (input.title !== undefined) values.title = input.title;
    if (input.description !== undefined) values.description = input.description;
    if (input.priority !== undefined) values.priority = input.priority;
    if (input.assigneeId !== undefined && input.assigneeId !== current.assigneeId)
      values.assigneeId = (await activeAssignee(uow, input.assigneeId)).id;
    if (input.companyId !== undefined && input.companyId !== current.companyId) {
      if (input.companyId !== null) await taskCompany(uow, input.companyId);
      values.companyId = input.companyId;
      // The record it was about belonged to the old company.
      values.relatedType = input.companyId ? "company" : null;
      values.relatedId = input.companyId;
    }
    if (input.status !== undefined && input.status !== current.status) {
      values.status = input.status;
      values.completedAt = input.status === "open" ? null : new Date();
    }
    const dueAt = input.dueAt !== undefined ? (input.dueAt ? new Date(input.dueAt) : null) : current.dueAt;
    const minutes = input.remindMinutesBefore !== undefined ? input.remindMinutesBefore : current.remindMinutesBefore;
    if (input.dueAt !== undefined) values.dueAt = dueAt;
    if (input.remindMinutesBefore !== undefined) values.remindMinutesBefore = minutes;
    const remindAt = reminderTime(dueAt, minutes);
    const reminderMoved = (remindAt?.getTime() ?? null) !== (current.remindAt?.getTime() ?? null);
    if (reminderMoved) {
      values.remindAt = remindAt;
      values.remindedAt = settledAt(remindAt);
    }
    const row = await repo.updateTask(uow.tx, id, version, values);
    if (!row) throw PreconditionFailed();
    // A moved reminder, or an unsent one of a task opened again, needs a job at its time (an older job finds nothing to do).
    if (row.status === "open" && row.remindedAt === null && (reminderMoved || values.status === "open"))
      await planReminder(uow, id, row.remindAt);
    if (values.assigneeId) await notifyAssignee(uow, row, row.companyId ? await repo.companyName(uow.tx, row.companyId) : null);
    await announce(
      uow,
      "task.changed",
      id,
      [current.assigneeId, row.assigneeId, current.creatorId],
      [await placementOf(uow, current.companyId), await placementOf(uow, row.companyId)],
    );
    // Someone who handed the task away may no longer see it: they still get the answer to their change (canChange tells).
    return presentTask((await repo.findTaskFor(uow.tx, uow.actor, id))!);
  });
}

export async function deleteTask(platform: Platform, context: Context, id: string, version: number | undefined) {
  await unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const current = await lockForChange(uow, id, version);
    await repo.deleteTask(uow.tx, id);
    await announce(uow, "task.deleted", id, [current.assigneeId, current.creatorId], [await placementOf(uow, current.companyId)]);
  });
}

export async function listMyTasks(platform: Platform, actor: UserActor, query: TaskListQuery) {
  const cursor = decodeCursor(query.cursor, 2, ([key, id]) => cursorValue.instant(key) && cursorValue.id(id));
  const timeZone = await repo.timeZoneOf(platform.db, actor.userId);
  const rows = await repo.listMyTasks(platform.db, actor, {
    view: query.view,
    assigned: query.assigned,
    timeZone,
    limit: query.limit,
    after: cursor as [string, string] | undefined,
  });
  const key = (row: repo.TaskViewRow) =>
    query.view === "no_date" ? row.createdKey : query.view === "done" ? row.completedKey : row.dueKey;
  return toPage(rows, query.limit, presentTask, (row) => [key(row), row.task.id]);
}

export async function taskSummary(platform: Platform, actor: UserActor) {
  return repo.summarize(platform.db, actor.userId, await repo.timeZoneOf(platform.db, actor.userId));
}

export async function listCompanyTasks(platform: Platform, actor: UserActor, companyId: string, query: CompanyTaskQuery) {
  await companyFor(platform.db, actor, companyId);
  const cursor = decodeCursor(
    query.cursor,
    2,
    ([key, id]) => (cursorValue.instant(key) || (key === null && query.status === "open")) && cursorValue.id(id),
  );
  const rows = await repo.listCompanyTasks(platform.db, actor, companyId, {
    status: query.status,
    limit: query.limit,
    after: cursor as [string | null, string] | undefined,
  });
  return toPage(rows, query.limit, presentTask, (row) => [query.status === "open" ? row.dueKey : row.completedKey, row.task.id]);
}

/** The tasks' part in a company merge: the merged-away company's tasks follow it. */
const moveTasksOnMerge: CompanyMergeStep = (uow, { sourceId, targetId }) => repo.moveTasks(uow.tx, sourceId, targetId);

/**
 * The tasks' part in a handover: the departing owner's open tasks on the companies handed over
 * go with them to the new owner, who is told of each (their My work and bell update live).
 */
const handOverTasks: CompanyHandoverStep = async (uow, { fromUserId, toUserId, companyIds }) => {
  const moved = await repo.reassignOpenTasks(uow.tx, fromUserId, toUserId, companyIds);
  if (moved.length === 0) return;
  // A handover moves many tasks of a few companies: each company and the actor are read once.
  const actorName = await repo.userName(uow.tx, actorId(uow.actor));
  const companies = new Map<string, { name: string | null; placement: CompanyPlacement }>();
  for (const task of moved) {
    let company = task.companyId ? companies.get(task.companyId) : undefined;
    if (task.companyId && !company) {
      company = { name: await repo.companyName(uow.tx, task.companyId), placement: await taskCompany(uow, task.companyId) };
      companies.set(task.companyId, company);
    }
    await notifyAssignee(uow, task, company?.name ?? null, actorName);
    await announce(uow, "task.changed", task.id, [fromUserId, toUserId, task.creatorId], [company?.placement ?? null]);
  }
};

export function registerTaskHooks() {
  registerCompanyMergeStep(moveTasksOnMerge);
  registerCompanyHandoverStep(handOverTasks);
}
