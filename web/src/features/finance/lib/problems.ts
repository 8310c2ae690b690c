import { ApiError } from "../../../lib/api";

type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * The server's problems with a finance form's input, by the form's field names (zod paths like
 * `ratings.0` stay whole). A 409 names no field: it is put on `conflictField` in the reader's
 * language (a statement for that period exists, the person already holds that role…).
 */
export function fieldProblems(error: unknown, t: Translate, conflict?: { field: string; key: string }): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  if (error.status === 409 && conflict) return { [conflict.field]: t(conflict.key) };
  if (error.status !== 400) return {};
  const out: Record<string, string> = {};
  for (const detail of error.details) out[detail.field] = out[detail.field] ? `${out[detail.field]} · ${detail.message}` : detail.message;
  return out;
}
