import type { ImportJob, ImportMapping } from "@relata/contracts";
import type { RecordAccess } from "../../platform/access/policy";
import type { CsvColumn } from "../../platform/http/csv";
import type { ImportRow } from "./imports.repository";
import type { importMappings } from "../../db/schema";

export function presentImport(row: ImportRow): ImportJob {
  return {
    id: row.id,
    object: row.object as ImportJob["object"],
    fileName: row.fileName,
    fileSize: row.fileSize,
    headers: row.headers,
    mapping: row.mapping,
    duplicates: row.duplicates as ImportJob["duplicates"],
    dryRun: row.dryRun,
    status: row.status as ImportJob["status"],
    totalRows: row.totalRows,
    processedRows: row.processedRows,
    createdRows: row.createdRows,
    updatedRows: row.updatedRows,
    skippedRows: row.skippedRows,
    errorRows: row.errorRows,
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    failure: row.failure,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export function presentMapping(row: typeof importMappings.$inferSelect) {
  return {
    id: row.id,
    object: row.object as ImportJob["object"],
    name: row.name,
    mapping: row.mapping as ImportMapping,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Who hears an import's progress: its creator only (the topic `import:<id>` is authorised to
 * them; the event carries them as owner so the hub's record check agrees).
 */
export const importAccess = (row: Pick<ImportRow, "createdBy">): RecordAccess => ({
  ownerId: row.createdBy,
  teamId: null,
  orgUnitId: null,
  securityLevel: 0,
});

/** A row of errors.csv: the line's problems beside its original cells, so the file can be fixed and imported again. */
export type ErrorCsvRow = { line: number; problems: string; cells: string[] };

export function errorCsvColumns(headers: readonly string[]): CsvColumn<ErrorCsvRow>[] {
  return [
    { header: "import_line", value: (row) => row.line },
    { header: "import_errors", value: (row) => row.problems },
    ...headers.map((header, index) => ({ header, value: (row: ErrorCsvRow) => row.cells[index] ?? "" })),
  ];
}
