import { api } from "../../lib/api";
import { toApiQuery } from "./list-state";
import type { ListPage, ListParams } from "./types";

/**
 * The usual fetcher: GET `path` with q, sort, filter[…], limit, cursor and withTotal, answering
 * `{ items, nextCursor, total? }`. `extra` adds fixed query parameters.
 */
export function restFetcher<T>(path: string, extra?: Record<string, string>) {
  return (params: ListParams): Promise<ListPage<T>> =>
    api<ListPage<T>>("GET", path, {
      query: {
        ...extra,
        ...toApiQuery({ q: params.q, filters: params.filters, sort: params.sort }),
        limit: params.limit,
        cursor: params.cursor,
        withTotal: params.withTotal ? "true" : undefined,
      },
      signal: params.signal,
    }).then((page) => ({ items: page.items, nextCursor: page.nextCursor ?? null, total: page.total }));
}
