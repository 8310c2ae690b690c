/**
 * Orders and the transaction history of a company: one function per endpoint. Every query listens
 * to the company's live topic, where the server announces each order, status change, fulfilment,
 * invoice, payment and credit note.
 */
import type { QueryClient } from "@tanstack/react-query";
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { Order, OrderCreate, OrderTransition, Transaction, TransactionType } from "@relata/contracts";
import { api } from "../../lib/api";

export type Scope = "company" | "group";
export type OrderSummary = Omit<Order, "lines" | "history">;
type TransactionPage = { items: Transaction[]; nextCursor: string | null };

const companyPath = (id: string) => `/api/companies/${encodeURIComponent(id)}`;
const orderPath = (companyId: string, orderId: string) => `${companyPath(companyId)}/orders/${encodeURIComponent(orderId)}`;
const live = (companyId: string) => ({ topics: [`company:${companyId}`] });

export const ordersKey = (companyId: string) => ["orders", companyId] as const;
export const transactionsKey = (companyId: string) => ["transactions", companyId] as const;

/** After a change made here (the live event does the same on other screens). */
export async function refreshOrders(queryClient: QueryClient, companyId: string) {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: ordersKey(companyId) }),
    queryClient.invalidateQueries({ queryKey: transactionsKey(companyId) }),
  ]);
}

export const ordersQuery = (companyId: string) =>
  queryOptions({
    queryKey: [...ordersKey(companyId), "list"] as const,
    queryFn: ({ signal }) => api<{ items: OrderSummary[] }>("GET", `${companyPath(companyId)}/orders`, { signal }).then((a) => a.items),
    meta: live(companyId),
  });

export const orderQuery = (companyId: string, orderId: string) =>
  queryOptions({
    queryKey: [...ordersKey(companyId), "one", orderId] as const,
    queryFn: ({ signal }) => api<Order>("GET", orderPath(companyId, orderId), { signal }),
    meta: live(companyId),
  });

export function createOrder(companyId: string, body: OrderCreate, idempotencyKey?: string) {
  return api<Order>("POST", `${companyPath(companyId)}/orders`, { body, idempotencyKey });
}

export function transitionOrder(companyId: string, orderId: string, version: number, body: OrderTransition) {
  return api<Order>("POST", `${orderPath(companyId, orderId)}/transitions`, { body, version });
}

/** The transaction history, newest first, a page at a time ("show more"). */
export const transactionsQuery = (companyId: string, scope: Scope, types: readonly TransactionType[], limit = 25) =>
  infiniteQueryOptions({
    queryKey: [...transactionsKey(companyId), scope, [...types].sort().join(","), limit] as const,
    queryFn: ({ signal, pageParam }) =>
      api<TransactionPage>("GET", `${companyPath(companyId)}/transactions`, {
        query: { scope, type: types.length ? types.join(",") : undefined, limit, cursor: pageParam ?? undefined },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    meta: live(companyId),
  });
