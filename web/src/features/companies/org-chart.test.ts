import { describe, expect, it } from "vitest";
import { layoutOrgChart } from "./org-chart";

const person = (id: string, reportsToId: string | null = null) => ({ id, fullName: id, title: null, department: null, reportsToId });

describe("org chart layout", () => {
  it("puts managers above their reports and draws one line per reporting line", () => {
    const { positions, edges } = layoutOrgChart([person("ceo"), person("cfo", "ceo"), person("cto", "ceo"), person("dev", "cto")]);
    expect(edges).toEqual([
      ["ceo", "cfo"],
      ["ceo", "cto"],
      ["cto", "dev"],
    ]);
    expect(positions.get("ceo")!.y).toBeLessThan(positions.get("cto")!.y);
    expect(positions.get("cto")!.y).toBeLessThan(positions.get("dev")!.y);
    expect(positions.get("cfo")!.y).toBe(positions.get("cto")!.y);
    expect(positions.get("cfo")!.x).not.toBe(positions.get("cto")!.x);
  });

  it("leaves out lines to people not in the chart and lines that would close a cycle", () => {
    const { positions, edges } = layoutOrgChart([person("a", "b"), person("b", "a"), person("c", "hidden")]);
    expect(edges).toEqual([]);
    expect(positions.size).toBe(3);
  });
});
