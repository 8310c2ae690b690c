/** The org unit hierarchy as a tree, from the flat list the API returns. */
export type TreeUnit = { id: string; name: string; parentId: string | null };
export type TreeNode<T extends TreeUnit> = { unit: T; depth: number; children: TreeNode<T>[] };
export type TreeRow<T extends TreeUnit> = { unit: T; depth: number; hasChildren: boolean; expanded: boolean };

/**
 * Builds the forest. Units whose parent is missing (or that sit in a cycle a broken row made)
 * become roots, so nothing is ever hidden. Siblings sort by name in the given locale.
 */
export function buildTree<T extends TreeUnit>(units: readonly T[], locale = "en"): TreeNode<T>[] {
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const children = new Map<string | null, T[]>();
  const inCycle = (unit: T) => {
    const seen = new Set<string>([unit.id]);
    let parent = unit.parentId;
    while (parent) {
      if (seen.has(parent)) return true;
      seen.add(parent);
      parent = byId.get(parent)?.parentId ?? null;
    }
    return false;
  };
  for (const unit of units) {
    const parent = unit.parentId && byId.has(unit.parentId) && !inCycle(unit) ? unit.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(unit);
    children.set(parent, list);
  }
  const collator = new Intl.Collator(locale, { sensitivity: "base", numeric: true });
  const make = (parent: string | null, depth: number, path: Set<string>): TreeNode<T>[] =>
    (children.get(parent) ?? [])
      .filter((unit) => !path.has(unit.id))
      .sort((a, b) => collator.compare(a.name, b.name))
      .map((unit) => ({ unit, depth, children: make(unit.id, depth + 1, new Set([...path, unit.id])) }));
  return make(null, 0, new Set());
}

/** The rows on screen: every root, and the children of expanded units. */
export function visibleRows<T extends TreeUnit>(forest: TreeNode<T>[], expanded: ReadonlySet<string>): TreeRow<T>[] {
  const rows: TreeRow<T>[] = [];
  const walk = (nodes: TreeNode<T>[]) => {
    for (const node of nodes) {
      const open = expanded.has(node.unit.id);
      rows.push({ unit: node.unit, depth: node.depth, hasChildren: node.children.length > 0, expanded: open });
      if (open) walk(node.children);
    }
  };
  walk(forest);
  return rows;
}

/** A unit and everything below it (a unit cannot move under any of these). */
export function subtreeIds(units: readonly TreeUnit[], id: string): Set<string> {
  const result = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const unit of units) {
      if (unit.parentId && result.has(unit.parentId) && !result.has(unit.id)) {
        result.add(unit.id);
        grew = true;
      }
    }
  }
  return result;
}

/** Ids of units that have children (to expand everything). */
export function parentIds(units: readonly TreeUnit[]): Set<string> {
  const ids = new Set(units.map((unit) => unit.id));
  return new Set(units.map((unit) => unit.parentId).filter((parent): parent is string => !!parent && ids.has(parent)));
}

/** "Company › Branch › Department" labels for pickers, in tree order. */
export function unitPaths<T extends TreeUnit>(forest: TreeNode<T>[], separator = " › "): { unit: T; path: string; depth: number }[] {
  const result: { unit: T; path: string; depth: number }[] = [];
  const walk = (nodes: TreeNode<T>[], prefix: string) => {
    for (const node of nodes) {
      const path = prefix ? `${prefix}${separator}${node.unit.name}` : node.unit.name;
      result.push({ unit: node.unit, path, depth: node.depth });
      walk(node.children, path);
    }
  };
  walk(forest, "");
  return result;
}
