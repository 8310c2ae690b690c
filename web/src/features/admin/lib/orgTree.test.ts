import { describe, expect, it } from "vitest";
import { buildTree, parentIds, subtreeIds, unitPaths, visibleRows } from "./orgTree";

const units = [
  { id: "c", name: "Acme", parentId: null },
  { id: "b2", name: "Stockholm", parentId: "c" },
  { id: "b1", name: "Shanghai", parentId: "c" },
  { id: "d1", name: "Sales", parentId: "b1" },
  { id: "o", name: "Orphan", parentId: "missing" },
];

describe("org tree", () => {
  it("nests units under their parents, siblings by name, orphans as roots", () => {
    const forest = buildTree(units);
    expect(forest.map((node) => node.unit.id)).toEqual(["c", "o"]);
    expect(forest[0]!.children.map((node) => node.unit.id)).toEqual(["b1", "b2"]);
    expect(forest[0]!.children[0]!.children[0]!.depth).toBe(2);
  });

  it("never loses units that sit in a cycle", () => {
    const forest = buildTree([
      { id: "a", name: "A", parentId: "b" },
      { id: "b", name: "B", parentId: "a" },
    ]);
    const ids = unitPaths(forest).map((entry) => entry.unit.id);
    expect(ids.sort()).toEqual(["a", "b"]);
  });

  it("shows children of expanded units only", () => {
    const forest = buildTree(units);
    expect(visibleRows(forest, new Set()).map((row) => row.unit.id)).toEqual(["c", "o"]);
    const rows = visibleRows(forest, new Set(["c", "b1"]));
    expect(rows.map((row) => row.unit.id)).toEqual(["c", "b1", "d1", "b2", "o"]);
    expect(rows.find((row) => row.unit.id === "b1")).toMatchObject({ hasChildren: true, expanded: true, depth: 1 });
    expect(rows.find((row) => row.unit.id === "b2")).toMatchObject({ hasChildren: false });
  });

  it("finds a subtree and the units with children", () => {
    expect([...subtreeIds(units, "c")].sort()).toEqual(["b1", "b2", "c", "d1"]);
    expect([...subtreeIds(units, "b2")]).toEqual(["b2"]);
    expect([...parentIds(units)].sort()).toEqual(["b1", "c"]);
  });

  it("labels units with their path", () => {
    const paths = unitPaths(buildTree(units)).map((entry) => entry.path);
    expect(paths).toEqual(["Acme", "Acme › Shanghai", "Acme › Shanghai › Sales", "Acme › Stockholm", "Orphan"]);
  });
});
