/**
 * The import worker: a pg-boss job per import run. It reads the stored file from `next_line`
 * and applies it in chunks, each one transaction that also advances `next_line` and the
 * counters — so a crash or restart loses at most the chunk in flight, and running it again
 * continues exactly after the last committed one. Two workers on one import cannot both apply
 * a chunk: each chunk locks the import row and checks `next_line` is where it started.
 */
import type PgBoss from "pg-boss";
import type { ImportMapping, ImportObject } from "@relata/contracts";
import type { Db } from "../../db/connection";
import type { Platform } from "../../platform/context";
import { unitOfWork, type Tx, type UnitOfWork } from "../../platform/events/unit-of-work";
import { loadUserActor } from "../../platform/auth/auth.repository";
import { canUse } from "../../platform/access/policy";
import type { UserActor } from "../../platform/access/actor";
import { isDatabaseUnavailable } from "../../platform/http/errors.plugin";
import { AppError } from "../../platform/errors";
import { loadCustomFields } from "../../platform/custom-fields";
import { addHousekeeping } from "../../platform/jobs/jobs";
import { sendInTransaction } from "../../platform/jobs/timed";
import { holdGradeRules } from "../companies";
import { readFormat, readRecords, type CsvRecord } from "./imports.csv";
import { fileGone, pruneImportFiles, releaseFile, storedFile } from "./imports.files";
import { importTargets, mappingProblems } from "./imports.fields";
import { ImportState, planChunk, rowErrors, summarize, type DuplicateMode } from "./imports.rows";
import { importAccess } from "./imports.presenter";
import { loadDimensionLookup } from "../dimensions";
import * as repo from "./imports.repository";

export const importQueue = "imports";
/** Rows per transaction: big enough for multi-row statements to pay, small enough to keep locks short. */
export const chunkSize = 1_000;

const listTopic: Record<ImportObject, string> = { company: "list:companies", contact: "list:contacts" };

const jobOptions = { retryLimit: 3, retryDelay: 30, expireInSeconds: 12 * 3600 };

export async function enqueueImport(tx: Tx | Db, importId: string) {
  await sendInTransaction(tx, importQueue, { importId }, jobOptions);
}

/**
 * Registers the worker on a started pg-boss and the pruning of stored files with housekeeping,
 * then queues again every import that was queued or running when the process stopped (a
 * duplicate job is harmless: see the module comment).
 */
export async function registerImportJobs(boss: PgBoss, platform: Platform) {
  addHousekeeping(pruneImportFiles);
  await boss.work<{ importId: string }>(importQueue, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
    if (job) await runImportJob(platform, job.data.importId);
  });
  for (const id of await repo.unfinishedImportIds(platform.db)) await boss.send(importQueue, { importId: id }, jobOptions);
}

/** One job: process the import; failures of the import itself are recorded on it, only an unreachable database is retried. */
export async function runImportJob(platform: Platform, importId: string) {
  try {
    await processImport(platform, importId);
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw error;
    platform.log.error({ err: error, importId }, "import failed");
    await failImport(platform, importId, error instanceof AppError ? error.message : "The import stopped because of an internal error");
  }
}

export type ProcessOptions = {
  chunkSize?: number;
  /** Stop after this many chunks (tests: a worker that dies mid-way). */
  maxChunks?: number;
  /** Runs inside each chunk's transaction before it commits (tests: a crash there loses only that chunk). */
  beforeCommit?: (chunk: number) => void;
};

export type ProcessOutcome = "done" | "stopped" | "skipped" | "failed";

const progressEvent = (row: repo.ImportRow) => ({
  name: "import.progress",
  object: row.object as ImportObject,
  recordId: row.id,
  topics: [`import:${row.id}`],
  access: importAccess(row),
  payload: {
    status: row.status,
    totalRows: row.totalRows,
    processedRows: row.processedRows,
    createdRows: row.createdRows,
    updatedRows: row.updatedRows,
    skippedRows: row.skippedRows,
    errorRows: row.errorRows,
  },
});

export async function emitProgress(uow: UnitOfWork, row: repo.ImportRow) {
  await uow.emit(progressEvent(row));
}

export async function failImport(platform: Platform, importId: string, failure: string) {
  const row = await repo.findImport(platform.db, importId);
  if (!row) return;
  await unitOfWork(
    platform.db,
    platform.projections,
    { actor: { kind: "system", name: "imports" }, requestId: `import:${importId}` },
    async (uow) => {
      const current = await repo.lockImport(uow.tx, importId);
      if (!current || !["queued", "running"].includes(current.status)) return;
      const failed = await repo.updateImport(uow.tx, importId, {
        status: "failed",
        failure: failure.slice(0, 1000),
        finishedAt: new Date(),
      });
      if (failed) await emitProgress(uow, failed);
    },
  );
}

/**
 * Applies an import from its `next_line` to the end of the file (or until cancelled). Each
 * chunk runs as the importing user — the audit trail names them, and their current rights
 * decide what may be created, placed and updated.
 */
export async function processImport(platform: Platform, importId: string, options: ProcessOptions = {}): Promise<ProcessOutcome> {
  const size = options.chunkSize ?? chunkSize;
  const row = await repo.findImport(platform.db, importId);
  if (!row || !["queued", "running"].includes(row.status)) return "skipped";
  const actor = await loadUserActor(platform.db, row.createdBy, undefined);
  const object = row.object as ImportObject;
  if (!actor || !canUse(actor, object, "create")) {
    await failImport(platform, importId, "The user who started this import may no longer import these records");
    return "failed";
  }
  const filePath = await storedFile(platform, row.fileHash);
  if (!filePath) {
    await failImport(platform, importId, fileGone);
    return "failed";
  }
  const defs = await loadCustomFields(platform.db, object);
  const problems = mappingProblems(row.mapping, row.headers, importTargets(object, defs));
  if (problems.length > 0) {
    await failImport(platform, importId, `The mapping no longer fits: ${problems.map((p) => `${p.field} ${p.message}`).join("; ")}`);
    return "failed";
  }

  const context = { actor, requestId: `import:${importId}` };
  const started = await unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const current = await repo.lockImport(uow.tx, importId);
    if (!current || !["queued", "running"].includes(current.status)) return undefined;
    const running = await repo.updateImport(uow.tx, importId, { status: "running", startedAt: current.startedAt ?? new Date() });
    await emitProgress(uow, running!);
    return running;
  });
  if (!started) return "skipped";

  const { delimiter } = await readFormat(filePath);
  const state = new ImportState({
    object,
    actor,
    headers: started.headers,
    mapping: started.mapping as ImportMapping,
    duplicates: started.duplicates as DuplicateMode,
    dryRun: started.dryRun,
    defs,
    dimensions: await loadDimensionLookup(platform.db),
  });
  let nextLine = started.nextLine;
  let chunks = 0;
  let buffer: CsvRecord[] = [];
  const flush = async () => {
    const records = buffer;
    buffer = [];
    chunks += 1;
    const committed = await applyChunk(platform, state, context, importId, nextLine, records, chunks, options);
    if (committed === undefined) return false;
    nextLine = committed;
    return options.maxChunks === undefined || chunks < options.maxChunks;
  };
  // A cancelled import, or one another worker moved on with, stops at the next chunk boundary.
  for await (const batch of readRecords(filePath, delimiter, size)) {
    for (const record of batch) if (record.line >= nextLine) buffer.push(record);
    if (buffer.length >= size && !(await flush())) return "stopped";
  }
  if (buffer.length > 0 && !(await flush())) return "stopped";
  if (!(await finishImport(platform, context, importId, nextLine))) return "stopped";
  if (!state.settings.dryRun) await releaseFile(platform, started.fileHash);
  return "done";
}

/** One chunk in one transaction; returns the new next_line, or undefined when the import moved on without us. */
async function applyChunk(
  platform: Platform,
  state: ImportState,
  context: { actor: UserActor; requestId: string },
  importId: string,
  expectedLine: number,
  records: CsvRecord[],
  chunk: number,
  options: ProcessOptions,
): Promise<number | undefined> {
  const nextLine = records.at(-1)!.line + 1;
  const { dryRun, object } = state.settings;
  let seen: string[] = [];
  const done = await unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const current = await repo.lockImport(uow.tx, importId);
    if (!current || current.status !== "running" || current.nextLine !== expectedLine) return false;
    // Companies are graded as they are written: the rules are held before any company is locked.
    if (!dryRun && object === "company") await holdGradeRules(uow);
    const plan = await planChunk(uow.tx, state, records, !dryRun);
    if (!dryRun) await plan.write(uow);
    const result = summarize(plan.outcomes);
    await repo.insertImportErrors(uow.tx, importId, rowErrors(plan.outcomes));
    const processed = current.processedRows + result.rows.length;
    const updated = await repo.updateImport(uow.tx, importId, {
      nextLine,
      processedRows: processed,
      createdRows: current.createdRows + result.created,
      updatedRows: current.updatedRows + result.updated,
      skippedRows: current.skippedRows + result.skipped,
      errorRows: current.errorRows + result.errors,
      totalRows: Math.max(current.totalRows, processed),
    });
    options.beforeCommit?.(chunk);
    await emitProgress(uow, updated!);
    // Lists refresh once per chunk, not once per row.
    if (!dryRun && result.created + result.updated > 0)
      await uow.emit({
        name: `${object}.imported`,
        object,
        recordId: null,
        topics: [listTopic[object], ...plan.topics()],
        ...(plan.payload ? { payload: plan.payload() } : {}),
      });
    seen = plan.seen;
    return true;
  });
  if (!done) return undefined;
  for (const key of seen) state.seen.add(key);
  return nextLine;
}

async function finishImport(platform: Platform, context: { actor: UserActor; requestId: string }, importId: string, expectedLine: number) {
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const current = await repo.lockImport(uow.tx, importId);
    if (!current || current.status !== "running" || current.nextLine !== expectedLine) return false;
    const finished = await repo.updateImport(uow.tx, importId, {
      status: "done",
      finishedAt: new Date(),
      // The total counted at upload includes rows that turned out blank.
      totalRows: current.processedRows,
    });
    await emitProgress(uow, finished!);
    return true;
  });
}
