import { useMemo } from "react";
import { queryOptions, useQuery } from "@tanstack/react-query";
import type { DimensionKind, DimensionList } from "@relata/contracts";
import { api } from "../../lib/api";
import { dimensionLabelIn, dimensionOptions, groupByKind, labelOfKey } from "./values";

/** The live topic the server announces changes of any value list on. */
export const dimensionsTopic = "list:dimensions";
/** Every key under ["dimensions"] is refreshed after a change. */
export const dimensionsQueryKey = ["dimensions", "all"] as const;

/** The one query of every value list (archived values too: records still show them). */
export const dimensionsQuery = queryOptions({
  queryKey: dimensionsQueryKey,
  queryFn: ({ signal }) =>
    api<DimensionList>("GET", "/api/dimensions", { query: { includeArchived: "true" }, signal }).then((answer) => answer.items),
  staleTime: 5 * 60_000,
  meta: { topics: [dimensionsTopic] },
});

/**
 * The value lists by kind, kept fresh by the live topic, with helpers in the reader's language:
 * `label(kind, key)`, `options(kind, current?)` for forms and filters, `allOptions(kind)` for histories.
 */
export function useDimensions(language: string, options: { enabled?: boolean } = {}) {
  const query = useQuery({ ...dimensionsQuery, enabled: options.enabled ?? true });
  const lists = useMemo(() => groupByKind(query.data ?? []), [query.data]);
  // Stable while the lists and the language are: screens use them in their own memos.
  const helpers = useMemo(
    () => ({
      lists,
      label: (kind: DimensionKind, key: string | null | undefined) => labelOfKey(lists[kind], key, language),
      options: (kind: DimensionKind, current?: string | null, archivedSuffix?: string) =>
        dimensionOptions(lists[kind], language, current, archivedSuffix),
      /** Every value, archived ones too (to show what records and histories hold). */
      allOptions: (kind: DimensionKind) =>
        lists[kind].map((value) => ({ value: value.key, label: dimensionLabelIn(value.labels, language) })),
    }),
    [lists, language],
  );
  return { query, ...helpers };
}
