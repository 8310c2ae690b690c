/** The org chart's layout: people placed top-down by reporting line with dagre. Pure (unit-tested). */
import dagre from "@dagrejs/dagre";
import type { OrgChartNode } from "./api";

export const nodeWidth = 220;
export const nodeHeight = 60;

/**
 * Positions (top-left corners) of every person and the reporting lines drawn (manager → report).
 * A line to someone not in the chart (not visible to the user) is left out, and so is any line
 * that would close a cycle, so bad data still draws.
 */
export function layoutOrgChart(people: readonly OrgChartNode[]): {
  positions: Map<string, { x: number; y: number }>;
  edges: [string, string][];
} {
  const ids = new Set(people.map((person) => person.id));
  const managerOf = new Map(people.map((person) => [person.id, person.reportsToId]));
  const reachesSelf = (start: string): boolean => {
    const seen = new Set<string>();
    let current: string | null | undefined = managerOf.get(start);
    while (current && ids.has(current)) {
      if (current === start || seen.has(current)) return true;
      seen.add(current);
      current = managerOf.get(current);
    }
    return false;
  };
  const edges: [string, string][] = people
    .filter((person) => person.reportsToId && ids.has(person.reportsToId) && !reachesSelf(person.id))
    .map((person) => [person.reportsToId!, person.id]);

  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: "TB", nodesep: 28, ranksep: 56, marginx: 8, marginy: 8 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const person of people) graph.setNode(person.id, { width: nodeWidth, height: nodeHeight });
  for (const [from, to] of edges) graph.setEdge(from, to);
  dagre.layout(graph);

  const positions = new Map<string, { x: number; y: number }>();
  for (const person of people) {
    const node = graph.node(person.id);
    positions.set(person.id, { x: (node?.x ?? 0) - nodeWidth / 2, y: (node?.y ?? 0) - nodeHeight / 2 });
  }
  return { positions, edges };
}
