import { unlink } from "node:fs/promises";
import type { z } from "zod";
import type { ImportMapping, ImportObject, importMappingCreate, importPatch } from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { unitOfWork, type UnitOfWorkContext } from "../../platform/events/unit-of-work";
import type { UserActor } from "../../platform/access/actor";
import { assertCanUse } from "../../platform/access/policy";
import { Conflict, NotFound, PreconditionFailed, Validation } from "../../platform/errors";
import { decodeCursor, toPage } from "../../platform/http/pagination";
import { loadCustomFields } from "../../platform/custom-fields";
import { keepUpload, readFormat, readRecords, storedPath, type CsvRecord, type Upload } from "./imports.csv";
import { importTargets, mappingProblems, missingRequired, suggestMapping } from "./imports.fields";
import { emitProgress, enqueueImport } from "./imports.job";
import { importsDir, requireStoredFile } from "./imports.files";
import { ImportState, planChunk, type DuplicateMode } from "./imports.rows";
import { importAccess, presentImport, presentMapping, type ErrorCsvRow } from "./imports.presenter";
import { loadDimensionLookup } from "../dimensions";
import * as repo from "./imports.repository";

type Context = UnitOfWorkContext & { actor: UserActor };

/** Uploads larger than this are refused (413) while they stream, never held whole. */
export const maxUploadBytes = 512 * 1024 * 1024;
const previewRows = 20;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** Importing companies needs the function to create companies; contacts, to create contacts. */
export function assertMayImport(actor: UserActor, object: ImportObject) {
  assertCanUse(actor, object, "create");
}

async function locale(platform: Platform, actor: UserActor) {
  const user = await repo.userName(platform.db, actor.userId);
  return (user?.locale ?? "en") as "en" | "sv" | "zh-CN";
}

export async function targets(platform: Platform, actor: UserActor, object: ImportObject) {
  assertMayImport(actor, object);
  const defs = await loadCustomFields(platform.db, object);
  return {
    object,
    targets: importTargets(object, defs, await locale(platform, actor)).map(({ field, required, label }) => ({ field, required, label })),
  };
}

/**
 * A new import from an uploaded file (already streamed to a temporary file): the file is kept
 * by its hash, its header read, a mapping suggested from the user's saved mappings and the
 * column names. Nothing is imported until it is started.
 */
export async function createImport(
  platform: Platform,
  context: Context,
  query: { object: ImportObject; fileName: string },
  upload: Upload,
) {
  const { actor } = context;
  try {
    assertMayImport(actor, query.object);
    const format = await readFormat(upload.tempPath);
    const rows = upload.records - 1;
    if (rows <= 0) throw Validation([{ field: "file", message: "has no rows below the header" }]);
    const defs = await loadCustomFields(platform.db, query.object);
    const saved = await repo.listMappings(platform.db, actor.userId, query.object);
    const mapping = suggestMapping(
      query.object,
      format.headers,
      importTargets(query.object, defs),
      saved.map((row) => row.mapping),
    );
    await keepUpload(importsDir(platform), upload);
    return await unitOfWork(platform.db, platform.projections, context, async (uow) => {
      const row = await repo.insertImport(uow.tx, {
        object: query.object,
        createdBy: actor.userId,
        fileName: query.fileName,
        fileHash: upload.sha256,
        fileSize: upload.size,
        headers: format.headers,
        mapping,
        totalRows: rows,
      });
      await emitProgress(uow, row);
      return presentImport(row);
    });
  } finally {
    await unlink(upload.tempPath).catch(() => undefined);
  }
}

async function ownImport(platform: Platform, actor: UserActor, id: string) {
  const row = await repo.findOwnImport(platform.db, actor.userId, id);
  if (!row) throw NotFound("Import");
  return row;
}

export async function getImport(platform: Platform, actor: UserActor, id: string) {
  return presentImport(await ownImport(platform, actor, id));
}

export async function listImports(platform: Platform, actor: UserActor, query: { limit: number; cursor?: string | undefined }) {
  const after = decodeCursor(
    query.cursor,
    2,
    ([at, id]) => typeof at === "string" && instantPattern.test(at) && typeof id === "string" && uuidPattern.test(id),
  ) as [string, string] | undefined;
  const rows = await repo.listOwnImports(platform.db, actor.userId, query.limit, after);
  return toPage(rows, query.limit, presentImport, (row) => [row.sortKey, row.id]);
}

/** An import whose records are untouched: nothing applied yet, or only a dry run. */
const editable = (row: repo.ImportRow) => row.status === "uploaded" || (row.dryRun && ["done", "failed", "cancelled"].includes(row.status));

async function checkMapping(platform: Platform, object: ImportObject, mapping: ImportMapping, headers: string[]) {
  const defs = await loadCustomFields(platform.db, object);
  const problems = mappingProblems(mapping, headers, importTargets(object, defs));
  if (problems.length > 0) throw Validation(problems);
}

export async function updateImport(platform: Platform, context: Context, id: string, version: number, input: z.output<typeof importPatch>) {
  const { actor } = context;
  const row = await ownImport(platform, actor, id);
  if (input.mapping) await checkMapping(platform, row.object as ImportObject, input.mapping, row.headers);
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const current = await repo.lockImport(uow.tx, id);
    if (!current || current.createdBy !== actor.userId) throw NotFound("Import");
    if (current.version !== version) throw PreconditionFailed();
    if (!editable(current)) throw Conflict("This import has started; its mapping and duplicate handling can no longer change");
    const updated = await repo.updateImport(
      uow.tx,
      id,
      { ...(input.mapping ? { mapping: input.mapping } : {}), ...(input.duplicates ? { duplicates: input.duplicates } : {}) },
      version,
    );
    if (!updated) throw PreconditionFailed();
    await emitProgress(uow, updated);
    return presentImport(updated);
  });
}

/**
 * Starts (or resumes) an import as a job. A fresh import, or one that so far only ran dry,
 * starts from its first row; a real run that failed or was cancelled resumes after its last
 * committed chunk. A dry run writes nothing but the import's counters and errors.
 */
export async function startImport(platform: Platform, context: Context, id: string, dryRun: boolean) {
  const { actor } = context;
  const row = await ownImport(platform, actor, id);
  const object = row.object as ImportObject;
  assertMayImport(actor, object);
  const missing = missingRequired(object, row.mapping);
  if (missing.length > 0) throw Validation(missing);
  await checkMapping(platform, object, row.mapping, row.headers);
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const current = await repo.lockImport(uow.tx, id);
    if (!current || current.createdBy !== actor.userId) throw NotFound("Import");
    if (current.status === "queued" || current.status === "running") throw Conflict("This import is already running");
    if (current.status === "done" && !current.dryRun) throw Conflict("This import is done; upload the file again to import it again");
    const fresh = editable(current);
    if (!fresh && dryRun) throw Conflict("This import has written records; it can only be resumed, not run dry");
    await requireStoredFile(platform, current.fileHash);
    if (fresh) await repo.clearImportErrors(uow.tx, id);
    const queued = await repo.updateImport(uow.tx, id, {
      status: "queued",
      dryRun,
      failure: null,
      finishedAt: null,
      ...(fresh ? { nextLine: 2, processedRows: 0, createdRows: 0, updatedRows: 0, skippedRows: 0, errorRows: 0, startedAt: null } : {}),
    });
    await enqueueImport(uow.tx, id);
    await emitProgress(uow, queued!);
    return presentImport(queued!);
  });
}

export async function cancelImport(platform: Platform, context: Context, id: string) {
  const { actor } = context;
  await ownImport(platform, actor, id);
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const current = await repo.lockImport(uow.tx, id);
    if (!current || current.createdBy !== actor.userId) throw NotFound("Import");
    if (!["uploaded", "queued", "running"].includes(current.status)) throw Conflict("This import is not running");
    // A running worker sees this at its next chunk; the chunks it committed stay.
    const cancelled = await repo.updateImport(uow.tx, id, { status: "cancelled", finishedAt: new Date() });
    await emitProgress(uow, cancelled!);
    return presentImport(cancelled!);
  });
}

/** The first rows as the current mapping reads them, with the problems each would have (nothing is written). */
export async function previewImport(platform: Platform, actor: UserActor, id: string) {
  const row = await ownImport(platform, actor, id);
  const object = row.object as ImportObject;
  const filePath = await requireStoredFile(platform, row.fileHash);
  const { delimiter } = await readFormat(filePath);
  let records: CsvRecord[] = [];
  for await (const batch of readRecords(filePath, delimiter, previewRows)) {
    records = batch;
    break;
  }
  const state = new ImportState({
    object,
    actor,
    headers: row.headers,
    mapping: row.mapping,
    duplicates: row.duplicates as DuplicateMode,
    dryRun: true,
    defs: await loadCustomFields(platform.db, object),
    dimensions: await loadDimensionLookup(platform.db),
  });
  // Read-only: nothing the preview plans is written.
  const plan = await platform.db.transaction(async (tx) => planChunk(tx, state, records, false), { accessMode: "read only" });
  return { rows: plan.outcomes.map((outcome) => ({ line: outcome.line, values: outcome.values, errors: outcome.problems })) };
}

export async function listErrors(platform: Platform, actor: UserActor, id: string, query: { limit: number; cursor?: string | undefined }) {
  await ownImport(platform, actor, id);
  const after = decodeCursor(
    query.cursor,
    2,
    ([line, field]) => Number.isInteger(line) && typeof field === "string" && field.length <= 200 && !field.includes("\u0000"),
  ) as [number, string] | undefined;
  const rows = await repo.listImportErrors(platform.db, id, query.limit + 1, after);
  return toPage(
    rows,
    query.limit,
    (error) => error,
    (error) => [error.line, error.field],
  );
}

/**
 * errors.csv: every row that failed, with its line, its problems and its original cells —
 * fix the cells in a spreadsheet and import this file again (the extra columns are ignored).
 * Streams: the errors in line order and the file's records are read side by side.
 */
export async function errorRows(platform: Platform, actor: UserActor, id: string) {
  const row = await ownImport(platform, actor, id);
  const filePath = storedPath(importsDir(platform), row.fileHash);
  const format = await readFormat(filePath).catch(() => undefined);
  return { headers: row.headers, batches: errorBatches(platform, id, filePath, format?.delimiter) };
}

async function* errorBatches(platform: Platform, id: string, filePath: string, delimiter: "," | ";" | "\t" | undefined) {
  const records = delimiter ? readRecords(filePath, delimiter, 1_000) : undefined;
  let pending: { line: number; cells: string[] }[] = [];
  let fileDone = records === undefined;
  const cellsOf = async (line: number) => {
    while (!fileDone && (pending.length === 0 || pending.at(-1)!.line < line)) {
      const next = await records!.next();
      if (next.done) fileDone = true;
      else pending = [...pending.filter((record) => record.line >= line), ...next.value];
    }
    pending = pending.filter((record) => record.line >= line);
    return pending[0]?.line === line ? pending[0].cells : [];
  };
  let after: [number, string] | undefined;
  // A line's errors may straddle two pages: the last line of a page waits for the next one.
  let open: { line: number; problems: string[] } | undefined;
  try {
    for (;;) {
      const errors = await repo.listImportErrors(platform.db, id, 1_000, after);
      const batch: ErrorCsvRow[] = [];
      for (const error of errors) {
        if (open && open.line !== error.line) {
          batch.push({ line: open.line, problems: open.problems.join("; "), cells: await cellsOf(open.line) });
          open = undefined;
        }
        open ??= { line: error.line, problems: [] };
        open.problems.push(`${error.field}: ${error.message}`);
      }
      if (errors.length === 0) {
        if (open) yield [{ line: open.line, problems: open.problems.join("; "), cells: await cellsOf(open.line) }];
        return;
      }
      after = [errors.at(-1)!.line, errors.at(-1)!.field];
      if (batch.length > 0) yield batch;
    }
  } finally {
    await records?.return(undefined);
  }
}

// ─── saved mappings ──────────────────────────────────────────────────────────

export async function listMappings(platform: Platform, actor: UserActor, object: ImportObject | undefined) {
  return { items: (await repo.listMappings(platform.db, actor.userId, object)).map(presentMapping) };
}

export async function saveMapping(platform: Platform, context: Context, input: z.output<typeof importMappingCreate>) {
  const { actor } = context;
  const defs = await loadCustomFields(platform.db, input.object);
  const targetsOf = importTargets(input.object, defs);
  // A saved mapping is not tied to one file: its columns are whatever it names.
  const problems = mappingProblems(input.mapping, Object.keys(input.mapping), targetsOf);
  if (problems.length > 0) throw Validation(problems);
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const row = await repo.insertMapping(uow.tx, { userId: actor.userId, object: input.object, name: input.name, mapping: input.mapping });
    await uow.emit({
      name: "import_mapping.created",
      object: input.object,
      recordId: row.id,
      topics: [`user:${actor.userId}`],
      access: importAccess({ createdBy: actor.userId }),
    });
    return presentMapping(row);
  });
}

export async function deleteMapping(platform: Platform, context: Context, id: string) {
  const { actor } = context;
  await unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const deleted = await repo.deleteMapping(uow.tx, actor.userId, id);
    if (!deleted) throw NotFound("Saved mapping");
    await uow.emit({
      name: "import_mapping.deleted",
      object: deleted.object as ImportObject,
      recordId: id,
      topics: [`user:${actor.userId}`],
      access: importAccess({ createdBy: actor.userId }),
    });
  });
}

/** May this actor subscribe to `import:<id>`? Only its creator. */
export async function canWatchImport(platform: Platform, actor: { kind: string; userId?: string }, id: string) {
  if (actor.kind !== "user" || !actor.userId) return false;
  return (await repo.findOwnImport(platform.db, actor.userId, id)) !== undefined;
}
