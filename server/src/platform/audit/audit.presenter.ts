import type { AuditEntry } from "@relata/contracts";
import type { listAudit } from "./audit.repository";

type Row = Awaited<ReturnType<typeof listAudit>>[number];

export function presentAudit(row: Row): AuditEntry {
  return {
    id: row.id.toString(),
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorName: row.actorName,
    requestId: row.requestId,
    tableName: row.tableName,
    recordId: row.recordId,
    operation: row.operation,
    changed: row.changed,
    before: row.before ?? null,
    after: row.after ?? null,
  };
}

/** A page of audit rows (fetched with limit + 1) and the cursor of the next page. */
export function auditPage(rows: Row[], limit: number) {
  const more = rows.length > limit;
  const items = (more ? rows.slice(0, limit) : rows).map(presentAudit);
  return { items, nextCursor: more ? (items.at(-1)?.id ?? null) : null };
}
