/**
 * Dimension lists (line of business, function, client unit, region): administrators keep
 * them (the `setting` object); companies and contacts hold their keys. Every change is
 * announced on `list:dimensions`, so open forms, filters and settings screens reload.
 */
import type { DimensionKind, DimensionListQuery, DimensionReorder, DimensionValueCreate, DimensionValuePatch } from "@relata/contracts";
import type { Db } from "../../db/connection";
import type { Platform } from "../../platform/context";
import { unitOfWork, type Tx, type UnitOfWork, type UnitOfWorkContext } from "../../platform/events/unit-of-work";
import { Conflict, NotFound, PreconditionFailed, Validation, type FieldProblem } from "../../platform/errors";
import { databaseErrorCode } from "../../platform/http/errors.plugin";
import * as repo from "./dimensions.repository";
import { presentDimensionValue } from "./dimensions.presenter";

type Executor = Db | Tx;
type Context = UnitOfWorkContext;

export const dimensionsTopic = "list:dimensions";

const run = <T>(platform: Platform, context: Context, work: (uow: UnitOfWork) => Promise<T>) =>
  unitOfWork(platform.db, platform.projections, context, work);

const valueEvent = (name: string, row: { id: string; kind: string; key: string }) => ({
  name: `dimension.${name}`,
  object: "setting" as const,
  recordId: row.id,
  topics: [dimensionsTopic],
  payload: { kind: row.kind, key: row.key },
});

// ─── what record modules use ─────────────────────────────────────────────────

/** A record field holding a dimension key, as a write sends it (undefined: not sent; null: cleared). */
export type DimensionFieldCheck = {
  field: string;
  kind: DimensionKind;
  value: string | null | undefined;
  /** What the record holds now: keeping it is always allowed, even once archived. */
  current?: string | null | undefined;
};

/**
 * The problems of the dimension keys a write sets: a key must be a value of its list that is
 * not archived. The `function` list is the one exception while it is empty: then contacts'
 * functions are free keys (nothing to choose from yet); once it holds any value, it is checked
 * like the others.
 */
export async function dimensionProblems(db: Executor, checks: DimensionFieldCheck[]): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  for (const check of checks) {
    const { value } = check;
    if (value === undefined || value === null || value === check.current) continue;
    if (check.kind === "function" && !(await repo.hasAnyValue(db, "function"))) continue;
    const [found] = await repo.valuesByKeys(db, check.kind, [value]);
    if (!found) problems.push({ field: check.field, message: `is not a value of the ${check.kind.replaceAll("_", " ")} list` });
    else if (found.archived) problems.push({ field: check.field, message: "is archived and can no longer be chosen" });
  }
  return problems;
}

/**
 * The problems of list filters by dimension keys: each key must be a value of its list
 * (archived ones too: records may still hold them), like the choices of a custom field. An
 * empty `function` list filters on free keys, as it stores them.
 */
export async function dimensionFilterProblems(
  db: Executor,
  filters: { field: string; kind: DimensionKind; keys: string[] | undefined }[],
): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  for (const { field, kind, keys } of filters) {
    if (!keys || keys.length === 0) continue;
    if (kind === "function" && !(await repo.hasAnyValue(db, "function"))) continue;
    const known = new Set((await repo.valuesByKeys(db, kind, keys)).map((row) => row.key));
    const unknown = keys.filter((key) => !known.has(key));
    if (unknown.length > 0) problems.push({ field: `querystring.${field}`, message: `no such value: ${unknown.join(", ")}` });
  }
  return problems;
}

/** `dimensionProblems`, thrown as one 400 naming each field. */
export async function assertDimensionKeys(db: Executor, checks: DimensionFieldCheck[]) {
  const problems = await dimensionProblems(db, checks);
  if (problems.length > 0) throw Validation(problems);
}

// ─── the lists ───────────────────────────────────────────────────────────────

export async function listDimensionValues(platform: Platform, query: DimensionListQuery) {
  return { items: (await repo.listValues(platform.db, query)).map(presentDimensionValue) };
}

export async function getDimensionValue(platform: Platform, id: string) {
  const row = await repo.findValue(platform.db, id);
  if (!row) throw NotFound("Dimension value");
  return presentDimensionValue(row);
}

const keyTaken = () => Conflict("This list already has a value with this key", [{ field: "key", message: "is already in use" }]);
const countriesOutsideRegion = (): FieldProblem => ({ field: "countries", message: "only regions list countries" });

export async function createDimensionValue(platform: Platform, context: Context, input: DimensionValueCreate) {
  if (input.countries !== undefined && input.kind !== "region" && input.countries.length > 0) throw Validation([countriesOutsideRegion()]);
  try {
    return await run(platform, context, async (uow) => {
      // Keys stay unique while archived: records hold them.
      if (await repo.findByKey(uow.tx, input.kind, input.key)) throw keyTaken();
      const row = await repo.insertValue(uow.tx, {
        kind: input.kind,
        key: input.key,
        labels: input.labels,
        position: input.position ?? (await repo.nextPosition(uow.tx, input.kind)),
        countries: input.kind === "region" ? (input.countries ?? []) : [],
      });
      await uow.emit(valueEvent("created", row));
      return presentDimensionValue(row);
    });
  } catch (error) {
    // Two administrators adding the same key at once: the unique index decides.
    if (databaseErrorCode(error) === "23505") throw keyTaken();
    throw error;
  }
}

export async function updateDimensionValue(platform: Platform, context: Context, id: string, version: number, input: DimensionValuePatch) {
  return run(platform, context, async (uow) => {
    const current = await repo.lockValue(uow.tx, id);
    if (!current) throw NotFound("Dimension value");
    if (current.version !== version) throw PreconditionFailed();
    if (input.countries !== undefined && current.kind !== "region" && input.countries.length > 0)
      throw Validation([countriesOutsideRegion()]);
    const row = await repo.updateValue(uow.tx, id, version, {
      ...(input.labels !== undefined ? { labels: input.labels } : {}),
      ...(input.position !== undefined ? { position: input.position } : {}),
      ...(input.archived !== undefined ? { archived: input.archived } : {}),
      ...(input.countries !== undefined && current.kind === "region" ? { countries: input.countries } : {}),
    });
    if (!row) throw PreconditionFailed();
    await uow.emit(valueEvent("updated", row));
    return presentDimensionValue(row);
  });
}

/** A value goes only while no record holds it (archive it otherwise: the records keep it). */
export async function deleteDimensionValue(platform: Platform, context: Context, id: string, version: number | undefined) {
  await run(platform, context, async (uow) => {
    const current = await repo.lockValue(uow.tx, id);
    if (!current) throw NotFound("Dimension value");
    if (version !== undefined && version !== current.version) throw PreconditionFailed();
    const held = await repo.countHolders(uow.tx, current.kind as DimensionKind, current.key);
    if (held > 0)
      throw Conflict("Records still hold this value; archive it instead", [
        { field: "key", message: `${held} record${held === 1 ? "" : "s"} hold this value` },
      ]);
    await repo.deleteValue(uow.tx, id);
    await uow.emit(valueEvent("deleted", current));
  });
}

/**
 * Puts a whole list in a new order: `ids` must be every value of the kind (archived ones too),
 * each once, so a reorder based on a stale list (a value added or removed meanwhile) is refused.
 */
export async function reorderDimensionValues(platform: Platform, context: Context, input: DimensionReorder) {
  return run(platform, context, async (uow) => {
    const rows = await repo.lockKind(uow.tx, input.kind);
    const known = new Set(rows.map((row) => row.id));
    const problems: FieldProblem[] = [];
    input.ids.forEach((id, index) => {
      if (!known.has(id)) problems.push({ field: `ids[${index}]`, message: `is not a value of the ${input.kind} list` });
    });
    if (problems.length === 0 && input.ids.length !== rows.length)
      problems.push({ field: "ids", message: `must list every value of the ${input.kind} list (${rows.length})` });
    if (problems.length > 0) throw Validation(problems);
    const positionOf = new Map(rows.map((row) => [row.id, row.position]));
    const changes = input.ids.map((id, position) => ({ id, position })).filter((change) => positionOf.get(change.id) !== change.position);
    const changed = await repo.setPositions(uow.tx, changes);
    if (changed.length > 0)
      await uow.emit({
        name: "dimension.reordered",
        object: "setting",
        recordId: null,
        topics: [dimensionsTopic],
        payload: { kind: input.kind },
      });
    return { items: (await repo.listValues(uow.tx, { kind: input.kind, includeArchived: true })).map(presentDimensionValue) };
  });
}

// ─── reading values from files (imports) ─────────────────────────────────────

/** Letters and digits only, lower case, accents dropped: how a file's cell is compared with keys and labels. */
const fold = (value: string) =>
  value
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");

/** The value lists as a file's cells name them: by key or by a label in any language. */
export type DimensionLookup = {
  /** The key a cell names; a problem message when it names no value or an archived one; `free` while the function list is empty (any key goes). */
  read: (kind: DimensionKind, raw: string) => { key: string } | { message: string } | { free: true };
};

/**
 * Loads every list once (an import reads them for all its chunks): a cell matches a value's key
 * or any of its labels, folded ("Finance", "finance", "财务", "Ekonomi"). An empty `function` list
 * leaves functions free, as the API does.
 */
export async function loadDimensionLookup(db: Executor): Promise<DimensionLookup> {
  const rows = await repo.listValues(db, { includeArchived: true });
  const byKind = new Map<string, Map<string, { key: string; archived: boolean }>>();
  for (const row of rows) {
    const names = byKind.get(row.kind) ?? new Map<string, { key: string; archived: boolean }>();
    byKind.set(row.kind, names);
    const entry = { key: row.key, archived: row.archived };
    // A key wins over a label that folds the same; among labels, the first value in list order.
    for (const label of Object.values(row.labels ?? {}))
      if (typeof label === "string" && !names.has(fold(label))) names.set(fold(label), entry);
    names.set(fold(row.key), entry);
  }
  return {
    read(kind, raw) {
      const names = byKind.get(kind);
      if (!names || names.size === 0)
        return kind === "function" ? { free: true } : { message: `the ${kind.replaceAll("_", " ")} list has no values yet` };
      const found = names.get(fold(raw));
      if (!found) return { message: `"${raw.slice(0, 40)}" is not a value of the ${kind.replaceAll("_", " ")} list` };
      if (found.archived) return { message: `"${raw.slice(0, 40)}" is archived and can no longer be chosen` };
      return { key: found.key };
    },
  };
}
