import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Platform } from "../../platform/context";
import { unitOfWork, type DomainEvent, type UnitOfWork, type UnitOfWorkContext } from "../../platform/events/unit-of-work";
import type { Actor, UserActor } from "../../platform/access/actor";
import { canAccessRecord, canUse, scopeOf } from "../../platform/access/policy";
import { AppError, Conflict, Forbidden, NotFound, PreconditionFailed, Validation, type FieldProblem } from "../../platform/errors";
import {
  limits,
  type BulkResult,
  type CompanyBulk,
  type CompanyCreate,
  type CompanyListQuery,
  type CompanyPatch,
  type CustomValues,
} from "@relata/contracts";
import { keysetBatches, type CsvColumn } from "../../platform/http/csv";
import { databaseErrorCode } from "../../platform/http/errors.plugin";
import { cursorValue, decodeCursor, toPage } from "../../platform/http/pagination";
import { listAudit } from "../../platform/audit/audit.repository";
import { companies } from "../../db/schema";
import {
  customCsvColumns,
  customFilterCondition,
  customSortCursorValue,
  loadCustomFields,
  validateCustomValues,
  type CustomFieldDef,
} from "../../platform/custom-fields";
import { deleteSearchEntry, indexedSearchProvider, upsertSearchEntry, type SearchEntry, type SearchProvider } from "../../platform/search";
import {
  assertNoDuplicates as refuseDuplicates,
  companyPoints,
  findCompanyDuplicates,
  normalizeDomain,
  normalizePhone,
  syncContactPoints,
} from "../duplicates";
import { assertDimensionKeys, dimensionFilterProblems } from "../dimensions";
import * as repo from "./companies.repository";
import { companyAccess, companyCsvColumns, completeAddress, presentCompany, presentStageChange } from "./companies.presenter";

export type Context = UnitOfWorkContext & { actor: UserActor };

type ListQuery = Omit<CompanyListQuery, "limit" | "cursor" | "withTotal">;
type ResolvedList = { options: repo.CompanyListOptions; defs: CustomFieldDef[]; acceptsValue: (value: string | number | null) => boolean };

/**
 * The list's q, filters and sort as the repository takes them. Custom-field filters and sorts
 * are checked against the field definitions: an unknown key or a bad value is a 400 naming it.
 */
async function resolveList(platform: Platform, actor: Actor, query: ListQuery): Promise<ResolvedList> {
  const defs = await loadCustomFields(platform.db, "company");
  const problems: FieldProblem[] = [];
  const custom = customFilterCondition(companies.custom, defs, query.customFilters);
  problems.push(...custom.problems);
  problems.push(
    ...(await dimensionFilterProblems(platform.db, [
      { field: "filter[lineOfBusiness]", kind: "line_of_business", keys: query["filter[lineOfBusiness]"] },
      { field: "filter[clientUnit]", kind: "client_unit", keys: query["filter[clientUnit]"] },
      { field: "filter[region]", kind: "region", keys: query["filter[region]"] },
    ])),
  );
  const descending = query.sort.startsWith("-");
  const key = descending ? query.sort.slice(1) : query.sort;
  let sort: repo.CompanySortSpec | undefined;
  let acceptsValue: ResolvedList["acceptsValue"] = () => false;
  if (key.startsWith("custom.")) {
    const def = defs.find((candidate) => candidate.key === key.slice("custom.".length));
    if (!def) problems.push({ field: "sort", message: "no such custom field" });
    else {
      sort = { field: "custom", descending, def };
      acceptsValue = (value) => customSortCursorValue(def, value) !== undefined;
    }
  } else {
    const field = key as Exclude<repo.CompanySortSpec["field"], "custom">;
    sort = { field, descending };
    acceptsValue = {
      name: cursorValue.text,
      updatedAt: cursorValue.instant,
      createdAt: cursorValue.instant,
      stage: (value: unknown) => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 4,
      grade: (value: unknown) => value === null || (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 4),
      country: (value: unknown) => value === null || cursorValue.text(value),
    }[field];
  }
  if (problems.length > 0 || !sort) throw Validation(problems);
  const ownerFilter = query["filter[ownerId]"];
  return {
    defs,
    acceptsValue,
    options: {
      q: query.q,
      sort,
      filters: {
        ownerId: ownerFilter === "me" ? (actor.kind === "user" ? actor.userId : undefined) : ownerFilter,
        teamId: query["filter[teamId]"],
        orgUnitId: query["filter[orgUnitId]"],
        securityLevel: query["filter[securityLevel]"],
        kind: query["filter[kind]"],
        stage: query["filter[stage]"],
        status: query["filter[status]"],
        grade: query["filter[grade]"],
        sizeBand: query["filter[sizeBand]"],
        country: query["filter[country]"],
        industry: query["filter[industry]"],
        category: query["filter[category]"],
        lineOfBusiness: query["filter[lineOfBusiness]"],
        clientUnit: query["filter[clientUnit]"],
        region: query["filter[region]"],
        custom: custom.condition,
      },
    },
  };
}

export async function listCompanies(platform: Platform, actor: Actor, query: CompanyListQuery) {
  const { options, acceptsValue } = await resolveList(platform, actor, query);
  // A cursor is [sort value, id]; anything else (tampered, or from another sort) is a 400, never a 500.
  const after = decodeCursor(query.cursor, 2, ([value, id]) => acceptsValue(value ?? null) && cursorValue.id(id));
  const rows = await repo.listVisible(platform.db, actor, { ...options, limit: query.limit, after });
  const page = toPage(rows, query.limit, presentCompany, (row) => [row.sortKey, row.id]);
  return query.withTotal ? { ...page, ...(await repo.countVisible(platform.db, actor, options)) } : page;
}

/**
 * A CSV export: the columns (every field, then the active custom fields) and the rows in
 * batches, with the same condition, filters and sort as the list.
 */
export async function exportCompanies(platform: Platform, actor: Actor, query: ListQuery) {
  const { options, defs } = await resolveList(platform, actor, query);
  const columns: CsvColumn<repo.CompanyExportRow>[] = [
    ...companyCsvColumns,
    ...customCsvColumns<repo.CompanyExportRow>(
      defs.filter((def) => !def.archived),
      (row) => row.custom,
    ),
  ];
  const batches = keysetBatches(
    (after, limit) => repo.exportBatch(platform.db, actor, { ...options, limit, after }),
    (row) => [row.sortKey, row.id],
    limits.exportRowsMax,
  );
  return { columns, batches };
}

/** Global search over the companies the actor may read, through the search index. */
export function companySearch(platform: Platform): SearchProvider {
  return indexedSearchProvider(platform.db, {
    object: "company",
    access: "company",
    scope: { table: companies, id: companies.id, access: repo.accessColumns },
  });
}

export async function getCompany(platform: Platform, actor: Actor, id: string) {
  const row = await repo.findVisible(platform.db, actor, id);
  if (!row) throw NotFound("Company");
  return presentCompany(row);
}

/** Where a merged-away company went, for a caller who may read the company it went into. */
export async function companyMergedInto(platform: Platform, actor: Actor, id: string) {
  const intoId = await repo.mergedInto(platform.db, id);
  if (!intoId || !(await repo.findVisible(platform.db, actor, intoId))) throw NotFound("Company");
  return { id: intoId };
}

export async function companyStages(platform: Platform, actor: Actor, id: string) {
  if (!(await repo.findVisible(platform.db, actor, id))) throw NotFound("Company");
  return { items: (await repo.stageChanges(platform.db, id)).map(presentStageChange), nextCursor: null };
}

// ---------------------------------------------------------------------------------------------
// Placement: who may own a company the actor creates or moves

export type Placement = { ownerId: string; teamId: string | null; securityLevel: number };
export type Owner = { id: string; name: string; orgUnitId: string | null; teamIds: string[] };

export async function loadOwner(uow: UnitOfWork, ownerId: string, field = "ownerId"): Promise<Owner> {
  const owner = await repo.findActiveUser(uow.tx, ownerId);
  if (!owner) throw Validation([{ field, message: "no such active user" }]);
  return { id: owner.id, name: owner.name, orgUnitId: owner.orgUnitId, teamIds: await repo.userTeamIds(uow.tx, ownerId) };
}

/**
 * Who may own a record the actor creates or reassigns, per the actor's scope for `action`:
 * own → only themselves; team → members of their teams, in those teams; org unit → within
 * their unit subtree; all → anyone. The security level never exceeds their clearance.
 */
async function assertPlacement(uow: UnitOfWork, actor: UserActor, action: "create" | "update", placement: Placement, preloaded?: Owner) {
  const owner = preloaded ?? (await loadOwner(uow, placement.ownerId));
  const problems = placementProblems(actor, action, placement, owner);
  if (
    placement.teamId !== null &&
    !problems.some((problem) => problem.field === "teamId") &&
    !owner.teamIds.includes(placement.teamId) &&
    !(await repo.teamExists(uow.tx, placement.teamId))
  )
    problems.push({ field: "teamId", message: "no such team" });
  if (problems.length > 0) throw Validation(problems);
  return owner;
}

export function placementProblems(actor: UserActor, action: "create" | "update", placement: Placement, owner: Owner): FieldProblem[] {
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
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Writing a company: fields, custom values, duplicates, stage history, grade, search index

export const companyTopics = (id: string) => [`company:${id}`, "list:companies"];

/**
 * An event about a company, to those who may see it placed as `row` is: by default for its screens
 * and the list; modules whose records hang on the company name the topics (its card only, say).
 */
export const companyEvent = (
  name: string,
  row: Pick<repo.CompanyRow, "id" | "ownerId" | "teamId" | "orgUnitId" | "securityLevel">,
  more: { payload?: Record<string, unknown>; topics?: string[] } = {},
): DomainEvent => ({
  name,
  object: "company",
  recordId: row.id,
  topics: more.topics ?? companyTopics(row.id),
  access: companyAccess(row),
  ...(more.payload ? { payload: more.payload } : {}),
});

/** The writable fields of a create or patch as stored: phones with E.164, the domain of the website. */
function storedFields(input: CompanyPatch, current: repo.CompanyRow | undefined): Partial<repo.CompanyInsert> {
  const values: Partial<repo.CompanyInsert> = {};
  const copy = <K extends keyof CompanyPatch & keyof repo.CompanyInsert>(...keys: K[]) => {
    for (const key of keys) if (input[key] !== undefined) values[key] = input[key] as repo.CompanyInsert[K];
  };
  copy(
    "name",
    "kind",
    "status",
    "gradeOverride",
    "category",
    "industry",
    "sizeBand",
    "registrationNumber",
    "emails",
    "country",
    "currency",
    "lineOfBusiness",
    "clientUnit",
  );
  copy("description");
  if (input.website !== undefined) {
    values.website = input.website;
    values.domain = input.website ? normalizeDomain(input.website) : null;
  }
  if (input.addresses !== undefined) values.addresses = input.addresses.map(completeAddress);
  const country = input.country !== undefined ? input.country : (current?.country ?? null);
  // Numbers typed without a country code are read as numbers of the company's country.
  if (input.phones !== undefined)
    values.phones = input.phones.map((phone) => ({ type: phone.type, number: phone.number, e164: normalizePhone(phone.number, country) }));
  else if (current && input.country !== undefined && input.country !== current.country)
    values.phones = current.phones.map((phone) => ({ ...phone, e164: normalizePhone(phone.number, country) }));
  return values;
}

type Identity = Pick<repo.CompanyRow, "name" | "registrationNumber" | "website" | "emails" | "phones" | "country">;

type DuplicateInput = Parameters<typeof findCompanyDuplicates>[2];

const duplicateInput = (company: Identity): DuplicateInput => ({
  name: company.name,
  registrationNumber: company.registrationNumber,
  website: company.website,
  emails: company.emails.map((email) => email.address),
  phones: company.phones.map((phone) => phone.number),
  country: company.country,
});

/**
 * What of a company's identity a change makes new: only that is checked for duplicates (a
 * company whose name resembles another's can still get a new website without a warning about
 * the name). Undefined when nothing that identifies it changed.
 */
function changedIdentity(next: Identity, current: Identity): DuplicateInput | undefined {
  const after = duplicateInput(next);
  const before = duplicateInput(current);
  const changed: DuplicateInput = { country: after.country };
  let any = false;
  for (const key of ["name", "registrationNumber", "website", "emails", "phones"] as const)
    if (JSON.stringify(after[key]) !== JSON.stringify(before[key])) {
      Object.assign(changed, { [key]: after[key] });
      any = true;
    }
  // Phones typed without a country code read differently in another country.
  if (after.country !== before.country && after.phones?.length) {
    changed.phones = after.phones;
    any = true;
  }
  return any ? changed : undefined;
}

async function assertNoDuplicates(uow: UnitOfWork, actor: UserActor, input: DuplicateInput, excludeId?: string) {
  const candidates = await findCompanyDuplicates(uow.tx, actor, input, excludeId);
  refuseDuplicates(candidates, false);
}

/** Dimension keys must be chosen from their lists (a record keeps the one it holds, even once archived). */
async function checkDimensions(uow: UnitOfWork, input: CompanyPatch, current: repo.CompanyRow | undefined) {
  await assertDimensionKeys(uow.tx, [
    { field: "lineOfBusiness", kind: "line_of_business", value: input.lineOfBusiness, current: current?.lineOfBusiness },
    { field: "clientUnit", kind: "client_unit", value: input.clientUnit, current: current?.clientUnit },
  ]);
}

async function checkCustom(uow: UnitOfWork, changes: CustomValues, current: CustomValues, requireAll: boolean) {
  const defs = await loadCustomFields(uow.tx, "company");
  const { values, problems } = await validateCustomValues(uow.tx, defs, changes, current, { requireAll });
  if (problems.length > 0) throw Validation(problems);
  return values;
}

/**
 * A company's search entry: the owner beside the name; numbers, emails and cities findable. The one
 * definition for every writer (this module, imports; the bulk generator's SQL is checked against it).
 */
export function companySearchEntry(
  row: Pick<repo.CompanyRow, "id" | "name" | "registrationNumber" | "domain" | "emails" | "phones" | "addresses">,
  ownerName: string | null,
): SearchEntry {
  return {
    object: "company",
    recordId: row.id,
    companyId: row.id,
    title: row.name,
    subtitle: ownerName,
    text: [
      row.name,
      row.registrationNumber,
      row.domain,
      ...row.emails.map((email) => email.address),
      ...row.phones.map((phone) => phone.number),
      ...row.addresses.map((address) => address.city),
    ]
      .filter(Boolean)
      .join(" "),
  };
}

/** Keeps the search entry (the owner shown beside the name) and the normalized contact points current. */
async function indexCompany(uow: UnitOfWork, row: repo.CompanyView) {
  await upsertSearchEntry(uow.tx, companySearchEntry(row, row.ownerName));
  await syncContactPoints(
    uow.tx,
    "company",
    row.id,
    companyPoints({
      registrationNumber: row.registrationNumber,
      website: row.website,
      domain: row.domain,
      emails: row.emails,
      phones: row.phones,
      country: row.country,
    }),
  );
}

async function reread(uow: UnitOfWork, id: string) {
  const view = await repo.findView(uow.tx, id);
  if (!view) throw NotFound("Company");
  return view;
}

export async function createCompany(platform: Platform, context: Context, input: CompanyCreate) {
  const { actor } = context;
  // The first contact is a contact like any other: creating it needs that function too.
  if (input.contact && !canUse(actor, "contact", "create")) throw Forbidden("You may not create contacts");
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    await repo.lockGradeRules(uow.tx, "shared");
    const placement: Placement = {
      ownerId: input.ownerId ?? actor.userId,
      teamId: input.teamId !== undefined ? input.teamId : (actor.teamIds[0] ?? null),
      securityLevel: input.securityLevel ?? 0,
    };
    const owner = await assertPlacement(uow, actor, "create", placement);
    const custom = await checkCustom(uow, input.custom ?? {}, {}, true);
    await checkDimensions(uow, input, undefined);
    const fields = storedFields(input, undefined);
    const id = randomUUID();
    const stage = input.stage ?? "lead";
    const identity: Identity = {
      name: input.name,
      registrationNumber: fields.registrationNumber ?? null,
      website: fields.website ?? null,
      emails: fields.emails ?? [],
      phones: fields.phones ?? [],
      country: fields.country ?? null,
    };
    if (!input.ignoreDuplicates) await assertNoDuplicates(uow, actor, duplicateInput(identity));
    const grade = await repo.gradeFor(uow.tx, { id, stage, stageChangedAt: "now" });
    const row = await repo.insertCompany(uow.tx, {
      ...fields,
      id,
      name: input.name,
      stage,
      grade,
      custom,
      ...placement,
      orgUnitId: owner.orgUnitId,
    });
    await repo.insertStageChange(uow.tx, id, null, stage, actor.userId);
    const view = { ...row, ownerName: owner.name };
    await indexCompany(uow, view);
    await uow.emit(companyEvent("company.created", row));
    if (input.contact) {
      if (!firstContactWriter) throw new Error("the contacts module has not registered its first-contact writer");
      await firstContactWriter(uow, actor, id, input.contact);
    }
    return presentCompany(view);
  });
}

/**
 * Writes a new lead's first contact in the lead's transaction. The contacts module provides it
 * (`registerFirstContactWriter`): contacts depend on companies, so this module cannot call theirs.
 */
export type FirstContactWriter = (
  uow: UnitOfWork,
  actor: UserActor,
  companyId: string,
  contact: NonNullable<CompanyCreate["contact"]>,
) => Promise<void>;
let firstContactWriter: FirstContactWriter | undefined;

export function registerFirstContactWriter(writer: FirstContactWriter) {
  firstContactWriter = writer;
}

/** Visible but not changeable → 403; not visible at all → 404 (no existence oracle). */
async function findForChange(uow: UnitOfWork, actor: UserActor, id: string, action: "update" | "delete") {
  const row = await repo.lockVisibleOne(uow.tx, actor, id);
  if (!row) throw NotFound("Company");
  assertMayChange(actor, row, action);
  return row;
}

/** A company's placement and currency, for modules whose records belong to it. */
export type CompanyPlacement = NonNullable<Awaited<ReturnType<typeof repo.findVisiblePlacement>>>;

/**
 * The company other modules' records hang on (account team, finance…): invisible → 404; for
 * "update", visible but not changeable → 403 — both before anything is written.
 */
export async function companyFor(
  db: Parameters<typeof repo.findVisiblePlacement>[0],
  actor: Actor,
  id: string,
  action: "read" | "update" = "read",
) {
  const company = await repo.findVisiblePlacement(db, actor, id);
  if (!company) throw NotFound("Company");
  if (action === "update" && !canAccessRecord(actor, "company", "update", company)) throw Forbidden();
  return company;
}

export function assertMayChange(actor: UserActor, row: repo.CompanyRow, action: "update" | "delete") {
  if (!canAccessRecord(actor, "company", action, companyAccess(row))) throw Forbidden();
}

export type ChangeOptions = {
  /** The new owner, already loaded (bulk reassignment loads it once). */
  owner?: Owner | undefined;
  ignoreDuplicates?: boolean | undefined;
  /** Custom values that come from stored records (a merge) are taken as they are. */
  trustedCustom?: boolean | undefined;
};

/**
 * Applies a change to a company the actor may update (`current`, locked in this transaction):
 * placement rules, custom values, the duplicate check when its identity changes, the stage
 * history, the assigned grade, the search index and the events.
 */
export async function applyChange(
  uow: UnitOfWork,
  actor: UserActor,
  current: repo.CompanyRow,
  version: number,
  input: CompanyPatch,
  options: ChangeOptions = {},
) {
  // `current` is locked: a stale version is refused before any checking work (the update re-checks it).
  if (current.version !== version) throw PreconditionFailed();
  const id = current.id;
  let orgUnitId = current.orgUnitId;
  const placed = input.ownerId !== undefined || input.teamId !== undefined || input.securityLevel !== undefined;
  const placement = {
    ownerId: input.ownerId ?? current.ownerId,
    teamId: input.teamId !== undefined ? input.teamId : current.teamId,
    securityLevel: input.securityLevel ?? current.securityLevel,
  };
  if (placed)
    orgUnitId = (
      await assertPlacement(uow, actor, "update", placement, options.owner?.id === placement.ownerId ? options.owner : undefined)
    ).orgUnitId;
  await checkDimensions(uow, input, current);
  const fields = storedFields(input, current);
  if (input.custom !== undefined)
    fields.custom = options.trustedCustom
      ? { ...current.custom, ...input.custom }
      : await checkCustom(uow, input.custom, current.custom, false);
  const next = { ...current, ...fields };
  const changed = options.ignoreDuplicates ? undefined : changedIdentity(next, current);
  if (changed) await assertNoDuplicates(uow, actor, changed, id);
  const stageChanged = input.stage !== undefined && input.stage !== current.stage;
  const stage = input.stage ?? current.stage;
  const grade = await repo.gradeFor(uow.tx, { id, stage, stageChangedAt: stageChanged ? "now" : current.stageChangedAt });
  const row = await repo.updateCompany(uow.tx, id, version, {
    ...fields,
    ...(input.ownerId !== undefined ? { ownerId: input.ownerId } : {}),
    ...(input.teamId !== undefined ? { teamId: input.teamId } : {}),
    ...(input.securityLevel !== undefined ? { securityLevel: input.securityLevel } : {}),
    orgUnitId,
    grade,
    ...(stageChanged ? { stage, stageChangedAt: sql`now()` } : {}),
  });
  if (!row) throw PreconditionFailed();
  if (stageChanged) await repo.insertStageChange(uow.tx, id, current.stage, stage, actor.userId);
  const view = await reread(uow, id);
  await indexCompany(uow, view);
  // `renamed` tells projections of the name (the subtitle of its contacts' search hits) to run.
  await uow.emit(companyEvent("company.updated", row, row.name !== current.name ? { payload: { renamed: true } } : {}));
  // Subscribers who could see the old placement hear of the change too.
  if (placed) await uow.emit(companyEvent("company.updated", current));
  if (stageChanged) await uow.emit(companyEvent("company.stage_changed", row, { payload: { from: current.stage, to: stage } }));
  // For projections that record what happened to the client (its timeline): the card's topic only, the update above refreshes lists.
  if (row.ownerId !== current.ownerId)
    await uow.emit(
      companyEvent("company.owner_changed", row, { topics: [`company:${id}`], payload: { from: current.ownerId, to: row.ownerId } }),
    );
  const gradeBefore = current.gradeOverride ?? current.grade;
  const gradeAfter = row.gradeOverride ?? row.grade;
  if (gradeAfter !== gradeBefore)
    await uow.emit(
      companyEvent("company.grade_changed", row, { topics: [`company:${id}`], payload: { from: gradeBefore, to: gradeAfter } }),
    );
  return view;
}

async function applyDelete(uow: UnitOfWork, current: repo.CompanyRow) {
  // Contacts belong to their company: they are moved or deleted first, never silently with it.
  if ((await repo.countContacts(uow.tx, [current.id])) > 0) throw Conflict("The company still has contacts; move or delete them first");
  await deleteSearchEntry(uow.tx, "company", current.id);
  await repo.deleteCompanyPoints(uow.tx, current.id);
  await repo.deleteCompany(uow.tx, current.id);
  await uow.emit(companyEvent("company.deleted", current));
}

export async function updateCompany(platform: Platform, context: Context, id: string, version: number, input: CompanyPatch) {
  const { actor } = context;
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    await repo.lockGradeRules(uow.tx, "shared");
    const current = await findForChange(uow, actor, id, "update");
    return presentCompany(await applyChange(uow, actor, current, version, input, { ignoreDuplicates: input.ignoreDuplicates }));
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

/** `POST /api/companies/duplicates`: likely duplicates of what is being typed, among the companies the caller may read. */
export async function checkDuplicates(
  platform: Platform,
  actor: UserActor,
  input: {
    name?: string | undefined;
    registrationNumber?: string | undefined;
    website?: string | undefined;
    emails?: string[] | undefined;
    phones?: string[] | undefined;
    excludeId?: string | undefined;
  },
) {
  const { excludeId, ...fields } = input;
  return { candidates: await findCompanyDuplicates(platform.db, actor, fields, excludeId) };
}

/**
 * Bulk delete, reassignment, stage or status: each company is checked and changed on its own
 * (in a savepoint, audited, with its usual events), so some may succeed while others fail.
 * Ids the actor cannot see fail as not_found, exactly like ids that do not exist. A role
 * without the function at all (deleting, for a sales rep) is refused whole with 403; an
 * unknown new owner is a 400.
 */
export async function bulkCompanies(platform: Platform, context: Context, input: CompanyBulk): Promise<BulkResult> {
  const { actor } = context;
  const action = input.action === "delete" ? "delete" : "update";
  if (!canUse(actor, "company", action)) throw Forbidden();
  const ids = [...new Set(input.ids)];
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    await repo.lockGradeRules(uow.tx, "shared");
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
          else if (input.action === "assign") {
            if (current.ownerId !== input.ownerId)
              await applyChange(part, actor, current, current.version, { ownerId: input.ownerId }, { owner, ignoreDuplicates: true });
          } else if (input.action === "stage") {
            if (current.stage !== input.stage)
              await applyChange(part, actor, current, current.version, { stage: input.stage }, { ignoreDuplicates: true });
          } else if (current.status !== input.status)
            await applyChange(part, actor, current, current.version, { status: input.status }, { ignoreDuplicates: true });
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

/** The audit history of a company, including that of the companies merged into it. */
export async function companyHistory(platform: Platform, actor: Actor, id: string, limit: number, beforeId: string | undefined) {
  if (!(await repo.findVisible(platform.db, actor, id))) throw NotFound("Company");
  const merged = await repo.mergedIds(platform.db, id);
  return listAudit(platform.db, { tableName: "companies", recordIds: [id, ...merged], limit, beforeId });
}

/** May this actor subscribe to `company:<id>`? (the same rule as reading it) */
export async function canWatchCompany(platform: Platform, actor: Actor, id: string) {
  return (await repo.findVisible(platform.db, actor, id)) !== undefined;
}
