/** Product catalogue calls: one function per endpoint; query keys start with "products". */
import { queryOptions } from "@tanstack/react-query";
import type { Product, ProductCreate, ProductPatch } from "@relata/contracts";
import { api } from "../../lib/api";

/** Every change of the catalogue is announced on this topic. */
export const productsTopic = "list:products";
export const productsKey = ["products"] as const;

/** The catalogue (active products unless `includeInactive`), searched by code, name or category. */
export const productsQuery = (q = "", includeInactive = false) =>
  queryOptions({
    queryKey: [...productsKey, "list", q.trim(), includeInactive] as const,
    queryFn: ({ signal }) =>
      api<{ items: Product[] }>("GET", "/api/products", {
        query: { q: q.trim() || undefined, includeInactive: includeInactive ? "true" : undefined },
        signal,
      }).then((answer) => answer.items),
    meta: { topics: [productsTopic] },
  });

export function createProduct(body: ProductCreate, idempotencyKey?: string) {
  return api<Product>("POST", "/api/products", { body, idempotencyKey });
}

export function patchProduct(id: string, version: number, body: ProductPatch) {
  return api<Product>("PATCH", `/api/products/${encodeURIComponent(id)}`, { body, version });
}
