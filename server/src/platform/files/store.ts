/**
 * The file store: uploaded files under the data directory, named by their SHA-256
 * (`files/<first 2 hex>/<sha256>`), so the same content is kept once and no name a user chose
 * ever reaches a path. The store knows nothing of what files belong to: modules say which
 * hashes they still reference (`registerFileReferences`), and garbage collection removes the
 * rest after a grace period.
 *
 * Atomicity with the database (a revision row and its file appear together or not at all):
 *
 * 1. the body streams to `files/tmp/<random>.part` (hashed and fsynced on the way);
 * 2. inside the business transaction, after taking the hash's advisory lock, `placeFile`
 *    hard-links the temp file to its final name (or touches the existing one) — before commit,
 *    so a committed row can never point at a missing file;
 * 3. if the transaction then fails, `discardIfUnreferenced` removes the file it created unless
 *    a row references it; a crash between 2 and commit leaves an unreferenced file that
 *    garbage collection removes once the grace period has passed;
 * 4. the temp file is always removed.
 *
 * Garbage collection takes the same advisory lock per hash before it checks references and
 * unlinks, so it can never remove a file that an upload is committing a reference to.
 */
import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { link, mkdir, open, readdir, stat, unlink, utimes } from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/connection";
import type { Tx } from "../events/unit-of-work";
import type { Platform } from "../context";
import { AppError, NotFound } from "../errors";

type Executor = Db | Tx;

export type ReceivedFile = {
  tempPath: string;
  sha256: string;
  size: number;
  /** The first bytes (for sniffing without reopening the file). */
  head: Buffer;
  /** Whether the whole file is valid UTF-8, and whether it holds a NUL byte. */
  utf8: boolean;
  nul: boolean;
};

const headBytes = 4096;
const sha256Pattern = /^[0-9a-f]{64}$/;
/** Namespace of the per-hash advisory lock ("FILE"). */
const lockNamespace = 0x46494c45;
/** Files without a reference are removed only after this long (an upload may be about to commit one). */
export const defaultGraceMs = 24 * 3_600_000;

export const filesDir = (dataDir: string) => path.join(dataDir, "files");
const tempDir = (dataDir: string) => path.join(filesDir(dataDir), "tmp");

export function storedPath(dataDir: string, sha256: string) {
  if (!sha256Pattern.test(sha256)) throw new Error("not a SHA-256 hex digest");
  return path.join(filesDir(dataDir), sha256.slice(0, 2), sha256);
}

/** "25 MB", "1024 MB", "160 KB": a limit as people read it. */
export const describeBytes = (bytes: number) =>
  bytes >= 1_048_576 ? `${Math.floor(bytes / 1_048_576)} MB` : `${Math.floor(bytes / 1024)} KB`;

export const FileTooLarge = (maxBytes: number) =>
  new AppError("payload_too_large", 413, `The file is larger than ${describeBytes(maxBytes)}`, [
    { field: "file", message: `must be at most ${describeBytes(maxBytes)}` },
  ]);

export const QuotaExceeded = (quotaBytes: number) =>
  new AppError("quota_exceeded", 413, `This upload would take your files over your quota of ${describeBytes(quotaBytes)}`, [
    { field: "file", message: `exceeds your quota of ${describeBytes(quotaBytes)}` },
  ]);

/** 413 when `incoming` more bytes would take `used` over the quota. */
export function assertWithinQuota(used: number, incoming: number, quotaBytes: number) {
  if (used + incoming > quotaBytes) throw QuotaExceeded(quotaBytes);
}

async function syncDirectory(dir: string) {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Streams a request body to a temporary file, hashing it and checking UTF-8 on the way; never
 * holds the file in memory. Over `maxBytes` the transfer stops with 413.
 */
export async function receiveFile(body: Readable, dataDir: string, maxBytes: number): Promise<ReceivedFile> {
  const dir = tempDir(dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tempPath = path.join(dir, `${randomUUID()}.part`);
  const hash = createHash("sha256");
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const head: Buffer[] = [];
  let headLength = 0;
  let size = 0;
  let utf8 = true;
  let nul = false;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) return done(FileTooLarge(maxBytes));
      hash.update(chunk);
      if (headLength < headBytes) {
        head.push(chunk.subarray(0, headBytes - headLength));
        headLength += Math.min(chunk.length, headBytes - headLength);
      }
      if (!nul && chunk.includes(0)) nul = true;
      if (utf8 && !nul) {
        try {
          decoder.decode(chunk, { stream: true });
        } catch {
          utf8 = false;
        }
      }
      done(null, chunk);
    },
  });
  const out = createWriteStream(tempPath, { flags: "wx", mode: 0o600 });
  try {
    await pipeline(body, meter, out);
    if (utf8 && !nul) {
      try {
        decoder.decode();
      } catch {
        utf8 = false;
      }
    }
    // On disk before a transaction can commit a reference to it.
    const handle = await open(tempPath, "r+");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await unlink(tempPath).catch(() => undefined);
    throw error;
  }
  return { tempPath, sha256: hash.digest("hex"), size, head: Buffer.concat(head), utf8, nul };
}

/** Removes the temporary file of an upload (whether or not it was placed). */
export async function discardTemp(file: ReceivedFile) {
  await unlink(file.tempPath).catch(() => undefined);
}

/** Test hooks: failures injected around the placement of a file (tests of atomicity only). */
export const fileFaults: { beforePlace?: (sha256: string) => Promise<void>; afterPlace?: (sha256: string) => Promise<void> } = {};

/** Serialises everything that places, references or removes the file of this hash until the transaction ends. */
export async function lockFileHash(tx: Executor, sha256: string) {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${lockNamespace}::int, hashtext(${sha256}))`);
}

/**
 * Puts a received file under its content name (call with the hash's lock held, inside the
 * transaction that references it). Answers whether this call created the stored file; safe
 * to repeat (a transaction retried after a deadlock places it again).
 */
export async function placeFile(dataDir: string, file: ReceivedFile): Promise<{ created: boolean }> {
  await fileFaults.beforePlace?.(file.sha256);
  const target = storedPath(dataDir, file.sha256);
  await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  let created = false;
  try {
    await link(file.tempPath, target);
    created = true;
    await syncDirectory(path.dirname(target));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    // Kept again: garbage collection counts a file's age from its last upload.
    const now = new Date();
    await utimes(target, now, now);
  }
  await fileFaults.afterPlace?.(file.sha256);
  return { created };
}

/** Whether the file of this hash is stored (reliable under the hash's lock). */
export async function isStored(dataDir: string, sha256: string) {
  return (await stat(storedPath(dataDir, sha256)).catch(() => undefined))?.isFile() === true;
}

/** Which of `hashes` a module still references (checked under the hashes' locks). */
export type FileReferences = (db: Executor, hashes: string[]) => Promise<Set<string>>;
const referenceProviders = new Map<string, FileReferences>();

/** A module's stored files: garbage collection keeps every hash some provider references. */
export function registerFileReferences(name: string, provider: FileReferences) {
  referenceProviders.set(name, provider);
}

async function referenced(db: Executor, hashes: string[]) {
  const found = new Set<string>();
  for (const provider of referenceProviders.values()) for (const hash of await provider(db, hashes)) found.add(hash);
  return found;
}

/**
 * Removes the stored files among `hashes` that nothing references (each under its lock). With
 * `olderThan`, a file touched since then is kept (an upload may just have placed it).
 */
async function removeUnreferenced(platform: Platform, hashes: string[], olderThan?: number): Promise<number> {
  if (hashes.length === 0) return 0;
  const sorted = [...new Set(hashes)].sort();
  return platform.db.transaction(async (tx) => {
    for (const hash of sorted) await lockFileHash(tx, hash);
    const keep = await referenced(tx, sorted);
    let removed = 0;
    for (const hash of sorted) {
      if (keep.has(hash)) continue;
      const target = storedPath(platform.config.dataDir, hash);
      if (olderThan !== undefined) {
        const info = await stat(target).catch(() => undefined);
        if (!info || info.mtimeMs >= olderThan) continue;
      }
      await unlink(target).then(
        () => removed++,
        () => undefined,
      );
    }
    return removed;
  });
}

/** After a failed transaction: the file it placed goes unless a row (of another upload) references it. */
export async function discardIfUnreferenced(platform: Platform, sha256: string) {
  await removeUnreferenced(platform, [sha256]);
}

/**
 * Housekeeping: stored files no module references and temporary files of uploads that never
 * finished (a crash, a dropped connection), each once untouched for `graceMs`.
 */
export async function collectFileGarbage(platform: Platform, graceMs = defaultGraceMs): Promise<{ files: number; temps: number }> {
  const root = filesDir(platform.config.dataDir);
  const before = Date.now() - graceMs;
  let temps = 0;
  for (const name of await readdir(tempDir(platform.config.dataDir)).catch(() => [] as string[])) {
    const full = path.join(tempDir(platform.config.dataDir), name);
    const info = await stat(full).catch(() => undefined);
    if (info?.isFile() && info.mtimeMs < before)
      await unlink(full).then(
        () => temps++,
        () => undefined,
      );
  }
  let files = 0;
  let batch: string[] = [];
  for (const prefix of await readdir(root).catch(() => [] as string[])) {
    if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
    for (const name of await readdir(path.join(root, prefix)).catch(() => [] as string[])) {
      if (!sha256Pattern.test(name) || !name.startsWith(prefix)) continue;
      const info = await stat(path.join(root, prefix, name)).catch(() => undefined);
      if (!info?.isFile() || info.mtimeMs >= before) continue;
      batch.push(name);
      if (batch.length >= 500) {
        files += await removeUnreferenced(platform, batch, before);
        batch = [];
      }
    }
  }
  files += await removeUnreferenced(platform, batch, before);
  return { files, temps };
}

/** A stored file to stream, or 404 when it is missing (it never should be: logged). */
export async function openStoredFile(platform: Platform, sha256: string) {
  const target = storedPath(platform.config.dataDir, sha256);
  const info = await stat(target).catch(() => undefined);
  if (!info?.isFile()) {
    platform.log.error({ sha256 }, "a stored file is missing");
    throw NotFound("File");
  }
  return { stream: createReadStream(target), size: info.size };
}
