/// <reference lib="dom" />
// (b) An administrator creates a sales rep through the Users screen; the sales rep signs in (a
// new browser) and sees only what the role allows: no Administration in the navigation, admin
// addresses show a forbidden or not-found state, another team's company is neither listed nor
// opens, while their own team's company does.
import type { Page } from "@playwright/test";
import { admin, unique, uniqueEmail, userPassword, type User } from "../support/api";
import { expectAccessible } from "../support/axe";
import { expect, expectShell, newAppContext, signIn, test } from "../support/fixtures";
import { en } from "../support/i18n";
import { screens, settle } from "../support/screens";

const adminScreens = ["/admin/users", "/admin/roles", "/admin/teams", "/admin/org-units", "/admin/sessions", "/admin/audit"];

/** Picks `label` in a Mantine Select/MultiSelect (the input carries the data-testid). */
async function choose(page: Page, testId: string, label: string): Promise<void> {
  const input = page.getByTestId(testId);
  await input.click();
  if (await input.isEditable()) await input.fill(label);
  await page.getByRole("option", { name: label, exact: true }).click();
}

/** Whether the screen says "forbidden" or "not found" (rather than showing the admin screen). */
async function isRefused(page: Page): Promise<boolean> {
  const refused = page
    .getByTestId("forbidden")
    .or(page.getByText(en("error.forbidden")))
    .or(page.getByText(en("notFound.title")));
  await expect(refused.or(page.locator("#main h2")).first()).toBeVisible();
  await settle(page);
  return refused.first().isVisible();
}

test("a sales rep created on the Users screen sees only what the role allows", async ({ page, adminApi, browser, pageErrors }) => {
  test.slow();
  const ownTeam = await adminApi.createTeam(unique("Rep team"));
  const otherTeam = await adminApi.createTeam(unique("Other team"));
  const rep = { name: unique("Rita Rep"), email: uniqueEmail("rita"), password: userPassword };
  let created: User | undefined;

  await test.step("the administrator creates the sales rep on the Users screen", async () => {
    await signIn(page, admin, "/admin/users");
    await expectShell(page);
    await page.getByTestId("create-user").click();
    const form = page.getByTestId("user-form");
    await expect(form).toBeVisible();
    await form.getByTestId("field-name").fill(rep.name);
    await form.getByTestId("field-email").fill(rep.email);
    await form.getByTestId("field-password").fill(rep.password);
    await choose(page, "field-roleId", "Sales rep");
    await choose(page, "field-teamIds", ownTeam.name);
    await page.keyboard.press("Escape"); // close the multi-select's dropdown
    await expectAccessible(page, { name: "new user dialog" });
    await screens(page, "user-create-dialog");
    const post = page.waitForResponse(
      (response) => response.request().method() === "POST" && new URL(response.url()).pathname === "/api/users",
    );
    await form.getByTestId("user-form-submit").click();
    expect((await post).status()).toBe(201);
    await expect(form).toBeHidden();

    await page.getByTestId("users-search").fill(rep.email);
    await expect(page.getByTestId("users-row").filter({ hasText: rep.name })).toBeVisible();
    const users = await adminApi.get<{ items: User[] }>("/api/users", { q: rep.email });
    created = users.items.find((user) => user.email === rep.email);
    expect(created, "the new user exists").toBeDefined();
    expect(created!.roleId).toBe(await adminApi.roleId("sales_rep"));
    expect(created!.teamIds).toEqual([ownTeam.id]);
  });

  const token = unique("Access");
  const own = await adminApi.createCompany({ name: `${token} Own team AB`, ownerId: created!.id, teamId: ownTeam.id });
  const foreign = await adminApi.createCompany({ name: `${token} Other team AB`, teamId: otherTeam.id });

  // A new browser: the sales rep signs in with the form.
  const context = await newAppContext(browser);
  try {
    const repPage = await context.newPage();
    repPage.on("pageerror", (error) => pageErrors.push(`${repPage.url()}: uncaught ${error.name}: ${error.message}`));
    await repPage.goto("/sign-in");
    await repPage.getByRole("textbox", { name: en("auth.email"), exact: true }).fill(rep.email);
    await repPage.getByRole("textbox", { name: en("auth.password"), exact: true }).fill(rep.password);
    await repPage.getByRole("button", { name: en("auth.signIn") }).click();
    await expect(repPage).toHaveURL(/\/$/);
    await expectShell(repPage);
    await expect(repPage.getByRole("heading", { name: en("home.greeting", { name: rep.name }) })).toBeVisible();

    await test.step("no Administration in the navigation", async () => {
      const nav = repPage.getByRole("navigation", { name: en("nav.label") });
      await expect(nav.getByRole("link", { name: en("nav.companies") })).toBeVisible();
      const adminItems = ["nav.users", "nav.roles", "nav.teams", "nav.orgUnits", "nav.sessions", "nav.audit"].map((key) => en(key));
      const shown: string[] = [];
      for (const label of adminItems) if ((await nav.getByRole("link", { name: label, exact: true }).count()) > 0) shown.push(label);
      const group = await repPage.getByRole("navigation", { name: en("nav.group.admin") }).count();
      expect
        .soft({ administrationGroup: group, adminItems: shown }, "a sales rep sees no Administration navigation")
        .toEqual({ administrationGroup: 0, adminItems: [] });
      await expectAccessible(repPage, { name: "home (sales rep)", schemes: ["light"] });
      await screens(repPage, "home-sales-rep");
    });

    await test.step("admin addresses show a forbidden or not-found state", async () => {
      const opened: string[] = [];
      for (const path of adminScreens) {
        await repPage.goto(path);
        await expectShell(repPage);
        if (!(await isRefused(repPage))) opened.push(path);
      }
      expect.soft(opened, `admin screens a sales rep could open: ${opened.join(", ")}`).toEqual([]);
      await repPage.goto("/admin/roles");
      await expect(
        repPage
          .getByTestId("forbidden")
          .or(repPage.getByText(en("notFound.title")))
          .first(),
      ).toBeVisible();
      await expectAccessible(repPage, { name: "forbidden admin screen" });
    });

    await test.step("another team's company is not listed; their own team's is", async () => {
      await repPage.goto(`/companies?q=${encodeURIComponent(token)}`);
      await expectShell(repPage);
      const rows = repPage.getByTestId("companies-row");
      await expect(rows.filter({ hasText: own.name })).toBeVisible();
      await expect(rows).toHaveCount(1);
      await expect(rows.filter({ hasText: foreign.name })).toHaveCount(0);
      await expectAccessible(repPage, { name: "companies (sales rep)", schemes: ["light"] });
    });

    await test.step("another team's company shows not found by its address; their own opens", async () => {
      await repPage.goto(`/companies/${foreign.id}`);
      await expectShell(repPage);
      await expect(repPage.getByTestId("company-not-found")).toBeVisible();
      await expect(repPage.getByText(foreign.name)).toHaveCount(0);

      await repPage.goto(`/companies/${own.id}`);
      await expect(repPage.getByTestId("company-title")).toHaveText(own.name);
    });

    await test.step("and the API agrees", async () => {
      expect((await repPage.request.get(`/api/companies/${foreign.id}`)).status()).toBe(404);
      expect((await repPage.request.get(`/api/companies/${own.id}`)).status()).toBe(200);
      expect((await repPage.request.get("/api/roles")).status()).toBe(403);
    });
  } finally {
    await context.close();
  }
});
