/**
 * Grades: GET/PUT /api/settings/grade-rules (everyone reads, administrators change, If-Match),
 * every company re-graded in one statement when the rules change, a company graded whenever it
 * is saved (tenure counts from its latest change to customer), the manual override kept apart,
 * and the revenue source replaceable by later modules.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray, sql } from "drizzle-orm";
import type { PublishedEvent } from "../../app";
import { companies } from "../../db/schema";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, refusals, type AccessFixture } from "../../../test/access-fixture";
import { eventually } from "../../../test/live-client";
import { unitOfWork } from "../../platform/events/unit-of-work";
import { systemActor } from "../../platform/access/actor";
import { runDaily } from "../../platform/jobs/jobs";
import { holdGradeRules, regradeCompanies, setRevenue12mSource } from "./index";

let h: Harness;
let f: AccessFixture;
const events: PublishedEvent[] = [];
const refused = (...args: Parameters<ReturnType<typeof refusals>>) => refusals(h)(...args);
const url = "/api/settings/grade-rules";

beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
  h.app.hub.onEvent((event) => events.push(event));
});
afterAll(async () => h?.close());
afterEach(() => setRevenue12mSource(() => sql`0::numeric`));

const rule = (grade: string, minRevenue12m: string | null, minTenureMonths: number | null, enabled = true) => ({
  grade,
  minRevenue12m,
  minTenureMonths,
  enabled,
});

async function put(rules: ReturnType<typeof rule>[]) {
  const admin = f.actors.administrator.api;
  const etag = (await admin("GET", url)).headers.etag as string;
  const response = await admin("PUT", url, { rules }, { "if-match": etag });
  expect(response.statusCode, response.body).toBe(200);
  return response;
}

const gradesOf = async (ids: string[]) =>
  new Map((await h.db.select().from(companies).where(inArray(companies.id, ids))).map((row) => [row.id, row.grade]));

describe("the grade rules setting", () => {
  it("starts with every grade, disabled and without thresholds, at version 0 — readable by every role", async () => {
    for (const role of ["administrator", "executive", "account_manager", "sales_rep", "service_desk"] as const) {
      const response = await f.actors[role].api("GET", url);
      expect(response.statusCode, role).toBe(200);
      expect(response.headers.etag).toBe('"0"');
      expect(response.json()).toEqual({
        rules: ["key", "A", "B", "C"].map((grade) => rule(grade, null, null, false)),
        version: 0,
      });
    }
    expect((await h.app.inject({ method: "GET", url })).statusCode).toBe(401);
  });

  it("is changed by administrators only (403 for every other role, nothing written)", async () => {
    for (const role of ["executive", "account_manager", "sales_rep", "service_desk"] as const)
      await refused(() => f.actors[role].api("PUT", url, { rules: [] }, { "if-match": '"0"' }), 403);
  });

  it.each([
    ["no rules list", {}, "rules"],
    ["two rules for one grade", { rules: [rule("A", null, 1), rule("A", null, 2)] }, "rules"],
    ["five rules", { rules: [...["key", "A", "B", "C"].map((g) => rule(g, null, 1)), rule("A", null, 1)] }, "rules"],
    ["an unknown grade", { rules: [rule("D", null, 1)] }, "rules[0].grade"],
    ["an amount that is not one", { rules: [rule("A", "1,000", null)] }, "rules[0].minRevenue12m"],
    ["an amount with three decimals", { rules: [rule("A", "10.005", null)] }, "rules[0].minRevenue12m"],
    ["a negative tenure", { rules: [rule("A", null, -1)] }, "rules[0].minTenureMonths"],
    ["a fractional tenure", { rules: [rule("A", null, 1.5)] }, "rules[0].minTenureMonths"],
    ["a rule without enabled", { rules: [{ grade: "A", minRevenue12m: null, minTenureMonths: 1 }] }, "rules[0].enabled"],
    ["an unknown field", { rules: [{ ...rule("A", null, 1), label: "Gold" }] }, "rules[0].label"],
  ])("refuses %s (400 naming the field, nothing written)", async (_what, body, field) => {
    await refused(() => f.actors.administrator.api("PUT", url, body, { "if-match": '"0"' }), 400, field);
  });

  it("needs the current version: 428 without If-Match, 412 when stale", async () => {
    await refused(() => f.actors.administrator.api("PUT", url, { rules: [] }), 428);
    await refused(() => f.actors.administrator.api("PUT", url, { rules: [] }, { "if-match": '"4"' }), 412);
  });
});

describe("grading companies", () => {
  let ids: Record<"veteran" | "fresh" | "prospect" | "overridden" | "former", string>;

  beforeAll(async () => {
    const where = f.placement("sales_rep", "own")!;
    const monthsAgo = (months: number) => sql`now() - make_interval(months => ${months})`;
    const insert = async (name: string, stage: string, since: ReturnType<typeof monthsAgo>, gradeOverride: string | null = null) => {
      const id = await f.insertCompany(name, where, { stage, gradeOverride });
      await h.db.update(companies).set({ stageChangedAt: since }).where(eq(companies.id, id));
      return id;
    };
    ids = {
      veteran: await insert("Veteran customer", "customer", monthsAgo(25)),
      fresh: await insert("Fresh customer", "customer", monthsAgo(2)),
      prospect: await insert("Old prospect", "prospect", monthsAgo(40)),
      overridden: await insert("Overridden customer", "customer", monthsAgo(2), "key"),
      former: await insert("Former customer", "former", monthsAgo(60)),
    };
  });

  it("re-grades every company at once when the rules change, and announces it", async () => {
    const response = await put([rule("A", null, 24), rule("B", null, 0), rule("C", null, null)]);
    expect(response.headers.etag).toBe('"1"');
    expect(response.json()).toEqual({
      rules: [rule("key", null, null, false), rule("A", null, 24), rule("B", null, 0), rule("C", null, null)],
      version: 1,
    });
    const grades = await gradesOf(Object.values(ids));
    expect(grades.get(ids.veteran)).toBe("A");
    expect(grades.get(ids.fresh)).toBe("B");
    // Tenure counts only while a customer: a long-standing prospect or a former client meets only the rule without one.
    expect(grades.get(ids.prospect)).toBe("C");
    expect(grades.get(ids.former)).toBe("C");
    // The override is kept apart: assigned B, effective key.
    expect(grades.get(ids.overridden)).toBe("B");
    const shown = (await f.actors.sales_rep.api("GET", `/api/companies/${ids.overridden}`)).json();
    expect(shown).toMatchObject({ grade: "key", gradeAssigned: "B", gradeOverride: "key" });
    await eventually(() => events.some((event) => event.name === "setting.grade_rules_changed" && event.topics.includes("list:companies")));
    // The audit trail records each company's new grade.
    const audited = await h.pool.query("SELECT count(*)::int AS n FROM audit_log WHERE table_name = 'companies' AND record_id = $1", [
      ids.veteran,
    ]);
    expect(audited.rows[0].n).toBeGreaterThanOrEqual(2);
  });

  it("leaves out grades not sent (stored disabled), so companies may lose their grade", async () => {
    const response = await put([rule("A", null, 24)]);
    expect(response.json().rules).toEqual([
      rule("key", null, null, false),
      rule("A", null, 24),
      rule("B", null, null, false),
      rule("C", null, null, false),
    ]);
    const grades = await gradesOf(Object.values(ids));
    expect([...grades.values()].sort()).toEqual(["A", null, null, null, null].sort());
    expect((await f.actors.sales_rep.api("GET", `/api/companies/${ids.fresh}`)).json()).toMatchObject({ grade: null, gradeAssigned: null });
  });

  it("grades a company whenever it is saved: a new customer, a stage change, a bulk stage change", async () => {
    await put([rule("A", null, 24), rule("B", null, 0), rule("C", null, null, false)]);
    const rep = f.actors.sales_rep.api;
    const created = (await rep("POST", "/api/companies", { name: "Signed today", stage: "customer" })).json();
    expect(created).toMatchObject({ grade: "B", gradeAssigned: "B" });
    const lead = (await rep("POST", "/api/companies", { name: "Just a lead" })).json();
    expect(lead.grade).toBeNull();
    const won = (await rep("PATCH", `/api/companies/${lead.id}`, { stage: "customer" }, { "if-match": '"1"' })).json();
    expect(won).toMatchObject({ stage: "customer", grade: "B" });
    const lost = (await rep("PATCH", `/api/companies/${lead.id}`, { stage: "former" }, { "if-match": '"2"' })).json();
    expect(lost).toMatchObject({ stage: "former", grade: null });
    const bulk = await rep("POST", "/api/companies/bulk", { action: "stage", stage: "customer", ids: [lead.id] });
    expect(bulk.json().results).toEqual([{ id: lead.id, ok: true }]);
    expect((await gradesOf([lead.id])).get(lead.id)).toBe("B");
  });

  it("takes revenue from the source later modules provide (0 until billing exists)", async () => {
    const revenue = await f.insertCompany("Big spender", f.placement("sales_rep", "own")!, { description: "2500000" });
    await put([rule("key", "1000000.00", null), rule("A", "1000", 12), rule("B", null, 0)]);
    expect((await gradesOf([revenue])).get(revenue)).toBeNull();
    // A stand-in for billing: the company's description holds its revenue.
    setRevenue12mSource((id) => sql`(SELECT coalesce(nullif(r.description, '')::numeric, 0) FROM companies r WHERE r.id = ${id})`);
    await put([rule("key", "1000000.00", null), rule("A", "1000", 12), rule("B", null, 0)]);
    const grades = await gradesOf([revenue, ids.veteran]);
    expect(grades.get(revenue)).toBe("key");
    // Both thresholds of a rule must be met: the veteran has tenure but no revenue, so only B.
    expect(grades.get(ids.veteran)).toBe("B");
    expect((await f.actors.administrator.api("GET", url)).json().rules[0]).toEqual(rule("key", "1000000.00", null));
  });

  it("grades companies another module wrote (an import) when asked, in its transaction", async () => {
    await put([rule("B", null, 0)]);
    const imported = await f.insertCompany("Imported customer", f.placement("sales_rep", "own")!, { stage: "customer" });
    expect((await gradesOf([imported])).get(imported)).toBeNull();
    const changed = await unitOfWork(h.db, h.app.platform.projections, { actor: systemActor("import") }, async (uow) => {
      await holdGradeRules(uow);
      return regradeCompanies(uow, [imported]);
    });
    expect(changed).toBe(1);
    expect((await gradesOf([imported])).get(imported)).toBe("B");
  });

  it("re-grades once a day the customers whose tenure passed a threshold since their last save, live on the lists", async () => {
    const placement = f.placement("sales_rep", "own")!;
    const almost = await f.insertCompany("Almost a year", placement, { stage: "customer" });
    await h.db
      .update(companies)
      .set({ stageChangedAt: sql`now() - interval '12 months' + interval '1 hour'` })
      .where(eq(companies.id, almost));
    await put([rule("A", null, 12), rule("C", null, 0)]);
    expect((await gradesOf([almost])).get(almost)).toBe("C");
    // A day passes: nothing about the company changes but the date.
    await h.db
      .update(companies)
      .set({ stageChangedAt: sql`now() - interval '12 months' - interval '23 hours'` })
      .where(eq(companies.id, almost));
    expect((await gradesOf([almost])).get(almost)).toBe("C");
    events.length = 0;
    await runDaily(h.app.platform);
    expect((await gradesOf([almost])).get(almost)).toBe("A");
    await eventually(() => events.some((event) => event.name === "company.regraded" && event.topics.includes("list:companies")));
    // Nothing left to change: a second run changes no row and says nothing.
    events.length = 0;
    await runDaily(h.app.platform);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(events.filter((event) => event.name === "company.regraded")).toEqual([]);
  });
});
