import { describe, expect, it } from "vitest";
import type { Task } from "@relata/contracts";
import { changedFields, duePresetTime, reminderChoices, reminderLabel, ticked, withTask } from "./lib/tasks";

function task(id: string, extra: Partial<Task> = {}): Task {
  return {
    id,
    title: `Task ${id}`,
    description: null,
    assigneeId: "00000000-0000-4000-8000-000000000001",
    assigneeName: "Ann",
    creatorId: null,
    creatorName: null,
    dueAt: null,
    priority: "normal",
    status: "open",
    completedAt: null,
    companyId: null,
    companyName: null,
    related: null,
    remindMinutesBefore: 0,
    remindAt: null,
    remindedAt: null,
    overdue: false,
    canChange: true,
    createdAt: "2030-01-01T00:00:00.000Z",
    updatedAt: "2030-01-01T00:00:00.000Z",
    version: 1,
    ...extra,
  };
}

describe("due presets", () => {
  it("mean 17:00 of today, tomorrow or a week from today in the user's zone", () => {
    const now = new Date("2030-03-04T08:00:00Z"); // 09:00 in Stockholm, 16:00 in Shanghai
    expect(duePresetTime("none", now, "Europe/Stockholm")).toBeNull();
    expect(duePresetTime("today", now, "Europe/Stockholm")).toBe("2030-03-04T16:00:00.000Z");
    expect(duePresetTime("tomorrow", now, "Europe/Stockholm")).toBe("2030-03-05T16:00:00.000Z");
    expect(duePresetTime("nextWeek", now, "Europe/Stockholm")).toBe("2030-03-11T16:00:00.000Z");
    expect(duePresetTime("today", now, "Asia/Shanghai")).toBe("2030-03-04T09:00:00.000Z");
  });

  it("move today's to the end of the day once 17:00 has passed, and count days in the user's zone", () => {
    const evening = new Date("2030-03-04T17:30:00Z"); // 01:30 on the 5th in Shanghai
    expect(duePresetTime("today", evening, "Europe/London")).toBe("2030-03-04T23:59:00.000Z");
    expect(duePresetTime("tomorrow", evening, "Asia/Shanghai")).toBe("2030-03-06T09:00:00.000Z");
  });

  it("cross a month end", () => {
    expect(duePresetTime("nextWeek", new Date("2030-01-28T10:00:00Z"), "UTC")).toBe("2030-02-04T17:00:00.000Z");
  });
});

describe("reminders", () => {
  it("offer none, at the due time and fixed leads, plus the task's own lead", () => {
    expect(reminderChoices(0)).toEqual([null, 0, 15, 60, 1440]);
    expect(reminderChoices(30)).toEqual([null, 0, 15, 30, 60, 1440]);
    expect(reminderChoices(null)).toEqual([null, 0, 15, 60, 1440]);
  });

  it("are named in the largest whole unit", () => {
    expect(reminderLabel(null)).toEqual({ key: "reminder.none" });
    expect(reminderLabel(0)).toEqual({ key: "reminder.atDue" });
    expect(reminderLabel(45)).toEqual({ key: "reminder.minutes", count: 45 });
    expect(reminderLabel(120)).toEqual({ key: "reminder.hours", count: 2 });
    expect(reminderLabel(2880)).toEqual({ key: "reminder.days", count: 2 });
  });
});

describe("optimistic ticks", () => {
  it("change the task in every cached page and leave the others", () => {
    const data = {
      pages: [
        { items: [task("a"), task("b")], nextCursor: "x" },
        { items: [task("c")], nextCursor: null },
      ],
      pageParams: [undefined, "x"],
    };
    const next = withTask(data, "c", { status: "done" })!;
    expect(next.pages[1]!.items[0]!.status).toBe("done");
    expect(next.pages[0]!.items.map((t) => t.status)).toEqual(["open", "open"]);
    expect(data.pages[1]!.items[0]!.status).toBe("open");
    expect(withTask(undefined, "c", {})).toBeUndefined();
  });

  it("show a reopened task overdue again when its due time passed", () => {
    const now = new Date("2030-01-02T00:00:00Z");
    expect(ticked(task("a", { dueAt: "2030-01-01T00:00:00.000Z" }), false, now)).toEqual({
      status: "open",
      completedAt: null,
      overdue: true,
    });
    expect(ticked(task("a"), true, now)).toEqual({ status: "done", completedAt: now.toISOString(), overdue: false });
  });
});

describe("edit form", () => {
  it("sends only what changed", () => {
    expect(changedFields({ title: "A", priority: "normal" }, { title: "A", priority: "high", dueAt: null })).toEqual({
      priority: "high",
      dueAt: null,
    });
  });
});
