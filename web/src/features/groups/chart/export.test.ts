import { describe, expect, it } from "vitest";
import type { GroupNode } from "@relata/contracts";
import { chartSvg, escapeXml, fileName, fit } from "./export";
import { companySize, layoutChart, linkPath } from "./layout";
import { legalGraph } from "./model";

const node = (id: string, name: string, parentId: string | null): GroupNode => ({
  id,
  name,
  country: "SE",
  stage: "customer",
  grade: null,
  lineOfBusiness: null,
  clientUnit: null,
  depth: parentId ? 1 : 0,
  parentId,
  figures: [],
});

describe("layout", () => {
  it("puts parents above children, siblings side by side, and sizes the drawing to hold them", () => {
    const graph = legalGraph({
      nodes: [node("p", "Parent", null), node("a", "A", "p"), node("b", "B", "p")],
      edges: [
        { source: "p", target: "a", relation: "subsidiary", share: 100, indirect: false },
        { source: "p", target: "b", relation: "branch", share: null, indirect: false },
      ],
    });
    const layout = layoutChart(graph, { labelled: true });
    const [p, a, b] = ["p", "a", "b"].map((id) => layout.boxes.get(id)!);
    expect(p!.y + p!.height).toBeLessThan(a!.y);
    expect(a!.y).toBe(b!.y);
    expect(Math.abs(a!.x - b!.x)).toBeGreaterThanOrEqual(companySize.width);
    for (const box of [p!, a!, b!]) {
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(layout.width);
      expect(box.y + box.height).toBeLessThanOrEqual(layout.height);
    }
  });

  it("draws a line from the parent's bottom centre to the child's top centre", () => {
    const line = linkPath({ x: 0, y: 0, width: 100, height: 40 }, { x: 200, y: 100, width: 100, height: 40 });
    expect(line.d).toBe("M50,40 L50,70 L250,70 L250,100");
    expect(line.labelX).toBe(250);
    expect(line.labelY).toBe(85);
  });
});

describe("SVG export", () => {
  const graph = legalGraph({
    nodes: [node("p", "Parent <&> Holding", null), node("c", "Child", "p"), node("i", "Indirect", "p")],
    edges: [
      { source: "p", target: "c", relation: "subsidiary", share: 75, indirect: false },
      { source: "p", target: "i", relation: null, share: null, indirect: true },
    ],
  });
  const layout = layoutChart(graph, { labelled: true });
  const svg = chartSvg({
    graph,
    layout,
    title: "Group of Parent",
    card: (item) => ({ title: item.kind === "company" ? item.company.name : "bucket", lines: ["Sweden · SE"] }),
    linkLabel: (link) => (link.edge?.share ? `Subsidiary · ${link.edge.share} %` : undefined),
    highlighted: new Set(["c"]),
  });

  it("is a sized SVG document with a title, every card and every line, text escaped", () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain(`viewBox="0 0 ${Math.ceil(layout.width)} ${Math.ceil(layout.height)}"`);
    expect(svg).toContain("<title>Group of Parent</title>");
    expect(svg).toContain("Parent &lt;&amp;&gt; Holding");
    expect(svg).not.toContain("<&>");
    expect(svg.match(/<g data-id=/g)).toHaveLength(3);
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg).toContain("Subsidiary · 75 %");
    // Indirect lines (hidden companies between) are dashed; the current company has a strong border.
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(1);
    expect(svg.match(/stroke-width="2.5"/g)).toHaveLength(1);
    expect(new DOMParserLike(svg).balanced()).toBe(true);
  });

  it("escapes, shortens and names files safely", () => {
    expect(escapeXml(`a<b>&"c'`)).toBe("a&lt;b&gt;&amp;&quot;c&apos;");
    expect(fit("short", 100)).toBe("short");
    expect(fit("a very long company name indeed", 70)).toBe("a very lo…");
    expect(fileName("Åkesson & Söner AB", "legal", "svg")).toBe("akesson-soner-ab-legal.svg");
    expect(fileName("***", "country", "png")).toBe("group-country.png");
  });
});

/** Enough of a parser to check that every element the export opens is closed. */
class DOMParserLike {
  constructor(private readonly text: string) {}
  balanced(): boolean {
    const stack: string[] = [];
    for (const match of this.text.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
      const [, closing, name, selfClosing] = match;
      if (selfClosing) continue;
      if (closing) {
        if (stack.pop() !== name) return false;
      } else stack.push(name!);
    }
    return stack.length === 0;
  }
}
