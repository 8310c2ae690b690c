/**
 * Orders and the transaction history on real PostgreSQL: an order's lines, total and status
 * history (allowed transitions only, each timestamped with who made it); bad input refused with
 * the field named and nothing written; one history per client over orders, fulfilments,
 * invoices, payments and credit notes, newest first, keyset-paged, filtered by type, and for
 * the group only the companies the reader may see.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, refusals, type AccessFixture } from "../../../test/access-fixture";

let h: Harness;
let f: AccessFixture;
let company: string;
let child: string;
let hiddenChild: string;
let product: string;
beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
  company = await f.insertCompany("Buyer Group AB", f.placement("account_manager", "own")!);
  child = await f.insertCompany("Buyer Child AB", f.placement("account_manager", "own")!);
  hiddenChild = await f.insertCompany("Buyer Secret AB", f.placement("account_manager", "other")!);
  const admin = f.actors.administrator.api;
  for (const id of [child, hiddenChild]) {
    const links = await admin("GET", `/api/companies/${id}/links`);
    const linked = await admin(
      "PUT",
      `/api/companies/${id}/parent`,
      { parentId: company, relation: "subsidiary" },
      { "if-match": links.headers.etag as string },
    );
    expect(linked.statusCode, linked.body).toBe(200);
  }
  const made = await admin("POST", "/api/products", {
    code: "OR-1",
    name: "Valve",
    category: "hardware",
    unit: "pcs",
    kind: "goods",
    prices: [{ currency: "EUR", listPrice: "12.50" }],
  });
  expect(made.statusCode, made.body).toBe(201);
  product = made.json().id;
});
afterAll(async () => h?.close());

const manager = () => f.actors.account_manager.api;
const admin = () => f.actors.administrator.api;
const orders = (id: string) => `/api/companies/${id}/orders`;

describe("orders", () => {
  it("refuses bad input naming the field, writing nothing", async () => {
    const refused = refusals(h);
    const line = { productId: product, quantity: "2" };
    await refused(() => manager()("POST", orders(company), { currency: "EUR", lines: [] }), 400, "lines");
    await refused(
      () => manager()("POST", orders(company), { currency: "EUR", lines: [{ ...line, quantity: "-1" }] }),
      400,
      "lines[0].quantity",
    );
    await refused(
      () => manager()("POST", orders(company), { currency: "EUR", lines: [{ ...line, quantity: "0" }] }),
      400,
      "lines[0].quantity",
    );
    await refused(() => manager()("POST", orders(company), { currency: "XXQ", lines: [line] }), 400, "currency");
    await refused(() => manager()("POST", orders(company), { currency: "USD", lines: [line] }), 400, "lines[0].unitPrice");
    await refused(
      () =>
        manager()("POST", orders(company), { currency: "EUR", lines: [{ ...line, productId: "00000000-0000-4000-8000-000000000000" }] }),
      400,
      "lines[0].productId",
    );
    await refused(
      () => manager()("POST", orders(company), { currency: "EUR", contractId: "00000000-0000-4000-8000-000000000000", lines: [line] }),
      400,
      "contractId",
    );
    await refused(() => manager()("POST", orders(company), { currency: "EUR", orderedOn: "2025-13-01", lines: [line] }), 400, "orderedOn");
    await refused(() => f.actors.service_desk.api("POST", orders(company), { currency: "EUR", lines: [line] }), 403);
    await refused(() => manager()("POST", orders(hiddenChild), { currency: "EUR", lines: [line] }), 404);
  });

  it("enters an order with its total, and moves it only along the allowed transitions, recording who and when", async () => {
    const created = await manager()("POST", orders(company), {
      currency: "EUR",
      orderedOn: "2025-03-01",
      note: "Rush",
      lines: [
        { productId: product, quantity: "4" },
        { productId: product, quantity: "1.5", unitPrice: "10.00" },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const order = created.json();
    expect(order).toMatchObject({ status: "entered", total: "65.00", currency: "EUR", orderedOn: "2025-03-01", version: 1 });
    expect(order.number).toMatch(/^ORD-\d{6}$/);
    expect(order.lines.map((line: { amount: string }) => line.amount)).toEqual(["50.00", "15.00"]);
    expect(order.history).toEqual([expect.objectContaining({ from: null, to: "entered", byId: f.actors.account_manager.id })]);
    const move = (status: string, version: number) =>
      manager()("POST", `${orders(company)}/${order.id}/transitions`, { status }, { "if-match": `"${version}"` });
    const refused = refusals(h);
    await refused(() => move("shipped", 1), 400, "status");
    await refused(() => move("delivered", 1), 400, "status");
    await refused(() => move("paid", 1), 400, "status");
    await refused(() => move("confirmed", 7), 412);
    expect((await move("confirmed", 1)).statusCode).toBe(201);
    expect((await move("shipped", 2)).statusCode).toBe(201);
    await refused(() => move("cancelled", 3), 400, "status");
    const delivered = await move("delivered", 3);
    expect(delivered.statusCode, delivered.body).toBe(201);
    const history = delivered.json().history as { from: string | null; to: string; at: string; byName: string }[];
    expect(history.map((change) => [change.from, change.to])).toEqual([
      [null, "entered"],
      ["entered", "confirmed"],
      ["confirmed", "shipped"],
      ["shipped", "delivered"],
    ]);
    expect(history.every((change, index) => index === 0 || change.at >= history[index - 1]!.at)).toBe(true);
    expect(history[3]!.byName).toBe("The account_manager");
    await refused(() => move("cancelled", 4), 400, "status");
    const listed = await manager()("GET", orders(company));
    expect(listed.json().items.map((item: { id: string; status: string }) => [item.id, item.status])).toEqual([[order.id, "delivered"]]);
  });
});

describe("transaction history", () => {
  it("lists orders, fulfilments, invoices, payments and credit notes newest first, page by page, by type and for the group", async () => {
    const api = manager();
    const contract = await api("POST", `/api/companies/${company}/contracts`, {
      number: `TX-${Date.now()}`,
      title: "Supply",
      currency: "EUR",
      startOn: "2025-01-01",
      items: [{ productId: product, quantity: "10" }],
    });
    expect(contract.statusCode, contract.body).toBe(201);
    const active = await api(
      "PATCH",
      `/api/companies/${company}/contracts/${contract.json().id}`,
      { status: "active" },
      { "if-match": '"1"' },
    );
    expect(active.statusCode, active.body).toBe(200);
    const fulfilled = await api(
      "POST",
      `/api/companies/${company}/contracts/${contract.json().id}/items/${contract.json().items[0].id}/fulfilments`,
      {
        quantity: "2",
        fulfilledOn: "2025-04-01",
      },
    );
    expect(fulfilled.statusCode, fulfilled.body).toBe(201);
    const invoiceId = fulfilled.json().fulfilment.invoiceId;
    const paid = await api("POST", `/api/companies/${company}/payments`, {
      currency: "EUR",
      amount: "10.00",
      receivedOn: "2025-04-10",
      reference: "BANK-1",
      allocations: [{ invoiceId, amount: "10.00" }],
    });
    expect(paid.statusCode, paid.body).toBe(201);
    const credited = await api("POST", `/api/companies/${company}/credit-notes`, {
      invoiceId,
      currency: "EUR",
      amount: "5.00",
      reason: "Damaged",
      issuedOn: "2025-04-12",
    });
    expect(credited.statusCode, credited.body).toBe(201);
    // The group: a visible child's order counts, a hidden child's never shows.
    for (const id of [child, hiddenChild]) {
      const made = await admin()("POST", orders(id), {
        currency: "EUR",
        orderedOn: "2025-05-01",
        lines: [{ productId: product, quantity: "1" }],
      });
      expect(made.statusCode, made.body).toBe(201);
    }

    const all = await api("GET", `/api/companies/${company}/transactions?limit=50`);
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json().items.map((item: { type: string; on: string; amount: string }) => [item.type, item.on, item.amount])).toEqual([
      ["credit_note", "2025-04-12", "-5.00"],
      ["payment", "2025-04-10", "-10.00"],
      ["invoice", "2025-04-01", "25.00"],
      ["fulfilment", "2025-04-01", "25.00"],
      ["order", "2025-03-01", "65.00"],
    ]);
    // Paged two at a time, the pages add up to the same list.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await api("GET", `/api/companies/${company}/transactions?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.statusCode, page.body).toBe(200);
      paged.push(...page.json().items.map((item: { id: string }) => item.id));
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(paged).toEqual(all.json().items.map((item: { id: string }) => item.id));

    const money = await api("GET", `/api/companies/${company}/transactions?type=payment,credit_note`);
    expect(money.json().items.map((item: { type: string; reference: string }) => [item.type, item.reference])).toEqual([
      ["credit_note", credited.json().number],
      ["payment", "BANK-1"],
    ]);
    const group = await api("GET", `/api/companies/${company}/transactions?scope=group&type=order`);
    expect(group.json().items.map((item: { companyName: string }) => item.companyName)).toEqual(["Buyer Child AB", "Buyer Group AB"]);
    const everything = await admin()("GET", `/api/companies/${company}/transactions?scope=group&type=order`);
    expect(everything.json().items).toHaveLength(3);

    const refused = refusals(h);
    await refused(() => api("GET", `/api/companies/${company}/transactions?type=gift`), 400, "querystring.type");
    await refused(() => api("GET", `/api/companies/${company}/transactions?cursor=abc`), 400, "cursor");
    await refused(() => api("GET", `/api/companies/${company}/transactions?scope=world`), 400, "querystring.scope");
    await refused(() => api("GET", `/api/companies/${hiddenChild}/transactions`), 404);
  });
});
