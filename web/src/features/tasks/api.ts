/** Task calls: one function per endpoint; query keys start with "tasks". Lists listen to the reader's own topic (and a company's). */
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { Task, TaskCreate, TaskPatch, TaskSummary, TaskView } from "@relata/contracts";
import { api } from "../../lib/api";
import type { ListPage } from "../../components/record-list";

export type Assigned = "to_me" | "by_me";

/** Every task change is announced on the personal topics of its assignee and creator, and on its company's topic. */
const personalTopic = (userId: string) => `user:${userId}`;
const companyTopic = (companyId: string) => `company:${companyId}`;

export const tasksKey = ["tasks"] as const;

/** One view of My work, a page at a time. */
export const taskViewQuery = (userId: string, view: TaskView, assigned: Assigned) =>
  infiniteQueryOptions({
    queryKey: [...tasksKey, "view", assigned, view],
    queryFn: ({ pageParam, signal }) =>
      api<ListPage<Task>>("GET", "/api/tasks", { query: { view, assigned, limit: 25, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    meta: { topics: [personalTopic(userId)] },
  });

export const taskSummaryQuery = (userId: string) =>
  queryOptions({
    queryKey: [...tasksKey, "summary"],
    queryFn: ({ signal }) => api<TaskSummary>("GET", "/api/tasks/summary", { signal }),
    meta: { topics: [personalTopic(userId)] },
  });

export const taskQuery = (userId: string, id: string) =>
  queryOptions({
    queryKey: [...tasksKey, "one", id],
    queryFn: ({ signal }) => api<Task>("GET", `/api/tasks/${encodeURIComponent(id)}`, { signal }),
    meta: { topics: [personalTopic(userId)] },
  });

/** A company's tasks: the open ones, or the finished ones. */
export const companyTasksQuery = (companyId: string, status: "open" | "finished") =>
  infiniteQueryOptions({
    queryKey: [...tasksKey, "company", companyId, status],
    queryFn: ({ pageParam, signal }) =>
      api<ListPage<Task>>("GET", `/api/companies/${encodeURIComponent(companyId)}/tasks`, {
        query: { status, limit: 25, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    meta: { topics: [companyTopic(companyId)] },
  });

export function createTask(body: TaskCreate, idempotencyKey?: string) {
  return api<Task>("POST", "/api/tasks", { body, idempotencyKey });
}

export function patchTask(id: string, version: number, body: TaskPatch) {
  return api<Task>("PATCH", `/api/tasks/${encodeURIComponent(id)}`, { body, version });
}

/** Done (true) or open again (false). */
export function setTaskDone(task: Pick<Task, "id" | "version">, done: boolean) {
  return api<Task>("POST", `/api/tasks/${encodeURIComponent(task.id)}/${done ? "complete" : "reopen"}`, { version: task.version });
}

export function deleteTask(task: Pick<Task, "id" | "version">) {
  return api<void>("DELETE", `/api/tasks/${encodeURIComponent(task.id)}`, { version: task.version });
}
