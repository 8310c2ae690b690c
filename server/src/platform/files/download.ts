/**
 * Serving a stored file (FI-2): always as an attachment named per RFC 6266, with the stored
 * (allowlisted) type, `nosniff` and a sandboxing CSP, so nothing uploaded can render or run
 * on the app's origin even when opened directly. Callers check the parent record's access first.
 */
import type { FastifyReply } from "fastify";
import type { Platform } from "../context";
import { contentDisposition, downloadName } from "./names";
import { servedContentType } from "./sniff";
import { openStoredFile } from "./store";

export type StoredFileRef = { sha256: string; contentType: string; fileName: string };

export async function sendStoredFile(platform: Platform, reply: FastifyReply, file: StoredFileRef) {
  const { stream, size } = await openStoredFile(platform, file.sha256);
  return reply
    .header("content-type", servedContentType(file.contentType))
    .header("content-length", String(size))
    .header("content-disposition", contentDisposition(downloadName(file.fileName, file.contentType)))
    .header("x-content-type-options", "nosniff")
    .header("content-security-policy", "sandbox; default-src 'none'")
    .header("cross-origin-resource-policy", "same-origin")
    .header("etag", `"${file.sha256}"`)
    .send(stream);
}
