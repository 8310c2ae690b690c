/**
 * The SQL of the rollup mechanism: the closure of the company tree, own figures and subtree
 * totals. Every write here is incremental (a delta or a subtree's rows), never a rebuild.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/connection";
import type { Tx } from "../events/unit-of-work";
import { isZeroDecimal } from "@relata/contracts";

export type Executor = Db | Tx;

export const uuidArray = (ids: readonly string[]) => sql`${sql.param([...ids])}::uuid[]`;

/** A company and its descendants, as a one-column (id) row source. */
export const subtreeOf = (companyId: string): SQL =>
  sql`(SELECT ${companyId}::uuid AS id UNION ALL SELECT descendant_id FROM company_tree WHERE ancestor_id = ${companyId}::uuid)`;

/** A company and its ancestors, as a one-column (id) row source. */
export const selfAndAncestorsOf = (companyId: string): SQL =>
  sql`(SELECT ${companyId}::uuid AS id UNION ALL SELECT ancestor_id FROM company_tree WHERE descendant_id = ${companyId}::uuid)`;

/** The ancestors of a company, nearest first. */
export async function ancestorIds(db: Executor, companyId: string): Promise<string[]> {
  const result = await db.execute<{ id: string }>(
    sql`SELECT ancestor_id AS id FROM company_tree WHERE descendant_id = ${companyId}::uuid ORDER BY depth`,
  );
  return result.rows.map((row) => row.id);
}

/** The descendants of a company (any depth), nearest first. */
export async function descendantIds(db: Executor, companyId: string): Promise<string[]> {
  const result = await db.execute<{ id: string }>(
    sql`SELECT descendant_id AS id FROM company_tree WHERE ancestor_id = ${companyId}::uuid ORDER BY depth, descendant_id`,
  );
  return result.rows.map((row) => row.id);
}

/** The root of the tree holding the company (the company itself when it has no parent). */
export async function rootOf(db: Executor, companyId: string): Promise<string> {
  const result = await db.execute<{ id: string }>(
    sql`SELECT ancestor_id AS id FROM company_tree WHERE descendant_id = ${companyId}::uuid ORDER BY depth DESC LIMIT 1`,
  );
  return result.rows[0]?.id ?? companyId;
}

/** Is `candidate` the company itself or one of its descendants? */
export async function isInSubtree(db: Executor, companyId: string, candidate: string): Promise<boolean> {
  if (companyId === candidate) return true;
  const result = await db.execute<{ found: boolean }>(
    sql`SELECT EXISTS (SELECT 1 FROM company_tree WHERE ancestor_id = ${companyId}::uuid AND descendant_id = ${candidate}::uuid) AS found`,
  );
  return result.rows[0]!.found;
}

/**
 * Takes the subtree of `companyId` out of its ancestors: its totals leave every ancestor's
 * rollups, and the closure rows linking the ancestors to the subtree go.
 */
export async function detachSubtree(tx: Tx, companyId: string): Promise<void> {
  await tx.execute(sql`
    INSERT INTO company_rollups (company_id, key, value)
    SELECT t.ancestor_id, r.key, -r.value
      FROM company_tree t JOIN company_rollups r ON r.company_id = t.descendant_id
     WHERE t.descendant_id = ${companyId}::uuid AND r.value <> 0
    ON CONFLICT (company_id, key) DO UPDATE SET value = company_rollups.value + excluded.value`);
  await tx.execute(sql`
    DELETE FROM company_tree
     WHERE ancestor_id IN (SELECT ancestor_id FROM company_tree WHERE descendant_id = ${companyId}::uuid)
       AND descendant_id IN ${subtreeOf(companyId)}`);
}

/**
 * Hangs the subtree of `companyId` (which has no parent now) under `parentId`: closure rows
 * from the parent and its ancestors to every company of the subtree, and the subtree's totals
 * added to the parent's and its ancestors' rollups.
 */
export async function attachSubtree(tx: Tx, companyId: string, parentId: string): Promise<void> {
  await tx.execute(sql`
    INSERT INTO company_tree (ancestor_id, descendant_id, depth)
    SELECT above.ancestor_id, below.descendant_id, above.depth + below.depth + 1
      FROM (SELECT ${parentId}::uuid AS ancestor_id, 0 AS depth
            UNION ALL SELECT ancestor_id, depth FROM company_tree WHERE descendant_id = ${parentId}::uuid) above
     CROSS JOIN (SELECT ${companyId}::uuid AS descendant_id, 0 AS depth
            UNION ALL SELECT descendant_id, depth FROM company_tree WHERE ancestor_id = ${companyId}::uuid) below`);
  await tx.execute(sql`
    INSERT INTO company_rollups (company_id, key, value)
    SELECT above.id, r.key, r.value
      FROM ${selfAndAncestorsOf(parentId)} above CROSS JOIN company_rollups r
     WHERE r.company_id = ${companyId}::uuid AND r.value <> 0
    ON CONFLICT (company_id, key) DO UPDATE SET value = company_rollups.value + excluded.value`);
}

/**
 * Adds `delta` (company → amount) to the own figure `key` of each company and to the rollups of
 * each company and all its ancestors. Returns the companies whose rollups changed.
 */
export async function applyDeltas(tx: Tx, key: string, deltas: ReadonlyMap<string, number | string>): Promise<string[]> {
  const entries = [...deltas].filter(([, delta]) => !isZeroDecimal(delta));
  if (entries.length === 0) return [];
  const ids = entries.map(([id]) => id);
  const amounts = entries.map(([, delta]) => String(delta));
  const changes = sql`(SELECT * FROM unnest(${uuidArray(ids)}, ${sql.param(amounts)}::numeric[]) AS d(company_id, delta))`;
  await tx.execute(sql`
    INSERT INTO company_figures (company_id, key, value)
    SELECT company_id, ${key}, delta FROM ${changes} d
    ON CONFLICT (company_id, key) DO UPDATE SET value = company_figures.value + excluded.value`);
  // Rows are touched in company order so concurrent writers queue instead of deadlocking.
  const touched = await tx.execute<{ company_id: string }>(sql`
    INSERT INTO company_rollups (company_id, key, value)
    SELECT target, ${key}, sum(delta) FROM (
      SELECT d.company_id AS target, d.delta FROM ${changes} d
      UNION ALL
      SELECT t.ancestor_id, d.delta FROM ${changes} d JOIN company_tree t ON t.descendant_id = d.company_id
    ) spread
    GROUP BY target ORDER BY target
    ON CONFLICT (company_id, key) DO UPDATE SET value = company_rollups.value + excluded.value
    RETURNING company_id`);
  return touched.rows.map((row) => row.company_id);
}

/** Locks and reads the stored own values of `key` for these companies (missing rows are 0). */
export async function lockOwnValues(tx: Tx, key: string, companyIds: readonly string[]): Promise<Map<string, string>> {
  await tx.execute(sql`
    INSERT INTO company_figures (company_id, key, value)
    SELECT id, ${key}, 0 FROM unnest(${uuidArray(companyIds)}) AS id ORDER BY id
    ON CONFLICT (company_id, key) DO NOTHING`);
  const result = await tx.execute<{ company_id: string; value: string }>(sql`
    SELECT company_id, value FROM company_figures
     WHERE key = ${key} AND company_id = ANY(${uuidArray(companyIds)})
     ORDER BY company_id FOR UPDATE`);
  return new Map(result.rows.map((row) => [row.company_id, row.value]));
}

/** A company's own values of every figure. */
export async function ownValues(db: Executor, companyId: string): Promise<Map<string, string>> {
  const result = await db.execute<{ key: string; value: string }>(
    sql`SELECT key, value::text FROM company_figures WHERE company_id = ${companyId}::uuid AND value <> 0`,
  );
  return new Map(result.rows.map((row) => [row.key, row.value]));
}

/** Removes a company's figure rows (its own and its totals); only for a company that is out of the tree and whose values moved elsewhere or are zero. */
export async function deleteFigureRows(tx: Tx, companyId: string): Promise<void> {
  await tx.execute(sql`DELETE FROM company_figures WHERE company_id = ${companyId}::uuid`);
  await tx.execute(sql`DELETE FROM company_rollups WHERE company_id = ${companyId}::uuid`);
}

/** Takes a company out of the closure entirely (it must have no descendants left). */
export async function deleteTreeRows(tx: Tx, companyId: string): Promise<void> {
  await tx.execute(sql`DELETE FROM company_tree WHERE ancestor_id = ${companyId}::uuid OR descendant_id = ${companyId}::uuid`);
}

export type Drift = { companyId: string; key: string; stored: string; expected: string };

/** Own figures of `key` that differ from a full recomputation (company → expected value). */
export async function ownFigureDrift(db: Executor, key: string, expected: ReadonlyMap<string, number | string>): Promise<Drift[]> {
  const ids = [...expected.keys()];
  const values = ids.map((id) => String(expected.get(id)));
  const result = await db.execute<Drift>(sql`
    SELECT coalesce(f.company_id, e.company_id) AS "companyId", ${key} AS key,
           coalesce(f.value, 0)::text AS stored, coalesce(e.value, 0)::text AS expected
      FROM (SELECT company_id, value FROM company_figures WHERE key = ${key}) f
      FULL JOIN (SELECT * FROM unnest(${uuidArray(ids)}, ${sql.param(values)}::numeric[]) AS e(company_id, value)) e
        ON e.company_id = f.company_id
     WHERE coalesce(f.value, 0) <> coalesce(e.value, 0)
     ORDER BY 1 LIMIT 100`);
  return result.rows;
}

/** Rollups that differ from own figures summed over the closure. */
export async function rollupDrift(db: Executor): Promise<Drift[]> {
  const result = await db.execute<Drift>(sql`
    WITH expected AS (
      SELECT company_id, key, sum(value) AS value FROM (
        SELECT company_id, key, value FROM company_figures
        UNION ALL
        SELECT t.ancestor_id, f.key, f.value FROM company_tree t JOIN company_figures f ON f.company_id = t.descendant_id
      ) spread GROUP BY company_id, key
    )
    SELECT coalesce(r.company_id, e.company_id) AS "companyId", coalesce(r.key, e.key) AS key,
           coalesce(r.value, 0)::text AS stored, coalesce(e.value, 0)::text AS expected
      FROM company_rollups r FULL JOIN expected e ON e.company_id = r.company_id AND e.key = r.key
     WHERE coalesce(r.value, 0) <> coalesce(e.value, 0)
     ORDER BY 1, 2 LIMIT 100`);
  return result.rows;
}

/** Serializes tree changes (exclusive) against figure changes (shared); see `lockTree`. */
export async function lockTreeRows(tx: Tx, mode: "shared" | "exclusive"): Promise<void> {
  // (The audit chain's lock is taken only at commit, after every other lock: migrations/0014.)
  await tx.execute(
    mode === "exclusive"
      ? sql`SELECT pg_advisory_xact_lock(hashtext('relata.company_tree'))`
      : sql`SELECT pg_advisory_xact_lock_shared(hashtext('relata.company_tree'))`,
  );
}
