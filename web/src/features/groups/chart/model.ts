/**
 * What the structure chart shows, before layout: the group's companies arranged by legal structure
 * or under one grouping node per value of a dimension (country, line of business, the contacts'
 * functions), which subtrees are folded away, and what a search finds. Pure (unit-tested).
 */
import type { GroupEdge, GroupNode, GroupStructure } from "@relata/contracts";

export const chartModes = ["legal", "country", "lineOfBusiness", "function", "people"] as const;
export type ChartMode = (typeof chartModes)[number];
/** The modes drawn from the group structure (People is the contacts' org chart). */
export type ArrangedMode = Exclude<ChartMode, "people">;

/** A company of the group. `count`: in the function chart, its contacts with that function. */
export type CompanyItem = { kind: "company"; id: string; company: GroupNode; count?: number };
/** A grouping node: one value of the dimension (`key` null: not set). `members`: what it holds. */
export type BucketItem = { kind: "bucket"; id: string; key: string | null; members: number };
export type ChartItem = CompanyItem | BucketItem;
/** A line from parent to child; `edge` is the ownership link when it joins two companies. */
export type ChartLink = { id: string; source: string; target: string; edge?: GroupEdge };
export type ChartGraph = { items: ChartItem[]; links: ChartLink[] };

/** The group as its legal structure: every company, parent above subsidiary, each line its ownership link. */
export function legalGraph(structure: Pick<GroupStructure, "nodes" | "edges">): ChartGraph {
  const ids = new Set(structure.nodes.map((node) => node.id));
  const items: ChartItem[] = structure.nodes.map((company) => ({ kind: "company", id: company.id, company }));
  const links = structure.edges
    .filter((edge) => ids.has(edge.source) && ids.has(edge.target) && edge.source !== edge.target)
    .map((edge) => ({ id: `${edge.source}>${edge.target}`, source: edge.source, target: edge.target, edge }));
  return { items, links: withoutCycles(items, links) };
}

/** One value a company is filed under; `count` is shown on its card (contacts with that function). */
export type FiledValue = { key: string | null; count?: number };

export const bucketId = (key: string | null) => `bucket:${key ?? ""}`;
const filedId = (key: string | null, companyId: string) => `${bucketId(key)}|${companyId}`;

/**
 * The group under one grouping node per value: each company is filed under each of its values (a
 * company with contacts in three functions appears three times). Within a value the legal
 * structure is kept — a company hangs under its parent when the parent has the same value, else
 * under the grouping node. Grouping nodes come largest first, "not set" last.
 */
export function arrangedGraph(structure: Pick<GroupStructure, "nodes" | "edges">, valuesOf: (node: GroupNode) => FiledValue[]): ChartGraph {
  const edgeTo = new Map(structure.edges.map((edge) => [edge.target, edge]));
  const filed = new Map<string, Map<string, FiledValue>>();
  const buckets = new Map<string | null, { members: number; order: number }>();
  for (const node of structure.nodes) {
    const values = new Map<string, FiledValue>();
    for (const value of valuesOf(node)) if (!values.has(value.key ?? "")) values.set(value.key ?? "", value);
    filed.set(node.id, values);
    for (const value of values.values()) {
      const bucket = buckets.get(value.key) ?? { members: 0, order: buckets.size };
      bucket.members += value.count ?? 1;
      buckets.set(value.key, bucket);
    }
  }
  const orderedKeys = [...buckets.entries()]
    .sort(([keyA, a], [keyB, b]) => Number(keyA === null) - Number(keyB === null) || b.members - a.members || a.order - b.order)
    .map(([key]) => key);

  const items: ChartItem[] = [];
  const links: ChartLink[] = [];
  for (const key of orderedKeys) {
    items.push({ kind: "bucket", id: bucketId(key), key, members: buckets.get(key)!.members });
    for (const node of structure.nodes) {
      const value = filed.get(node.id)!.get(key ?? "");
      if (!value) continue;
      const id = filedId(key, node.id);
      items.push(
        value.count === undefined ? { kind: "company", id, company: node } : { kind: "company", id, company: node, count: value.count },
      );
      const parentFiled = node.parentId ? filed.get(node.parentId)?.has(key ?? "") : false;
      const edge = edgeTo.get(node.id);
      if (parentFiled && node.parentId)
        links.push({ id: `${filedId(key, node.parentId)}>${id}`, source: filedId(key, node.parentId), target: id, edge });
      else links.push({ id: `${bucketId(key)}>${id}`, source: bucketId(key), target: id });
    }
  }
  return { items, links: withoutCycles(items, links) };
}

/** Drops any line that would give a node a second parent or close a cycle, so bad data still draws as a forest. */
function withoutCycles(items: readonly ChartItem[], links: readonly ChartLink[]): ChartLink[] {
  const parentOf = new Map<string, string>();
  const kept: ChartLink[] = [];
  const reaches = (from: string, to: string) => {
    let current: string | undefined = from;
    const seen = new Set<string>();
    while (current !== undefined && !seen.has(current)) {
      if (current === to) return true;
      seen.add(current);
      current = parentOf.get(current);
    }
    return false;
  };
  const ids = new Set(items.map((item) => item.id));
  for (const link of links) {
    if (!ids.has(link.source) || !ids.has(link.target) || parentOf.has(link.target)) continue;
    // The new line target → source closes a cycle if the source already descends from the target.
    if (reaches(link.source, link.target)) continue;
    parentOf.set(link.target, link.source);
    kept.push(link);
  }
  return kept;
}

/** Children of every item, in the graph's order. */
export function childrenOf(graph: ChartGraph): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const link of graph.links) {
    const list = children.get(link.source) ?? [];
    list.push(link.target);
    children.set(link.source, list);
  }
  return children;
}

/** The items without a parent line. */
export function rootsOf(graph: ChartGraph): string[] {
  const targets = new Set(graph.links.map((link) => link.target));
  return graph.items.filter((item) => !targets.has(item.id)).map((item) => item.id);
}

/** Every item above `id`, nearest first. */
export function ancestorsOf(graph: ChartGraph, id: string): string[] {
  const parentOf = new Map(graph.links.map((link) => [link.target, link.source]));
  const path: string[] = [];
  const seen = new Set([id]);
  let current = parentOf.get(id);
  while (current !== undefined && !seen.has(current)) {
    path.push(current);
    seen.add(current);
    current = parentOf.get(current);
  }
  return path;
}

export type VisibleGraph = ChartGraph & {
  /** Items that have children (a fold/unfold toggle). */
  parents: Set<string>;
  /** Folded items → how many items are hidden below them. */
  hiddenBelow: Map<string, number>;
};

/** What is drawn once the `collapsed` items have folded their subtrees away. */
export function visibleGraph(graph: ChartGraph, collapsed: ReadonlySet<string>): VisibleGraph {
  const children = childrenOf(graph);
  const shown = new Set<string>();
  const hiddenBelow = new Map<string, number>();
  const count = (id: string): number => (children.get(id) ?? []).reduce((sum, child) => sum + 1 + count(child), 0);
  const stack = rootsOf(graph).reverse();
  while (stack.length > 0) {
    const id = stack.pop()!;
    shown.add(id);
    if (collapsed.has(id) && children.has(id)) {
      hiddenBelow.set(id, count(id));
      continue;
    }
    for (const child of [...(children.get(id) ?? [])].reverse()) stack.push(child);
  }
  return {
    items: graph.items.filter((item) => shown.has(item.id)),
    links: graph.links.filter((link) => shown.has(link.source) && shown.has(link.target)),
    parents: new Set(children.keys()),
    hiddenBelow,
  };
}

/**
 * Folds a large chart so it opens readable: levels are shown from the top while the total stays
 * within `budget`; the items of the last level shown fold their subtrees. Items above `keepOpen`
 * (the current company) stay unfolded so it is on screen.
 */
export function initialCollapsed(graph: ChartGraph, budget: number, keepOpen: readonly string[] = []): Set<string> {
  const collapsed = new Set<string>();
  if (graph.items.length <= budget) return collapsed;
  const children = childrenOf(graph);
  const open = new Set(keepOpen.flatMap((id) => ancestorsOf(graph, id)));
  let level = rootsOf(graph);
  let shown = level.length;
  while (level.length > 0) {
    const next = level.flatMap((id) => children.get(id) ?? []);
    if (shown + next.length > budget) {
      for (const id of level) if (children.has(id) && !open.has(id)) collapsed.add(id);
      // What stays open below (the way to the current company) keeps unfolding level by level.
      level = level.filter((id) => open.has(id)).flatMap((id) => children.get(id) ?? []);
      shown += level.length;
      continue;
    }
    shown += next.length;
    level = next;
  }
  return collapsed;
}

/** Lower case without accents, for matching what a person types against names. */
export function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase();
}

/**
 * The items a search finds, in chart order: companies by name (or country code), grouping nodes by
 * their label. Blank text finds nothing.
 */
export function searchGraph(graph: ChartGraph, text: string, bucketLabel: (item: BucketItem) => string): string[] {
  const needle = fold(text.trim());
  if (!needle) return [];
  return graph.items
    .filter((item) =>
      item.kind === "company"
        ? fold(item.company.name).includes(needle) || (item.company.country ?? "").toLowerCase() === needle
        : fold(bucketLabel(item)).includes(needle),
    )
    .map((item) => item.id);
}

/**
 * The figure a node card shows: the first money figure with a total, else the first figure with
 * a total, else the first one (a registered currency nobody in this subtree bought in says nothing).
 */
export function keyFigure(node: Pick<GroupNode, "figures">): GroupNode["figures"][number] | undefined {
  return (
    node.figures.find((figure) => figure.kind === "money" && figure.total !== 0) ??
    node.figures.find((figure) => figure.total !== 0) ??
    node.figures[0]
  );
}

/** The item ids of one company in a graph (once in the legal chart, once per value when arranged). */
export function itemsOfCompany(graph: ChartGraph, companyId: string): string[] {
  return graph.items.filter((item) => item.kind === "company" && item.company.id === companyId).map((item) => item.id);
}
