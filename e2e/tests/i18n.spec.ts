/// <reference lib="dom" />
// (d) Language switch from the user menu: afterwards no visible text on the home page, the
// companies list and an admin screen is still English (every visible text node is compared with
// the English catalogs, web/src/i18n/locales/en/*.json; only texts identical in the target
// catalog and user data are allowed), and the choice is saved on the profile (survives a reload).
import type { Page } from "@playwright/test";
import { expect, expectShell, signIn, test } from "../support/fixtures";
import { findEnglish, tr, type Locale } from "../support/i18n";
import { screens, settle } from "../support/screens";

/** The main area finished loading: a heading is shown and no skeleton is left. */
async function contentReady(page: Page): Promise<void> {
  await expect(page.locator("#main h2, #main h1").first()).toBeVisible();
  await settle(page);
}

async function expectNoEnglish(page: Page, locale: Locale, what: string, userData: string[]): Promise<void> {
  await contentReady(page);
  const findings = await findEnglish(page, locale, userData);
  const report = findings.map((f) => `  "${f.text}"  (English ${f.key})`).join("\n");
  expect(findings, `English text left on ${what} in ${locale}:\n${report}`).toEqual([]);
}

for (const locale of ["zh-CN", "sv"] as const) {
  test(`switching to ${locale} translates home, companies and an admin screen, and is saved on the profile`, async ({ page, adminApi }) => {
    const user = await adminApi.createUser({ role: "administrator" });
    const company = await adminApi.createCompany();
    // User data shown on these screens, which no catalog translates.
    const userData = [user.name, user.email, company.name, adminApi.me.name, adminApi.me.email];
    await signIn(page, user);
    await expectShell(page);

    await page.getByTestId("user-menu").click();
    await page.getByTestId(`language-${locale}`).click();
    await expect(page.locator("html")).toHaveAttribute("lang", locale);
    const nav = page.getByRole("navigation", { name: tr(locale, "nav.label") });
    await expect(nav.getByRole("link", { name: tr(locale, "nav.home") })).toBeVisible();

    await test.step("home", async () => {
      await expectNoEnglish(page, locale, "the home page", userData);
      await screens(page, `home-${locale}`, ["desktop"]);
    });
    await test.step("companies", async () => {
      await nav.getByRole("link", { name: tr(locale, "nav.companies") }).click();
      await expect(page).toHaveURL(/\/companies$/);
      await expectNoEnglish(page, locale, "the companies list", userData);
      await screens(page, `companies-${locale}`, ["desktop"]);
    });
    await test.step("an admin screen (users)", async () => {
      await nav.getByRole("link", { name: tr(locale, "nav.users") }).click();
      await expect(page).toHaveURL(/\/admin\/users/);
      await expectNoEnglish(page, locale, "the users screen", userData);
      await screens(page, `users-${locale}`, ["desktop"]);
    });

    await test.step("the choice is saved on the profile and survives a reload", async () => {
      const session = (await (await page.request.get("/api/auth/session")).json()) as { user: { locale: string } };
      expect(session.user.locale).toBe(locale);
      await page.reload();
      await expectShell(page);
      await expect(page.locator("html")).toHaveAttribute("lang", locale);
      await expectNoEnglish(page, locale, "the users screen after a reload", userData);
    });

    await test.step("and follows the user to a new browser", async () => {
      await page.context().clearCookies();
      await page.evaluate(() => localStorage.clear());
      await signIn(page, user, "/");
      await expectShell(page);
      await expect(page.locator("html")).toHaveAttribute("lang", locale);
      await expectNoEnglish(page, locale, "the home page in a new session", userData);
    });
  });
}
