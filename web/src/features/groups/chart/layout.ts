/** Where the structure chart's items go: dagre, top-down, parents above children. Pure (unit-tested). */
import dagre from "@dagrejs/dagre";
import type { ChartGraph, ChartItem } from "./model";

export type Size = { width: number; height: number };
export type Box = { x: number; y: number; width: number; height: number };
export type ChartLayout = {
  /** Top-left corner and size of every item. */
  boxes: Map<string, Box>;
  /** The size of the whole drawing (margins included). */
  width: number;
  height: number;
};

export const companySize: Size = { width: 240, height: 92 };
export const bucketSize: Size = { width: 220, height: 56 };
export const sizeOf = (item: ChartItem): Size => (item.kind === "company" ? companySize : bucketSize);

const margin = 16;

/** Lays out `graph` top-down; `labelled` lines get room for their label between the ranks. */
export function layoutChart(graph: ChartGraph, options: { labelled?: boolean } = {}): ChartLayout {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "TB", nodesep: 28, ranksep: options.labelled ? 84 : 64, marginx: margin, marginy: margin });
  g.setDefaultEdgeLabel(() => ({}));
  for (const item of graph.items) g.setNode(item.id, { ...sizeOf(item) });
  for (const link of graph.links) g.setEdge(link.source, link.target);
  dagre.layout(g);

  const boxes = new Map<string, Box>();
  let width = 0;
  let height = 0;
  for (const item of graph.items) {
    const size = sizeOf(item);
    const node = g.node(item.id);
    const box = { x: (node?.x ?? size.width / 2) - size.width / 2, y: (node?.y ?? size.height / 2) - size.height / 2, ...size };
    boxes.set(item.id, box);
    width = Math.max(width, box.x + box.width + margin);
    height = Math.max(height, box.y + box.height + margin);
  }
  return { boxes, width, height };
}

/**
 * The line from a parent to a child as the chart draws it (down from the parent's bottom centre,
 * across half-way between them, down into the child's top centre), and where its label sits.
 */
export function linkPath(from: Box, to: Box): { d: string; labelX: number; labelY: number } {
  const x1 = from.x + from.width / 2;
  const y1 = from.y + from.height;
  const x2 = to.x + to.width / 2;
  const y2 = to.y;
  const middle = (y1 + y2) / 2;
  const d = x1 === x2 ? `M${x1},${y1} L${x2},${y2}` : `M${x1},${y1} L${x1},${middle} L${x2},${middle} L${x2},${y2}`;
  return { d, labelX: x2, labelY: middle + (y2 - middle) / 2 };
}
