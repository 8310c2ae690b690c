/** Pure helpers of the documents screens (unit-tested): sizes, titles, upload problems, pins, expiries, grouping. */
import { documentKinds, type DocumentKind, type DocumentStorage, type DocumentSummary } from "@relata/contracts";
import { ApiError } from "../../../lib/api";

type NumberFormat = { number: (value: number, fractionDigits?: number) => string };

/** "850 B", "12 KB", "1.4 MB", "2.1 GB" in the reader's number format. */
export function formatBytes(bytes: number, format: NumberFormat): string {
  if (bytes < 1024) return `${format.number(bytes)} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${format.number(value, value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** A title to start from: the file name without its extension, separators as spaces. */
export function titleFromFileName(name: string): string {
  const base = name.replace(/\.[^.]{1,8}$/, "");
  const title = base.replace(/[_]+/g, " ").replace(/\s+/g, " ").trim();
  return (title || name).slice(0, 200);
}

/** What the browser already knows is wrong with a file before sending it. */
export type UploadProblem = "tooLarge" | "quota" | "empty" | "badType" | "badName" | "forbidden" | "notFound" | "conflict" | "failed";

export function precheck(file: { size: number }, storage: DocumentStorage | undefined, queuedBytes = 0): UploadProblem | null {
  if (file.size === 0) return "empty";
  if (!storage) return null;
  if (file.size > storage.maxFileBytes) return "tooLarge";
  if (storage.usedBytes + queuedBytes + file.size > storage.quotaBytes) return "quota";
  return null;
}

/** The server's refusal of an upload, as one of the problems the screen can say in the reader's language. */
export function uploadProblem(error: unknown): UploadProblem {
  if (!(error instanceof ApiError)) return "failed";
  if (error.code === "quota_exceeded") return "quota";
  if (error.status === 413) return "tooLarge";
  if (error.status === 415) return error.fieldError("fileName") ? "badName" : "badType";
  if (error.status === 400 && error.fieldError("file")) return "empty";
  if (error.status === 403) return "forbidden";
  if (error.status === 404) return "notFound";
  if (error.status === 412) return "conflict";
  return "failed";
}

/** Documents by kind, in the kinds' order; kinds without documents are left out. */
export function groupByKind(items: readonly DocumentSummary[]): { kind: DocumentKind; items: DocumentSummary[] }[] {
  return documentKinds
    .map((kind) => ({ kind, items: items.filter((item) => item.kind === kind) }))
    .filter((group) => group.items.length > 0);
}

const clamp = (value: number) => Math.min(1, Math.max(0, value));

/** Where a click lands on a page, as fractions of its width and height (what a pin stores). */
export function pinAt(client: { x: number; y: number }, box: { left: number; top: number; width: number; height: number }) {
  if (box.width <= 0 || box.height <= 0) return { x: 0, y: 0 };
  const round = (value: number) => Math.round(clamp(value) * 10_000) / 10_000;
  return { x: round((client.x - box.left) / box.width), y: round((client.y - box.top) / box.height) };
}

/** Expiry choices of a new share link, in days (the server allows at most 90). */
export const shareExpiryDays = [1, 7, 30, 90] as const;

/** The expiry of a link that lives `days` from `now`; 90 days lands just inside the server's limit. */
export function expiryIn(days: number, now: number = Date.now()): string {
  return new Date(now + days * 86_400_000 - (days >= 90 ? 60_000 : 0)).toISOString();
}

/** The address to hand out for a link, on this app's origin. */
export const shareAddress = (path: string, origin: string) => `${origin.replace(/\/$/, "")}${path}`;

/** The revisions a comparison starts with: the newest against the one before it. */
export function defaultComparison(numbers: readonly number[]): { from: number; to: number } | null {
  const sorted = [...numbers].sort((a, b) => b - a);
  return sorted.length >= 2 ? { from: sorted[1]!, to: sorted[0]! } : null;
}
