/**
 * The fulfilment chain end to end on real PostgreSQL: what one fulfilment writes (revenue,
 * invoice line, service item, figures, group rollups, timeline, live event), bad input refused
 * with the field named and nothing written, over-fulfilment and idempotency-key repeats refused,
 * concurrent fulfilments never over-fulfilling, and a fault at each step leaving nothing behind.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { companyFigures, companyRollups, contractItems, fulfilments, invoices, revenueEntries, serviceItems } from "../../db/schema";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, databaseSnapshot, refusals, type AccessFixture } from "../../../test/access-fixture";
import { groupDrift } from "../groups/groups.drift";
import { billingDrift } from "../billing/billing.doctor";
import { fulfilmentSteps, injectFulfilmentFault } from "./contracts.service";

let h: Harness;
let f: AccessFixture;
let company: string;
let parent: string;
let goods: string;
let support: string;
beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
  const where = f.placement("account_manager", "own")!;
  parent = await f.insertCompany("Group Parent AB", where, { currency: "EUR" });
  company = await f.insertCompany("Buyer AB", where, { currency: "EUR" });
  const admin = f.actors.administrator.api;
  const links = await admin("GET", `/api/companies/${company}/links`);
  const linked = await admin(
    "PUT",
    `/api/companies/${company}/parent`,
    { parentId: parent, relation: "subsidiary" },
    {
      "if-match": links.headers.etag as string,
    },
  );
  expect(linked.statusCode, linked.body).toBe(200);
  const made = await admin("POST", "/api/products", {
    code: "HW-1",
    name: "Router",
    category: "hardware",
    unit: "pcs",
    kind: "goods",
    prices: [{ currency: "EUR", listPrice: "100.00", unitCost: "60.00" }],
  });
  expect(made.statusCode, made.body).toBe(201);
  goods = made.json().id;
  const service = await admin("POST", "/api/products", {
    code: "SUP-1",
    name: "Support",
    category: "services",
    unit: "year",
    kind: "service",
    serviceMonths: 12,
    warrantyMonths: 24,
    prices: [{ currency: "EUR", listPrice: "250.00" }],
  });
  expect(service.statusCode, service.body).toBe(201);
  support = service.json().id;
});
afterAll(async () => h?.close());

const manager = () => f.actors.account_manager.api;
const refused = (...args: Parameters<ReturnType<typeof refusals>>) => refusals(h)(...args);
let serial = 0;

async function activeContract(
  items: { productId: string; quantity: string; discountPercent?: string }[],
  extra: Record<string, unknown> = {},
) {
  serial += 1;
  const created = await manager()("POST", `/api/companies/${company}/contracts`, {
    number: `C-${serial}-${Date.now()}`,
    title: "Supply",
    currency: "EUR",
    startOn: "2024-01-01",
    endOn: "2030-12-31",
    paymentTermsDays: 30,
    items,
    ...extra,
  });
  expect(created.statusCode, created.body).toBe(201);
  const body = created.json();
  const active = await manager()(
    "PATCH",
    `/api/companies/${company}/contracts/${body.id}`,
    { status: "active" },
    { "if-match": created.headers.etag as string },
  );
  expect(active.statusCode, active.body).toBe(200);
  return active.json() as { id: string; items: { id: string; amount: string }[]; value: string };
}

const fulfil = (contractId: string, itemId: string, body: unknown, headers: Record<string, string> = {}) =>
  manager()("POST", `/api/companies/${company}/contracts/${contractId}/items/${itemId}/fulfilments`, body, headers);

async function figure(table: typeof companyFigures | typeof companyRollups, id: string, key: string) {
  const [row] = await h.db
    .select({ value: table.value })
    .from(table)
    .where(sql`${table.companyId} = ${id}::uuid AND ${table.key} = ${key}`);
  return Number(row?.value ?? 0);
}

describe("the chain", () => {
  it("books revenue, invoices the line, makes the service item and moves figures and group rollups in one go", async () => {
    const contract = await activeContract([
      { productId: goods, quantity: "10", discountPercent: "10" },
      { productId: support, quantity: "2" },
    ]);
    expect(contract.value).toBe("1400.00");
    const before = await figure(companyRollups, parent, "revenue.EUR");
    const response = await fulfil(contract.id, contract.items[0]!.id, { quantity: "4", fulfilledOn: "2024-03-01" });
    expect(response.statusCode, response.body).toBe(201);
    const { fulfilment, contract: after } = response.json();
    expect(fulfilment).toMatchObject({ amount: "360.00", currency: "EUR", serviceItemId: null });
    expect(after.items[0]).toMatchObject({ fulfilledQuantity: "4.000", fulfilledOn: "2024-03-01" });
    expect(after.fulfilledValue).toBe("360.00");
    const [entry] = await h.db.select().from(revenueEntries).where(eq(revenueEntries.fulfilmentId, fulfilment.id));
    expect(entry).toMatchObject({ amount: "360.00", cost: "240.00", bookedOn: "2024-03-01" });
    const [invoice] = await h.db.select().from(invoices).where(eq(invoices.id, fulfilment.invoiceId));
    expect(invoice).toMatchObject({ status: "issued", total: "360.00", issuedOn: "2024-03-01", dueOn: "2024-03-31" });
    expect(await figure(companyRollups, parent, "revenue.EUR")).toBe(before + 360);
    expect(await figure(companyFigures, company, "receivables.EUR")).toBeGreaterThanOrEqual(360);

    const service = await fulfil(contract.id, contract.items[1]!.id, { quantity: "1", fulfilledOn: "2024-03-15" });
    expect(service.statusCode, service.body).toBe(201);
    const [item] = await h.db.select().from(serviceItems).where(eq(serviceItems.id, service.json().fulfilment.serviceItemId));
    expect(item).toMatchObject({ startsOn: "2024-03-15", endsOn: "2025-03-15", warrantyEndsOn: "2026-03-15", quantity: "1.000" });
    expect(await figure(companyRollups, parent, "service_items")).toBe(1);
    const timeline = await manager()("GET", `/api/companies/${company}/timeline`);
    expect(JSON.stringify(timeline.json())).toContain("contract_item_fulfilled");
    expect(await groupDrift(h.db)).toEqual([]);
    expect(await billingDrift(h.db)).toEqual([]);
    // The doctor sees a ledger that no longer matches its fulfilment (and only that one).
    await h.pool.query("UPDATE revenue_entries SET amount = amount + 1 WHERE fulfilment_id = $1", [fulfilment.id]);
    try {
      expect(await billingDrift(h.db)).toEqual([
        "every fulfilment has its revenue entry and invoice line, for its amount",
        `${fulfilment.id}: stored 360.00, expected 361.00 / 360.00`,
      ]);
    } finally {
      await h.pool.query("UPDATE revenue_entries SET amount = amount - 1 WHERE fulfilment_id = $1", [fulfilment.id]);
    }
  });

  it("gathers a monthly contract's lines on one draft invoice per month", async () => {
    const contract = await activeContract([{ productId: goods, quantity: "10" }], { billingSchedule: "monthly" });
    const first = await fulfil(contract.id, contract.items[0]!.id, { quantity: "1", fulfilledOn: "2024-05-02" });
    const second = await fulfil(contract.id, contract.items[0]!.id, { quantity: "2", fulfilledOn: "2024-05-20" });
    const third = await fulfil(contract.id, contract.items[0]!.id, { quantity: "1", fulfilledOn: "2024-06-01" });
    expect(first.json().fulfilment.invoiceId).toBe(second.json().fulfilment.invoiceId);
    expect(third.json().fulfilment.invoiceId).not.toBe(first.json().fulfilment.invoiceId);
    const [draft] = await h.db.select().from(invoices).where(eq(invoices.id, first.json().fulfilment.invoiceId));
    expect(draft).toMatchObject({ status: "draft", total: "300.00" });
    const issued = await manager()("POST", `/api/companies/${company}/invoices/${draft!.id}/issue`, { issuedOn: "2024-06-01" });
    expect(issued.statusCode, issued.body).toBe(201);
    expect(issued.json()).toMatchObject({ status: "issued", dueOn: "2024-07-01", outstanding: "300.00" });
    expect(await billingDrift(h.db)).toEqual([]);
    expect(await groupDrift(h.db)).toEqual([]);
  });
});

describe("refusals (field named, nothing written)", () => {
  it("refuses over-fulfilment, negative and zero quantities, dates before the start and a draft contract", async () => {
    const contract = await activeContract([{ productId: goods, quantity: "3" }]);
    const item = contract.items[0]!.id;
    await refused(() => fulfil(contract.id, item, { quantity: "3.001" }), 400, "quantity");
    await refused(() => fulfil(contract.id, item, { quantity: "-1" }), 400, "quantity");
    await refused(() => fulfil(contract.id, item, { quantity: "0" }), 400, "quantity");
    await refused(() => fulfil(contract.id, item, { quantity: "1", fulfilledOn: "2023-12-31" }), 400, "fulfilledOn");
    expect((await fulfil(contract.id, item, { quantity: "2" })).statusCode).toBe(201);
    await refused(() => fulfil(contract.id, item, { quantity: "1.5" }), 400, "quantity");
    const draft = await manager()("POST", `/api/companies/${company}/contracts`, {
      number: `DRAFT-${Date.now()}`,
      title: "Draft",
      currency: "EUR",
      items: [{ productId: goods, quantity: "1" }],
    });
    await refused(() => fulfil(draft.json().id, draft.json().items[0].id, { quantity: "1" }), 400, "status");
  });

  it("refuses contracts with dates out of order, unknown products, no price in the currency, or a bad currency", async () => {
    const post = (body: Record<string, unknown>) =>
      manager()("POST", `/api/companies/${company}/contracts`, { number: `BAD-${++serial}`, title: "Bad", currency: "EUR", ...body });
    await refused(() => post({ startOn: "2025-01-01", endOn: "2024-01-01" }), 400, "endOn");
    await refused(() => post({ currency: "EUX" }), 400, "currency");
    await refused(() => post({ items: [{ productId: goods, quantity: "-2" }] }), 400, "items[0].quantity");
    await refused(() => post({ items: [{ productId: "00000000-0000-4000-8000-000000000000", quantity: "1" }] }), 400, "items[0].productId");
    await refused(() => post({ currency: "SEK", items: [{ productId: goods, quantity: "1" }] }), 400, "items[0].unitPrice");
    await refused(() => post({ items: [{ productId: goods, quantity: "1", discountPercent: "120" }] }), 400, "items[0].discountPercent");
  });

  it("refuses payments and credit notes in another currency than the invoice, and over-applying", async () => {
    const contract = await activeContract([{ productId: goods, quantity: "5" }]);
    const done = await fulfil(contract.id, contract.items[0]!.id, { quantity: "1", fulfilledOn: "2024-02-01" });
    const invoiceId = done.json().fulfilment.invoiceId as string;
    const pay = (body: Record<string, unknown>) => manager()("POST", `/api/companies/${company}/payments`, body);
    await refused(
      () => pay({ currency: "SEK", amount: "50", receivedOn: "2024-02-10", allocations: [{ invoiceId, amount: "50" }] }),
      400,
      "currency",
    );
    await refused(
      () => pay({ currency: "EUR", amount: "500", receivedOn: "2024-02-10", allocations: [{ invoiceId, amount: "150" }] }),
      400,
      "allocations[0].amount",
    );
    await refused(
      () => pay({ currency: "EUR", amount: "50", receivedOn: "2024-02-10", allocations: [{ invoiceId, amount: "60" }] }),
      400,
      "allocations",
    );
    await refused(() => pay({ currency: "EUR", amount: "-5", receivedOn: "2024-02-10" }), 400, "amount");
    const credit = (body: Record<string, unknown>) =>
      manager()("POST", `/api/companies/${company}/credit-notes`, { invoiceId, reason: "Damaged", ...body });
    await refused(() => credit({ currency: "SEK", amount: "10" }), 400, "currency");
    await refused(() => credit({ currency: "EUR", amount: "100.01" }), 400, "amount");
    await refused(() => credit({ currency: "EUR", amount: "10", issuedOn: "2024-01-01" }), 400, "issuedOn");
  });
});

describe("idempotency and concurrency", () => {
  it("refuses a second fulfilment with the same Idempotency-Key and changes nothing", async () => {
    const contract = await activeContract([{ productId: goods, quantity: "5" }]);
    const item = contract.items[0]!.id;
    const key = { "idempotency-key": `fulfil-${Date.now()}` };
    expect((await fulfil(contract.id, item, { quantity: "1" }, key)).statusCode).toBe(201);
    // The same request again is answered from the first (nothing new is written) …
    const before = await databaseSnapshot(h);
    const replay = await fulfil(contract.id, item, { quantity: "1" }, key);
    expect(replay.statusCode).toBe(201);
    expect(replay.headers["idempotent-replayed"]).toBe("true");
    expect(await databaseSnapshot(h)).toEqual(before);
    // … and the key with another body is refused.
    await refused(() => fulfil(contract.id, item, { quantity: "2" }, key), 422);
    const [row] = await h.db.select().from(contractItems).where(eq(contractItems.id, item));
    expect(row!.fulfilledQuantity).toBe("1.000");
  });

  it("refuses a key already recorded on the item even after the request store forgot it", async () => {
    const contract = await activeContract([{ productId: goods, quantity: "5" }]);
    const item = contract.items[0]!.id;
    const key = `fulfil-forgotten-${Date.now()}`;
    expect((await fulfil(contract.id, item, { quantity: "1" }, { "idempotency-key": key })).statusCode).toBe(201);
    await h.db.execute(sql`DELETE FROM idempotency_keys WHERE key = ${key}`);
    await refused(() => fulfil(contract.id, item, { quantity: "1" }, { "idempotency-key": key }), 409);
  });

  it("never over-fulfils under concurrent fulfilments of one item", async () => {
    const contract = await activeContract([{ productId: goods, quantity: "5" }]);
    const item = contract.items[0]!.id;
    const results = await Promise.all(Array.from({ length: 8 }, () => fulfil(contract.id, item, { quantity: "1" })));
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s !== 201).every((s) => s === 400)).toBe(true);
    const [row] = await h.db.select().from(contractItems).where(eq(contractItems.id, item));
    expect(row!.fulfilledQuantity).toBe("5.000");
    const made = await h.db.select().from(fulfilments).where(eq(fulfilments.contractItemId, item));
    expect(made).toHaveLength(5);
    expect(await billingDrift(h.db)).toEqual([]);
    expect(await groupDrift(h.db)).toEqual([]);
  });
});

describe("atomicity: a fault after any step leaves nothing changed", () => {
  it.each(fulfilmentSteps.map((step) => [step]))("after %s", async (step) => {
    const contract = await activeContract([{ productId: support, quantity: "2" }]);
    const before = await databaseSnapshot(h);
    injectFulfilmentFault(step);
    try {
      const response = await fulfil(contract.id, contract.items[0]!.id, { quantity: "1" });
      expect(response.statusCode).toBe(500);
    } finally {
      injectFulfilmentFault(undefined);
    }
    expect(await databaseSnapshot(h)).toEqual(before);
    const ok = await fulfil(contract.id, contract.items[0]!.id, { quantity: "1" });
    expect(ok.statusCode, ok.body).toBe(201);
  });
});
