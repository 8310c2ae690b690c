/// <reference lib="dom" />
// Financial health, deposit rules, dimensions and the account team: an administrator adds a line
// of business to its value list and a deposit rule; on a company sets the line of business, adds
// two statements and a credit rating, reads the trend chart and the deposit requirement with its
// reason; assigns an account manager and sees the group's coverage gaps.
import type { Locator, Page } from "@playwright/test";
import { unique, type Api } from "../support/api";
import { expectAccessible } from "../support/axe";
import { expect, expectShell, signIn, test } from "../support/fixtures";
import { en } from "../support/i18n";
import { expectNoHorizontalScroll } from "../support/layout";
import { phone, screens, settle } from "../support/screens";

type DimensionValue = { id: string; kind: string; key: string; labels: Record<string, string>; archived: boolean };
type DepositRules = { rules: { id: string; name: string }[]; version: number };
type Company = { id: string; name: string; lineOfBusiness: string | null; version: number };
type Finance = {
  statements: { fiscalYear: number; quarter: number | null; revenue: string | null; profit: string | null; currency: string }[];
  ratings: { agency: string; rating: string }[];
  deposit: {
    depositPercent: number;
    source: string;
    rule: { name: string } | null;
    checks?: { name: string; outcome: string; arCondition: string }[];
    ar?: { maxDaysOverdue: number } | null;
  };
};
type Member = { userId: string; role: string };

/** Picks `label` in a Mantine select (typing first into searchable ones); `exact: false` for options that show more (a person's email). */
async function choose(page: Page, input: Locator, label: string, exact = true): Promise<void> {
  await input.click();
  if (await input.isEditable()) await input.fill(label);
  await page.getByRole("option", { name: label, exact }).first().click();
}

/** Waits for the answer to a request (method and path) and returns its status. */
function answer(page: Page, method: string, path: RegExp) {
  return page.waitForResponse((response) => response.request().method() === method && path.test(new URL(response.url()).pathname));
}

/** A PUT through the admin's session (the shared client speaks GET/POST/PATCH/DELETE). */
async function put<T>(api: Api, path: string, body: unknown, version: number): Promise<T> {
  const response = await api.context.fetch(path, {
    method: "PUT",
    headers: { accept: "application/json", "x-csrf-token": await api.refreshCsrf(), "if-match": `"${version}"` },
    data: body,
  });
  expect(response.ok(), `PUT ${path} answered ${response.status()}: ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

test("an administrator sets up a line of business and a deposit rule, and a client's financial health shows why it pays a deposit", async ({
  page,
  adminApi,
}) => {
  test.setTimeout(240_000);
  const token = unique("x").split(" ")[1]!.toLowerCase();
  const line = { en: `Mining ${token}`, sv: `Gruvdrift ${token}`, key: `mining-${token}` };
  const ruleName = `Weak rating ${token}`;
  const user = await adminApi.createUser({ role: "administrator" });

  // The rule set is global: start from an empty one so the first matching rule is ours, whatever ran before.
  const before = await adminApi.get<DepositRules>("/api/settings/deposit-rules");
  await put(
    adminApi,
    "/api/settings/deposit-rules",
    { rules: [], default: { depositPercent: 0, collectionMethod: "transfer" } },
    before.version,
  );

  const parent = await adminApi.createCompany({ name: unique("Ore Group") });
  const subsidiary = await adminApi.createCompany({ name: unique("Ore Mining Chile") });
  // The subsidiary joins the parent's group, so the coverage view has two nodes.
  const links = await adminApi.get<{ version: number }>(`/api/companies/${subsidiary.id}/links`);
  await put(adminApi, `/api/companies/${subsidiary.id}/parent`, { parentId: parent.id, relation: "subsidiary", share: 100 }, links.version);

  await signIn(page, user, "/admin/dimensions");
  await expectShell(page);

  await test.step("add a line of business with an English and a Swedish label", async () => {
    await expect(page.getByRole("heading", { name: en("finance:dimensions.title") })).toBeVisible();
    await expect(page.getByTestId("dimension-tab-line_of_business")).toHaveAttribute("aria-selected", "true");
    const list = page.getByTestId("dimension-list-line_of_business");
    await list.getByTestId("dimension-add").click();
    const dialog = page.getByTestId("dimension-dialog");
    await dialog.getByTestId("dimension-form-submit").click();
    await expect(dialog.getByText(en("finance:dimensions.problem.englishRequired"))).toBeVisible();
    await dialog.getByTestId("dimension-label-en").fill(line.en);
    await dialog.getByTestId("dimension-label-sv").fill(line.sv);
    await expect(dialog.getByTestId("dimension-key")).toHaveValue(line.key);
    await expectAccessible(page, { name: "new dimension value dialog", schemes: ["light"] });
    const post = answer(page, "POST", /^\/api\/dimensions$/);
    await dialog.getByTestId("dimension-form-submit").click();
    expect((await post).status()).toBe(201);
    await expect(dialog).toBeHidden();
    const row = list.locator(`[data-testid="dimension-value"][data-key="${line.key}"]`);
    await expect(row.getByTestId("dimension-value-label")).toHaveText(line.en);
    await expect(row.getByText(`Svenska: ${line.sv}`)).toBeVisible();
    const values = await adminApi.get<{ items: DimensionValue[] }>("/api/dimensions", { kind: "line_of_business" });
    expect(values.items.find((value) => value.key === line.key)).toMatchObject({ labels: { en: line.en, sv: line.sv }, archived: false });
    await page.getByTestId("dimension-tab-function").click();
    // The function list starts with the functions contacts could hold before.
    await expect(page.getByTestId("dimension-list-function").locator('[data-key="procurement"]')).toBeVisible();
    await page.getByTestId("dimension-tab-line_of_business").click();
    await expectAccessible(page, { name: "dimensions" });
    await screens(page, "finance-dimensions");
  });

  await test.step("add a deposit rule: BB+ or worse pays 40 % up front", async () => {
    await page.goto("/admin/deposit-rules");
    await expect(page.getByRole("heading", { name: en("finance:depositRules.title") })).toBeVisible();
    await page.getByTestId("deposit-rule-add").first().click();
    const dialog = page.getByTestId("deposit-rule-dialog");
    await dialog.getByTestId("rule-name").fill(ruleName);
    // The range condition is preselected: BB+ to D.
    await expect(dialog.getByTestId("rule-from")).toHaveValue("BB+");
    await expect(dialog.getByTestId("rule-to")).toHaveValue("D");
    await dialog.getByTestId("rule-overdue-days").fill("30");
    await dialog.getByTestId("rule-average-days-to-pay").fill("45");
    await dialog.getByTestId("rule-percent").fill("40");
    await choose(page, dialog.getByTestId("rule-method"), en("finance:collection.prepayment"));
    await expectAccessible(page, { name: "new deposit rule dialog", schemes: ["light"] });
    await screens(page, "finance-deposit-rule-dialog");
    const saved = answer(page, "PUT", /^\/api\/settings\/deposit-rules$/);
    await dialog.getByTestId("deposit-rule-form-submit").click();
    expect((await saved).status()).toBe(200);
    await expect(dialog).toBeHidden();
    const rule = page.locator(`[data-testid="deposit-rule"][data-name="${ruleName}"]`);
    await expect(rule.getByTestId("deposit-rule-condition")).toHaveText(en("finance:depositRules.condition.scaleOrWorse", { from: "BB+" }));
    await expect(rule.getByTestId("deposit-rule-ar")).toBeVisible();
    const rules = await adminApi.get<{
      rules: { name: string; depositPercent: number; maxOverdueDays: number | null; maxAverageDaysToPay?: number | null }[];
    }>("/api/settings/deposit-rules");
    expect(rules.rules).toMatchObject([{ name: ruleName, depositPercent: 40, maxOverdueDays: 30, maxAverageDaysToPay: 45 }]);
    await expectAccessible(page, { name: "deposit rules" });
    await screens(page, "finance-deposit-rules");
  });

  await test.step("set the company's line of business on its card", async () => {
    await page.goto(`/companies/${parent.id}`);
    const form = page.getByTestId("company-form");
    await choose(page, form.getByTestId("field-lineOfBusiness"), line.en);
    const patch = answer(page, "PATCH", new RegExp(`^/api/companies/${parent.id}$`));
    await form.getByTestId("company-form-submit").click();
    expect((await patch).status()).toBe(200);
    await expect.poll(async () => (await adminApi.get<Company>(`/api/companies/${parent.id}`)).lineOfBusiness).toBe(line.key);
    await screens(page, "finance-company-line-of-business", ["desktop"]);
  });

  await test.step("the list filters by line of business", async () => {
    await page.goto(`/companies?f.lineOfBusiness=${line.key}`);
    await expect(page.getByTestId("company-link")).toHaveCount(1);
    await expect(page.getByTestId("company-link")).toHaveText(parent.name);
  });

  const panel = page.getByTestId("finance-panel");
  await test.step("add two yearly statements and see the trend", async () => {
    await page.goto(`/companies/${parent.id}?tab=finance`);
    await expect(panel).toBeVisible();
    await expect(panel.getByTestId("trend-empty")).toBeVisible();
    // No rules match an unrated company: the default applies, and the card says so.
    await expect(panel.getByTestId("deposit-reason")).toHaveText(en("finance:deposit.reason.defaultUnrated"));
    const years = [
      { year: "2023", revenue: "1 000 000", profit: "50000", equity: "300000" },
      { year: "2024", revenue: "1250000", profit: "-20000,50", equity: "280000" },
    ];
    for (const [index, figures] of years.entries()) {
      await panel.getByTestId("statement-add").first().click();
      const dialog = page.getByTestId("statement-dialog");
      await dialog.getByTestId("statement-year").fill(figures.year);
      if (index === 0) await choose(page, dialog.getByTestId("statement-currency"), "EUR · Euro");
      await dialog.getByTestId("statement-revenue").fill(figures.revenue);
      await dialog.getByTestId("statement-profit").fill(figures.profit);
      await dialog.getByTestId("statement-equity").fill(figures.equity);
      if (index === 1) await expectAccessible(page, { name: "new statement dialog", schemes: ["light"] });
      const post = answer(page, "POST", /\/financial-statements$/);
      await dialog.getByTestId("statement-form-submit").click();
      expect((await post).status()).toBe(201);
      await expect(dialog).toBeHidden();
    }
    await expect(panel.getByTestId("statement-row")).toHaveCount(2);
    const finance = await adminApi.get<Finance>(`/api/companies/${parent.id}/finance`);
    expect(finance.statements.map((statement) => [statement.fiscalYear, statement.revenue, statement.profit, statement.currency])).toEqual([
      [2023, "1000000.00", "50000.00", "EUR"],
      [2024, "1250000.00", "-20000.50", "EUR"],
    ]);

    const chart = panel.getByTestId("trend-chart");
    await expect(chart.getByTestId("trend-chart-period")).toHaveText([
      en("finance:period.year", { year: 2023 }),
      en("finance:period.year", { year: 2024 }),
    ]);
    await expect(chart.getByTestId("trend-chart-series")).toHaveCount(3);
    // The newest period's values are read out under the chart; the arrow keys move to the one before.
    const readout = chart.getByTestId("trend-chart-readout");
    await expect(readout).toHaveAttribute("data-period", "2024");
    await expect(readout.locator('[data-series="revenue"]')).toContainText("€1,250,000.00");
    await expect(readout.locator('[data-series="profit"]')).toContainText("-€20,000.50");
    await chart.getByTestId("trend-chart-plot").focus();
    await page.keyboard.press("ArrowLeft");
    await expect(readout).toHaveAttribute("data-period", "2023");
    await expect(readout.locator('[data-series="revenue"]')).toContainText("€1,000,000.00");
    // Screen readers get every value in words.
    await expect(chart.locator("svg[role=img] desc")).toContainText("€1,250,000.00");
  });

  await test.step("add a BB rating: the rule applies, and the card says why", async () => {
    await panel.getByTestId("rating-add").click();
    const dialog = page.getByTestId("rating-dialog");
    await choose(page, dialog.getByTestId("rating-value"), "BB");
    const post = answer(page, "POST", /\/credit-ratings$/);
    await dialog.getByTestId("rating-form-submit").click();
    expect((await post).status()).toBe(201);
    await expect(dialog).toBeHidden();
    await expect(panel.getByTestId("credit-rating-value")).toHaveText("BB");
    await expect(panel.getByTestId("deposit-card")).toHaveAttribute("data-source", "rule");
    await expect(panel.getByTestId("deposit-percent")).toHaveText("40%");
    await expect(panel.getByTestId("deposit-method")).toHaveText(en("finance:collection.prepayment"));
    const reason = panel.getByTestId("deposit-reason");
    await expect(reason).toContainText(ruleName);
    await expect(reason).toContainText(en("finance:agency.sp"));
    await expect(reason).toContainText("BB");
    // Its receivables conditions hold (nothing invoiced, nothing overdue); the card shows the behaviour checked.
    await expect(panel.getByTestId("deposit-ar-met")).toBeVisible();
    await expect(panel.getByTestId("deposit-ar-overdue")).toHaveText(en("finance:deposit.arOverdueDays_other", { count: 0 }));
    await expect(panel.getByTestId("deposit-ar-note")).toHaveCount(0);
    await expect(panel.getByTestId("deposit-rules-link")).toHaveAttribute("href", "/admin/deposit-rules");
    const finance = await adminApi.get<Finance>(`/api/companies/${parent.id}/finance`);
    expect(finance.deposit).toMatchObject({ depositPercent: 40, source: "rule", rule: { name: ruleName } });

    // An invoice 40 days overdue: the rule's receivables condition (at most 30 days) no longer holds,
    // the card follows at once — the default applies and the check says why.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await adminApi.post(`/api/companies/${parent.id}/invoices`, {
      currency: "EUR",
      issuedOn: day(-70),
      dueOn: day(-40),
      lines: [{ description: "Survey fee", quantity: "1", unitPrice: "900.00" }],
    });
    await expect(panel.getByTestId("deposit-card")).toHaveAttribute("data-source", "default");
    await expect(panel.getByTestId("deposit-checks")).toContainText(en("finance:deposit.check.ar_not_met", { name: ruleName }));
    await expect(panel.getByTestId("deposit-ar-share")).toHaveText(en("finance:deposit.arShare", { share: "100%" }));
    const judged = (await adminApi.get<Finance>(`/api/companies/${parent.id}/finance`)).deposit;
    expect(judged).toMatchObject({ source: "default", checks: [{ name: ruleName, outcome: "ar_not_met", arCondition: "not_met" }] });
    expect(judged.ar!.maxDaysOverdue).toBeGreaterThan(30);
    await expect(panel.getByTestId("deposit-ar-overdue")).toHaveText(
      en("finance:deposit.arOverdueDays_other", { count: judged.ar!.maxDaysOverdue }),
    );

    await settle(page);
    await expectAccessible(page, { name: "financial health" });
    await screens(page, "finance-health");
    await page.setViewportSize(phone);
    await expect(panel.getByTestId("trend-chart")).toBeVisible();
    await expectNoHorizontalScroll(page);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await test.step("assign an account manager and see the group's coverage gaps", async () => {
    await page.goto(`/companies/${parent.id}?tab=account-team`);
    const team = page.getByTestId("account-team-panel");
    const gaps = team.getByTestId("coverage-gaps");
    // Nobody is assigned anywhere yet: both companies of the group are gaps.
    await expect(gaps.getByTestId("gaps-summary")).toHaveAttribute("data-gaps", "2");
    await team.getByTestId("member-add").first().click();
    const dialog = page.getByTestId("member-dialog");
    await choose(page, dialog.getByTestId("member-user"), user.name, false);
    await choose(page, dialog.getByTestId("member-role"), en("finance:role.account_manager"));
    await expectAccessible(page, { name: "assign to account team dialog", schemes: ["light"] });
    const post = answer(page, "POST", /\/account-team$/);
    await dialog.getByTestId("member-form-submit").click();
    expect((await post).status()).toBe(201);
    await expect(dialog).toBeHidden();
    const row = team.locator(`[data-testid="member-row"][data-user="${user.id}"]`);
    await expect(row.getByTestId("member-role-badge")).toHaveText(en("finance:role.account_manager"));
    const members = await adminApi.get<{ items: Member[] }>(`/api/companies/${parent.id}/account-team`);
    expect(members.items).toMatchObject([{ userId: user.id, role: "account_manager" }]);

    // The parent is covered now; the subsidiary is the one gap, linking to its card.
    await expect(gaps.getByTestId("gaps-summary")).toHaveAttribute("data-gaps", "1");
    await expect(gaps.getByTestId("gaps-summary")).toHaveAttribute("data-companies", "2");
    await expect(gaps.getByTestId("gap-link")).toHaveText(subsidiary.name);
    await expectAccessible(page, { name: "account team" });
    await screens(page, "finance-account-team");
    await gaps.getByTestId("gap-link").click();
    await expect(page).toHaveURL(new RegExp(`/companies/${subsidiary.id}\\?tab=account-team`));
    await expect(page.getByTestId("company-title")).toHaveText(subsidiary.name);
    await expect(page.getByTestId("account-team-panel").getByText(en("finance:team.empty"))).toBeVisible();
  });
});
