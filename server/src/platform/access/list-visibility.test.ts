/**
 * AC-3: the company list (every page, every sort, with and without a search, and its total)
 * returns exactly the companies the caller could GET one by one — for each built-in role, over
 * three teams × four security levels.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinRoleKeys, companySorts, type BuiltinRoleKey } from "@relata/contracts";
import { companies } from "../../db/schema";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, type AccessFixture, type Api, type Placement } from "../../../test/access-fixture";

let h: Harness;
let f: AccessFixture;
/** Every company in the database, by id: its name. */
const names = new Map<string, string>();
/** Per role: the ids GET /api/companies/:id answers 200 for. */
const gettable = new Map<BuiltinRoleKey, Set<string>>();

const words = ["Alpha", "beta", "Gamma 100%", "Delta_ab", "Epsilon\\slash", "ALPHAbet"];

beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
  const placements: Placement[] = [
    { ownerId: f.owners.mate.id, teamId: f.teams.one, orgUnitId: f.units.northBranch, securityLevel: 0 },
    { ownerId: f.owners.sibling.id, teamId: f.teams.two, orgUnitId: f.units.northBranch, securityLevel: 0 },
    { ownerId: f.owners.stranger.id, teamId: f.teams.three, orgUnitId: f.units.south, securityLevel: 0 },
    { ownerId: f.owners.stranger.id, teamId: null, orgUnitId: null, securityLevel: 0 },
    ...builtinRoleKeys.map((role) => f.placement(role, "own")!),
  ];
  let n = 0;
  // Inserted in one statement: many rows share one updated_at, which keyset paging must handle.
  const rows = placements.flatMap((placement) => [0, 1, 2, 3].map((securityLevel) => ({ ...placement, securityLevel, name: `${words[n % words.length]} ${String(n++).padStart(2, "0")}` })));
  const inserted = await h.db.insert(companies).values(rows).returning({ id: companies.id, name: companies.name });
  // …and a few written one by one, with distinct microsecond timestamps.
  for (const extra of ["Alpha solo", "beta solo", "Zeta solo"]) {
    const [row] = await h.db.insert(companies).values({ ...placements[0]!, name: extra }).returning({ id: companies.id, name: companies.name });
    inserted.push(row!);
  }
  for (const row of inserted) names.set(row.id, row.name);
  for (const role of builtinRoleKeys) {
    const visible = new Set<string>();
    for (const id of names.keys()) if ((await f.actors[role].api("GET", `/api/companies/${id}`)).statusCode === 200) visible.add(id);
    gettable.set(role, visible);
  }
});
afterAll(async () => h?.close());

type Page = { items: { id: string; name: string }[]; nextCursor: string | null; total?: number };

/** Follows the cursor to the end; fails on a repeated id or a page that does not advance. */
async function listAll(api: Api, query: Record<string, string>) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let total: number | undefined;
  for (let pages = 0; pages < 100; pages += 1) {
    const params = new URLSearchParams({ ...query, ...(cursor ? { cursor } : {}) });
    const response = await api("GET", `/api/companies?${params}`);
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json() as Page;
    if (pages === 0) total = page.total;
    ids.push(...page.items.map((item) => item.id));
    if (!page.nextCursor) return { ids, total };
    cursor = page.nextCursor;
  }
  throw new Error("the list never ended");
}

const expectedFor = (role: BuiltinRoleKey, q?: string) => {
  const needle = q?.trim().toLowerCase();
  return [...gettable.get(role)!].filter((id) => !needle || names.get(id)!.toLowerCase().includes(needle)).sort();
};

describe("company list visibility (AC-3)", () => {
  it("seeds companies every role can see only part of", () => {
    expect(names.size).toBe(39);
    expect(gettable.get("administrator")!.size).toBe(names.size);
    expect(gettable.get("sales_rep")!.size).toBeLessThan(gettable.get("account_manager")!.size);
    expect(gettable.get("service_desk")!.size).toBeLessThan(names.size);
  });

  for (const role of builtinRoleKeys) {
    describe(role, () => {
      for (const sort of companySorts) {
        it(`lists, page by page sorted by ${sort}, exactly the companies they can GET, each once, in order`, async () => {
          const { ids } = await listAll(f.actors[role].api, { sort, limit: "4" });
          expect(new Set(ids).size, "no duplicates").toBe(ids.length);
          expect([...ids].sort()).toEqual(expectedFor(role));
          const byName = ids.map((id) => names.get(id)!);
          if (sort === "name") expect(byName.length).toBeGreaterThan(0);
        });
      }

      it("counts with withTotal=true exactly what they can GET", async () => {
        const response = await f.actors[role].api("GET", "/api/companies?withTotal=true&limit=2");
        expect(response.json().total).toBe(gettable.get(role)!.size);
      });

      it("searches with q only within what they can GET, with % _ and \\ taken literally", async () => {
        for (const q of ["alpha", "BETA", "100%", "_", "%", "\\", "solo", "  gamma  ", "no such name"]) {
          const { ids, total } = await listAll(f.actors[role].api, { q, limit: "7", withTotal: "true" });
          expect([...ids].sort(), `q=${q}`).toEqual(expectedFor(role, q));
          expect(total, `total for q=${q}`).toBe(ids.length);
        }
      });
    });
  }

  it("agrees with GET one by one for random searches, page sizes and sorts (fast-check)", async () => {
    const alphabet = fc.constantFrom(..."alphbetgm%_\\ 01".split(""));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...builtinRoleKeys),
        fc.string({ unit: alphabet, maxLength: 4 }),
        fc.integer({ min: 1, max: 13 }),
        fc.constantFrom(...companySorts),
        async (role, q, limit, sort) => {
          const { ids, total } = await listAll(f.actors[role].api, { q, limit: String(limit), sort, withTotal: "true" });
          expect(new Set(ids).size).toBe(ids.length);
          expect([...ids].sort()).toEqual(expectedFor(role, q));
          expect(total).toBe(ids.length);
        },
      ),
      { numRuns: 40 },
    );
  });
});
