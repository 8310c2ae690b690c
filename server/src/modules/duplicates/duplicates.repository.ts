import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { companies, contactPoints, contactRoles, contacts } from "../../db/schema";
import type { Tx } from "../../platform/events/unit-of-work";
import type { Actor } from "../../platform/access/actor";
import { accessCondition } from "../../platform/access/policy";
import type { ContactPoint } from "./normalize";

type Executor = Db | Tx;
export type PointObject = "company" | "contact";

/**
 * Name similarity (pg_trgm, 0–1) from which two names count as the same: "Ericson" ≈ "Ericsson"
 * (0.7) but "volvo cars" ≠ "volvo trucks" (0.33) and "nordic consulting" ≠ "baltic consulting"
 * (0.55). The `%` operator is set to it while matching, so the trigram index finds just these rows.
 */
export const nameThreshold = 0.6;

/**
 * Runs `work` with `%` at `nameThreshold`, so the trigram index itself leaves out the weak
 * matches instead of handing thousands of them over to be compared one by one. The setting is
 * local to a transaction (a savepoint inside the caller's) and put back afterwards.
 */
async function withNameThreshold<T>(db: Executor, work: (tx: Executor) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const result = await tx.execute<{ previous: string | null }>(
      sql`SELECT current_setting('pg_trgm.similarity_threshold', true) AS previous,
                 set_config('pg_trgm.similarity_threshold', ${String(nameThreshold)}, true)`,
    );
    const value = await work(tx);
    const previous = result.rows[0]?.previous || "0.3";
    await tx.execute(sql`SELECT set_config('pg_trgm.similarity_threshold', ${previous}, true)`);
    return value;
  });
}

const companyAccess = {
  ownerId: companies.ownerId,
  teamId: companies.teamId,
  orgUnitId: companies.orgUnitId,
  securityLevel: companies.securityLevel,
};

/** The points of many records as one parameter (a JSON recordset): one statement per batch, whatever its size. */
const pointRecordset = (records: readonly { recordId: string; points: readonly ContactPoint[] }[]) =>
  sql`jsonb_to_recordset(${JSON.stringify(
    records.flatMap(({ recordId, points }) => points.map((point) => ({ record_id: recordId, kind: point.kind, value: point.value }))),
  )}::jsonb) AS r(record_id uuid, kind text, value text)`;

/**
 * Makes the stored contact points of each record exactly its `points`, touching only what
 * changed: one record after a save, or a whole chunk of an import, in two statements.
 */
export async function replaceContactPoints(
  tx: Executor,
  object: PointObject,
  records: readonly { recordId: string; points: readonly ContactPoint[] }[],
) {
  if (records.length === 0) return;
  await tx.execute(sql`
    DELETE FROM ${contactPoints} p
     WHERE p.object = ${object} AND p.record_id = ANY(${sql.param(records.map((record) => record.recordId))}::uuid[])
       AND NOT EXISTS (SELECT 1 FROM ${pointRecordset(records)} WHERE r.record_id = p.record_id AND r.kind = p.kind AND r.value = p.value)`);
  await addContactPoints(tx, object, records);
}

/** Makes the stored contact points of a record exactly `points`, touching only what changed. */
export async function syncContactPoints(tx: Executor, object: PointObject, recordId: string, points: readonly ContactPoint[]) {
  await replaceContactPoints(tx, object, [{ recordId, points }]);
}

/**
 * Adds points to many records in one statement (imports, merges); points a record already holds
 * are skipped. Nothing is removed: for records' complete sets use `replaceContactPoints`.
 */
export async function addContactPoints(
  tx: Executor,
  object: PointObject,
  records: readonly { recordId: string; points: readonly ContactPoint[] }[],
) {
  if (!records.some((record) => record.points.length > 0)) return;
  await tx.execute(sql`
    INSERT INTO ${contactPoints} (object, record_id, kind, value)
    SELECT ${object}, r.record_id, r.kind, r.value FROM ${pointRecordset(records)}
    ON CONFLICT DO NOTHING`);
}

export async function deleteContactPoints(tx: Executor, object: PointObject, recordId: string) {
  await tx.delete(contactPoints).where(and(eq(contactPoints.object, object), eq(contactPoints.recordId, recordId)));
}

/** Records of `object` holding any of `points`, as (record id, kind) pairs. */
const pointMatches = (object: PointObject, points: readonly ContactPoint[]): SQL =>
  points.length === 0
    ? sql`SELECT NULL::uuid AS id, NULL::text AS kind WHERE false`
    : sql`SELECT record_id AS id, kind FROM ${contactPoints}
          WHERE object = ${object} AND (kind, value) IN (${sql.join(
            points.map((point) => sql`(${point.kind}, ${point.value})`),
            sql`, `,
          )})`;

export type CandidateRow = { id: string; name: string; companyName: string | null; nameScore: number; kinds: string[] };

/**
 * Companies the actor may read whose name key is similar to `name`'s, or that share a contact
 * point. `nameScore` is the similarity of the keys (0 without a name).
 */
export async function companyCandidates(
  db: Executor,
  actor: Actor,
  input: { name: string | null; points: readonly ContactPoint[]; excludeId: string | null; limit: number },
): Promise<CandidateRow[]> {
  const key = sql`relata_company_key(${input.name ?? ""})`;
  // The exact key is matched too: names without Latin letters (CJK) have no trigrams under the C locale.
  const byName = input.name
    ? sql`SELECT id, NULL::text AS kind FROM ${companies}
          WHERE ${key} <> '' AND ((name_key % ${key} AND similarity(name_key, ${key}) >= ${nameThreshold}) OR name_key = ${key})`
    : sql`SELECT NULL::uuid AS id, NULL::text AS kind WHERE false`;
  const nameScore = input.name
    ? sql`CASE WHEN ${companies.nameKey} = ${key} THEN 1 ELSE similarity(${companies.nameKey}, ${key}) END`
    : sql`0`;
  const result = await withNameThreshold(db, (tx) =>
    tx.execute<{ id: string; name: string; name_score: number; kinds: string[] }>(sql`
    WITH matched AS (${byName} UNION ALL ${pointMatches("company", input.points)})
    SELECT ${companies.id} AS id, ${companies.name} AS name, (${nameScore})::float8 AS name_score,
           coalesce(array_agg(DISTINCT m.kind) FILTER (WHERE m.kind IS NOT NULL), '{}') AS kinds
    FROM matched m
    JOIN ${companies} ON ${companies.id} = m.id
    WHERE ${accessCondition(actor, "company", "read", companyAccess)}
      ${input.excludeId ? sql`AND ${companies.id} <> ${input.excludeId}` : sql``}
    GROUP BY ${companies.id}
    ORDER BY bool_or(m.kind IS NOT NULL) DESC, name_score DESC, ${companies.name}, ${companies.id}
    LIMIT ${input.limit}`),
  );
  return result.rows.map((row) => ({
    id: row.id,
    name: row.name,
    companyName: row.name,
    nameScore: Number(row.name_score),
    kinds: row.kinds,
  }));
}

/**
 * Contacts the actor may read (through their primary company) whose name is similar to
 * `fullName` at `companyId` (primary company or another role there), or that share an email or
 * phone anywhere. `nameScore` is the similarity of the folded full names.
 */
export async function contactCandidates(
  db: Executor,
  actor: Actor,
  input: { fullName: string | null; companyId: string | null; points: readonly ContactPoint[]; excludeId: string | null; limit: number },
): Promise<CandidateRow[]> {
  const key = sql`relata_fold(btrim(${input.fullName ?? ""}))`;
  // Two index paths (primary company, other roles there), each narrowing to a few rows before names are compared.
  const similar = sql`${key} <> '' AND ((k.name_key % ${key} AND similarity(k.name_key, ${key}) >= ${nameThreshold}) OR k.name_key = ${key})`;
  const byName =
    input.fullName && input.companyId
      ? sql`SELECT k.id, NULL::text AS kind FROM ${contacts} k WHERE k.company_id = ${input.companyId} AND ${similar}
            UNION ALL
            SELECT k.id, NULL::text FROM ${contactRoles} r JOIN ${contacts} k ON k.id = r.contact_id
            WHERE r.company_id = ${input.companyId} AND ${similar}`
      : sql`SELECT NULL::uuid AS id, NULL::text AS kind WHERE false`;
  const nameScore = input.fullName
    ? sql`CASE WHEN ${contacts.nameKey} = ${key} THEN 1 ELSE similarity(${contacts.nameKey}, ${key}) END`
    : sql`0`;
  const result = await withNameThreshold(db, (tx) =>
    tx.execute<{ id: string; name: string; company_name: string; name_score: number; kinds: string[] }>(sql`
    WITH matched AS (${byName} UNION ALL ${pointMatches("contact", input.points)})
    SELECT ${contacts.id} AS id, btrim(${contacts.firstName} || ' ' || ${contacts.lastName}) AS name, ${companies.name} AS company_name,
           (${nameScore})::float8 AS name_score,
           coalesce(array_agg(DISTINCT m.kind) FILTER (WHERE m.kind IS NOT NULL), '{}') AS kinds
    FROM matched m
    JOIN ${contacts} ON ${contacts.id} = m.id
    JOIN ${companies} ON ${companies.id} = ${contacts.companyId}
    WHERE ${accessCondition(actor, "contact", "read", companyAccess)}
      ${input.excludeId ? sql`AND ${contacts.id} <> ${input.excludeId}` : sql``}
    GROUP BY ${contacts.id}, ${companies.id}
    ORDER BY bool_or(m.kind IS NOT NULL) DESC, name_score DESC, name, ${contacts.id}
    LIMIT ${input.limit}`),
  );
  return result.rows.map((row) => ({
    id: row.id,
    name: row.name,
    companyName: row.company_name,
    nameScore: Number(row.name_score),
    kinds: row.kinds,
  }));
}

/** The country of a company (the default for national phone numbers of its contacts). */
export async function companyCountry(db: Executor, companyId: string): Promise<string | null> {
  const [row] = await db.select({ country: companies.country }).from(companies).where(eq(companies.id, companyId));
  return row?.country ?? null;
}
