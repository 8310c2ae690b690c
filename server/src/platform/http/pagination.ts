import { Validation } from "../errors";

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
