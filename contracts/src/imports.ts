import { z } from "zod";
import { id, isoDateTime } from "./common";
import { importObjects } from "./plain";

export { importObjects, type ImportObject } from "./plain";
/** What to do with a row that matches an existing record: skip it, update that record, or create another anyway. */
export const importDuplicateModes = ["skip", "update", "create"] as const;
export const importStatuses = ["uploaded", "queued", "running", "done", "failed", "cancelled"] as const;
export type ImportStatus = (typeof importStatuses)[number];

/**
 * Column mapping: CSV header → target field. Targets are the record's importable fields
 * (`name`, `country`, `email`, `phone`, `ownerEmail`…, `custom.<key>`); unmapped columns are ignored.
 */
export const importMapping = z.record(
  z.string().max(200),
  z.string().regex(/^([a-zA-Z][a-zA-Z0-9]{0,39}|custom\.[a-z][a-z0-9_]{0,39})$/, "must be a field name"),
);
export type ImportMapping = z.infer<typeof importMapping>;

/** A field an import can fill, for the mapping screen. */
export const importTarget = z.object({ field: z.string(), required: z.boolean(), label: z.string() });
export const importTargets = z.object({ object: z.enum(importObjects), targets: z.array(importTarget) });

export const importJob = z.object({
  id,
  object: z.enum(importObjects),
  fileName: z.string(),
  fileSize: z.number().int(),
  headers: z.array(z.string()),
  mapping: importMapping,
  duplicates: z.enum(importDuplicateModes),
  dryRun: z.boolean(),
  status: z.enum(importStatuses),
  totalRows: z.number().int(),
  processedRows: z.number().int(),
  createdRows: z.number().int(),
  updatedRows: z.number().int(),
  skippedRows: z.number().int(),
  errorRows: z.number().int(),
  startedAt: isoDateTime.nullable(),
  finishedAt: isoDateTime.nullable(),
  failure: z.string().nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
});
export type ImportJob = z.infer<typeof importJob>;

/** Query of `POST /api/imports` (body: the CSV file, text/csv, UTF-8 with or without BOM; ; or , separated). */
export const importUploadQuery = z.object({ object: z.enum(importObjects), fileName: z.string().trim().min(1).max(200) }).strict();
export const importPatch = z.object({ mapping: importMapping.optional(), duplicates: z.enum(importDuplicateModes).optional() }).strict();
/** `POST /api/imports/:id/start`: a dry run validates every row and reports errors without writing records. */
export const importStart = z.object({ dryRun: z.boolean().optional() }).strict();

/** `GET /api/imports/:id/preview`: the first rows as mapped, with the problems each would have. */
export const importPreview = z.object({
  rows: z.array(
    z.object({
      line: z.number().int(),
      values: z.record(z.string(), z.string()),
      errors: z.array(z.object({ field: z.string(), message: z.string() })),
    }),
  ),
});
export const importError = z.object({ line: z.number().int(), field: z.string(), message: z.string() });
export const importErrorsPage = z.object({ items: z.array(importError), nextCursor: z.string().nullable() });

export const importMappingSaved = z.object({
  id,
  object: z.enum(importObjects),
  name: z.string(),
  mapping: importMapping,
  createdAt: isoDateTime,
});
export const importMappingCreate = z
  .object({ object: z.enum(importObjects), name: z.string().trim().min(1).max(100), mapping: importMapping })
  .strict();
