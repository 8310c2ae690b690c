import type { DuplicateCandidate, ErrorCode } from "@relata/contracts";

export type FieldProblem = { field: string; message: string };

/** The error catalogue. Services throw these; one handler maps them to HTTP. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly details?: FieldProblem[],
    readonly headers?: Record<string, string>,
    /** With code "duplicate": the records the input probably duplicates (sent in the body). */
    readonly candidates?: DuplicateCandidate[],
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const NotFound = (what = "Record") => new AppError("not_found", 404, `${what} not found`);
export const Forbidden = (message = "You do not have permission to do this") => new AppError("forbidden", 403, message);
export const Unauthenticated = (message = "Sign in to continue") => new AppError("unauthenticated", 401, message);
export const Validation = (details: FieldProblem[], message?: string) =>
  new AppError("validation", 400, message ?? details.map((d) => `${d.field}: ${d.message}`).join("; "), details);
export const Conflict = (message: string, details?: FieldProblem[]) => new AppError("conflict", 409, message, details);
/** 409 "duplicate": the input looks like these existing records; the caller may resend with `ignoreDuplicates: true`. */
export const DuplicateFound = (candidates: DuplicateCandidate[]) =>
  new AppError(
    "duplicate",
    409,
    candidates.length === 1
      ? "This looks like a duplicate of an existing record; save anyway with ignoreDuplicates"
      : `This looks like a duplicate of ${candidates.length} existing records; save anyway with ignoreDuplicates`,
    undefined,
    undefined,
    candidates,
  );
export const PreconditionFailed = () =>
  new AppError("precondition_failed", 412, "The record was changed by someone else; reload it and try again");
export const PreconditionRequired = () =>
  new AppError("precondition_required", 428, "This update needs an If-Match header with the record's ETag");
export const RateLimited = (retryAfterSeconds: number) =>
  new AppError("rate_limited", 429, "Too many attempts; try again later", undefined, {
    "retry-after": String(Math.max(1, Math.ceil(retryAfterSeconds))),
  });
export const Unavailable = (retryAfterSeconds = 2) =>
  new AppError("unavailable", 503, "The service is temporarily unavailable", undefined, {
    "retry-after": String(retryAfterSeconds),
  });
