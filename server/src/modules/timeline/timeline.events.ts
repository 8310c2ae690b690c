import type { UnitOfWork } from "../../platform/events/unit-of-work";
import type { RecordAccess } from "../../platform/access/policy";
import { groupRootOf } from "../groups";

/**
 * A timeline change, to those who may read the company: on the company's card, on its group
 * root's (where the group timeline listens) and on the pages of the contacts it involves.
 */
export async function emitEntry(
  uow: UnitOfWork,
  name: "added" | "changed" | "removed",
  entry: { id: string; companyId: string },
  access: RecordAccess,
  contactIds: readonly string[],
) {
  const rootId = await groupRootOf(uow.tx, entry.companyId);
  await uow.emit({
    name: `timeline.entry_${name}`,
    object: "company",
    recordId: entry.companyId,
    topics: [...new Set([`company:${entry.companyId}`, `company:${rootId}`, ...contactIds.map((id) => `contact:${id}`)])],
    access: { ownerId: access.ownerId, teamId: access.teamId, orgUnitId: access.orgUnitId, securityLevel: access.securityLevel },
    payload: { entryId: entry.id },
  });
}
