/**
 * The stored files of imports (under the data directory, by content hash: imports of the same
 * file share it). A file stays while an import still reads it, and goes when none does:
 *
 * - a real run that finishes without errors needs its file no more: it is removed at once;
 * - one that finished with errors keeps it for errors.csv (the failed rows' original cells), and
 *   one that can still be started or resumed (uploaded, failed, cancelled, a dry run) for the
 *   next run — each until it has been left alone for `fileRetentionDays`; then housekeeping
 *   removes the file, and starting the import asks for the file again (409);
 * - a queued or running import always keeps its file.
 */
import { readdir, stat, unlink } from "node:fs/promises";
import path from "node:path";
import type { Platform } from "../../platform/context";
import { Conflict } from "../../platform/errors";
import { storedPath } from "./imports.csv";
import * as repo from "./imports.repository";

export const fileRetentionDays = 7;

export const importsDir = (platform: Platform) => path.join(platform.config.dataDir, "imports");

export const fileGone = "The uploaded file is no longer stored; upload it again";

/** The path of an import's stored file, or undefined when it is gone. */
export async function storedFile(platform: Platform, fileHash: string) {
  const filePath = storedPath(importsDir(platform), fileHash);
  return (await stat(filePath).catch(() => undefined)) ? filePath : undefined;
}

/** The path of an import's stored file; 409 when it is gone. */
export async function requireStoredFile(platform: Platform, fileHash: string) {
  const filePath = await storedFile(platform, fileHash);
  if (!filePath) throw Conflict(fileGone);
  return filePath;
}

const hashOf = (name: string) => /^([0-9a-f]{64})\.csv$/.exec(name)?.[1];

/** Removes the files among `names` (in the imports directory) that no import needs. */
async function removeUnneeded(platform: Platform, names: readonly string[]) {
  if (names.length === 0) return;
  const needed = await repo.filesInUse(
    platform.db,
    names.map(hashOf).filter((hash) => hash !== undefined),
    fileRetentionDays,
  );
  for (const name of names) {
    const hash = hashOf(name);
    if (hash === undefined || !needed.has(hash)) await unlink(path.join(importsDir(platform), name)).catch(() => undefined);
  }
}

/** After a real run finished: its file goes unless an import still needs it. */
export async function releaseFile(platform: Platform, fileHash: string) {
  await removeUnneeded(platform, [`${fileHash}.csv`]);
}

/**
 * Housekeeping: files not written or uploaded again for `fileRetentionDays` that no import needs
 * (partial uploads a crash left behind included). Newer files are left alone: their import may
 * still be about to be saved.
 */
export async function pruneImportFiles(platform: Platform) {
  const dir = importsDir(platform);
  const before = Date.now() - fileRetentionDays * 86_400_000;
  const old: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const info = await stat(path.join(dir, name)).catch(() => undefined);
    if (info?.isFile() && info.mtimeMs < before) old.push(name);
  }
  await removeUnneeded(platform, old);
}
