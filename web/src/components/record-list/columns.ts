/** Column order and visibility: from the definitions, a saved list ("visible columns in order") and back. */

export type ColumnMeta = { id: string; hideable?: boolean; defaultVisible?: boolean };
export type ColumnLayout = { order: string[]; visible: Record<string, boolean> };

/** The layout when nothing is saved: definition order, `defaultVisible` (true unless false). */
export function defaultLayout(defs: readonly ColumnMeta[]): ColumnLayout {
  return {
    order: defs.map((def) => def.id),
    visible: Object.fromEntries(defs.map((def) => [def.id, def.hideable === false || def.defaultVisible !== false])),
  };
}

/**
 * The layout for a saved column list: those columns visible in that order, then the remaining
 * ones (hidden, unless they cannot be hidden) in definition order. Unknown ids are dropped, so
 * a view saved before a column was removed still opens.
 */
export function layoutFromSaved(defs: readonly ColumnMeta[], saved: readonly string[] | undefined): ColumnLayout {
  if (!saved) return defaultLayout(defs);
  const known = new Set(defs.map((def) => def.id));
  const shown = [...new Set(saved.filter((id) => known.has(id)))];
  if (shown.length === 0) return defaultLayout(defs);
  const rest = defs.map((def) => def.id).filter((id) => !shown.includes(id));
  const visible: Record<string, boolean> = {};
  for (const def of defs) visible[def.id] = shown.includes(def.id) || def.hideable === false;
  return { order: [...shown, ...rest], visible };
}

/** The saved form of a layout: visible column ids in order. */
export function savedFromLayout(layout: ColumnLayout): string[] {
  return layout.order.filter((id) => layout.visible[id]);
}

/** Moves a column one place up (-1) or down (+1). */
export function moveColumn(order: readonly string[], id: string, delta: -1 | 1): string[] {
  const from = order.indexOf(id);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= order.length) return [...order];
  const next = [...order];
  next.splice(from, 1);
  next.splice(to, 0, id);
  return next;
}

/** Shows or hides a column; the last visible column cannot be hidden, nor one marked not hideable. */
export function toggleColumn(defs: readonly ColumnMeta[], layout: ColumnLayout, id: string): ColumnLayout {
  const def = defs.find((candidate) => candidate.id === id);
  if (!def || def.hideable === false) return layout;
  const visibleCount = Object.values(layout.visible).filter(Boolean).length;
  if (layout.visible[id] && visibleCount <= 1) return layout;
  return { ...layout, visible: { ...layout.visible, [id]: !layout.visible[id] } };
}

export function sameLayout(a: ColumnLayout, b: ColumnLayout): boolean {
  const left = savedFromLayout(a);
  const right = savedFromLayout(b);
  return left.length === right.length && left.every((id, i) => id === right[i]);
}

/** Columns defined after the layout was made (e.g. custom fields that loaded later) join at the end, as defined. */
export function withNewColumns(layout: ColumnLayout, defs: readonly ColumnMeta[]): ColumnLayout {
  const missing = defs.filter((def) => !layout.order.includes(def.id));
  if (missing.length === 0) return layout;
  const visible = { ...layout.visible };
  for (const def of missing) visible[def.id] = def.hideable === false || def.defaultVisible !== false;
  return { order: [...layout.order, ...missing.map((def) => def.id)], visible };
}
