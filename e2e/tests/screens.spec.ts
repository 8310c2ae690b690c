/// <reference lib="dom" />
// A tour of every screen: each is checked with axe in the light and the dark theme, shows no raw
// message keys, and is photographed at desktop and phone size (e2e/test-results/screens/).
// (Sign-in and setup get the same checks in first-run.spec.ts.)
import type { Page } from "@playwright/test";
import { type Api, unique } from "../support/api";
import { expectAccessible } from "../support/axe";
import { expect, expectShell, signIn, test } from "../support/fixtures";
import { findRawKeys } from "../support/i18n";
import { screens, settle } from "../support/screens";

/** The checks every screen gets, once its content is there. */
async function checkScreen(page: Page, name: string): Promise<void> {
  await expect(page.locator("#main h2, #main h1").first()).toBeVisible();
  await settle(page);
  const raw = await findRawKeys(page);
  expect.soft(raw.map((r) => r.text), `message keys shown instead of text on ${name}`).toEqual([]);
  await expectAccessible(page, { name });
  await screens(page, name);
}

type Screen = {
  name: string;
  /** Arranges data and returns the address to open. */
  path: (api: Api) => Promise<string>;
  /** Waits for the screen's content. */
  ready: (page: Page) => Promise<void>;
  then?: (page: Page) => Promise<void>;
};

const tour: Screen[] = [
  { name: "home", path: async () => "/", ready: (page) => expect(page.locator("#main h2").first()).toBeVisible() },
  {
    name: "companies",
    path: async (api) => (await api.createCompany({ name: unique("Tour list AB") }), "/companies"),
    ready: (page) => expect(page.getByTestId("companies-row").first()).toBeVisible(),
  },
  {
    name: "company",
    path: async (api) => {
      const team = await api.createTeam();
      const company = await api.createCompany({ name: unique("Tour AB"), teamId: null });
      await api.patch(`/api/companies/${company.id}`, { name: `${company.name} (renamed)`, teamId: team.id }, company.version);
      return `/companies/${company.id}`;
    },
    ready: (page) => expect(page.getByTestId("company-title")).toContainText("(renamed)"),
    then: async (page) => {
      await page.getByTestId("tab-history").click();
      await expect(page.getByTestId("panel-history")).toBeVisible();
      await checkScreen(page, "company-history");
    },
  },
  { name: "profile-admin", path: async () => "/profile", ready: (page) => expect(page.getByTestId("profile-language").or(page.locator("form")).first()).toBeVisible() },
  { name: "admin-users", path: async () => "/admin/users", ready: (page) => expect(page.getByTestId("users-row").first()).toBeVisible() },
  {
    name: "admin-user",
    path: async (api) => `/admin/users/${(await api.createUser({ role: "sales_rep", teamIds: [(await api.createTeam()).id] })).id}`,
    ready: (page) => expect(page.getByTestId("user-status").first()).toBeVisible(),
  },
  { name: "admin-roles", path: async () => "/admin/roles", ready: (page) => expect(page.getByTestId("role-row").first()).toBeVisible() },
  { name: "admin-role", path: async (api) => `/admin/roles/${await api.roleId("sales_rep")}`, ready: (page) => expect(page.getByTestId("permission-matrix").first()).toBeVisible() },
  { name: "admin-teams", path: async (api) => (await api.createTeam(), "/admin/teams"), ready: (page) => expect(page.getByTestId("team-row").first()).toBeVisible() },
  { name: "admin-org-units", path: async () => "/admin/org-units", ready: (page) => expect(page.getByTestId("create-org-unit")).toBeVisible() },
  { name: "admin-sessions", path: async () => "/admin/sessions", ready: (page) => expect(page.getByTestId("session-row").first()).toBeVisible() },
  { name: "admin-audit", path: async () => "/admin/audit", ready: (page) => expect(page.getByTestId("audit-entry").first()).toBeVisible() },
];

for (const screen of tour) {
  test(`screen: ${screen.name}`, async ({ page, adminApi }) => {
    test.setTimeout(90_000);
    const user = await adminApi.createUser({ role: "administrator" });
    const path = await screen.path(adminApi);
    await signIn(page, user, path);
    await expectShell(page);
    await screen.ready(page);
    await checkScreen(page, screen.name);
    await screen.then?.(page);
  });
}

test("screen: not found", async ({ page, adminApi }) => {
  await signIn(page, await adminApi.createUser({ role: "administrator" }), "/no/such/page");
  await expect(page.getByRole("heading", { level: 2 }).first()).toBeVisible();
  await expectAccessible(page, { name: "not found" });
  await screens(page, "not-found", ["desktop"]);
});
