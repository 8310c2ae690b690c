import { wallTimeIn, type AuditEntry } from "@relata/contracts";
import type { AuditApiQuery } from "../api/audit";

/** The audit log's filters as they live in the URL (dates are calendar days in the user's time zone). */
export type AuditSearch = {
  tableName?: string;
  recordId?: string;
  actorId?: string;
  operation?: string;
  from?: string;
  to?: string;
};

const patterns: Record<keyof AuditSearch, RegExp> = {
  tableName: /^[a-z_]{1,63}$/,
  recordId: /^[^\u0000]{1,100}$/,
  actorId: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  operation: /^[a-z_.]{1,40}$/,
  from: /^\d{4}-\d{2}-\d{2}$/,
  to: /^\d{4}-\d{2}-\d{2}$/,
};

/** Reads the URL's search params; anything malformed is dropped rather than sent to the server. */
export function parseAuditSearch(raw: Record<string, unknown>): AuditSearch {
  const result: AuditSearch = {};
  for (const key of Object.keys(patterns) as (keyof AuditSearch)[]) {
    const value = raw[key];
    const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : undefined;
    if (text && patterns[key].test(text) && (key !== "from" && key !== "to" ? true : validDay(text))) result[key] = text;
  }
  return result;
}

function validDay(day: string): boolean {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The instant a calendar day (YYYY-MM-DD) begins in a time zone. */
export function startOfDayIn(day: string, timeZone: string): Date {
  return wallTimeIn(day, 0, timeZone);
}

export function nextDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** The API query for the URL's filters: from = start of the first day, to = end of the last day. */
export function auditApiQuery(search: AuditSearch, timeZone: string): AuditApiQuery {
  const query: AuditApiQuery = {};
  if (search.tableName) query.tableName = search.tableName;
  if (search.recordId) query.recordId = search.recordId;
  if (search.actorId) query.actorId = search.actorId;
  if (search.operation) query.operation = search.operation;
  if (search.from) query.from = startOfDayIn(search.from, timeZone).toISOString();
  if (search.to) query.to = new Date(startOfDayIn(nextDay(search.to), timeZone).getTime() - 1).toISOString();
  return query;
}

/** Tables whose rows have a screen to open. */
export function recordPath(tableName: string, recordId: string | null): string | null {
  if (!recordId || !/^[0-9a-f-]{36}$/i.test(recordId)) return null;
  switch (tableName) {
    case "companies":
      return `/companies/${recordId}`;
    case "contacts":
      return `/contacts/${recordId}`;
    case "users":
      return `/admin/users/${recordId}`;
    case "roles":
      return `/admin/roles/${recordId}`;
    default:
      return null;
  }
}

/** Tables the trail knows, for the filter (other names still show as they are). */
export const auditTables = [
  "companies",
  "contacts",
  "contact_roles",
  "company_merges",
  "contact_merges",
  "custom_sections",
  "custom_fields",
  "grade_rules",
  "imports",
  "import_mappings",
  "users",
  "roles",
  "teams",
  "team_members",
  "org_units",
  "sessions",
  "saved_views",
] as const;
/** Operations the trail knows: row changes by trigger, and events the services record. */
export const auditOperations = [
  "insert",
  "update",
  "delete",
  "login",
  "logout",
  "password.changed",
  "password.reset",
  "session.ended",
  "export",
] as const;

export type ChangeRow = { field: string; before: unknown; after: unknown };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The before/after of an entry, field by field. Nested objects (a role's permission matrix)
 * are opened up into dotted paths, and only the paths that differ are kept.
 */
export function changeRows(entry: Pick<AuditEntry, "changed" | "before" | "after" | "operation">): ChangeRow[] {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const fields = entry.changed.length > 0 ? entry.changed : [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const rows: ChangeRow[] = [];
  const add = (field: string, a: unknown, b: unknown) => {
    if (isPlainObject(a) && isPlainObject(b)) {
      for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) add(`${field}.${key}`, a[key], b[key]);
      return;
    }
    if (entry.operation === "update" && JSON.stringify(a) === JSON.stringify(b)) return;
    rows.push({ field, before: a, after: b });
  };
  for (const field of fields) add(field, before[field], after[field]);
  return rows;
}
