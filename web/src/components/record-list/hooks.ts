import { useCallback, useMemo, useState } from "react";
import { useNavigate, useRouterState } from "@tanstack/react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { SavedView, SavedViewObject } from "@relata/contracts";
import { api } from "../../lib/api";
import { emptyListState, mergeListSearch, parseListSearch, type ListState, type ViewState } from "./list-state";
import { defaultLayout, layoutFromSaved, withNewColumns, type ColumnLayout, type ColumnMeta } from "./columns";

export type SetListState = (next: ListState | ((previous: ListState) => ListState), options?: { replace?: boolean }) => void;

/**
 * The list's q / filters / sort / view: in the URL (so the list can be linked and Back works) or,
 * with `urlState: false`, in memory. A string `urlState` prefixes the URL keys.
 */
export function useListState(urlState: boolean | string, knownFilters: readonly string[]) {
  const inUrl = urlState !== false;
  const prefix = typeof urlState === "string" ? urlState : "";
  const search = useRouterState({ select: (state) => state.location.search as Record<string, unknown> });
  const navigate = useNavigate();
  const [local, setLocal] = useState<ListState>(emptyListState);
  const filtersKey = knownFilters.join("|");
  const fromUrl = useMemo(() => parseListSearch(search, prefix, filtersKey ? filtersKey.split("|") : []), [search, prefix, filtersKey]);
  // A stable object while nothing changed, so query keys and effects do not churn.
  const fromUrlKey = JSON.stringify(fromUrl);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the serialized state on purpose
  const stableFromUrl = useMemo(() => fromUrl, [fromUrlKey]);
  const state = inUrl ? stableFromUrl : local;

  const setState: SetListState = useCallback(
    (next, options) => {
      if (!inUrl) {
        setLocal((previous) => (typeof next === "function" ? next(previous) : next));
        return;
      }
      void navigate({
        to: ".",
        search: ((previous: Record<string, unknown>) => {
          const current = parseListSearch(previous, prefix, filtersKey ? filtersKey.split("|") : []);
          return mergeListSearch(previous, typeof next === "function" ? next(current) : next, prefix);
        }) as never,
        replace: options?.replace ?? false,
        resetScroll: false,
      });
    },
    [inUrl, navigate, prefix, filtersKey],
  );
  return { state, setState, search, prefix, inUrl };
}

const storagePrefix = "relata.list.";

function readStoredColumns(listId: string): string[] | undefined {
  try {
    const raw = localStorage.getItem(`${storagePrefix}${listId}.columns`);
    const parsed: unknown = raw ? JSON.parse(raw) : undefined;
    return Array.isArray(parsed) && parsed.every((item) => typeof item === "string") ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The column layout, remembered per list on this device (a saved view can override it). */
export function useColumnLayout(listId: string, defs: readonly ColumnMeta[]) {
  const [stored, setLayoutState] = useState<ColumnLayout>(() => layoutFromSaved(defs, readStoredColumns(listId)));
  const layout = useMemo(() => withNewColumns(stored, defs), [stored, defs]);
  const setLayout = useCallback(
    (next: ColumnLayout) => {
      setLayoutState(next);
      try {
        localStorage.setItem(`${storagePrefix}${listId}.columns`, JSON.stringify(next.order.filter((id) => next.visible[id])));
      } catch {
        // private mode or full storage: the layout still applies for this visit
      }
    },
    [listId],
  );
  const reset = useCallback(() => {
    setLayoutState(defaultLayout(defs));
    try {
      localStorage.removeItem(`${storagePrefix}${listId}.columns`);
    } catch {
      // ignore
    }
  }, [defs, listId]);
  return { layout, setLayout, reset };
}

export const viewsQueryKey = (object: SavedViewObject) => ["views", object] as const;

/** The signed-in user's saved views of one list, and the calls to change them. */
export function useSavedViews(object: SavedViewObject | undefined) {
  const queryClient = useQueryClient();
  const key = viewsQueryKey(object ?? "companies");
  const views = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api<{ items: SavedView[] }>("GET", "/api/views", { query: { object }, signal }).then((page) => page.items),
    enabled: !!object,
    staleTime: 60_000,
  });
  const invalidate = () => queryClient.invalidateQueries({ queryKey: key });
  const create = useMutation({
    mutationFn: (input: { name: string; state: ViewState; isDefault: boolean }) =>
      api<SavedView>("POST", "/api/views", { body: { object, ...input } }),
    onSuccess: invalidate,
  });
  const update = useMutation({
    mutationFn: (input: { view: SavedView; patch: { name?: string; state?: ViewState; isDefault?: boolean } }) =>
      api<SavedView>("PATCH", `/api/views/${input.view.id}`, { body: input.patch, version: input.view.version }),
    onSettled: invalidate,
  });
  const remove = useMutation({
    mutationFn: (view: SavedView) => api<void>("DELETE", `/api/views/${view.id}`, { version: view.version }),
    onSettled: invalidate,
  });
  return { views, create, update, remove };
}
