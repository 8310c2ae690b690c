import type { DuplicateCandidate, DuplicateReason } from "@relata/contracts";
import type { Db } from "../../db/connection";
import type { Tx } from "../../platform/events/unit-of-work";
import type { Actor } from "../../platform/access/actor";
import { DuplicateFound } from "../../platform/errors";
import * as repo from "./duplicates.repository";
import { companyPoints, contactPoints, type CompanyPointsInput, type ContactPointKind, type ContactPointsInput } from "./normalize";

type Executor = Db | Tx;

/** At most this many candidates are reported: enough to recognise the record, few enough to read. */
export const candidateLimit = 10;

const reasonOf: Record<ContactPointKind, DuplicateReason> = {
  email: "email",
  phone: "phone",
  domain: "domain",
  registration: "registrationNumber",
};

/** Score: 1 for any exact contact point, else the name similarity (rounded for stable output). */
function toCandidate(object: "company" | "contact", row: repo.CandidateRow): DuplicateCandidate {
  const byName = row.nameScore >= repo.nameThreshold;
  const points = [...new Set(row.kinds.map((kind) => reasonOf[kind as ContactPointKind]).filter(Boolean))];
  points.sort();
  const reasons: DuplicateReason[] = [...(byName ? (["name"] as const) : []), ...points];
  return {
    object,
    id: row.id,
    name: row.name,
    companyName: row.companyName,
    reasons,
    score: points.length > 0 ? 1 : Math.round(row.nameScore * 1000) / 1000,
  };
}

export type CompanyDuplicateInput = CompanyPointsInput & { name?: string | null | undefined };

/**
 * Likely duplicates of a company among those the actor may read: similar name (legal forms,
 * case and accents ignored: "ACME Corp." ≈ "Acme Corporation AB") or the same email, phone,
 * domain or registration number. Best first: exact matches, then by name similarity.
 */
export async function findCompanyDuplicates(
  db: Executor,
  actor: Actor,
  input: CompanyDuplicateInput,
  excludeId?: string | null,
): Promise<DuplicateCandidate[]> {
  const name = input.name?.trim() || null;
  const points = companyPoints(input);
  if (!name && points.length === 0) return [];
  const rows = await repo.companyCandidates(db, actor, { name, points, excludeId: excludeId ?? null, limit: candidateLimit });
  return rows.map((row) => toCandidate("company", row)).filter((candidate) => candidate.reasons.length > 0);
}

export type ContactDuplicateInput = Omit<ContactPointsInput, "defaultCountry"> & {
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  /** The primary company: similar names count only there; its country is the default for national phone numbers. */
  companyId?: string | null | undefined;
  /** Overrides the company's country as the default for national phone numbers. */
  defaultCountry?: string | null | undefined;
};

/**
 * Likely duplicates of a contact among those the actor may read: a similar full name at the same
 * company, or the same email or phone at any company.
 */
export async function findContactDuplicates(
  db: Executor,
  actor: Actor,
  input: ContactDuplicateInput,
  excludeId?: string | null,
): Promise<DuplicateCandidate[]> {
  const fullName =
    [input.firstName, input.lastName]
      .map((part) => part?.trim() ?? "")
      .filter(Boolean)
      .join(" ") || null;
  const companyId = input.companyId ?? null;
  const needsCountry = input.defaultCountry === undefined && companyId !== null && (input.phones?.length ?? 0) > 0;
  const defaultCountry = needsCountry ? await repo.companyCountry(db, companyId) : (input.defaultCountry ?? null);
  const points = contactPoints({ emails: input.emails, phones: input.phones, defaultCountry });
  if (!(fullName && companyId) && points.length === 0) return [];
  const rows = await repo.contactCandidates(db, actor, {
    fullName,
    companyId,
    points,
    excludeId: excludeId ?? null,
    limit: candidateLimit,
  });
  return rows.map((row) => toCandidate("contact", row)).filter((candidate) => candidate.reasons.length > 0);
}

/** Throws 409 "duplicate" with the candidates unless there are none or the caller confirmed (`ignoreDuplicates`). */
export function assertNoDuplicates(candidates: DuplicateCandidate[], ignoreDuplicates: boolean | undefined): void {
  if (!ignoreDuplicates && candidates.length > 0) throw DuplicateFound(candidates);
}
