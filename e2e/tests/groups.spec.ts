/// <reference lib="dom" />
// Corporate groups: a 3-level group across 4 countries built through the API, seen on the Group
// tab by legal structure and by country (search, fold, export); a parent that would make a cycle
// refused on its field; the integrated view with its views by dimension; and a subsidiary moved
// through the UI while a second page shows the group's figures change live, without a reload.
import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { unique, type Api, type Company } from "../support/api";
import { expectAccessible } from "../support/axe";
import { expect, expectShell, signIn, test } from "../support/fixtures";
import { en } from "../support/i18n";
import { expectNoHorizontalScroll } from "../support/layout";
import { phone, screens } from "../support/screens";

type Link = { id: string; parentId: string; current: boolean; version: number };
type Figures = { companies: number; figures: { key: string; total: number }[] };

/** PUT /api/companies/:id/parent as another user would (If-Match: the highest version of the company's links). */
async function setParent(api: Api, companyId: string, parentId: string, relation: string, share: number | null): Promise<void> {
  const links = (await api.get<{ items: Link[] }>(`/api/companies/${companyId}/links`)).items;
  const version = links.reduce((highest, link) => Math.max(highest, link.version), 0);
  const csrf = await api.refreshCsrf();
  const response = await api.context.fetch(`/api/companies/${companyId}/parent`, {
    method: "PUT",
    headers: { accept: "application/json", "x-csrf-token": csrf, "if-match": `"${version}"` },
    data: { parentId, relation, share },
  });
  expect(response.status(), await response.text()).toBe(200);
}

async function addContact(api: Api, companyId: string, lastName: string, fn: string): Promise<void> {
  await api.post("/api/contacts", { companyId, firstName: "Test", lastName, function: fn, ignoreDuplicates: true });
}

const contactsTotal = async (api: Api, companyId: string) =>
  (await api.get<Figures>(`/api/companies/${companyId}/group/figures`)).figures.find((figure) => figure.key === "contacts")?.total;

/** Marks the document; the mark is gone if the page reloads. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __e2eMark: boolean }).__e2eMark = true));
}
const sameDocument = (page: Page) => page.evaluate(() => (window as unknown as { __e2eMark?: boolean }).__e2eMark === true);

type Group = { holding: Company; nordic: Company; germany: Company; austria: Company; other: Company; token: string };

/** Holding (SE) → Nordic (NO) 100 %, Holding → Deutschland (DE) 75 % → Österreich (AT) 60 %; a second holding (FI) to move into. */
async function buildGroup(api: Api): Promise<Group> {
  const token = unique("Grp").replace(/\s+/g, "");
  const make = (name: string, country: string) =>
    api.post<Company>("/api/companies", { name: `${token} ${name}`, country, ignoreDuplicates: true });
  const holding = await make("Holding AB", "SE");
  const nordic = await make("Norge AS", "NO");
  const germany = await make("Deutschland GmbH", "DE");
  const austria = await make("Österreich GmbH", "AT");
  const other = await make("Suomi Oy", "FI");
  await setParent(api, nordic.id, holding.id, "subsidiary", 100);
  await setParent(api, germany.id, holding.id, "subsidiary", 75);
  await setParent(api, austria.id, germany.id, "subsidiary", 60);
  await addContact(api, holding.id, "Holm", "executive");
  await addContact(api, nordic.id, "Nord", "it");
  await addContact(api, germany.id, "Deutsch", "finance");
  await addContact(api, austria.id, "Wien", "it");
  await addContact(api, austria.id, "Graz", "finance");
  return { holding, nordic, germany, austria, other, token };
}

const chart = (page: Page) => page.getByTestId("structure-chart");
const companyCard = (page: Page, company: Company) => chart(page).locator(`[data-testid="chart-company"][data-company="${company.id}"]`);

/** Picks an option of a Mantine select by typing into it and choosing the option with this text. */
async function choose(page: Page, testId: string, text: string): Promise<void> {
  const input = page.getByTestId(testId);
  await input.click();
  if (await input.isEditable()) await input.fill(text);
  await page.getByRole("option", { name: text }).first().click();
}

/** Picks an arrangement of the Group tab (segmented control on a desktop, a select on a phone). */
async function openModeOf(page: Page, mode: string): Promise<void> {
  const control = page.getByTestId("group-mode");
  if ((await control.evaluate((element) => element.tagName)) === "INPUT") await choose(page, "group-mode", en(`groups:mode.${mode}`));
  else await control.getByText(en(`groups:mode.${mode}`), { exact: true }).click();
}

async function openMode(page: Page, mode: string): Promise<void> {
  await openModeOf(page, mode);
  await expect(chart(page)).toHaveAttribute("data-mode", mode);
}

test("a 3-level group across 4 countries: by legal structure and by country, searched and exported", async ({ page, adminApi }) => {
  test.slow();
  const user = await adminApi.createUser({ role: "administrator" });
  const group = await buildGroup(adminApi);
  await signIn(page, user, `/companies/${group.germany.id}?tab=group`);
  await expectShell(page);

  await test.step("legal structure: every company, the current one marked, relation and share on the lines", async () => {
    await expect(chart(page)).toHaveAttribute("data-mode", "legal");
    await expect(chart(page).getByTestId("chart-company")).toHaveCount(4);
    await expect(companyCard(page, group.germany)).toHaveAttribute("data-current", "true");
    await expect(companyCard(page, group.holding)).not.toHaveAttribute("data-current", /.*/);
    await expect(companyCard(page, group.austria)).toContainText("AT");
    await expect(companyCard(page, group.austria)).toContainText(`${en("groups:figures.contacts")}: 2`);
    // Totals roll up: Deutschland holds its own contact and Österreich's two.
    await expect(companyCard(page, group.germany)).toContainText(`${en("groups:figures.contacts")}: 3`);
    await expect(companyCard(page, group.holding)).toContainText(`${en("groups:figures.contacts")}: 5`);
    await expect(chart(page).getByText(/Subsidiary · 75\s?%/)).toBeVisible();
    await expect(chart(page).getByText(/Subsidiary · 60\s?%/)).toBeVisible();
    await expect(page.getByTestId("group-current-link")).toContainText(group.holding.name);
    await expectAccessible(page, { name: "group chart (legal structure)" });
    await screens(page, "groups-legal");
  });

  await test.step("fold and unfold a subtree", async () => {
    await companyCard(page, group.germany).locator("xpath=..").getByTestId("chart-toggle").click();
    await expect(companyCard(page, group.austria)).toHaveCount(0);
    await expect(chart(page).getByTestId("chart-company")).toHaveCount(3);
    await page.getByTestId("chart-expand-all").click();
    await expect(chart(page).getByTestId("chart-company")).toHaveCount(4);
  });

  await test.step("search: the match is highlighted and focused", async () => {
    await page.getByTestId("chart-search").fill("osterreich");
    await expect(companyCard(page, group.austria)).toHaveAttribute("data-match", "true");
    await expect(companyCard(page, group.austria)).toHaveAttribute("data-focused", "true");
    await expect(page.getByTestId("chart-search-count")).toHaveText(en("groups:chart.matchOf", { index: 1, count: 1 }));
    await expect(companyCard(page, group.holding)).not.toHaveAttribute("data-match", /.*/);
    await page.getByTestId("chart-search").fill("");
  });

  await test.step("by country: one grouping node per country, companies under theirs", async () => {
    await openMode(page, "country");
    const buckets = chart(page).getByTestId("chart-bucket-label");
    await expect(buckets).toHaveCount(4);
    for (const country of ["Sweden", "Norway", "Germany", "Austria"]) await expect(buckets.filter({ hasText: country })).toHaveCount(1);
    await expect(chart(page).getByTestId("chart-company")).toHaveCount(4);
    await expect(page).toHaveURL(/chart=country/);
    await expectAccessible(page, { name: "group chart (by country)" });
    await screens(page, "groups-by-country");
  });

  await test.step("by function: the companies under their contacts' functions", async () => {
    await openMode(page, "function");
    const buckets = chart(page).getByTestId("chart-bucket");
    await expect(buckets).toHaveCount(3);
    // Österreich has people in IT and in Finance: it appears under both.
    await expect(companyCard(page, group.austria)).toHaveCount(2);
  });

  await test.step("people: the company's contacts as an org chart", async () => {
    await openModeOf(page, "people");
    await expect(page.getByTestId("org-chart").getByTestId("org-chart-node")).toHaveCount(1);
  });

  await test.step("export the chart as SVG and PNG", async () => {
    await openMode(page, "legal");
    let downloading = page.waitForEvent("download");
    await page.getByTestId("chart-export").click();
    await page.getByTestId("chart-export-svg").click();
    const svgFile = await downloading;
    expect(svgFile.suggestedFilename()).toMatch(/-legal\.svg$/);
    const svg = await readFile((await svgFile.path())!, "utf8");
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    for (const company of [group.holding, group.nordic, group.germany, group.austria]) expect(svg).toContain(company.name);

    downloading = page.waitForEvent("download");
    await page.getByTestId("chart-export").click();
    await page.getByTestId("chart-export-png").click();
    const pngFile = await downloading;
    expect(pngFile.suggestedFilename()).toMatch(/-legal\.png$/);
    const png = await readFile((await pngFile.path())!);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length).toBeGreaterThan(2_000);
  });

  await test.step("a click on a card opens that company on its Group tab", async () => {
    await companyCard(page, group.austria).click();
    await expect(page).toHaveURL(new RegExp(`/companies/${group.austria.id}`));
    await expect(page.getByTestId("company-title")).toHaveText(group.austria.name);
    await expect(companyCard(page, group.austria)).toHaveAttribute("data-current", "true");
  });
});

test("a parent inside the company's own subtree is refused on the field, and a lone company offers to set one", async ({
  page,
  adminApi,
}) => {
  const user = await adminApi.createUser({ role: "administrator" });
  const group = await buildGroup(adminApi);
  await signIn(page, user, `/companies/${group.holding.id}?tab=group`);
  await expectShell(page);
  await expect(chart(page).getByTestId("chart-company")).toHaveCount(4);

  await page.getByTestId("group-set-parent").click();
  const dialog = page.getByTestId("parent-dialog");
  await expect(dialog).toBeVisible();
  await choose(page, "parent-company", group.austria.name);
  await expectAccessible(page, { name: "parent dialog" });
  await dialog.getByTestId("parent-form-submit").click();
  await expect(dialog.getByText(en("groups:problem.cycle"))).toBeVisible();
  await screens(page, "groups-parent-cycle", ["desktop"]);
  await dialog.getByTestId("parent-form-cancel").click();
  expect((await adminApi.get<{ items: Link[] }>(`/api/companies/${group.holding.id}/links`)).items).toEqual([]);

  await page.goto(`/companies/${group.other.id}?tab=group`);
  await expect(page.getByText(en("groups:empty.title"))).toBeVisible();
  await expect(page.getByTestId("group-empty-set-parent")).toBeVisible();
  await expectAccessible(page, { name: "group tab of a lone company" });
});

test("the integrated view rolls the group up, groups it by dimension and follows a move made through the UI live", async ({
  page,
  adminApi,
  openAs,
}) => {
  test.slow();
  const user = await adminApi.createUser({ role: "administrator" });
  const group = await buildGroup(adminApi);
  await signIn(page, user, `/companies/${group.holding.id}?tab=integrated`);
  await expectShell(page);

  const figure = (target: Page) => target.getByTestId("integrated-figure-contacts").getByTestId("integrated-figure-total");
  await test.step("figures over the whole group and the views by country and ownership", async () => {
    await expect(page.getByTestId("integrated-companies")).toHaveAttribute("data-count", "4");
    await expect(figure(page)).toHaveAttribute("data-value", "5");
    const rows = page.getByTestId("integrated-table").getByTestId("integrated-row");
    await expect(rows).toHaveCount(4);
    const austria = rows.filter({ hasText: "Austria" });
    await expect(austria.getByTestId("integrated-row-members")).toHaveText("1");
    await austria.getByTestId("integrated-row-toggle").click();
    await expect(page.getByTestId("integrated-drill").getByTestId("integrated-drill-link")).toHaveText(group.austria.name);
    await expectAccessible(page, { name: "integrated view" });
    await screens(page, "groups-integrated");

    await page.getByTestId("integrated-dimension").getByText(en("groups:dimension.ownership"), { exact: true }).click();
    await expect(page.getByTestId("integrated-table")).toHaveAttribute("data-dimension", "ownership");
    await expect(rows.filter({ hasText: en("groups:band.majority") })).toHaveCount(1);
    await page.getByTestId("integrated-dimension").getByText(en("groups:dimension.function"), { exact: true }).click();
    await expect(rows.filter({ hasText: "IT" }).getByTestId("integrated-row-members")).toHaveText("2");
  });

  // A second page (another user) watches the group's figures while the first moves a subsidiary.
  const watcherUser = await adminApi.createUser({ role: "administrator" });
  const watcher = (await openAs(watcherUser, `/companies/${group.holding.id}?tab=integrated`)).page;
  await expectShell(watcher);
  await expect(figure(watcher)).toHaveAttribute("data-value", "5");
  await markDocument(watcher);

  await test.step("move Deutschland (with Österreich below it) to the other holding through the UI", async () => {
    await page.goto(`/companies/${group.germany.id}?tab=group`);
    await expect(page.getByTestId("group-current-link")).toContainText(group.holding.name);
    await page.getByTestId("group-set-parent").click();
    const dialog = page.getByTestId("parent-dialog");
    await choose(page, "parent-company", group.other.name);
    await dialog.getByTestId("parent-share").fill("51");
    await dialog.getByTestId("parent-form-submit").click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("group-current-link")).toContainText(group.other.name);
    await expect(page.getByTestId("group-link-history").getByTestId("group-link-row")).toContainText(group.holding.name);
    await expect(companyCard(page, group.other)).toBeVisible();
    await expect(companyCard(page, group.holding)).toHaveCount(0);
  });

  await test.step("the watching page shows the smaller group without a reload", async () => {
    await expect(watcher.getByTestId("integrated-companies")).toHaveAttribute("data-count", "2");
    await expect(figure(watcher)).toHaveAttribute("data-value", "2");
    expect(await sameDocument(watcher)).toBe(true);
    expect(await contactsTotal(adminApi, group.holding.id)).toBe(2);
    expect(await contactsTotal(adminApi, group.other.id)).toBe(3);
  });

  await test.step("at phone width the chart fills the width and nothing scrolls sideways", async () => {
    await page.setViewportSize(phone);
    await expect(chart(page)).toBeVisible();
    // The "saved" notification slides out past the edge while it leaves: measure once it is gone.
    await expect(page.locator(".mantine-Notification-root")).toHaveCount(0, { timeout: 15_000 });
    await expectNoHorizontalScroll(page);
    const box = await chart(page).boundingBox();
    expect(box!.width).toBeGreaterThan(phone.width - 60);
    await expect(page.locator('input[data-testid="group-mode"]')).toBeVisible();
    await watcher.setViewportSize(phone);
    // The dimensions turn into a select at this width.
    await expect(watcher.locator('input[data-testid="integrated-dimension"]')).toBeVisible();
    await expectNoHorizontalScroll(watcher);
    await screens(watcher, "groups-integrated-moved", ["phone"]);
  });
});
