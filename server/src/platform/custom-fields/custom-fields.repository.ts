import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { CustomFieldObject } from "@relata/contracts";
import type { Db } from "../../db/connection";
import { users } from "../access/access.schema";
import type { Tx } from "../events/unit-of-work";
import { customFields, customSections } from "./custom-fields.schema";

type Executor = Db | Tx;
export type SectionRow = typeof customSections.$inferSelect;
export type FieldRow = typeof customFields.$inferSelect;

/**
 * The table holding the `custom` values of each kind of record. Named here rather than
 * imported: the platform does not depend on the modules that own those tables.
 */
const recordTables: Record<CustomFieldObject, string> = { company: "companies", contact: "contacts" };
const recordTable = (object: CustomFieldObject) => sql.identifier(recordTables[object]);

export async function listSections(db: Executor, object: CustomFieldObject) {
  return db
    .select()
    .from(customSections)
    .where(eq(customSections.object, object))
    .orderBy(asc(customSections.position), asc(customSections.createdAt), asc(customSections.id));
}

/** The fields of one kind of record, archived too, in display order: by section, then position. */
export async function listFields(db: Executor, object: CustomFieldObject) {
  return db
    .select({ field: customFields })
    .from(customFields)
    .innerJoin(customSections, eq(customSections.id, customFields.sectionId))
    .where(eq(customFields.object, object))
    .orderBy(
      asc(customSections.position),
      asc(customSections.createdAt),
      asc(customSections.id),
      asc(customFields.position),
      asc(customFields.createdAt),
      asc(customFields.id),
    )
    .then((rows) => rows.map((row) => row.field));
}

export async function findSection(db: Executor, id: string) {
  const [row] = await db.select().from(customSections).where(eq(customSections.id, id));
  return row;
}

export async function findField(db: Executor, id: string) {
  const [row] = await db.select().from(customFields).where(eq(customFields.id, id));
  return row;
}

export async function findFieldByKey(db: Executor, object: CustomFieldObject, key: string) {
  const [row] = await db
    .select({ id: customFields.id })
    .from(customFields)
    .where(and(eq(customFields.object, object), eq(customFields.key, key)));
  return row;
}

/** The position after the last section of this kind of record (new sections go to the end). */
export async function nextSectionPosition(db: Executor, object: CustomFieldObject) {
  const [row] = await db
    .select({ next: sql<number>`coalesce(max(${customSections.position}) + 1, 0)::int` })
    .from(customSections)
    .where(eq(customSections.object, object));
  return Math.min(row?.next ?? 0, 10_000);
}

export async function nextFieldPosition(db: Executor, sectionId: string) {
  const [row] = await db
    .select({ next: sql<number>`coalesce(max(${customFields.position}) + 1, 0)::int` })
    .from(customFields)
    .where(eq(customFields.sectionId, sectionId));
  return Math.min(row?.next ?? 0, 10_000);
}

export async function countFieldsInSection(db: Executor, sectionId: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(customFields)
    .where(eq(customFields.sectionId, sectionId));
  return row?.n ?? 0;
}

export async function insertSection(db: Executor, values: typeof customSections.$inferInsert) {
  const [row] = await db.insert(customSections).values(values).returning();
  return row!;
}

/** Updates a section if it is still at `version`; undefined when it changed meanwhile. */
export async function updateSection(db: Executor, id: string, version: number, values: Partial<typeof customSections.$inferInsert>) {
  const [row] = await db
    .update(customSections)
    .set({ ...values, updatedAt: sql`now()`, version: sql`${customSections.version} + 1` })
    .where(and(eq(customSections.id, id), eq(customSections.version, version)))
    .returning();
  return row;
}

export async function deleteSection(db: Executor, id: string) {
  await db.delete(customSections).where(eq(customSections.id, id));
}

export async function insertField(db: Executor, values: typeof customFields.$inferInsert) {
  const [row] = await db.insert(customFields).values(values).returning();
  return row!;
}

export async function updateField(db: Executor, id: string, version: number, values: Partial<typeof customFields.$inferInsert>) {
  const [row] = await db
    .update(customFields)
    .set({ ...values, updatedAt: sql`now()`, version: sql`${customFields.version} + 1` })
    .where(and(eq(customFields.id, id), eq(customFields.version, version)))
    .returning();
  return row;
}

export async function deleteField(db: Executor, id: string) {
  await db.delete(customFields).where(eq(customFields.id, id));
}

/** How many records of this kind hold a value under `key`. */
export async function countRecordsWithValue(db: Executor, object: CustomFieldObject, key: string) {
  const result = await db.execute<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM ${recordTable(object)} WHERE custom ? ${key} AND custom -> ${key} <> 'null'::jsonb`,
  );
  return result.rows[0]?.n ?? 0;
}

/**
 * How many records use each of `values` of a choice (the value itself) or multi-choice field
 * (one of its values); only values in use are returned.
 */
export async function optionUsage(db: Executor, object: CustomFieldObject, key: string, multiple: boolean, values: string[]) {
  const usage = new Map<string, number>();
  for (const value of values) {
    const document = JSON.stringify({ [key]: multiple ? [value] : value });
    const result = await db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM ${recordTable(object)} WHERE custom @> ${document}::jsonb`,
    );
    const n = result.rows[0]?.n ?? 0;
    if (n > 0) usage.set(value, n);
  }
  return usage;
}

/** Which of `ids` are active users. */
export async function activeUserIds(db: Executor, ids: string[]) {
  if (ids.length === 0) return new Set<string>();
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, ids), eq(users.active, true)));
  return new Set(rows.map((row) => row.id));
}
