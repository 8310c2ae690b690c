import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  ActionBar,
  ActionIcon,
  Box,
  Button,
  Checkbox,
  CloseButton,
  Group,
  Loader,
  Progress,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
  UnstyledButton,
} from "@mantine/core";
import { useHotkeys, useMediaQuery } from "@mantine/hooks";
import { IconArrowDown, IconArrowUp, IconArrowsSort, IconDownload, IconFilterOff, IconRefresh, IconSearch } from "@tabler/icons-react";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { getCoreRowModel, useReactTable, type ColumnDef, type RowSelectionState } from "@tanstack/react-table";
import { useTranslation } from "react-i18next";
import type { SavedView } from "@relata/contracts";
import { listCountCap } from "@relata/contracts/plain";
import { useFormat } from "../../lib/session";
import { EmptyState, ErrorState } from "../states";
import { toast } from "../dialogs";
import { ColumnChooser } from "./ColumnChooser";
import { ListBody, cardHeight, rowHeight } from "./ListBody";
import { FilterButton, FilterChips } from "./FilterBar";
import { ViewsMenu } from "./ViewsMenu";
import { useColumnLayout, useListState, useSavedViews } from "./hooks";
import { activeFilterCount, exportHref, fromViewState, hasListSearch, matchesView, nextSort, parseSort, toViewState } from "./list-state";
import { layoutFromSaved, savedFromLayout } from "./columns";
import type { ListExport, RecordColumn, RecordListProps } from "./types";
import classes from "./record-list.module.css";

const defaultWidth = "minmax(140px, 1fr)";
const checkWidth = 44;

/** The smallest width a grid track needs (for horizontal scrolling instead of squeezing). */
function minWidthOf(track: string): number {
  const match = /^(?:minmax\()?\s*(\d+)px/.exec(track);
  return match ? Number(match[1]) : 140;
}

/**
 * A searchable, filterable, sortable, virtualized list of records backed by a keyset-paged API.
 * See index.ts for the props.
 */
export function RecordList<T>(props: RecordListProps<T>) {
  const {
    id: listId,
    queryKey,
    topics,
    fetcher,
    getRowId,
    columns,
    filters = [],
    defaultSort,
    pageSize = 100,
    viewsObject,
    exportUrl,
    moreExports = [],
    bulkActions,
    onOpen,
    title,
    actions,
    searchPlaceholder,
    empty,
    urlState = true,
    height,
  } = props;
  const { t } = useTranslation("components");
  const format = useFormat();
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false }) ?? false;
  const knownFilters = useMemo(() => filters.map((filter) => filter.id), [filters]);
  const { state, setState, search, prefix, inUrl } = useListState(urlState, knownFilters);
  const urlHasState = inUrl && hasListSearch(search, prefix);
  const effectiveSort = state.sort ?? defaultSort;
  const { layout, setLayout, reset: resetLayout } = useColumnLayout(listId, columns);
  const selectable = !!bulkActions?.length;

  // ── Saved views: the default one opens the list when the URL says nothing else ──
  const { views } = useSavedViews(viewsObject);
  const [viewsSettled, setViewsSettled] = useState(() => !viewsObject || urlHasState);
  const savedViews = views.data;
  const applyView = useCallback(
    (view: SavedView, replace = false) => {
      setState(fromViewState(view.id, view.state, knownFilters), { replace });
      if (view.state.columns) setLayout(layoutFromSaved(columns, view.state.columns));
    },
    [columns, knownFilters, setLayout, setState],
  );
  const firstLook = useRef(true);
  useEffect(() => {
    if (!viewsObject || !firstLook.current || views.isPending) return;
    firstLook.current = false;
    const items = savedViews ?? [];
    const linked = state.view ? items.find((view) => view.id === state.view) : undefined;
    if (linked) {
      // A link to a view: its columns apply; its filters too when the link carries nothing else.
      const onlyView = !state.q && !state.sort && Object.keys(state.filters).length === 0;
      if (onlyView) applyView(linked, true);
      else if (linked.state.columns) setLayout(layoutFromSaved(columns, linked.state.columns));
    } else if (!urlHasState) {
      const preferred = items.find((view) => view.isDefault);
      if (preferred) applyView(preferred, true);
    }
    setViewsSettled(true);
  }, [viewsObject, views.isPending, savedViews, urlHasState, state, applyView, setLayout, columns]);

  const currentView = savedViews?.find((view) => view.id === state.view);
  const savedColumns = savedFromLayout(layout);
  const modified = !!currentView && !matchesView(state, savedColumns, currentView.state, defaultSort);

  // ── Data ──
  const dataKey = useMemo(() => ({ q: state.q.trim(), filters: state.filters, sort: state.sort }), [state.q, state.filters, state.sort]);
  const query = useInfiniteQuery({
    queryKey: [...queryKey, dataKey],
    queryFn: ({ pageParam, signal }) =>
      fetcher({
        q: dataKey.q,
        filters: dataKey.filters,
        sort: dataKey.sort,
        limit: pageSize,
        cursor: pageParam,
        withTotal: pageParam === undefined,
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled: viewsSettled,
    meta: { topics },
  });
  const rows = useMemo(() => {
    const seen = new Set<string>();
    const out: T[] = [];
    for (const page of query.data?.pages ?? []) {
      for (const item of page.items) {
        const rowId = getRowId(item);
        if (seen.has(rowId)) continue;
        seen.add(rowId);
        out.push(item);
      }
    }
    return out;
  }, [query.data, getRowId]);
  const total = query.data?.pages[0]?.total;
  // Big lists are not counted one by one: their total is the database's estimate ("about 26,960 records").
  const totalEstimated = query.data?.pages[0]?.totalEstimated === true;
  const filterCount = activeFilterCount(state);
  const searching = filterCount > 0 || !!state.q.trim();

  // ── Selection (cleared when the search changes) ──
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const selectionKey = JSON.stringify(dataKey);
  const [selectionFor, setSelectionFor] = useState(selectionKey);
  if (selectionFor !== selectionKey) {
    setSelectionFor(selectionKey);
    setRowSelection({});
  }

  // ── Column model (TanStack Table: order, visibility, selection) ──
  const columnDefs = useMemo<ColumnDef<T>[]>(
    () => columns.map((column) => ({ id: column.id, header: column.label, cell: (info) => column.cell(info.row.original), meta: column })),
    [columns],
  );
  const table = useReactTable({
    data: rows,
    columns: columnDefs,
    getRowId: (row) => getRowId(row),
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualFiltering: true,
    enableRowSelection: selectable,
    state: { columnOrder: layout.order, columnVisibility: layout.visible, rowSelection },
    onRowSelectionChange: setRowSelection,
  });
  const visibleKey = savedFromLayout(layout).join("|");
  const visibleColumns = useMemo(() => {
    const byId = new Map(columns.map((column) => [column.id, column]));
    return visibleKey
      .split("|")
      .map((id) => byId.get(id))
      .filter((column): column is RecordColumn<T> => !!column);
  }, [columns, visibleKey]);
  const template = `${selectable ? `${checkWidth}px ` : ""}${visibleColumns.map((column) => column.width ?? defaultWidth).join(" ")}`;
  const minWidth =
    (selectable ? checkWidth : 0) + visibleColumns.reduce((sum, column) => sum + minWidthOf(column.width ?? defaultWidth), 0);
  const tableRows = table.getRowModel().rows;
  const selectedRows = tableRows.filter((row) => row.getIsSelected());
  const selectedIds = selectedRows.map((row) => row.id);
  const primary = visibleColumns.find((column) => column.primary) ?? visibleColumns[0];

  const { hasNextPage, isFetchingNextPage, fetchNextPage, isFetchNextPageError } = query;

  // ── Search box: typed text applies after a pause ──
  const [searchText, setSearchText] = useState(state.q);
  const committed = useRef(state.q);
  useEffect(() => {
    if (state.q !== committed.current) {
      committed.current = state.q;
      setSearchText(state.q);
    }
  }, [state.q]);
  const searchTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const commitSearch = (value: string) => {
    clearTimeout(searchTimer.current);
    committed.current = value;
    setState((previous) => ({ ...previous, q: value }), { replace: true });
  };
  useEffect(() => () => clearTimeout(searchTimer.current), []);
  const searchRef = useRef<HTMLInputElement>(null);
  useHotkeys([["/", () => searchRef.current?.focus()]]);

  const setFilter = (filterId: string, value: string | null) =>
    setState((previous) => {
      const next = { ...previous.filters };
      if (value) next[filterId] = value;
      else delete next[filterId];
      return { ...previous, filters: next };
    });
  const clearFilters = () => {
    committed.current = "";
    setSearchText("");
    setState((previous) => ({ ...previous, q: "", filters: {} }));
  };
  const sortBy = (column: RecordColumn<T>) => {
    if (!column.sortKey) return;
    setState((previous) => ({ ...previous, sort: nextSort(previous.sort ?? defaultSort, column.sortKey!, column.sortFirst) }));
  };

  const runBulk = async (action: NonNullable<RecordListProps<T>["bulkActions"]>[number]) => {
    try {
      const keep = await action.run(
        selectedIds,
        selectedRows.map((row) => row.original),
      );
      if (keep !== false) setRowSelection({});
    } catch (error) {
      toast.error(error);
    }
  };

  const countText =
    total !== undefined
      ? totalEstimated && total <= listCountCap + 1
        ? // Statistics not yet gathered (right after an import): the estimate says no more than "over the cap".
          t("list.countMore", { count: listCountCap, formatted: format.number(listCountCap) })
        : t(totalEstimated ? "list.countAbout" : "list.count", { count: total, formatted: format.number(total) })
      : query.data
        ? t(hasNextPage ? "list.countMore" : "list.count", { count: rows.length, formatted: format.number(rows.length) })
        : "";
  const sorted = parseSort(effectiveSort);

  // ── Rendering ──
  const header = !phone && (
    <div className={classes.header} role="row" style={{ gridTemplateColumns: template, minWidth }}>
      {selectable && (
        <div role="columnheader" className={classes.checkCell}>
          <Checkbox
            size="xs"
            aria-label={t("list.selectAllLoaded")}
            checked={table.getIsAllRowsSelected()}
            indeterminate={table.getIsSomeRowsSelected()}
            onChange={table.getToggleAllRowsSelectedHandler()}
            disabled={tableRows.length === 0}
            data-testid={`${listId}-select-all`}
          />
        </div>
      )}
      {visibleColumns.map((column) => {
        const label = t(column.label);
        const active = column.sortKey && sorted?.key === column.sortKey ? sorted.direction : undefined;
        return (
          <div
            key={column.id}
            role="columnheader"
            aria-sort={active === "asc" ? "ascending" : active === "desc" ? "descending" : column.sortKey ? "none" : undefined}
            className={`${classes.headerCell} ${column.align === "right" ? classes.right : ""}`}
            data-testid={`column-${column.id}`}
          >
            {column.sortKey ? (
              <UnstyledButton className={classes.sortButton} onClick={() => sortBy(column)} title={t("list.sortBy", { name: label })}>
                <span style={{ overflow: "hidden", textOverflow: "ellipsis" }}>{label}</span>
                {active === "asc" ? (
                  <IconArrowUp size={14} aria-hidden />
                ) : active === "desc" ? (
                  <IconArrowDown size={14} aria-hidden />
                ) : (
                  <IconArrowsSort size={14} aria-hidden opacity={0.4} />
                )}
              </UnstyledButton>
            ) : (
              label
            )}
          </div>
        );
      })}
    </div>
  );

  let content;
  if (query.isError && !query.data) {
    content = (
      <Box p="md">
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </Box>
    );
  } else if (!query.data) {
    content = (
      <Stack gap={0} role="status" aria-label={t("common:state.loading")} data-testid={`${listId}-loading`}>
        {Array.from({ length: 10 }, (_, i) => (
          <Group
            key={i}
            px="sm"
            h={phone ? cardHeight : rowHeight}
            gap="md"
            wrap="nowrap"
            style={{ borderBottom: "1px solid var(--mantine-color-default-border)" }}
          >
            <Skeleton height={12} width={phone ? "60%" : "30%"} radius="sm" />
            {!phone && <Skeleton height={12} width="20%" radius="sm" />}
            {!phone && <Skeleton height={12} width="15%" radius="sm" />}
          </Group>
        ))}
      </Stack>
    );
  } else if (rows.length === 0) {
    content = searching ? (
      <EmptyState
        title={t("list.noMatches")}
        description={t("list.noMatchesHint")}
        action={
          <Button variant="light" leftSection={<IconFilterOff size={16} />} onClick={clearFilters} data-testid={`${listId}-clear-filters`}>
            {t("list.clearSearchAndFilters")}
          </Button>
        }
      />
    ) : (
      <EmptyState title={empty?.title ?? t("list.empty")} description={empty?.description} action={empty?.action} />
    );
  } else {
    content = null;
  }

  const footer =
    query.data && rows.length > 0 ? (
      <div className={classes.footer}>
        {isFetchNextPageError ? (
          <Group gap="xs">
            <Text size="sm" c="red">
              {t("list.moreFailed")}
            </Text>
            <Button size="xs" variant="light" leftSection={<IconRefresh size={14} />} onClick={() => void fetchNextPage()}>
              {t("common:action.retry")}
            </Button>
          </Group>
        ) : isFetchingNextPage ? (
          <Loader size="sm" aria-label={t("common:state.loading")} />
        ) : hasNextPage ? (
          <Button size="xs" variant="subtle" onClick={() => void fetchNextPage()} data-testid={`${listId}-load-more`}>
            {t("list.loadMore")}
          </Button>
        ) : (
          <Text size="xs" c="dimmed">
            {t("list.end")}
          </Text>
        )}
      </div>
    ) : null;

  const viewsMenu = viewsObject && (
    <ViewsMenu
      listId={listId}
      object={viewsObject}
      currentViewId={state.view}
      currentState={toViewState(state, savedColumns)}
      modified={modified}
      onApply={(view) => applyView(view)}
      onReset={() => {
        setState({ q: "", filters: {} });
        resetLayout();
      }}
      onSaved={(view) => setState((previous) => ({ ...previous, view: view.id }), { replace: true })}
      compact={phone}
    />
  );
  const columnChooser =
    !phone || visibleColumns.length > 1 ? (
      <ColumnChooser listId={listId} defs={columns} layout={layout} onChange={setLayout} onReset={resetLayout} />
    ) : null;
  const exports: ListExport[] = [
    ...(exportUrl
      ? [
          {
            url: exportUrl,
            label: "components:list.export",
            hint: "components:list.exportHint",
            icon: <IconDownload size={18} />,
            testId: `${listId}-export`,
          },
        ]
      : []),
    ...moreExports,
  ];
  const exportButton = exports.map((item) => (
    <Tooltip key={item.testId} label={t(item.hint)} withArrow>
      <ActionIcon
        component="a"
        href={exportHref(item.url, state)}
        download
        variant="default"
        size="lg"
        aria-label={t(item.label)}
        data-testid={item.testId}
      >
        {item.icon}
      </ActionIcon>
    </Tooltip>
  ));

  const searchBox = (
    <TextInput
      ref={searchRef}
      value={searchText}
      onChange={(event) => {
        const value = event.currentTarget.value;
        setSearchText(value);
        clearTimeout(searchTimer.current);
        searchTimer.current = setTimeout(() => commitSearch(value), 300);
      }}
      onKeyDown={(event) => {
        if (event.key === "Enter") commitSearch(searchText);
        if (event.key === "Escape" && searchText) {
          setSearchText("");
          commitSearch("");
        }
      }}
      leftSection={<IconSearch size={16} />}
      rightSection={
        searchText ? (
          <CloseButton
            size="sm"
            aria-label={t("list.clearSearch")}
            onClick={() => {
              setSearchText("");
              commitSearch("");
            }}
          />
        ) : undefined
      }
      placeholder={t(searchPlaceholder ?? "list.search")}
      aria-label={t(searchPlaceholder ?? "list.search")}
      style={{ flex: phone ? undefined : "0 1 320px", minWidth: 0 }}
      type="search"
      data-testid={`${listId}-search`}
    />
  );

  return (
    <Stack
      gap="sm"
      h={height ?? "calc(100dvh - var(--app-shell-header-offset, 0px) - 2 * var(--app-shell-padding, 0px))"}
      mih={phone ? 520 : 420}
      data-testid={`${listId}-list`}
    >
      {(title || actions) && (
        <Group justify="space-between" wrap="nowrap" gap="sm">
          {typeof title === "string" ? (
            <Title order={2} style={{ overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}>
              {title}
            </Title>
          ) : (
            title
          )}
          {actions && (
            <Group gap="xs" wrap="nowrap">
              {actions}
            </Group>
          )}
        </Group>
      )}
      {phone ? (
        <Stack gap="xs">
          {searchBox}
          <Group gap="xs" wrap="nowrap">
            {filters.length > 0 && (
              <FilterButton listId={listId} filters={filters} values={state.filters} onChange={setFilter} onClear={clearFilters} phone />
            )}
            <Group gap="xs" wrap="nowrap" ml="auto" style={{ minWidth: 0 }}>
              {viewsMenu}
              {columnChooser}
              {exportButton}
            </Group>
          </Group>
          {filterCount > 0 && (
            <Group gap={6} wrap="nowrap" style={{ overflowX: "auto", paddingBottom: 2 }}>
              <FilterChips filters={filters} values={state.filters} onChange={setFilter} />
            </Group>
          )}
        </Stack>
      ) : (
        <Group gap="xs" wrap="nowrap" align="flex-start">
          {searchBox}
          <Group gap={6} wrap="wrap" style={{ flex: 1, minWidth: 0 }}>
            {filters.length > 0 && (
              <FilterButton
                listId={listId}
                filters={filters}
                values={state.filters}
                onChange={setFilter}
                onClear={clearFilters}
                phone={false}
              />
            )}
            <FilterChips filters={filters} values={state.filters} onChange={setFilter} />
          </Group>
          <Group gap="xs" wrap="nowrap">
            {viewsMenu}
            {columnChooser}
            {exportButton}
          </Group>
        </Group>
      )}
      <Group justify="space-between" gap="xs" mt={-4} mih={20}>
        <Text size="sm" c="dimmed" aria-live="polite" data-testid={`${listId}-count`}>
          {countText}
        </Text>
        {query.isFetching && query.data && !isFetchingNextPage && (
          <Text size="xs" c="dimmed">
            {t("list.updating")}
          </Text>
        )}
      </Group>
      <div className={classes.frame}>
        {query.isFetching && query.isPlaceholderData && (
          <Progress className={classes.progress} value={100} animated size="xs" radius={0} aria-hidden />
        )}
        <ListBody<T>
          listId={listId}
          rows={tableRows}
          phone={phone}
          template={template}
          minWidth={minWidth}
          columns={visibleColumns}
          primary={primary}
          selectable={selectable}
          onOpen={onOpen}
          header={header}
          placeholder={content}
          footer={footer}
          more={{ hasNextPage, isFetchingNextPage, failed: isFetchNextPageError, fetchNextPage }}
          resetKey={selectionKey}
          ariaLabel={typeof title === "string" ? title : t("list.results")}
          ariaRowCount={total !== undefined && !totalEstimated ? total + 1 : -1}
          busy={query.isFetching}
        />
      </div>
      {selectable && (
        <ActionBar
          opened={selectedIds.length > 0}
          onClose={() => setRowSelection({})}
          aria-label={t("list.bulkActions")}
          zIndex={150}
          withinPortal={false}
          data-testid={`${listId}-bulk-bar`}
          shadow="md"
          radius="md"
        >
          <Text size="sm" fw={500} px="xs" style={{ whiteSpace: "nowrap" }}>
            {t("list.selected", { count: selectedIds.length, formatted: format.number(selectedIds.length) })}
          </Text>
          <ActionBar.Divider />
          {bulkActions!.map((action) =>
            phone && action.icon ? (
              <Tooltip key={action.id} label={t(action.label)} withArrow>
                <ActionIcon
                  size="lg"
                  variant="light"
                  color={action.color}
                  onClick={() => void runBulk(action)}
                  aria-label={t(action.label)}
                  data-testid={`bulk-${action.id}`}
                >
                  {action.icon}
                </ActionIcon>
              </Tooltip>
            ) : (
              <Button
                key={action.id}
                size="xs"
                variant="light"
                color={action.color}
                leftSection={action.icon}
                onClick={() => void runBulk(action)}
                data-testid={`bulk-${action.id}`}
              >
                {t(action.label)}
              </Button>
            ),
          )}
          <ActionBar.CloseButton aria-label={t("list.clearSelection")} />
        </ActionBar>
      )}
    </Stack>
  );
}
