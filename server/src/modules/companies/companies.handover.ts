/**
 * Ownership handover: every company of one user goes to another in one step (a departing rep's
 * clients), with its placement following the new owner: their team (or the one given) and org
 * unit. Each company's change is audited; later modules hand over their open work by
 * registering a step (`registerCompanyHandoverStep` in index.ts).
 */
import type { Platform } from "../../platform/context";
import { unitOfWork, type UnitOfWork } from "../../platform/events/unit-of-work";
import type { UserActor } from "../../platform/access/actor";
import { canAccessRecord } from "../../platform/access/policy";
import { Forbidden, Validation, type FieldProblem } from "../../platform/errors";
import * as repo from "./companies.repository";
import { companyAccess } from "./companies.presenter";
import { companyEvent, loadOwner, placementProblems, type Context } from "./companies.service";

export type CompanyHandover = { fromUserId: string; toUserId: string; teamId: string | null; companyIds: string[]; actor: UserActor };
export type CompanyHandoverStep = (uow: UnitOfWork, handover: CompanyHandover) => Promise<void>;
const handoverSteps = new Set<CompanyHandoverStep>();

/** Lets a later module hand over a user's open work (opportunities, tasks…) with their companies. */
export function registerCompanyHandoverStep(step: CompanyHandoverStep) {
  handoverSteps.add(step);
}

/** Where placement rules name the owner and team, the handover names the new owner and team. */
const handoverField: Record<string, string> = { ownerId: "toUserId", teamId: "teamId" };

/**
 * `POST /api/companies/handover`. Only a caller who may update every one of the companies
 * concerned may hand them over (403 otherwise, nothing written), and the new placement must be
 * one they could give a company themselves (400 naming toUserId or teamId).
 */
export async function handOver(
  platform: Platform,
  context: Context,
  input: { fromUserId: string; toUserId: string; teamId?: string | null | undefined },
) {
  const { actor } = context;
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const from = await repo.findUser(uow.tx, input.fromUserId);
    if (!from) throw Validation([{ field: "fromUserId", message: "no such user" }]);
    const to = await loadOwner(uow, input.toUserId, "toUserId");
    if (input.teamId && !(await repo.teamExists(uow.tx, input.teamId))) throw Validation([{ field: "teamId", message: "no such team" }]);
    const teamId = input.teamId !== undefined ? input.teamId : (to.teamIds[0] ?? null);

    const rows = await repo.lockOwnedBy(uow.tx, from.id);
    if (rows.some((row) => !canAccessRecord(actor, "company", "update", companyAccess(row))))
      throw Forbidden("You may not change every company of this user");
    const problems: FieldProblem[] = placementProblems(actor, "update", { ownerId: to.id, teamId, securityLevel: 0 }, to).map(
      (problem) => ({
        field: handoverField[problem.field] ?? problem.field,
        message: problem.message,
      }),
    );
    if (problems.length > 0) throw Validation(problems);

    const ids = rows.map((row) => row.id);
    const moved = await repo.reassign(uow.tx, ids, { ownerId: to.id, teamId, orgUnitId: to.orgUnitId });
    await repo.setSearchSubtitle(uow.tx, ids, to.name);
    for (const step of handoverSteps) await step(uow, { fromUserId: from.id, toUserId: to.id, teamId, companyIds: ids, actor });
    // Like moving each company by hand: those who saw it where it was hear of it, and those who see it now.
    const before = new Map(rows.map((row) => [row.id, row]));
    for (const row of moved) {
      const payload = { handover: { fromUserId: from.id, toUserId: to.id } };
      await uow.emit(companyEvent("company.updated", row, { payload }));
      await uow.emit(companyEvent("company.updated", before.get(row.id)!, { payload }));
      await uow.emit(companyEvent("company.owner_changed", row, { topics: [`company:${row.id}`], payload: { from: from.id, to: to.id } }));
    }
    return { companies: ids.length, contacts: await repo.countContacts(uow.tx, ids) };
  });
}
