import { ApiError } from "../../../lib/api";

/**
 * The server's problems with a form's input, by field (paths like `allocations.0.amount` stay
 * whole, so a form can place them on its row). A 409 names no field: `conflictField` gets it.
 */
export function fieldProblems(error: unknown, conflictField?: string): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  if (error.status === 409 && conflictField) return { [conflictField]: error.message };
  if (error.status !== 400) return {};
  const out: Record<string, string> = {};
  for (const detail of error.details) {
    // `allocations[0].amount` and `allocations.0.amount` name the same field.
    const field = detail.field.replace(/\[(\d+)\]/g, ".$1");
    out[field] = out[field] ? `${out[field]} · ${detail.message}` : detail.message;
  }
  return out;
}

/** A `shows` for dialog forms: the fields it lists, and any under a listed prefix ending in "." */
export function showsFields(...fields: string[]): (field: string) => boolean {
  return (field) => fields.some((shown) => (shown.endsWith(".") ? field.startsWith(shown) : field === shown));
}

/** Today in the reader's calendar (YYYY-MM-DD). */
export function localToday(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

/** A calendar date (YYYY-MM-DD) as a moment that is the same day in every time zone, for formatting. */
export function noon(day: string): string {
  return `${day}T12:00:00Z`;
}
