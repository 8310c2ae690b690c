/**
 * Workflow notifications: projections on other modules' events that tell someone of a change
 * they should know about. The first: a client's grade changed (by an edit or its override) →
 * the owner's manager hears of it. Bulk re-grading when the rules change is not announced per
 * company (its event names no company).
 */
import { sql } from "drizzle-orm";
import type { Platform } from "../../platform/context";
import type { DomainEvent, Tx, UnitOfWork } from "../../platform/events/unit-of-work";
import { notify } from "./notifications.service";

type GradeChange = { name: string; owner_id: string; manager_id: string | null; before: string | null; after: string | null };

/**
 * The effective grade before and after this transaction's last audited update of the company:
 * the audit trigger wrote the changed columns' old and new values in this transaction (to
 * `audit_pending`, until commit), so nothing in the companies module has to report them.
 */
async function gradeChange(uow: UnitOfWork, companyId: string): Promise<GradeChange | undefined> {
  const result = await uow.tx.execute<GradeChange>(sql`
    SELECT c.name, c.owner_id, u.manager_id,
           coalesce(CASE WHEN 'grade_override' = ANY(a.changed) THEN a.before ->> 'grade_override' ELSE c.grade_override END,
                    CASE WHEN 'grade' = ANY(a.changed) THEN a.before ->> 'grade' ELSE c.grade END) AS before,
           coalesce(c.grade_override, c.grade) AS after
      FROM companies c
      JOIN users u ON u.id = c.owner_id
      JOIN LATERAL (SELECT changed, before FROM audit_pending
                     WHERE tx = txid_current() AND table_name = 'companies' AND record_id = c.id::text AND operation = 'update'
                       AND changed && ARRAY['grade', 'grade_override']
                     ORDER BY seq DESC LIMIT 1) a ON true
     WHERE c.id = ${companyId}::uuid`);
  return result.rows[0];
}

/** Companies already considered in a transaction: one save may announce `company.updated` twice (old and new placement). */
const considered = new WeakMap<Tx, Set<string>>();

async function notifyGradeChange(event: DomainEvent, uow: UnitOfWork) {
  if (!event.recordId) return;
  const seen = considered.get(uow.tx) ?? new Set<string>();
  considered.set(uow.tx, seen);
  if (seen.has(event.recordId)) return;
  seen.add(event.recordId);
  const change = await gradeChange(uow, event.recordId);
  if (!change?.manager_id || change.before === change.after) return;
  await notify(uow, {
    userIds: [change.manager_id],
    kind: "workflow",
    params: { event: "grade_changed", company: change.name, from: change.before, to: change.after },
    link: `/companies/${event.recordId}`,
    companyId: event.recordId,
  });
}

export function registerWorkflowNotifications(platform: Platform) {
  platform.projections.on("company.updated", notifyGradeChange);
}
