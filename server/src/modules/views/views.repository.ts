import { and, asc, count, eq, ne, sql } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { savedViews } from "../../db/schema";
import type { Tx } from "../../platform/events/unit-of-work";

type Executor = Db | Tx;
export type SavedViewRow = typeof savedViews.$inferSelect;

/** A user's own views (of one list, or all), by name. Nobody reads another user's views. */
export async function listOwn(db: Executor, userId: string, object: string | undefined) {
  return db
    .select()
    .from(savedViews)
    .where(and(eq(savedViews.userId, userId), object !== undefined ? eq(savedViews.object, object) : undefined))
    .orderBy(asc(savedViews.object), asc(savedViews.name), asc(savedViews.id));
}

export async function findOwn(db: Executor, userId: string, id: string) {
  const [row] = await db
    .select()
    .from(savedViews)
    .where(and(eq(savedViews.id, id), eq(savedViews.userId, userId)));
  return row;
}

export async function countOwn(db: Executor, userId: string, object: string) {
  const [row] = await db
    .select({ n: count() })
    .from(savedViews)
    .where(and(eq(savedViews.userId, userId), eq(savedViews.object, object)));
  return Number(row?.n ?? 0);
}

/** Serializes one user's changes to their views of one list (the count limit, the one default). */
export async function lockOwnList(db: Executor, userId: string, object: string) {
  await db.execute(sql`SELECT pg_advisory_xact_lock(7270103, hashtext(${`${userId}:${object}`}))`);
}

/** Clears the user's current default of a list, except `keepId`. */
export async function clearDefault(db: Executor, userId: string, object: string, keepId?: string) {
  await db
    .update(savedViews)
    .set({ isDefault: false, updatedAt: sql`now()`, version: sql`${savedViews.version} + 1` })
    .where(
      and(
        eq(savedViews.userId, userId),
        eq(savedViews.object, object),
        eq(savedViews.isDefault, true),
        keepId ? ne(savedViews.id, keepId) : undefined,
      ),
    );
}

export async function insertView(db: Executor, values: typeof savedViews.$inferInsert) {
  const [row] = await db.insert(savedViews).values(values).returning();
  return row!;
}

export async function updateView(db: Executor, id: string, version: number, values: Partial<typeof savedViews.$inferInsert>) {
  const [row] = await db
    .update(savedViews)
    .set({ ...values, updatedAt: sql`now()`, version: sql`${savedViews.version} + 1` })
    .where(and(eq(savedViews.id, id), eq(savedViews.version, version)))
    .returning();
  return row;
}

export async function deleteView(db: Executor, id: string) {
  await db.delete(savedViews).where(eq(savedViews.id, id));
}
