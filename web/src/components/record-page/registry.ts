import type { ComponentType } from "react";
import type { Me } from "@relata/contracts";

/** What a record page panel receives. */
export type PanelProps<T> = {
  record: T;
  objectKind: string;
  recordId: string;
};

/** A tab on a record page, registered by the module that owns it. */
export type PanelDef<T> = {
  id: string;
  /** i18n key of the tab label, namespaced */
  labelKey: string;
  /** Position (lower first) */
  order: number;
  /** The panel; may be React.lazy(() => import(…)) — it is rendered only once its tab is opened. */
  component: ComponentType<PanelProps<T>>;
  /** Hidden when this says false (permissions, record kind…) */
  visible?: (me: Me, record: T) => boolean;
  /** An icon before the label */
  icon?: ComponentType<{ size?: number | string; stroke?: number }>;
};

const panels = new Map<string, PanelDef<unknown>[]>();

/**
 * Adds a panel to the record pages of `objectKind` ("company", later "contact"…). Modules call this
 * at import time; registering the same id again replaces it (hot reload).
 */
export function registerPanel<T>(objectKind: string, def: PanelDef<T>): void {
  const list = (panels.get(objectKind) ?? []).filter((panel) => panel.id !== def.id);
  list.push(def as PanelDef<unknown>);
  list.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  panels.set(objectKind, list);
}

/** Every registered panel of a kind, in order. */
export function registeredPanels<T>(objectKind: string): PanelDef<T>[] {
  return (panels.get(objectKind) ?? []) as PanelDef<T>[];
}

/** The panels this user sees on this record. */
export function visiblePanels<T>(objectKind: string, me: Me, record: T): PanelDef<T>[] {
  return registeredPanels<T>(objectKind).filter((panel) => !panel.visible || panel.visible(me, record));
}

/** The tab to show: the one in the URL if visible, else the first. */
export function activeTab(ids: readonly string[], requested: unknown): string | undefined {
  return typeof requested === "string" && ids.includes(requested) ? requested : ids[0];
}

/** A live figure in a record's header (revenue, open deals…), registered by the module that computes it. */
export type FigureDef<T> = {
  id: string;
  /** Position (lower first) */
  order: number;
  /** Renders the figure (its own query and loading state); receives the record. */
  component: ComponentType<{ record: T }>;
  /** Hidden when this says false (permissions, record kind…) */
  visible?: (me: Me, record: T) => boolean;
};

const figures = new Map<string, FigureDef<unknown>[]>();

/** Adds a figure to the header of `objectKind` pages; the same id again replaces it. */
export function registerFigure<T>(objectKind: string, def: FigureDef<T>): void {
  const list = (figures.get(objectKind) ?? []).filter((figure) => figure.id !== def.id);
  list.push(def as FigureDef<unknown>);
  list.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  figures.set(objectKind, list);
}

/** The figures this user sees on this record, in order (none until a module registers one). */
export function visibleFigures<T>(objectKind: string, me: Me, record: T): FigureDef<T>[] {
  return ((figures.get(objectKind) ?? []) as FigureDef<T>[]).filter((figure) => !figure.visible || figure.visible(me, record));
}
