import { listAudit } from "../../platform/audit/audit.repository";
import {
  contactCreate,
  limits,
  type contactDuplicateCheck,
  type contactMerge,
  type contactRoleInput,
  type contactRolePatch,
  type Contact,
  type ContactCreate,
  type ContactListQuery,
  type ContactPatch,
  type ContactPhone,
  type CustomValues,
  type DuplicateCandidate,
} from "@relata/contracts";
import type { z } from "zod";
import type { Platform } from "../../platform/context";
import { unitOfWork, type UnitOfWork, type UnitOfWorkContext } from "../../platform/events/unit-of-work";
import type { Actor, UserActor } from "../../platform/access/actor";
import { canAccessRecord, canUse, type RecordAccess } from "../../platform/access/policy";
import { Forbidden, NotFound, PreconditionFailed, Validation } from "../../platform/errors";
import { keysetBatches } from "../../platform/http/csv";
import { cursorValue, decodeCursor, toPage } from "../../platform/http/pagination";
import { deleteSearchEntry, indexedSearchProvider, upsertSearchEntry, type SearchEntry, type SearchProvider } from "../../platform/search";
import {
  customFilterCondition,
  customSortCursorValue,
  loadCustomFields,
  validateCustomValues,
  type CustomFieldDef,
} from "../../platform/custom-fields";
import {
  assertNoDuplicates,
  contactPoints,
  deleteContactPoints,
  findContactDuplicates,
  normalizePhone,
  syncContactPoints,
} from "../duplicates";
import { registerFirstContactWriter, type FirstContactWriter } from "../companies";
import { assertDimensionKeys, dimensionFilterProblems } from "../dimensions";
import * as repo from "./contacts.repository";
import { cardOf, contactAccess, contactCsvColumns, fullNameOf, presentContact, presentRole } from "./contacts.presenter";
import { contactToVcard, parseVcards, vcardToContact } from "./contacts.vcard";

type Context = UnitOfWorkContext & { actor: UserActor };
type ListQuery = Omit<ContactListQuery, "limit" | "cursor" | "withTotal">;

/** Cards one vCard import may hold (the body is at most 1 MB anyway). */
export const vcardCardsMax = 10_000;

// ───────────────────────────── list, export ─────────────────────────────

/** The list's q, filters and sort as the repository takes them; custom filters and sorts checked against the definitions. */
function listOptions(actor: Actor, query: ListQuery, defs: readonly CustomFieldDef[]): repo.ContactListOptions {
  const descending = query.sort.startsWith("-");
  const field = query.sort.replace(/^-/, "");
  let sort: repo.ContactSort;
  if (field.startsWith("custom.")) {
    const def = defs.find((candidate) => candidate.key === field.slice("custom.".length));
    if (!def) throw Validation([{ field: "sort", message: "is not a custom field of contacts" }]);
    sort = { field: "custom", def, descending };
  } else sort = { field: field as "name" | "company" | "updatedAt" | "createdAt", descending };
  const custom = customFilterCondition(repo.customColumn, defs, query.customFilters);
  if (custom.problems.length > 0) throw Validation(custom.problems);
  const owner = query["filter[ownerId]"];
  return {
    q: query.q,
    sort,
    custom: custom.condition,
    filters: {
      companyId: query["filter[companyId]"],
      ownerId: owner === "me" ? (actor.kind === "user" ? actor.userId : undefined) : owner,
      teamId: query["filter[teamId]"],
      orgUnitId: query["filter[orgUnitId]"],
      function: query["filter[function]"],
      clientUnit: query["filter[clientUnit]"],
      consentEmail: query["filter[consentEmail]"],
      consentSms: query["filter[consentSms]"],
      consentCalls: query["filter[consentCalls]"],
      preferredLanguage: query["filter[preferredLanguage]"],
      preferredChannel: query["filter[preferredChannel]"],
    },
  };
}

/** `listOptions`, once its dimension filters are known to name values of their lists (400 naming the filter otherwise). */
async function checkedListOptions(platform: Platform, actor: Actor, query: ListQuery, defs: readonly CustomFieldDef[]) {
  const problems = await dimensionFilterProblems(platform.db, [
    { field: "filter[function]", kind: "function", keys: query["filter[function]"] },
    { field: "filter[clientUnit]", kind: "client_unit", keys: query["filter[clientUnit]"] },
  ]);
  if (problems.length > 0) throw Validation(problems);
  return listOptions(actor, query, defs);
}

/** A cursor is [sort values…, id]; anything else (tampered, or from another sort) is a 400, never a 500. */
function cursorAfter(sort: repo.ContactSort, cursor: string | undefined) {
  return decodeCursor(cursor, repo.cursorSize(sort), (values) => {
    if (!cursorValue.id(values.at(-1))) return false;
    const keys = values.slice(0, -1);
    switch (sort.field) {
      case "name":
      case "company":
        return keys.every(cursorValue.text);
      case "updatedAt":
      case "createdAt":
        return cursorValue.instant(keys[0]);
      case "custom":
        return customSortCursorValue(sort.def, keys[0]) !== undefined;
    }
  });
}

const cursorOf = (row: { sortKeys: (string | null)[]; id: string }) => [...row.sortKeys, row.id];

export async function listContacts(platform: Platform, actor: Actor, query: ContactListQuery) {
  const defs = await loadCustomFields(platform.db, "contact");
  const options = await checkedListOptions(platform, actor, query, defs);
  const after = cursorAfter(options.sort, query.cursor);
  const rows = await repo.listVisible(platform.db, actor, { ...options, limit: query.limit, after });
  const roles = await repo.rolesOf(
    platform.db,
    actor,
    rows.slice(0, query.limit).map((row) => row.id),
  );
  const page = toPage(rows, query.limit, (row) => presentContact(row, roles), cursorOf);
  return query.withTotal ? { ...page, ...(await repo.countVisible(platform.db, actor, options)) } : page;
}

/** The CSV export: columns (with the active custom fields) and the rows in batches, with the list's condition, filters and sort. */
export async function exportContactsCsv(platform: Platform, actor: Actor, query: ListQuery) {
  const defs = await loadCustomFields(platform.db, "contact");
  const options = await checkedListOptions(platform, actor, query, defs);
  return {
    columns: contactCsvColumns(defs),
    batches: keysetBatches(
      (after, limit) => repo.exportBatch(platform.db, actor, { ...options, limit, after }),
      cursorOf,
      limits.exportRowsMax,
    ),
  };
}

/** The vCard export: one vCard 4.0 per contact of the list (same condition, filters and sort), streamed in batches. */
export async function exportContactsVcf(platform: Platform, actor: Actor, query: ListQuery) {
  const defs = await loadCustomFields(platform.db, "contact");
  const options = await checkedListOptions(platform, actor, query, defs);
  const batches = keysetBatches(
    (after, limit) => repo.exportBatch(platform.db, actor, { ...options, limit, after }),
    cursorOf,
    limits.exportRowsMax,
  );
  // The first batch is read before anything is sent, so an error there is an ordinary answer.
  const first = await batches.next();
  async function* cards() {
    for (let batch = first; !batch.done; batch = await batches.next()) yield batch.value.map((row) => contactToVcard(cardOf(row))).join("");
  }
  return cards();
}

// ───────────────────────────── read one ─────────────────────────────

async function present(db: Platform["db"] | UnitOfWork["tx"], actor: Actor, row: repo.ContactRow) {
  return presentContact(row, await repo.rolesOf(db, actor, [row.id]));
}

export async function getContact(platform: Platform, actor: Actor, id: string) {
  const row = await repo.findVisible(platform.db, actor, id);
  if (!row) throw NotFound("Contact");
  return present(platform.db, actor, row);
}

export async function contactVcard(platform: Platform, actor: Actor, id: string) {
  const row = await repo.findVisible(platform.db, actor, id);
  if (!row) throw NotFound("Contact");
  return { name: fullNameOf(row), text: contactToVcard(cardOf(row)) };
}

/** May this actor subscribe to `contact:<id>`? (the same rule as reading it) */
export async function canWatchContact(platform: Platform, actor: Actor, id: string) {
  return (await repo.findVisible(platform.db, actor, id)) !== undefined;
}

/** Global search over the contacts the actor may read (through the search index, scoped by their primary company). */
export function contactSearch(platform: Platform): SearchProvider {
  return indexedSearchProvider(platform.db, { object: "contact", access: "contact", scope: repo.searchScope });
}

/**
 * The contacts module's part in the writes of companies, in their transaction: the company name
 * under its contacts' search hits follows a rename, and contacts moved in by a merge take the
 * target's name; a new lead's first contact is written here like any other contact.
 */
export function registerContactHooks(platform: Platform) {
  platform.projections.on("company.updated", async (event, uow) => {
    if (event.recordId && event.payload?.renamed === true) await repo.refreshSearchSubtitles(uow.tx, event.recordId);
  });
  platform.projections.on("company.merged", async (event, uow) => {
    if (event.recordId) await repo.refreshSearchSubtitles(uow.tx, event.recordId);
  });
  // An import renames companies a chunk at a time: one statement for the chunk's renamed ones.
  platform.projections.on("company.imported", async (event, uow) => {
    const renamed = event.payload?.renamed;
    if (Array.isArray(renamed) && renamed.length > 0) await repo.refreshSearchSubtitles(uow.tx, renamed as string[]);
  });
  registerFirstContactWriter(writeFirstContact);
}

// ───────────────────────────── rules shared by the writes ─────────────────────────────

const topicsOf = (id: string, companyIds: readonly string[]) => [
  `contact:${id}`,
  "list:contacts",
  ...[...new Set(companyIds)].map((companyId) => `company:${companyId}`),
];

/** Announces a change of a contact to its screens, its list and the cards of its companies (primary and roles). */
async function emitContact(
  uow: UnitOfWork,
  name: string,
  id: string,
  access: RecordAccess,
  companyIds: readonly string[],
  payload?: Record<string, unknown>,
) {
  await uow.emit({
    name,
    object: "contact",
    recordId: id,
    topics: topicsOf(id, companyIds),
    access: contactAccess(access),
    ...(payload ? { payload } : {}),
  });
}

/** Events for contacts changed in passing (a reports-to cleared or re-pointed). */
async function emitChangedInPassing(uow: UnitOfWork, changed: readonly { id: string; companyId: string }[]) {
  if (changed.length === 0) return;
  const access = new Map(
    (
      await repo.accessOfCompanies(
        uow.tx,
        changed.map((row) => row.companyId),
      )
    ).map((row) => [row.id, row]),
  );
  for (const row of changed) await emitContact(uow, "contact.updated", row.id, access.get(row.companyId)!, [row.companyId]);
}

/**
 * The company a contact is placed at, as the actor may use it: one they cannot see is not
 * there (400 naming the field, no existence oracle); one they see but may not place contacts
 * at is 403.
 */
async function placementCompany(uow: UnitOfWork, actor: UserActor, companyId: string, action: "create" | "update", field = "companyId") {
  const company = await repo.findCompany(uow.tx, companyId);
  if (!company || !canAccessRecord(actor, "contact", "read", company)) throw Validation([{ field, message: "no such company" }]);
  if (!canAccessRecord(actor, "contact", action, company)) throw Forbidden();
  return company;
}

/** A company a role may be at: any the actor may read (roles show the company's name). */
async function roleCompany(uow: UnitOfWork, actor: UserActor, companyId: string, primaryId: string, field: string) {
  const company = await repo.findCompany(uow.tx, companyId);
  if (!company || !canAccessRecord(actor, "company", "read", company)) throw Validation([{ field, message: "no such company" }]);
  if (company.id === primaryId) throw Validation([{ field, message: "is the contact's primary company" }]);
  return company;
}

function checkPeriod(startedOn: string | null | undefined, endedOn: string | null | undefined, field: string) {
  if (startedOn && endedOn && endedOn < startedOn) throw Validation([{ field, message: "must not be before startedOn" }]);
}

/**
 * Reports-to: another contact of the same primary company, and no loop (A → B → A). Changes of
 * reporting lines in one company are serialized, so two concurrent ones cannot close a loop.
 */
async function checkReportsTo(uow: UnitOfWork, contactId: string | null, companyId: string, reportsToId: string | null) {
  if (reportsToId === null) return;
  const field = "reportsToId";
  if (reportsToId === contactId) throw Validation([{ field, message: "a contact cannot report to themselves" }]);
  await repo.lockReportingLines(uow.tx, companyId);
  const manager = await repo.findById(uow.tx, reportsToId);
  if (!manager || manager.companyId !== companyId) throw Validation([{ field, message: "must be a contact of the same company" }]);
  if (contactId !== null && (await repo.managerChain(uow.tx, reportsToId)).includes(contactId))
    throw Validation([{ field, message: "would make a reporting loop" }]);
}

/** Phones as stored: the E.164 form beside what people typed (national numbers read in the company's country). */
const withE164 = (phones: readonly { type: ContactPhone["type"]; number: string }[], country: string | null): ContactPhone[] =>
  phones.map((phone) => ({ type: phone.type, number: phone.number, e164: normalizePhone(phone.number, country) }));

type NameAndPoints = {
  firstName: string;
  lastName: string;
  companyId: string;
  emails: readonly { address: string }[];
  phones: readonly { number: string }[];
};

/** Likely duplicates the actor may see: 409 with the candidates, unless the caller confirmed. */
async function refuseDuplicates(uow: UnitOfWork, actor: UserActor, input: NameAndPoints, excludeId?: string) {
  const candidates = await findContactDuplicates(
    uow.tx,
    actor,
    {
      firstName: input.firstName,
      lastName: input.lastName,
      companyId: input.companyId,
      emails: input.emails.map((email) => email.address),
      phones: input.phones.map((phone) => phone.number),
    },
    excludeId,
  );
  assertNoDuplicates(candidates, false);
}

type ContactSearchFields = Pick<
  repo.ContactRow,
  "id" | "companyId" | "firstName" | "lastName" | "title" | "department" | "emails" | "phones"
>;

/**
 * A contact's search entry: the name, its company's name beneath; found by title, department,
 * emails and phones too. The one definition for every writer (this module, imports; the bulk
 * generator's SQL is checked against it).
 */
export function contactSearchEntry(row: ContactSearchFields, companyName: string): SearchEntry {
  const name = fullNameOf(row);
  return {
    object: "contact",
    recordId: row.id,
    companyId: row.companyId,
    title: name,
    subtitle: companyName,
    text: [name, row.title, row.department, ...row.emails.map((email) => email.address), ...row.phones.map((phone) => phone.number)]
      .filter(Boolean)
      .join(" "),
  };
}

/** Keeps the search entry and the contact points of a contact current (after every write). */
async function reindex(uow: UnitOfWork, row: repo.ContactRow) {
  await upsertSearchEntry(uow.tx, contactSearchEntry(row, row.companyName));
  await syncContactPoints(
    uow.tx,
    "contact",
    row.id,
    contactPoints({ emails: row.emails, phones: row.phones, defaultCountry: row.companyCountry }),
  );
}

async function unindex(uow: UnitOfWork, id: string) {
  await deleteSearchEntry(uow.tx, "contact", id);
  await deleteContactPoints(uow.tx, "contact", id);
}

async function reload(uow: UnitOfWork, id: string) {
  const row = await repo.findById(uow.tx, id);
  if (!row) throw NotFound("Contact");
  return row;
}

async function roleCompanyIds(uow: UnitOfWork, id: string) {
  return (await repo.allRolesOf(uow.tx, id)).map((role) => role.companyId);
}

/** The plain fields of a create or patch, as columns (undefined: not sent, left alone). */
function plainFields(input: ContactCreate | ContactPatch) {
  return {
    firstName: input.firstName,
    title: input.title,
    department: input.department,
    function: input.function,
    clientUnit: input.clientUnit,
    emails: input.emails,
    messaging: input.messaging,
    birthday: input.birthday,
    preferredLanguage: input.preferredLanguage,
    preferredChannel: input.preferredChannel,
    consentEmail: input.consentEmail,
    consentSms: input.consentSms,
    consentCalls: input.consentCalls,
    notes: input.notes,
  };
}

/** Function and client unit come from their dimension lists (a contact keeps the value it holds, even once archived). */
async function checkDimensions(uow: UnitOfWork, input: ContactCreate | ContactPatch, current: repo.ContactRow | null) {
  await assertDimensionKeys(uow.tx, [
    { field: "function", kind: "function", value: input.function, current: current?.function },
    { field: "clientUnit", kind: "client_unit", value: input.clientUnit, current: current?.clientUnit },
  ]);
}

async function checkedCustom(uow: UnitOfWork, changes: CustomValues | undefined, current: CustomValues | null, requireAll: boolean) {
  const defs = await loadCustomFields(uow.tx, "contact");
  const { values, problems } = await validateCustomValues(uow.tx, defs, changes ?? {}, current, { requireAll });
  if (problems.length > 0) throw Validation(problems);
  return values;
}

// ───────────────────────────── create, update, delete ─────────────────────────────

export async function createContact(platform: Platform, context: Context, input: ContactCreate): Promise<Contact> {
  const { actor } = context;
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const company = await placementCompany(uow, actor, input.companyId, "create");
    const custom = await checkedCustom(uow, input.custom, null, true);
    await checkDimensions(uow, input, null);
    const roles = input.roles ?? [];
    const roleCompanies = [];
    for (const [i, role] of roles.entries()) {
      roleCompanies.push(await roleCompany(uow, actor, role.companyId, company.id, `roles[${i}].companyId`));
      checkPeriod(role.startedOn, role.endedOn, `roles[${i}].endedOn`);
    }
    await checkReportsTo(uow, null, company.id, input.reportsToId ?? null);
    const emails = input.emails ?? [];
    const phones = withE164(input.phones ?? [], company.country);
    if (!input.ignoreDuplicates)
      await refuseDuplicates(uow, actor, {
        firstName: input.firstName ?? "",
        lastName: input.lastName,
        companyId: company.id,
        emails,
        phones,
      });
    const id = await repo.insertContact(uow.tx, {
      ...plainFields(input),
      firstName: input.firstName ?? "",
      companyId: company.id,
      lastName: input.lastName,
      reportsToId: input.reportsToId ?? null,
      emails,
      phones,
      custom,
    });
    for (const role of roles)
      await repo.insertRole(uow.tx, {
        contactId: id,
        companyId: role.companyId,
        title: role.title ?? null,
        department: role.department ?? null,
        startedOn: role.startedOn ?? null,
        endedOn: role.endedOn ?? null,
      });
    const row = await reload(uow, id);
    await reindex(uow, row);
    await emitContact(uow, "contact.created", id, row, [company.id, ...roleCompanies.map((c) => c.id)]);
    return present(uow.tx, actor, row);
  });
}

/**
 * A new lead's first contact (the companies module calls it in the lead's transaction): written
 * like any contact, with its search entry, contact points and event. It holds what the lead
 * form asks for; custom values come later, and a brand-new company has no duplicates to look for.
 */
const writeFirstContact: FirstContactWriter = async (uow, actor, companyId, input) => {
  const company = await repo.findCompany(uow.tx, companyId);
  if (!company) throw NotFound("Company");
  if (!canAccessRecord(actor, "contact", "create", company)) throw Forbidden("You may not create contacts at this company");
  const id = await repo.insertContact(uow.tx, {
    companyId,
    firstName: input.firstName ?? "",
    lastName: input.lastName,
    title: input.title ?? null,
    emails: input.email ? [{ type: "work", address: input.email }] : [],
    phones: withE164(input.phone ? [{ type: "work", number: input.phone }] : [], company.country),
  });
  const row = await reload(uow, id);
  await reindex(uow, row);
  await emitContact(uow, "contact.created", id, row, [companyId]);
};

/** Visible but not changeable → 403; not visible at all → 404 (no existence oracle). */
async function findForChange(uow: UnitOfWork, actor: UserActor, id: string, action: "update" | "delete") {
  const row = await repo.findVisible(uow.tx, actor, id, "read");
  if (!row) throw NotFound("Contact");
  if (!canAccessRecord(actor, "contact", action, row)) throw Forbidden();
  return row;
}

export async function updateContact(
  platform: Platform,
  context: Context,
  id: string,
  version: number,
  input: ContactPatch,
): Promise<Contact> {
  const { actor } = context;
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const current = await findForChange(uow, actor, id, "update");
    if (current.version !== version) throw PreconditionFailed();
    const moved = input.companyId !== undefined && input.companyId !== current.companyId;
    const company = moved
      ? await placementCompany(uow, actor, input.companyId!, "update")
      : await repo.findCompany(uow.tx, current.companyId);
    if (!company) throw NotFound("Contact");
    // A manager at the old company is no manager at the new one.
    const reportsToId = input.reportsToId !== undefined ? input.reportsToId : moved ? null : current.reportsToId;
    if (reportsToId !== current.reportsToId || moved) await checkReportsTo(uow, id, company.id, reportsToId);
    const custom = input.custom !== undefined ? await checkedCustom(uow, input.custom, current.custom, false) : undefined;
    await checkDimensions(uow, input, current);
    const phones = input.phones !== undefined ? withE164(input.phones, company.country) : undefined;
    const merged = {
      firstName: input.firstName ?? current.firstName,
      lastName: input.lastName ?? current.lastName,
      companyId: company.id,
      emails: input.emails ?? current.emails,
      phones: phones ?? current.phones,
    };
    const identityChanged =
      moved ||
      merged.firstName !== current.firstName ||
      merged.lastName !== current.lastName ||
      input.emails !== undefined ||
      input.phones !== undefined;
    if (identityChanged && !input.ignoreDuplicates) await refuseDuplicates(uow, actor, merged, id);
    const updated = await repo.updateContact(uow.tx, id, version, {
      ...plainFields(input),
      lastName: input.lastName,
      companyId: company.id,
      reportsToId,
      phones,
      custom,
    });
    if (!updated) throw PreconditionFailed();
    const passing: { id: string; companyId: string }[] = [];
    if (moved) {
      await repo.deleteRolesAt(uow.tx, id, company.id);
      passing.push(...(await repo.clearOutsideReports(uow.tx, id, company.id)));
    }
    const row = await reload(uow, id);
    await reindex(uow, row);
    const companies = [current.companyId, company.id, ...(await roleCompanyIds(uow, id))];
    await emitContact(uow, "contact.updated", id, row, companies);
    // Subscribers who could see it at its old company hear of the move too.
    if (moved) await emitContact(uow, "contact.updated", id, current, companies);
    await emitChangedInPassing(uow, passing);
    return present(uow.tx, actor, row);
  });
}

export async function deleteContact(platform: Platform, context: Context, id: string, version: number | undefined) {
  const { actor } = context;
  await unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const current = await findForChange(uow, actor, id, "delete");
    if (version !== undefined && version !== current.version) throw PreconditionFailed();
    const companies = [current.companyId, ...(await roleCompanyIds(uow, id))];
    const passing = await repo.clearReports(uow.tx, id);
    await unindex(uow, id);
    await repo.deleteContact(uow.tx, id);
    await emitContact(uow, "contact.deleted", id, current, companies);
    await emitChangedInPassing(uow, passing);
  });
}

// ───────────────────────────── roles ─────────────────────────────

export async function listRoles(platform: Platform, actor: Actor, contactId: string) {
  if (!(await repo.findVisible(platform.db, actor, contactId))) throw NotFound("Contact");
  return (await repo.rolesOf(platform.db, actor, [contactId])).map(presentRole);
}

export async function addRole(platform: Platform, context: Context, contactId: string, input: z.output<typeof contactRoleInput>) {
  const { actor } = context;
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const contact = await findForChange(uow, actor, contactId, "update");
    const company = await roleCompany(uow, actor, input.companyId, contact.companyId, "companyId");
    checkPeriod(input.startedOn, input.endedOn, "endedOn");
    const role = await repo.insertRole(uow.tx, {
      contactId,
      companyId: company.id,
      title: input.title ?? null,
      department: input.department ?? null,
      startedOn: input.startedOn ?? null,
      endedOn: input.endedOn ?? null,
    });
    await emitContact(uow, "contact.updated", contactId, contact, [contact.companyId, ...(await roleCompanyIds(uow, contactId))]);
    return presentRole({ ...role, companyName: company.name });
  });
}

async function findRoleForChange(uow: UnitOfWork, actor: UserActor, contactId: string, roleId: string) {
  const contact = await findForChange(uow, actor, contactId, "update");
  const role = await repo.findRole(uow.tx, actor, contactId, roleId);
  if (!role) throw NotFound("Role");
  return { contact, role };
}

export async function updateRole(
  platform: Platform,
  context: Context,
  contactId: string,
  roleId: string,
  version: number,
  input: z.output<typeof contactRolePatch>,
) {
  const { actor } = context;
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const { contact, role } = await findRoleForChange(uow, actor, contactId, roleId);
    if (role.version !== version) throw PreconditionFailed();
    const startedOn = input.startedOn !== undefined ? input.startedOn : role.startedOn;
    const endedOn = input.endedOn !== undefined ? input.endedOn : role.endedOn;
    checkPeriod(startedOn, endedOn, "endedOn");
    const updated = await repo.updateRole(uow.tx, roleId, version, {
      title: input.title,
      department: input.department,
      startedOn: input.startedOn,
      endedOn: input.endedOn,
    });
    if (!updated) throw PreconditionFailed();
    await emitContact(uow, "contact.updated", contactId, contact, [contact.companyId, ...(await roleCompanyIds(uow, contactId))]);
    return presentRole({ ...updated, companyName: role.companyName });
  });
}

export async function removeRole(platform: Platform, context: Context, contactId: string, roleId: string, version: number | undefined) {
  const { actor } = context;
  await unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const { contact, role } = await findRoleForChange(uow, actor, contactId, roleId);
    if (version !== undefined && role.version !== version) throw PreconditionFailed();
    const companies = [contact.companyId, ...(await roleCompanyIds(uow, contactId))];
    await repo.deleteRole(uow.tx, roleId);
    await emitContact(uow, "contact.updated", contactId, contact, companies);
  });
}

// ───────────────────────────── duplicates, merge ─────────────────────────────

export async function checkDuplicates(
  platform: Platform,
  actor: UserActor,
  input: z.output<typeof contactDuplicateCheck>,
): Promise<DuplicateCandidate[]> {
  return findContactDuplicates(
    platform.db,
    actor,
    {
      firstName: input.firstName ?? "",
      lastName: input.lastName ?? "",
      companyId: input.companyId ?? null,
      emails: input.emails ?? [],
      phones: input.phones ?? [],
    },
    input.excludeId,
  );
}

const mergeableFields = ["title", "department", "function", "birthday", "preferredLanguage", "preferredChannel", "notes"] as const;

function unionBy<T>(items: readonly T[], key: (item: T) => string, max = 20): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(key(item)) && (seen.add(key(item)), true)).slice(0, max);
}

/**
 * Merges `sourceId` into `intoId`: fields listed in `take` come from the source, empty ones are
 * filled from it, emails / phones / handles are united; the source's roles move over (its
 * primary company becomes a role when it differs), whoever reported to it reports to the
 * target, and its search entry and contact points go. The source is recorded in
 * contact_merges (with what it was) and removed; its audit history stays.
 */
export async function mergeContacts(
  platform: Platform,
  context: Context,
  intoId: string,
  version: number | undefined,
  input: z.output<typeof contactMerge>,
): Promise<Contact> {
  const { actor } = context;
  if (input.sourceId === intoId) throw Validation([{ field: "sourceId", message: "must be another contact" }]);
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const locked = new Map((await repo.lockVisible(uow.tx, actor, [intoId, input.sourceId])).map((row) => [row.id, row]));
    const into = locked.get(intoId);
    if (!into) throw NotFound("Contact");
    if (!canAccessRecord(actor, "contact", "update", into)) throw Forbidden();
    if (version !== undefined && version !== into.version) throw PreconditionFailed();
    const source = locked.get(input.sourceId);
    if (!source) throw Validation([{ field: "sourceId", message: "no such contact" }]);
    if (!canAccessRecord(actor, "contact", "delete", source)) throw Forbidden("You may not remove the contact merged away");

    const snapshot = presentContact(source, await repo.rolesOf(uow.tx, { kind: "system", name: "merge" }, [source.id]));
    const take = new Set(input.take ?? []);
    const pick = <K extends (typeof mergeableFields)[number] | "firstName" | "lastName">(key: K) =>
      take.has(key) || ((into[key] === null || into[key] === "") && source[key] !== null) ? source[key] : into[key];
    const custom: CustomValues = { ...source.custom };
    for (const [key, value] of Object.entries(into.custom)) if (value !== null) custom[key] = value;

    const companies = new Set([
      into.companyId,
      source.companyId,
      ...(await roleCompanyIds(uow, into.id)),
      ...(await roleCompanyIds(uow, source.id)),
    ]);
    // The source's roles move; its primary company, when another, becomes a role of the target.
    const moved = await repo.moveRoles(uow.tx, source.id, into.id, into.companyId);
    if (source.companyId !== into.companyId && !moved.some((role) => role.companyId === source.companyId)) {
      const existing = await repo.allRolesOf(uow.tx, into.id);
      if (!existing.some((role) => role.companyId === source.companyId))
        await repo.insertRole(uow.tx, {
          contactId: into.id,
          companyId: source.companyId,
          title: source.title,
          department: source.department,
        });
    }
    await repo.lockReportingLines(uow.tx, into.companyId);
    const passing = await repo.repointReports(uow.tx, source.id, into.id, into.companyId);
    // The target may have reported (through others) to the source: that line would now be a loop.
    let reportsToId = passing.some((row) => row.id === into.id) ? null : into.reportsToId;
    if (reportsToId === source.id) reportsToId = null;
    if (reportsToId !== null && (await repo.managerChain(uow.tx, reportsToId)).includes(into.id)) reportsToId = null;

    await repo.recordMerge(uow.tx, { mergedId: source.id, intoId: into.id, mergedBy: actor.userId, snapshot });
    await unindex(uow, source.id);
    await repo.deleteContact(uow.tx, source.id);
    const current = await reload(uow, into.id);
    const updated = await repo.updateContact(uow.tx, into.id, current.version, {
      firstName: pick("firstName"),
      lastName: pick("lastName"),
      ...Object.fromEntries(mergeableFields.map((key) => [key, pick(key)])),
      reportsToId,
      emails: unionBy([...into.emails, ...source.emails], (email) => email.address.toLowerCase()),
      phones: unionBy([...into.phones, ...source.phones], (phone) => phone.e164 ?? phone.number),
      messaging: unionBy([...into.messaging, ...source.messaging], (handle) => `${handle.kind}:${handle.handle.toLowerCase()}`),
      custom,
    });
    if (!updated) throw PreconditionFailed();
    const row = await reload(uow, into.id);
    await reindex(uow, row);
    await emitContact(uow, "contact.deleted", source.id, source, [...companies], { mergedInto: into.id });
    await emitContact(uow, "contact.merged", into.id, row, [...companies], { sourceId: source.id });
    await emitChangedInPassing(
      uow,
      passing.filter((other) => other.id !== into.id),
    );
    return present(uow.tx, actor, row);
  });
}

// ───────────────────────────── org chart, vCard import ─────────────────────────────

/** A company the actor may see contacts of (404 otherwise, like the company itself). */
async function visibleCompany(db: Platform["db"] | UnitOfWork["tx"], actor: Actor, companyId: string) {
  const company = await repo.findCompany(db, companyId);
  if (!company || !canAccessRecord(actor, "contact", "read", company)) throw NotFound("Company");
  return company;
}

/**
 * The people of a company the actor may see (its contacts and holders of a role there) with
 * their reporting lines; a line to someone not on the chart is left out, so the chart is a forest.
 */
export async function orgChart(platform: Platform, actor: Actor, companyId: string) {
  await visibleCompany(platform.db, actor, companyId);
  const rows = await repo.orgChart(platform.db, actor, companyId);
  const ids = new Set(rows.map((row) => row.id));
  return {
    nodes: rows.map((row) => {
      const own = row.companyId === companyId;
      return {
        id: row.id,
        fullName: row.fullName,
        title: own ? row.title : row.roleTitle,
        department: own ? row.department : row.roleDepartment,
        reportsToId: own && row.reportsToId !== null && ids.has(row.reportsToId) ? row.reportsToId : null,
      };
    }),
  };
}

/** Zod's problems with a card's contact, as one message naming the fields. */
const describeIssues = (issues: readonly { path: readonly PropertyKey[]; message: string }[]) =>
  issues.map((issue) => `${issue.path.map(String).join(".") || "card"}: ${issue.message}`).join("; ");

/**
 * Imports the cards of a vCard file as contacts of one company. Each card stands alone: one that
 * cannot be read or holds invalid values is reported (by its position) and the rest go on; a
 * card of someone already there (same name at this company, or the same email) is skipped.
 */
export async function importVcards(platform: Platform, context: Context, companyId: string, text: string) {
  const { actor } = context;
  if (!canUse(actor, "contact", "create")) throw Forbidden();
  const cards = parseVcards(text);
  if (cards.length === 0) throw Validation([{ field: "body", message: "holds no vCard (BEGIN:VCARD … END:VCARD)" }]);
  if (cards.length > vcardCardsMax) throw Validation([{ field: "body", message: `holds more than ${vcardCardsMax} vCards` }]);
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const company = await visibleCompany(uow.tx, actor, companyId);
    if (!canAccessRecord(actor, "contact", "create", company)) throw Forbidden();
    const defs = await loadCustomFields(uow.tx, "contact");
    const errors: { card: number; message: string }[] = [];
    let created = 0;
    let skipped = 0;
    for (const card of cards) {
      const read = vcardToContact(card);
      if ("problem" in read) {
        errors.push({ card: card.index, message: read.problem });
        continue;
      }
      const parsed = contactCreate.safeParse({ companyId, ...read.contact });
      if (!parsed.success) {
        errors.push({ card: card.index, message: describeIssues(parsed.error.issues) });
        continue;
      }
      const input = parsed.data;
      const { values: custom, problems } = await validateCustomValues(uow.tx, defs, {}, null, { requireAll: true });
      if (problems.length > 0) {
        errors.push({
          card: card.index,
          message: describeIssues(problems.map((problem) => ({ path: [problem.field], message: problem.message }))),
        });
        continue;
      }
      const emails = input.emails ?? [];
      if (
        await repo.exactMatch(
          uow.tx,
          actor,
          companyId,
          input.firstName ?? "",
          input.lastName,
          emails.map((email) => email.address),
        )
      ) {
        skipped++;
        continue;
      }
      const id = await repo.insertContact(uow.tx, {
        ...plainFields(input),
        firstName: input.firstName ?? "",
        lastName: input.lastName,
        companyId,
        emails,
        phones: withE164(input.phones ?? [], company.country),
        custom,
      });
      await reindex(uow, await reload(uow, id));
      created++;
    }
    // One event for the whole import: the list and the company's card reload once.
    if (created > 0)
      await uow.emit({
        name: "contact.imported",
        object: "contact",
        recordId: null,
        topics: ["list:contacts", `company:${companyId}`],
        access: contactAccess(company),
        payload: { companyId, created },
      });
    return { created, skipped, errors };
  });
}

/** Audit history of a visible contact and of the contacts merged into it, with their roles' changes, newest first. */
export async function contactHistory(platform: Platform, actor: Actor, id: string, limit: number, beforeId: string | undefined) {
  if (!(await repo.findVisible(platform.db, actor, id))) throw NotFound("Contact");
  const contactIds = [id, ...(await repo.mergedIds(platform.db, id))];
  const roleIds = await repo.roleIdsInHistory(platform.db, actor, contactIds);
  return listAudit(platform.db, {
    records: [
      { tableName: "contacts", recordIds: contactIds },
      { tableName: "contact_roles", recordIds: roleIds },
    ],
    limit,
    beforeId,
  });
}
