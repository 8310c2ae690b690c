/**
 * Audit entries of a record → what a History panel shows: one change per field a reader knows
 * (camelCase names, technical columns left out), custom values (one JSON column in the database)
 * one change per key. Pure (unit-tested).
 */
import type { AuditEntry } from "@relata/contracts";
import { customName } from "../custom-fields/form";

/** Columns that change on every write, or are derived from others the history shows instead. */
const technical = new Set(["id", "version", "created_at", "updated_at", "name_key"]);

export type HistoryChange = { field: string; from: unknown; to: unknown };
export type HistoryItem = {
  id: string;
  at: string;
  who: string | null;
  kind: "created" | "changed" | "deleted" | "other";
  /** What the entry is about: the record itself, or a part kept in another table (a contact's roles) */
  subject: string;
  operation: string;
  changes: HistoryChange[];
};

export type HistoryOptions = {
  /** Field names in the order they are listed (unknown ones last) */
  order?: readonly string[];
  /** More columns to leave out (derived ones of this record) */
  ignore?: readonly string[];
  /** Tables of parts: their entries get this subject and their fields `<subject>.<field>` */
  parts?: Readonly<Record<string, string>>;
};

/** `owner_id` → `ownerId` */
export function camelCase(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

function kindOf(operation: string): HistoryItem["kind"] {
  const op = operation.toLowerCase();
  if (op === "insert" || op.endsWith(".created") || op === "create") return "created";
  if (op === "update" || op.endsWith(".updated") || op === "patch") return "changed";
  if (op === "delete" || op.endsWith(".deleted")) return "deleted";
  return "other";
}

const isEmpty = (value: unknown) => value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function asRecord(value: unknown): Record<string, unknown> {
  if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  if (typeof value === "string") {
    try {
      const parsed: unknown = JSON.parse(value);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // not JSON: no custom values to show
    }
  }
  return {};
}

/** One changed custom column → one change per key whose value differs, named like the form's field (`custom:<key>`). */
function customChanges(from: unknown, to: unknown): HistoryChange[] {
  const before = asRecord(from);
  const after = asRecord(to);
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .sort()
    .filter((key) => !same(before[key], after[key]))
    .map((key) => ({ field: customName(key), from: before[key] ?? null, to: after[key] ?? null }));
}

/** One entry as a list of field changes, known fields first. */
export function historyItem(entry: AuditEntry, options: HistoryOptions = {}): HistoryItem {
  const kind = kindOf(entry.operation);
  const part = options.parts?.[entry.tableName];
  const ignore = new Set(options.ignore);
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const columns = kind === "changed" && entry.changed.length ? entry.changed : Object.keys(kind === "deleted" ? before : after);
  const changes: HistoryChange[] = [];
  for (const column of columns) {
    if (technical.has(column) || ignore.has(column)) continue;
    const from = kind === "created" ? null : before[column];
    const to = kind === "deleted" ? null : after[column];
    if (column === "custom") {
      changes.push(...customChanges(from, to));
      continue;
    }
    if (kind === "created" && isEmpty(to)) continue;
    if (kind === "changed" && same(from, to)) continue;
    changes.push({ field: part ? `${part}.${camelCase(column)}` : camelCase(column), from, to });
  }
  const order = options.order ?? [];
  const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  changes.sort((a, b) => rank(a.field) - rank(b.field));
  return { id: entry.id, at: entry.at, who: entry.actorName, kind, subject: part ?? "record", operation: entry.operation, changes };
}

/** Newest first, whatever order the pages came in (ids are the chain order), each entry once. */
export function newestFirst(entries: readonly AuditEntry[]): AuditEntry[] {
  const seen = new Set<string>();
  const unique = entries.filter((entry) => (seen.has(entry.id) ? false : (seen.add(entry.id), true)));
  return unique.sort((a, b) => compareIds(b.id, a.id) || b.at.localeCompare(a.at));
}

function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  return a.localeCompare(b);
}
