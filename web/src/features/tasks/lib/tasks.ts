/** Pure helpers of the task screens (unit-tested): due presets in the user's zone, reminder choices, optimistic updates. */
import type { InfiniteData } from "@tanstack/react-query";
import type { Task, TaskPriority } from "@relata/contracts";
import { isoToLocalInput, localInputToIso } from "../../../components/record-form/datetime";
import type { ListPage } from "../../../components/record-list";

export const duePresets = ["none", "today", "tomorrow", "nextWeek"] as const;
export type DuePreset = (typeof duePresets)[number];

/** The working day ends at 17:00; a task "for today" after that is due at the end of the day. */
const endOfWork = "17:00";

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The due time a quick-add preset means, in the user's time zone (null: no date). */
export function duePresetTime(preset: DuePreset, now: Date, timeZone: string): string | null {
  if (preset === "none") return null;
  const today = isoToLocalInput(now.toISOString(), timeZone).slice(0, 10);
  if (preset === "today") {
    const evening = localInputToIso(`${today}T${endOfWork}`, timeZone)!;
    return new Date(evening) > now ? evening : localInputToIso(`${today}T23:59`, timeZone)!;
  }
  return localInputToIso(`${addDays(today, preset === "tomorrow" ? 1 : 7)}T${endOfWork}`, timeZone)!;
}

/** The reminder leads offered (minutes before the due time); a task's own other lead is offered too. */
export const reminderLeads = [0, 15, 60, 1440] as const;

export function reminderChoices(current: number | null | undefined): (number | null)[] {
  const leads: number[] = [...reminderLeads];
  if (typeof current === "number" && !leads.includes(current)) leads.push(current);
  return [null, ...leads.sort((a, b) => a - b)];
}

/** The i18n key and count that name a reminder lead. */
export function reminderLabel(minutes: number | null): { key: string; count?: number } {
  if (minutes === null) return { key: "reminder.none" };
  if (minutes === 0) return { key: "reminder.atDue" };
  if (minutes % 1440 === 0) return { key: "reminder.days", count: minutes / 1440 };
  if (minutes % 60 === 0) return { key: "reminder.hours", count: minutes / 60 };
  return { key: "reminder.minutes", count: minutes };
}

export const priorityColor: Record<TaskPriority, string> = { low: "gray", normal: "blue", high: "orange", urgent: "red" };

type Pages = InfiniteData<ListPage<Task>, unknown>;

/** The cached pages with one task changed (an optimistic tick): every list it appears in shows it at once. */
export function withTask(data: Pages | undefined, id: string, change: Partial<Task>): Pages | undefined {
  if (!data) return data;
  return {
    ...data,
    pages: data.pages.map((page) => ({ ...page, items: page.items.map((task) => (task.id === id ? { ...task, ...change } : task)) })),
  };
}

/** The optimistic look of a task ticked done or open again. */
export function ticked(task: Task, done: boolean, now: Date): Partial<Task> {
  return done
    ? { status: "done", completedAt: now.toISOString(), overdue: false }
    : { status: "open", completedAt: null, overdue: task.dueAt !== null && new Date(task.dueAt) < now };
}

/** The API body of the edit form's state: only what changed (a new task: everything set). */
export function changedFields<T extends Record<string, unknown>>(before: Partial<T>, after: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) if (before[key] !== after[key]) out[key] = after[key];
  return out;
}
