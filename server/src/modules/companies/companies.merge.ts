/**
 * Merging two companies: the source's related records move to the target, chosen fields come
 * from the source, the source is removed and recorded (with a snapshot) in company_merges.
 *
 * Later modules move their own rows by registering a step (`registerCompanyMergeStep` in
 * index.ts): every step runs in the merge's transaction, after the source's contacts moved and
 * before the target takes its new values and the source is deleted (so projections of the
 * target's `company.updated` and `company.merged` events see everything that is now the target's).
 */
import type { z } from "zod";
import type { companyMerge, CompanyPatch, CustomValues } from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { unitOfWork, type UnitOfWork } from "../../platform/events/unit-of-work";
import type { UserActor } from "../../platform/access/actor";
import { canAccessRecord, canUse } from "../../platform/access/policy";
import { Forbidden, NotFound, PreconditionFailed, Validation } from "../../platform/errors";
import { deleteSearchEntry, moveSearchEntries } from "../../platform/search";
import * as repo from "./companies.repository";
import { companyAccess, presentCompany, presentStageChange } from "./companies.presenter";
import { applyChange, companyEvent, companyTopics, type Context } from "./companies.service";

export type CompanyMergeStep = (uow: UnitOfWork, merge: { sourceId: string; targetId: string; actor: UserActor }) => Promise<void>;

/** Contacts (primary company and roles) and the search entries of records placed by the source. */
const builtinSteps: CompanyMergeStep[] = [
  async (uow, { sourceId, targetId }) => {
    await repo.moveContacts(uow.tx, sourceId, targetId);
    await moveSearchEntries(uow.tx, sourceId, targetId);
  },
];
const registeredSteps = new Set<CompanyMergeStep>();

/** Lets a later module move its rows (opportunities, contracts…) from a merged-away company to the one it merges into. */
export function registerCompanyMergeStep(step: CompanyMergeStep) {
  registeredSteps.add(step);
}

type Row = repo.CompanyRow;
type CompanyMerge = z.output<typeof companyMerge>;
type Takeable = NonNullable<CompanyMerge["take"]>[number];

/** Lists are joined (the target's entries first, equal ones once); custom values fill the target's gaps. */
function union<T>(target: T[], source: T[], key: (item: T) => string): T[] {
  const seen = new Set(target.map(key));
  return [...target, ...source.filter((item) => !seen.has(key(item)) && seen.add(key(item)))];
}

/**
 * What the target becomes: the fields in `take` from the source; any other field the target
 * leaves empty is filled from the source; phones, emails and addresses are joined.
 */
function mergedValues(target: Row, source: Row, take: Set<Takeable>): CompanyPatch {
  const pick = <K extends keyof Row>(key: K & Takeable) => (take.has(key) ? source[key] : (target[key] ?? source[key]));
  const custom: CustomValues = {};
  for (const [key, value] of Object.entries(source.custom))
    if (value !== null && (target.custom[key] === undefined || target.custom[key] === null)) custom[key] = value;
  const change: CompanyPatch = {
    name: take.has("name") ? source.name : target.name,
    kind: (take.has("kind") ? source.kind : target.kind) as CompanyPatch["kind"],
    stage: (take.has("stage") ? source.stage : target.stage) as CompanyPatch["stage"],
    status: (take.has("status") ? source.status : target.status) as CompanyPatch["status"],
    category: pick("category"),
    industry: pick("industry"),
    sizeBand: pick("sizeBand") as CompanyPatch["sizeBand"],
    registrationNumber: pick("registrationNumber"),
    website: pick("website"),
    country: pick("country"),
    currency: pick("currency"),
    description: pick("description"),
    gradeOverride: (target.gradeOverride ?? source.gradeOverride) as CompanyPatch["gradeOverride"],
    phones: union(target.phones, source.phones, (phone) => phone.e164 ?? phone.number),
    emails: union(target.emails, source.emails, (email) => email.address),
    addresses: union(target.addresses, source.addresses, (address) => JSON.stringify(address)),
    custom,
  };
  if (take.has("ownerId")) Object.assign(change, { ownerId: source.ownerId, teamId: source.teamId });
  return change;
}

/**
 * `POST /api/companies/:id/merge`: merges `sourceId` into company `id`. The caller must be able
 * to update both and to delete the source (it disappears); a company they cannot see is 404.
 * The target's If-Match guards against merging into a company changed meanwhile.
 */
export async function mergeCompanies(platform: Platform, context: Context, targetId: string, version: number, input: CompanyMerge) {
  const { actor } = context;
  if (input.sourceId === targetId) throw Validation([{ field: "sourceId", message: "must be another company" }]);
  // The source is deleted: a role without the delete function cannot merge at all.
  if (!canUse(actor, "company", "delete")) throw Forbidden();
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    await repo.lockGradeRules(uow.tx, "shared");
    const locked = await repo.lockPair(uow.tx, [targetId, input.sourceId]);
    const visible = async (id: string) => {
      const row = locked.find((candidate) => candidate.id === id);
      return row && (await repo.findVisible(uow.tx, actor, id)) ? row : undefined;
    };
    const target = await visible(targetId);
    if (!target) throw NotFound("Company");
    const source = await visible(input.sourceId);
    if (!source) throw Validation([{ field: "sourceId", message: "no such company" }]);
    const access = (row: Row, action: "update" | "delete") => canAccessRecord(actor, "company", action, companyAccess(row));
    if (!access(target, "update") || !access(source, "update") || !access(source, "delete")) throw Forbidden();
    if (target.version !== version) throw PreconditionFailed();

    const sourceView = (await repo.findView(uow.tx, source.id))!;
    const history = await repo.stageChanges(uow.tx, source.id);
    const contactIds = await repo.contactIdsOf(uow.tx, source.id);
    const take = new Set(input.take ?? []);
    for (const step of [...builtinSteps, ...registeredSteps]) await step(uow, { sourceId: source.id, targetId: target.id, actor });
    const merged = await applyChange(uow, actor, target, version, mergedValues(target, source, take), {
      ignoreDuplicates: true,
      trustedCustom: true,
    });
    // After the target's own points were written: the source's join them (duplicate checks still find its old identity).
    await repo.moveCompanyPoints(uow.tx, source.id, target.id);

    await repo.recordMerge(uow.tx, {
      mergedId: source.id,
      intoId: target.id,
      mergedBy: actor.userId,
      snapshot: { company: presentCompany(sourceView), stageChanges: history.map(presentStageChange), take: [...take], contactIds },
    });
    await deleteSearchEntry(uow.tx, "company", source.id);
    await repo.deleteCompanyPoints(uow.tx, source.id);
    await repo.deleteCompany(uow.tx, source.id);
    // Contacts changed company: their list reloads too.
    await uow.emit(
      companyEvent("company.merged", merged, { topics: [...companyTopics(target.id), "list:contacts"], payload: { sourceId: source.id } }),
    );
    await uow.emit(
      companyEvent("company.deleted", source, {
        topics: [...companyTopics(source.id), "list:contacts"],
        payload: { mergedInto: target.id },
      }),
    );
    return presentCompany(merged);
  });
}
