/** Saving with duplicate detection: a 409 "duplicate" asks the user, and "save anyway" resends with ignoreDuplicates. */
import { ApiError } from "../../lib/api";
import type { DuplicateCandidate } from "@relata/contracts";
import type { DuplicateChoice } from "./components/Duplicates";

export function isDuplicateError(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 409 && error.code === "duplicate";
}

/**
 * Sends once; on 409 "duplicate" asks what to do. "Save anyway" sends again with
 * ignoreDuplicates, "open" hands the candidate to `open`; otherwise the 409 stands (the form shows it).
 */
export async function saveUnlessDuplicate<T>(
  send: (ignoreDuplicates: boolean) => Promise<T>,
  ask: (candidates: DuplicateCandidate[]) => Promise<DuplicateChoice>,
  open: (candidate: DuplicateCandidate) => void,
): Promise<T> {
  try {
    return await send(false);
  } catch (error) {
    if (!isDuplicateError(error) || error.candidates.length === 0) throw error;
    const choice = await ask(error.candidates);
    if (choice.action === "save") return send(true);
    if (choice.action === "open") open(choice.candidate);
    throw error;
  }
}

/** The same error with its field names changed (server `contact.lastName` → form `contactLastName`). */
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

/** Where a duplicate candidate opens. */
export function candidatePath(candidate: DuplicateCandidate): { to: string; params: Record<string, string> } {
  return candidate.object === "company"
    ? { to: "/companies/$id", params: { id: candidate.id } }
    : { to: "/contacts/$contactId", params: { contactId: candidate.id } };
}
