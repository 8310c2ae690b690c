import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { companies, companyLinks, users } from "../../db/schema";
import type { Tx } from "../../platform/events/unit-of-work";
import type { Actor } from "../../platform/access/actor";
import { accessCondition, type RecordAccess } from "../../platform/access/policy";
import { subtreeOf, uuidArray } from "../../platform/rollups";
import { companyAccessColumns, visibleCompanies } from "../companies";

type Executor = Db | Tx;
export type LinkRow = typeof companyLinks.$inferSelect;
export type LinkInsert = typeof companyLinks.$inferInsert;

// ─── links ───────────────────────────────────────────────────────────────────

/** The calendar day links are judged by (the database's). */
export async function today(db: Executor): Promise<string> {
  const result = await db.execute<{ today: string }>(sql`SELECT current_date::text AS today`);
  return result.rows[0]!.today;
}

export async function currentLink(db: Executor, companyId: string): Promise<LinkRow | undefined> {
  const [row] = await db
    .select()
    .from(companyLinks)
    .where(and(eq(companyLinks.companyId, companyId), eq(companyLinks.current, true)));
  return row;
}

/** The company's parent version: the highest version of its links (every change raises it), 0 without any. */
export async function parentVersion(db: Executor, companyId: string): Promise<number> {
  const result = await db.execute<{ version: number }>(
    sql`SELECT coalesce(max(version), 0)::int AS version FROM ${companyLinks} WHERE company_id = ${companyId}::uuid`,
  );
  return result.rows[0]!.version;
}

export type LinkView = LinkRow & { parentName: string | null; createdByName: string | null };

const companyLinksColumns = {
  id: companyLinks.id,
  companyId: companyLinks.companyId,
  parentId: companyLinks.parentId,
  relation: companyLinks.relation,
  share: companyLinks.share,
  validFrom: companyLinks.validFrom,
  validTo: companyLinks.validTo,
  current: companyLinks.current,
  createdBy: companyLinks.createdBy,
  createdAt: companyLinks.createdAt,
  updatedAt: companyLinks.updatedAt,
  version: companyLinks.version,
};

/** Links as the actor sees them: the parent's name only where the actor may read the parent. */
const linkViews = (db: Executor, actor: Actor) =>
  db
    .select({
      ...companyLinksColumns,
      parentName: sql<string | null>`CASE WHEN ${visibleCompanies(actor)} THEN ${companies.name} END`,
      createdByName: users.name,
    })
    .from(companyLinks)
    .leftJoin(companies, eq(companies.id, companyLinks.parentId))
    .leftJoin(users, eq(users.id, companyLinks.createdBy));

/** A company's links, current first, then newest first. */
export async function linksOf(db: Executor, actor: Actor, companyId: string): Promise<LinkView[]> {
  return linkViews(db, actor)
    .where(eq(companyLinks.companyId, companyId))
    .orderBy(desc(companyLinks.current), desc(companyLinks.validFrom), desc(companyLinks.version));
}

export async function linkView(db: Executor, actor: Actor, linkId: string): Promise<LinkView | undefined> {
  const [row] = await linkViews(db, actor).where(eq(companyLinks.id, linkId));
  return row;
}

export async function insertLink(tx: Tx, values: LinkInsert): Promise<LinkRow> {
  const [row] = await tx.insert(companyLinks).values(values).returning();
  return row!;
}

export async function updateLink(tx: Tx, id: string, values: Partial<LinkInsert>): Promise<LinkRow> {
  const [row] = await tx
    .update(companyLinks)
    .set({ ...values, version: sql`${companyLinks.version} + 1`, updatedAt: sql`now()` })
    .where(eq(companyLinks.id, id))
    .returning();
  return row!;
}

/** Current links whose end date has come (the daily job and every tree change end them). */
export async function expiredLinks(tx: Tx): Promise<LinkRow[]> {
  return tx
    .select()
    .from(companyLinks)
    .where(and(eq(companyLinks.current, true), sql`${companyLinks.validTo} <= current_date`))
    .orderBy(companyLinks.id);
}

/** The current links of a company's children. */
export async function childLinks(db: Executor, parentId: string): Promise<LinkRow[]> {
  return db
    .select()
    .from(companyLinks)
    .where(and(eq(companyLinks.parentId, parentId), eq(companyLinks.current, true)))
    .orderBy(companyLinks.companyId);
}

/** A merge: ended links that pointed to the merged-away company now point to the company it went into (but never a company to itself). */
export async function repointEndedLinks(tx: Tx, fromId: string, toId: string): Promise<void> {
  await tx.execute(sql`DELETE FROM ${companyLinks} WHERE parent_id = ${fromId}::uuid AND company_id = ${toId}::uuid AND NOT current`);
  await tx.execute(sql`
    UPDATE ${companyLinks} SET parent_id = ${toId}::uuid, version = version + 1, updated_at = now()
     WHERE parent_id = ${fromId}::uuid AND NOT current`);
}

/** Every link of a company that no longer exists: its own and those that pointed to it. */
export async function deleteLinksOf(tx: Tx, companyId: string): Promise<void> {
  await tx.execute(sql`DELETE FROM ${companyLinks} WHERE company_id = ${companyId}::uuid OR parent_id = ${companyId}::uuid`);
}

// ─── companies as the tree sees them ─────────────────────────────────────────

export type CompanyBrief = RecordAccess & { id: string; name: string };

const briefColumns = {
  id: companies.id,
  name: companies.name,
  ownerId: companies.ownerId,
  teamId: companies.teamId,
  orgUnitId: companies.orgUnitId,
  securityLevel: companies.securityLevel,
};

/** A company the actor may read (undefined: missing or hidden alike). */
export async function findReadable(db: Executor, actor: Actor, id: string): Promise<CompanyBrief | undefined> {
  const [row] = await db
    .select(briefColumns)
    .from(companies)
    .where(and(eq(companies.id, id), visibleCompanies(actor)));
  return row;
}

/** Who may see these companies (for events about them). */
export async function accessOf(db: Executor, ids: readonly string[]): Promise<CompanyBrief[]> {
  if (ids.length === 0) return [];
  return db
    .select(briefColumns)
    .from(companies)
    .where(sql`${companies.id} = ANY(${uuidArray(ids)})`);
}

/** Every company of the group holding the company: the root, then the root's descendants. */
export async function groupMembers(db: Executor, companyId: string): Promise<string[]> {
  const result = await db.execute<{ id: string }>(sql`
    WITH root AS (
      SELECT coalesce((SELECT ancestor_id FROM company_tree WHERE descendant_id = ${companyId}::uuid ORDER BY depth DESC LIMIT 1),
                      ${companyId}::uuid) AS id)
    SELECT id FROM root
    UNION ALL
    SELECT t.descendant_id FROM company_tree t JOIN root ON t.ancestor_id = root.id`);
  return result.rows.map((row) => row.id);
}

// ─── the integrated view ─────────────────────────────────────────────────────

/** How many companies the subtree of `companyId` holds, and how many of them the actor may read. */
export async function subtreeVisibility(db: Executor, actor: Actor, companyId: string): Promise<{ total: number; visible: number }> {
  const result = await db.execute<{ total: number; visible: number }>(sql`
    SELECT count(*)::int AS total, (count(*) FILTER (WHERE ${visibleCompanies(actor)}))::int AS visible
      FROM ${subtreeOf(companyId)} sub JOIN ${companies} ON ${companies.id} = sub.id`);
  return result.rows[0]!;
}

export type KeyValue = { key: string; value: string };

/** The stored totals of a company (its whole subtree). */
export async function rollupValues(db: Executor, companyId: string): Promise<KeyValue[]> {
  const result = await db.execute<KeyValue>(
    sql`SELECT key, value::text FROM company_rollups WHERE company_id = ${companyId}::uuid AND value <> 0`,
  );
  return result.rows;
}

/** The own values summed over the subtree's companies the actor may read (scoped in SQL, through the closure). */
export async function visibleSubtreeSums(db: Executor, actor: Actor, companyId: string): Promise<KeyValue[]> {
  const result = await db.execute<KeyValue>(sql`
    SELECT f.key, sum(f.value)::text AS value
      FROM ${subtreeOf(companyId)} sub
      JOIN ${companies} ON ${companies.id} = sub.id
      JOIN company_figures f ON f.company_id = sub.id
     WHERE ${visibleCompanies(actor)} AND f.value <> 0
     GROUP BY f.key`);
  return result.rows;
}

export async function ownValues(db: Executor, companyId: string): Promise<KeyValue[]> {
  const result = await db.execute<KeyValue>(
    sql`SELECT key, value::text FROM company_figures WHERE company_id = ${companyId}::uuid AND value <> 0`,
  );
  return result.rows;
}

// ─── the structure chart ─────────────────────────────────────────────────────

export type StructureRow = {
  id: string;
  name: string;
  country: string | null;
  stage: string;
  grade: string | null;
  lineOfBusiness: string | null;
  clientUnit: string | null;
  /** Visible ancestors (0: a top node). */
  level: number;
  /** The nearest visible ancestor and how many levels up it is. */
  parentId: string | null;
  distance: number | null;
  relation: string | null;
  share: string | null;
};

/** The group's companies the actor may read (every column from SQL: a hidden company's data never leaves the database). */
const visibleMembers = (actor: Actor, rootId: string) => sql`
  members AS (SELECT id FROM ${subtreeOf(rootId)} sub),
  visible AS (SELECT ${companies.id} AS id FROM ${companies} JOIN members m ON m.id = ${companies.id} WHERE ${visibleCompanies(actor)})`;

/**
 * One row per visible company of the group under `rootId`, with its nearest visible ancestor
 * (through the closure) and its current link. Upper levels first; at most `limit` rows.
 */
export async function structureRows(db: Executor, actor: Actor, rootId: string, limit: number): Promise<StructureRow[]> {
  const result = await db.execute<StructureRow>(sql`
    WITH ${visibleMembers(actor, rootId)},
    up AS (
      SELECT t.descendant_id AS id, t.ancestor_id, t.depth
        FROM company_tree t JOIN visible va ON va.id = t.ancestor_id JOIN visible vd ON vd.id = t.descendant_id),
    nearest AS (SELECT DISTINCT ON (id) id, ancestor_id, depth FROM up ORDER BY id, depth),
    levels AS (SELECT id, count(*)::int AS n FROM up GROUP BY id)
    SELECT ${companies.id} AS id, ${companies.name} AS name, ${companies.country} AS country, ${companies.stage} AS stage,
           coalesce(${companies.gradeOverride}, ${companies.grade}) AS grade,
           ${companies.lineOfBusiness} AS "lineOfBusiness", ${companies.clientUnit} AS "clientUnit",
           coalesce(lv.n, 0) AS level, n.ancestor_id AS "parentId", n.depth AS distance,
           l.relation, l.share::text AS share
      FROM visible v
      JOIN ${companies} ON ${companies.id} = v.id
      LEFT JOIN nearest n ON n.id = v.id
      LEFT JOIN levels lv ON lv.id = v.id
      LEFT JOIN ${companyLinks} l ON l.company_id = v.id AND l.current
     ORDER BY coalesce(lv.n, 0), ${companies.name}, ${companies.id}
     LIMIT ${limit}`);
  return result.rows;
}

export type NodeFigure = { companyId: string; key: string; own: string; total: string };

/**
 * Own values and totals of every visible company of the group. Totals are the stored rollups
 * when the actor sees the whole group; otherwise own values summed over each node's visible
 * descendants (closure pairs whose both ends the actor may read).
 */
export async function structureFigures(db: Executor, actor: Actor, rootId: string, wholeGroupVisible: boolean): Promise<NodeFigure[]> {
  const totals = wholeGroupVisible
    ? sql`SELECT r.company_id, r.key, r.value FROM company_rollups r JOIN visible v ON v.id = r.company_id WHERE r.value <> 0`
    : sql`SELECT pairs.ancestor_id AS company_id, f.key, sum(f.value) AS value
            FROM (SELECT id AS ancestor_id, id AS descendant_id FROM visible
                  UNION ALL
                  SELECT t.ancestor_id, t.descendant_id
                    FROM company_tree t JOIN visible va ON va.id = t.ancestor_id JOIN visible vd ON vd.id = t.descendant_id) pairs
            JOIN company_figures f ON f.company_id = pairs.descendant_id
           WHERE f.value <> 0
           GROUP BY 1, 2`;
  const result = await db.execute<NodeFigure>(sql`
    WITH ${visibleMembers(actor, rootId)},
    totals AS (${totals}),
    own AS (SELECT f.company_id, f.key, f.value FROM company_figures f JOIN visible v ON v.id = f.company_id WHERE f.value <> 0)
    SELECT coalesce(t.company_id, o.company_id) AS "companyId", coalesce(t.key, o.key) AS key,
           coalesce(o.value, 0)::text AS own, coalesce(t.value, 0)::text AS total
      FROM totals t FULL JOIN own o ON o.company_id = t.company_id AND o.key = t.key`);
  return result.rows;
}

// ─── views by dimension ──────────────────────────────────────────────────────

export type CompanyDimension = "country" | "ownership" | "lineOfBusiness" | "clientUnit";
export type BucketRow = { bucket: string | null; label: string | null; members: number; key: string | null; value: string | null };

const shareBand = sql`CASE WHEN l.share IS NULL THEN 'unknown' WHEN l.share = 100 THEN 'full' WHEN l.share > 50 THEN 'majority' ELSE 'minority' END`;

function bucketOf(dimension: CompanyDimension, companyId: string): SQL {
  switch (dimension) {
    case "country":
      return sql`${companies.country}`;
    case "lineOfBusiness":
      return sql`${companies.lineOfBusiness}`;
    case "clientUnit":
      return sql`${companies.clientUnit}`;
    case "ownership":
      return sql`CASE WHEN ${companies.id} = ${companyId}::uuid THEN 'root' ELSE l.relation || '/' || ${shareBand} END`;
  }
}

/**
 * The subtree's companies the actor may read, grouped by a dimension: per group the number of
 * companies and the sum of their own values of each figure (one row per group and figure).
 */
export async function companyBuckets(db: Executor, actor: Actor, companyId: string, dimension: CompanyDimension): Promise<BucketRow[]> {
  const result = await db.execute<BucketRow>(sql`
    WITH members AS (
      SELECT ${companies.id} AS id, ${bucketOf(dimension, companyId)} AS bucket
        FROM ${subtreeOf(companyId)} sub
        JOIN ${companies} ON ${companies.id} = sub.id
        LEFT JOIN ${companyLinks} l ON l.company_id = sub.id AND l.current
       WHERE ${visibleCompanies(actor)}),
    counts AS (SELECT bucket, count(*)::int AS members FROM members GROUP BY bucket),
    sums AS (
      SELECT m.bucket, f.key, sum(f.value) AS value
        FROM members m JOIN company_figures f ON f.company_id = m.id
       WHERE f.value <> 0
       GROUP BY m.bucket, f.key)
    SELECT c.bucket, NULL::text AS label, c.members, s.key, s.value::text AS value
      FROM counts c LEFT JOIN sums s ON s.bucket IS NOT DISTINCT FROM c.bucket`);
  return result.rows;
}

/** The contacts of the subtree's companies that the actor may read contacts of. */
const readableContactCompanies = (actor: Actor, companyId: string) => sql`
  SELECT ${companies.id} AS id FROM ${subtreeOf(companyId)} sub JOIN ${companies} ON ${companies.id} = sub.id
   WHERE ${accessCondition(actor, "contact", "read", companyAccessColumns)}`;

/** The subtree's contacts counted by function. */
export async function contactsByFunction(db: Executor, actor: Actor, companyId: string): Promise<BucketRow[]> {
  const result = await db.execute<BucketRow>(sql`
    SELECT c.function AS bucket, NULL::text AS label, count(*)::int AS members, 'contacts' AS key, count(*)::text AS value
      FROM contacts c WHERE c.company_id IN (${readableContactCompanies(actor, companyId)})
     GROUP BY c.function`);
  return result.rows;
}

/** The subtree's contacts counted by reporting line: the person at the top of each reports-to chain. */
export async function contactsByReportingLine(db: Executor, actor: Actor, companyId: string): Promise<BucketRow[]> {
  const result = await db.execute<BucketRow>(sql`
    WITH RECURSIVE people AS (
      SELECT c.id, c.reports_to_id, btrim(c.first_name || ' ' || c.last_name) AS name
        FROM contacts c WHERE c.company_id IN (${readableContactCompanies(actor, companyId)})),
    lines (id, top, depth) AS (
      SELECT id, id, 0 FROM people WHERE reports_to_id IS NULL OR reports_to_id NOT IN (SELECT id FROM people)
      UNION ALL
      SELECT p.id, l.top, l.depth + 1 FROM people p JOIN lines l ON p.reports_to_id = l.id WHERE l.depth < 10000)
    SELECT l.top::text AS bucket, t.name AS label, count(*)::int AS members, 'contacts' AS key, count(*)::text AS value
      FROM lines l JOIN people t ON t.id = l.top
     GROUP BY l.top, t.name`);
  return result.rows;
}

// ─── the contacts figure ─────────────────────────────────────────────────────

/** Contacts per primary company: of these companies, or of every company that has any. */
export async function contactCounts(db: Executor, companyIds?: readonly string[]): Promise<Map<string, number>> {
  const only = companyIds ? sql`WHERE company_id = ANY(${uuidArray(companyIds)})` : sql``;
  const result = await db.execute<{ company_id: string; n: number }>(
    sql`SELECT company_id, count(*)::int AS n FROM contacts ${only} GROUP BY company_id`,
  );
  return new Map(result.rows.map((row) => [row.company_id, row.n]));
}

// ─── consistency (relata doctor) ─────────────────────────────────────────────

export type ClosureDrift = { ancestorId: string; descendantId: string; depth: number; problem: "missing" | "extra" };

/** The closure recomputed from the current links against `company_tree` (both ways); a cycle never ends the recursion early. */
export async function closureDrift(db: Executor): Promise<ClosureDrift[]> {
  const result = await db.execute<ClosureDrift>(sql`
    WITH RECURSIVE expected (ancestor_id, descendant_id, depth) AS (
      SELECT parent_id, company_id, 1 FROM ${companyLinks} WHERE current
      UNION ALL
      SELECT l.parent_id, e.descendant_id, e.depth + 1
        FROM expected e JOIN ${companyLinks} l ON l.company_id = e.ancestor_id AND l.current
       WHERE e.depth < 1000)
    SELECT ancestor_id AS "ancestorId", descendant_id AS "descendantId", depth, 'missing' AS problem
      FROM (SELECT * FROM expected EXCEPT SELECT ancestor_id, descendant_id, depth FROM company_tree) m
    UNION ALL
    SELECT ancestor_id, descendant_id, depth, 'extra'
      FROM (SELECT ancestor_id, descendant_id, depth FROM company_tree EXCEPT SELECT * FROM expected) x
    LIMIT 100`);
  return result.rows;
}
