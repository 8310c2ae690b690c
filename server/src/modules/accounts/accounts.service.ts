/**
 * The account team: our users assigned to the nodes of a client's structure in a role. Seeing
 * it needs read on the company, changing it update on the company; every change is audited
 * (the table's trigger) and announced on `company:<id>`.
 */
import type {
  AccountTeamGaps,
  AccountTeamGapsQuery,
  AccountTeamMemberCreate,
  AccountTeamMemberPatch,
  AccountTeamRole,
} from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { unitOfWork, type UnitOfWork, type UnitOfWorkContext } from "../../platform/events/unit-of-work";
import type { Actor, UserActor } from "../../platform/access/actor";
import { Conflict, NotFound, PreconditionFailed, Validation } from "../../platform/errors";
import { databaseErrorCode } from "../../platform/http/errors.plugin";
import { listAudit } from "../../platform/audit/audit.repository";
import { companyFor, registerCompanyMergeStep, type CompanyMergeStep, type CompanyPlacement } from "../companies";
import { groupCompanyIds, groupRootOf } from "../groups";
import * as repo from "./accounts.repository";
import { presentMember } from "./accounts.presenter";

type Context = UnitOfWorkContext & { actor: UserActor };

/**
 * An account-team change, on the company's card and on its group root's (where the group's
 * coverage gaps listen), to those who may read the company.
 */
async function emitTeam(uow: UnitOfWork, name: string, company: CompanyPlacement, memberId: string) {
  const rootId = await groupRootOf(uow.tx, company.id);
  await uow.emit({
    name: `account_team.${name}`,
    object: "company",
    recordId: company.id,
    topics: [...new Set([`company:${company.id}`, `company:${rootId}`])],
    access: { ownerId: company.ownerId, teamId: company.teamId, orgUnitId: company.orgUnitId, securityLevel: company.securityLevel },
    payload: { memberId },
  });
}

const alreadyHolds = () =>
  Conflict("This user already holds this role at this company", [{ field: "role", message: "is already held by this user here" }]);

function checkPeriod(startsOn: string | null, endsOn: string | null) {
  if (startsOn && endsOn && startsOn > endsOn) throw Validation([{ field: "endsOn", message: "must not be before startsOn" }]);
}

/** The account team's part in other modules' writes: a merged-away company's team joins the kept one's. */
const moveTeamOnMerge: CompanyMergeStep = (uow, { sourceId, targetId }) => repo.moveMembers(uow.tx, sourceId, targetId);
export function registerAccountTeamHooks() {
  registerCompanyMergeStep(moveTeamOnMerge);
}

export async function listAccountTeam(platform: Platform, actor: Actor, companyId: string) {
  await companyFor(platform.db, actor, companyId);
  return { items: (await repo.listMembers(platform.db, companyId)).map(presentMember) };
}

export async function assignMember(platform: Platform, context: Context, companyId: string, input: AccountTeamMemberCreate) {
  try {
    return await unitOfWork(platform.db, platform.projections, context, async (uow) => {
      const company = await companyFor(uow.tx, context.actor, companyId, "update");
      if (!(await repo.findActiveUser(uow.tx, input.userId))) throw Validation([{ field: "userId", message: "no such active user" }]);
      checkPeriod(input.startsOn ?? null, input.endsOn ?? null);
      if (await repo.findAssignment(uow.tx, companyId, input.userId, input.role)) throw alreadyHolds();
      const row = await repo.insertMember(uow.tx, {
        companyId,
        userId: input.userId,
        role: input.role,
        note: input.note ?? null,
        startsOn: input.startsOn ?? null,
        endsOn: input.endsOn ?? null,
      });
      await emitTeam(uow, "assigned", company, row.id);
      return presentMember((await repo.findMember(uow.tx, companyId, row.id))!);
    });
  } catch (error) {
    // Two people assigning the same user and role at once: the unique index decides.
    if (databaseErrorCode(error) === "23505") throw alreadyHolds();
    throw error;
  }
}

export async function changeMember(
  platform: Platform,
  context: Context,
  companyId: string,
  memberId: string,
  version: number,
  input: AccountTeamMemberPatch,
) {
  try {
    return await unitOfWork(platform.db, platform.projections, context, async (uow) => {
      const company = await companyFor(uow.tx, context.actor, companyId, "update");
      const current = await repo.lockMember(uow.tx, companyId, memberId);
      if (!current) throw NotFound("Account team member");
      if (current.version !== version) throw PreconditionFailed();
      const startsOn = input.startsOn !== undefined ? input.startsOn : current.startsOn;
      const endsOn = input.endsOn !== undefined ? input.endsOn : current.endsOn;
      checkPeriod(startsOn, endsOn);
      if (
        input.role !== undefined &&
        input.role !== current.role &&
        (await repo.findAssignment(uow.tx, companyId, current.userId, input.role))
      )
        throw alreadyHolds();
      const row = await repo.updateMember(uow.tx, memberId, version, {
        ...(input.role !== undefined ? { role: input.role } : {}),
        ...(input.note !== undefined ? { note: input.note } : {}),
        ...(input.startsOn !== undefined ? { startsOn: input.startsOn } : {}),
        ...(input.endsOn !== undefined ? { endsOn: input.endsOn } : {}),
      });
      if (!row) throw PreconditionFailed();
      await emitTeam(uow, "changed", company, memberId);
      return presentMember((await repo.findMember(uow.tx, companyId, memberId))!);
    });
  } catch (error) {
    if (databaseErrorCode(error) === "23505") throw alreadyHolds();
    throw error;
  }
}

export async function removeMember(platform: Platform, context: Context, companyId: string, memberId: string, version: number | undefined) {
  await unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const company = await companyFor(uow.tx, context.actor, companyId, "update");
    const current = await repo.lockMember(uow.tx, companyId, memberId);
    if (!current) throw NotFound("Account team member");
    if (version !== undefined && version !== current.version) throw PreconditionFailed();
    await repo.deleteMember(uow.tx, memberId);
    await emitTeam(uow, "removed", company, memberId);
  });
}

/** Who was assigned, changed and removed at a company, newest first (from the audit trail). */
export async function accountTeamHistory(platform: Platform, actor: Actor, companyId: string, limit: number, beforeId: string | undefined) {
  await companyFor(platform.db, actor, companyId);
  const ids = await repo.memberIdsEver(platform.db, companyId);
  return listAudit(platform.db, { records: [{ tableName: "account_team_members", recordIds: ids }], limit, beforeId });
}

/**
 * Coverage gaps across the whole group of a company: every company of the group the actor may
 * see with no current assignment (or none in `role`). Companies the actor may not see are
 * neither listed nor counted.
 */
export async function coverageGaps(
  platform: Platform,
  actor: Actor,
  companyId: string,
  query: AccountTeamGapsQuery,
): Promise<AccountTeamGaps> {
  await companyFor(platform.db, actor, companyId);
  const group = await groupCompanyIds(platform.db, companyId);
  const nodes = await repo.coverageOf(platform.db, actor, group);
  const role = query.role ?? null;
  return {
    companyId,
    // The root's topic hears of every assignment in the group (its id is no secret: the structure shows it or its stand-in).
    rootId: group[0] ?? companyId,
    role,
    companies: nodes.length,
    items: nodes
      .filter((node) => (role ? !node.roles.includes(role) : node.roles.length === 0))
      .map((node) => ({
        companyId: node.id,
        companyName: node.name,
        country: node.country,
        coveredRoles: node.roles as AccountTeamRole[],
      })),
  };
}
