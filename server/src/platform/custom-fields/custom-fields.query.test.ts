/**
 * Custom-field filters and sorting run against PostgreSQL: a test-only table with a `custom`
 * JSONB column (like companies and contacts have) holds one record per case. Also the
 * active-user check of user fields in `validateCustomValues`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq, sql } from "drizzle-orm";
import { jsonb, pgTable, text } from "drizzle-orm/pg-core";
import type { CustomFieldType, CustomValues } from "@relata/contracts";
import pg from "pg";
import { createDb, createPool, type Db } from "../../db/connection";
import { ensureBuiltinRoles } from "../access/roles.repository";
import { createTestDatabase, createUser, type TestDatabase } from "../../../test/harness";
import { appRole } from "../../../test/global-setup";
import { customFilterCondition, customSortCursorValue, customSortExpression, customSortKeyText } from "./custom-fields.query";
import { validateCustomValues } from "./custom-fields.service";
import type { CustomFieldDef } from "./custom-fields.values";

const probe = pgTable("custom_probe", { name: text("name").primaryKey(), custom: jsonb("custom").$type<CustomValues>().notNull() });

// The database alone (no app): these are queries, not routes.
let h: { db: Db; pool: pg.Pool; database: TestDatabase };
let serial = 0;
function def(key: string, type: CustomFieldType, archived = false): CustomFieldDef {
  serial += 1;
  return {
    id: `00000000-0000-4000-8000-${String(serial).padStart(12, "0")}`,
    object: "company",
    sectionId: "00000000-0000-4000-8000-000000000000",
    key,
    type,
    labels: { en: key },
    required: false,
    position: serial,
    options:
      type === "choice" || type === "multi_choice" ? ["gold", "silver", "bronze"].map((value) => ({ value, labels: { en: value } })) : [],
    archived,
  };
}

const defs = [
  def("note", "text"),
  def("about", "long_text"),
  def("employees", "number"),
  def("budget", "money"),
  def("since", "date"),
  def("tier", "choice"),
  def("tags", "multi_choice"),
  def("partner", "yes_no"),
  def("site", "url"),
  def("mail", "email"),
  def("phone", "phone"),
  def("manager", "user"),
  def("legacy", "text", true),
];
const byKey = (key: string) => defs.find((d) => d.key === key)!;
const managerA = "00000000-0000-4000-8000-0000000000a1";
const managerB = "00000000-0000-4000-8000-0000000000b2";

const records: Record<string, CustomValues> = {
  alpha: {
    note: "Key account in Göteborg",
    about: "Long\nstory",
    employees: 120,
    budget: { amount: "1500.00", currency: "EUR" },
    since: "2019-05-01",
    tier: "gold",
    tags: ["gold", "silver"],
    partner: true,
    site: "https://alpha.example",
    mail: "info@alpha.example",
    phone: "+46 31 123 45",
    manager: managerA,
    legacy: "old value",
  },
  beta: {
    note: "Prospect 100% sure_thing",
    employees: 8.5,
    budget: { amount: "99.95", currency: "SEK" },
    since: "2023-12-31",
    tier: "silver",
    tags: ["bronze"],
    partner: false,
    manager: managerB,
  },
  gamma: {
    employees: -3,
    budget: { amount: "1500.00", currency: "SEK" },
    since: "2024-01-01",
    tier: "bronze",
    tags: ["silver", "bronze"],
  },
  // No values at all: matches no positive filter, sorts as NULL.
  delta: {},
  // Values of the wrong shape (written around the service): filters and sorts must not fail on them.
  omega: { employees: "many" as unknown as number, budget: "lots" as unknown as number, since: "soon", tier: ["gold"] },
};

beforeAll(async () => {
  const database = await createTestDatabase();
  const owner = new pg.Client({ connectionString: database.ownerUrl });
  await owner.connect();
  await owner.query("CREATE TABLE custom_probe (name text PRIMARY KEY, custom jsonb NOT NULL DEFAULT '{}')");
  await owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON custom_probe TO ${appRole}`);
  await owner.end();
  const pool = createPool(database.appUrl, { max: 3 });
  h = { db: createDb(pool), pool, database };
  await ensureBuiltinRoles(h.db);
  await h.db.insert(probe).values(Object.entries(records).map(([name, custom]) => ({ name, custom })));
});
afterAll(async () => {
  await h?.pool.end();
  await h?.database.drop();
});

/** The names of the probe records that match the filters (or the problems with them). */
async function matching(filters: Record<string, string>) {
  const { condition, problems } = customFilterCondition(probe.custom, defs, filters);
  if (problems.length > 0) return problems;
  const rows = await h.db.select({ name: probe.name }).from(probe).where(condition).orderBy(asc(probe.name));
  return rows.map((row) => row.name);
}

describe("customFilterCondition", () => {
  it.each([
    ["text contains, accents and case ignored", { note: "goteborg" }, ["alpha"]],
    ["text contains with LIKE wildcards taken literally", { note: "100%" }, ["beta"]],
    ["text: _ is not a wildcard", { note: "k_y" }, []],
    ["long text contains", { about: "STORY" }, ["alpha"]],
    ["url contains", { site: "alpha" }, ["alpha"]],
    ["email contains", { mail: "@alpha" }, ["alpha"]],
    ["phone contains", { phone: "123" }, ["alpha"]],
    ["choice: one value", { tier: "gold" }, ["alpha"]],
    ["choice: one of a comma list", { tier: "gold, bronze" }, ["alpha", "gamma"]],
    ["multi-choice: any of", { tags: "gold,bronze" }, ["alpha", "beta", "gamma"]],
    ["multi-choice: one value", { tags: "silver" }, ["alpha", "gamma"]],
    ["yes/no yes", { partner: "true" }, ["alpha"]],
    ["yes/no in Swedish", { partner: "ja" }, ["alpha"]],
    ["yes/no no (blank counts as no)", { partner: "false" }, ["beta", "delta", "gamma", "omega"]],
    ["number range", { employees: "8..120" }, ["alpha", "beta"]],
    ["number open above", { employees: "100.." }, ["alpha"]],
    ["number open below", { employees: "..0" }, ["gamma"]],
    ["number exact", { employees: "8.5" }, ["beta"]],
    ["money range", { budget: "100..1500" }, ["alpha", "gamma"]],
    ["money range in one currency", { budget: "..2000 sek" }, ["beta", "gamma"]],
    ["money exact with currency", { budget: "1500 EUR" }, ["alpha"]],
    ["money: currency only", { budget: "SEK" }, ["beta", "gamma"]],
    ["date range", { since: "2020-01-01..2023-12-31" }, ["beta"]],
    ["date open below", { since: "..2019-05-01" }, ["alpha"]],
    ["date exact", { since: "2024-01-01" }, ["gamma"]],
    ["user one of", { manager: `${managerA},${managerB.toUpperCase()}` }, ["alpha", "beta"]],
    ["an archived field may still be filtered on", { legacy: "old" }, ["alpha"]],
    ["several filters are ANDed", { tier: "gold,silver", partner: "no" }, ["beta"]],
    ["empty values are ignored", { note: "  ", tier: "" }, ["alpha", "beta", "delta", "gamma", "omega"]],
  ])("%s", async (_what, filters, expected) => {
    expect(await matching(filters)).toEqual(expected);
  });

  it.each([
    [{ nope: "x" }, "filter[custom.nope]", "is not a custom field of this list"],
    [{ tier: "gold,platinum" }, "filter[custom.tier]", '"platinum" is not one of the options'],
    [{ tags: "tin" }, "filter[custom.tags]", '"tin" is not one of the options'],
    [{ partner: "perhaps" }, "filter[custom.partner]", "must be true or false"],
    [{ employees: "ten..20" }, "filter[custom.employees]", '"ten" is not a valid bound'],
    [{ employees: "1..2..3" }, "filter[custom.employees]", "must be a value or a range like 10..20"],
    [{ employees: ".." }, "filter[custom.employees]", "must be a value or a range like 10..20"],
    [{ budget: "1.234..5" }, "filter[custom.budget]", '"1.234" is not a valid bound'],
    [{ since: "2024-02-30.." }, "filter[custom.since]", '"2024-02-30" is not a valid bound'],
    [{ manager: "me" }, "filter[custom.manager]", '"me" is not a user id'],
    [{ note: "a\u0000b" }, "filter[custom.note]", "must not contain NUL characters"],
    [{ note: "x".repeat(201) }, "filter[custom.note]", "must be at most 200 characters"],
  ])("refuses %j naming %s", async (filters, field, message) => {
    const { condition, problems } = customFilterCondition(probe.custom, defs, filters);
    expect(condition).toBeUndefined();
    expect(problems).toEqual([{ field, message }]);
  });

  it("refuses more than 50 listed values; repeated values count once", () => {
    const repeated = `${"gold,".repeat(60)}silver`;
    expect(customFilterCondition(probe.custom, defs, { tier: repeated }).problems).toEqual([]);
    const many = Array.from({ length: 51 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`).join(",");
    expect(customFilterCondition(probe.custom, defs, { manager: many }).problems).toEqual([
      { field: "filter[custom.manager]", message: "may list at most 50 users" },
    ]);
  });

  it("reports every bad filter at once and gives no condition without filters", () => {
    expect(customFilterCondition(probe.custom, defs, { nope: "1", since: "x" }).problems.map((p) => p.field)).toEqual([
      "filter[custom.nope]",
      "filter[custom.since]",
    ]);
    expect(customFilterCondition(probe.custom, defs, {})).toEqual({ condition: undefined, problems: [] });
    expect(customFilterCondition(probe.custom, defs, undefined)).toEqual({ condition: undefined, problems: [] });
  });

  it("accepts a SQL expression as the column (e.g. a joined table's custom)", async () => {
    const { condition } = customFilterCondition(sql`p.custom`, defs, { tier: "silver" });
    const result = await h.db.execute<{ name: string }>(sql`SELECT p.name FROM custom_probe p WHERE ${condition}`);
    expect(result.rows.map((row) => row.name)).toEqual(["beta"]);
  });
});

describe("customSortExpression", () => {
  async function sorted(key: string, direction: "asc" | "desc" = "asc") {
    const expression = customSortExpression(probe.custom, byKey(key));
    const order = direction === "asc" ? sql`${expression} ASC NULLS LAST` : sql`${expression} DESC NULLS LAST`;
    const rows = await h.db
      .select({ name: probe.name, key: customSortKeyText(probe.custom, byKey(key)) })
      .from(probe)
      .orderBy(order, asc(probe.name));
    return rows.map((row) => `${row.name}=${row.key}`);
  }

  it("sorts numbers numerically (not as text), wrong shapes as NULL", async () => {
    expect(await sorted("employees")).toEqual(["gamma=-3", "beta=8.5", "alpha=120", "delta=null", "omega=null"]);
  });

  it("sorts money by amount", async () => {
    expect(await sorted("budget", "desc")).toEqual(["alpha=1500.00", "gamma=1500.00", "beta=99.95", "delta=null", "omega=null"]);
  });

  it("sorts dates as dates", async () => {
    expect(await sorted("since")).toEqual(["alpha=2019-05-01", "beta=2023-12-31", "gamma=2024-01-01", "delta=null", "omega=null"]);
  });

  it("sorts anything else as text", async () => {
    // (omega's malformed value is left out: where punctuation sorts depends on the collation)
    expect((await sorted("tier")).filter((row) => !row.startsWith("omega"))).toEqual([
      "gamma=bronze",
      "alpha=gold",
      "beta=silver",
      "delta=null",
    ]);
    expect(await sorted("partner")).toEqual(["beta=false", "alpha=true", "delta=null", "gamma=null", "omega=null"]);
  });

  it("casts a keyset cursor's value to the sort type, refusing values that cannot be one", async () => {
    const employees = byKey("employees");
    const after = customSortCursorValue(employees, "8.5")!;
    const rows = await h.db
      .select({ name: probe.name })
      .from(probe)
      .where(sql`${customSortExpression(probe.custom, employees)} > ${after}`)
      .orderBy(asc(probe.name));
    expect(rows.map((row) => row.name)).toEqual(["alpha"]);
    const since = byKey("since");
    const fromDate = await h.db
      .select({ name: probe.name })
      .from(probe)
      .where(
        and(sql`${customSortExpression(probe.custom, since)} >= ${customSortCursorValue(since, "2023-12-31")!}`, eq(probe.name, "gamma")),
      );
    expect(fromDate).toEqual([{ name: "gamma" }]);
    expect(customSortCursorValue(employees, "1e3")).toBeUndefined();
    expect(customSortCursorValue(employees, 5)).toBeUndefined();
    expect(customSortCursorValue(since, "2024-02-30")).toBeUndefined();
    expect(customSortCursorValue(byKey("note"), "a\u0000")).toBeUndefined();
    expect(customSortCursorValue(byKey("note"), "anything")).toBeDefined();
    expect(customSortCursorValue(byKey("note"), null)).toBeDefined();
  });

  it("refuses a key that is not a key (no SQL from definitions that did not pass validation)", () => {
    expect(() => customSortExpression(probe.custom, { key: "x'; DROP TABLE companies; --", type: "text" })).toThrow(
      /not a custom field key/,
    );
  });
});

describe("validateCustomValues: user fields hold active users only", () => {
  const manager = def("manager", "user");
  const tier = { ...def("tier", "choice"), required: true };

  it("accepts an active user, refuses an inactive or unknown one naming the field", async () => {
    const active = await createUser(h.db, { name: "Active" });
    const inactive = await createUser(h.db, { name: "Gone", active: false });
    const missing = "00000000-0000-4000-8000-00000000dead";
    expect(await validateCustomValues(h.db, [manager, tier], { manager: active.id, tier: "gold" }, {}, { requireAll: true })).toEqual({
      values: { manager: active.id, tier: "gold" },
      problems: [],
    });
    for (const id of [inactive.id, missing]) {
      const result = await validateCustomValues(h.db, [manager, tier], { manager: id }, {}, { requireAll: true });
      expect(result.problems).toEqual([
        { field: "custom.tier", message: "is required" },
        { field: "custom.manager", message: "is not an active user" },
      ]);
    }
    // A record keeps a user who left: changing something else does not fail on it.
    expect(
      (await validateCustomValues(h.db, [manager, tier], { manager: inactive.id, tier: "silver" }, { manager: inactive.id })).problems,
    ).toEqual([]);
  });

  it("filters work on the values it stores", async () => {
    const user = await createUser(h.db);
    const { values } = await validateCustomValues(
      h.db,
      defs,
      { manager: user.id.toUpperCase(), budget: { amount: "5", currency: "eur" } },
      {},
    );
    await h.db.insert(probe).values({ name: "stored", custom: values });
    expect(await matching({ manager: user.id, budget: "5 EUR" })).toEqual(["stored"]);
    await h.db.delete(probe).where(eq(probe.name, "stored"));
  });
});
