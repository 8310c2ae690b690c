import { describe, expect, it } from "vitest";
import type { GroupEdge, GroupNode } from "@relata/contracts";
import {
  ancestorsOf,
  arrangedGraph,
  bucketId,
  initialCollapsed,
  itemsOfCompany,
  keyFigure,
  legalGraph,
  searchGraph,
  visibleGraph,
  type BucketItem,
} from "./model";

const node = (id: string, parentId: string | null, extra: Partial<GroupNode> = {}): GroupNode => ({
  id,
  name: id,
  country: null,
  stage: "customer",
  grade: null,
  lineOfBusiness: null,
  clientUnit: null,
  depth: 0,
  parentId,
  figures: [],
  ...extra,
});
const edge = (source: string, target: string, extra: Partial<GroupEdge> = {}): GroupEdge => ({
  source,
  target,
  relation: "subsidiary",
  share: 100,
  indirect: false,
  ...extra,
});

/** holding (SE) → nordic (SE) → norway (NO); holding → germany (DE) → austria (AT) */
const nodes = [
  node("holding", null, { country: "SE", name: "Holding AB", lineOfBusiness: "retail" }),
  node("nordic", "holding", { country: "SE", name: "Nordic AB", lineOfBusiness: "retail" }),
  node("norway", "nordic", { country: "NO", name: "Norge AS", lineOfBusiness: "logistics" }),
  node("germany", "holding", { country: "DE", name: "Deutschland GmbH" }),
  node("austria", "germany", { country: "AT", name: "Österreich GmbH", lineOfBusiness: "logistics" }),
];
const edges = [edge("holding", "nordic"), edge("nordic", "norway", { share: 60 }), edge("holding", "germany"), edge("germany", "austria")];
const structure = { nodes, edges };
const label = (item: BucketItem) => item.key ?? "not set";

describe("legal structure", () => {
  it("draws every company and one line per ownership link, carrying the link", () => {
    const graph = legalGraph(structure);
    expect(graph.items.map((item) => item.id)).toEqual(["holding", "nordic", "norway", "germany", "austria"]);
    expect(graph.links.map((link) => [link.source, link.target])).toEqual([
      ["holding", "nordic"],
      ["nordic", "norway"],
      ["holding", "germany"],
      ["germany", "austria"],
    ]);
    expect(graph.links[1]!.edge?.share).toBe(60);
  });

  it("leaves out lines to unknown companies, second parents and cycles", () => {
    const graph = legalGraph({
      nodes: [node("a", null), node("b", "a"), node("c", "b")],
      edges: [edge("a", "b"), edge("b", "c"), edge("c", "a"), edge("a", "c"), edge("x", "a")],
    });
    expect(graph.links.map((link) => link.id)).toEqual(["a>b", "b>c"]);
  });
});

describe("arranged by a dimension", () => {
  it("files every company under its country, keeping parent links within a country", () => {
    const graph = arrangedGraph(structure, (company) => [{ key: company.country }]);
    const buckets = graph.items.filter((item) => item.kind === "bucket");
    // Largest first: SE holds two companies.
    expect(buckets.map((bucket) => [bucket.key, (bucket as BucketItem).members])).toEqual([
      ["SE", 2],
      ["NO", 1],
      ["DE", 1],
      ["AT", 1],
    ]);
    const parentOf = new Map(graph.links.map((link) => [link.target, link.source]));
    // Nordic's parent (holding) is Swedish too: the legal line is kept.
    expect(parentOf.get("bucket:SE|nordic")).toBe("bucket:SE|holding");
    expect(parentOf.get("bucket:SE|holding")).toBe(bucketId("SE"));
    // Norway's parent is in another country: it hangs under its own country's node.
    expect(parentOf.get("bucket:NO|norway")).toBe(bucketId("NO"));
  });

  it("puts companies without a value under a 'not set' node, last", () => {
    const graph = arrangedGraph(structure, (company) => [{ key: company.lineOfBusiness }]);
    const buckets = graph.items.filter((item): item is BucketItem => item.kind === "bucket");
    expect(buckets.map((bucket) => bucket.key)).toEqual(["retail", "logistics", null]);
    expect(graph.links.filter((link) => link.source === bucketId(null)).map((link) => link.target)).toEqual(["bucket:|germany"]);
  });

  it("files a company once per value with its count (contacts per function)", () => {
    const functions: Record<string, { key: string; count: number }[]> = {
      holding: [
        { key: "finance", count: 2 },
        { key: "it", count: 1 },
      ],
      norway: [{ key: "it", count: 4 }],
    };
    const graph = arrangedGraph(structure, (company) => functions[company.id] ?? []);
    expect(itemsOfCompany(graph, "holding")).toEqual(["bucket:it|holding", "bucket:finance|holding"]);
    const it = graph.items.find((item) => item.id === bucketId("it")) as BucketItem;
    expect(it.members).toBe(5);
    expect(graph.items.find((item) => item.id === "bucket:it|norway")).toMatchObject({ count: 4 });
    // Companies without contacts in any function are not in the chart.
    expect(itemsOfCompany(graph, "germany")).toEqual([]);
  });
});

describe("folding", () => {
  const graph = legalGraph(structure);

  it("hides the subtree of a folded company and says how many are hidden", () => {
    const visible = visibleGraph(graph, new Set(["holding"]));
    expect(visible.items.map((item) => item.id)).toEqual(["holding"]);
    expect(visible.links).toEqual([]);
    expect(visible.hiddenBelow.get("holding")).toBe(4);
    expect(visible.parents).toEqual(new Set(["holding", "nordic", "germany"]));
  });

  it("folding a leaf changes nothing", () => {
    const visible = visibleGraph(graph, new Set(["norway"]));
    expect(visible.items).toHaveLength(5);
    expect(visible.hiddenBelow.size).toBe(0);
  });

  it("opens a large chart level by level within the budget, keeping the way to the current company open", () => {
    // 1 root, 3 children, 9 grandchildren, 27 great-grandchildren
    const wide: GroupNode[] = [node("r", null)];
    const links: GroupEdge[] = [];
    for (let a = 0; a < 3; a++) {
      wide.push(node(`a${a}`, "r"));
      links.push(edge("r", `a${a}`));
      for (let b = 0; b < 3; b++) {
        wide.push(node(`a${a}b${b}`, `a${a}`));
        links.push(edge(`a${a}`, `a${a}b${b}`));
        for (let c = 0; c < 3; c++) {
          wide.push(node(`a${a}b${b}c${c}`, `a${a}b${b}`));
          links.push(edge(`a${a}b${b}`, `a${a}b${b}c${c}`));
        }
      }
    }
    const big = legalGraph({ nodes: wide, edges: links });
    expect(initialCollapsed(big, 100)).toEqual(new Set());
    const folded = initialCollapsed(big, 15);
    expect(visibleGraph(big, folded).items).toHaveLength(13);
    const keep = initialCollapsed(big, 15, ["a1b2c0"]);
    expect(keep.has("a1b2")).toBe(false);
    expect(visibleGraph(big, keep).items.map((item) => item.id)).toContain("a1b2c0");
  });
});

describe("search", () => {
  const graph = legalGraph(structure);
  it("finds companies by name without regard to case or accents, and by country code", () => {
    expect(searchGraph(graph, "osterreich", label)).toEqual(["austria"]);
    expect(searchGraph(graph, " AB", label)).toEqual(["holding", "nordic"]);
    expect(searchGraph(graph, "no", label)).toEqual(["nordic", "norway"]);
    expect(searchGraph(graph, "   ", label)).toEqual([]);
  });

  it("finds grouping nodes by label and gives the way up to a result", () => {
    const byCountry = arrangedGraph(structure, (company) => [{ key: company.country }]);
    expect(searchGraph(byCountry, "de", (item) => (item.key === "DE" ? "Germany" : "Other"))).toEqual(["bucket:DE|germany"]);
    expect(searchGraph(byCountry, "germ", (item) => (item.key === "DE" ? "Germany" : "Other"))).toEqual([bucketId("DE")]);
    expect(ancestorsOf(graph, "austria")).toEqual(["germany", "holding"]);
  });
});

it("a card's key figure is the first money figure with a total, else the first with a total, else the first", () => {
  const count = { key: "contacts", kind: "count" as const, own: 1, total: 3 };
  const money = { key: "revenue.EUR", kind: "money" as const, own: 10, total: 30 };
  const noMoney = { key: "revenue.SEK", kind: "money" as const, own: 0, total: 0 };
  const noCount = { key: "service_items", kind: "count" as const, own: 0, total: 0 };
  expect(keyFigure({ figures: [count, noMoney, money] })).toBe(money);
  expect(keyFigure({ figures: [noCount, noMoney, count] })).toBe(count);
  expect(keyFigure({ figures: [noCount, noMoney] })).toBe(noCount);
  expect(keyFigure({ figures: [count] })).toBe(count);
  expect(keyFigure({ figures: [] })).toBeUndefined();
});
