// First run with demo data, on a server of its own (the shared one must start empty): the setup
// page's "Fill with demo data" creates the administrator, loads the demo scale and lands in a
// populated CRM — companies in three languages, a client card with its contacts and its tasks.
import { expect, test } from "@playwright/test";
import { en } from "../support/i18n";
import { screens } from "../support/screens";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startServer({ log: () => undefined });
});
test.afterAll(async () => server?.stop());

test("the setup page fills a new installation with demo data on request", async ({ page }) => {
  test.setTimeout(120_000);
  const password = "demo data passphrase 42";
  await page.goto(`${server.baseURL}/`);
  await expect(page).toHaveURL(/\/setup$/);
  await page.getByRole("textbox", { name: en("setup.name"), exact: true }).fill("Demo Admin");
  await page.getByRole("textbox", { name: en("auth.email"), exact: true }).fill("demo-admin@example.test");
  await page.getByRole("textbox", { name: en("auth.password"), exact: true }).fill(password);
  await page.getByRole("textbox", { name: en("setup.confirmPassword"), exact: true }).fill(password);
  await page.getByRole("checkbox", { name: en("setup.demoData") }).check();
  await page.getByRole("button", { name: en("setup.submit") }).click();
  // While it loads, the page says what it is doing; then the administrator is signed in.
  await expect(page.getByRole("status").filter({ hasText: en("setup.demoLoading") })).toBeVisible();
  await expect(page.getByRole("heading", { name: en("home.greeting", { name: "Demo Admin" }) })).toBeVisible({ timeout: 60_000 });

  await page.goto(`${server.baseURL}/companies`);
  await expect(page.getByText(en("components:list.count_other", { formatted: "400" }))).toBeVisible();
  const rows = page.getByTestId("companies-row");
  await expect(rows.first()).toBeVisible();
  await screens(page, "demo-companies");
  // Names in Chinese, Swedish and English among them (search finds each kind).
  for (const [q, pattern] of [
    ["有限公司", /有限公司/],
    ["AB", / AB/],
    ["Ltd", / Ltd/],
  ] as const) {
    await page.getByTestId("companies-search").fill(q);
    await expect(rows.first()).toContainText(pattern);
  }
  // A client card opens; its people report to someone in the same company.
  await page.getByTestId("companies-search").fill("有限公司");
  await rows.first().click();
  await expect(page).toHaveURL(/\/companies\/[0-9a-f-]{36}/);
  const companyId = /\/companies\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  const chart = await page.request.get(`${server.baseURL}/api/companies/${companyId}/org-chart`);
  expect(chart.ok()).toBe(true);
  const nodes = ((await chart.json()) as { nodes: { id: string; reportsToId: string | null }[] }).nodes;
  expect(nodes.length).toBeGreaterThan(0);
  const ids = new Set(nodes.map((node) => node.id));
  expect(nodes.every((node) => node.reportsToId === null || ids.has(node.reportsToId))).toBe(true);

  // The staff have tasks about their clients: a card's Tasks tab lists the open ones.
  const companies = await page.request.get(`${server.baseURL}/api/companies?limit=50&sort=name`);
  let withTasks: { id: string; title: string } | undefined;
  for (const company of ((await companies.json()) as { items: { id: string }[] }).items) {
    const tasks = await page.request.get(`${server.baseURL}/api/companies/${company.id}/tasks?status=open`);
    const first = ((await tasks.json()) as { items: { title: string }[] }).items[0];
    if (first) {
      withTasks = { id: company.id, title: first.title };
      break;
    }
  }
  expect(withTasks).toBeDefined();
  await page.goto(`${server.baseURL}/companies/${withTasks!.id}?tab=tasks`);
  await expect(page.getByTestId("company-task-list").getByTestId("task-row").filter({ hasText: withTasks!.title }).first()).toBeVisible();
  await screens(page, "demo-company-tasks");
});
