/**
 * Financial health routes: bad input is a 400 naming the field with nothing written; optimistic
 * locking; the card in one call (statements by period, ratings newest first, credit limit,
 * deposit and why); the deposit rules as a setting; every change audited and announced.
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { auditLog, financialStatements } from "../../db/schema";
import { createHarness, login, type Harness } from "../../../test/harness";
import { buildAccessFixture, refusals, type AccessFixture } from "../../../test/access-fixture";
import { LiveClient } from "../../../test/live-client";
import { evaluateDepositRequirement } from "./finance.deposit";

let h: Harness;
let f: AccessFixture;
let company: string;
beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
  company = await f.insertCompany("Finance AB", f.placement("account_manager", "own")!, { currency: "SEK" });
});
afterAll(async () => h?.close());

const refused = (...args: Parameters<ReturnType<typeof refusals>>) => refusals(h)(...args);
const manager = () => f.actors.account_manager.api;
const admin = () => f.actors.administrator.api;
const ifMatch = (version: number | string) => ({ "if-match": `"${version}"` });
const noRules = { rules: [], default: { depositPercent: 0, collectionMethod: "transfer" } };

async function putRules(body: unknown) {
  const etag = (await admin()("GET", "/api/settings/deposit-rules")).headers.etag as string;
  return admin()("PUT", "/api/settings/deposit-rules", body, { "if-match": etag });
}

describe("bad input (400 naming the field, nothing written)", () => {
  const statements = () => `/api/companies/${company}/financial-statements`;
  it.each([
    ["an unknown currency code", { fiscalYear: 2024, currency: "EUX" }, "currency"],
    ["a currency code of four letters", { fiscalYear: 2024, currency: "EURO" }, "currency"],
    ["no currency", { fiscalYear: 2024 }, "currency"],
    ["a fiscal year as text", { fiscalYear: "2024", currency: "EUR" }, "fiscalYear"],
    ["a fiscal year out of range", { fiscalYear: 1066, currency: "EUR" }, "fiscalYear"],
    ["a fifth quarter", { fiscalYear: 2024, quarter: 5, currency: "EUR" }, "quarter"],
    ["an amount with three decimals", { fiscalYear: 2024, currency: "EUR", revenue: "12.345" }, "revenue"],
    ["an amount that is no number", { fiscalYear: 2024, currency: "EUR", equity: "lots" }, "equity"],
    ["an amount as a JSON number", { fiscalYear: 2024, currency: "EUR", profit: 12 }, "profit"],
    ["an unknown field", { fiscalYear: 2024, currency: "EUR", ebitda: "1" }, "ebitda"],
  ])("refuses a statement with %s", async (_what, body, field) => {
    await refused(() => manager()("POST", statements(), body), 400, field);
  });

  it("refuses a second statement for the same period, full year or quarter, on create and on a move", async () => {
    expect((await manager()("POST", statements(), { fiscalYear: 2021, currency: "EUR", revenue: "10" })).statusCode).toBe(201);
    expect((await manager()("POST", statements(), { fiscalYear: 2021, quarter: 2, currency: "EUR" })).statusCode).toBe(201);
    const q3 = await manager()("POST", statements(), { fiscalYear: 2021, quarter: 3, currency: "EUR" });
    await refused(() => manager()("POST", statements(), { fiscalYear: 2021, currency: "SEK" }), 400, "fiscalYear");
    await refused(() => manager()("POST", statements(), { fiscalYear: 2021, quarter: 2, currency: "SEK" }), 400, "quarter");
    await refused(() => manager()("PATCH", `${statements()}/${q3.json().id}`, { quarter: 2 }, ifMatch(1)), 400, "quarter");
  });

  it.each([
    ["a rating the agency does not give", { agency: "moodys", rating: "BBB", ratedOn: "2024-01-01" }, "rating"],
    ["a rating on no scale", { agency: "sp", rating: "ZZZ", ratedOn: "2024-01-01" }, "rating"],
    ["an unknown agency", { agency: "acme", rating: "A", ratedOn: "2024-01-01" }, "agency"],
    ["a date that does not exist", { agency: "sp", rating: "A", ratedOn: "2024-02-30" }, "ratedOn"],
    ["a date in the future", { agency: "sp", rating: "A", ratedOn: "2999-01-01" }, "ratedOn"],
    ["an unknown outlook", { agency: "sp", rating: "A", ratedOn: "2024-01-01", outlook: "sunny" }, "outlook"],
  ])("refuses a rating with %s", async (_what, body, field) => {
    await refused(() => manager()("POST", `/api/companies/${company}/credit-ratings`, body), 400, field);
  });

  it("refuses a correction to a rating its agency does not give", async () => {
    const made = await manager()("POST", `/api/companies/${company}/credit-ratings`, {
      agency: "moodys",
      rating: "Aa2",
      ratedOn: "2020-01-01",
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ scalePosition: 3, scaleRating: "AA" });
    await refused(
      () => manager()("PATCH", `/api/companies/${company}/credit-ratings/${made.json().id}`, { rating: "AA" }, ifMatch(1)),
      400,
      "rating",
    );
  });

  it.each([
    ["a negative amount", { amount: "-5", currency: "EUR" }, "amount"],
    ["an amount without a currency", { amount: "5000" }, "currency"],
    ["an unknown currency", { amount: "5000", currency: "XQZ" }, "currency"],
  ])("refuses a credit limit with %s", async (_what, body, field) => {
    await refused(() => manager()("PUT", `/api/companies/${company}/credit-limit`, body, ifMatch(0)), 400, field);
  });

  const rule = (over: Record<string, unknown>) => ({
    name: "Rule",
    enabled: true,
    rating: null,
    maxOverdueDays: null,
    maxOverdueShare: null,
    depositPercent: 10,
    collectionMethod: "card",
    ...over,
  });
  it.each([
    ["a negative deposit percentage", rule({ depositPercent: -1 }), "rules[0].depositPercent"],
    ["a deposit above 100 %", rule({ depositPercent: 100.5 }), "rules[0].depositPercent"],
    ["a negative overdue share", rule({ maxOverdueShare: -3 }), "rules[0].maxOverdueShare"],
    ["negative overdue days", rule({ maxOverdueDays: -1 }), "rules[0].maxOverdueDays"],
    ["an unknown collection method", rule({ collectionMethod: "barter" }), "rules[0].collectionMethod"],
    [
      "an unknown rating in a set",
      rule({ rating: { type: "ratings", agency: "fitch", ratings: ["A", "Baa1"] } }),
      "rules[0].rating.ratings[1]",
    ],
    ["a scale band upside down", rule({ rating: { type: "scale", from: "B", to: "AA" } }), "rules[0].rating.to"],
    ["a rating condition of no known type", rule({ rating: { type: "vibes" } }), "rules[0].rating.type"],
    ["an id no rule has", rule({ id: "00000000-0000-4000-8000-0000000000aa" }), "rules[0].id"],
  ])("refuses deposit rules with %s", async (_what, body, field) => {
    await refused(() => putRules({ rules: [body], default: { depositPercent: 0, collectionMethod: "transfer" } }), 400, field);
  });

  it("refuses a negative default deposit", async () => {
    await refused(() => putRules({ rules: [], default: { depositPercent: -10, collectionMethod: "cash" } }), 400, "default.depositPercent");
  });
});

describe("optimistic locking", () => {
  it("needs If-Match on changes (428) and refuses a stale one (412), changing nothing", async () => {
    const made = await manager()("POST", `/api/companies/${company}/financial-statements`, { fiscalYear: 2010, currency: "EUR" });
    const url = `/api/companies/${company}/financial-statements/${made.json().id}`;
    await refused(() => manager()("PATCH", url, { revenue: "1" }), 428);
    expect((await manager()("PATCH", url, { revenue: "1" }, ifMatch(1))).json()).toMatchObject({ revenue: "1.00", version: 2 });
    await refused(() => manager()("PATCH", url, { revenue: "2" }, ifMatch(1)), 412);
    await refused(() => manager()("DELETE", url, undefined, ifMatch(1)), 412);
    expect((await manager()("DELETE", url, undefined, ifMatch(2))).statusCode).toBe(204);
  });

  it("sets a credit limit with If-Match 0 the first time, then its version; stale writes are 412", async () => {
    const other = await f.insertCompany("Limit AB", f.placement("account_manager", "own")!);
    const url = `/api/companies/${other}/credit-limit`;
    const empty = await manager()("GET", url);
    expect(empty.json()).toMatchObject({ amount: null, currency: null, version: 0 });
    expect(empty.headers.etag).toBe('"0"');
    await refused(() => manager()("PUT", url, { amount: "1000", currency: "EUR" }, ifMatch(1)), 412);
    const set = await manager()("PUT", url, { amount: "250000.5", currency: "eur", note: "Board approved" }, ifMatch(0));
    expect(set.json()).toMatchObject({ amount: "250000.50", currency: "EUR", note: "Board approved", version: 1 });
    await refused(() => manager()("PUT", url, { amount: "1", currency: "EUR" }, ifMatch(0)), 412);
    expect((await manager()("PUT", url, { amount: null }, ifMatch(1))).json()).toMatchObject({ amount: null, version: 2 });
  });

  it("refuses deposit rules saved over a newer version (412)", async () => {
    const current = (await admin()("GET", "/api/settings/deposit-rules")).json().version as number;
    expect((await admin()("PUT", "/api/settings/deposit-rules", noRules, ifMatch(current))).statusCode).toBe(200);
    await refused(() => admin()("PUT", "/api/settings/deposit-rules", noRules, ifMatch(current)), 412);
  });
});

describe("the finance card", () => {
  it("answers statements by period, ratings newest first, the limit and the deposit with its reason, in one call", async () => {
    const id = await f.insertCompany("Card AB", f.placement("account_manager", "own")!, { currency: "EUR" });
    const post = (path: string, body: unknown) => manager()("POST", `/api/companies/${id}/${path}`, body);
    for (const body of [
      { fiscalYear: 2023, currency: "EUR", revenue: "900", profit: "-50" },
      { fiscalYear: 2022, currency: "EUR", revenue: "800" },
      { fiscalYear: 2023, quarter: 1, currency: "EUR", revenue: "200" },
    ])
      expect((await post("financial-statements", body)).statusCode).toBe(201);
    expect((await post("credit-ratings", { agency: "sp", rating: "A-", ratedOn: "2022-05-01" })).statusCode).toBe(201);
    expect((await post("credit-ratings", { agency: "fitch", rating: "BB", ratedOn: "2024-09-01", outlook: "negative" })).statusCode).toBe(
      201,
    );
    const rules = await putRules({
      rules: [
        {
          name: "Investment grade",
          enabled: true,
          rating: { type: "scale", from: "AAA", to: "BBB-" },
          maxOverdueDays: null,
          maxOverdueShare: null,
          depositPercent: 0,
          collectionMethod: "transfer",
        },
        {
          name: "Speculative",
          enabled: true,
          rating: { type: "scale", from: "BB+", to: "D" },
          maxOverdueDays: 45,
          maxOverdueShare: null,
          depositPercent: 30,
          collectionMethod: "letter_of_credit",
        },
      ],
      default: { depositPercent: 100, collectionMethod: "prepayment" },
    });
    expect(rules.statusCode, rules.body).toBe(200);

    const response = await manager()("GET", `/api/companies/${id}/finance`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.currency).toBe("EUR");
    expect(body.statements.map((s: { fiscalYear: number; quarter: number | null }) => [s.fiscalYear, s.quarter])).toEqual([
      [2022, null],
      [2023, 1],
      [2023, null],
    ]);
    expect(body.statements[2]).toMatchObject({ revenue: "900.00", profit: "-50.00", assets: null });
    expect(body.ratings.map((r: { rating: string }) => r.rating)).toEqual(["BB", "A-"]);
    expect(body.creditLimit).toMatchObject({ amount: null, version: 0 });
    expect(body.deposit).toMatchObject({
      source: "rule",
      rule: { name: "Speculative", position: 1 },
      depositPercent: 30,
      collectionMethod: "letter_of_credit",
      rating: { agency: "fitch", rating: "BB", ratedOn: "2024-09-01" },
      // AR behaviour is evaluated from billing: nothing invoiced yet, nothing overdue.
      arEvaluated: true,
      ar: { maxDaysOverdue: 0, overdueShare: null, averageDaysToPay: null },
    });
    expect(body.deposit.checks.map((c: { arCondition: string }) => c.arCondition)).toEqual(["none", "met"]);
    expect(body.deposit.checks.map((c: { outcome: string }) => c.outcome)).toEqual(["rating_not_met", "matched"]);

    // The same answer for later modules, and from the card's own endpoint.
    expect(await evaluateDepositRequirement(h.db, id)).toEqual(body.deposit);
    expect((await manager()("GET", `/api/companies/${id}/deposit-requirement`)).json()).toEqual(body.deposit);

    // A newer, better rating moves the company to the first rule; removing every rating leaves the default.
    const better = await post("credit-ratings", { agency: "sp", rating: "AA", ratedOn: "2025-01-15" });
    expect((await evaluateDepositRequirement(h.db, id)).rule?.name).toBe("Investment grade");
    for (const rating of [...body.ratings, better.json()])
      expect((await manager()("DELETE", `/api/companies/${id}/credit-ratings/${rating.id}`)).statusCode).toBe(204);
    expect(await evaluateDepositRequirement(h.db, id)).toMatchObject({
      source: "default",
      depositPercent: 100,
      collectionMethod: "prepayment",
      rule: null,
    });
    expect((await putRules(noRules)).statusCode).toBe(200);
  });

  it("keeps rule ids across saves and drops the rules left out", async () => {
    const first = await putRules({
      rules: ["One", "Two"].map((name) => ({
        name,
        enabled: true,
        rating: { type: "unrated" },
        maxOverdueDays: null,
        maxOverdueShare: null,
        depositPercent: 5,
        collectionMethod: "cash",
      })),
      default: { depositPercent: 0, collectionMethod: "transfer" },
    });
    const [one, two] = first.json().rules as { id: string; name: string }[];
    const second = await putRules({
      rules: [{ ...two, name: "Two, first now" }],
      default: { depositPercent: 1, collectionMethod: "card" },
    });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json()).toMatchObject({
      rules: [{ id: two!.id, name: "Two, first now" }],
      default: { depositPercent: 1, collectionMethod: "card" },
    });
    expect(second.json().rules.map((r: { id: string }) => r.id)).not.toContain(one!.id);
    expect((await putRules(noRules)).statusCode).toBe(200);
  });
});

describe("audit and live updates", () => {
  it("writes every change to the audit trail and announces it on the company's topic to those who may read it", async () => {
    await h.app.listen({ host: "127.0.0.1", port: 0 });
    const url = `ws://127.0.0.1:${(h.app.server.address() as AddressInfo).port}/api/live`;
    const watcher = await LiveClient.connect(url, { cookie: (await login(h.app, f.actors.sales_rep.email)).cookie });
    const hidden = await f.insertCompany("Hidden finance AB", f.placement("sales_rep", "other")!);
    try {
      expect(await watcher.subscribe([`company:${company}`, `company:${hidden}`])).toMatchObject({
        topics: [`company:${company}`],
        denied: [`company:${hidden}`],
      });
      expect(
        (await admin()("POST", `/api/companies/${hidden}/credit-ratings`, { agency: "sp", rating: "B", ratedOn: "2024-01-01" })).statusCode,
      ).toBe(201);
      const made = await manager()("POST", `/api/companies/${company}/financial-statements`, {
        fiscalYear: 2019,
        currency: "SEK",
        revenue: "5",
      });
      const event = await watcher.event("finance.statement_created", company);
      expect(event.topics).toEqual([`company:${company}`]);
      expect(watcher.events().filter((e) => e.recordId === hidden)).toEqual([]);
      const audit = await h.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.tableName, "financial_statements"), eq(auditLog.recordId, made.json().id)));
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ operation: "insert", actorId: f.actors.account_manager.id });
    } finally {
      watcher.close();
    }
  });

  it("keeps financial data out of the company record", async () => {
    const body = (await manager()("GET", `/api/companies/${company}`)).json() as Record<string, unknown>;
    for (const key of ["creditLimit", "ratings", "statements", "deposit"]) expect(body).not.toHaveProperty(key);
    const [row] = await h.db
      .select({ n: sql<number>`count(*)::int` })
      .from(financialStatements)
      .where(eq(financialStatements.companyId, company));
    expect(row!.n).toBeGreaterThan(0);
  });
});

describe("merging companies", () => {
  it("moves the source's ratings, its statements for periods the target lacks, and its limit when the target has none", async () => {
    const where = f.placement("administrator", "own")!;
    const target = await f.insertCompany("Merge Target Finance", where);
    const source = await f.insertCompany("Merge Source Finance", where);
    const post = (id: string, path: string, body: unknown) => admin()("POST", `/api/companies/${id}/${path}`, body);
    await post(target, "financial-statements", { fiscalYear: 2022, currency: "EUR", revenue: "1" });
    await post(source, "financial-statements", { fiscalYear: 2022, currency: "EUR", revenue: "2" });
    await post(source, "financial-statements", { fiscalYear: 2023, currency: "EUR", revenue: "3" });
    await post(source, "credit-ratings", { agency: "sp", rating: "BB", ratedOn: "2024-01-01" });
    expect((await admin()("PUT", `/api/companies/${source}/credit-limit`, { amount: "900", currency: "EUR" }, ifMatch(0))).statusCode).toBe(
      200,
    );
    const merged = await admin()("POST", `/api/companies/${target}/merge`, { sourceId: source }, ifMatch(1));
    expect(merged.statusCode, merged.body).toBe(200);
    const card = (await admin()("GET", `/api/companies/${target}/finance`)).json();
    expect(card.statements.map((s: { fiscalYear: number; revenue: string }) => [s.fiscalYear, s.revenue])).toEqual([
      [2022, "1.00"],
      [2023, "3.00"],
    ]);
    expect(card.ratings.map((r: { rating: string }) => r.rating)).toEqual(["BB"]);
    expect(card.creditLimit).toMatchObject({ amount: "900.00", currency: "EUR" });
  });
});

describe("deposit rules on AR behaviour", () => {
  it("moves a client that pays late to the stricter rule, and back once it has paid; the new condition is kept across saves", async () => {
    const id = await f.insertCompany("Late Payer AB", f.placement("account_manager", "own")!, { currency: "EUR" });
    const ontime = {
      name: "Pays on time",
      enabled: true,
      rating: null,
      maxOverdueDays: 30,
      maxOverdueShare: 50,
      maxAverageDaysToPay: 60,
      depositPercent: 0,
      collectionMethod: "transfer",
    };
    const strict = {
      ...ontime,
      name: "Everyone else",
      maxOverdueDays: null,
      maxOverdueShare: null,
      maxAverageDaysToPay: null,
      depositPercent: 40,
      collectionMethod: "direct_debit",
    };
    await refused(
      () => putRules({ rules: [{ ...ontime, maxAverageDaysToPay: -1 }], default: noRules.default }),
      400,
      "rules[0].maxAverageDaysToPay",
    );
    const saved = await putRules({ rules: [ontime, strict], default: noRules.default });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().rules[0]).toMatchObject({ maxAverageDaysToPay: 60 });
    // A client that does not send the new condition keeps it as stored.
    const { maxAverageDaysToPay: _omitted, ...withoutIt } = saved.json().rules[0];
    const resaved = await putRules({ rules: [withoutIt, saved.json().rules[1]], default: noRules.default });
    expect(resaved.json().rules[0]).toMatchObject({ maxAverageDaysToPay: 60 });

    const deposit = async () => (await manager()("GET", `/api/companies/${id}/deposit-requirement`)).json();
    expect(await deposit()).toMatchObject({ rule: { name: "Pays on time" }, arEvaluated: true });
    // An invoice 45 days past due: the favourable rule no longer holds.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const invoice = await manager()("POST", `/api/companies/${id}/invoices`, {
      currency: "EUR",
      issuedOn: day(-75),
      dueOn: day(-45),
      lines: [{ description: "Consulting", quantity: "1", unitPrice: "800.00" }],
    });
    expect(invoice.statusCode, invoice.body).toBe(201);
    const late = await deposit();
    expect(late).toMatchObject({
      rule: { name: "Everyone else" },
      depositPercent: 40,
      collectionMethod: "direct_debit",
      ar: { maxDaysOverdue: 45, overdueShare: 100, averageDaysToPay: null },
    });
    expect(late.checks.map((c: { outcome: string; arCondition: string }) => [c.outcome, c.arCondition])).toEqual([
      ["ar_not_met", "not_met"],
      ["matched", "none"],
    ]);
    // Paid today, 75 days after the invoice: nothing overdue, but too slow on average.
    const paid = await manager()("POST", `/api/companies/${id}/payments`, {
      currency: "EUR",
      amount: "800.00",
      receivedOn: day(0),
      allocations: [{ invoiceId: invoice.json().id, amount: "800.00" }],
    });
    expect(paid.statusCode, paid.body).toBe(201);
    expect(await deposit()).toMatchObject({
      rule: { name: "Everyone else" },
      ar: { maxDaysOverdue: 0, overdueShare: null, averageDaysToPay: 75 },
    });
    // A more lenient payment condition takes it back to the favourable rule.
    const lenient = await putRules({
      rules: [{ ...resaved.json().rules[0], maxAverageDaysToPay: 90 }, resaved.json().rules[1]],
      default: noRules.default,
    });
    expect(lenient.statusCode, lenient.body).toBe(200);
    expect(await deposit()).toMatchObject({ rule: { name: "Pays on time" }, depositPercent: 0 });
    expect((await manager()("GET", `/api/companies/${id}/finance`)).json().deposit).toEqual(await deposit());
    expect((await putRules(noRules)).statusCode).toBe(200);
  });
});
