import { queryOptions } from "@tanstack/react-query";
import type { AuditEntry, BulkResult, Company, CompanyBulk, Contact, DuplicateCandidate, StageChange } from "@relata/contracts";
import { api } from "../../lib/api";
import { restFetcher, type ListPage } from "../../components/record-list";
import type { ReferenceLoader } from "../../components/record-form";

/** Company calls: one function per endpoint; query keys start with "companies". */
export const companiesPath = "/api/companies";
export const companiesExportPath = "/api/companies/export.csv";
export const companyListKey = ["companies", "list"] as const;
export const companyKey = (id: string) => ["companies", "record", id] as const;
export const companyHistoryKey = (id: string) => ["companies", "record", id, "history"] as const;
export const companyTopic = (id: string) => `company:${id}`;
export const companyStagesKey = (id: string) => ["companies", "record", id, "stages"] as const;
export const companyContactsKey = (id: string) => ["contacts", "list", "company", id] as const;
export const companyOrgChartKey = (id: string) => ["contacts", "org-chart", id] as const;

export const listCompanies = restFetcher<Company>(companiesPath);

export function getCompany(id: string, signal?: AbortSignal): Promise<Company> {
  return api<Company>("GET", `${companiesPath}/${encodeURIComponent(id)}`, { signal });
}

/**
 * The one query of a company, for every screen that shows it: the same key, fetch and live topic
 * wherever it is observed (a query's meta is its last observer's, so a second definition without
 * the topic would silently stop the live refresh).
 */
export const companyQuery = (id: string) =>
  queryOptions({
    queryKey: companyKey(id),
    queryFn: ({ signal }) => getCompany(id, signal),
    staleTime: 10_000,
    meta: { topics: [companyTopic(id)] },
  });

export function createCompany(body: Record<string, unknown>, idempotencyKey?: string): Promise<Company> {
  return api<Company>("POST", companiesPath, { body, idempotencyKey });
}

export function patchCompany(id: string, body: Record<string, unknown>, version: number | undefined): Promise<Company> {
  return api<Company>("PATCH", `${companiesPath}/${encodeURIComponent(id)}`, { body, version });
}

export function deleteCompany(id: string, version?: number): Promise<void> {
  return api<void>("DELETE", `${companiesPath}/${encodeURIComponent(id)}`, { version });
}

export function bulkCompanies(body: CompanyBulk, idempotencyKey?: string): Promise<BulkResult> {
  return api<BulkResult>("POST", `${companiesPath}/bulk`, { body, idempotencyKey });
}

export function companyHistory(id: string, cursor: string | undefined, signal?: AbortSignal): Promise<ListPage<AuditEntry>> {
  return api<ListPage<AuditEntry>>("GET", `${companiesPath}/${encodeURIComponent(id)}/history`, { query: { limit: 50, cursor }, signal });
}

/** A company picker for reference fields and filters of other modules (contacts, deals…). */
export const companyReferenceLoader: ReferenceLoader = {
  queryKey: ["companies", "picker"],
  search: async (q) => {
    const page = await api<ListPage<Company>>("GET", companiesPath, { query: { q: q.trim() || undefined, limit: 20, sort: "name" } });
    return page.items.map((company) => ({ value: company.id, label: company.name }));
  },
  resolve: async (id) => {
    const company = await getCompany(id);
    return { value: company.id, label: company.name };
  },
};

export type DuplicateCheckInput = {
  name?: string;
  website?: string;
  registrationNumber?: string;
  emails?: string[];
  phones?: string[];
  excludeId?: string;
};

/** Likely duplicates of a company being typed (nothing is saved). */
export function checkCompanyDuplicates(input: DuplicateCheckInput, signal?: AbortSignal): Promise<DuplicateCandidate[]> {
  return api<{ candidates: DuplicateCandidate[] }>("POST", `${companiesPath}/duplicates`, { body: input, signal }).then(
    (answer) => answer.candidates,
  );
}

/** Every change of lifecycle stage, oldest first (the answer may be a list or a page of one). */
export function companyStages(id: string, signal?: AbortSignal): Promise<StageChange[]> {
  return api<StageChange[] | { items: StageChange[] }>("GET", `${companiesPath}/${encodeURIComponent(id)}/stages`, { signal }).then(
    (answer) => [...(Array.isArray(answer) ? answer : answer.items)].sort((a, b) => a.changedAt.localeCompare(b.changedAt)),
  );
}

/** Merges `sourceId` into `targetId` (the one kept); `take` lists the fields whose value comes from the source. */
export function mergeCompanies(targetId: string, sourceId: string, take: string[], version?: number): Promise<Company> {
  return api<Company>("POST", `${companiesPath}/${encodeURIComponent(targetId)}/merge`, { body: { sourceId, take }, version });
}

export type OrgChartNode = { id: string; fullName: string; title: string | null; department: string | null; reportsToId: string | null };

export function companyOrgChart(id: string, signal?: AbortSignal): Promise<OrgChartNode[]> {
  return api<{ nodes: OrgChartNode[] }>("GET", `${companiesPath}/${encodeURIComponent(id)}/org-chart`, { signal }).then(
    (answer) => answer.nodes,
  );
}

export const contactsPath = "/api/contacts";
export const contactsExportPath = "/api/contacts/export.csv";
/** The company's contacts (primary company or an additional role there). */
export const listCompanyContacts = (companyId: string) => restFetcher<Contact>(contactsPath, { "filter[companyId]": companyId });

/** Where a merged-away company went (404 when it was not merged, or the user may not see the one it went into). */
export function companyMergedInto(id: string, signal?: AbortSignal): Promise<{ id: string }> {
  return api<{ id: string }>("GET", `${companiesPath}/merged/${encodeURIComponent(id)}`, { signal });
}
