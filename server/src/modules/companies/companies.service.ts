import type { Platform } from "../../platform/context";
import { unitOfWork, type UnitOfWork, type UnitOfWorkContext } from "../../platform/events/unit-of-work";
import type { Actor, UserActor } from "../../platform/access/actor";
import { canAccessRecord, scopeOf } from "../../platform/access/policy";
import { Forbidden, NotFound, PreconditionFailed, Validation, type FieldProblem } from "../../platform/errors";
import { decodeCursor, toPage } from "../../platform/http/pagination";
import { listAudit } from "../../platform/audit/audit.repository";
import * as repo from "./companies.repository";
import { companyAccess, presentCompany } from "./companies.presenter";

type Context = UnitOfWorkContext & { actor: UserActor };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
/** A UTC instant to the microsecond that is a real calendar time (PostgreSQL refuses 02-30 or 25:00). */
const isInstant = (value: string) => instantPattern.test(value) && !value.startsWith("0000") && new Date(value).toISOString().slice(0, 23) === value.slice(0, 23);

export async function listCompanies(platform: Platform, actor: Actor, query: { q?: string | undefined; sort: repo.CompanySort; limit: number; cursor?: string | undefined; withTotal?: boolean | undefined }) {
  const byName = query.sort.endsWith("name");
  // A cursor is [sort value, id]; anything else (tampered, or from another sort) is a 400, never a 500.
  const after = decodeCursor(query.cursor, 2, ([value, id]) => typeof value === "string" && !value.includes("\u0000") && typeof id === "string" && uuidPattern.test(id) && (byName || isInstant(value)));
  const rows = await repo.listVisible(platform.db, actor, { q: query.q, sort: query.sort, limit: query.limit, after });
  const page = toPage(rows, query.limit, presentCompany, (row) => [row.sortKey, row.id]);
  return query.withTotal ? { ...page, total: await repo.countVisible(platform.db, actor, query.q) } : page;
}

export async function getCompany(platform: Platform, actor: Actor, id: string) {
  const row = await repo.findVisible(platform.db, actor, id);
  if (!row) throw NotFound("Company");
  return presentCompany(row);
}

type Placement = { ownerId: string; teamId: string | null; securityLevel: number };

/**
 * Who may own a record the actor creates or reassigns, per the actor's scope for `action`:
 * own → only themselves; team → members of their teams, in those teams; org unit → within
 * their unit subtree; all → anyone. The security level never exceeds their clearance.
 */
async function assertPlacement(uow: UnitOfWork, actor: UserActor, action: "create" | "update", placement: Placement) {
  const problems: FieldProblem[] = [];
  const owner = await repo.findActiveUser(uow.tx, placement.ownerId);
  if (!owner) throw Validation([{ field: "ownerId", message: "no such active user" }]);
  if (placement.securityLevel > actor.clearance) problems.push({ field: "securityLevel", message: "cannot exceed your clearance" });
  const scope = scopeOf(actor, "company", action);
  const ownerTeams = await repo.userTeamIds(uow.tx, placement.ownerId);
  if (placement.teamId !== null && !ownerTeams.includes(placement.teamId) && scope !== "all") {
    problems.push({ field: "teamId", message: "the owner is not a member of this team" });
  }
  if (scope === "own" && placement.ownerId !== actor.userId) problems.push({ field: "ownerId", message: "you may only assign records to yourself" });
  if (scope === "team") {
    if (placement.ownerId !== actor.userId && !ownerTeams.some((team) => actor.teamIds.includes(team))) {
      problems.push({ field: "ownerId", message: "the owner must be in one of your teams" });
    }
    if (placement.teamId !== null && !actor.teamIds.includes(placement.teamId)) problems.push({ field: "teamId", message: "must be one of your teams" });
  }
  if (scope === "org_unit" && placement.ownerId !== actor.userId && (owner.orgUnitId === null || !actor.orgUnitIds.includes(owner.orgUnitId))) {
    problems.push({ field: "ownerId", message: "the owner must be in your part of the organisation" });
  }
  if (problems.length > 0) throw Validation(problems);
  return owner;
}

const companyTopics = (id: string) => [`company:${id}`, "list:companies"];

export async function createCompany(platform: Platform, context: Context, input: { name: string; ownerId?: string | undefined; teamId?: string | null | undefined; securityLevel?: number | undefined }) {
  const { actor } = context;
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const placement: Placement = {
      ownerId: input.ownerId ?? actor.userId,
      teamId: input.teamId !== undefined ? input.teamId : (actor.teamIds[0] ?? null),
      securityLevel: input.securityLevel ?? 0,
    };
    const owner = await assertPlacement(uow, actor, "create", placement);
    const row = await repo.insertCompany(uow.tx, { name: input.name, ...placement, orgUnitId: owner.orgUnitId });
    await uow.emit({ name: "company.created", object: "company", recordId: row.id, topics: companyTopics(row.id), access: companyAccess(row) });
    return presentCompany(row);
  });
}

/** Visible but not changeable → 403; not visible at all → 404 (no existence oracle). */
async function findForChange(uow: UnitOfWork, actor: UserActor, id: string, action: "update" | "delete") {
  const row = await repo.findVisible(uow.tx, actor, id, "read");
  if (!row) throw NotFound("Company");
  if (!canAccessRecord(actor, "company", action, companyAccess(row))) throw Forbidden();
  return row;
}

export async function updateCompany(platform: Platform, context: Context, id: string, version: number, input: { name?: string | undefined; ownerId?: string | undefined; teamId?: string | null | undefined; securityLevel?: number | undefined }) {
  const { actor } = context;
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const current = await findForChange(uow, actor, id, "update");
    let orgUnitId = current.orgUnitId;
    if (input.ownerId !== undefined || input.teamId !== undefined || input.securityLevel !== undefined) {
      const owner = await assertPlacement(uow, actor, "update", {
        ownerId: input.ownerId ?? current.ownerId,
        teamId: input.teamId !== undefined ? input.teamId : current.teamId,
        securityLevel: input.securityLevel ?? current.securityLevel,
      });
      orgUnitId = owner.orgUnitId;
    }
    const row = await repo.updateCompany(uow.tx, id, version, { ...input, orgUnitId });
    if (!row) throw PreconditionFailed();
    // Subscribers who could see the old placement hear of the change too.
    await uow.emit({ name: "company.updated", object: "company", recordId: id, topics: companyTopics(id), access: companyAccess(row) });
    if (input.ownerId !== undefined || input.teamId !== undefined || input.securityLevel !== undefined) {
      await uow.emit({ name: "company.updated", object: "company", recordId: id, topics: companyTopics(id), access: companyAccess(current) });
    }
    return presentCompany(row);
  });
}

export async function deleteCompany(platform: Platform, context: Context, id: string, version: number | undefined) {
  const { actor } = context;
  await unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const current = await findForChange(uow, actor, id, "delete");
    if (version !== undefined && version !== current.version) throw PreconditionFailed();
    await repo.deleteCompany(uow.tx, id);
    await uow.emit({ name: "company.deleted", object: "company", recordId: id, topics: companyTopics(id), access: companyAccess(current) });
  });
}

export async function companyHistory(platform: Platform, actor: Actor, id: string, limit: number, beforeId: string | undefined) {
  if (!(await repo.findVisible(platform.db, actor, id))) throw NotFound("Company");
  const rows = await listAudit(platform.db, { tableName: "companies", recordId: id, limit, beforeId });
  return rows;
}

/** May this actor subscribe to `company:<id>`? (the same rule as reading it) */
export async function canWatchCompany(platform: Platform, actor: Actor, id: string) {
  return (await repo.findVisible(platform.db, actor, id)) !== undefined;
}
