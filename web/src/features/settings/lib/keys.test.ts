import { describe, expect, it } from "vitest";
import { fieldKeyPattern, keyFromLabel, optionValueFromLabel, optionValuePattern, uniqueKey } from "./keys";
import { move, positionChanges } from "./order";
import { problemsByField, translateProblem, unplacedProblems } from "./problems";

describe("keys from English labels", () => {
  it("folds accents and separators into a key the server accepts", () => {
    expect(keyFromLabel("Purchasing contact (main)")).toBe("purchasing_contact_main");
    expect(keyFromLabel("  Café  Größe ")).toBe("cafe_grosse");
    expect(keyFromLabel("Ærø sørvis")).toBe("aero_sorvis");
    expect(keyFromLabel("2nd buyer")).toBe("f_2nd_buyer");
    expect(keyFromLabel("采购")).toBe("");
    const long = keyFromLabel("a very long label that goes on and on beyond forty characters");
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long).toMatch(fieldKeyPattern);
    expect(long.endsWith("_")).toBe(false);
  });

  it("makes option values with hyphens", () => {
    expect(optionValueFromLabel("Framework agreement")).toBe("framework-agreement");
    expect(optionValueFromLabel("1–3 years")).toBe("1-3-years");
    expect(optionValueFromLabel("1–3 years")).toMatch(optionValuePattern);
  });

  it("adds a number when the key is taken", () => {
    expect(uniqueKey("region", new Set())).toBe("region");
    expect(uniqueKey("region", new Set(["region", "region_2"]))).toBe("region_3");
    const base = "x".repeat(40);
    expect(uniqueKey(base, new Set([base]))).toBe(`${"x".repeat(38)}_2`);
  });
});

describe("reordering", () => {
  const items = ["a", "b", "c", "d"].map((id, position) => ({ id, position, version: 1 }));

  it("moves an item and clamps at the ends", () => {
    expect(move(items, 0, 2).map((item) => item.id)).toEqual(["b", "c", "a", "d"]);
    expect(move(items, 3, -5).map((item) => item.id)).toEqual(["d", "a", "b", "c"]);
    expect(move(items, 9, 0)).toEqual(items);
  });

  it("saves only the positions that changed", () => {
    expect(positionChanges(move(items, 1, 2))).toEqual([
      { id: "c", version: 1, position: 1 },
      { id: "b", version: 1, position: 2 },
    ]);
    expect(positionChanges(items)).toEqual([]);
    // Gaps left by deleted items close up.
    expect(positionChanges([{ id: "x", position: 3, version: 4 }])).toEqual([{ id: "x", version: 4, position: 0 }]);
  });
});

describe("server problems on form fields", () => {
  const t = (key: string, options?: Record<string, unknown>) => `${key}${options ? JSON.stringify(options) : ""}`;

  it("translates the messages it knows and keeps the others", () => {
    expect(translateProblem({ field: "key", message: "is already in use" }, t)).toBe("settings:problem.keyTaken");
    expect(translateProblem({ field: "options", message: '"gold" is used by 3 records' }, t)).toBe(
      'settings:problem.optionInUse{"value":"gold","count":3}',
    );
    expect(translateProblem({ field: "fields", message: "the section holds 1 field" }, t)).toBe(
      'settings:problem.sectionNotEmpty{"count":1}',
    );
    expect(translateProblem({ field: "labels.en", message: "Too small" }, t)).toBe("Too small");
  });

  it("groups problems by field and finds those no input shows", () => {
    const byField = problemsByField(
      [
        { field: "options", message: '"a" is used by 1 record' },
        { field: "options", message: '"b" is used by 2 records' },
        { field: "options[1].value", message: "is used by another option" },
        { field: "body", message: "odd" },
      ],
      t,
    );
    expect(byField.options).toBe(
      'settings:problem.optionInUse{"value":"a","count":1} · settings:problem.optionInUse{"value":"b","count":2}',
    );
    expect(byField["options[1].value"]).toBe("settings:problem.optionDuplicate");
    expect(unplacedProblems(byField, (field) => field.startsWith("options"))).toEqual(["odd"]);
  });
});
