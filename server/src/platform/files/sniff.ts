/**
 * What an uploaded file is, from its bytes alone (the client's Content-Type and the name's
 * extension are never trusted): magic numbers through `file-type` against an allowlist,
 * OOXML/ODF archives checked for their entry count and uncompressed size before anything
 * reads inside them, and plain text recognised as valid UTF-8 without NUL that does not start
 * as markup or a script. Everything else is 415.
 */
import { open } from "node:fs/promises";
import { fileTypeFromFile } from "file-type";
import type { DocumentContentType } from "@relata/contracts";
import { AppError, Validation } from "../errors";
import { extensionOf, isRefusedExtension } from "./names";
import type { ReceivedFile } from "./store";

const binaryTypes = new Set<string>([
  "application/pdf",
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/vnd.oasis.opendocument.text",
  "application/vnd.oasis.opendocument.spreadsheet",
  "application/vnd.oasis.opendocument.presentation",
]);

/** Archives (OOXML and ODF are ZIP files): at most this many entries and this many bytes unpacked. */
export const archiveLimits = { entries: 10_000, uncompressedBytes: 512 * 1_048_576 };

export const UnsupportedFile = (message: string) => new AppError("unsupported_media_type", 415, message, [{ field: "file", message }]);

const refusedType = () =>
  UnsupportedFile(
    "This type of file cannot be uploaded: PDF, images (PNG, JPEG, GIF, WebP), Office or OpenDocument files and plain text are",
  );

/**
 * A document that starts as markup (`<`: HTML, SVG, XML) or as a script (`#!`), after a BOM
 * and whitespace: browsers sniff such text as HTML, so it is refused even though it is text.
 */
function looksExecutableText(head: Buffer) {
  let text = head.toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  text = text.trimStart();
  return text.startsWith("<") || text.startsWith("#!");
}

/** Reads `length` bytes at `position` (fewer at the end of the file). */
async function readAt(path: string, position: number, length: number) {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const corruptArchive = () => UnsupportedFile("The file is a damaged or unsupported archive");

/**
 * Reads a ZIP file's central directory (not its contents) and refuses one with too many
 * entries or too many bytes once unpacked (a "zip bomb"), ZIP64 included.
 */
export async function checkArchive(path: string, size: number) {
  const tailLength = Math.min(size, 65_535 + 22 + 20);
  const tail = await readAt(path, size - tailLength, tailLength);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--)
    if (tail.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  if (end < 0) throw corruptArchive();
  let entries = tail.readUInt16LE(end + 10);
  let directorySize = tail.readUInt32LE(end + 12);
  let directoryOffset = tail.readUInt32LE(end + 16);
  if (entries === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const locator = end - 20;
    if (locator < 0 || tail.readUInt32LE(locator) !== 0x07064b50) throw corruptArchive();
    const zip64End = Number(tail.readBigUInt64LE(locator + 8));
    const record = await readAt(path, zip64End, 56);
    if (record.length < 56 || record.readUInt32LE(0) !== 0x06064b50) throw corruptArchive();
    entries = Number(record.readBigUInt64LE(32));
    directorySize = Number(record.readBigUInt64LE(40));
    directoryOffset = Number(record.readBigUInt64LE(48));
  }
  if (entries > archiveLimits.entries) throw UnsupportedFile(`The archive holds more than ${archiveLimits.entries} files`);
  if (directoryOffset + directorySize > size || directorySize > 64 * 1_048_576) throw corruptArchive();
  const directory = await readAt(path, directoryOffset, directorySize);
  let offset = 0;
  let counted = 0;
  let unpacked = 0;
  while (offset + 46 <= directory.length && directory.readUInt32LE(offset) === 0x02014b50) {
    let uncompressed = directory.readUInt32LE(offset + 24);
    const nameLength = directory.readUInt16LE(offset + 28);
    const extraLength = directory.readUInt16LE(offset + 30);
    const commentLength = directory.readUInt16LE(offset + 32);
    if (uncompressed === 0xffffffff) {
      // The real size is the first value of the ZIP64 extra field.
      let extra = offset + 46 + nameLength;
      const extraEnd = extra + extraLength;
      uncompressed = Number.POSITIVE_INFINITY;
      while (extra + 4 <= extraEnd && extra + 4 <= directory.length) {
        const tag = directory.readUInt16LE(extra);
        const length = directory.readUInt16LE(extra + 2);
        if (tag === 0x0001 && length >= 8 && extra + 12 <= directory.length) {
          uncompressed = Number(directory.readBigUInt64LE(extra + 4));
          break;
        }
        extra += 4 + length;
      }
    }
    unpacked += uncompressed;
    counted += 1;
    if (counted > archiveLimits.entries) throw UnsupportedFile(`The archive holds more than ${archiveLimits.entries} files`);
    if (unpacked > archiveLimits.uncompressedBytes)
      throw UnsupportedFile(`The archive unpacks to more than ${Math.floor(archiveLimits.uncompressedBytes / 1_048_576)} MB`);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  if (counted !== entries) throw corruptArchive();
}

/**
 * The stored content type of a received file, or 415 (400 for an empty file). `fileName` (the
 * display name) only tells CSV from other text and refuses names that would run when opened.
 */
export async function sniffContentType(file: ReceivedFile, fileName: string): Promise<DocumentContentType> {
  if (file.size === 0) throw Validation([{ field: "file", message: "is empty" }]);
  if (isRefusedExtension(fileName))
    throw new AppError("unsupported_media_type", 415, "Files with this extension cannot be uploaded", [
      { field: "fileName", message: "has an extension that is not allowed (HTML, SVG, scripts, programs)" },
    ]);
  if (file.head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) await checkArchive(file.tempPath, file.size);
  const detected = await fileTypeFromFile(file.tempPath).catch(() => undefined);
  if (detected) {
    if (binaryTypes.has(detected.mime)) return detected.mime as DocumentContentType;
    throw refusedType();
  }
  if (file.utf8 && !file.nul) {
    if (looksExecutableText(file.head)) throw refusedType();
    return extensionOf(fileName) === "csv" ? "text/csv" : "text/plain";
  }
  throw refusedType();
}

/** The Content-Type header a stored type is served with (text gets its charset). */
export const servedContentType = (contentType: string) => (contentType.startsWith("text/") ? `${contentType}; charset=utf-8` : contentType);
