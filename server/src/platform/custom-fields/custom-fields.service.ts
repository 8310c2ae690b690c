import type { CustomFieldObject, CustomFieldOption, CustomFieldType, CustomValues, LocalizedLabel } from "@relata/contracts";
import type { Db } from "../../db/connection";
import type { Platform } from "../context";
import { unitOfWork, type Tx, type UnitOfWork, type UnitOfWorkContext } from "../events/unit-of-work";
import { Conflict, NotFound, PreconditionFailed, Validation, type FieldProblem } from "../errors";
import { databaseErrorCode } from "../http/errors.plugin";
import * as repo from "./custom-fields.repository";
import { presentField, presentLayout, presentSection } from "./custom-fields.presenter";
import { checkCustomValues, type CustomFieldDef } from "./custom-fields.values";

type Executor = Db | Tx;
type Context = UnitOfWorkContext;

/** Open forms, cards and list column pickers listen here and reload the layout. */
export const customFieldsTopic = "list:custom-fields";

// ─── what record modules use ─────────────────────────────────────────────────

/** Every field of one kind of record (archived too, flagged), in display order. */
export async function loadCustomFields(db: Executor, object: CustomFieldObject): Promise<CustomFieldDef[]> {
  return repo.listFields(db, object);
}

/**
 * Checks a change to a record's custom values (see `checkCustomValues`) and, for user fields,
 * that each user set is an active user. `values` is the merged result to store; the record's
 * write must not happen when `problems` is not empty (throw `Validation(problems)`).
 */
export async function validateCustomValues(
  db: Executor,
  defs: readonly CustomFieldDef[],
  changes: CustomValues | undefined,
  current: CustomValues | null | undefined,
  opts: { requireAll?: boolean } = {},
): Promise<{ values: CustomValues; problems: FieldProblem[] }> {
  const { values, problems, userRefs } = checkCustomValues(defs, changes, current, opts);
  if (userRefs.length > 0) {
    const active = await repo.activeUserIds(db, [...new Set(userRefs.map((ref) => ref.id))]);
    for (const ref of userRefs) if (!active.has(ref.id)) problems.push({ field: ref.field, message: "is not an active user" });
  }
  return { values, problems };
}

// ─── definitions ─────────────────────────────────────────────────────────────

export async function getLayout(platform: Platform, object: CustomFieldObject) {
  const [sections, fields] = await Promise.all([repo.listSections(platform.db, object), repo.listFields(platform.db, object)]);
  return presentLayout(object, sections, fields);
}

const sectionEvent = (name: string, row: { id: string; object: string }) => ({
  name: `custom_section.${name}`,
  object: "setting" as const,
  recordId: row.id,
  topics: [customFieldsTopic],
  payload: { object: row.object },
});

const fieldEvent = (name: string, row: { id: string; object: string; key: string }) => ({
  name: `custom_field.${name}`,
  object: "setting" as const,
  recordId: row.id,
  topics: [customFieldsTopic],
  payload: { object: row.object, key: row.key },
});

const run = <T>(platform: Platform, context: Context, work: (uow: UnitOfWork) => Promise<T>) =>
  unitOfWork(platform.db, platform.projections, context, work);

export async function createSection(
  platform: Platform,
  context: Context,
  input: { object: CustomFieldObject; labels: LocalizedLabel; position?: number | undefined },
) {
  return run(platform, context, async (uow) => {
    const position = input.position ?? (await repo.nextSectionPosition(uow.tx, input.object));
    const row = await repo.insertSection(uow.tx, { object: input.object, labels: input.labels, position });
    await uow.emit(sectionEvent("created", row));
    return presentSection(row, []);
  });
}

export async function updateSection(
  platform: Platform,
  context: Context,
  id: string,
  version: number,
  input: { labels?: LocalizedLabel | undefined; position?: number | undefined },
) {
  return run(platform, context, async (uow) => {
    const current = await repo.findSection(uow.tx, id);
    if (!current) throw NotFound("Custom section");
    const row = await repo.updateSection(uow.tx, id, version, {
      ...(input.labels !== undefined ? { labels: input.labels } : {}),
      ...(input.position !== undefined ? { position: input.position } : {}),
    });
    if (!row) throw PreconditionFailed();
    await uow.emit(sectionEvent("updated", row));
    const fields = (await repo.listFields(uow.tx, row.object as CustomFieldObject)).filter((field) => field.sectionId === id);
    return presentSection(row, fields);
  });
}

/** A section goes only when empty: its fields (archived ones too) hold the values of records. */
export async function deleteSection(platform: Platform, context: Context, id: string, version: number | undefined) {
  await run(platform, context, async (uow) => {
    const current = await repo.findSection(uow.tx, id);
    if (!current) throw NotFound("Custom section");
    if (version !== undefined && version !== current.version) throw PreconditionFailed();
    const fields = await repo.countFieldsInSection(uow.tx, id);
    if (fields > 0) {
      throw Conflict("The section still holds fields; move or delete them first", [
        { field: "fields", message: `the section holds ${fields} field${fields === 1 ? "" : "s"}` },
      ]);
    }
    await repo.deleteSection(uow.tx, id);
    await uow.emit(sectionEvent("deleted", current));
  });
}

const hasOptions = (type: CustomFieldType) => type === "choice" || type === "multi_choice";

/** Choice fields need options, other types take none; option values are unique within a field. */
function optionProblems(type: CustomFieldType, options: readonly CustomFieldOption[] | undefined): FieldProblem[] {
  if (!hasOptions(type)) {
    return options && options.length > 0 ? [{ field: "options", message: "only choice and multi-choice fields have options" }] : [];
  }
  if (!options || options.length === 0) return [{ field: "options", message: "a choice field needs at least one option" }];
  const problems: FieldProblem[] = [];
  options.forEach((option, index) => {
    if (options.findIndex((other) => other.value === option.value) < index)
      problems.push({ field: `options[${index}].value`, message: "is used by another option" });
  });
  return problems;
}

async function sectionFor(uow: UnitOfWork, sectionId: string, object?: string) {
  const section = await repo.findSection(uow.tx, sectionId);
  if (!section) throw Validation([{ field: "sectionId", message: "no such custom section" }]);
  if (object !== undefined && section.object !== object)
    throw Validation([{ field: "sectionId", message: "belongs to another kind of record" }]);
  return section;
}

const keyTaken = () => Conflict("Another field of this kind of record has this key", [{ field: "key", message: "is already in use" }]);

type FieldCreate = {
  sectionId: string;
  key: string;
  type: CustomFieldType;
  labels: LocalizedLabel;
  required?: boolean | undefined;
  position?: number | undefined;
  options?: CustomFieldOption[] | undefined;
};

export async function createField(platform: Platform, context: Context, input: FieldCreate) {
  const problems = optionProblems(input.type, input.options);
  if (problems.length > 0) throw Validation(problems);
  try {
    return await run(platform, context, async (uow) => {
      const section = await sectionFor(uow, input.sectionId);
      const object = section.object as CustomFieldObject;
      // Keys stay unique while archived: the values of records are stored under them.
      if (await repo.findFieldByKey(uow.tx, object, input.key)) throw keyTaken();
      const row = await repo.insertField(uow.tx, {
        object,
        sectionId: section.id,
        key: input.key,
        type: input.type,
        labels: input.labels,
        required: input.required ?? false,
        position: input.position ?? (await repo.nextFieldPosition(uow.tx, section.id)),
        options: input.options ?? [],
      });
      await uow.emit(fieldEvent("created", row));
      return presentField(row);
    });
  } catch (error) {
    // Two administrators adding the same key at once: the unique index decides.
    if (databaseErrorCode(error) === "23505") throw keyTaken();
    throw error;
  }
}

type FieldPatch = {
  sectionId?: string | undefined;
  labels?: LocalizedLabel | undefined;
  required?: boolean | undefined;
  position?: number | undefined;
  options?: CustomFieldOption[] | undefined;
  archived?: boolean | undefined;
};

export async function updateField(platform: Platform, context: Context, id: string, version: number, input: FieldPatch) {
  return run(platform, context, async (uow) => {
    const current = await repo.findField(uow.tx, id);
    if (!current) throw NotFound("Custom field");
    if (current.version !== version) throw PreconditionFailed();
    const object = current.object as CustomFieldObject;
    if (input.options !== undefined) {
      const problems = optionProblems(current.type, input.options);
      if (problems.length > 0) throw Validation(problems);
      // Records keep their values; an option they still use cannot disappear under them.
      const kept = new Set(input.options.map((option) => option.value));
      const removed = current.options.map((option) => option.value).filter((value) => !kept.has(value));
      const usage = await repo.optionUsage(uow.tx, object, current.key, current.type === "multi_choice", removed);
      if (usage.size > 0) {
        throw Conflict(
          "Records still use options you removed; change those records first",
          [...usage].map(([value, n]) => ({ field: "options", message: `"${value}" is used by ${n} record${n === 1 ? "" : "s"}` })),
        );
      }
    }
    const moved = input.sectionId !== undefined && input.sectionId !== current.sectionId;
    if (moved) await sectionFor(uow, input.sectionId!, object);
    const position = input.position ?? (moved ? await repo.nextFieldPosition(uow.tx, input.sectionId!) : undefined);
    const row = await repo.updateField(uow.tx, id, version, {
      ...(moved ? { sectionId: input.sectionId } : {}),
      ...(input.labels !== undefined ? { labels: input.labels } : {}),
      ...(input.required !== undefined ? { required: input.required } : {}),
      ...(position !== undefined ? { position } : {}),
      ...(input.options !== undefined ? { options: input.options } : {}),
      ...(input.archived !== undefined ? { archived: input.archived } : {}),
    });
    if (!row) throw PreconditionFailed();
    const verb = input.archived === true && !current.archived ? "archived" : "updated";
    await uow.emit(fieldEvent(verb, row));
    return presentField(row);
  });
}

/**
 * Deletes a field no record holds a value for; a field with values is archived instead (it
 * leaves forms and lists, the values stay and it can be restored).
 */
export async function deleteField(platform: Platform, context: Context, id: string, version: number | undefined) {
  return run(platform, context, async (uow) => {
    const current = await repo.findField(uow.tx, id);
    if (!current) throw NotFound("Custom field");
    if (version !== undefined && version !== current.version) throw PreconditionFailed();
    const inUse = await repo.countRecordsWithValue(uow.tx, current.object as CustomFieldObject, current.key);
    if (inUse === 0) {
      await repo.deleteField(uow.tx, id);
      await uow.emit(fieldEvent("deleted", current));
      return { deleted: true as const };
    }
    if (current.archived) return { deleted: false as const, field: presentField(current) };
    const row = await repo.updateField(uow.tx, id, current.version, { archived: true });
    if (!row) throw PreconditionFailed();
    await uow.emit(fieldEvent("archived", row));
    return { deleted: false as const, field: presentField(row) };
  });
}
