/**
 * AC-3: the company list (every page, every sort, with and without a search, with any filters,
 * and its total), the CSV export and global search return exactly the companies the caller
 * could GET one by one — for each built-in role, over three teams × four security levels.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinRoleKeys, type BuiltinRoleKey } from "@relata/contracts";
import { companies } from "../../db/schema";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, indexCompanies, type AccessFixture, type Api, type Placement } from "../../../test/access-fixture";

/** Every built-in sort, both ways (grade and country are empty here: keyset paging through nulls). */
const companySorts = ["name", "updatedAt", "createdAt", "stage", "grade", "country"].flatMap((sort) => [sort, `-${sort}`]);

let h: Harness;
let f: AccessFixture;
/** Every company in the database, by id: its name. */
const names = new Map<string, string>();
/** Every company in the database, by id: where it sits. */
const placed = new Map<string, Placement>();
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
  const rows = placements.flatMap((placement) =>
    [0, 1, 2, 3].map((securityLevel) => ({
      ...placement,
      securityLevel,
      name: `${words[n % words.length]} ${String(n++).padStart(2, "0")}`,
    })),
  );
  const returned = {
    id: companies.id,
    name: companies.name,
    ownerId: companies.ownerId,
    teamId: companies.teamId,
    orgUnitId: companies.orgUnitId,
    securityLevel: companies.securityLevel,
  };
  const inserted = await h.db.insert(companies).values(rows).returning(returned);
  // …and a few written one by one, with distinct microsecond timestamps.
  for (const extra of ["Alpha solo", "beta solo", "Zeta solo"]) {
    const [row] = await h.db
      .insert(companies)
      .values({ ...placements[0]!, name: extra })
      .returning(returned);
    inserted.push(row!);
  }
  await indexCompanies(h);
  for (const row of inserted) {
    names.set(row.id, row.name);
    placed.set(row.id, { ownerId: row.ownerId, teamId: row.teamId, orgUnitId: row.orgUnitId, securityLevel: row.securityLevel });
  }
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

type Filters = Partial<Record<"ownerId" | "teamId" | "orgUnitId" | "securityLevel", string>>;

const expectedFor = (role: BuiltinRoleKey, q?: string, filters: Filters = {}) => {
  const needle = q?.trim().toLowerCase();
  return [...gettable.get(role)!]
    .filter((id) => !needle || names.get(id)!.toLowerCase().includes(needle))
    .filter((id) => {
      const where = placed.get(id)!;
      return (
        (filters.ownerId === undefined || where.ownerId === filters.ownerId) &&
        (filters.teamId === undefined || where.teamId === filters.teamId) &&
        (filters.orgUnitId === undefined || where.orgUnitId === filters.orgUnitId) &&
        (filters.securityLevel === undefined || String(where.securityLevel) === filters.securityLevel)
      );
    })
    .sort();
};

const filterParams = (filters: Filters) => Object.fromEntries(Object.entries(filters).map(([field, value]) => [`filter[${field}]`, value]));

/** The ids in a CSV export (first column), after checking the BOM and header. */
async function exportedIds(api: Api, query: Record<string, string>) {
  const response = await api("GET", `/api/companies/export.csv?${new URLSearchParams(query)}`);
  expect(response.statusCode, response.body).toBe(200);
  expect(response.body.startsWith("\uFEFFid,name,kind,stage,")).toBe(true);
  return response.body
    .split("\r\n")
    .slice(1)
    .filter((line) => line !== "")
    .map((line) => line.slice(0, 36));
}

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

  describe("filters", () => {
    const filterCases = (): Filters[] => [
      { ownerId: f.owners.mate.id },
      { ownerId: f.owners.stranger.id },
      { teamId: f.teams.one },
      { teamId: f.teams.three },
      { orgUnitId: f.units.northBranch },
      { orgUnitId: f.units.south },
      { securityLevel: "0" },
      { securityLevel: "3" },
      { ownerId: f.owners.stranger.id, teamId: f.teams.three, securityLevel: "1" },
      { teamId: f.teams.two, orgUnitId: f.units.northBranch },
    ];

    for (const role of builtinRoleKeys) {
      it(`${role}: every filter narrows what they can GET and never reveals more (list, total and export)`, async () => {
        for (const filters of filterCases()) {
          const expected = expectedFor(role, undefined, filters);
          const { ids, total } = await listAll(f.actors[role].api, { limit: "5", withTotal: "true", ...filterParams(filters) });
          expect([...ids].sort(), JSON.stringify(filters)).toEqual(expected);
          expect(total).toBe(expected.length);
          expect((await exportedIds(f.actors[role].api, filterParams(filters))).sort(), `export ${JSON.stringify(filters)}`).toEqual(
            expected,
          );
        }
      });
    }

    it("finds nothing of another team through the owner or team filter for a sales rep (404-equivalent: empty, not an error)", async () => {
      const rep = f.actors.sales_rep.api;
      for (const filters of [{ ownerId: f.owners.stranger.id }, { teamId: f.teams.three }, { orgUnitId: f.units.south }]) {
        const { ids, total } = await listAll(rep, { withTotal: "true", ...filterParams(filters) });
        expect(ids).toEqual([]);
        expect(total).toBe(0);
      }
    });

    it("refuses malformed filters with 400 naming them", async () => {
      const rep = f.actors.sales_rep.api;
      for (const [query, field] of [
        ["filter[ownerId]=you", "querystring.filter[ownerId]"],
        ["filter[teamId]=1", "querystring.filter[teamId]"],
        ["filter[orgUnitId]=", "querystring.filter[orgUnitId]"],
        ["filter[securityLevel]=4", "querystring.filter[securityLevel]"],
        ["filter[securityLevel]=-1", "querystring.filter[securityLevel]"],
        ["filter[name]=x", "querystring.filter[name]"],
      ] as const) {
        for (const path of ["/api/companies", "/api/companies/export.csv"]) {
          const response = await rep("GET", `${path}?${query}`);
          expect(response.statusCode, `${path}?${query}`).toBe(400);
          expect((response.json().details as { field: string }[]).map((d) => d.field)).toContain(field);
        }
      }
    });
  });

  describe("export", () => {
    for (const role of builtinRoleKeys) {
      it(`${role}: exports exactly what they can GET, in list order, with q taken literally`, async () => {
        for (const q of [undefined, "alpha", "100%", "_", "no such name"]) {
          const exported = await exportedIds(f.actors[role].api, q === undefined ? {} : { q });
          expect([...exported].sort(), `q=${q}`).toEqual(expectedFor(role, q));
        }
        for (const sort of companySorts) {
          const { ids } = await listAll(f.actors[role].api, { sort, limit: "200" });
          expect(await exportedIds(f.actors[role].api, { sort }), sort).toEqual(ids);
        }
      });
    }
  });

  describe("global search", () => {
    type Hit = { object: string; id: string; title: string };
    const searchFor = async (api: Api, q: string, limit = 20) => {
      const response = await api("GET", `/api/search?${new URLSearchParams({ q, limit: String(limit) })}`);
      expect(response.statusCode, response.body).toBe(200);
      return (response.json().items as Hit[]).filter((hit) => hit.object === "company");
    };

    for (const role of builtinRoleKeys) {
      it(`${role}: finds only companies they can GET`, async () => {
        for (const q of ["alpha", "beta", "solo", "gamma", "delta", "epsilon", "zeta", "0", "1"]) {
          const hits = await searchFor(f.actors[role].api, q);
          for (const hit of hits) expect(gettable.get(role)!.has(hit.id), `${role} q=${q}: ${hit.title}`).toBe(true);
          // Every visible company containing q is found (up to the limit); one or two characters match where a word starts.
          const containing = expectedFor(role, q).filter((id) => q.length >= 3 || new RegExp(`(^|\\s)${q}`, "i").test(names.get(id)!));
          if (containing.length <= 20)
            expect(
              containing.every((id) => hits.some((hit) => hit.id === id)),
              `q=${q}`,
            ).toBe(true);
        }
      });
    }

    it("never shows a sales rep another team's or a too-secret company, even by its exact name", async () => {
      const rep = f.actors.sales_rep;
      const hidden = [...names.keys()].filter((id) => !gettable.get("sales_rep")!.has(id));
      expect(hidden.length).toBeGreaterThan(0);
      for (const id of hidden) {
        const hits = await searchFor(rep.api, names.get(id)!);
        expect(hits.map((hit) => hit.id)).not.toContain(id);
      }
    });
  });

  it("agrees with GET one by one for random filters, searches, page sizes and sorts (fast-check)", async () => {
    const alphabet = fc.constantFrom(..."alph 01".split(""));
    const filters = fc.record(
      {
        ownerId: fc.constantFrom(
          f.owners.mate.id,
          f.owners.sibling.id,
          f.owners.stranger.id,
          ...builtinRoleKeys.map((role) => f.actors[role].id),
        ),
        teamId: fc.constantFrom(f.teams.one, f.teams.two, f.teams.three),
        orgUnitId: fc.constantFrom(f.units.north, f.units.northBranch, f.units.south),
        securityLevel: fc.constantFrom("0", "1", "2", "3"),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...builtinRoleKeys),
        filters,
        fc.string({ unit: alphabet, maxLength: 3 }),
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom(...companySorts),
        async (role, chosen, q, limit, sort) => {
          const { ids, total } = await listAll(f.actors[role].api, {
            q,
            limit: String(limit),
            sort,
            withTotal: "true",
            ...filterParams(chosen),
          });
          expect(new Set(ids).size).toBe(ids.length);
          expect([...ids].sort()).toEqual(expectedFor(role, q, chosen));
          expect(total).toBe(ids.length);
        },
      ),
      { numRuns: 30 },
    );
  });

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
