/// <reference lib="dom" />
// Contracts and the chain from a fulfilled item to every screen: an administrator adds a service
// product to the catalogue, makes a contract with two items on a client and activates it. A second
// browser has the same client card open on its Receivables, Service items and Value tabs; fulfilling
// an item in the first shows the new revenue, receivables, service item and value in the second
// without a reload. Fulfilling more than remains shows the server's field error and changes
// nothing; a double click fulfils once; a payment applied to the invoice lowers the receivables in
// both. Loading, empty and error states; screens at desktop and phone size (390×844).
import type { Locator, Page } from "@playwright/test";
import { unique } from "../support/api";
import { expect, expectShell, signIn, test } from "../support/fixtures";
import { expectNoHorizontalScroll } from "../support/layout";
import { settle } from "../support/screens";

type Item = { id: string; productCode: string; quantity: string; fulfilledQuantity: string };
type Contract = { id: string; number: string; status: string; version: number; items: Item[] };
type Invoice = { id: string; number: string; total: string; outstanding: string; status: string };
type Receivables = { currencies: { currency: string; open: string }[] };

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
    await page.screenshot({
      path: test.info().outputPath(`screens/contracts-${name}-${size}.png`),
      fullPage: true,
      animations: "disabled",
    });
  }
  if (original) await page.setViewportSize(original);
}

/** Picks an option of a Mantine select, typing first to narrow it. */
async function choose(page: Page, input: Locator, typed: string, option: RegExp): Promise<void> {
  await input.click();
  await input.fill(typed);
  await page.getByRole("option", { name: option }).first().click();
}

/** Opens a client card tab. */
async function openTab(page: Page, tab: string): Promise<Locator> {
  await page.getByTestId(`tab-${tab}`).click();
  const panel = page.getByTestId(`panel-${tab}`);
  await expect(panel).toBeVisible();
  return panel;
}

test("a fulfilled contract item shows at once as revenue, receivables, a service item and value on every open screen", async ({
  page,
  adminApi,
  openAs,
}) => {
  test.setTimeout(240_000);
  const token = unique("x").split(" ")[1]!.toUpperCase();
  const serviceCode = `SUP-${token}`;
  const goodsCode = `PMP-${token}`;
  const user = await adminApi.createUser({ role: "administrator" });
  const company = await adminApi.createCompany({ name: unique("Contract client") });
  // A goods product straight through the API; the service product through the catalogue page below.
  await adminApi.post("/api/products", {
    code: goodsCode,
    name: `Pump ${token}`,
    category: "Hardware",
    unit: "pcs",
    kind: "goods",
    prices: [{ currency: "EUR", listPrice: "250.00", unitCost: "150.00" }],
  });

  // ── the catalogue ──
  await signIn(page, user, "/products");
  await expectShell(page);
  await expect(page.getByTestId("products-page")).toBeVisible();
  await page.getByTestId("product-new").click();
  const productForm = page.getByTestId("product-form");
  await productForm.getByTestId("product-code").fill(serviceCode);
  await productForm.getByTestId("product-name").fill(`Support plan ${token}`);
  await productForm.getByTestId("product-category").fill("Services");
  await productForm.getByTestId("product-kind").getByText("Service", { exact: true }).click();
  // A service product needs its period: the form says so before sending.
  await productForm.getByTestId("product-form-submit").click();
  await expect(productForm.getByText("A service product needs its service period")).toBeVisible();
  await productForm.getByTestId("product-service-months").fill("12");
  await productForm.getByTestId("product-warranty-months").fill("24");
  await choose(page, productForm.getByTestId("product-price-currency"), "EUR", /^EUR/);
  await productForm.getByTestId("product-price-list").fill("1200");
  await productForm.getByTestId("product-price-cost").fill("700");
  await productForm.getByTestId("product-form-submit").click();
  await expect(productForm).toBeHidden();
  await page.getByTestId("products-search").fill(token);
  await expect(page.getByTestId("product-row")).toHaveCount(2);
  await expect(page.locator(`[data-testid="product-row"][data-code="${serviceCode}"]`)).toContainText("€1,200.00 / pcs");
  await expect(page.locator(`[data-testid="product-row"][data-code="${serviceCode}"]`)).toContainText("12 months of service");
  await shoot(page, "products");

  // ── a contract with two items, activated ──
  await page.goto(`/companies/${company.id}?tab=contracts`);
  const contractsPanel = page.getByTestId("panel-contracts");
  await expect(contractsPanel.getByText("No contracts yet")).toBeVisible();
  await shoot(page, "contracts-empty");
  await contractsPanel.getByTestId("contract-new").click();
  const contractForm = page.getByTestId("contract-form");
  const number = `C-${token}`;
  await contractForm.getByTestId("contract-number").fill(number);
  await contractForm.getByTestId("contract-title").fill("Pumps with support");
  await choose(page, contractForm.getByTestId("contract-currency"), "EUR", /^EUR/);
  const today = await page.evaluate(() => {
    const now = new Date();
    return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
  });
  await contractForm.getByTestId("contract-start-on").fill(today);
  await contractForm.getByTestId("contract-form-submit").click();
  await expect(contractForm).toBeHidden();
  const detail = page.getByTestId("contract-detail");
  await expect(detail.getByTestId("contract-heading")).toContainText(number);
  await expect(detail.getByTestId("items-empty")).toBeVisible();

  for (const [code, quantity] of [
    [serviceCode, "2"],
    [goodsCode, "4"],
  ] as const) {
    await detail.getByTestId("item-new").click();
    const itemForm = page.getByTestId("item-form");
    await choose(page, itemForm.getByTestId("item-product"), code, new RegExp(`^${code} ·`));
    // The price comes from the product's list price in the contract's currency.
    await expect(itemForm.getByTestId("item-unit-price")).toHaveValue(code === serviceCode ? "1200.00" : "250.00");
    await itemForm.getByTestId("item-quantity").fill(quantity);
    await itemForm.getByTestId("item-form-submit").click();
    await expect(itemForm).toBeHidden();
  }
  await expect(detail.getByTestId("contract-item")).toHaveCount(2);
  await expect(detail.getByTestId("contract-value")).toContainText("€3,400.00");
  await detail.getByTestId("contract-to-active").click();
  await page.getByRole("dialog").getByRole("button", { name: "Activate" }).click();
  await expect(detail.getByTestId("contract-status")).toHaveText("Active");
  await shoot(page, "contract-detail");

  // ── a second browser on the same card: receivables, service items and value loaded (all empty) ──
  const other = await openAs(user, `/companies/${company.id}?tab=receivables`);
  await expectShell(other.page);
  const otherReceivables = other.page.getByTestId("panel-receivables");
  await expect(otherReceivables.getByText("Nothing invoiced yet")).toBeVisible();
  const otherService = await openTab(other.page, "service-items");
  await expect(otherService.getByText("No service items")).toBeVisible();
  const otherValue = await openTab(other.page, "value");
  await expect(otherValue.getByText("No revenue yet")).toBeVisible();
  await expect(other.page.getByTestId("header-revenue")).toContainText("—");
  await other.page.getByTestId("tab-receivables").click();

  // ── fulfil one of the two support plans ──
  const serviceRow = detail.locator(`[data-testid="contract-item"][data-product="${serviceCode}"]`);
  await serviceRow.getByTestId("item-fulfil").click();
  const fulfilForm = page.getByTestId("fulfil-form");
  await expect(fulfilForm.getByTestId("fulfil-quantity")).toHaveValue("2");
  await fulfilForm.getByTestId("fulfil-quantity").fill("1");
  await expect(fulfilForm.getByTestId("fulfil-amount")).toContainText("€1,200.00");
  await fulfilForm.getByTestId("fulfil-form-submit").click();
  await expect(fulfilForm).toBeHidden();
  await expect(serviceRow.getByTestId("item-fulfilled")).toHaveText("1 of 2");

  // The other browser shows it without a reload: header, receivables, service item, value.
  await expect(other.page.getByTestId("header-revenue")).toContainText("€1,200.00");
  await expect(other.page.getByTestId("header-receivables")).toContainText("€1,200.00");
  await expect(otherReceivables.getByTestId("ar-open")).toContainText("€1,200.00");
  await expect(otherReceivables.getByTestId("invoice-row")).toHaveCount(1);
  await other.page.getByTestId("tab-service-items").click();
  await expect(otherService.getByTestId("service-item")).toHaveCount(1);
  await expect(otherService.getByTestId("service-item")).toContainText(`Support plan ${token}`);
  await expect(otherService.getByTestId("service-item-state")).toHaveText("Active");
  await other.page.getByTestId("tab-value").click();
  await expect(otherValue.getByTestId("value-revenue-12m")).toContainText("€1,200.00");
  await expect(otherValue.getByTestId("value-segment")).not.toHaveText("No purchases yet");
  await expect(otherValue.getByTestId("value-trends-chart")).toBeVisible();
  // Back on its Receivables tab, the other browser follows the next changes as they happen.
  await other.page.getByTestId("tab-receivables").click();

  // ── bad input: more than remains → the server's field error, nothing changed ──
  const invoicesBefore = await adminApi.get<{ items: Invoice[] }>(`/api/companies/${company.id}/invoices`);
  await serviceRow.getByTestId("item-fulfil").click();
  await fulfilForm.getByTestId("fulfil-quantity").fill("5");
  await fulfilForm.getByTestId("fulfil-form-submit").click();
  await expect(fulfilForm.getByText(/only 1(\.0+)? of this item is still to be fulfilled/)).toBeVisible();
  await shoot(page, "fulfil-error");
  await fulfilForm.getByTestId("fulfil-form-cancel").click();
  const afterBad = await adminApi.get<Contract>(
    `/api/companies/${company.id}/contracts/${(await contractOf(adminApi, company.id, number)).id}`,
  );
  expect(afterBad.items.find((item) => item.productCode === serviceCode)!.fulfilledQuantity).toBe("1.000");
  expect((await adminApi.get<{ items: Invoice[] }>(`/api/companies/${company.id}/invoices`)).items).toHaveLength(
    invoicesBefore.items.length,
  );

  // ── a double click fulfils once ──
  const goodsRow = detail.locator(`[data-testid="contract-item"][data-product="${goodsCode}"]`);
  await goodsRow.getByTestId("item-fulfil").click();
  await fulfilForm.getByTestId("fulfil-quantity").fill("2");
  await fulfilForm.getByTestId("fulfil-form-submit").dblclick();
  await expect(fulfilForm).toBeHidden();
  await expect(goodsRow.getByTestId("item-fulfilled")).toHaveText("2 of 4");
  const afterDouble = await adminApi.get<Contract>(`/api/companies/${company.id}/contracts/${afterBad.id}`);
  expect(afterDouble.items.find((item) => item.productCode === goodsCode)!.fulfilledQuantity).toBe("2.000");
  await expect(other.page.getByTestId("header-revenue")).toContainText("€1,700.00");
  await expect(otherReceivables.getByTestId("ar-open")).toContainText("€1,700.00");

  // ── a payment applied oldest first ──
  await page.getByTestId("tab-receivables").click();
  const receivablesPanel = page.getByTestId("panel-receivables");
  await expect(receivablesPanel.getByTestId("invoice-row")).toHaveCount(2);
  await expect(receivablesPanel.getByTestId("ar-aging-chart")).toBeVisible();
  await receivablesPanel.getByTestId("payment-new").click();
  const paymentForm = page.getByTestId("payment-form");
  await paymentForm.getByTestId("payment-amount").fill("1300");
  await paymentForm.getByTestId("payment-auto").click();
  await expect(paymentForm.getByTestId("payment-rest")).toContainText("left on account €0.00");
  await paymentForm.getByTestId("payment-reference").fill(`Bank ${token}`);
  await paymentForm.getByTestId("payment-form-submit").click();
  await expect(paymentForm).toBeHidden();
  await expect(receivablesPanel.getByTestId("ar-open")).toContainText("€400.00");
  await expect(receivablesPanel.getByTestId("payment-row")).toHaveCount(1);
  await expect(otherReceivables.getByTestId("ar-open")).toContainText("€400.00");
  await expect(other.page.getByTestId("header-receivables")).toContainText("€400.00");
  const receivables = await adminApi.get<Receivables>(`/api/companies/${company.id}/receivables`);
  expect(receivables.currencies.find((entry) => entry.currency === "EUR")!.open).toBe("400.00");
  await shoot(page, "receivables");

  // Paying more than an invoice's outstanding amount: the row says so, nothing is recorded.
  await receivablesPanel.getByTestId("payment-new").click();
  await paymentForm.getByTestId("payment-amount").fill("900");
  await paymentForm.getByTestId("payment-apply").first().fill("900");
  await paymentForm.getByTestId("payment-form-submit").click();
  await expect(paymentForm.getByText(/is more than the .* outstanding/)).toBeVisible();
  await paymentForm.getByTestId("payment-form-cancel").click();
  expect((await adminApi.get<{ items: unknown[] }>(`/api/companies/${company.id}/payments`)).items).toHaveLength(1);

  await page.getByTestId("tab-service-items").click();
  await shoot(page, "service-items");
  await page.getByTestId("tab-value").click();
  await expect(page.getByTestId("panel-value").getByTestId("value-score")).toBeVisible();
  await shoot(page, "value");
});

async function contractOf(api: { get<T>(path: string): Promise<T> }, companyId: string, number: string): Promise<Contract> {
  const list = await api.get<{ items: Contract[] }>(`/api/companies/${companyId}/contracts`);
  return list.items.find((contract) => contract.number === number)!;
}

test("the money tabs show loading and error states, and an empty client reads as such", async ({ page, adminApi }) => {
  const user = await adminApi.createUser({ role: "administrator" });
  const company = await adminApi.createCompany({ name: unique("Quiet client") });
  await signIn(page, user, "/");
  await expectShell(page);

  // Loading: the receivables answer is held back until the screenshot is taken.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(`**/api/companies/${company.id}/receivables*`, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`/companies/${company.id}?tab=receivables`);
  const panel = page.getByTestId("panel-receivables");
  await expect(panel.getByRole("status").first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("screens/contracts-receivables-loading.png"), fullPage: true });
  release();
  await expect(panel.getByText("Nothing invoiced yet")).toBeVisible();
  await page.unroute(`**/api/companies/${company.id}/receivables*`);

  // Error: the service items fail until the server is back; retrying then shows the empty list.
  let failing = true;
  await page.route(`**/api/companies/${company.id}/service-items`, async (route) => {
    if (failing)
      await route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ code: "unavailable", message: "down" }) });
    else await route.continue();
  });
  await page.getByTestId("tab-service-items").click();
  const service = page.getByTestId("panel-service-items");
  const retry = service.getByRole("button", { name: /try again|retry/i });
  await expect(retry).toBeVisible({ timeout: 15_000 });
  await shoot(page, "service-items-error");
  failing = false;
  await retry.click();
  await expect(service.getByText("No service items")).toBeVisible();

  await page.getByTestId("tab-value").click();
  await expect(page.getByTestId("panel-value").getByText("No revenue yet")).toBeVisible();
  await expect(page.getByTestId("panel-value").getByTestId("value-segment")).toHaveText("No purchases yet");
  await shoot(page, "value-empty");
});
