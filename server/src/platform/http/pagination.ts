import { sql, type SQL } from "drizzle-orm";
import { listCountCap } from "@relata/contracts";
import { Validation } from "../errors";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** Checks of the values lists write into their cursors, for `decodeCursor`'s `accept`. */
export const cursorValue = {
  /** A row id. */
  id: (value: unknown): value is string => typeof value === "string" && uuidPattern.test(value),
  /** Text PostgreSQL can take (no NUL). */
  text: (value: unknown): value is string => typeof value === "string" && !value.includes("\u0000"),
  /** A UTC instant to the microsecond that is a real calendar time (PostgreSQL refuses 02-30 or 25:00). */
  instant: (value: unknown): value is string =>
    typeof value === "string" &&
    instantPattern.test(value) &&
    !value.startsWith("0000") &&
    new Date(value).toISOString().slice(0, 23) === value.slice(0, 23),
};

/** Opaque keyset cursors: the sort values of the last row, base64url JSON. `accept` checks their types. */
export function encodeCursor(values: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

export function decodeCursor(
  cursor: string | undefined,
  size: number,
  accept: (values: (string | number | null)[]) => boolean = () => true,
): (string | number | null)[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (
      Array.isArray(values) &&
      values.length === size &&
      values.every((v) => v === null || ["string", "number"].includes(typeof v)) &&
      accept(values)
    ) {
      return values as (string | number | null)[];
    }
  } catch {
    // fall through to the validation error
  }
  throw Validation([{ field: "cursor", message: "is not a cursor this list returned" }]);
}

/** Splits the `limit + 1` rows a query fetched into a page and the cursor of the next one. */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  present: (row: Row) => Item,
  cursorOf: (row: Row) => (string | number | null)[],
) {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return { items: pageRows.map(present), nextCursor: more && last !== undefined ? encodeCursor(cursorOf(last)) : null };
}

/**
 * A list's `total`: counted exactly up to `listCountCap`; past it, the planner's estimate of the
 * matching rows (never below the cap), marked `totalEstimated`. Counting every match of a broad
 * filter over a million companies is a scan of them all, for a number nobody needs to the unit.
 * `matches` selects one column of the matching rows, unordered.
 */
export async function cappedTotal(
  db: { execute: (query: SQL) => Promise<{ rows: unknown[] }> },
  matches: SQL,
): Promise<{ total: number; totalEstimated?: true }> {
  const result = await db.execute(sql`SELECT count(*)::int AS n FROM (${matches} LIMIT ${listCountCap + 1}) AS matching`);
  const n = (result.rows[0] as { n: number } | undefined)?.n ?? 0;
  if (n <= listCountCap) return { total: n };
  const plan = await db.execute(sql`EXPLAIN (FORMAT JSON) ${matches}`);
  const estimate = Number((plan.rows[0] as { "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] })["QUERY PLAN"][0].Plan["Plan Rows"]);
  return { total: Math.max(listCountCap + 1, Number.isFinite(estimate) ? Math.round(estimate) : 0), totalEstimated: true };
}
