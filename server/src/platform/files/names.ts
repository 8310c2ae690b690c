/**
 * The uploader's file name is display text only: it never becomes part of a path. It is
 * normalised before it is stored and quoted per RFC 6266 / 5987 when a download names it.
 */
import { documentLimits } from "@relata/contracts";

/**
 * C0/C1 controls and DEL, bidi embeddings/overrides/isolates and marks (which can make
 * "invoice‮fdp.exe" read as "invoiceexe.pdf"), zero-width characters and the BOM, and
 * line/paragraph separators.
 */
const invisible = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

/** Extensions by stored content type: the first is appended when a name lacks any of them. */
const extensionsByType: Record<string, readonly string[]> = {
  "application/pdf": ["pdf"],
  "image/png": ["png"],
  "image/jpeg": ["jpg", "jpeg", "jpe", "jfif"],
  "image/gif": ["gif"],
  "image/webp": ["webp"],
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ["docx"],
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ["xlsx"],
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": ["pptx"],
  "application/vnd.oasis.opendocument.text": ["odt"],
  "application/vnd.oasis.opendocument.spreadsheet": ["ods"],
  "application/vnd.oasis.opendocument.presentation": ["odp"],
  "text/plain": ["txt", "text", "md", "log", "json", "tsv"],
  "text/csv": ["csv"],
};

export const extensionOf = (name: string) => /\.([^.]{1,16})$/.exec(name)?.[1]?.toLowerCase() ?? "";

/**
 * Names whose extension makes a saved copy run or render as markup when opened: refused
 * whatever the content, so a download can never land on disk as `x.html` or `x.exe`.
 */
const refusedExtensions = new Set(
  (
    "htm html xht xhtml shtml mht mhtml svg svgz xml xsl xslt js mjs cjs jsx ts tsx vbs vbe wsf wsh hta ps1 psm1 bat cmd com exe dll " +
    "msi msp scr sh bash zsh csh ksh php phtml py pyw pl rb jar apk app dmg iso img lnk reg jse swf url desktop appimage"
  ).split(" "),
);

export function isRefusedExtension(name: string) {
  return refusedExtensions.has(extensionOf(name));
}

/**
 * The display name of an upload: the last path segment (either slash), without control, bidi
 * or zero-width characters, NFC, whitespace collapsed, no leading or trailing dots and spaces,
 * at most `documentLimits.fileNameStored` characters (the extension kept). Empty → "file".
 */
export function normaliseFileName(raw: string): string {
  let name = raw.normalize("NFC").replace(invisible, "");
  name = name.split(/[/\\]/).at(-1) ?? "";
  name = name
    .replace(/\s+/g, " ")
    .replace(/^[\s.]+|[\s.]+$/g, "")
    .trim();
  const max = documentLimits.fileNameStored;
  if ([...name].length > max) {
    const extension = extensionOf(name);
    const chars = [...name];
    name = extension
      ? `${chars
          .slice(0, max - extension.length - 1)
          .join("")
          .trimEnd()}.${extension}`
      : chars.slice(0, max).join("").trimEnd();
  }
  return name === "" ? "file" : name;
}

/** The name a download is saved under: the stored name, with the type's extension added when it lacks one of them. */
export function downloadName(fileName: string, contentType: string): string {
  const known = extensionsByType[contentType] ?? [];
  if (known.length === 0 || known.includes(extensionOf(fileName))) return fileName;
  return `${fileName}.${known[0]}`;
}

/** RFC 5987 `value-chars`: attr-char stays, everything else is percent-encoded UTF-8. */
function rfc5987(value: string) {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<encoded>` (RFC 6266): the
 * fallback keeps printable ASCII other than quote and backslash, so no header can be split or
 * a parameter injected whatever the stored name holds.
 */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, "_") || "file";
  return `attachment; filename="${fallback}"; filename*=UTF-8''${rfc5987(fileName)}`;
}
