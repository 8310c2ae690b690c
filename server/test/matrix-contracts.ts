/**
 * Valid requests for the access matrix on the routes of products, contracts, billing and client
 * value: each aims at throwaway records made here on the company given (a product, an active
 * contract with an item, an issued invoice, a payment with money left), so a denial proves the
 * guard, not bad input.
 */
import {
  competitorContracts,
  contractItems,
  contracts,
  invoiceLines,
  invoices,
  orderLines,
  orders,
  orderStatusChanges,
  payments,
  products,
  productPrices,
  reminderSettings,
  valueSettings,
} from "../src/db/schema";
import type { MatrixRequest, MatrixRequestBuilder } from "./matrix-requests";

export const contractMatrixRequest: MatrixRequestBuilder = async (
  h,
  admin,
  { company, serial },
  method,
  url,
): Promise<MatrixRequest | undefined> => {
  const key = `${method} ${url}`;
  const mine =
    url.startsWith("/api/products") ||
    url === "/api/settings/value-segments" ||
    url === "/api/settings/reminders" ||
    url === "/api/competitor-contracts/upcoming" ||
    /^\/api\/companies\/:id\/(contracts|service-items|invoices|payments|credit-notes|receivables|value|purchase-trends|product-suggestions|competitor-contracts|orders|transactions)\b/.test(
      url,
    );
  if (!mine) return undefined;
  const unique = `${serial}-${Math.random().toString(36).slice(2, 8)}`;
  const [product] = await h.db
    .insert(products)
    .values({ code: `MX-${unique}`, name: `Matrix ${serial}`, category: "matrix", unit: "pcs", kind: "goods" })
    .returning();
  await h.db.insert(productPrices).values({ productId: product!.id, currency: "EUR", listPrice: "10.00" });

  if (key === "POST /api/products")
    return { url, body: { code: `NEW-${unique}`, name: "New", category: "matrix", unit: "pcs", kind: "goods" } };
  if (url === "/api/products/:id")
    return method === "PATCH"
      ? { url: url.replace(":id", product!.id), body: { name: `Renamed ${serial}` }, headers: { "if-match": '"1"' } }
      : { url: url.replace(":id", product!.id) };
  if (url === "/api/settings/value-segments") {
    if (method === "GET") return { url };
    const [row] = await h.db.select().from(valueSettings);
    return { url, body: { keyMinScore: 70, longStandingMinMonths: 36, newMaxMonths: 6 }, headers: { "if-match": `"${row!.version}"` } };
  }
  if (url === "/api/settings/reminders") {
    if (method === "GET") return { url };
    const [row] = await h.db.select().from(reminderSettings);
    return {
      url,
      body: { contractLeadDays: 30, invoiceLeadDays: 3, collectionSteps: [0, 7, 30] },
      headers: { "if-match": `"${row!.version}"` },
    };
  }
  if (url === "/api/competitor-contracts/upcoming") return { url };

  const [contract] = await h.db
    .insert(contracts)
    .values({
      companyId: company,
      number: `MX-${unique}`,
      title: "Matrix",
      currency: "EUR",
      status: "active",
      startOn: "2024-01-01",
      value: "100.00",
    })
    .returning();
  const [item] = await h.db
    .insert(contractItems)
    .values({ contractId: contract!.id, productId: product!.id, position: 0, quantity: "10", unitPrice: "10.00" })
    .returning();
  const [invoice] = await h.db
    .insert(invoices)
    .values({
      companyId: company,
      number: `MX-INV-${unique}`,
      status: "issued",
      currency: "EUR",
      issuedOn: "2024-02-01",
      dueOn: "2024-03-01",
      total: "50.00",
    })
    .returning();
  await h.db
    .insert(invoiceLines)
    .values({ invoiceId: invoice!.id, description: "Matrix", quantity: "5", unitPrice: "10.00", amount: "50.00" });
  const [draft] = await h.db
    .insert(invoices)
    .values({ companyId: company, number: `MX-DRAFT-${unique}`, status: "draft", currency: "EUR", total: "10.00" })
    .returning();
  await h.db
    .insert(invoiceLines)
    .values({ invoiceId: draft!.id, description: "Matrix", quantity: "1", unitPrice: "10.00", amount: "10.00" });
  const [payment] = await h.db
    .insert(payments)
    .values({ companyId: company, currency: "EUR", amount: "20.00", unapplied: "20.00", receivedOn: "2024-02-10" })
    .returning();
  const [rival] = await h.db
    .insert(competitorContracts)
    .values({ companyId: company, competitor: `Rival ${serial}`, product: "Hosting", expiresOn: "2030-01-01", reminderLeadDays: 30 })
    .returning();
  const [order] = await h.db
    .insert(orders)
    .values({ companyId: company, number: `MX-ORD-${unique}`, currency: "EUR", total: "10.00", orderedOn: "2024-02-01" })
    .returning();
  await h.db
    .insert(orderLines)
    .values({ orderId: order!.id, productId: product!.id, position: 0, quantity: "1", unitPrice: "10.00", amount: "10.00" });
  await h.db.insert(orderStatusChanges).values({ orderId: order!.id, toStatus: "entered" });
  const concrete = url
    .replace(":id", company)
    .replace(":competitorContractId", rival!.id)
    .replace(":orderId", order!.id)
    .replace(":contractId", contract!.id)
    .replace(":itemId", item!.id)
    .replace(":invoiceId", method === "POST" && url.endsWith("/issue") ? draft!.id : invoice!.id)
    .replace(":paymentId", payment!.id);
  const bodies: Record<string, MatrixRequest> = {
    "POST /api/companies/:id/contracts": {
      url: concrete,
      body: { number: `NEW-${unique}`, title: "Matrix", currency: "EUR", items: [{ productId: product!.id, quantity: "1" }] },
    },
    "PATCH /api/companies/:id/contracts/:contractId": {
      url: concrete,
      body: { title: `Renamed ${serial}` },
      headers: { "if-match": '"1"' },
    },
    "POST /api/companies/:id/contracts/:contractId/items": {
      url: concrete,
      body: { productId: product!.id, quantity: "2" },
      headers: { "if-match": '"1"' },
    },
    "PATCH /api/companies/:id/contracts/:contractId/items/:itemId": {
      url: concrete,
      body: { quantity: "12" },
      headers: { "if-match": '"1"' },
    },
    "POST /api/companies/:id/contracts/:contractId/items/:itemId/fulfilments": {
      url: concrete,
      body: { quantity: "1", fulfilledOn: "2024-02-01" },
    },
    "POST /api/companies/:id/invoices": {
      url: concrete,
      body: { currency: "EUR", lines: [{ description: "Fee", quantity: "1", unitPrice: "5.00" }] },
    },
    "POST /api/companies/:id/invoices/:invoiceId/issue": { url: concrete, body: { issuedOn: "2024-02-01" } },
    "POST /api/companies/:id/payments": {
      url: concrete,
      body: { currency: "EUR", amount: "10.00", receivedOn: "2024-02-15", allocations: [{ invoiceId: invoice!.id, amount: "10.00" }] },
    },
    "POST /api/companies/:id/payments/:paymentId/allocations": {
      url: concrete,
      body: { allocations: [{ invoiceId: invoice!.id, amount: "5.00" }] },
    },
    "POST /api/companies/:id/competitor-contracts": {
      url: concrete,
      body: { competitor: `Rival ${unique}`, product: "Support", expiresOn: "2031-01-01" },
    },
    "PATCH /api/companies/:id/competitor-contracts/:competitorContractId": {
      url: concrete,
      body: { notes: `Matrix ${serial}` },
      headers: { "if-match": '"1"' },
    },
    "DELETE /api/companies/:id/competitor-contracts/:competitorContractId": { url: concrete, headers: { "if-match": '"1"' } },
    "POST /api/companies/:id/orders": {
      url: concrete,
      body: { currency: "EUR", lines: [{ productId: product!.id, quantity: "1" }] },
    },
    "POST /api/companies/:id/orders/:orderId/transitions": {
      url: concrete,
      body: { status: "confirmed" },
      headers: { "if-match": '"1"' },
    },
    "POST /api/companies/:id/credit-notes": {
      url: concrete,
      body: { invoiceId: invoice!.id, currency: "EUR", amount: "5.00", reason: "Matrix" },
    },
  };
  if (bodies[key]) return bodies[key];
  if (method === "GET") return { url: concrete };
  throw new Error(`add a valid request for ${key} to the contracts matrix`);
};
