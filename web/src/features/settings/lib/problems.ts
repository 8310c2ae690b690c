/**
 * The server's field problems (400 validation, 409 conflict) as messages on the form fields they
 * concern, in the reader's language when the message is one we know. Pure.
 */

export type Problem = { field: string; message: string };
type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Known server messages → a translated sentence; others stay as the server wrote them. */
export function translateProblem(problem: Problem, t: Translate): string {
  const { field, message } = problem;
  if (field === "key" && /already in use/i.test(message)) return t("settings:problem.keyTaken");
  if (/^options\[\d+\]\.value$/.test(field) && /used by another option/i.test(message)) return t("settings:problem.optionDuplicate");
  if (field === "options" && /needs at least one option/i.test(message)) return t("settings:problem.optionsNeeded");
  const inUse = /^"(.+)" is used by (\d+) record/.exec(message);
  if (field === "options" && inUse) return t("settings:problem.optionInUse", { value: inUse[1], count: Number(inUse[2]) });
  const holds = /holds (\d+) field/.exec(message);
  if (field === "fields" && holds) return t("settings:problem.sectionNotEmpty", { count: Number(holds[1]) });
  if (field === "sectionId" && /no such custom section/i.test(message)) return t("settings:problem.sectionGone");
  return message;
}

/**
 * Problems grouped by the form field they belong to: `labels.en`, `key`, `options`,
 * `options[2].value`, `options[2].labels.sv`, … (several on one field are joined).
 */
export function problemsByField(details: readonly Problem[], t: Translate): Record<string, string> {
  const out: Record<string, string> = {};
  for (const detail of details) {
    const text = translateProblem(detail, t);
    out[detail.field] = out[detail.field] ? `${out[detail.field]} · ${text}` : text;
  }
  return out;
}

/** Problems whose field the form does not show (so they are said at the top instead). */
export function unplacedProblems(byField: Record<string, string>, shown: (field: string) => boolean): string[] {
  return Object.entries(byField)
    .filter(([field]) => !shown(field))
    .map(([, message]) => message);
}
