/** The company's part of its group: itself and everything below it. Pure (unit-tested). */
import type { GroupNode } from "@relata/contracts";

/** The company and its descendants (through the nearest visible parents), top-down. */
export function subtreeIds(nodes: readonly Pick<GroupNode, "id" | "parentId">[], companyId: string): string[] {
  const children = new Map<string, string[]>();
  for (const node of nodes) {
    if (!node.parentId) continue;
    const list = children.get(node.parentId) ?? [];
    list.push(node.id);
    children.set(node.parentId, list);
  }
  if (!nodes.some((node) => node.id === companyId)) return [];
  const order = [companyId];
  const seen = new Set(order);
  for (let index = 0; index < order.length; index++)
    for (const child of children.get(order[index]!) ?? [])
      if (!seen.has(child)) {
        seen.add(child);
        order.push(child);
      }
  return order;
}

/** Every company of the group, the company's subtree first (what a capped chart shows first). */
export function subtreeFirst(nodes: readonly Pick<GroupNode, "id" | "parentId" | "depth">[], companyId: string): string[] {
  const first = subtreeIds(nodes, companyId);
  const inFirst = new Set(first);
  const rest = nodes.filter((node) => !inFirst.has(node.id)).sort((a, b) => a.depth - b.depth);
  return [...first, ...rest.map((node) => node.id)];
}
