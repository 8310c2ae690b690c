import type { ReactNode } from "react";
import type { SavedViewObject } from "@relata/contracts";

/** What the list asks its fetcher for. `filters` are sent as `filter[<id>]=<value>`. */
export type ListParams = {
  q: string;
  filters: Record<string, string>;
  /** `key` or `-key`; undefined = the server's default */
  sort: string | undefined;
  limit: number;
  cursor: string | undefined;
  /** true on the first page only: the total count is asked for once per search */
  withTotal: boolean;
  signal?: AbortSignal;
};

/** One keyset page, as every list endpoint answers. */
export type ListPage<T> = { items: T[]; nextCursor: string | null; total?: number; totalEstimated?: true };

export type RecordColumn<T> = {
  id: string;
  /** i18n key of the header, namespaced (`companies:column.name`) */
  label: string;
  /** What the cell shows. */
  cell: (row: T) => ReactNode;
  /** Server sort key; makes the header clickable (`key` ↔ `-key`). */
  sortKey?: string;
  /** The direction of the first click (dates usually start with newest first). Default asc. */
  sortFirst?: "asc" | "desc";
  /** false = always shown (the column chooser cannot hide it). Default true. */
  hideable?: boolean;
  /** false = hidden until the user shows it. Default true. */
  defaultVisible?: boolean;
  /** CSS grid track of the column, e.g. `minmax(220px, 2fr)` or `120px`. Default `minmax(140px, 1fr)`. */
  width?: string;
  align?: "left" | "right";
  /** The card title on phones (the first column when none is marked). */
  primary?: boolean;
};

export type FilterOption = { value: string; label: string };

/**
 * A filter the user can set. The value is always a string (it travels in the URL, the API query
 * and saved views).
 *  - text: free text
 *  - select: one of `options` (display labels, already translated or data)
 *  - boolean: yes / no (values "true" / "false")
 *  - user: a user picked from the staff directory (/api/users)
 *  - reference: a record picked through `search` (and `resolve` for the chip's label)
 *  - date: a date (YYYY-MM-DD)
 *  - multiselect: several of `options`, sent comma separated (`a,b`)
 *  - range: from–to of numbers or dates (`range`), sent as `min..max` (either side may be empty)
 */
export type RecordFilter = {
  id: string;
  /** i18n key, namespaced */
  label: string;
  kind: "text" | "select" | "boolean" | "user" | "reference" | "date" | "multiselect" | "range";
  /** select / multiselect: the choices; user: extra choices with fixed labels (e.g. "me") */
  options?: FilterOption[];
  /** range: what the bounds are (default number) */
  range?: "number" | "date";
  reference?: {
    /** Cache key of the lookups, e.g. ["companies", "picker"] */
    queryKey: readonly unknown[];
    search: (q: string) => Promise<FilterOption[]>;
    resolve?: (value: string) => Promise<FilterOption | null>;
  };
};

export type ListExport = {
  /** Base URL; q/filters/sort are appended */
  url: string;
  /** i18n keys, namespaced: the button's name and its tooltip */
  label: string;
  hint: string;
  icon: ReactNode;
  testId: string;
};

export type BulkAction<T = unknown> = {
  id: string;
  /** i18n key, namespaced */
  label: string;
  icon?: ReactNode;
  color?: string;
  /** Runs with the selected ids (and their loaded rows). Resolve `false` to keep the selection. */
  run: (ids: string[], rows: T[]) => Promise<boolean | void> | boolean | void;
};

export type RecordListProps<T> = {
  /** Stable id of this list (remembers the column layout on this device, names test ids). */
  id: string;
  /** Cache key prefix; starts with the object plural, e.g. ["companies", "list"]. */
  queryKey: readonly unknown[];
  /** Live topics that make the list refetch, e.g. ["list:companies"]. */
  topics?: string[];
  fetcher: (params: ListParams) => Promise<ListPage<T>>;
  getRowId: (row: T) => string;
  columns: RecordColumn<T>[];
  filters?: RecordFilter[];
  /** The sort the server uses when none is sent (shown on the header). */
  defaultSort?: string;
  /** Rows per request; default 100 (server maximum 200). */
  pageSize?: number;
  /** Saved views of this object (GET/POST/PATCH/DELETE /api/views); omit to hide the views menu. */
  viewsObject?: SavedViewObject;
  /** Base URL of the CSV export (q/filters/sort are appended); omit to hide the button. */
  exportUrl?: string;
  /** Exports in other formats beside it, following the same search, filters and sort (e.g. vCards). */
  moreExports?: ListExport[];
  /** Actions on the selected rows; when given, a checkbox column appears. */
  bulkActions?: BulkAction<T>[];
  /** Row click / Enter. */
  onOpen?: (row: T) => void;
  /** Heading of the page (rendered by the list so it can own the full height). */
  title?: ReactNode;
  /** Buttons next to the heading (e.g. "New company"). */
  actions?: ReactNode;
  /** i18n key of the search box placeholder. */
  searchPlaceholder?: string;
  /** Shown when the list is empty without filters. */
  empty?: { title: string; description?: string; action?: ReactNode };
  /** false = keep q/filters/sort in memory instead of the URL; a string = URL key prefix. Default true. */
  urlState?: boolean | string;
  /** Height of the list; default: the rest of the viewport. */
  height?: string;
};
