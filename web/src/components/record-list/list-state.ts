/**
 * The state of a list screen (search text, filters, sort, chosen saved view) and how it maps to
 * the URL, to the API query and to a saved view. Pure functions: unit-tested in list-state.test.ts.
 */

export type ListState = {
  q: string;
  /** Filter id → value, as sent in `filter[<id>]=<value>`. */
  filters: Record<string, string>;
  /** Server sort key, `name` or `-name` (descending); undefined = the list's default. */
  sort?: string;
  /** The saved view this state started from. */
  view?: string;
};

export const emptyListState: ListState = { q: "", filters: {} };

/** The shape a saved view stores (contracts: savedViewState). */
export type ViewState = { q?: string; filters?: Record<string, string>; sort?: string; columns?: string[] };

const filterPrefix = "f.";

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/** Key names in the URL; a prefix lets two lists share one page. */
export function searchKeys(prefix = "") {
  return { q: `${prefix}q`, sort: `${prefix}sort`, view: `${prefix}view`, filter: `${prefix}${filterPrefix}` };
}

/**
 * Reads list state from the router's parsed search object. The router JSON-parses values, so
 * `?f.level=2` arrives as the number 2: everything is turned back into strings here.
 */
export function parseListSearch(search: Record<string, unknown>, prefix = "", knownFilters?: readonly string[]): ListState {
  const keys = searchKeys(prefix);
  const filters: Record<string, string> = {};
  for (const [key, raw] of Object.entries(search)) {
    if (!key.startsWith(keys.filter)) continue;
    const id = key.slice(keys.filter.length);
    const value = text(raw);
    if (!id || value === undefined || value === "") continue;
    if (knownFilters && !knownFilters.includes(id)) continue;
    filters[id] = value;
  }
  const state: ListState = { q: text(search[keys.q]) ?? "", filters };
  const sort = text(search[keys.sort]);
  if (sort) state.sort = sort;
  const view = text(search[keys.view]);
  if (view) state.view = view;
  return state;
}

/** Whether the URL carries any list state at all (if not, the default view may be applied). */
export function hasListSearch(search: Record<string, unknown>, prefix = ""): boolean {
  const keys = searchKeys(prefix);
  return Object.keys(search).some((key) => key === keys.q || key === keys.sort || key === keys.view || key.startsWith(keys.filter));
}

/**
 * How a value goes into the router's search object. The router writes strings that look like
 * numbers or booleans with JSON quotes (`%222%22`); giving it the number or boolean itself keeps
 * the URL readable, and parseListSearch turns them back into the same string.
 */
export function urlValue(value: string): string | number | boolean {
  if (value === "true") return true;
  if (value === "false") return false;
  if (/^-?(0|[1-9]\d{0,14})$/.test(value)) return Number(value);
  return value;
}

/** The next search object: other keys kept, this list's keys replaced (empty ones dropped). */
export function mergeListSearch(previous: Record<string, unknown>, state: ListState, prefix = ""): Record<string, unknown> {
  const keys = searchKeys(prefix);
  const next: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(previous)) {
    if (key === keys.q || key === keys.sort || key === keys.view || key.startsWith(keys.filter)) continue;
    next[key] = value;
  }
  if (state.q.trim()) next[keys.q] = urlValue(state.q);
  for (const [id, value] of Object.entries(state.filters).sort(([a], [b]) => a.localeCompare(b))) {
    if (value !== "") next[`${keys.filter}${id}`] = urlValue(value);
  }
  if (state.sort) next[keys.sort] = state.sort;
  if (state.view) next[keys.view] = state.view;
  return next;
}

/** Query parameters for the list API and the CSV export: q, sort, filter[<id>]. */
export function toApiQuery(state: Pick<ListState, "q" | "filters" | "sort">): Record<string, string> {
  const query: Record<string, string> = {};
  const q = state.q.trim();
  if (q) query.q = q;
  if (state.sort) query.sort = state.sort;
  for (const [id, value] of Object.entries(state.filters)) if (value !== "") query[`filter[${id}]`] = value;
  return query;
}

/** A link to the CSV export with the list's current search, filters and sort. */
export function exportHref(base: string, state: Pick<ListState, "q" | "filters" | "sort">): string {
  const params = new URLSearchParams(toApiQuery(state));
  const query = params.toString();
  return query ? `${base}${base.includes("?") ? "&" : "?"}${query}` : base;
}

export function activeFilterCount(state: Pick<ListState, "filters">): number {
  return Object.values(state.filters).filter((value) => value !== "").length;
}

/** What a saved view stores for the current state. */
export function toViewState(state: ListState, columns?: string[]): ViewState {
  const view: ViewState = {};
  if (state.q.trim()) view.q = state.q.trim();
  const filters = Object.fromEntries(Object.entries(state.filters).filter(([, value]) => value !== ""));
  if (Object.keys(filters).length) view.filters = filters;
  if (state.sort) view.sort = state.sort;
  if (columns) view.columns = columns;
  return view;
}

/** The list state a saved view restores. */
export function fromViewState(viewId: string, view: ViewState, knownFilters?: readonly string[]): ListState {
  const filters = Object.fromEntries(
    Object.entries(view.filters ?? {}).filter(([id, value]) => value !== "" && (!knownFilters || knownFilters.includes(id))),
  );
  const state: ListState = { q: view.q ?? "", filters, view: viewId };
  if (view.sort) state.sort = view.sort;
  return state;
}

function sameFilters(a: Record<string, string>, b: Record<string, string>): boolean {
  const aKeys = Object.keys(a).filter((key) => a[key] !== "");
  const bKeys = Object.keys(b).filter((key) => b[key] !== "");
  return aKeys.length === bKeys.length && aKeys.every((key) => a[key] === b[key]);
}

function sameColumns(a: string[] | undefined, b: string[] | undefined): boolean {
  if (!a || !b) return true; // a view without columns does not pin them
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/** Whether the state on screen still equals the saved view (else the view shows as modified). */
export function matchesView(state: ListState, columns: string[] | undefined, view: ViewState, defaultSort?: string): boolean {
  return (
    state.q.trim() === (view.q ?? "").trim() &&
    sameFilters(state.filters, view.filters ?? {}) &&
    (state.sort ?? defaultSort) === (view.sort ?? defaultSort) &&
    sameColumns(columns, view.columns)
  );
}

export type SortDirection = "asc" | "desc";

export function parseSort(sort: string | undefined): { key: string; direction: SortDirection } | undefined {
  if (!sort) return undefined;
  return sort.startsWith("-") ? { key: sort.slice(1), direction: "desc" } : { key: sort, direction: "asc" };
}

/** Clicking a header: the first click sorts by `first` (asc unless said otherwise), the next flips it. */
export function nextSort(current: string | undefined, key: string, first: SortDirection = "asc"): string {
  const parsed = parseSort(current);
  if (parsed?.key === key) return parsed.direction === "asc" ? `-${key}` : key;
  return first === "desc" ? `-${key}` : key;
}

/** A range filter's value `min..max` (either side may be empty; a bare value is both) → its bounds. */
export function parseRange(value: string): { min: string; max: string } {
  const [min = "", max = ""] = value.includes("..") ? value.split("..") : [value, value];
  return { min, max };
}

/** Bounds → `min..max`, or null when both are empty. */
export function rangeValue(min: string, max: string): string | null {
  return min || max ? `${min}..${max}` : null;
}
