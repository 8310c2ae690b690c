/// <reference lib="dom" />
// (g) The command palette: Ctrl+K opens it, it finds a company by name and opens it, and it
// jumps to screens by name.
import { unique } from "../support/api";
import { expectAccessible } from "../support/axe";
import { expect, expectShell, signIn, test } from "../support/fixtures";
import { en } from "../support/i18n";
import { screens } from "../support/screens";

test("Ctrl+K finds a company by name and opens it", async ({ page, adminApi }) => {
  const user = await adminApi.createUser({ role: "administrator" });
  const token = unique("Palette");
  const company = await adminApi.createCompany({ name: `${token} Logistics` });
  await signIn(page, user);
  await expectShell(page);

  await page.keyboard.press("Control+K");
  const search = page.getByRole("textbox", { name: en("palette.placeholder") });
  await expect(search).toBeVisible();
  await expect(search).toBeFocused();
  await search.pressSequentially(token, { delay: 10 });
  const hit = page.getByTestId("palette-hit").filter({ hasText: company.name });
  await expect(hit).toBeVisible();
  // With the keyboard: the first entry is the best hit. Checked with axe while it is selected.
  const selected = page.locator("[data-selected]").filter({ hasText: company.name });
  await expect(async () => {
    if (!(await selected.isVisible())) await page.keyboard.press("ArrowDown");
    await expect(selected).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 10_000 });
  await expectAccessible(page, { name: "command palette with a hit selected" });
  await screens(page, "palette", ["desktop"]);

  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/companies/${company.id}`));
  await expect(page.getByTestId("company-title")).toHaveText(company.name);
  await expect(search).toBeHidden();
});

test("the palette jumps to a screen by its name, and a click on a hit opens the company", async ({ page, adminApi }) => {
  const user = await adminApi.createUser({ role: "administrator" });
  const token = unique("Jump");
  const company = await adminApi.createCompany({ name: `${token} Oy` });
  await signIn(page, user);
  await expectShell(page);

  // The header's search button (its name is its text on a desktop, a label on a phone).
  await page
    .getByRole("button", { name: en("palette.open") })
    .or(page.getByRole("button", { name: en("palette.button") }))
    .filter({ visible: true })
    .first()
    .click();
  const search = page.getByRole("textbox", { name: en("palette.placeholder") });
  await search.fill(en("nav.roles"));
  await page.getByRole("button", { name: en("nav.roles"), exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/roles$/);

  await page.keyboard.press("Control+K");
  await search.fill(token);
  await page.getByTestId("palette-hit").filter({ hasText: company.name }).click();
  await expect(page).toHaveURL(new RegExp(`/companies/${company.id}`));
  await expect(page.getByTestId("company-title")).toHaveText(company.name);
});
