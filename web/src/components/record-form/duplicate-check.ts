/** Saving with duplicate detection: a 409 "duplicate" asks the user, and "save anyway" resends with ignoreDuplicates. Pure (unit-tested). */
import type { DuplicateCandidate } from "@relata/contracts";
import { ApiError } from "../../lib/api";

/** The object kinds the server checks for duplicates (the texts of the hints and the dialog follow it). */
export type DuplicateKind = DuplicateCandidate["object"];

/** Where a candidate opens (a route and its params, as `<Link>` takes them). */
export type CandidateLink = (candidate: DuplicateCandidate) => { to: string; params: Record<string, string> };

/** What the second send adds to the body: the user confirmed the save although duplicates were found. */
export type DuplicateOverride = { ignoreDuplicates?: true };

export function isDuplicateError(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 409 && error.code === "duplicate";
}

/**
 * Sends once; on 409 "duplicate" asks what to do. "Save anyway" (`ask` → true) sends again with
 * `{ ignoreDuplicates: true }` to spread into the body; otherwise the 409 stands (the form shows it).
 */
export async function saveUnlessDuplicate<T>(
  send: (override: DuplicateOverride) => Promise<T>,
  ask: (candidates: DuplicateCandidate[]) => Promise<boolean>,
): Promise<T> {
  try {
    return await send({});
  } catch (error) {
    if (!isDuplicateError(error) || error.candidates.length === 0 || !(await ask(error.candidates))) throw error;
    return send({ ignoreDuplicates: true });
  }
}
