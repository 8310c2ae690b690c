/**
 * Audit entries of a contact (its row and its roles) → what the History panel shows. Custom
 * values are one JSON column in the database; here each key is a change of its own. Pure
 * (unit-tested).
 */
import type { AuditEntry } from "@relata/contracts";
import { customName } from "./custom-fields";

/** Columns that change on every write, or are derived, and mean nothing to a reader. */
const technical = new Set(["id", "version", "created_at", "updated_at", "name_key", "contact_id"]);

/** `reports_to_id` → `reportsToId` */
export function camelCase(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

export type HistoryChange = { field: string; from: unknown; to: unknown };
export type HistoryItem = {
  id: string;
  at: string;
  who: string | null;
  kind: "created" | "changed" | "deleted" | "other";
  /** what the entry is about: the contact itself or one of its roles at other companies */
  subject: "contact" | "role";
  operation: string;
  changes: HistoryChange[];
};

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

/** One changed custom column → one change per key whose value differs. */
function customChanges(from: unknown, to: unknown): HistoryChange[] {
  const before = asRecord(from);
  const after = asRecord(to);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys
    .filter((key) => !same(before[key], after[key]))
    .map((key) => ({ field: customName(key), from: before[key] ?? null, to: after[key] ?? null }));
}

/** One entry as a list of field changes (camelCase names, technical columns left out, known fields first). */
export function historyItem(entry: AuditEntry, fieldOrder: readonly string[] = []): HistoryItem {
  const kind = kindOf(entry.operation);
  const subject: HistoryItem["subject"] = entry.tableName === "contact_roles" ? "role" : "contact";
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const columns = kind === "changed" && entry.changed.length ? entry.changed : Object.keys(kind === "deleted" ? before : after);
  const changes: HistoryChange[] = [];
  for (const column of columns) {
    if (technical.has(column)) continue;
    const from = kind === "created" ? null : before[column];
    const to = kind === "deleted" ? null : after[column];
    if (column === "custom") {
      changes.push(...customChanges(from, to));
      continue;
    }
    if (kind === "created" && isEmpty(to)) continue;
    if (kind === "changed" && same(from, to)) continue;
    const field = subject === "role" ? `role.${camelCase(column)}` : camelCase(column);
    changes.push({ field, from, to });
  }
  changes.sort((a, b) => rank(a.field, fieldOrder) - rank(b.field, fieldOrder));
  return { id: entry.id, at: entry.at, who: entry.actorName, kind, subject, operation: entry.operation, changes };
}

function rank(field: string, order: readonly string[]): number {
  const index = order.indexOf(field);
  return index < 0 ? order.length : index;
}

/** Newest first, whatever order the pages came in (ids are the chain order). */
export function newestFirst(entries: readonly AuditEntry[]): AuditEntry[] {
  const seen = new Set<string>();
  const unique = entries.filter((entry) => (seen.has(entry.id) ? false : (seen.add(entry.id), true)));
  return unique.sort((a, b) => compareIds(b.id, a.id) || b.at.localeCompare(a.at));
}

function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  return a.localeCompare(b);
}
