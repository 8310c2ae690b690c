import { z } from "zod";
import { id, isoDateTime, limits, name, optionalText } from "./common";

export const taskPriorities = ["low", "normal", "high", "urgent"] as const;
export type TaskPriority = (typeof taskPriorities)[number];

export const taskStatuses = ["open", "done", "cancelled"] as const;
export type TaskStatus = (typeof taskStatuses)[number];

/** Records a task can be about. */
export const taskRelatedTypes = ["company", "contact", "timeline_entry", "document"] as const;
export type TaskRelatedType = (typeof taskRelatedTypes)[number];

/**
 * Sections of "My work", by the due time in the reader's time zone: overdue (open, due time
 * passed), today (open, due later today), upcoming (open, due after today), no date (open), done
 * (done or cancelled in the last 14 days).
 */
export const taskViews = ["overdue", "today", "upcoming", "no_date", "done"] as const;
export type TaskView = (typeof taskViews)[number];

/** Days a finished task stays in the "done" view. */
export const doneRecentlyDays = 14;
/** The longest reminder lead: four weeks, in minutes. */
export const remindMinutesMax = 40_320;

export const task = z.object({
  id,
  title: z.string(),
  description: z.string().nullable(),
  assigneeId: id,
  assigneeName: z.string(),
  creatorId: id.nullable(),
  creatorName: z.string().nullable(),
  dueAt: isoDateTime.nullable(),
  priority: z.enum(taskPriorities),
  status: z.enum(taskStatuses),
  completedAt: isoDateTime.nullable(),
  /** The company that decides who else sees the task (those who may read it). */
  companyId: id.nullable(),
  /** Null when there is no company or the reader may not see it. */
  companyName: z.string().nullable(),
  /** The record the task is about. */
  related: z.object({ type: z.enum(taskRelatedTypes), id }).nullable(),
  /** Minutes before the due time the assignee is reminded (0: at the due time); null: no reminder. */
  remindMinutesBefore: z.number().int().nullable(),
  /** When the reminder goes out (null: no due time or no reminder). */
  remindAt: isoDateTime.nullable(),
  /** When the reminder was sent, or settled unsent because its time had already passed when it was set. */
  remindedAt: isoDateTime.nullable(),
  /** Open and its due time has passed. */
  overdue: z.boolean(),
  /** Whether the reader may change it (the assignee, the creator, or who may update its company). */
  canChange: z.boolean(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
});
export type Task = z.infer<typeof task>;

const title = name;
const description = optionalText(limits.textMax);
const remindMinutesBefore = z.number().int().min(0).max(remindMinutesMax).nullable();

/** `POST /api/tasks`: the assignee defaults to the caller; the reminder to the due time. */
export const taskCreate = z
  .object({
    title,
    description,
    assigneeId: id.optional(),
    dueAt: isoDateTime.nullable().optional(),
    priority: z.enum(taskPriorities).optional(),
    companyId: id.nullable().optional(),
    remindMinutesBefore: remindMinutesBefore.optional(),
  })
  .strict();
export type TaskCreate = z.output<typeof taskCreate>;

/** `PATCH /api/tasks/:id` (If-Match). Reassigning notifies the new assignee. */
export const taskPatch = z
  .object({
    title: title.optional(),
    description,
    assigneeId: id.optional(),
    dueAt: isoDateTime.nullable().optional(),
    priority: z.enum(taskPriorities).optional(),
    status: z.enum(taskStatuses).optional(),
    companyId: id.nullable().optional(),
    remindMinutesBefore: remindMinutesBefore.optional(),
  })
  .strict();
export type TaskPatch = z.output<typeof taskPatch>;

/** `GET /api/tasks`: the caller's tasks in one view, or (`assigned=by_me`) those they gave to others. */
export const taskListQuery = z
  .object({
    view: z.enum(taskViews),
    assigned: z.enum(["to_me", "by_me"]).default("to_me"),
    limit: z.coerce.number().int().min(1).max(limits.pageSizeMax).default(limits.pageSizeDefault),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type TaskListQuery = z.output<typeof taskListQuery>;

/** `GET /api/tasks/summary`: how many of the caller's tasks each view holds. */
export const taskSummary = z.object({
  overdue: z.number().int(),
  today: z.number().int(),
  upcoming: z.number().int(),
  no_date: z.number().int(),
  done: z.number().int(),
  /** Open tasks the caller gave to others. */
  assignedByMe: z.number().int(),
});
export type TaskSummary = z.infer<typeof taskSummary>;

/** `GET /api/companies/:id/tasks`: open ones by due time (undated last), or finished ones newest first. */
export const companyTaskQuery = z
  .object({
    status: z.enum(["open", "finished"]).default("open"),
    limit: z.coerce.number().int().min(1).max(limits.pageSizeMax).default(limits.pageSizeDefault),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type CompanyTaskQuery = z.output<typeof companyTaskQuery>;
