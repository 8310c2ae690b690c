import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from "react";
import { Checkbox } from "@mantine/core";
import type { Row } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useTranslation } from "react-i18next";
import type { RecordColumn } from "./types";
import classes from "./record-list.module.css";

export const rowHeight = 44;
export const cardHeight = 112;

type Props<T> = {
  listId: string;
  rows: Row<T>[];
  phone: boolean;
  template: string;
  minWidth: number;
  columns: RecordColumn<T>[];
  primary: RecordColumn<T> | undefined;
  selectable: boolean;
  onOpen?: (row: T) => void;
  /** The sticky header row (desktop) */
  header: ReactNode;
  /** Shown instead of rows (loading, error, empty); null when there are rows */
  placeholder: ReactNode;
  footer: ReactNode;
  more: { hasNextPage: boolean; isFetchingNextPage: boolean; failed: boolean; fetchNextPage: () => Promise<unknown> };
  /** When it changes (a new search), the list scrolls back to the top */
  resetKey: string;
  ariaLabel: string;
  ariaRowCount: number;
  busy: boolean;
};

/**
 * The scrolling part of the list: virtualized rows (or cards on phones), infinite scroll and
 * keyboard navigation. It owns the virtualizer, so scrolling re-renders only this component and
 * only the rows whose props changed.
 */
export function ListBody<T>({
  listId,
  rows,
  phone,
  template,
  minWidth,
  columns,
  primary,
  selectable,
  onOpen,
  header,
  placeholder,
  footer,
  more,
  resetKey,
  ariaLabel,
  ariaRowCount,
  busy,
}: Props<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: placeholder ? 0 : rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => (phone ? cardHeight : rowHeight),
    overscan: 10,
    getItemKey: (index) => rows[index]?.id ?? index,
    scrollPaddingStart: phone ? 0 : 40,
  });
  const virtualItems = virtualizer.getVirtualItems();
  const lastVisible = virtualItems.at(-1)?.index ?? -1;
  const { hasNextPage, isFetchingNextPage, failed, fetchNextPage } = more;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && !failed && lastVisible >= rows.length - 20) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, failed, fetchNextPage, lastVisible, rows.length]);
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [resetKey]);

  // One row in the tab order; arrows move, Enter opens, Space selects.
  const [activeIndex, setActiveIndex] = useState(0);
  const focusRow = (index: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    setActiveIndex(next);
    virtualizer.scrollToIndex(next, { align: "auto" });
    requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`[data-row-index="${next}"]`)?.focus());
  };
  const onRowKeyDown = (event: KeyboardEvent<HTMLDivElement>, index: number) => {
    const row = rows[index];
    if (!row || event.target !== event.currentTarget) return;
    if (event.key === "ArrowDown") focusRow(index + 1);
    else if (event.key === "ArrowUp") focusRow(index - 1);
    else if (event.key === "Home") focusRow(0);
    else if (event.key === "End") focusRow(rows.length - 1);
    else if (event.key === "PageDown") focusRow(index + 10);
    else if (event.key === "PageUp") focusRow(index - 10);
    else if (event.key === "Enter" && onOpen) onOpen(row.original);
    else if (event.key === " " && selectable) row.toggleSelected();
    else return;
    event.preventDefault();
  };
  const onRowClick = (event: MouseEvent<HTMLDivElement>, index: number) => {
    setActiveIndex(index);
    const row = rows[index];
    if (!row || !onOpen) return;
    if ((event.target as HTMLElement).closest("a,button,input,label,[role=checkbox]")) return;
    onOpen(row.original);
  };
  const latest = useRef({ onRowKeyDown, onRowClick, toggle: (index: number) => rows[index]?.toggleSelected() });
  useLayoutEffect(() => {
    latest.current = { onRowKeyDown, onRowClick, toggle: (index: number) => rows[index]?.toggleSelected() };
  });
  const handlers = useMemo<RowHandlers>(
    () => ({
      keyDown: (event, index) => latest.current.onRowKeyDown(event, index),
      click: (event, index) => latest.current.onRowClick(event, index),
      focus: (index) => setActiveIndex(index),
      toggle: (index) => latest.current.toggle(index),
    }),
    [],
  );
  const tabbable = Math.min(activeIndex, rows.length - 1);

  return (
    <div ref={scrollRef} className={classes.scroller}>
      <div role="grid" aria-label={ariaLabel} aria-rowcount={ariaRowCount} aria-busy={busy}>
        {header}
        {!placeholder && (
          <div
            className={classes.body}
            style={{ height: virtualizer.getTotalSize(), minWidth: phone ? undefined : minWidth }}
            role="rowgroup"
          >
            {virtualItems.map((item) => {
              const row = rows[item.index]!;
              return (
                <RecordRow<T>
                  key={item.key}
                  original={row.original}
                  rowId={row.id}
                  index={item.index}
                  start={item.start}
                  selected={row.getIsSelected()}
                  tabbable={item.index === tabbable}
                  phone={phone}
                  template={template}
                  columns={columns}
                  primary={primary}
                  selectable={selectable}
                  clickable={!!onOpen}
                  listId={listId}
                  handlers={handlers}
                  measure={virtualizer.measureElement}
                />
              );
            })}
          </div>
        )}
      </div>
      {placeholder ?? footer}
    </div>
  );
}

type RowHandlers = {
  keyDown: (event: KeyboardEvent<HTMLDivElement>, index: number) => void;
  click: (event: MouseEvent<HTMLDivElement>, index: number) => void;
  focus: (index: number) => void;
  toggle: (index: number) => void;
};

type RowProps<T> = {
  original: T;
  rowId: string;
  index: number;
  start: number;
  selected: boolean;
  tabbable: boolean;
  phone: boolean;
  template: string;
  columns: RecordColumn<T>[];
  primary: RecordColumn<T> | undefined;
  selectable: boolean;
  clickable: boolean;
  listId: string;
  handlers: RowHandlers;
  measure: (element: Element | null) => void;
};

/** One row (table) or card (phone); memoized so scrolling re-renders only rows that change. */
function RecordRowView<T>({
  original,
  rowId,
  index,
  start,
  selected,
  tabbable,
  phone,
  template,
  columns,
  primary,
  selectable,
  clickable,
  listId,
  handlers,
  measure,
}: RowProps<T>) {
  const { t } = useTranslation("components");
  const common = {
    ref: measure,
    "data-index": index,
    "data-row-index": index,
    "data-testid": `${listId}-row`,
    "data-row-id": rowId,
    "data-selected": selected || undefined,
    role: "row",
    "aria-rowindex": index + 2,
    "aria-selected": selectable ? selected : undefined,
    tabIndex: tabbable ? 0 : -1,
    onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => handlers.keyDown(event, index),
    onClick: (event: MouseEvent<HTMLDivElement>) => handlers.click(event, index),
    onFocus: () => handlers.focus(index),
  };
  const checkbox = selectable && (
    <Checkbox
      size={phone ? "sm" : "xs"}
      checked={selected}
      onChange={() => handlers.toggle(index)}
      aria-label={t("list.selectRow")}
      tabIndex={-1}
      data-testid="row-select"
    />
  );
  if (phone) {
    const others = columns.filter((column) => column.id !== primary?.id);
    return (
      <div {...common} className={`${classes.card} ${clickable ? classes.clickable : ""}`} style={{ transform: `translateY(${start}px)` }}>
        {checkbox && (
          <div style={{ paddingTop: 2 }} role="gridcell">
            {checkbox}
          </div>
        )}
        <div className={classes.cardMain} role="gridcell">
          <div className={classes.cardTitle}>{primary ? primary.cell(original) : rowId}</div>
          <div className={classes.cardFields}>
            {others.map((column) => (
              <FragmentPair key={column.id} label={t(column.label)}>
                {column.cell(original)}
              </FragmentPair>
            ))}
          </div>
        </div>
      </div>
    );
  }
  return (
    <div
      {...common}
      className={`${classes.row} ${clickable ? classes.clickable : ""}`}
      style={{ gridTemplateColumns: template, transform: `translateY(${start}px)` }}
    >
      {selectable && (
        <div className={classes.checkCell} role="gridcell">
          {checkbox}
        </div>
      )}
      {columns.map((column) => (
        <div key={column.id} role="gridcell" className={`${classes.cell} ${column.align === "right" ? classes.right : ""}`}>
          {column.cell(original)}
        </div>
      ))}
    </div>
  );
}

const RecordRow = memo(RecordRowView) as typeof RecordRowView;

function FragmentPair({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <span className={classes.cardLabel}>{label}</span>
      <span className={classes.cardValue}>{children}</span>
    </>
  );
}
