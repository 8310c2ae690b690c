/// <reference lib="dom" />
// A tour of every screen: each is checked with axe in the light and the dark theme, shows no raw
// message keys, and is photographed at desktop and phone size (e2e/test-results/screens/).
// The tour moves through the navigation like a person (no reload between screens).
// (Sign-in and setup get the same checks in first-run.spec.ts and auth.spec.ts.)
import type { Page } from "@playwright/test";
import { unique } from "../support/api";
import { expectAccessible } from "../support/axe";
import { expect, expectShell, signIn, test } from "../support/fixtures";
import { en, findRawKeys } from "../support/i18n";
import { screens, settle } from "../support/screens";

/** The checks every screen gets, once its content is there. */
async function checkScreen(page: Page, name: string): Promise<void> {
  await test.step(`screen: ${name}`, async () => {
    await expect(page.locator("#main h2, #main h1").first()).toBeVisible();
    await settle(page);
    const raw = await findRawKeys(page);
    expect
      .soft(
        raw.map((r) => r.text),
        `message keys shown instead of text on ${name}`,
      )
      .toEqual([]);
    await expectAccessible(page, { name });
    await screens(page, name);
  });
}

const navigation = (page: Page) => page.getByRole("navigation", { name: en("nav.label") });
async function openFromNav(page: Page, labelKey: string, url: RegExp): Promise<void> {
  await navigation(page)
    .getByRole("link", { name: en(labelKey), exact: true })
    .click();
  await expect(page).toHaveURL(url);
}

test("tour of the work screens: home, companies, a company and its history, profile, not found", async ({ page, adminApi }) => {
  test.setTimeout(150_000);
  const user = await adminApi.createUser({ role: "administrator" });
  const team = await adminApi.createTeam();
  const company = await adminApi.createCompany({ name: unique("Tour AB"), teamId: null });
  const renamed = `${company.name} (renamed)`;
  await adminApi.patch(`/api/companies/${company.id}`, { name: renamed, teamId: team.id }, company.version);

  await signIn(page, user);
  await expectShell(page);
  await expect(page.getByTestId("recent-companies")).toBeVisible();
  await checkScreen(page, "home");

  await openFromNav(page, "nav.companies", /\/companies$/);
  await expect(page.getByTestId("companies-row").first()).toBeVisible();
  await checkScreen(page, "companies");

  await page.getByTestId("companies-search").fill(renamed);
  await page.getByTestId("companies-row").filter({ hasText: renamed }).getByTestId("company-link").click();
  await expect(page.getByTestId("company-title")).toHaveText(renamed);
  await checkScreen(page, "company");
  await page.getByTestId("tab-history").click();
  await expect(page.getByTestId("panel-history")).toBeVisible();
  await checkScreen(page, "company-history");

  await page.getByTestId("user-menu").click();
  await page.getByRole("menuitem", { name: en("userMenu.profile") }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await checkScreen(page, "profile");

  await page.goto("/no/such/page");
  await expect(page.getByRole("heading", { name: en("notFound.title") })).toBeVisible();
  await expectAccessible(page, { name: "not found" });
  await screens(page, "not-found", ["desktop"]);
});

test("tour of the admin screens: users, a user, roles, a role, teams, org units, sessions, audit log", async ({ page, adminApi }) => {
  test.setTimeout(150_000);
  const user = await adminApi.createUser({ role: "administrator" });
  const team = await adminApi.createTeam(unique("Tour team"));
  const rep = await adminApi.createUser({ role: "sales_rep", name: unique("Tour Rep"), teamIds: [team.id] });
  await signIn(page, user, "/admin");
  await expectShell(page);

  await expect(page).toHaveURL(/\/admin\/users/);
  await expect(page.getByTestId("users-row").first()).toBeVisible();
  await checkScreen(page, "admin-users");
  await page.getByTestId("users-search").fill(rep.email);
  await page.getByTestId("users-row").filter({ hasText: rep.name }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/users/${rep.id}`));
  await expect(page.getByTestId("user-status").first()).toBeVisible();
  await checkScreen(page, "admin-user");

  await openFromNav(page, "nav.roles", /\/admin\/roles$/);
  await expect(page.getByTestId("role-row").first()).toBeVisible();
  await checkScreen(page, "admin-roles");
  await page.locator('[data-testid="role-row"][data-role-key="sales_rep"]').getByRole("link").first().click();
  await expect(page).toHaveURL(/\/admin\/roles\/[0-9a-f-]{36}/);
  await expect(page.getByTestId("permission-matrix").first()).toBeVisible();
  await checkScreen(page, "admin-role");

  await openFromNav(page, "nav.teams", /\/admin\/teams$/);
  await expect(page.getByTestId("team-row").first()).toBeVisible();
  await checkScreen(page, "admin-teams");

  await openFromNav(page, "nav.orgUnits", /\/admin\/org-units$/);
  await expect(page.getByTestId("create-org-unit")).toBeVisible();
  await checkScreen(page, "admin-org-units");

  await openFromNav(page, "nav.sessions", /\/admin\/sessions/);
  await checkScreen(page, "admin-sessions");

  await openFromNav(page, "nav.audit", /\/admin\/audit/);
  await expect(page.getByTestId("audit-entry").first()).toBeVisible();
  await checkScreen(page, "admin-audit");
});
