/**
 * GET /api/companies/:id/value on real data: a client who bought through a contract, one who
 * was only invoiced by hand (both are purchases), one who never bought, and the group view
 * that adds its subsidiaries. Hidden companies answer 404.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, type AccessFixture } from "../../../test/access-fixture";
import { eventually } from "../../../test/live-client";

let h: Harness;
let f: AccessFixture;
let parent: string;
let contractBuyer: string;
let invoicedOnly: string;
let never: string;
let goods: string;
let contractId: string;
let itemId: string;
const today = new Date().toISOString().slice(0, 10);
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
  const where = f.placement("account_manager", "own")!;
  parent = await f.insertCompany("Value Group AB", where, { currency: "EUR" });
  contractBuyer = await f.insertCompany("Contract Buyer AB", where, { currency: "EUR" });
  invoicedOnly = await f.insertCompany("Invoiced Only AB", where, { currency: "EUR" });
  never = await f.insertCompany("Never Bought AB", where, { currency: "EUR" });
  const admin = f.actors.administrator.api;
  const links = await admin("GET", `/api/companies/${contractBuyer}/links`);
  const linked = await admin(
    "PUT",
    `/api/companies/${contractBuyer}/parent`,
    { parentId: parent, relation: "subsidiary" },
    { "if-match": links.headers.etag as string },
  );
  expect(linked.statusCode, linked.body).toBe(200);
  const product = await admin("POST", "/api/products", {
    code: "VAL-1",
    name: "Valve",
    category: "hardware",
    unit: "pcs",
    kind: "goods",
    prices: [{ currency: "EUR", listPrice: "100.00", unitCost: "70.00" }],
  });
  expect(product.statusCode, product.body).toBe(201);
  goods = product.json().id;

  const manager = f.actors.account_manager.api;
  const created = await manager("POST", `/api/companies/${contractBuyer}/contracts`, {
    number: `V-${Date.now()}`,
    title: "Valves",
    currency: "EUR",
    startOn: daysAgo(400),
    endOn: "2035-12-31",
    paymentTermsDays: 30,
    items: [{ productId: goods, quantity: "10" }],
  });
  expect(created.statusCode, created.body).toBe(201);
  const active = await manager(
    "PATCH",
    `/api/companies/${contractBuyer}/contracts/${created.json().id}`,
    { status: "active" },
    { "if-match": created.headers.etag as string },
  );
  expect(active.statusCode, active.body).toBe(200);
  contractId = created.json().id as string;
  itemId = active.json().items[0].id as string;
  for (const [quantity, on] of [
    ["2", daysAgo(380)],
    ["3", daysAgo(100)],
    ["1", daysAgo(10)],
  ] as const) {
    const done = await manager("POST", `/api/companies/${contractBuyer}/contracts/${created.json().id}/items/${itemId}/fulfilments`, {
      quantity,
      fulfilledOn: on,
    });
    expect(done.statusCode, done.body).toBe(201);
  }

  const invoice = await manager("POST", `/api/companies/${invoicedOnly}/invoices`, {
    currency: "EUR",
    issuedOn: daysAgo(20),
    lines: [
      { description: "Consulting", quantity: "2", unitPrice: "300.00" },
      { description: "Travel", quantity: "1", unitPrice: "150.50" },
    ],
  });
  expect(invoice.statusCode, invoice.body).toBe(201);
});
afterAll(async () => h?.close());

const value = async (id: string, query = "") => {
  const response = await f.actors.account_manager.api("GET", `/api/companies/${id}/value${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};

describe("client value", () => {
  it("counts contract fulfilments: revenue 12 months and lifetime, margin, purchases, scores", async () => {
    const v = await value(contractBuyer);
    expect(v).toMatchObject({ scope: "company", asOf: today, primaryCurrency: "EUR", purchases12m: 2 });
    expect(v.firstPurchaseOn).toBe(daysAgo(380));
    expect(v.lastPurchaseOn).toBe(daysAgo(10));
    expect(v.money).toEqual([expect.objectContaining({ currency: "EUR", revenue12m: "400.00", revenueLifetime: "600.00" })]);
    expect(v.money[0]).toMatchObject({ margin12m: "120.00", marginCoverage: 1 });
    expect(v.scores.recency).toBeGreaterThanOrEqual(4);
    expect(v.valueScore).toBeGreaterThan(0);
    expect(v.segment).not.toBe("none");
  });

  it("counts a manual invoice as a purchase (its lines on one day are one)", async () => {
    const v = await value(invoicedOnly);
    expect(v).toMatchObject({ primaryCurrency: "EUR", purchases12m: 1, firstPurchaseOn: daysAgo(20), lastPurchaseOn: daysAgo(20) });
    expect(v.money).toEqual([expect.objectContaining({ currency: "EUR", revenue12m: "750.50", revenueLifetime: "750.50" })]);
    expect(v.scores.recency).toBeGreaterThan(0);
    expect(v.valueScore).toBeGreaterThan(0);
    expect(["new", "average", "key", "long_standing"]).toContain(v.segment);
  });

  it("gives a client who never bought no scores and the segment none", async () => {
    const v = await value(never);
    expect(v).toMatchObject({ primaryCurrency: null, purchases12m: 0, firstPurchaseOn: null, valueScore: 0, segment: "none" });
    expect(v.money).toEqual([]);
  });

  it("adds the subsidiaries in the group scope", async () => {
    expect((await value(parent)).purchases12m).toBe(0);
    const group = await value(parent, "?scope=group");
    expect(group).toMatchObject({ scope: "group", purchases12m: 2 });
    expect(group.money[0]).toMatchObject({ revenue12m: "400.00", revenueLifetime: "600.00" });
  });

  it("hides companies the reader may not see and names a bad scope", async () => {
    const hidden = await f.insertCompany("Secret Buyer AB", f.placement("sales_rep", "other")!);
    expect((await f.actors.sales_rep.api("GET", `/api/companies/${hidden}/value`)).statusCode).toBe(404);
    const bad = await f.actors.account_manager.api("GET", `/api/companies/${contractBuyer}/value?scope=world`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("scope");
  });

  // Last: it changes the ledger the other tests read.
  it("ranks the monetary score against the others' current revenue (kept a minute, dropped when the ledger changes)", async () => {
    // 12 months: the contract buyer 400.00, the invoiced client 750.50: ranked last and first of two.
    expect((await value(contractBuyer)).scores.monetary).toBe(1);
    expect((await value(invoicedOnly)).scores.monetary).toBe(3);
    const more = await f.actors.account_manager.api(
      "POST",
      `/api/companies/${contractBuyer}/contracts/${contractId}/items/${itemId}/fulfilments`,
      {
        quantity: "4",
        fulfilledOn: today,
      },
    );
    expect(more.statusCode, more.body).toBe(201);
    // 800.00 now: the ranks swap as soon as the fulfilment's event is in (not a minute later).
    await eventually(async () => (await value(contractBuyer)).scores.monetary === 3);
    expect((await value(invoicedOnly)).scores.monetary).toBe(1);
  });
});
