/**
 * The company list: a filter on every field (custom fields too, "My clients"), keyset paging
 * that returns every row exactly once in order for every sort — nullable columns and custom
 * fields included, empty values last both ways — and bad filters, sorts and cursors refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompanyGrade, LifecycleStage } from "@relata/contracts";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, refusals, type AccessFixture } from "../../../test/access-fixture";

let h: Harness;
let f: AccessFixture;
const refused = (...args: Parameters<ReturnType<typeof refusals>>) => refusals(h)(...args);
const cursorOf = (values: unknown) => Buffer.from(JSON.stringify(values)).toString("base64url");

type Seed = {
  name: string;
  kind?: string;
  stage?: LifecycleStage;
  status?: string;
  grade?: CompanyGrade | null;
  gradeOverride?: CompanyGrade | null;
  sizeBand?: string | null;
  country?: string | null;
  industry?: string | null;
  category?: string | null;
  custom?: Record<string, unknown>;
  mine?: boolean;
};

/** Companies of one prefix, with the values each list test filters and sorts on; repeated values test the tie-break. */
const seeds: Seed[] = [
  {
    name: "Listed 01",
    kind: "client",
    stage: "lead",
    grade: "A",
    country: "SE",
    industry: "Paper & Pulp",
    custom: { tier: "gold", seats: 10 },
  },
  { name: "Listed 02", kind: "partner", stage: "prospect", grade: null, country: null, category: "Reseller", custom: { seats: 2.5 } },
  {
    name: "Listed 03",
    kind: "supplier",
    stage: "customer",
    grade: "C",
    gradeOverride: "key",
    country: "NO",
    sizeBand: "50-249",
    custom: { tier: "silver", renewal: "2025-01-31", partner: true },
  },
  { name: "Listed 04", stage: "former", status: "inactive", country: "SE", custom: { tier: "gold", seats: 10, renewal: "2024-06-01" } },
  {
    name: "Listed 05",
    stage: "customer",
    status: "frozen",
    grade: "B",
    country: null,
    sizeBand: "1-9",
    mine: true,
    custom: { partner: false },
  },
  { name: "Listed 06", kind: "competitor", stage: "lead", grade: "A", country: "DK", industry: "Retail", custom: { seats: -4 } },
  {
    name: "Listed 07",
    stage: "prospect",
    grade: null,
    gradeOverride: "B",
    country: "SE",
    category: "OEM",
    mine: true,
    custom: { tier: "bronze" },
  },
  { name: "Listed 08", stage: "customer", grade: "A", country: "NO", custom: { renewal: "2025-01-31", seats: 10 } },
  { name: "Listed 08", stage: "lead", country: null, industry: "paper mills", custom: {} },
  { name: "Listed 10", kind: "distributor", stage: "prospect", grade: "C", country: "FI", custom: { tier: "gold" } },
];
const idOf = new Map<string, string[]>();
const rowOf = new Map<string, Seed>();

beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
  const admin = f.actors.administrator.api;
  const section = (await admin("POST", "/api/custom-sections", { object: "company", labels: { en: "Account" } })).json();
  for (const [key, type] of [
    ["tier", "choice"],
    ["seats", "number"],
    ["renewal", "date"],
    ["partner", "yes_no"],
  ] as const) {
    const options = type === "choice" ? ["gold", "silver", "bronze"].map((value) => ({ value, labels: { en: value } })) : undefined;
    const created = await admin("POST", "/api/custom-fields", { sectionId: section.id, key, type, labels: { en: key }, options });
    expect(created.statusCode, created.body).toBe(201);
  }
  for (const seed of seeds) {
    const { name, mine, ...values } = seed;
    // Everyone here is visible to the sales rep (their own, or their teammate's).
    const id = await f.insertCompany(name, f.placement("sales_rep", mine ? "own" : "team")!, {
      ...(values as object),
      custom: (values.custom ?? {}) as never,
    });
    idOf.set(name, [...(idOf.get(name) ?? []), id]);
    rowOf.set(id, seed);
  }
});
afterAll(async () => h?.close());

async function listAll(query: Record<string, string>, limit = 200) {
  const items: { id: string; name: string; updatedAt: string; createdAt: string }[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const params = new URLSearchParams({ q: "Listed", limit: String(limit), ...query, ...(cursor ? { cursor } : {}) });
    const response = await f.actors.sales_rep.api("GET", `/api/companies?${params}`);
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json() as { items: typeof items; nextCursor: string | null };
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return items;
  }
  throw new Error("the list never ended");
}

const namesOf = async (query: Record<string, string>) => (await listAll(query)).map((item) => item.name).sort();
const seedNames = (keep: (seed: Seed) => boolean) =>
  seeds
    .filter(keep)
    .map((seed) => seed.name)
    .sort();

describe("filters on every field", () => {
  it.each<[string, Record<string, string>, (seed: Seed) => boolean]>([
    ["kind", { "filter[kind]": "partner,supplier" }, (s) => s.kind === "partner" || s.kind === "supplier"],
    ["kind (default client)", { "filter[kind]": "client" }, (s) => (s.kind ?? "client") === "client"],
    ["stage", { "filter[stage]": "customer" }, (s) => s.stage === "customer"],
    ["stage, several", { "filter[stage]": "lead,former" }, (s) => s.stage === "lead" || s.stage === "former"],
    ["status", { "filter[status]": "frozen,inactive" }, (s) => s.status === "frozen" || s.status === "inactive"],
    ["grade (the override wins)", { "filter[grade]": "key,B" }, (s) => ["key", "B"].includes((s.gradeOverride ?? s.grade) as string)],
    ["grade A", { "filter[grade]": "A" }, (s) => (s.gradeOverride ?? s.grade) === "A"],
    ["size band", { "filter[sizeBand]": "1-9,50-249" }, (s) => s.sizeBand === "1-9" || s.sizeBand === "50-249"],
    ["country (any case)", { "filter[country]": "se,no" }, (s) => s.country === "SE" || s.country === "NO"],
    ["industry (contains, accents and case ignored)", { "filter[industry]": "PAPER" }, (s) => /paper/i.test(s.industry ?? "")],
    ["category", { "filter[category]": "oem" }, (s) => s.category === "OEM"],
    ["owner me (My clients)", { "filter[ownerId]": "me" }, (s) => s.mine === true],
    ["custom choice", { "filter[custom.tier]": "gold" }, (s) => s.custom?.tier === "gold"],
    ["custom choice, several", { "filter[custom.tier]": "silver,bronze" }, (s) => ["silver", "bronze"].includes(s.custom?.tier as string)],
    [
      "custom number range",
      { "filter[custom.seats]": "0..10" },
      (s) => typeof s.custom?.seats === "number" && (s.custom.seats as number) >= 0,
    ],
    ["custom number, lower bound", { "filter[custom.seats]": "5.." }, (s) => ((s.custom?.seats as number) ?? -99) >= 5],
    ["custom date range", { "filter[custom.renewal]": "2025-01-01..2025-12-31" }, (s) => (s.custom?.renewal as string)?.startsWith("2025")],
    ["custom yes/no", { "filter[custom.partner]": "true" }, (s) => s.custom?.partner === true],
    [
      "several at once",
      { "filter[country]": "SE", "filter[custom.tier]": "gold", "filter[stage]": "lead" },
      (s) => s.country === "SE" && s.custom?.tier === "gold" && s.stage === "lead",
    ],
  ])("filters by %s", async (_what, query, keep) => {
    const expected = seedNames(keep);
    expect(expected.length, "the case selects something").toBeGreaterThan(0);
    expect(expected.length, "the case leaves something out").toBeLessThan(seeds.length);
    expect(await namesOf(query)).toEqual(expected);
    const counted = await f.actors.sales_rep.api(
      "GET",
      `/api/companies?${new URLSearchParams({ q: "Listed", ...query, withTotal: "true" })}`,
    );
    expect(counted.json().total).toBe(expected.length);
  });

  it("filters by owner, team, org unit and security level", async () => {
    const mine = seedNames((s) => s.mine === true);
    expect(await namesOf({ "filter[ownerId]": f.actors.sales_rep.id })).toEqual(mine);
    expect(await namesOf({ "filter[ownerId]": f.owners.mate.id })).toEqual(seedNames((s) => !s.mine));
    expect(await namesOf({ "filter[teamId]": f.teams.one })).toEqual(seedNames(() => true));
    expect(await namesOf({ "filter[orgUnitId]": f.units.north })).toEqual(mine);
    expect(await namesOf({ "filter[securityLevel]": "1" })).toEqual([]);
  });

  it.each([
    ["filter[kind]=alien", "querystring.filter[kind]"],
    ["filter[stage]=lead,won", "querystring.filter[stage]"],
    ["filter[status]=gone", "querystring.filter[status]"],
    ["filter[grade]=D", "querystring.filter[grade]"],
    ["filter[sizeBand]=huge", "querystring.filter[sizeBand]"],
    ["filter[country]=SWE", "querystring.filter[country]"],
    ["filter[ownerId]=you", "querystring.filter[ownerId]"],
    [`filter[industry]=${"x".repeat(201)}`, "querystring.filter[industry]"],
    ["filter[custom.nosuch]=1", "filter[custom.nosuch]"],
    ["filter[custom.seats]=many", "filter[custom.seats]"],
    ["filter[custom.renewal]=2025-02-30", "filter[custom.renewal]"],
    ["filter[custom.tier]=platinum", "filter[custom.tier]"],
    ["filter[custom.Bad-Key]=1", "querystring.filter[custom.Bad-Key]"],
    ["filter[website]=x", "querystring.filter[website]"],
    ["sort=custom.nosuch", "sort"],
    ["sort=custom.Bad", "querystring.sort"],
    ["sort=ownerName", "querystring.sort"],
    ["sort=--name", "querystring.sort"],
  ])("refuses %s with 400 naming %s", async (query, field) => {
    await refused(() => f.actors.sales_rep.api("GET", `/api/companies?${query}`), 400, field);
  });
});

/** The value a sort compares, as the test computes it from the seed (null: empty). */
function sortValue(sort: string, seed: Seed): string | number | null {
  const ranks = { lead: 1, prospect: 2, customer: 3, former: 4, key: 1, A: 2, B: 3, C: 4 } as Record<string, number>;
  switch (sort) {
    case "name":
      return seed.name;
    case "stage":
      return ranks[seed.stage ?? "lead"]!;
    case "grade": {
      const grade = seed.gradeOverride ?? seed.grade;
      return grade ? ranks[grade]! : null;
    }
    case "country":
      return seed.country ?? null;
    default: {
      const value = seed.custom?.[sort.slice("custom.".length)];
      return value === undefined || value === null ? null : String(value) === value ? (value as string) : (value as number);
    }
  }
}

describe("keyset paging", () => {
  const compared = ["name", "stage", "grade", "country", "custom.seats", "custom.renewal", "custom.tier"];

  for (const sort of [...compared, "updatedAt", "createdAt"].flatMap((s) => [s, `-${s}`])) {
    it(`returns every company exactly once, in order, empty values last, across pages sorted by ${sort}`, async () => {
      const whole = await listAll({ sort });
      expect(whole.map((item) => item.id).sort()).toEqual([...rowOf.keys()].sort());
      for (const limit of [1, 3, 4]) {
        const paged = await listAll({ sort }, limit);
        expect(
          paged.map((item) => item.id),
          `limit ${limit}`,
        ).toEqual(whole.map((item) => item.id));
      }
      const field = sort.replace(/^-/, "");
      const descending = sort.startsWith("-");
      if (compared.includes(field)) {
        const expected = [...rowOf.entries()]
          .map(([id, seed]) => ({ id, value: sortValue(field, seed) }))
          .sort((a, b) => {
            if (a.value === null || b.value === null) {
              if (a.value !== b.value) return a.value === null ? 1 : -1;
            } else if (a.value !== b.value) return (a.value < b.value ? -1 : 1) * (descending ? -1 : 1);
            return (a.id < b.id ? -1 : 1) * (descending ? -1 : 1);
          })
          .map((entry) => entry.id);
        expect(whole.map((item) => item.id)).toEqual(expected);
      } else {
        const keys = whole.map((item) => (field === "updatedAt" ? item.updatedAt : item.createdAt));
        const sorted = [...keys].sort();
        expect(keys).toEqual(descending ? sorted.reverse() : sorted);
      }
    });
  }

  it.each([
    ["stage", ["lead", missingId()]],
    ["stage", [7, missingId()]],
    ["stage", [null, missingId()]],
    ["grade", ["A", missingId()]],
    ["grade", [1.5, missingId()]],
    ["country", [5, missingId()]],
    ["custom.seats", ["ten", missingId()]],
    ["custom.seats", [10, missingId()]],
    ["custom.renewal", ["2025-02-30", missingId()]],
    ["custom.tier", ["gold\u0000", missingId()]],
    ["custom.tier", ["gold", "nope"]],
    ["createdAt", ["2024-01-01T00:00:00Z", missingId()]],
  ])("refuses a cursor that %s cannot continue from (%j) with 400", async (sort, values) => {
    await refused(() => f.actors.sales_rep.api("GET", `/api/companies?sort=${sort}&cursor=${cursorOf(values)}`), 400, "cursor");
  });

  it("continues from a cursor whose sort value is empty (null), among the empty ones by id", async () => {
    const whole = await listAll({ sort: "country" });
    const firstEmpty = whole.findIndex((item) => rowOf.get(item.id)!.country == null);
    const rest = await listAll({ sort: "country", cursor: cursorOf([null, whole[firstEmpty]!.id]) });
    expect(rest.map((item) => item.id)).toEqual(whole.slice(firstEmpty + 1).map((item) => item.id));
  });
});

function missingId() {
  return "00000000-0000-4000-8000-00000000000f";
}
