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

/** Where a duplicate candidate opens. */
export function candidatePath(candidate: DuplicateCandidate): { to: string; params: Record<string, string> } {
  return candidate.object === "company"
    ? { to: "/companies/$id", params: { id: candidate.id } }
    : { to: "/contacts/$contactId", params: { contactId: candidate.id } };
}
