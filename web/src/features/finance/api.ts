/** Financial health and account team calls: one function per endpoint; query keys start with "finance" / "account-team". */
import { useState } from "react";
import { queryOptions, useQuery } from "@tanstack/react-query";
import type {
  AccountTeam,
  AccountTeamGaps,
  AccountTeamMember,
  AccountTeamMemberCreate,
  AccountTeamMemberPatch,
  AccountTeamRole,
  CompanyFinance,
  CreditLimit,
  CreditLimitPut,
  CreditRating,
  CreditRatingCreate,
  CreditRatingPatch,
  FinancialStatement,
  FinancialStatementCreate,
  FinancialStatementPatch,
} from "@relata/contracts";
import { api } from "../../lib/api";

const companyPath = (id: string) => `/api/companies/${encodeURIComponent(id)}`;
/** Finance and account team changes are announced on the company's topic. */
export const companyTopic = (id: string) => `company:${id}`;

// ── financial health ──

export const financeKey = (companyId: string) => ["finance", companyId] as const;

/** Everything the financial-health tab shows: statements, ratings, credit limit, deposit result. */
export const financeQuery = (companyId: string) =>
  queryOptions({
    queryKey: financeKey(companyId),
    queryFn: ({ signal }) => api<CompanyFinance>("GET", `${companyPath(companyId)}/finance`, { signal }),
    // The deposit result also changes when administrators change the rules.
    meta: { topics: [companyTopic(companyId), depositRulesTopic] },
  });

export function createStatement(companyId: string, body: FinancialStatementCreate, idempotencyKey?: string) {
  return api<FinancialStatement>("POST", `${companyPath(companyId)}/financial-statements`, { body, idempotencyKey });
}

export function patchStatement(companyId: string, statementId: string, version: number, body: FinancialStatementPatch) {
  return api<FinancialStatement>("PATCH", `${companyPath(companyId)}/financial-statements/${encodeURIComponent(statementId)}`, {
    body,
    version,
  });
}

export function deleteStatement(companyId: string, statementId: string, version: number) {
  return api<void>("DELETE", `${companyPath(companyId)}/financial-statements/${encodeURIComponent(statementId)}`, { version });
}

export function createRating(companyId: string, body: CreditRatingCreate, idempotencyKey?: string) {
  return api<CreditRating>("POST", `${companyPath(companyId)}/credit-ratings`, { body, idempotencyKey });
}

export function patchRating(companyId: string, ratingId: string, version: number, body: CreditRatingPatch) {
  return api<CreditRating>("PATCH", `${companyPath(companyId)}/credit-ratings/${encodeURIComponent(ratingId)}`, { body, version });
}

/** Removes a rating recorded by mistake (the history otherwise keeps every rating). */
export function deleteRating(companyId: string, ratingId: string, version: number) {
  return api<void>("DELETE", `${companyPath(companyId)}/credit-ratings/${encodeURIComponent(ratingId)}`, { version });
}

/** Sets or clears the credit limit (version 0 the first time). */
export function putCreditLimit(companyId: string, version: number, body: CreditLimitPut) {
  return api<CreditLimit>("PUT", `${companyPath(companyId)}/credit-limit`, { body, version });
}

// ── deposit rules (edited under Settings) ──

/** The rule set's topic: a change of the rules changes every company's deposit result. */
export const depositRulesTopic = "list:deposit-rules";

// ── account team ──

export const accountTeamKey = (companyId: string) => ["account-team", companyId] as const;

export const accountTeamQuery = (companyId: string) =>
  queryOptions({
    queryKey: accountTeamKey(companyId),
    queryFn: ({ signal }) => api<AccountTeam>("GET", `${companyPath(companyId)}/account-team`, { signal }).then((team) => team.items),
    meta: { topics: [companyTopic(companyId)] },
  });

/**
 * The group's nodes without coverage (optionally in one role). Any assignment in the group is
 * announced on the group root's topic (known from the answer: `useAccountTeamGaps`); the
 * companies list topic covers companies joining or leaving.
 */
export const accountTeamGapsQuery = (companyId: string, role: AccountTeamRole | null, rootId?: string | null) =>
  queryOptions({
    queryKey: ["account-team", companyId, "gaps", role ?? "any"],
    queryFn: ({ signal }) =>
      api<AccountTeamGaps>("GET", `${companyPath(companyId)}/account-team/gaps`, { query: { role: role ?? undefined }, signal }),
    meta: { topics: [companyTopic(companyId), ...(rootId && rootId !== companyId ? [companyTopic(rootId)] : []), "list:companies"] },
  });

/** The coverage gaps, refreshed live on the company's topic and, once known, its group root's. */
export function useAccountTeamGaps(companyId: string, role: AccountTeamRole | null) {
  const [rootId, setRootId] = useState<string | null>(null);
  const query = useQuery(accountTeamGapsQuery(companyId, role, rootId));
  const answeredRoot = query.data?.rootId ?? null;
  if (answeredRoot !== rootId) setRootId(answeredRoot);
  return query;
}

export function addMember(companyId: string, body: AccountTeamMemberCreate, idempotencyKey?: string) {
  return api<AccountTeamMember>("POST", `${companyPath(companyId)}/account-team`, { body, idempotencyKey });
}

export function patchMember(companyId: string, memberId: string, version: number, body: AccountTeamMemberPatch) {
  return api<AccountTeamMember>("PATCH", `${companyPath(companyId)}/account-team/${encodeURIComponent(memberId)}`, { body, version });
}

export function removeMember(companyId: string, memberId: string, version: number) {
  return api<void>("DELETE", `${companyPath(companyId)}/account-team/${encodeURIComponent(memberId)}`, { version });
}
