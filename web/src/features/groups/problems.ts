/** The server's problems with a parent link, on the dialog's fields in the reader's language. Pure (unit-tested). */
import { ApiError } from "../../lib/api";

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Known server messages → our sentence (`groups:problem.*`); others stay as the server wrote them. */
export function linkProblemText(field: string, message: string, t: Translate): string {
  if (field === "parentId" && /cycle/i.test(message)) return t("groups:problem.cycle");
  if (field === "parentId" && /own parent|another company/i.test(message)) return t("groups:problem.ownParent");
  if (field === "parentId" && /no such company/i.test(message)) return t("groups:problem.noParent");
  if (field === "validFrom" && /future/i.test(message)) return t("groups:problem.future");
  if (field === "share" && /between 0 and 100/i.test(message)) return t("groups:problem.shareRange");
  return message;
}

/** A 400's details by field (several on one field joined); nothing for other failures. */
export function linkProblems(error: unknown, t: Translate): Record<string, string> {
  if (!(error instanceof ApiError) || error.status !== 400) return {};
  const out: Record<string, string> = {};
  for (const detail of error.details) {
    const field = detail.field.split(".")[0]!;
    const text = linkProblemText(field, detail.message, t);
    out[field] = out[field] ? `${out[field]} · ${text}` : text;
  }
  return out;
}
