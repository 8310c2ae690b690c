import { describe, expect, it } from "vitest";
import { defaultLayout, layoutFromSaved, moveColumn, savedFromLayout, sameLayout, toggleColumn, withNewColumns } from "./columns";

const defs = [{ id: "name", hideable: false }, { id: "owner" }, { id: "team" }, { id: "level", defaultVisible: false }];

describe("column layout", () => {
  it("defaults to definition order and defaultVisible", () => {
    expect(defaultLayout(defs)).toEqual({
      order: ["name", "owner", "team", "level"],
      visible: { name: true, owner: true, team: true, level: false },
    });
  });

  it("applies a saved list: shown ones first in that order, the rest hidden", () => {
    const layout = layoutFromSaved(defs, ["level", "owner", "gone"]);
    expect(layout.order).toEqual(["level", "owner", "name", "team"]);
    expect(layout.visible).toEqual({ name: true, owner: true, team: false, level: true });
    expect(savedFromLayout(layout)).toEqual(["level", "owner", "name"]);
  });

  it("falls back to the default for an empty or unknown saved list", () => {
    expect(layoutFromSaved(defs, ["gone"])).toEqual(defaultLayout(defs));
    expect(layoutFromSaved(defs, undefined)).toEqual(defaultLayout(defs));
  });

  it("moves columns within bounds", () => {
    expect(moveColumn(["a", "b", "c"], "b", -1)).toEqual(["b", "a", "c"]);
    expect(moveColumn(["a", "b", "c"], "c", 1)).toEqual(["a", "b", "c"]);
    expect(moveColumn(["a", "b", "c"], "a", 1)).toEqual(["b", "a", "c"]);
  });

  it("never hides a fixed column or the last visible one", () => {
    const layout = defaultLayout(defs);
    expect(toggleColumn(defs, layout, "name")).toBe(layout);
    expect(toggleColumn(defs, layout, "owner").visible.owner).toBe(false);
    const single = { order: ["owner", "team"], visible: { owner: true, team: false } };
    expect(toggleColumn([{ id: "owner" }, { id: "team" }], single, "owner")).toBe(single);
  });

  it("compares layouts by what is visible in which order", () => {
    expect(sameLayout(defaultLayout(defs), layoutFromSaved(defs, ["name", "owner", "team"]))).toBe(true);
    expect(sameLayout(defaultLayout(defs), layoutFromSaved(defs, ["owner", "name", "team"]))).toBe(false);
  });

  it("adds columns defined later at the end, visible as defined, and keeps the rest", () => {
    const layout = layoutFromSaved(defs, ["owner", "name"]);
    const more = [...defs, { id: "custom.a", defaultVisible: false }, { id: "custom.b" }];
    const merged = withNewColumns(layout, more);
    expect(merged.order.slice(-2)).toEqual(["custom.a", "custom.b"]);
    expect(savedFromLayout(merged)).toEqual(["owner", "name", "custom.b"]);
    expect(withNewColumns(layout, defs)).toBe(layout);
  });
});
