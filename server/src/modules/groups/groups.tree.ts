/** Reads of the current company tree for other modules (account teams, reports…). */
import { descendantIds, rootOf, type Executor } from "../../platform/rollups";
import { groupMembers } from "./groups.repository";

/** The root of the group holding the company (the company itself when it has no parent). */
export const groupRootOf = (db: Executor, companyId: string): Promise<string> => rootOf(db, companyId);

/** The company and all its descendants (nearest first). */
export async function subtreeIds(db: Executor, companyId: string): Promise<string[]> {
  return [companyId, ...(await descendantIds(db, companyId))];
}

/** Every company of the group holding the company: its root first, then all the root's descendants (one query). */
export const groupCompanyIds = (db: Executor, companyId: string): Promise<string[]> => groupMembers(db, companyId);
