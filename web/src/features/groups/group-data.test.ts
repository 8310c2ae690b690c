import { describe, expect, it } from "vitest";
import type { GroupEdge, GroupNode } from "@relata/contracts";
import { ApiError } from "../../lib/api";
import { parentVersion } from "./api";
import { bucketMembers } from "./drill-down";
import { linkProblems } from "./problems";
import { subtreeFirst, subtreeIds } from "./subtree";
import { flagOf, regionNames, shareBand } from "./values";

const node = (id: string, parentId: string | null, depth: number, extra: Partial<GroupNode> = {}): GroupNode => ({
  id,
  name: id,
  country: null,
  stage: "customer",
  grade: null,
  lineOfBusiness: null,
  clientUnit: null,
  depth,
  parentId,
  figures: [],
  ...extra,
});
const edge = (source: string, target: string, relation: GroupEdge["relation"], share: number | null, indirect = false): GroupEdge => ({
  source,
  target,
  relation,
  share,
  indirect,
});

// root (SE) → a (SE, 100 % subsidiary) → a1 (NO, 60 % subsidiary); root → b (DE, branch); a → a2 (indirect: a hidden company between)
const nodes = [
  node("root", null, 0, { country: "SE", lineOfBusiness: "retail" }),
  node("a", "root", 1, { country: "SE", clientUnit: "north" }),
  node("b", "root", 1, { country: "DE", lineOfBusiness: "retail" }),
  node("a1", "a", 2, { country: "NO" }),
  node("a2", "a", 3, { country: "NO" }),
];
const edges = [
  edge("root", "a", "subsidiary", 100),
  edge("root", "b", "branch", null),
  edge("a", "a1", "subsidiary", 60),
  edge("a", "a2", null, null, true),
];
const structure = { nodes, edges };

describe("a company's part of its group", () => {
  it("is the company and everything below it, top-down", () => {
    expect(subtreeIds(nodes, "root")).toEqual(["root", "a", "b", "a1", "a2"]);
    expect(subtreeIds(nodes, "a")).toEqual(["a", "a1", "a2"]);
    expect(subtreeIds(nodes, "b")).toEqual(["b"]);
    expect(subtreeIds(nodes, "missing")).toEqual([]);
  });

  it("comes first when the whole group is listed", () => {
    expect(subtreeFirst(nodes, "a")).toEqual(["a", "a1", "a2", "root", "b"]);
  });
});

describe("what a row of a view by holds", () => {
  const ids = (list: GroupNode[]) => list.map((item) => item.id);
  it("lists the subtree's companies with the row's country, line of business or client unit", () => {
    expect(ids(bucketMembers(structure, "root", "country", "SE"))).toEqual(["root", "a"]);
    expect(ids(bucketMembers(structure, "a", "country", "SE"))).toEqual(["a"]);
    expect(ids(bucketMembers(structure, "root", "country", "NO"))).toEqual(["a1", "a2"]);
    expect(ids(bucketMembers(structure, "root", "lineOfBusiness", "retail"))).toEqual(["root", "b"]);
    expect(ids(bucketMembers(structure, "root", "lineOfBusiness", null))).toEqual(["a", "a1", "a2"]);
    expect(ids(bucketMembers(structure, "root", "clientUnit", "north"))).toEqual(["a"]);
  });

  it("lists ownership rows by relation and share band; the company itself is the root row", () => {
    expect(ids(bucketMembers(structure, "root", "ownership", "root"))).toEqual(["root"]);
    expect(ids(bucketMembers(structure, "root", "ownership", "subsidiary/full"))).toEqual(["a"]);
    expect(ids(bucketMembers(structure, "root", "ownership", "subsidiary/majority"))).toEqual(["a1"]);
    expect(ids(bucketMembers(structure, "root", "ownership", "branch/unknown"))).toEqual(["b"]);
    // Seen from a, its own link lies outside its subtree.
    expect(ids(bucketMembers(structure, "a", "ownership", "subsidiary/full"))).toEqual([]);
  });

  it("has no companies for the contact dimensions", () => {
    expect(bucketMembers(structure, "root", "function", "it")).toEqual([]);
  });
});

describe("parent link problems", () => {
  const t = (key: string) => `«${key}»`;
  it("puts the server's cycle refusal on the parent field in the reader's language", () => {
    const error = new ApiError(400, {
      code: "validation",
      message: "Invalid input",
      details: [
        {
          field: "parentId",
          message: "is a subsidiary of this company (directly or further down): placing the company under it would make a cycle",
        },
        { field: "validFrom", message: "must not be in the future" },
        { field: "validTo", message: "must be after validFrom" },
      ],
    });
    expect(linkProblems(error, t)).toEqual({
      parentId: "«groups:problem.cycle»",
      validFrom: "«groups:problem.future»",
      validTo: "must be after validFrom",
    });
  });

  it("says nothing on a field for other failures", () => {
    expect(linkProblems(new ApiError(412, { code: "precondition_failed", message: "stale" }), t)).toEqual({});
    expect(linkProblems(new Error("boom"), t)).toEqual({});
  });
});

it("bases a parent change on the highest version of the company's links (0 without any)", () => {
  expect(parentVersion([])).toBe(0);
  expect(parentVersion([{ version: 2 }, { version: 5 }, { version: 1 }])).toBe(5);
});

it("shows flags, share bands and country names", () => {
  expect(flagOf("se")).toBe("🇸🇪");
  expect(flagOf(null)).toBe("");
  expect(flagOf("SWE")).toBe("");
  expect([100, 60, 50, 0, null].map(shareBand)).toEqual(["full", "majority", "minority", "minority", "unknown"]);
  expect(regionNames("en")("DE")).toBe("Germany");
  expect(regionNames("sv")("DE")).toBe("Tyskland");
});
