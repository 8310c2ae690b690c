import { describe, expect, it } from "vitest";
import type { Me } from "@relata/contracts";
import { activeTab, registerFigure, registerPanel, registeredPanels, visibleFigures, visiblePanels } from "./registry";

const component = () => null;
const me = { id: "u1" } as Me;

describe("record page panels", () => {
  it("keeps panels in order and replaces a re-registered id", () => {
    registerPanel("thing", { id: "history", labelKey: "h", order: 90, component });
    registerPanel("thing", { id: "overview", labelKey: "o", order: 0, component });
    registerPanel("thing", { id: "notes", labelKey: "n", order: 50, component });
    registerPanel("thing", { id: "notes", labelKey: "n2", order: 10, component });
    expect(registeredPanels("thing").map((panel) => `${panel.id}:${panel.labelKey}`)).toEqual(["overview:o", "notes:n2", "history:h"]);
    expect(registeredPanels("other")).toEqual([]);
  });

  it("filters by visibility", () => {
    registerPanel<{ secret: boolean }>("box", { id: "a", labelKey: "a", order: 1, component });
    registerPanel<{ secret: boolean }>("box", { id: "b", labelKey: "b", order: 2, component, visible: (_me, record) => !record.secret });
    expect(visiblePanels("box", me, { secret: true }).map((panel) => panel.id)).toEqual(["a"]);
    expect(visiblePanels("box", me, { secret: false }).map((panel) => panel.id)).toEqual(["a", "b"]);
  });

  it("picks the requested tab or the first", () => {
    expect(activeTab(["overview", "history"], "history")).toBe("history");
    expect(activeTab(["overview", "history"], "gone")).toBe("overview");
    expect(activeTab([], undefined)).toBeUndefined();
  });
});

describe("record page figures", () => {
  it("lists none until registered, then in order, by visibility", () => {
    expect(visibleFigures("gauge", me, {})).toEqual([]);
    registerFigure<{ open: boolean }>("gauge", { id: "b", order: 2, component });
    registerFigure<{ open: boolean }>("gauge", { id: "a", order: 1, component, visible: (_me, record) => record.open });
    expect(visibleFigures("gauge", me, { open: true }).map((figure) => figure.id)).toEqual(["a", "b"]);
    expect(visibleFigures("gauge", me, { open: false }).map((figure) => figure.id)).toEqual(["b"]);
  });
});
