import type { Platform } from "../../platform/context";
import { unitOfWork, type UnitOfWork, type UnitOfWorkContext } from "../../platform/events/unit-of-work";
import type { Actor, UserActor } from "../../platform/access/actor";
import { canAccessRecord, canUse, scopeOf } from "../../platform/access/policy";
import { AppError, Forbidden, NotFound, PreconditionFailed, Validation, type FieldProblem } from "../../platform/errors";
import { limits, type BulkResult, type CompanyBulk, type CompanyListQuery } from "@relata/contracts";
import { keysetBatches } from "../../platform/http/csv";
import { databaseErrorCode } from "../../platform/http/errors.plugin";
import type { SearchProvider } from "../../platform/search/search.registry";
import { decodeCursor, toPage } from "../../platform/http/pagination";
import { listAudit } from "../../platform/audit/audit.repository";
import * as repo from "./companies.repository";
import { companyAccess, presentCompany } from "./companies.presenter";

type Context = UnitOfWorkContext & { actor: UserActor };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
/** A UTC instant to the microsecond that is a real calendar time (PostgreSQL refuses 02-30 or 25:00). */
const isInstant = (value: string) =>
  instantPattern.test(value) && !value.startsWith("0000") && new Date(value).toISOString().slice(0, 23) === value.slice(0, 23);

type ListQuery = Omit<CompanyListQuery, "limit" | "cursor" | "withTotal">;

/** The list's q, filters and sort as the repository takes them. */
const listOptions = (query: ListQuery): repo.CompanyListOptions => ({
  q: query.q,
  sort: query.sort,
  filters: {
    ownerId: query["filter[ownerId]"],
    teamId: query["filter[teamId]"],
    orgUnitId: query["filter[orgUnitId]"],
    securityLevel: query["filter[securityLevel]"],
  },
});

export async function listCompanies(platform: Platform, actor: Actor, query: CompanyListQuery) {
  const byName = query.sort.endsWith("name");
  // A cursor is [sort value, id]; anything else (tampered, or from another sort) is a 400, never a 500.
  const after = decodeCursor(
    query.cursor,
    2,
    ([value, id]) =>
      typeof value === "string" &&
      !value.includes("\u0000") &&
      typeof id === "string" &&
      uuidPattern.test(id) &&
      (byName || isInstant(value)),
  );
  const options = listOptions(query);
  const rows = await repo.listVisible(platform.db, actor, { ...options, limit: query.limit, after });
  const page = toPage(rows, query.limit, presentCompany, (row) => [row.sortKey, row.id]);
  return query.withTotal ? { ...page, total: await repo.countVisible(platform.db, actor, options) } : page;
}

/** The rows of a CSV export, in batches: the same condition, filters and sort as the list. */
export function exportCompanies(platform: Platform, actor: Actor, query: ListQuery) {
  const options = listOptions(query);
  return keysetBatches(
    (after, limit) => repo.exportBatch(platform.db, actor, { ...options, limit, after }),
    (row) => [row.sortKey, row.id],
    limits.exportRowsMax,
  );
}

/** Global search over the companies the actor may read. */
export function companySearch(platform: Platform): SearchProvider {
  return {
    object: "company",
    mayUse: (actor) => canUse(actor, "company", "read"),
    search: async (actor, q, limit) =>
      (await repo.searchVisible(platform.db, actor, q, limit)).map((row) => ({
        object: "company" as const,
        id: row.id,
        title: row.name,
        subtitle: row.ownerName,
        score: row.score,
      })),
  };
}

export async function getCompany(platform: Platform, actor: Actor, id: string) {
  const row = await repo.findVisible(platform.db, actor, id);
  if (!row) throw NotFound("Company");
  return presentCompany(row);
}

type Placement = { ownerId: string; teamId: string | null; securityLevel: number };
type Owner = { id: string; orgUnitId: string | null; teamIds: string[] };

async function loadOwner(uow: UnitOfWork, ownerId: string): Promise<Owner> {
  const owner = await repo.findActiveUser(uow.tx, ownerId);
  if (!owner) throw Validation([{ field: "ownerId", message: "no such active user" }]);
  return { id: owner.id, orgUnitId: owner.orgUnitId, teamIds: await repo.userTeamIds(uow.tx, ownerId) };
}

/**
 * Who may own a record the actor creates or reassigns, per the actor's scope for `action`:
 * own → only themselves; team → members of their teams, in those teams; org unit → within
 * their unit subtree; all → anyone. The security level never exceeds their clearance.
 */
async function assertPlacement(uow: UnitOfWork, actor: UserActor, action: "create" | "update", placement: Placement, preloaded?: Owner) {
  const owner = preloaded ?? (await loadOwner(uow, placement.ownerId));
  checkPlacement(actor, action, placement, owner);
  return owner;
}

function checkPlacement(actor: UserActor, action: "create" | "update", placement: Placement, owner: Owner) {
  const problems: FieldProblem[] = [];
  if (placement.securityLevel > actor.clearance) problems.push({ field: "securityLevel", message: "cannot exceed your clearance" });
  const scope = scopeOf(actor, "company", action);
  const ownerTeams = owner.teamIds;
  if (placement.teamId !== null && !ownerTeams.includes(placement.teamId) && scope !== "all") {
    problems.push({ field: "teamId", message: "the owner is not a member of this team" });
  }
  if (scope === "own" && placement.ownerId !== actor.userId)
    problems.push({ field: "ownerId", message: "you may only assign records to yourself" });
  if (scope === "team") {
    if (placement.ownerId !== actor.userId && !ownerTeams.some((team) => actor.teamIds.includes(team))) {
      problems.push({ field: "ownerId", message: "the owner must be in one of your teams" });
    }
    if (placement.teamId !== null && !actor.teamIds.includes(placement.teamId))
      problems.push({ field: "teamId", message: "must be one of your teams" });
  }
  if (
    scope === "org_unit" &&
    placement.ownerId !== actor.userId &&
    (owner.orgUnitId === null || !actor.orgUnitIds.includes(owner.orgUnitId))
  ) {
    problems.push({ field: "ownerId", message: "the owner must be in your part of the organisation" });
  }
  if (problems.length > 0) throw Validation(problems);
}

const companyTopics = (id: string) => [`company:${id}`, "list:companies"];

export async function createCompany(
  platform: Platform,
  context: Context,
  input: { name: string; ownerId?: string | undefined; teamId?: string | null | undefined; securityLevel?: number | undefined },
) {
  const { actor } = context;
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const placement: Placement = {
      ownerId: input.ownerId ?? actor.userId,
      teamId: input.teamId !== undefined ? input.teamId : (actor.teamIds[0] ?? null),
      securityLevel: input.securityLevel ?? 0,
    };
    const owner = await assertPlacement(uow, actor, "create", placement);
    const row = await repo.insertCompany(uow.tx, { name: input.name, ...placement, orgUnitId: owner.orgUnitId });
    await uow.emit({
      name: "company.created",
      object: "company",
      recordId: row.id,
      topics: companyTopics(row.id),
      access: companyAccess(row),
    });
    return presentCompany(row);
  });
}

/** Visible but not changeable → 403; not visible at all → 404 (no existence oracle). */
async function findForChange(uow: UnitOfWork, actor: UserActor, id: string, action: "update" | "delete") {
  const row = await repo.findVisible(uow.tx, actor, id, "read");
  if (!row) throw NotFound("Company");
  assertMayChange(actor, row, action);
  return row;
}

function assertMayChange(actor: UserActor, row: repo.CompanyRow, action: "update" | "delete") {
  if (!canAccessRecord(actor, "company", action, companyAccess(row))) throw Forbidden();
}

type CompanyChange = {
  name?: string | undefined;
  ownerId?: string | undefined;
  teamId?: string | null | undefined;
  securityLevel?: number | undefined;
};

/** Applies a change to a company the actor may update (`current`, read in this transaction). */
async function applyChange(
  uow: UnitOfWork,
  actor: UserActor,
  current: repo.CompanyRow,
  version: number,
  input: CompanyChange,
  owner?: Owner,
) {
  const id = current.id;
  let orgUnitId = current.orgUnitId;
  const placed = input.ownerId !== undefined || input.teamId !== undefined || input.securityLevel !== undefined;
  if (placed) {
    const placement = {
      ownerId: input.ownerId ?? current.ownerId,
      teamId: input.teamId !== undefined ? input.teamId : current.teamId,
      securityLevel: input.securityLevel ?? current.securityLevel,
    };
    orgUnitId = (await assertPlacement(uow, actor, "update", placement, owner?.id === placement.ownerId ? owner : undefined)).orgUnitId;
  }
  const row = await repo.updateCompany(uow.tx, id, version, { ...input, orgUnitId });
  if (!row) throw PreconditionFailed();
  // Subscribers who could see the old placement hear of the change too.
  await uow.emit({ name: "company.updated", object: "company", recordId: id, topics: companyTopics(id), access: companyAccess(row) });
  if (placed)
    await uow.emit({ name: "company.updated", object: "company", recordId: id, topics: companyTopics(id), access: companyAccess(current) });
  return row;
}

async function applyDelete(uow: UnitOfWork, current: repo.CompanyRow) {
  await repo.deleteCompany(uow.tx, current.id);
  await uow.emit({
    name: "company.deleted",
    object: "company",
    recordId: current.id,
    topics: companyTopics(current.id),
    access: companyAccess(current),
  });
}

export async function updateCompany(platform: Platform, context: Context, id: string, version: number, input: CompanyChange) {
  const { actor } = context;
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const current = await findForChange(uow, actor, id, "update");
    return presentCompany(await applyChange(uow, actor, current, version, input));
  });
}

export async function deleteCompany(platform: Platform, context: Context, id: string, version: number | undefined) {
  const { actor } = context;
  await unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const current = await findForChange(uow, actor, id, "delete");
    if (version !== undefined && version !== current.version) throw PreconditionFailed();
    await applyDelete(uow, current);
  });
}

/**
 * Bulk delete or reassignment: each company is checked and changed on its own (in a savepoint,
 * audited, with its usual event), so some may succeed while others fail. Ids the actor cannot
 * see fail as not_found, exactly like ids that do not exist. A role without the function at all
 * (deleting, for a sales rep) is refused whole with 403; an unknown new owner is a 400.
 */
export async function bulkCompanies(platform: Platform, context: Context, input: CompanyBulk): Promise<BulkResult> {
  const { actor } = context;
  const action = input.action === "delete" ? "delete" : "update";
  if (!canUse(actor, "company", action)) throw Forbidden();
  const ids = [...new Set(input.ids)];
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const owner = input.action === "assign" ? await loadOwner(uow, input.ownerId) : undefined;
    const rows = new Map((await repo.lockVisible(uow.tx, actor, ids)).map((row) => [row.id, row]));
    const results: BulkResult["results"] = [];
    for (const id of ids) {
      try {
        const current = rows.get(id);
        if (!current) throw NotFound("Company");
        assertMayChange(actor, current, action);
        await uow.savepoint(async (part) => {
          if (input.action === "delete") await applyDelete(part, current);
          else if (current.ownerId !== input.ownerId)
            await applyChange(part, actor, current, current.version, { ownerId: input.ownerId }, owner);
        });
        results.push({ id, ok: true });
      } catch (error) {
        const failure = bulkFailure(error);
        if (!failure) throw error;
        results.push({ id, ok: false, error: failure });
      }
    }
    return { results };
  });
}

/** A record's own failure (reported in its result); anything else fails the whole request. */
function bulkFailure(error: unknown): { code: string; message: string } | undefined {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  if (databaseErrorCode(error) === "23503") return { code: "conflict", message: "Other records still refer to this company" };
  return undefined;
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
