/**
 * Contracts, billing, service items and client value of a company: one function per endpoint.
 * Every query listens to the company's live topic: the server announces each contract change,
 * fulfilment, invoice, payment and credit note there, and a change of a subsidiary's money moves
 * the group totals, which the rollups announce on every ancestor's topic.
 */
import type { QueryClient } from "@tanstack/react-query";
import { queryOptions } from "@tanstack/react-query";
import type {
  ClientValue,
  Contract,
  ContractCreate,
  ContractItemCreate,
  ContractItemPatch,
  ContractPatch,
  ContractSummary,
  CreditNote,
  CreditNoteCreate,
  FulfilmentCreate,
  Fulfilment,
  Invoice,
  InvoiceCreate,
  InvoiceIssue,
  Payment,
  PaymentCreate,
  PurchaseTrends,
  Receivables,
  ServiceItem,
} from "@relata/contracts";
import { api } from "../../lib/api";

export type Scope = "company" | "group";
type Suggestions = { companyId: string; items: { productId: string; code: string; name: string; category: string; buyers: number }[] };

const companyPath = (id: string) => `/api/companies/${encodeURIComponent(id)}`;
const contractPath = (companyId: string, contractId: string) => `${companyPath(companyId)}/contracts/${encodeURIComponent(contractId)}`;
export const companyTopic = (id: string) => `company:${id}`;
const live = (companyId: string) => ({ topics: [companyTopic(companyId)] });

/** The query-key roots of everything this module shows for a company (what a change of it refreshes). */
export const contractsKey = (companyId: string) => ["contracts", companyId] as const;
export const billingKey = (companyId: string) => ["billing", companyId] as const;
export const valueKey = (companyId: string) => ["value", companyId] as const;
export const serviceItemsKey = (companyId: string) => ["service-items", companyId] as const;

/** After a change made here: everything money-related of the company (the live event does the same for other screens). */
export async function refreshCompanyMoney(queryClient: QueryClient, companyId: string) {
  await Promise.all(
    [contractsKey, billingKey, valueKey, serviceItemsKey].map((key) => queryClient.invalidateQueries({ queryKey: key(companyId) })),
  );
}

// ── contracts ──

export const contractsQuery = (companyId: string) =>
  queryOptions({
    queryKey: [...contractsKey(companyId), "list"] as const,
    queryFn: ({ signal }) =>
      api<{ items: ContractSummary[] }>("GET", `${companyPath(companyId)}/contracts`, { signal }).then((a) => a.items),
    meta: live(companyId),
  });

export const contractQuery = (companyId: string, contractId: string) =>
  queryOptions({
    queryKey: [...contractsKey(companyId), "one", contractId] as const,
    queryFn: ({ signal }) => api<Contract>("GET", contractPath(companyId, contractId), { signal }),
    meta: live(companyId),
  });

export function createContract(companyId: string, body: ContractCreate, idempotencyKey?: string) {
  return api<Contract>("POST", `${companyPath(companyId)}/contracts`, { body, idempotencyKey });
}

export function patchContract(companyId: string, contractId: string, version: number, body: ContractPatch) {
  return api<Contract>("PATCH", contractPath(companyId, contractId), { body, version });
}

export function addItem(companyId: string, contractId: string, version: number, body: ContractItemCreate, idempotencyKey?: string) {
  return api<Contract>("POST", `${contractPath(companyId, contractId)}/items`, { body, version, idempotencyKey });
}

export function patchItem(companyId: string, contractId: string, itemId: string, version: number, body: ContractItemPatch) {
  return api<Contract>("PATCH", `${contractPath(companyId, contractId)}/items/${encodeURIComponent(itemId)}`, { body, version });
}

/** Fulfils part of an item; the key (one per dialog opening) makes a repeated click harmless. */
export function fulfilItem(companyId: string, contractId: string, itemId: string, body: FulfilmentCreate, idempotencyKey: string) {
  return api<{ fulfilment: Fulfilment; contract: Contract }>(
    "POST",
    `${contractPath(companyId, contractId)}/items/${encodeURIComponent(itemId)}/fulfilments`,
    { body, idempotencyKey },
  );
}

export const serviceItemsQuery = (companyId: string) =>
  queryOptions({
    queryKey: [...serviceItemsKey(companyId), "list"] as const,
    queryFn: ({ signal }) =>
      api<{ items: ServiceItem[] }>("GET", `${companyPath(companyId)}/service-items`, { signal }).then((a) => a.items),
    meta: live(companyId),
  });

// ── billing ──

export const invoicesQuery = (companyId: string) =>
  queryOptions({
    queryKey: [...billingKey(companyId), "invoices"] as const,
    queryFn: ({ signal }) => api<{ items: Invoice[] }>("GET", `${companyPath(companyId)}/invoices`, { signal }).then((a) => a.items),
    meta: live(companyId),
  });

export const paymentsQuery = (companyId: string) =>
  queryOptions({
    queryKey: [...billingKey(companyId), "payments"] as const,
    queryFn: ({ signal }) => api<{ items: Payment[] }>("GET", `${companyPath(companyId)}/payments`, { signal }).then((a) => a.items),
    meta: live(companyId),
  });

export const receivablesQuery = (companyId: string, scope: Scope) =>
  queryOptions({
    queryKey: [...billingKey(companyId), "receivables", scope] as const,
    queryFn: ({ signal }) => api<Receivables>("GET", `${companyPath(companyId)}/receivables`, { query: { scope }, signal }),
    meta: live(companyId),
  });

export function issueInvoice(companyId: string, invoiceId: string, body: InvoiceIssue) {
  return api<Invoice>("POST", `${companyPath(companyId)}/invoices/${encodeURIComponent(invoiceId)}/issue`, { body });
}

/** A manual invoice (issued at once unless `draft`); the key makes a repeated click harmless. */
export function createInvoice(companyId: string, body: InvoiceCreate, idempotencyKey?: string) {
  return api<Invoice>("POST", `${companyPath(companyId)}/invoices`, { body, idempotencyKey });
}

/** Applies a payment's unapplied money to further invoices. */
export function allocatePayment(companyId: string, paymentId: string, allocations: { invoiceId: string; amount: string }[]) {
  return api<Payment>("POST", `${companyPath(companyId)}/payments/${encodeURIComponent(paymentId)}/allocations`, {
    body: { allocations },
  });
}

export function createPayment(companyId: string, body: PaymentCreate, idempotencyKey?: string) {
  return api<Payment>("POST", `${companyPath(companyId)}/payments`, { body, idempotencyKey });
}

export function createCreditNote(companyId: string, body: CreditNoteCreate, idempotencyKey?: string) {
  return api<CreditNote>("POST", `${companyPath(companyId)}/credit-notes`, { body, idempotencyKey });
}

// ── value ──

export const valueQuery = (companyId: string, scope: Scope) =>
  queryOptions({
    queryKey: [...valueKey(companyId), "value", scope] as const,
    queryFn: ({ signal }) => api<ClientValue>("GET", `${companyPath(companyId)}/value`, { query: { scope }, signal }),
    // The segment thresholds are edited by administrators: a change moves every client's segment.
    meta: { topics: [companyTopic(companyId), "list:value-segments"] },
  });

export const trendsQuery = (companyId: string, scope: Scope, months = 12) =>
  queryOptions({
    queryKey: [...valueKey(companyId), "trends", scope, months] as const,
    queryFn: ({ signal }) => api<PurchaseTrends>("GET", `${companyPath(companyId)}/purchase-trends`, { query: { scope, months }, signal }),
    meta: live(companyId),
  });

export const suggestionsQuery = (companyId: string) =>
  queryOptions({
    queryKey: [...valueKey(companyId), "suggestions"] as const,
    queryFn: ({ signal }) => api<Suggestions>("GET", `${companyPath(companyId)}/product-suggestions`, { signal }).then((a) => a.items),
    meta: live(companyId),
  });
