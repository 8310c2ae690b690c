import type { AuditEntry, BulkResult, Company, CompanyBulk } from "@relata/contracts";
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

export const listCompanies = restFetcher<Company>(companiesPath);

export function getCompany(id: string, signal?: AbortSignal): Promise<Company> {
  return api<Company>("GET", `${companiesPath}/${encodeURIComponent(id)}`, { signal });
}

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
