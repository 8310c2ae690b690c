/**
 * From CSV records to records: each row is read through its mapping, validated with the same
 * contracts (companyCreate / contactCreate) and custom-field rules as the API, placed (owner,
 * team) by the importing user's rights, matched against existing records for the duplicate
 * policy, and turned into batch writes. Everything that needs the database is asked once per
 * chunk, never once per row. Companies and contacts are read, matched and written each their
 * own way; what a row then does (create, update, skip or fail) is decided by one loop, `decide`.
 */
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import {
  companyCreate,
  companyGrades,
  companyKinds,
  companyStatuses,
  contactChannels,
  contactCreate,
  contactFunctions,
  lifecycleStages,
  locales,
  sizeBands,
  type CustomValues,
  type DimensionKind,
  type ImportMapping,
  type ImportObject,
} from "@relata/contracts";
import type { UserActor } from "../../platform/access/actor";
import { canAccessRecord, scopeOf, type RecordAccess } from "../../platform/access/policy";
import type { FieldProblem } from "../../platform/errors";
import type { Tx, UnitOfWork } from "../../platform/events/unit-of-work";
import type { Db } from "../../db/connection";
import { checkCustomValues, parseCustomCell, type CustomFieldDef } from "../../platform/custom-fields";
import { upsertSearchEntries, type SearchEntry } from "../../platform/search";
import { companySearchEntry, placementProblems, regradeCompanies } from "../companies";
import { contactSearchEntry } from "../contacts";
import type { DimensionLookup } from "../dimensions";
import {
  addContactPoints,
  companyPoints,
  contactPoints,
  normalizeDomain,
  normalizeEmail,
  normalizePhone,
  normalizeRegistration,
  replaceContactPoints,
  type ContactPoint,
} from "../duplicates";
import type { CsvRecord } from "./imports.csv";
import * as repo from "./imports.repository";
import {
  booleanValue,
  cleanCell,
  countryValue,
  dateValue,
  enumValue,
  foldName,
  splitEmails,
  splitFullName,
  splitPhones,
} from "./imports.fields";

type Executor = Db | Tx;
export type DuplicateMode = "skip" | "update" | "create";
export type RowAction = "create" | "update" | "skip" | "error";

export type ImportSettings = {
  object: ImportObject;
  actor: UserActor;
  headers: readonly string[];
  mapping: ImportMapping;
  duplicates: DuplicateMode;
  dryRun: boolean;
  /** Every custom field definition of the object (archived ones too: their values are kept). */
  defs: readonly CustomFieldDef[];
  /** The dimension value lists (line of business, client unit, function) as cells name them. */
  dimensions: DimensionLookup;
};

/** What one run of an import remembers between chunks (lookups that do not change while it runs). */
export class ImportState {
  readonly columns: { index: number; field: string }[];
  readonly defsByKey: Map<string, CustomFieldDef>;
  readonly owners = new Map<string, repo.OwnerRow | null>();
  readonly companyRefs = new Map<string, repo.CompanyRefRow[]>();
  readonly companyNameKeys = new Map<string, string>();
  readonly userNames = new Map<string, string>();
  /** A dry run writes nothing, so the rows of its earlier chunks are remembered to find their duplicates later in the file. */
  readonly seen = new Set<string>();

  constructor(readonly settings: ImportSettings) {
    this.columns = Object.entries(settings.mapping)
      .map(([header, field]) => ({ index: settings.headers.indexOf(header), field }))
      .filter((column) => column.index >= 0);
    this.defsByKey = new Map(settings.defs.map((def) => [def.key, def]));
  }
}

export type RowOutcome = {
  line: number;
  /** The row's mapped cells by field (several columns of one field joined with "; "). */
  values: Record<string, string>;
  problems: FieldProblem[];
  action: RowAction;
};

export type ChunkResult = { rows: RowOutcome[]; created: number; updated: number; skipped: number; errors: number };

// ─── reading a row ───────────────────────────────────────────────────────────

type Cells = Map<string, string[]>;

type RowBase = { line: number; cells: Cells; values: Record<string, string>; problems: FieldProblem[] };

/** A read row: its input when the contract accepts it, and its custom cells (read once the users they name are known). */
type ParsedRow<I> = RowBase & {
  input?: I;
  customRaw: [string, string][];
  custom: CustomValues;
  userRefs: { field: string; id: string }[];
};

/** The mapped, cleaned, non-empty cells of a record; undefined for a blank row (skipped, not counted). */
function readRow(state: ImportState, record: CsvRecord): RowBase | undefined {
  if (record.error) return { line: record.line, cells: new Map(), values: {}, problems: [{ field: "row", message: record.error }] };
  if (record.cells.every((cell) => cell.trim() === "")) return undefined;
  const cells: Cells = new Map();
  const values: Record<string, string> = {};
  for (const { index, field } of state.columns) {
    const value = cleanCell(record.cells[index] ?? "");
    if (value === "") continue;
    const list = cells.get(field);
    if (list) list.push(value);
    else cells.set(field, [value]);
    values[field] = values[field] === undefined ? value : `${values[field]}; ${value}`;
  }
  const problems: FieldProblem[] = [];
  const width = state.settings.headers.length;
  if (record.cells.length > width && record.cells.slice(width).some((cell) => cell.trim() !== ""))
    problems.push({ field: "row", message: `has ${record.cells.length} cells; the header has ${width} columns` });
  return { line: record.line, cells, values, problems };
}

const first = (cells: Cells, field: string) => cells.get(field)?.[0];

const aliasTable = <T extends string>(table: Partial<Record<T, string[]>>) => {
  const result: Record<string, T> = {};
  for (const [value, words] of Object.entries(table) as [T, string[]][]) for (const word of words) result[foldName(word)] = value;
  return result;
};

const kindAliases = aliasTable<(typeof companyKinds)[number]>({
  client: ["customer", "kund", "客户"],
  partner: ["合作伙伴"],
  distributor: ["reseller", "återförsäljare", "distributör", "经销商", "分销商"],
  supplier: ["vendor", "leverantör", "供应商"],
  competitor: ["konkurrent", "竞争对手"],
  other: ["annan", "övrig", "övrigt", "其他"],
});
const stageAliases = aliasTable<(typeof lifecycleStages)[number]>({
  lead: ["ny", "线索"],
  prospect: ["prospekt", "potential", "潜在客户", "意向客户"],
  customer: ["client", "kund", "客户", "成交客户"],
  former: ["formercustomer", "tidigarekund", "förekund", "前客户", "流失客户"],
});
const statusAliases = aliasTable<(typeof companyStatuses)[number]>({
  active: ["aktiv", "活跃", "正常"],
  frozen: ["fryst", "冻结"],
  inactive: ["inaktiv", "停用", "无效"],
});
const gradeAliases = aliasTable<(typeof companyGrades)[number]>({ key: ["keyaccount", "nyckelkund", "nyckel", "重点", "关键"] });
const functionAliases = aliasTable<(typeof contactFunctions)[number]>({
  executive: ["management", "ledning", "vd", "ceo", "管理层", "高管"],
  it: ["信息技术"],
  finance: ["ekonomi", "财务"],
  procurement: ["purchasing", "inköp", "采购"],
  operations: ["drift", "运营"],
  sales: ["försäljning", "销售"],
  marketing: ["marknad", "市场"],
  hr: ["personal", "人事", "人力资源"],
  legal: ["juridik", "法务"],
  engineering: ["teknik", "工程"],
  service: ["support", "kundtjänst", "服务"],
  other: ["annan", "övrig", "其他"],
});
const channelAliases = aliasTable<(typeof contactChannels)[number]>({
  email: ["e-post", "mejl", "邮件"],
  phone: ["telefon", "电话"],
  sms: ["短信"],
  messaging: ["chat", "chatt", "即时消息"],
  mail: ["post", "brev", "邮寄"],
  meeting: ["möte", "会议"],
});
const languageAliases = aliasTable<(typeof locales)[number]>({
  en: ["english", "engelska", "英语", "英文"],
  sv: ["swedish", "svenska", "瑞典语"],
  "zh-CN": ["zh", "chinese", "kinesiska", "中文", "汉语", "简体中文"],
});

/** A size band from its label, or from a head count ("120" → 50-249). */
function sizeBandValue(raw: string) {
  const count = /^\d{1,7}$/.test(raw.replace(/[\s ]/g, "")) ? Number(raw.replace(/[\s ]/g, "")) : undefined;
  if (count !== undefined) {
    const bounds = [9, 49, 249, 999, 4999];
    const index = bounds.findIndex((bound) => count <= bound);
    return sizeBands[index === -1 ? sizeBands.length - 1 : index];
  }
  return enumValue(raw, sizeBands);
}

/** A value of a fixed list, or a problem naming the accepted values. */
function pick<T extends string>(
  cells: Cells,
  field: string,
  problems: FieldProblem[],
  read: (raw: string) => T | undefined,
  allowed: readonly string[],
): T | undefined {
  const raw = first(cells, field);
  if (raw === undefined) return undefined;
  const value = read(raw);
  if (value === undefined) problems.push({ field, message: `"${raw.slice(0, 40)}" is not one of ${allowed.join(", ")}` });
  return value;
}

/** A dimension key from a cell naming a value's key or label; `fallback` reads a free function (its list still empty). */
function pickDimension(
  state: ImportState,
  cells: Cells,
  field: string,
  kind: DimensionKind,
  problems: FieldProblem[],
  fallback?: (raw: string) => string | undefined,
): string | undefined {
  const raw = first(cells, field);
  if (raw === undefined) return undefined;
  const found = state.settings.dimensions.read(kind, raw);
  if ("key" in found) return found.key;
  if ("message" in found) {
    problems.push({ field, message: found.message });
    return undefined;
  }
  return fallback?.(raw) ?? raw;
}

function pickBoolean(cells: Cells, field: string, problems: FieldProblem[]): boolean | undefined {
  const raw = first(cells, field);
  if (raw === undefined) return undefined;
  const value = booleanValue(raw);
  if (value === undefined) problems.push({ field, message: "must be yes or no" });
  return value;
}

/** zod issues named by the import's fields (`phones[1].number` → the column's field, e.g. "mobile"). */
function zodProblems(error: z.ZodError, input: Record<string, unknown>, fieldOf: (path: readonly PropertyKey[]) => string): FieldProblem[] {
  return error.issues.map((issue) => {
    let value: unknown = input;
    for (const part of issue.path) value = (value as Record<PropertyKey, unknown> | undefined)?.[part];
    const missing = issue.code === "invalid_type" && value === undefined;
    return { field: fieldOf(issue.path), message: missing ? "is required" : issue.message };
  });
}

// ─── companies: reading ──────────────────────────────────────────────────────

type CompanyInput = z.output<typeof companyCreate>;
type ParsedCompany = ParsedRow<CompanyInput> & { ownerEmail?: string };

const addressFields = {
  line1: "street",
  line2: "street2",
  postalCode: "postalCode",
  city: "city",
  region: "region",
  country: "country",
} as const;

function parseCompany(state: ImportState, base: RowBase): ParsedCompany {
  const { cells } = base;
  const problems = base.problems;
  const input: Record<string, unknown> = {};
  const phoneFields: string[] = [];
  const set = (key: string, value: unknown) => {
    if (value !== undefined) input[key] = value;
  };
  set("name", first(cells, "name"));
  set(
    "kind",
    pick(cells, "kind", problems, (raw) => enumValue(raw, companyKinds, kindAliases), companyKinds),
  );
  set(
    "stage",
    pick(cells, "stage", problems, (raw) => enumValue(raw, lifecycleStages, stageAliases), lifecycleStages),
  );
  set(
    "status",
    pick(cells, "status", problems, (raw) => enumValue(raw, companyStatuses, statusAliases), companyStatuses),
  );
  set(
    "gradeOverride",
    pick(cells, "grade", problems, (raw) => enumValue(raw, companyGrades, gradeAliases), companyGrades),
  );
  set("sizeBand", pick(cells, "sizeBand", problems, sizeBandValue, sizeBands));
  for (const key of ["category", "industry", "registrationNumber", "website", "description", "currency"]) set(key, first(cells, key));
  set("lineOfBusiness", pickDimension(state, cells, "lineOfBusiness", "line_of_business", problems));
  set("clientUnit", pickDimension(state, cells, "clientUnit", "client_unit", problems));
  const country = first(cells, "country");
  if (country !== undefined) input.country = countryValue(country);
  const phones = (cells.get("phone") ?? []).flatMap(splitPhones);
  if (phones.length > 0) {
    input.phones = phones.map((number) => ({ type: "main", number }));
    phoneFields.push(...phones.map(() => "phone"));
  }
  const emails = (cells.get("email") ?? []).flatMap(splitEmails);
  if (emails.length > 0) input.emails = emails.map((address) => ({ type: "general", address }));
  const street = first(cells, "street");
  const city = first(cells, "city");
  const region = first(cells, "region");
  const postalCode = first(cells, "postalCode");
  if (street ?? city ?? region ?? postalCode) {
    // A file with only a city still gives the company an address (its first line is then the city).
    const address: Record<string, unknown> = { type: "visiting", line1: street ?? city ?? region ?? postalCode };
    if (first(cells, "street2") !== undefined) address.line2 = first(cells, "street2");
    if (postalCode !== undefined) address.postalCode = postalCode;
    if (city !== undefined) address.city = city;
    if (region !== undefined) address.region = region;
    // An unreadable country is reported once, on the country column.
    if (typeof input.country === "string" && /^[A-Z]{2}$/.test(input.country)) address.country = input.country;
    input.addresses = [address];
  }
  const customRaw = customCells(state, cells);
  const parsed: ParsedCompany = { ...base, customRaw, custom: {}, userRefs: [] };
  const ownerEmail = first(cells, "ownerEmail");
  if (ownerEmail !== undefined) {
    const email = normalizeEmail(ownerEmail);
    if (email) parsed.ownerEmail = email;
    else problems.push({ field: "ownerEmail", message: "must be an email address" });
  }
  const result = companyCreate.safeParse(input);
  if (!result.success) {
    problems.push(
      ...zodProblems(result.error, input, (path) => {
        const [head, index, leaf] = path;
        if (head === "phones") return phoneFields[index as number] ?? "phone";
        if (head === "emails") return "email";
        if (head === "addresses") return addressFields[leaf as keyof typeof addressFields] ?? "street";
        if (head === "gradeOverride") return "grade";
        return String(head ?? "row");
      }),
    );
  } else parsed.input = result.data;
  return parsed;
}

/** The custom cells of a row, by field key, for fields still active. */
function customCells(state: ImportState, cells: Cells): [string, string][] {
  const result: [string, string][] = [];
  for (const [field, values] of cells) if (field.startsWith("custom.")) result.push([field.slice("custom.".length), values[0]!]);
  return result;
}

/** Custom cells read by their definitions; user fields may name the user by email. */
function readCustom(state: ImportState, row: ParsedRow<unknown>, currency: string | null | undefined) {
  for (const [key, raw] of row.customRaw) {
    const field = `custom.${key}`;
    const def = state.defsByKey.get(key);
    if (!def || def.archived) {
      row.problems.push({ field, message: "is not an active custom field" });
      continue;
    }
    let cell = raw;
    if (def.type === "user" && raw.includes("@")) {
      const user = state.owners.get(normalizeEmail(raw) ?? "");
      if (!user) {
        row.problems.push({ field, message: "is not an active user" });
        continue;
      }
      cell = user.id;
    }
    const checked = parseCustomCell(def, cell, currency);
    if ("problem" in checked) row.problems.push({ field, message: checked.problem });
    else {
      row.custom[key] = checked.value;
      if (def.type === "user" && typeof checked.value === "string" && !raw.includes("@")) row.userRefs.push({ field, id: checked.value });
    }
  }
}

/**
 * Reads the rows' custom cells (money in the row's currency) once the users they name are known:
 * users named by email — and `ownerEmails` — are looked up once per run; users named by id must
 * be active.
 */
async function readCustomValues<R extends ParsedRow<unknown>>(
  ex: Executor,
  state: ImportState,
  rows: readonly R[],
  currencyOf: (row: R) => string | null | undefined,
  ownerEmails: readonly string[] = [],
) {
  const emails = [
    ...ownerEmails,
    ...rows.flatMap((row) => row.customRaw.filter(([, raw]) => raw.includes("@")).map(([, raw]) => normalizeEmail(raw) ?? "")),
  ];
  const unknown = [...new Set(emails)].filter((email) => !state.owners.has(email));
  for (const email of unknown) state.owners.set(email, null);
  if (unknown.length > 0) for (const user of await repo.activeUsersByEmail(ex, unknown)) state.owners.set(user.email, user);

  for (const row of rows) readCustom(state, row, currencyOf(row));

  const ids = [...new Set(rows.flatMap((row) => row.userRefs.map((ref) => ref.id)))];
  if (ids.length === 0) return;
  const active = await repo.activeUserIds(ex, ids);
  for (const row of rows)
    for (const ref of row.userRefs) if (!active.has(ref.id)) row.problems.push({ field: ref.field, message: "is not an active user" });
}

/**
 * A row that already failed also names the required custom fields it lacks, so one round of
 * fixes is enough (not when it might update an existing record, which needs none).
 */
function addRequiredProblems(state: ImportState, row: { custom: CustomValues; problems: FieldProblem[] }) {
  if (state.settings.duplicates === "update") return;
  const { problems } = checkCustomValues(state.settings.defs, row.custom, {}, { requireAll: true });
  for (const problem of problems) if (!row.problems.some((known) => known.field === problem.field)) row.problems.push(problem);
}

type Placement = { ownerId: string; teamId: string | null; orgUnitId: string | null };

/**
 * Who may own a record the importing user creates or reassigns: the companies service's rule
 * (`placementProblems`), with the team chosen for them — with a team scope the owner's team
 * they share, otherwise the owner's first. No owner, or themselves: the importing user.
 */
function placementOf(actor: UserActor, action: "create" | "update", owner: repo.OwnerRow | null | undefined): Placement | string {
  if (!owner || owner.id === actor.userId) return { ownerId: actor.userId, teamId: actor.teamIds[0] ?? null, orgUnitId: actor.orgUnitId };
  const shared = owner.teamIds.find((id) => actor.teamIds.includes(id));
  const teamId = (scopeOf(actor, "company", action) === "team" ? shared : owner.teamIds[0]) ?? null;
  const problem = placementProblems(actor, action, { ownerId: owner.id, teamId, securityLevel: 0 }, owner)[0];
  return problem ? problem.message : { ownerId: owner.id, teamId, orgUnitId: owner.orgUnitId };
}

// ─── deciding: one loop for companies and contacts ───────────────────────────

type Target<W> = { write: W; action: "create" | "update" };

/**
 * What one kind of record brings to `decide`. `create` and `update` answer a problem, or a
 * function that builds the write once the row's custom values are checked.
 */
type Rules<R extends ParsedRow<unknown>, M extends RecordAccess, T extends Target<{ custom: CustomValues }>> = {
  object: "company" | "contact";
  /** The row's match keys ("r:…", "e:…", "n:…"); none when duplicates are created anyway. */
  keys: (row: R) => string[];
  /** The keys an existing record answers for. */
  matchKeys: (match: M) => string[];
  /** An existing record as the target of an update. */
  fromMatch: (match: M) => T;
  create: (row: R, input: NonNullable<R["input"]>) => FieldProblem | ((custom: CustomValues) => T);
  update: (row: R, input: NonNullable<R["input"]>, target: T) => FieldProblem | ((custom: CustomValues) => T["write"]);
};

const sameWrite = (a: object, b: object) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What each row does under the duplicate policy: a row matching nothing creates a record; one
 * matching an existing record (or one created earlier in the chunk) is skipped, or updates it.
 * Only records the importing user may read count as matches (no existence oracle, like the
 * duplicate check on create); the oldest holding a key answers for it.
 */
function decide<R extends ParsedRow<unknown>, M extends RecordAccess, T extends Target<{ custom: CustomValues }>>(
  state: ImportState,
  rows: readonly R[],
  matches: readonly M[],
  rules: Rules<R, M, T>,
) {
  const { actor, duplicates, dryRun, defs } = state.settings;
  const existing = new Map<string, M>();
  for (const match of matches) {
    if (!canAccessRecord(actor, rules.object, "read", match)) continue;
    for (const key of rules.matchKeys(match)) if (!existing.has(key)) existing.set(key, match);
  }
  const pending = new Map<string, T>();
  const targets: T[] = [];
  const seen: string[] = [];

  const decideRow = (row: R): RowAction => {
    const fail = (...problems: FieldProblem[]) => {
      row.problems.push(...problems);
      return "error" as const;
    };
    const input = row.input as NonNullable<R["input"]> | undefined;
    if (input === undefined || row.problems.length > 0) {
      addRequiredProblems(state, row);
      return "error";
    }
    const keys = rules.keys(row);
    const inChunk = keys.map((key) => pending.get(key)).find(Boolean);
    const inDb = inChunk ? undefined : keys.map((key) => existing.get(key)).find(Boolean);
    if (!inChunk && !inDb) {
      // A dry run: the row matches one an earlier chunk would have created.
      if (dryRun && keys.some((key) => state.seen.has(key))) return duplicates === "skip" ? "skip" : "update";
      const create = rules.create(row, input);
      if (typeof create !== "function") return fail(create);
      const custom = checkCustomValues(defs, row.custom, {}, { requireAll: true });
      if (custom.problems.length > 0) return fail(...custom.problems);
      const target = create(custom.values);
      targets.push(target);
      for (const key of keys) pending.set(key, target);
      if (dryRun) seen.push(...keys);
      return "create";
    }
    if (duplicates === "skip") return "skip";
    if (inDb && !canAccessRecord(actor, rules.object, "update", inDb))
      return fail({ field: "row", message: `matches an existing ${rules.object} you may not change` });
    const target = inChunk ?? rules.fromMatch(inDb!);
    const update = rules.update(row, input, target);
    if (typeof update !== "function") return fail(update);
    const custom = checkCustomValues(defs, row.custom, target.write.custom, {});
    if (custom.problems.length > 0) return fail(...custom.problems);
    const merged = update(custom.values);
    if (sameWrite(merged, target.write)) return "skip";
    target.write = merged;
    if (inDb) {
      targets.push(target);
      for (const key of [...keys, ...rules.matchKeys(inDb)]) pending.set(key, target);
    }
    return "update";
  };

  const outcomes = rows.map((row): RowOutcome => ({ line: row.line, values: row.values, problems: row.problems, action: decideRow(row) }));
  return { outcomes, targets, seen };
}

/** The distinct values of the keys with this prefix ("e:" → the emails). */
const valuesOf = (keys: readonly string[], prefix: string) => [
  ...new Set(keys.filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length))),
];

export type Plan = {
  outcomes: RowOutcome[];
  /** Applies the chunk (creates, updates, stage history and grades, contact points, search entries). */
  write: (uow: UnitOfWork) => Promise<void>;
  /** Match keys of the rows a dry run would create: remembered (after commit) for the rest of the file. */
  seen: string[];
  /** Cards that show what the chunk changed (updated companies; the companies of changed contacts), at most `maxTopics`. */
  topics: () => string[];
  /** What projections of the chunk's event need: `renamed`, the existing companies whose name the chunk changed. */
  payload?: () => Record<string, unknown>;
};

const maxTopics = 200;
const topicsOf = (ids: Iterable<string>, kind: string) => [...new Set(ids)].slice(0, maxTopics).map((id) => `${kind}:${id}`);

/** Writes the records a chunk decided on, with their contact points and search entries. */
async function writeTargets<T extends Target<{ id: string }>>(
  tx: Executor,
  object: "company" | "contact",
  targets: readonly T[],
  store: { insert: (tx: Executor, rows: T["write"][]) => Promise<void>; update: (tx: Executor, rows: T["write"][]) => Promise<void> },
  pointsOf: (target: T) => ContactPoint[],
  entryOf: (target: T) => SearchEntry,
) {
  const creates = targets.filter((target) => target.action === "create");
  const updates = targets.filter((target) => target.action === "update");
  const withPoints = (list: readonly T[]) => list.map((target) => ({ recordId: target.write.id, points: pointsOf(target) }));
  await store.insert(
    tx,
    creates.map((target) => target.write),
  );
  await store.update(
    tx,
    updates.map((target) => target.write),
  );
  // New records have no points to replace.
  await addContactPoints(tx, object, withPoints(creates));
  await replaceContactPoints(tx, object, withPoints(updates));
  await upsertSearchEntries(tx, targets.map(entryOf));
}

// ─── building and merging writes ─────────────────────────────────────────────

/** Phones as stored: with their E.164 form, national numbers read in `country`. */
const storedPhones = <T extends string>(phones: readonly { type: T; number: string }[] | undefined, country: string | null) =>
  (phones ?? []).map((phone) => ({ type: phone.type, number: phone.number, e164: normalizePhone(phone.number, country) }));

const phoneKey = (phone: { number: string; e164: string | null }) => phone.e164 ?? phone.number.replace(/\D/g, "");
const emailKey = (email: { address: string }) => email.address.toLowerCase();

/** `current` and the items of `added` it does not hold yet (compared by `key`), at most 20 like the API allows. */
function withNew<T>(current: T[], added: readonly T[] | undefined, key: (item: T) => string): T[] {
  const known = new Set(current.map(key));
  const fresh = (added ?? []).filter((item) => !known.has(key(item)) && known.add(key(item)));
  return fresh.length > 0 ? [...current, ...fresh].slice(0, 20) : current;
}

// ─── companies: deciding and writing ─────────────────────────────────────────

type CompanyTarget = Target<repo.CompanyWrite> & { nameKey: string; previousStage?: string; previousName?: string };

/** A new company from a row. */
function newCompany(input: CompanyInput, custom: CustomValues, placement: Placement): repo.CompanyWrite {
  const country = input.country ?? null;
  return {
    id: randomUUID(),
    name: input.name,
    kind: input.kind ?? "client",
    stage: input.stage ?? "lead",
    status: input.status ?? "active",
    gradeOverride: input.gradeOverride ?? null,
    category: input.category ?? null,
    industry: input.industry ?? null,
    sizeBand: input.sizeBand ?? null,
    registrationNumber: input.registrationNumber ?? null,
    website: input.website ?? null,
    domain: input.website ? normalizeDomain(input.website) : null,
    phones: storedPhones(input.phones, country),
    emails: input.emails ?? [],
    addresses: (input.addresses ?? []).map(storedAddress),
    country,
    currency: input.currency ?? null,
    description: input.description ?? null,
    lineOfBusiness: input.lineOfBusiness ?? null,
    clientUnit: input.clientUnit ?? null,
    custom,
    ...placement,
    securityLevel: 0,
  };
}

const storedAddress = (address: NonNullable<CompanyInput["addresses"]>[number]) => ({
  type: address.type,
  line1: address.line1,
  line2: address.line2 ?? null,
  postalCode: address.postalCode ?? null,
  city: address.city ?? null,
  region: address.region ?? null,
  country: address.country ?? null,
});

/**
 * A row applied to an existing company: the row's non-empty cells replace values, phones,
 * emails and an address are added when new, custom values merge. Empty cells clear nothing.
 */
function mergeCompany(
  current: repo.CompanyWrite,
  input: CompanyInput,
  custom: CustomValues,
  placement: Placement | undefined,
  sameName: boolean,
) {
  const next: repo.CompanyWrite = { ...current, custom };
  // The same name in another spelling ("ACME Corp." for "Acme Corporation") keeps the stored one.
  if (!sameName) next.name = input.name;
  const scalar = [
    "kind",
    "stage",
    "status",
    "gradeOverride",
    "category",
    "industry",
    "sizeBand",
    "registrationNumber",
    "lineOfBusiness",
    "clientUnit",
  ] as const;
  for (const key of scalar) if (input[key] !== undefined && input[key] !== null) (next as Record<string, unknown>)[key] = input[key];
  for (const key of ["country", "currency", "description"] as const)
    if (input[key] !== undefined && input[key] !== null) next[key] = input[key];
  if (input.website) {
    next.website = input.website;
    next.domain = normalizeDomain(input.website);
  }
  next.phones = withNew(current.phones, input.phones && storedPhones(input.phones, next.country), phoneKey);
  next.emails = withNew(current.emails, input.emails, emailKey);
  // A file holds one address per row: added unless the company has one on that street already.
  next.addresses = withNew(current.addresses, input.addresses?.slice(0, 1).map(storedAddress), (address) => foldName(address.line1));
  if (placement) Object.assign(next, placement);
  return next;
}

/** The keys a company is matched by, strongest first: registration number, website domain, emails, name key. */
function companyKeys(registration: string | null, domain: string | null, emails: readonly string[], nameKey: string): string[] {
  return [
    ...(registration ? [`r:${registration}`] : []),
    ...(domain ? [`d:${domain}`] : []),
    ...emails.map((email) => `e:${email}`),
    ...(nameKey ? [`n:${nameKey}`] : []),
  ];
}

const rowCompanyKeys = (input: CompanyInput, nameKey: string) =>
  companyKeys(
    normalizeRegistration(input.registrationNumber),
    input.website ? normalizeDomain(input.website) : null,
    (input.emails ?? []).map((email) => normalizeEmail(email.address)).filter((email) => email !== null),
    nameKey,
  );

async function planCompanies(ex: Executor, state: ImportState, bases: RowBase[], forWrite: boolean): Promise<Plan> {
  const { actor, duplicates } = state.settings;
  const rows = bases.map((base) => parseCompany(state, base));
  await readCustomValues(
    ex,
    state,
    rows,
    (row) => row.input?.currency,
    rows.flatMap((row) => (row.ownerEmail ? [row.ownerEmail] : [])),
  );
  const ownerOf = (row: ParsedCompany) => (row.ownerEmail !== undefined ? state.owners.get(row.ownerEmail) : undefined);
  for (const row of rows)
    if (row.input && row.problems.length === 0 && row.ownerEmail !== undefined && !ownerOf(row))
      row.problems.push({ field: "ownerEmail", message: "is not an active user" });

  const matching = duplicates !== "create";
  const valid = rows.filter((row) => row.input && row.problems.length === 0);
  const nameKeys = matching
    ? await repo.companyKeys(
        ex,
        valid.map((row) => row.input!.name),
      )
    : [];
  const nameKeyOf = new Map(valid.map((row, index) => [row, nameKeys[index] ?? ""]));
  const keysOf = new Map(matching ? valid.map((row) => [row, rowCompanyKeys(row.input!, nameKeyOf.get(row)!)]) : []);
  const allKeys = [...keysOf.values()].flat();
  const matches =
    allKeys.length > 0
      ? await repo.matchCompanies(
          ex,
          {
            registrations: valuesOf(allKeys, "r:"),
            domains: valuesOf(allKeys, "d:"),
            emails: valuesOf(allKeys, "e:"),
            nameKeys: valuesOf(allKeys, "n:"),
          },
          forWrite && duplicates === "update",
        )
      : [];

  const { outcomes, targets, seen } = decide<ParsedCompany, repo.CompanyMatchRow, CompanyTarget>(state, rows, matches, {
    object: "company",
    keys: (row) => keysOf.get(row) ?? [],
    matchKeys: (match) => companyKeys(match.registrationKey, match.domain, match.matchedEmails, match.nameKey),
    fromMatch: (match) => ({
      write: repo.companyWriteOf(match),
      action: "update",
      nameKey: match.nameKey,
      previousStage: match.stage,
      previousName: match.name,
    }),
    create: (row, input) => {
      const placed = placementOf(actor, "create", ownerOf(row));
      if (typeof placed === "string") return { field: "ownerEmail", message: placed };
      return (custom) => ({ write: newCompany(input, custom, placed), action: "create", nameKey: nameKeyOf.get(row) ?? "" });
    },
    // The row changes the company it matches (one created earlier in this chunk, or an existing one).
    update: (row, input, target) => {
      const owner = ownerOf(row);
      let placement: Placement | undefined;
      if (owner && owner.id !== target.write.ownerId) {
        const placed = placementOf(actor, target.action, owner);
        if (typeof placed === "string") return { field: "ownerEmail", message: placed };
        placement = placed;
      }
      return (custom) => mergeCompany(target.write, input, custom, placement, nameKeyOf.get(row) === target.nameKey);
    },
  });

  const write = async (uow: UnitOfWork) => {
    const ownerIds = new Set(targets.map((target) => target.write.ownerId).filter((id) => !state.userNames.has(id)));
    for (const [id, name] of await repo.userNames(uow.tx, [...ownerIds])) state.userNames.set(id, name);
    await writeTargets(
      uow.tx,
      "company",
      targets,
      { insert: repo.insertCompanies, update: repo.updateCompanies },
      ({ write: company }) => companyPoints(company),
      ({ write: company }) => companySearchEntry(company, state.userNames.get(company.ownerId) ?? null),
    );
    await repo.insertStageChanges(
      uow.tx,
      targets
        .filter((target) => target.previousStage !== target.write.stage)
        .map((target) => ({
          companyId: target.write.id,
          fromStage: target.previousStage ?? null,
          toStage: target.write.stage,
          changedBy: actor.userId,
        })),
    );
    // Graded by the rules like a company saved through the API (the caller holds the rules: see `holdGradeRules`).
    await regradeCompanies(
      uow,
      targets.map((target) => target.write.id),
    );
  };
  const topics = () =>
    topicsOf(
      targets.filter((target) => target.action === "update").map((target) => target.write.id),
      "company",
    );
  const payload = () => ({
    renamed: targets
      .filter((target) => target.action === "update" && target.previousName !== undefined && target.previousName !== target.write.name)
      .map((target) => target.write.id),
  });
  return { outcomes, write, seen, topics, payload };
}


// ─── contacts ────────────────────────────────────────────────────────────────

const contactRowSchema = contactCreate.omit({ companyId: true });
type ContactInput = z.output<typeof contactRowSchema>;
type ParsedContact = ParsedRow<ContactInput> & { companyName?: string; companyRegistration?: string };

function parseContact(state: ImportState, base: RowBase): ParsedContact {
  const { cells } = base;
  const problems = base.problems;
  const input: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined) input[key] = value;
  };
  const full = first(cells, "fullName");
  const split = full !== undefined ? splitFullName(full) : undefined;
  set("firstName", first(cells, "firstName") ?? (split?.firstName || undefined));
  set("lastName", first(cells, "lastName") ?? (split?.lastName || undefined));
  for (const key of ["title", "department", "notes"]) set(key, first(cells, key));
  // A value of the function list by key or label; while the list is empty, the built-in functions and their aliases.
  set(
    "function",
    pickDimension(state, cells, "function", "function", problems, (raw) => enumValue(raw, contactFunctions, functionAliases)),
  );
  set("clientUnit", pickDimension(state, cells, "clientUnit", "client_unit", problems));
  set(
    "preferredChannel",
    pick(cells, "preferredChannel", problems, (raw) => enumValue(raw, contactChannels, channelAliases), contactChannels),
  );
  set(
    "preferredLanguage",
    pick(cells, "preferredLanguage", problems, (raw) => enumValue(raw, locales, languageAliases), locales),
  );
  const birthday = first(cells, "birthday");
  if (birthday !== undefined) input.birthday = dateValue(birthday);
  set("consentEmail", pickBoolean(cells, "consentEmail", problems));
  set("consentSms", pickBoolean(cells, "consentSms", problems));
  set("consentCalls", pickBoolean(cells, "consentCalls", problems));
  const emails = (cells.get("email") ?? []).flatMap(splitEmails);
  if (emails.length > 0) input.emails = emails.map((address) => ({ type: "work", address }));
  const phoneFields: string[] = [];
  const phones = [
    ...(cells.get("phone") ?? []).flatMap(splitPhones).map((number) => ({ type: "work", number, field: "phone" })),
    ...(cells.get("mobile") ?? []).flatMap(splitPhones).map((number) => ({ type: "mobile", number, field: "mobile" })),
  ];
  if (phones.length > 0) {
    input.phones = phones.map(({ type, number }) => ({ type, number }));
    phoneFields.push(...phones.map((phone) => phone.field));
  }
  const parsed: ParsedContact = { ...base, customRaw: customCells(state, cells), custom: {}, userRefs: [] };
  const companyName = first(cells, "companyName");
  const companyRegistration = first(cells, "companyRegistrationNumber");
  if (companyName !== undefined) parsed.companyName = companyName;
  if (companyRegistration !== undefined) parsed.companyRegistration = companyRegistration;
  if (companyName === undefined && companyRegistration === undefined)
    problems.push({
      field: state.columns.some((c) => c.field === "companyName") ? "companyName" : "companyRegistrationNumber",
      message: "is required",
    });
  const result = contactRowSchema.safeParse(input);
  if (!result.success) {
    problems.push(
      ...zodProblems(result.error, input, (path) => {
        const [head, index] = path;
        if (head === "phones") return phoneFields[index as number] ?? "phone";
        if (head === "emails") return "email";
        if ((head === "lastName" || head === "firstName") && full !== undefined && first(cells, head) === undefined) return "fullName";
        return String(head ?? "row");
      }),
    );
  } else parsed.input = result.data;
  return parsed;
}

type ContactTarget = Target<repo.ContactWrite> & { company: { name: string; country: string | null } };

function newContact(input: ContactInput, companyId: string, country: string | null, custom: CustomValues): repo.ContactWrite {
  return {
    id: randomUUID(),
    companyId,
    firstName: input.firstName ?? "",
    lastName: input.lastName,
    title: input.title ?? null,
    department: input.department ?? null,
    function: input.function ?? null,
    clientUnit: input.clientUnit ?? null,
    emails: input.emails ?? [],
    phones: storedPhones(input.phones, country),
    birthday: input.birthday ?? null,
    preferredLanguage: input.preferredLanguage ?? null,
    preferredChannel: input.preferredChannel ?? null,
    consentEmail: input.consentEmail ?? false,
    consentSms: input.consentSms ?? false,
    consentCalls: input.consentCalls ?? false,
    notes: input.notes ?? null,
    custom,
  };
}

function mergeContact(current: repo.ContactWrite, input: ContactInput, country: string | null, custom: CustomValues): repo.ContactWrite {
  const next: repo.ContactWrite = { ...current, custom };
  const keys = [
    "firstName",
    "lastName",
    "title",
    "department",
    "function",
    "clientUnit",
    "birthday",
    "preferredLanguage",
    "preferredChannel",
    "notes",
  ] as const;
  for (const key of keys)
    if (input[key] !== undefined && input[key] !== null && input[key] !== "") (next as Record<string, unknown>)[key] = input[key];
  for (const key of ["consentEmail", "consentSms", "consentCalls"] as const) if (input[key] !== undefined) next[key] = input[key];
  next.emails = withNew(current.emails, input.emails, emailKey);
  next.phones = withNew(current.phones, input.phones && storedPhones(input.phones, country), phoneKey);
  return next;
}

/** The primary companies named by the rows, by registration number or exact name key; cached for the run. */
async function resolveCompanies(ex: Executor, state: ImportState, rows: ParsedContact[]) {
  const names = [
    ...new Set(rows.map((row) => row.companyName).filter((name): name is string => !!name && !state.companyNameKeys.has(name))),
  ];
  const keys = await repo.companyKeys(ex, names);
  names.forEach((name, index) => state.companyNameKeys.set(name, keys[index] ?? ""));
  const wanted = new Set<string>();
  for (const row of rows) {
    const registration = normalizeRegistration(row.companyRegistration);
    if (registration) wanted.add(`r:${registration}`);
    else if (row.companyName) {
      const key = state.companyNameKeys.get(row.companyName);
      if (key) wanted.add(`n:${key}`);
    }
  }
  const missing = [...wanted].filter((key) => !state.companyRefs.has(key));
  if (missing.length === 0) return;
  for (const key of missing) state.companyRefs.set(key, []);
  const found = await repo.companiesByKey(
    ex,
    missing.filter((key) => key.startsWith("n:")).map((key) => key.slice(2)),
    missing.filter((key) => key.startsWith("r:")).map((key) => key.slice(2)),
  );
  for (const company of found) {
    for (const key of [`n:${company.nameKey}`, ...(company.registrationKey ? [`r:${company.registrationKey}`] : [])])
      state.companyRefs.get(key)?.push(company);
  }
}

function companyOf(state: ImportState, row: ParsedContact): repo.CompanyRefRow | FieldProblem {
  const { actor } = state.settings;
  const registration = normalizeRegistration(row.companyRegistration);
  const field = registration ? "companyRegistrationNumber" : "companyName";
  if (row.companyRegistration !== undefined && !registration) return { field, message: "is not a registration number" };
  const key = registration ? `r:${registration}` : `n:${state.companyNameKeys.get(row.companyName ?? "") ?? ""}`;
  const visible = (state.companyRefs.get(key) ?? []).filter((company) => canAccessRecord(actor, "contact", "read", company));
  if (visible.length === 0) return { field, message: "no such company" };
  if (visible.length > 1) return { field, message: "matches several companies; add a column with their registration numbers" };
  return visible[0]!;
}


async function planContacts(ex: Executor, state: ImportState, bases: RowBase[], forWrite: boolean): Promise<Plan> {
  const { actor, duplicates } = state.settings;
  const rows = bases.map((base) => parseContact(state, base));
  await readCustomValues(ex, state, rows, () => undefined);
  await resolveCompanies(
    ex,
    state,
    rows.filter((row) => row.problems.length === 0),
  );
  const companyFor = new Map<ParsedContact, repo.CompanyRefRow>();
  for (const row of rows) {
    if (!row.input || row.problems.length > 0) continue;
    const company = companyOf(state, row);
    if ("message" in company) row.problems.push(company);
    else companyFor.set(row, company);
  }

  // Matched by email anywhere, or by the exact name key at the same primary company.
  const matching = duplicates !== "create";
  const valid = rows.filter((row) => companyFor.has(row) && row.problems.length === 0);
  const nameKeys = matching
    ? await repo.contactKeys(
        ex,
        valid.map((row) => ({ firstName: row.input!.firstName ?? "", lastName: row.input!.lastName })),
      )
    : [];
  const keysOf = new Map<ParsedContact, string[]>();
  const people = new Map<string, { companyId: string; nameKey: string }>();
  if (matching)
    valid.forEach((row, index) => {
      const keys = (row.input!.emails ?? []).flatMap((email) => {
        const normalized = normalizeEmail(email.address);
        return normalized ? [`e:${normalized}`] : [];
      });
      const companyId = companyFor.get(row)!.id;
      const nameKey = nameKeys[index];
      if (nameKey) {
        keys.push(`n:${companyId}:${nameKey}`);
        people.set(`n:${companyId}:${nameKey}`, { companyId, nameKey });
      }
      keysOf.set(row, keys);
    });
  const emails = valuesOf([...keysOf.values()].flat(), "e:");
  const matches =
    emails.length + people.size > 0
      ? await repo.matchContacts(ex, { emails, people: [...people.values()] }, forWrite && duplicates === "update")
      : [];

  const { outcomes, targets, seen } = decide<ParsedContact, repo.ContactMatchRow, ContactTarget>(state, rows, matches, {
    object: "contact",
    keys: (row) => keysOf.get(row) ?? [],
    matchKeys: (match) => [...match.matchedEmails.map((email) => `e:${email}`), `n:${match.companyId}:${match.nameKey}`],
    fromMatch: (match) => ({
      write: repo.contactWriteOf(match),
      action: "update",
      company: { name: match.companyName, country: match.companyCountry },
    }),
    create: (row, input) => {
      const company = companyFor.get(row)!;
      if (!canAccessRecord(actor, "contact", "create", company))
        return {
          field: row.companyRegistration !== undefined ? "companyRegistrationNumber" : "companyName",
          message: "you may not add contacts to this company",
        };
      return (custom) => ({
        write: newContact(input, company.id, company.country, custom),
        action: "create",
        company: { name: company.name, country: company.country },
      });
    },
    update: (_row, input, target) => (custom) => mergeContact(target.write, input, target.company.country, custom),
  });

  const write = async (uow: UnitOfWork) =>
    writeTargets(
      uow.tx,
      "contact",
      targets,
      { insert: repo.insertContacts, update: repo.updateContacts },
      ({ write: contact, company }) => contactPoints({ emails: contact.emails, phones: contact.phones, defaultCountry: company.country }),
      ({ write: contact, company }) => contactSearchEntry(contact, company.name),
    );
  const topics = () =>
    topicsOf(
      targets.map((target) => target.write.companyId),
      "company",
    );
  // Every company that gained contacts (the topics stop at maxTopics): the group rollups recount them.
  const payload = () => ({
    companyIds: [...new Set(targets.filter((target) => target.action === "create").map((t) => t.write.companyId))],
  });
  return { outcomes, write, seen, topics, payload };
}

// ─── a chunk ─────────────────────────────────────────────────────────────────

/**
 * Reads, checks and decides a chunk of records. `forWrite`: the matched records are locked
 * (the caller is in the transaction that will write them). The returned `write` applies it.
 */
export async function planChunk(ex: Executor, state: ImportState, records: readonly CsvRecord[], forWrite: boolean): Promise<Plan> {
  const bases = records.map((record) => readRow(state, record)).filter((row): row is RowBase => row !== undefined);
  return state.settings.object === "company" ? planCompanies(ex, state, bases, forWrite) : planContacts(ex, state, bases, forWrite);
}

/** Counts of a planned chunk. */
export function summarize(outcomes: readonly RowOutcome[]): ChunkResult {
  const count = (action: RowAction) => outcomes.filter((outcome) => outcome.action === action).length;
  return { rows: [...outcomes], created: count("create"), updated: count("update"), skipped: count("skip"), errors: count("error") };
}

/** The problems of the rows, one per line and field (several on one field joined). */
export function rowErrors(outcomes: readonly RowOutcome[]): (FieldProblem & { line: number })[] {
  const errors: (FieldProblem & { line: number })[] = [];
  for (const outcome of outcomes) {
    if (outcome.action !== "error") continue;
    const byField = new Map<string, string[]>();
    for (const problem of outcome.problems) byField.set(problem.field, [...(byField.get(problem.field) ?? []), problem.message]);
    for (const [field, messages] of byField)
      errors.push({ line: outcome.line, field, message: [...new Set(messages)].join("; ").slice(0, 1000) });
  }
  return errors;
}
