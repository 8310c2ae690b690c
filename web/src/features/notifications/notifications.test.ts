import { describe, expect, it } from "vitest";
import type { Notification } from "@relata/contracts";
import { notificationDetail, notificationText, safeLink } from "./text";

const t = (key: string, options: Record<string, unknown> = {}) => `${key}${JSON.stringify(options)}`;
const dateTime = (value: string) => `at ${value.slice(0, 10)}`;

function notification(kind: Notification["kind"], params: Notification["params"], actorName: string | null = "Ann Lee"): Notification {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    kind,
    params,
    link: null,
    actorId: null,
    actorName,
    companyId: null,
    createdAt: "2030-01-01T10:00:00.000Z",
    readAt: null,
  };
}

describe("notification text", () => {
  it("says an assignment with the actor from its params, else the sender's current name, else someone", () => {
    expect(notificationText(notification("assignment", { actor: "Bo", title: "Call" }), t, dateTime)).toBe(
      'notifications:text.assignment{"actor":"Bo","title":"Call"}',
    );
    expect(notificationText(notification("assignment", { title: "Call" }), t, dateTime)).toBe(
      'notifications:text.assignment{"actor":"Ann Lee","title":"Call"}',
    );
    expect(notificationText(notification("assignment", { title: "Call" }, null), t, dateTime)).toContain(
      '"actor":"notifications:someone{}"',
    );
  });

  it("says when a reminder is due in the reader's format, and leaves a broken time out", () => {
    expect(notificationText(notification("reminder", { title: "Call", dueAt: "2030-02-03T09:00:00.000Z" }), t, dateTime)).toBe(
      'notifications:text.reminder{"title":"Call","due":"at 2030-02-03"}',
    );
    expect(notificationText(notification("reminder", { title: "Call", dueAt: "soon" }), t, dateTime)).toBe(
      'notifications:text.reminderNoDue{"title":"Call"}',
    );
  });

  it("names the grades of a grade change in the reader's language, and a missing grade as none", () => {
    const text = notificationText(
      notification("workflow", { event: "grade_changed", company: "Acme", from: null, to: "key" }),
      t,
      dateTime,
    );
    expect(text).toBe('notifications:text.gradeChanged{"company":"Acme","from":"notifications:noGrade{}","to":"companies:grade.key{}"}');
  });

  it("falls back to a general line for mentions, comments and shares without a title, and unknown workflow events", () => {
    expect(notificationText(notification("mention", {}), t, dateTime)).toContain("mentionNoTitle");
    expect(notificationText(notification("comment", {}), t, dateTime)).toContain("commentNoTitle");
    expect(notificationText(notification("share", { title: "Offer v3" }), t, dateTime)).toContain("text.share{");
    expect(notificationText(notification("workflow", { event: "stage_changed", company: "Acme" }), t, dateTime)).toBe(
      'notifications:text.workflow{"company":"Acme"}',
    );
    expect(notificationText(notification("workflow", {}), t, dateTime)).toBe("notifications:text.workflowNoCompany{}");
  });

  it("adds the company under the line unless the line names it", () => {
    expect(notificationDetail(notification("assignment", { company: "Acme" }), "2 min ago")).toBe("Acme · 2 min ago");
    expect(notificationDetail(notification("workflow", { company: "Acme" }), "2 min ago")).toBe("2 min ago");
    expect(notificationDetail(notification("assignment", {}), "now")).toBe("now");
  });

  it("follows only paths inside the app", () => {
    expect(safeLink("/my-work?task=1")).toBe("/my-work?task=1");
    for (const link of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", null])
      expect(safeLink(link)).toBeNull();
  });
});
