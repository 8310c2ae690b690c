import { ApiError } from "../../lib/api";

/**
 * The same failed call with its field names changed to the form's (server `contact.lastName` →
 * form `contactLastName`, `custom.tier` → `custom:tier`), so each message lands on its field.
 */
export function renameErrorFields(error: unknown, rename: (field: string) => string): unknown {
  if (!(error instanceof ApiError) || error.details.length === 0) return error;
  return new ApiError(
    error.status,
    {
      code: error.code === "network" ? undefined : error.code,
      message: error.message,
      details: error.details.map((detail) => ({ ...detail, field: rename(detail.field) })),
      requestId: error.requestId,
      candidates: error.candidates,
    },
    error.retryAfter,
  );
}
