import { Readable } from "node:stream";
import type { FastifyReply } from "fastify";

export type CsvValue = string | number | boolean | Date | null | undefined;
export type CsvColumn<Row> = { header: string; value: (row: Row) => CsvValue };

/** Cells a spreadsheet would read as a formula (or that hide one behind a tab or return). */
const formulaStart = /^[=+\-@\t\r]/;

/** One RFC 4180 field: formula-guarded (a leading ' makes it text), quoted when it must be. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (formulaStart.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: readonly CsvValue[]) => `${cells.map(csvCell).join(",")}\r\n`;

/** `<name>-YYYY-MM-DD.csv` (UTC date). */
export const csvFilename = (name: string, at = new Date()) => `${name}-${at.toISOString().slice(0, 10)}.csv`;

/**
 * Streams a CSV download: UTF-8 with BOM (so spreadsheets read it as UTF-8), a header row, one
 * line per row, CRLF line ends. Rows come in batches, so the file is never held in memory
 * whole. The first batch is read before anything is sent: an error there is an ordinary error
 * answer; a later one cuts the download off (the client sees an incomplete transfer).
 */
export async function sendCsv<Row>(
  reply: FastifyReply,
  filename: string,
  columns: readonly CsvColumn<Row>[],
  batches: AsyncIterator<Row[]>,
) {
  const first = await batches.next();
  async function* chunks() {
    yield `\uFEFF${csvLine(columns.map((column) => column.header))}`;
    for (let batch = first; !batch.done; batch = await batches.next()) {
      yield batch.value.map((row) => csvLine(columns.map((column) => column.value(row)))).join("");
    }
  }
  return reply
    .header("content-type", "text/csv; charset=utf-8")
    .header("content-disposition", `attachment; filename="${filename}"`)
    .send(Readable.from(chunks(), { objectMode: false }));
}

/**
 * Keyset batches of a list for export, at most `maxRows` rows in all: `fetch` gets the rows
 * after the cursor of the previous batch's last row.
 */
export async function* keysetBatches<Row>(
  fetch: (after: (string | number | null)[] | undefined, limit: number) => Promise<Row[]>,
  cursorOf: (row: Row) => (string | number | null)[],
  maxRows: number,
  batchSize = 1_000,
): AsyncGenerator<Row[]> {
  let after: (string | number | null)[] | undefined;
  for (let sent = 0; sent < maxRows;) {
    const limit = Math.min(batchSize, maxRows - sent);
    const rows = await fetch(after, limit);
    if (rows.length > 0) yield rows;
    sent += rows.length;
    if (rows.length < limit) return;
    after = cursorOf(rows.at(-1)!);
  }
}
