/**
 * A seeded property test: random sequences of fulfilments, manual invoices, payments, credit
 * notes and re-parenting of companies in a group keep every projection equal to a full
 * recomputation (the doctor's checks: figures and group rollups, invoice totals / paid /
 * credited / status, payments' unapplied amounts, fulfilled quantities) — zero drift.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, type AccessFixture } from "../../../test/access-fixture";
import { groupDrift } from "../groups/groups.drift";
import { billingDrift } from "./billing.doctor";

let h: Harness;
let f: AccessFixture;
beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
});
afterAll(async () => h?.close());

/** mulberry32: a small deterministic generator, so a failing seed can be replayed. */
function generator(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

it.each([[7], [20240601]])(
  "seed %i: every projection equals a full recomputation after random operations",
  async (seed) => {
    const random = generator(seed);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const api = f.actors.administrator.api;
    const where = f.placement("administrator", "own")!;
    const companies = [] as string[];
    for (let i = 0; i < 4; i++) companies.push(await f.insertCompany(`Property ${seed} ${i}`, where, { currency: "EUR" }));
    const product = await api("POST", "/api/products", {
      code: `P-${seed}`,
      name: "Thing",
      category: "goods",
      unit: "pcs",
      kind: "goods",
      prices: [
        { currency: "EUR", listPrice: "12.34", unitCost: "5.00" },
        { currency: "SEK", listPrice: "150.00" },
      ],
    });
    const service = await api("POST", "/api/products", {
      code: `S-${seed}`,
      name: "Care",
      category: "services",
      unit: "year",
      kind: "service",
      serviceMonths: 12,
      prices: [{ currency: "EUR", listPrice: "99.99" }],
    });
    const items: { company: string; contract: string; item: string; currency: string }[] = [];
    for (const [index, company] of companies.entries()) {
      const currency = index % 2 === 0 ? "EUR" : "SEK";
      const created = await api("POST", `/api/companies/${company}/contracts`, {
        number: `PROP-${seed}-${index}`,
        title: "Random",
        currency,
        startOn: "2024-01-01",
        billingSchedule: index === 3 ? "monthly" : "per_fulfilment",
        items: [
          { productId: product.json().id, quantity: "40", discountPercent: "7.5" },
          ...(currency === "EUR" ? [{ productId: service.json().id, quantity: "10" }] : []),
        ],
      });
      expect(created.statusCode, created.body).toBe(201);
      const active = await api(
        "PATCH",
        `/api/companies/${company}/contracts/${created.json().id}`,
        { status: "active" },
        {
          "if-match": created.headers.etag as string,
        },
      );
      expect(active.statusCode, active.body).toBe(200);
      for (const item of active.json().items) items.push({ company, contract: created.json().id, item: item.id, currency });
    }
    const day = () => `2024-0${1 + Math.floor(random() * 6)}-${String(1 + Math.floor(random() * 28)).padStart(2, "0")}`;
    const amount = (max: number) => (Math.floor(random() * max * 100) / 100 + 0.01).toFixed(2);
    const counts: Record<string, number> = {};
    for (let step = 0; step < 45; step++) {
      const operation = pick(["fulfil", "fulfil", "invoice", "pay", "pay", "credit", "issue", "parent", "unparent"] as const);
      const company = pick(companies);
      let response;
      if (operation === "fulfil") {
        const target = pick(items);
        response = await api("POST", `/api/companies/${target.company}/contracts/${target.contract}/items/${target.item}/fulfilments`, {
          quantity: String(1 + Math.floor(random() * 6)),
          fulfilledOn: day(),
        });
      } else if (operation === "invoice") {
        response = await api("POST", `/api/companies/${company}/invoices`, {
          currency: pick(["EUR", "SEK"]),
          issuedOn: day(),
          lines: [{ description: "Fee", quantity: String(1 + Math.floor(random() * 3)), unitPrice: amount(80) }],
        });
      } else if (operation === "pay" || operation === "credit" || operation === "issue") {
        const open = await api("GET", `/api/companies/${company}/invoices${operation === "issue" ? "?status=draft" : "?open=true"}`);
        const invoice = open.json().items.length
          ? pick(open.json().items as { id: string; currency: string; outstanding: string }[])
          : undefined;
        if (!invoice) continue;
        if (operation === "issue")
          response = await api("POST", `/api/companies/${company}/invoices/${invoice.id}/issue`, { issuedOn: "2024-07-01" });
        else if (operation === "credit")
          response = await api("POST", `/api/companies/${company}/credit-notes`, {
            invoiceId: invoice.id,
            currency: invoice.currency,
            amount: Math.max(0.01, Number(invoice.outstanding) * random()).toFixed(2),
            issuedOn: "2024-07-01",
            reason: "Random",
          });
        else {
          const applied = Math.max(0.01, Number(invoice.outstanding) * (random() < 0.5 ? 1 : random()));
          response = await api("POST", `/api/companies/${company}/payments`, {
            currency: invoice.currency,
            amount: (applied + (random() < 0.3 ? 10 : 0)).toFixed(2),
            receivedOn: "2024-07-02",
            allocations: [{ invoiceId: invoice.id, amount: applied.toFixed(2) }],
          });
        }
      } else {
        const links = await api("GET", `/api/companies/${company}/links`);
        const headers = { "if-match": links.headers.etag as string };
        response =
          operation === "parent"
            ? await api(
                "PUT",
                `/api/companies/${company}/parent`,
                { parentId: pick(companies.filter((c) => c !== company)), relation: "subsidiary" },
                headers,
              )
            : await api("DELETE", `/api/companies/${company}/parent`, undefined, headers);
      }
      counts[`${operation} ${response.statusCode}`] = (counts[`${operation} ${response.statusCode}`] ?? 0) + 1;
      // Refusals (over-fulfilment, a cycle in the tree, no parent to remove) are expected; server errors never.
      expect(response.statusCode, `${operation}: ${response.body}`).toBeLessThan(500);
      if (step % 15 === 14) {
        expect(await groupDrift(h.db)).toEqual([]);
        expect(await billingDrift(h.db)).toEqual([]);
      }
    }
    expect(await groupDrift(h.db)).toEqual([]);
    expect(await billingDrift(h.db)).toEqual([]);
    // The sequence did real work of every kind (a property over refusals alone proves nothing).
    expect(Object.keys(counts).filter((key) => /^(fulfil|pay|parent) 20[01]$/.test(key)).length).toBeGreaterThanOrEqual(3);
  },
  120_000,
);
