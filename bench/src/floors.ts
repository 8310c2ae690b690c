// The bare SQL under each read workload: what the endpoint's repository code asks of PostgreSQL
// for the same answer, without HTTP, session, access rules, validation or JSON. The benchmark
// signs in as an administrator, whose access condition lets every row through, so leaving it
// out returns the same rows.
import type pg from "pg";
import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { searchLevels, searchTierCap } from "../../server/src/platform/search/search.index";
import { SearchTally } from "../../server/src/platform/search/search.registry";
import type { FloorUnit } from "./workloads/sql-floor";

const today = () => new Date().toISOString().slice(0, 10);
const yearAgo = () => new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);

/** `GET /api/companies/:id` (companies.repository `findVisible`): the row and its owner's name. */
export async function companyRow(client: pg.PoolClient, id: string) {
  const result = await client.query("SELECT c.*, o.name AS owner_name FROM companies c JOIN users o ON o.id = c.owner_id WHERE c.id = $1", [
    id,
  ]);
  if (result.rowCount !== 1) throw new Error("company not found");
}

/** `GET /api/companies/:id/stages` (`findVisible`, then `stageChanges`). */
async function stages(client: pg.PoolClient, id: string) {
  await client.query("SELECT id FROM companies WHERE id = $1", [id]);
  await client.query(
    `SELECT s.id, s.from_stage, s.to_stage, s.changed_at, s.changed_by, u.name AS changed_by_name
       FROM company_stage_changes s LEFT JOIN users u ON u.id = s.changed_by
      WHERE s.company_id = $1 ORDER BY s.changed_at, s.id`,
    [id],
  );
}

/** `GET /api/companies/:id/value` (value.service `clientValue` → `valueOf`, billing `receivableFacts`): every query it runs. */
async function value(client: pg.PoolClient, id: string) {
  const ids = [id];
  const [asOf, from] = [today(), yearAgo()];
  await client.query("SELECT id FROM companies WHERE id = $1", [id]);
  const money = await client.query<{ currency: string; revenue12m: string }>(
    `SELECT currency,
            coalesce(sum(amount) FILTER (WHERE booked_on > $2::date AND booked_on <= $3::date), 0)::text AS "revenue12m",
            coalesce(sum(amount) FILTER (WHERE booked_on <= $3::date), 0)::text AS lifetime,
            (sum(amount - cost) FILTER (WHERE cost IS NOT NULL AND booked_on > $2::date AND booked_on <= $3::date))::text AS margin,
            coalesce(sum(amount) FILTER (WHERE cost IS NOT NULL AND booked_on > $2::date AND booked_on <= $3::date), 0)::text AS costed
       FROM revenue_entries WHERE company_id = ANY($1::uuid[]) GROUP BY currency ORDER BY currency`,
    [ids, from, asOf],
  );
  await client.query(
    `SELECT min(booked_on)::text AS first, max(booked_on)::text AS last,
            count(DISTINCT coalesce(fulfilment_id::text, 'invoiced ' || booked_on)) FILTER (WHERE booked_on > $2::date)::int AS recent
       FROM revenue_entries
      WHERE company_id = ANY($1::uuid[]) AND booked_on <= $3::date AND credit_note_id IS NULL AND amount > 0`,
    [ids, from, asOf],
  );
  await client.query("SELECT * FROM invoices WHERE company_id = ANY($1::uuid[]) AND status IN ('issued', 'paid')", [ids]);
  await client.query("SELECT currency, sum(unapplied)::text AS total FROM payments WHERE company_id = ANY($1::uuid[]) GROUP BY currency", [
    ids,
  ]);
  await client.query("SELECT * FROM value_settings WHERE id = 1");
  // The peer rank, asked only when the company has revenue in the last 12 months.
  const primary = [...money.rows].sort((a, b) => Number(b.revenue12m) - Number(a.revenue12m))[0];
  if (primary && Number(primary.revenue12m) > 0) {
    await client.query(
      `WITH per AS (
         SELECT company_id, sum(amount) AS revenue FROM revenue_entries
          WHERE currency = $1 AND booked_on > $2::date AND booked_on <= $3::date
          GROUP BY company_id HAVING sum(amount) > 0)
       SELECT count(*) FILTER (WHERE revenue < $4::numeric)::int AS below, count(*)::int AS peers FROM per`,
      [primary.currency, from, asOf, primary.revenue12m],
    );
  }
}

/** The card's three requests, in the order the card workload cycles through them. */
export const cardSlots = ["GET /api/companies/:id", "GET /api/companies/:id/stages", "GET /api/companies/:id/value"] as const;

export function cardFloor(ids: string[]): FloorUnit {
  // Each connection walks card by card: company, stages, value of one id, then the next id.
  return async (client, n, slot) => {
    const id = ids[Math.floor(n / cardSlots.length) % ids.length]!;
    if (slot === 0) await companyRow(client, id);
    else if (slot === 1) await stages(client, id);
    else await value(client, id);
  };
}

/** The company list page (`listVisible` and `countVisible`): a page sorted by name and the total, filtered by country. */
export function listFloor(countries: string[], limit: number): FloorUnit {
  return async (client, n) => {
    const country = [countries[n % countries.length]!];
    await client.query(
      `SELECT c.*, o.name AS owner_name, c.name AS sort_key FROM companies c JOIN users o ON o.id = c.owner_id
        WHERE c.country = ANY($1::text[]) ORDER BY c.name, c.id LIMIT $2`,
      [country, limit + 1],
    );
    await client.query("SELECT count(*) FROM companies WHERE country = ANY($1::text[])", [country]);
  };
}

const searchObjects = ["company", "contact", "contract"] as const;
/**
 * Global search (`searchIndex` per kind of record), as the server asks it: the server's own levels
 * (`searchLevels`), each at most `searchTierCap` candidates, best first, until `limit` hits or
 * until a level could not place (`SearchTally`). The typo level is left out: the prefixes come
 * from real names, so a level before it finds them, and the server asks it only when nothing was
 * found.
 */
export function searchFloor(prefixes: string[], limit: number): FloorUnit {
  const dialect = new PgDialect();
  return async (client, n) => {
    const q = prefixes[n % prefixes.length]!;
    // One tally for the kinds, as the registry shares one among its providers.
    const tally = new SearchTally(limit);
    for (const object of searchObjects) {
      let found = 0;
      for (const level of searchLevels(q)) {
        if (found >= limit || level.fallback || tally.full(level.ceiling)) break;
        const query = dialect.sqlToQuery(
          sql`SELECT * FROM (
                SELECT record_id, company_id, title, subtitle, (${level.score})::float8 AS score
                  FROM search_entries WHERE object = ${object} AND ${level.match} LIMIT ${searchTierCap}) candidates
               ORDER BY score DESC, title, record_id LIMIT ${limit - found}`,
        );
        const rows = (await client.query<{ score: number }>(query.sql, query.params)).rows;
        tally.add(rows);
        found += rows.length;
      }
    }
  };
}

/** The integrated view (`integratedView`): readable check, subtree count, stored rollups, own figures. */
export function groupFloor(rootIds: string[]): FloorUnit {
  return async (client, n) => {
    const id = rootIds[n % rootIds.length]!;
    await client.query("SELECT id FROM companies WHERE id = $1", [id]);
    await client.query(
      `SELECT count(*)::int AS total FROM (SELECT $1::uuid AS id UNION ALL SELECT descendant_id FROM company_tree WHERE ancestor_id = $1::uuid) sub
         JOIN companies c ON c.id = sub.id`,
      [id],
    );
    await client.query("SELECT key, value::text FROM company_rollups WHERE company_id = $1::uuid AND value <> 0", [id]);
    await client.query("SELECT key, value::text FROM company_figures WHERE company_id = $1::uuid AND value <> 0", [id]);
  };
}
