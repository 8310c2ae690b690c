/**
 * Parent links and the tree they make. Every change runs under the tree lock (exclusively):
 * the cycle check, the link rows, the closure and the moved totals are one consistent step, so
 * two concurrent moves can never make a cycle together. Ended links stay as history.
 */
import type { CompanyParentPut } from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { unitOfWork, type UnitOfWork, type UnitOfWorkContext } from "../../platform/events/unit-of-work";
import { systemActor, type UserActor } from "../../platform/access/actor";
import { canAccessRecord } from "../../platform/access/policy";
import { Conflict, Forbidden, NotFound, PreconditionFailed, Validation, type FieldProblem } from "../../platform/errors";
import { addDaily } from "../../platform/jobs/jobs";
import { ancestorIds, attach, descendantIds, detach, dropFigures, isInSubtree, lockTree, moveFigures } from "../../platform/rollups";
import type { CompanyMergeStep } from "../companies";
import * as repo from "./groups.repository";
import { presentLink } from "./groups.presenter";

export type Context = UnitOfWorkContext & { actor: UserActor };

const later = (a: string, b: string) => (a > b ? a : b);
const topicChunk = 200;

/**
 * Announces a change of the tree: a record event for the company whose link changed (its card,
 * for those who may see it), and `company.group_changed` on the topics of every company whose
 * group or totals it changed — old and new ancestors (so both roots), and the moved subtree.
 */
async function announceLinkChange(uow: UnitOfWork, companyId: string, affected: Iterable<string>, payload: Record<string, unknown>) {
  const [company] = await repo.accessOf(uow.tx, [companyId]);
  if (company) {
    const { id, ownerId, teamId, orgUnitId, securityLevel } = company;
    await uow.emit({
      name: "company.parent_changed",
      object: "company",
      recordId: id,
      topics: [`company:${id}`, "list:companies"],
      access: { ownerId, teamId, orgUnitId, securityLevel },
      payload,
    });
  }
  await announceGroupChange(uow, affected);
}

/** `company.group_changed` on `company:<id>` of these companies (no record: it tells only that their group or its figures changed). */
export async function announceGroupChange(uow: UnitOfWork, companyIds: Iterable<string>, name = "company.group_changed") {
  const ids = [...new Set(companyIds)];
  for (let start = 0; start < ids.length; start += topicChunk)
    await uow.emit({
      name,
      object: "company",
      recordId: null,
      topics: ids.slice(start, start + topicChunk).map((id) => `company:${id}`),
    });
}

/** The companies a change of `companyId`'s position touches: it, its subtree and its current ancestors. */
async function neighbourhood(uow: UnitOfWork, companyId: string) {
  return [companyId, ...(await ancestorIds(uow.tx, companyId)), ...(await descendantIds(uow.tx, companyId))];
}

/** Ends a current link (history keeps it) and takes the company's subtree out of its ancestors. */
async function endCurrent(uow: UnitOfWork, link: repo.LinkRow, values: { validTo?: string }) {
  const affected = await neighbourhood(uow, link.companyId);
  const ended = await repo.updateLink(uow.tx, link.id, { current: false, ...values });
  await detach(uow, link.companyId);
  return { ended, affected };
}

/**
 * Ends the links whose end date has come. Run under the tree lock by every tree change (so the
 * cycle check never counts an expired link) and by the daily job.
 */
export async function endExpiredLinks(uow: UnitOfWork) {
  for (const link of await repo.expiredLinks(uow.tx)) {
    const { affected } = await endCurrent(uow, link, {});
    await announceLinkChange(uow, link.companyId, affected, { parentId: null, previousParentId: link.parentId, expired: true });
  }
}

addDaily(async (platform: Platform) => {
  await unitOfWork(platform.db, platform.projections, { actor: systemActor("groups") }, async (uow) => {
    await lockTree(uow, "exclusive");
    await endExpiredLinks(uow);
  });
});

/** The company whose parent changes: readable (else 404) and changeable (else 403) by the actor. */
async function changeableChild(uow: UnitOfWork, actor: UserActor, companyId: string) {
  const child = await repo.findReadable(uow.tx, actor, companyId);
  if (!child) throw NotFound("Company");
  if (!canAccessRecord(actor, "company", "update", child)) throw Forbidden();
  return child;
}

/**
 * `PUT /api/companies/:id/parent`: sets or moves the company's parent. The same parent as now
 * updates the current link (fields left out keep their values); another parent ends the current
 * link and starts a new one. The parent must be readable, another company, and not inside the
 * company's own subtree.
 */
export async function setParent(platform: Platform, context: Context, companyId: string, version: number, input: CompanyParentPut) {
  const { actor } = context;
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    await lockTree(uow, "exclusive");
    await endExpiredLinks(uow);
    await changeableChild(uow, actor, companyId);
    if ((await repo.parentVersion(uow.tx, companyId)) !== version) throw PreconditionFailed();
    const current = await repo.currentLink(uow.tx, companyId);
    const same = current?.parentId === input.parentId ? current : undefined;
    const day = await repo.today(uow.tx);
    const validFrom = input.validFrom ?? same?.validFrom ?? day;
    const validTo = input.validTo !== undefined ? input.validTo : (same?.validTo ?? null);
    const share = input.share !== undefined ? (input.share === null ? null : input.share.toFixed(2)) : (same?.share ?? null);

    const problems: FieldProblem[] = [];
    if (input.parentId === companyId)
      problems.push({ field: "parentId", message: "must be another company: a company cannot be its own parent" });
    else {
      const parent = await repo.findReadable(uow.tx, actor, input.parentId);
      if (!parent) problems.push({ field: "parentId", message: "no such company" });
      else if (await isInSubtree(uow.tx, companyId, input.parentId))
        problems.push({
          field: "parentId",
          message: "is a subsidiary of this company (directly or further down): placing the company under it would make a cycle",
        });
    }
    if (validFrom > day) problems.push({ field: "validFrom", message: "must not be in the future" });
    if (validTo !== null && validTo <= validFrom) problems.push({ field: "validTo", message: "must be after validFrom" });
    if (problems.length > 0) throw Validation(problems);

    const endsNow = validTo !== null && validTo <= day;
    let link: repo.LinkRow;
    const affected = new Set<string>();
    if (same) {
      if (endsNow) for (const id of await neighbourhood(uow, companyId)) affected.add(id);
      link = await repo.updateLink(uow.tx, same.id, { relation: input.relation, share, validFrom, validTo, current: !endsNow });
      if (endsNow) await detach(uow, companyId);
      else for (const id of await neighbourhood(uow, companyId)) affected.add(id);
    } else {
      if (current)
        for (const id of (await endCurrent(uow, current, { validTo: later(current.validFrom, validFrom) })).affected) affected.add(id);
      link = await repo.insertLink(uow.tx, {
        companyId,
        parentId: input.parentId,
        relation: input.relation,
        share,
        validFrom,
        validTo,
        current: !endsNow,
        createdBy: actor.userId,
        version: (await repo.parentVersion(uow.tx, companyId)) + 1,
      });
      if (!endsNow) {
        await attach(uow, companyId, input.parentId);
        for (const id of await neighbourhood(uow, companyId)) affected.add(id);
      }
    }
    await announceLinkChange(uow, companyId, affected, {
      parentId: link.current ? link.parentId : null,
      previousParentId: current?.parentId ?? null,
    });
    return { link: presentLink((await repo.linkView(uow.tx, actor, link.id))!), version: link.version };
  });
}

/** `DELETE /api/companies/:id/parent`: ends the current link today (kept as history); without one, nothing changes. */
export async function removeParent(platform: Platform, context: Context, companyId: string, version: number | undefined) {
  const { actor } = context;
  await unitOfWork(platform.db, platform.projections, context, async (uow) => {
    await lockTree(uow, "exclusive");
    await endExpiredLinks(uow);
    await changeableChild(uow, actor, companyId);
    if (version !== undefined && (await repo.parentVersion(uow.tx, companyId)) !== version) throw PreconditionFailed();
    const current = await repo.currentLink(uow.tx, companyId);
    if (!current) return;
    const { affected } = await endCurrent(uow, current, { validTo: later(current.validFrom, await repo.today(uow.tx)) });
    await announceLinkChange(uow, companyId, affected, { parentId: null, previousParentId: current.parentId });
  });
}

/**
 * A company merge (a step of the companies module's merge, in its transaction). The source's
 * subsidiaries move under the target, and its figures join the target's. When the target sat
 * inside the source's subtree, it first leaves its own parent and then takes the source's place
 * (under the source's parent), so no cycle can arise. History pointing to the source points to
 * the target; the source's own links go with it.
 */
export const mergeTree: CompanyMergeStep = async (uow, { sourceId, targetId, actor }) => {
  await lockTree(uow, "exclusive");
  await endExpiredLinks(uow);
  const affected = new Set([...(await neighbourhood(uow, sourceId)), ...(await neighbourhood(uow, targetId))]);
  const day = await repo.today(uow.tx);
  const targetInside = await isInSubtree(uow.tx, sourceId, targetId);
  if (targetInside) {
    const targetLink = (await repo.currentLink(uow.tx, targetId))!;
    await endCurrent(uow, targetLink, { validTo: later(targetLink.validFrom, day) });
  }
  const children = await repo.childLinks(uow.tx, sourceId);
  for (const link of children) await detach(uow, link.companyId);
  const sourceLink = await repo.currentLink(uow.tx, sourceId);
  if (sourceLink) await endCurrent(uow, sourceLink, { validTo: later(sourceLink.validFrom, day) });
  await moveFigures(uow, sourceId, targetId);
  if (targetInside && sourceLink) {
    await repo.insertLink(uow.tx, {
      companyId: targetId,
      parentId: sourceLink.parentId,
      relation: sourceLink.relation,
      share: sourceLink.share,
      validFrom: day,
      validTo: sourceLink.validTo,
      createdBy: actor.userId,
      version: (await repo.parentVersion(uow.tx, targetId)) + 1,
    });
    await attach(uow, targetId, sourceLink.parentId);
  }
  for (const link of children) {
    await repo.updateLink(uow.tx, link.id, { parentId: targetId });
    await attach(uow, link.companyId, targetId);
  }
  await repo.repointEndedLinks(uow.tx, sourceId, targetId);
  for (const id of await neighbourhood(uow, targetId)) affected.add(id);
  affected.delete(sourceId);
  await announceGroupChange(uow, affected);
};

/**
 * A deleted company leaves the tree (a projection of `company.deleted`, in the deletion's
 * transaction). One that heads subsidiaries is refused: they would silently become separate
 * groups. A merged-away company was already taken out by `mergeTree`.
 */
export async function companyDeleted(uow: UnitOfWork, companyId: string, merged: boolean) {
  await lockTree(uow, "exclusive");
  if (!merged && (await repo.childLinks(uow.tx, companyId)).length > 0)
    throw Conflict("The company heads a group: move its subsidiaries to another parent or end their links first");
  const affected = await neighbourhood(uow, companyId);
  if (await repo.currentLink(uow.tx, companyId)) await detach(uow, companyId);
  await dropFigures(uow, companyId);
  await repo.deleteLinksOf(uow.tx, companyId);
  await announceGroupChange(
    uow,
    affected.filter((id) => id !== companyId),
  );
}
