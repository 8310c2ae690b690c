import { and, asc, eq, inArray, max, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { DimensionKind } from "@relata/contracts";
import type { Db } from "../../db/connection";
import { companies, contacts, dimensionValues } from "../../db/schema";
import type { Tx } from "../../platform/events/unit-of-work";

type Executor = Db | Tx;
export type DimensionRow = typeof dimensionValues.$inferSelect;
export type DimensionInsert = typeof dimensionValues.$inferInsert;

export async function listValues(db: Executor, filter: { kind?: DimensionKind | undefined; includeArchived?: boolean | undefined }) {
  return db
    .select()
    .from(dimensionValues)
    .where(
      and(
        filter.kind ? eq(dimensionValues.kind, filter.kind) : undefined,
        filter.includeArchived ? undefined : eq(dimensionValues.archived, false),
      ),
    )
    .orderBy(asc(dimensionValues.kind), asc(dimensionValues.position), asc(dimensionValues.key));
}

export async function findValue(db: Executor, id: string) {
  const [row] = await db.select().from(dimensionValues).where(eq(dimensionValues.id, id));
  return row;
}

export async function lockValue(db: Executor, id: string) {
  const [row] = await db.select().from(dimensionValues).where(eq(dimensionValues.id, id)).for("update");
  return row;
}

export async function findByKey(db: Executor, kind: DimensionKind, key: string) {
  const [row] = await db
    .select()
    .from(dimensionValues)
    .where(and(eq(dimensionValues.kind, kind), eq(dimensionValues.key, key)));
  return row;
}

/** The values of one kind with these keys (archived too): what checking a record's fields needs. */
export async function valuesByKeys(db: Executor, kind: DimensionKind, keys: string[]) {
  if (keys.length === 0) return [];
  return db
    .select({ key: dimensionValues.key, archived: dimensionValues.archived })
    .from(dimensionValues)
    .where(and(eq(dimensionValues.kind, kind), inArray(dimensionValues.key, keys)));
}

export async function hasAnyValue(db: Executor, kind: DimensionKind) {
  const [row] = await db.select({ id: dimensionValues.id }).from(dimensionValues).where(eq(dimensionValues.kind, kind)).limit(1);
  return row !== undefined;
}

export async function nextPosition(db: Executor, kind: DimensionKind) {
  const [row] = await db
    .select({ last: max(dimensionValues.position) })
    .from(dimensionValues)
    .where(eq(dimensionValues.kind, kind));
  return row?.last === null || row?.last === undefined ? 0 : row.last + 1;
}

export async function insertValue(db: Executor, values: DimensionInsert) {
  const [row] = await db.insert(dimensionValues).values(values).returning();
  return row!;
}

export async function updateValue(db: Executor, id: string, version: number, values: Partial<DimensionInsert>) {
  const [row] = await db
    .update(dimensionValues)
    .set({ ...values, updatedAt: sql`now()`, version: sql`${dimensionValues.version} + 1` })
    .where(and(eq(dimensionValues.id, id), eq(dimensionValues.version, version)))
    .returning();
  return row;
}

export async function deleteValue(db: Executor, id: string) {
  await db.delete(dimensionValues).where(eq(dimensionValues.id, id));
}

/** Every value of one kind, locked in id order (a reorder and an edit of the same list queue). */
export async function lockKind(db: Executor, kind: DimensionKind) {
  return db.select().from(dimensionValues).where(eq(dimensionValues.kind, kind)).orderBy(asc(dimensionValues.id)).for("update");
}

/** Sets the position of the values whose position changes (each row audited, its version bumped). */
export async function setPositions(db: Executor, positions: { id: string; position: number }[]) {
  const rows: DimensionRow[] = [];
  for (const { id, position } of positions) {
    const [row] = await db
      .update(dimensionValues)
      .set({ position, updatedAt: sql`now()`, version: sql`${dimensionValues.version} + 1` })
      .where(eq(dimensionValues.id, id))
      .returning();
    if (row) rows.push(row);
  }
  return rows;
}

/** Where records hold a key of each kind: the columns a value in use is found in. */
const holders: Record<DimensionKind, { table: typeof companies | typeof contacts; column: AnyPgColumn }[]> = {
  line_of_business: [{ table: companies, column: companies.lineOfBusiness }],
  client_unit: [
    { table: companies, column: companies.clientUnit },
    { table: contacts, column: contacts.clientUnit },
  ],
  function: [{ table: contacts, column: contacts.function }],
  region: [],
};

/** How many records hold this key (companies and contacts); regions are held by none. */
export async function countHolders(db: Executor, kind: DimensionKind, key: string) {
  let total = 0;
  for (const { table, column } of holders[kind]) {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(table)
      .where(eq(column, key));
    total += row?.n ?? 0;
  }
  return total;
}

/**
 * A condition on a country column: the country is one of the countries of these regions
 * (archived regions too: filtering by what a record is, not by what may be chosen).
 */
export function inRegions(countryColumn: AnyPgColumn | SQL, regionKeys: string[]): SQL {
  if (regionKeys.length === 0) return sql`false`;
  return sql`${countryColumn} IN (SELECT unnest(${dimensionValues.countries}) FROM ${dimensionValues}
    WHERE ${dimensionValues.kind} = 'region' AND ${inArray(dimensionValues.key, regionKeys)})`;
}
