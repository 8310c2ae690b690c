/// <reference lib="dom" />
// Orders, the transaction history and competitor contracts on the client card. An order is
// entered with a line priced from the catalogue and moved through its statuses (each confirmed
// first); it shows in the transaction history with a contract's delivery and its invoice, and a
// delivery made elsewhere arrives there live. A competitor contract expiring soon is added on a
// prospect, changed, and found on the Competitor expiries page, which links back to the company.
// Loading, empty and error states; screens at desktop and phone size (390×844).
import type { Locator, Page } from "@playwright/test";
import { type Api, unique } from "../support/api";
import { expect, expectShell, signIn, test } from "../support/fixtures";
import { expectNoHorizontalScroll } from "../support/layout";
import { settle } from "../support/screens";

type Contract = { id: string; number: string; version: number; items: { id: string }[] };
type Order = { id: string; number: string; status: string; total: string; history: { to: string }[] };

const phoneTall = { width: 390, height: 844 } as const;

/** Screenshots the page at desktop size and at 390×844 (full page), then restores the viewport. */
async function shoot(page: Page, name: string): Promise<void> {
  const original = page.viewportSize();
  for (const [size, viewport] of [
    ["desktop", { width: 1280, height: 800 }],
    ["phone", phoneTall],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(200);
    await settle(page);
    if (size === "phone") await expectNoHorizontalScroll(page);
    await page.screenshot({ path: test.info().outputPath(`screens/orders-${name}-${size}.png`), fullPage: true, animations: "disabled" });
  }
  if (original) await page.setViewportSize(original);
}

/** Picks an option of a Mantine select, typing first to narrow it. */
async function choose(page: Page, input: Locator, typed: string, option: RegExp): Promise<void> {
  await input.click();
  await input.fill(typed);
  await page.getByRole("option", { name: option }).first().click();
}

/** PUT /api/companies/:id/parent (If-Match: the highest version of the company's links). */
async function setParent(api: Api, companyId: string, parentId: string): Promise<void> {
  const links = (await api.get<{ items: { version: number }[] }>(`/api/companies/${companyId}/links`)).items;
  const version = links.reduce((highest, link) => Math.max(highest, link.version), 0);
  const csrf = await api.refreshCsrf();
  const response = await api.context.fetch(`/api/companies/${companyId}/parent`, {
    method: "PUT",
    headers: { accept: "application/json", "x-csrf-token": csrf, "if-match": `"${version}"` },
    data: { parentId, relation: "subsidiary", share: 100 },
  });
  expect(response.status(), await response.text()).toBe(200);
}

/** A calendar day `days` from today in the browser's calendar (YYYY-MM-DD). */
async function dayFromToday(page: Page, days: number): Promise<string> {
  return page.evaluate((offset) => {
    const at = new Date();
    at.setDate(at.getDate() + offset);
    return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, "0")}-${String(at.getDate()).padStart(2, "0")}`;
  }, days);
}

test("an order moves through its statuses and shows in the transaction history with a delivery and its invoice, live", async ({
  page,
  adminApi,
  openAs,
}) => {
  test.setTimeout(180_000);
  const token = unique("x").split(" ")[1]!.toUpperCase();
  const code = `VLV-${token}`;
  const user = await adminApi.createUser({ role: "administrator" });
  const company = await adminApi.createCompany({ name: unique("Order client") });
  await adminApi.post("/api/products", {
    code,
    name: `Valve ${token}`,
    category: "Hardware",
    unit: "pcs",
    kind: "goods",
    prices: [
      { currency: "EUR", listPrice: "120.00" },
      { currency: "SEK", listPrice: "1400.00" },
    ],
  });

  // ── an order entered on the Orders tab ──
  await signIn(page, user, `/companies/${company.id}?tab=orders`);
  await expectShell(page);
  const panel = page.getByTestId("panel-orders");
  await expect(panel.getByText("No orders yet")).toBeVisible();
  await shoot(page, "orders-empty");
  await panel.getByTestId("order-new").click();
  const form = page.getByTestId("order-form");
  // Nothing chosen: the form says what is missing before sending.
  await form.getByTestId("order-form-submit").click();
  await expect(form.getByText("Required").first()).toBeVisible();
  await choose(page, form.getByTestId("order-currency"), "EUR", /^EUR/);
  await choose(page, form.getByTestId("order-line-product"), code, new RegExp(`^${code} ·`));
  // The price is the product's list price in the order's currency, and follows a currency change.
  await expect(form.getByTestId("order-line-price")).toHaveValue("120.00");
  await choose(page, form.getByTestId("order-currency"), "SEK", /^SEK/);
  await expect(form.getByTestId("order-line-price")).toHaveValue("1400.00");
  await choose(page, form.getByTestId("order-currency"), "EUR", /^EUR/);
  await expect(form.getByTestId("order-line-price")).toHaveValue("120.00");
  await form.getByTestId("order-line-quantity").fill("3");
  await expect(form.getByTestId("order-form-total")).toContainText("€360.00");
  // A second line without a product is refused by the form, then removed.
  await form.getByTestId("order-line-add").click();
  await form.getByTestId("order-form-submit").click();
  await expect(form.getByTestId("order-line-input").nth(1).getByText("Required")).toBeVisible();
  await shoot(page, "order-form");
  await form.getByTestId("order-line-remove").nth(1).click();
  await form.getByTestId("order-note").fill("Urgent <b>delivery</b>");
  await form.getByTestId("order-form-submit").click();
  await expect(form).toBeHidden();

  const detail = page.getByTestId("order-detail");
  await expect(detail.getByTestId("order-status")).toHaveText("Entered");
  await expect(detail.getByTestId("order-total")).toContainText("€360.00");
  await expect(detail.getByTestId("order-line")).toHaveCount(1);
  // Text stays text.
  await expect(detail.getByTestId("order-note-text")).toHaveText("Urgent <b>delivery</b>");
  const orders = await adminApi.get<{ items: Order[] }>(`/api/companies/${company.id}/orders`);
  expect(orders.items).toHaveLength(1);
  const order = orders.items[0]!;
  expect(order.total).toBe("360.00");
  await expect(detail.getByTestId("order-heading")).toContainText(order.number);

  // Only the allowed next steps are offered; each asks first, and cancelling the question changes nothing.
  await expect(detail.getByTestId("order-to-shipped")).toHaveCount(0);
  await detail.getByTestId("order-to-confirmed").click();
  await page.getByRole("dialog").getByRole("button", { name: "Cancel", exact: true }).click();
  await expect(detail.getByTestId("order-status")).toHaveText("Entered");
  for (const [status, label, action] of [
    ["confirmed", "Confirmed", "Confirm"],
    ["shipped", "Shipped", "Mark shipped"],
    ["delivered", "Delivered", "Mark delivered"],
  ] as const) {
    await detail.getByTestId(`order-to-${status}`).click();
    await page.getByRole("dialog").getByRole("button", { name: action, exact: true }).click();
    await expect(detail.getByTestId("order-status")).toHaveText(label);
  }
  await expect(detail.getByTestId("order-history-entry")).toHaveCount(4);
  await expect(detail.getByRole("button", { name: /^(Confirm|Mark|Cancel order)/ })).toHaveCount(0);
  const delivered = await adminApi.get<Order>(`/api/companies/${company.id}/orders/${order.id}`);
  expect(delivered.status).toBe("delivered");
  expect(delivered.history.map((change) => change.to)).toEqual(["entered", "confirmed", "shipped", "delivered"]);
  await shoot(page, "order-detail");
  await detail.getByTestId("order-back").click();
  await expect(panel.locator(`[data-testid="order-row"][data-number="${order.number}"]`)).toContainText("Delivered");

  // ── a contract delivery and its invoice ──
  const today = await dayFromToday(page, 0);
  const product = (await adminApi.get<{ items: { id: string; code: string }[] }>("/api/products", { q: code })).items[0]!;
  let contract = await adminApi.post<Contract>(`/api/companies/${company.id}/contracts`, {
    number: `C-${token}`,
    title: "Valves",
    currency: "EUR",
    startOn: today,
    billingSchedule: "per_fulfilment",
    items: [{ productId: product.id, quantity: "10" }],
  });
  contract = await adminApi.patch<Contract>(
    `/api/companies/${company.id}/contracts/${contract.id}`,
    { status: "active" },
    contract.version,
  );
  const itemPath = `/api/companies/${company.id}/contracts/${contract.id}/items/${contract.items[0]!.id}/fulfilments`;
  await adminApi.post(itemPath, { quantity: "2", fulfilledOn: today });

  await page.getByTestId("tab-transactions").click();
  const history = page.getByTestId("panel-transactions");
  await expect(history.getByTestId("transaction-row")).toHaveCount(3);
  await expect(history.locator('[data-testid="transaction-row"][data-type="order"]')).toContainText(order.number);
  await expect(history.locator('[data-testid="transaction-row"][data-type="fulfilment"]')).toContainText(`Valve ${token} × 2`);
  await expect(history.locator('[data-testid="transaction-row"][data-type="invoice"]')).toContainText("€240.00");
  await shoot(page, "transactions");

  // A delivery made in another browser arrives without a reload.
  const other = await openAs(user, `/companies/${company.id}?tab=transactions`);
  const otherHistory = other.page.getByTestId("panel-transactions");
  await expect(otherHistory.getByTestId("transaction-row")).toHaveCount(3);
  await adminApi.post(itemPath, { quantity: "1", fulfilledOn: today });
  await expect(otherHistory.getByTestId("transaction-row")).toHaveCount(5);
  await expect(history.getByTestId("transaction-row")).toHaveCount(5);
  await other.context.close();

  // Filtered by type: invoices only.
  await history.getByTestId("transaction-filter-invoice").click();
  await expect(history.getByTestId("transaction-row")).toHaveCount(2);
  await expect(history.locator('[data-testid="transaction-row"]:not([data-type="invoice"])')).toHaveCount(0);
  await history.getByTestId("transaction-filter-invoice").click();
  await expect(history.getByTestId("transaction-row")).toHaveCount(5);

  // Each row leads to where it lives: an invoice to Receivables, the order to its detail.
  await history.locator('[data-testid="transaction-row"][data-type="invoice"]').first().getByTestId("transaction-link").click();
  await expect(page.getByTestId("panel-receivables")).toBeVisible();
  await page.getByTestId("tab-transactions").click();
  await history.locator('[data-testid="transaction-row"][data-type="order"]').getByTestId("transaction-link").click();
  await expect(page.getByTestId("order-detail").getByTestId("order-heading")).toContainText(order.number);
});

test("the transaction history pages with show more and shows its loading and error states", async ({ page, adminApi }) => {
  test.setTimeout(120_000);
  const token = unique("x").split(" ")[1]!.toUpperCase();
  const code = `BLT-${token}`;
  const user = await adminApi.createUser({ role: "administrator" });
  const company = await adminApi.createCompany({ name: unique("Busy client") });
  const product = await adminApi.post<{ id: string }>("/api/products", {
    code,
    name: `Bolt ${token}`,
    category: "Hardware",
    unit: "pcs",
    kind: "goods",
    prices: [{ currency: "EUR", listPrice: "2.50" }],
  });
  for (let index = 0; index < 27; index++)
    await adminApi.post(`/api/companies/${company.id}/orders`, {
      currency: "EUR",
      lines: [{ productId: product.id, quantity: String(index + 1) }],
    });
  // A subsidiary with an order of its own, dated before all the others (it comes last in the group's history).
  const subsidiary = await adminApi.createCompany({ name: unique("Busy subsidiary") });
  await setParent(adminApi, subsidiary.id, company.id);
  const subsidiaryOrder = await adminApi.post<Order>(`/api/companies/${subsidiary.id}/orders`, {
    currency: "EUR",
    orderedOn: "2020-01-15",
    lines: [{ productId: product.id, quantity: "100" }],
  });

  await signIn(page, user, "/");
  await expectShell(page);
  // Loading: the first page is held back until the screenshot is taken.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  let failing = false;
  await page.route(`**/api/companies/${company.id}/transactions*`, async (route) => {
    await held;
    if (failing)
      await route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ code: "unavailable", message: "down" }) });
    else await route.continue();
  });
  await page.goto(`/companies/${company.id}?tab=transactions`);
  const history = page.getByTestId("panel-transactions");
  await expect(history.getByRole("status").first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("screens/orders-transactions-loading.png"), fullPage: true });
  release();
  await expect(history.getByTestId("transaction-row")).toHaveCount(25);
  await history.getByTestId("transactions-more").click();
  await expect(history.getByTestId("transaction-row")).toHaveCount(27);
  await expect(history.getByTestId("transactions-more")).toHaveCount(0);
  // No duplicates across pages.
  const references = await history
    .getByTestId("transaction-row")
    .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-reference")));
  expect(new Set(references).size).toBe(27);

  // The whole group adds the subsidiary's order, named, and its link leads to the subsidiary's card.
  await history.getByTestId("scope-switch").getByText("Whole group").click();
  await expect(history.getByTestId("transaction-row")).toHaveCount(25);
  await history.getByTestId("transactions-more").click();
  await expect(history.getByTestId("transaction-row")).toHaveCount(28);
  const theirs = history.locator(`[data-testid="transaction-row"][data-reference="${subsidiaryOrder.number}"]`);
  await expect(theirs.getByTestId("transaction-company")).toHaveText(subsidiary.name);
  await theirs.getByTestId("transaction-link").click();
  await expect(page.getByTestId("order-detail").getByTestId("order-heading")).toContainText(subsidiaryOrder.number);
  await expect(page).toHaveURL(new RegExp(`/companies/${subsidiary.id}\\?`));
  await page.goBack();
  await expect(history.getByTestId("transaction-row").first()).toBeVisible();
  // Back to the company: its own 27, both pages still held.
  await history.getByTestId("scope-switch").getByText("This company").click();
  await expect(history.getByTestId("transaction-row")).toHaveCount(27);
  await expect(history.getByTestId("transaction-company")).toHaveCount(0);

  // A filter that matches nothing says so.
  await history.getByTestId("transaction-filter-payment").click();
  await expect(history.getByText("No transactions of these types")).toBeVisible();

  // Error, then retry.
  failing = true;
  await history.getByTestId("transaction-filter-payment").click();
  await history.getByTestId("transaction-filter-credit_note").click();
  const retry = history.getByRole("button", { name: /try again|retry/i });
  await expect(retry).toBeVisible({ timeout: 15_000 });
  await shoot(page, "transactions-error");
  failing = false;
  await retry.click();
  await expect(history.getByText("No transactions of these types")).toBeVisible();
});

test("a competitor contract expiring soon is recorded on a prospect and found on the expiries page", async ({ page, adminApi }) => {
  test.setTimeout(150_000);
  const token = unique("x").split(" ")[1]!.toUpperCase();
  const competitor = `Rival ${token}`;
  const user = await adminApi.createUser({ role: "administrator" });
  const company = await adminApi.createCompany({ name: unique("Prospect") });

  await signIn(page, user, `/companies/${company.id}?tab=competitors`);
  await expectShell(page);
  const panel = page.getByTestId("panel-competitors");
  await expect(panel.getByText("No competitor contracts recorded")).toBeVisible();
  await shoot(page, "competitors-empty");

  await panel.getByTestId("competitor-new").click();
  const form = page.getByTestId("competitor-form");
  await form.getByTestId("competitor-form-submit").click();
  await expect(form.getByText("Required")).toHaveCount(2);
  await form.getByTestId("competitor-name").fill(competitor);
  await form.getByTestId("competitor-product").fill("Maintenance <script>alert(1)</script>");
  await form.getByTestId("competitor-value").fill("48000");
  // Dates out of order are refused before sending.
  await form.getByTestId("competitor-starts").fill(await dayFromToday(page, 0));
  await form.getByTestId("competitor-expires").fill(await dayFromToday(page, -5));
  await form.getByTestId("competitor-form-submit").click();
  await expect(form.getByText("The expiry cannot be before the start")).toBeVisible();
  await form.getByTestId("competitor-starts").fill(await dayFromToday(page, -300));
  const expires = await dayFromToday(page, 12);
  await form.getByTestId("competitor-expires").fill(expires);
  await choose(page, form.getByTestId("competitor-currency"), "EUR", /^EUR/);
  await form.getByTestId("competitor-lead").fill("20");
  await form.getByTestId("competitor-notes").fill("Unhappy with response times.");
  await form.getByTestId("competitor-form-submit").click();
  await expect(form).toBeHidden();

  const card = panel.locator(`[data-testid="competitor-card"][data-competitor="${competitor}"]`);
  await expect(card).toContainText("Maintenance <script>alert(1)</script>");
  await expect(card.getByTestId("competitor-card-value")).toHaveText("€48,000.00");
  await expect(card.getByTestId("competitor-expiry")).toContainText("in 12 days");
  await expect(card).toContainText("Follow-up 20 days before expiry");
  const stored = await adminApi.get<{ items: { competitor: string; expiresOn: string; reminderLeadDays: number }[] }>(
    `/api/companies/${company.id}/competitor-contracts`,
  );
  expect(stored.items).toMatchObject([{ competitor, expiresOn: expires, reminderLeadDays: 20 }]);

  // Changed: the product.
  await card.getByTestId("competitor-edit").click();
  await form.getByTestId("competitor-product").fill("Maintenance and support");
  await form.getByTestId("competitor-form-submit").click();
  await expect(form).toBeHidden();
  await expect(card).toContainText("Maintenance and support");

  // A second one, removed again after asking.
  await panel.getByTestId("competitor-new").click();
  await form.getByTestId("competitor-name").fill(`Other ${token}`);
  await form.getByTestId("competitor-product").fill("Spare parts");
  await form.getByTestId("competitor-form-submit").click();
  await expect(form).toBeHidden();
  await expect(panel.getByTestId("competitor-card")).toHaveCount(2);
  await shoot(page, "competitors");
  await panel.locator(`[data-testid="competitor-card"][data-competitor="Other ${token}"]`).getByTestId("competitor-delete").click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove", exact: true }).click();
  await expect(panel.getByTestId("competitor-card")).toHaveCount(1);

  // ── the expiries page, from the navigation ──
  await page.getByRole("link", { name: "Competitor expiries" }).first().click();
  const expiries = page.getByTestId("competitor-expiries-page");
  await expect(expiries).toBeVisible();
  const row = expiries.locator(`[data-testid="expiry-row"][data-competitor="${competitor}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText(company.name);
  await expect(row).toContainText("in 12 days");
  await expect(row).toContainText("€48,000.00");
  await shoot(page, "expiries");
  // Soonest first, as the page shows them.
  const upcoming = await adminApi.get<{ items: { expiresOn: string }[] }>("/api/competitor-contracts/upcoming", { days: 30 });
  const dates = upcoming.items.map((item) => item.expiresOn);
  expect([...dates].sort()).toEqual(dates);
  await row.getByTestId("expiry-company").click();
  await expect(page.getByTestId("panel-competitors")).toBeVisible();
  await expect(page.getByTestId("panel-competitors").getByTestId("competitor-card")).toHaveCount(1);
});

test("the expiries page shows loading, empty and error states", async ({ page, adminApi }) => {
  const user = await adminApi.createUser({ role: "administrator" });
  await signIn(page, user, "/");
  await expectShell(page);
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  let mode: "empty" | "fail" = "empty";
  await page.route("**/api/competitor-contracts/upcoming*", async (route) => {
    await held;
    if (mode === "fail")
      await route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ code: "unavailable", message: "down" }) });
    else await route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify({ items: [], nextCursor: null }) });
  });
  await page.goto("/competitor-expiries");
  const expiries = page.getByTestId("competitor-expiries-page");
  await expect(expiries.getByRole("status").first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("screens/orders-expiries-loading.png"), fullPage: true });
  release();
  await expect(expiries.getByText("Nothing expires in the next 90 days")).toBeVisible();
  await shoot(page, "expiries-empty");
  mode = "fail";
  await expiries.getByTestId("expiries-window").getByText("365 days").click();
  const retry = expiries.getByRole("button", { name: /try again|retry/i });
  await expect(retry).toBeVisible({ timeout: 15_000 });
  await shoot(page, "expiries-error");
  mode = "empty";
  await retry.click();
  await expect(expiries.getByText("Nothing expires in the next 365 days")).toBeVisible();
});
