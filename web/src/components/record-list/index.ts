/**
 * RecordList — the list screen every object uses (companies, users, audit, later contacts…).
 *
 * ```tsx
 * <RecordList<Company>
 *   id="companies"                                // stable id: test ids, remembered column layout
 *   title={t(title)}  actions={<Button>…</Button>}   // page heading + buttons (the list fills the viewport height)
 *   queryKey={["companies", "list"]}              // cache key prefix (starts with the object plural)
 *   topics={["list:companies"]}                   // live topics → refetch by itself
 *   fetcher={restFetcher<Company>("/api/companies")}   // (params) => Promise<{items, nextCursor, total?}>
 *   getRowId={(c) => c.id}
 *   columns={columns}  filters={filters}  defaultSort="name"
 *   viewsObject="companies"                       // saved views menu (GET/POST/PATCH/DELETE /api/views)
 *   exportUrl="/api/companies/export.csv"         // CSV link with the current q/filters/sort
 *   moreExports={[{ url, label, hint, icon, testId }]}   // other formats beside it (same q/filters/sort)
 *   bulkActions={[{ id: "delete", label: "companies:bulk.delete", color: "red", run: async (ids) => {…} }]}
 *   onOpen={(c) => navigate({ to: "/companies/$id", params: { id: c.id } })}
 *   empty={{ title: t(empty), description: t(emptyHint), action: <Button/> }}
 * />
 * ```
 *
 * Props (types.ts has the full comments):
 * - `fetcher(params)`: params = { q, filters: Record<id,string>, sort?: "key" | "-key", limit, cursor?, withTotal, signal }.
 *   `restFetcher(path, extra?)` builds the usual one (q, sort, filter[id]=…, limit, cursor, withTotal=true).
 * - `columns: RecordColumn<T>[]` — { id, label (namespaced i18n key), cell(row) → ReactNode, sortKey? (server sort
 *   key; header click toggles key / -key), sortFirst? "asc"|"desc", hideable? (default true), defaultVisible?
 *   (default true), width? (CSS grid track, default "minmax(140px, 1fr)"), align?, primary? (card title on phones) }.
 * - `filters: RecordFilter[]` — { id (sent as filter[id]), label (i18n key), kind: "text" | "select" | "boolean" |
 *   "user" | "reference" | "date", options? [{value, label}] for select (labels already translated),
 *   reference? { queryKey, search(q) → options, resolve?(value) → option } }. Values are strings.
 * - Cells: `TextCell` (one line, dash when empty), `RecordLink` (the row's record), `DateCell`, `TimeAgoCell`.
 * - `bulkActions: BulkAction<T>[]` — { id, label (i18n key), icon?, color?, run(ids, rows) → Promise<void | false> } — adds a
 *   checkbox column, "select all loaded" and a floating action bar; the selection clears after run unless it returns false.
 * - `defaultSort`, `pageSize` (default 100), `searchPlaceholder` (i18n key), `urlState` (default true: q, sort, view
 *   and f.<filter> live in the URL search; a string prefixes the keys; false keeps them in memory), `height`.
 *
 * Behaviour: debounced search ("/" focuses it), filter popover (bottom drawer on phones) with removable chips,
 * server-side sort, keyset paging with infinite scroll and a "load more" button, total count, column chooser
 * (show/hide + order, remembered per device, stored in saved views), saved views (the default view opens the list
 * when the URL carries no list state), virtualized rows (thousands stay smooth), keyboard (arrows, Home/End,
 * Enter opens, Space selects), skeleton / empty / no-matches (with "clear filters") / error-with-retry states,
 * and a card list below 48em.
 *
 * Test ids (with `id` = the list id): `<id>-list`, `<id>-search`, `<id>-filters` (button), `<id>-filter-popover`,
 * `<id>-filter-drawer`, `filter-<filterId>` (inputs), `filter-chip-<filterId>`, `<id>-count`, `<id>-row` (each row,
 * with `data-row-id`), `row-select`, `<id>-select-all`, `<id>-bulk-bar`, `bulk-<actionId>`, `<id>-load-more`,
 * `<id>-clear-filters`, `<id>-loading`, `<id>-columns`, `<id>-columns-popover`, `column-toggle-<columnId>`,
 * `column-<columnId>` (header), `<id>-views`, `<id>-views-menu`, `saved-view`, `view-save-as`, `view-update`,
 * `view-make-default`, `view-delete`, `view-dialog`, `view-name`, `view-dialog-save`, `<id>-export`.
 */
export { RecordList } from "./RecordList";
export { restFetcher } from "./fetcher";
export { TextCell, RecordLink, DateCell, TimeAgoCell } from "./cells";
export type { BulkAction, FilterOption, ListExport, ListPage, ListParams, RecordColumn, RecordFilter, RecordListProps } from "./types";
export { exportHref, toApiQuery, type ListState } from "./list-state";
