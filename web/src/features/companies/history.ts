/** Audit entries of a company → what the History panel shows. Pure (unit-tested). */
import type { AuditEntry } from "@relata/contracts";

/** Columns that change on every write and mean nothing to a reader. */
const technical = new Set([
  "id",
  "version",
  "created_at",
  "updated_at",
  "createdAt",
  "updatedAt",
  // Derived from other columns (the name, the website, the stage), which the history shows instead.
  "name_key",
  "domain",
  "stage_changed_at",
]);

const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === "object" && !Array.isArray(value);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** A change of the custom values (one JSON column) as one change per custom field that differs: `custom.<key>`. */
export function expandCustom(change: HistoryChange): HistoryChange[] {
  if (change.field !== "custom" || (!isRecord(change.from) && !isRecord(change.to))) return [change];
  const from = isRecord(change.from) ? change.from : {};
  const to = isRecord(change.to) ? change.to : {};
  return [...new Set([...Object.keys(from), ...Object.keys(to)])]
    .filter((key) => !same(from[key], to[key]))
    .sort()
    .map((key) => ({ field: `custom.${key}`, from: from[key] ?? null, to: to[key] ?? null }));
}

/** `owner_id` → `ownerId` */
export function camelCase(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

export type HistoryChange = { field: string; from: unknown; to: unknown };
export type HistoryItem = {
  id: string;
  at: string;
  who: string | null;
  kind: "created" | "changed" | "deleted" | "other";
  operation: string;
  changes: HistoryChange[];
  requestId: string | null;
};

function kindOf(operation: string): HistoryItem["kind"] {
  const op = operation.toLowerCase();
  if (op === "insert" || op.endsWith(".created") || op === "create") return "created";
  if (op === "update" || op.endsWith(".updated") || op === "patch") return "changed";
  if (op === "delete" || op.endsWith(".deleted")) return "deleted";
  return "other";
}

/** One entry as a list of field changes (camelCase names, technical columns left out, known fields first). */
export function historyItem(entry: AuditEntry, fieldOrder: readonly string[] = []): HistoryItem {
  const kind = kindOf(entry.operation);
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const columns = kind === "changed" && entry.changed.length ? entry.changed : Object.keys(kind === "deleted" ? before : after);
  const changes = columns
    .filter((column) => !technical.has(column))
    .filter((column) => kind !== "created" || (after[column] !== null && after[column] !== undefined && after[column] !== ""))
    .map((column) => ({
      field: camelCase(column),
      from: kind === "created" ? null : before[column],
      to: kind === "deleted" ? null : after[column],
    }))
    .flatMap(expandCustom)
    .sort((a, b) => rank(a.field, fieldOrder) - rank(b.field, fieldOrder));
  return { id: entry.id, at: entry.at, who: entry.actorName, kind, operation: entry.operation, changes, requestId: entry.requestId };
}

function rank(field: string, order: readonly string[]): number {
  const index = order.indexOf(field);
  return index < 0 ? order.length : index;
}

/** Newest first, whatever order the pages came in (ids are the chain order). */
export function newestFirst(entries: readonly AuditEntry[]): AuditEntry[] {
  const seen = new Set<string>();
  const unique = entries.filter((entry) => (seen.has(entry.id) ? false : (seen.add(entry.id), true)));
  return unique.sort((a, b) => {
    const byId = compareIds(b.id, a.id);
    return byId !== 0 ? byId : b.at.localeCompare(a.at);
  });
}

function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  return a.localeCompare(b);
}
