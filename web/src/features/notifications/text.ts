/**
 * What a notification says, in the reader's language, from its `kind` and `params` (the values
 * as they were when it was sent). Pure: the translation and formatting functions come in.
 */
import type { Notification } from "@relata/contracts";

type Translate = (key: string, options?: Record<string, unknown>) => string;
type DateTimeFormat = (value: string) => string;

const text = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value : null);

/** The notification's main line. */
export function notificationText(notification: Notification, t: Translate, dateTime: DateTimeFormat): string {
  const { params } = notification;
  const actor = text(params.actor) ?? notification.actorName ?? t("notifications:someone");
  const title = text(params.title);
  const company = text(params.company);
  switch (notification.kind) {
    case "assignment":
      return title ? t("notifications:text.assignment", { actor, title }) : t("notifications:text.assignmentNoTitle", { actor });
    case "reminder": {
      const due = text(params.dueAt);
      const when = due && !Number.isNaN(new Date(due).getTime()) ? dateTime(due) : null;
      return when
        ? t("notifications:text.reminder", { title: title ?? "", due: when })
        : t("notifications:text.reminderNoDue", { title: title ?? "" });
    }
    case "mention":
      return title ? t("notifications:text.mention", { actor, title }) : t("notifications:text.mentionNoTitle", { actor });
    case "comment":
      return title ? t("notifications:text.comment", { actor, title }) : t("notifications:text.commentNoTitle", { actor });
    case "share":
      return title ? t("notifications:text.share", { actor, title }) : t("notifications:text.shareNoTitle", { actor });
    case "workflow":
      if (params.event === "grade_changed") {
        const grade = (value: unknown) => (text(value) ? t(`companies:grade.${String(value)}`) : t("notifications:noGrade"));
        return t("notifications:text.gradeChanged", {
          company: company ?? t("notifications:aCompany"),
          from: grade(params.from),
          to: grade(params.to),
        });
      }
      return company ? t("notifications:text.workflow", { company }) : t("notifications:text.workflowNoCompany");
  }
}

/** The line under it: the company (when the main line does not name it already) and when it arrived. */
export function notificationDetail(notification: Notification, relative: string): string {
  const company = text(notification.params.company);
  const named = notification.kind === "workflow";
  return company && !named ? `${company} · ${relative}` : relative;
}

/** Same-app paths only (the server stores nothing else; this keeps the web from following anything else). */
export function safeLink(link: string | null): string | null {
  return link && /^\/(?![/\\])/.test(link) ? link : null;
}
