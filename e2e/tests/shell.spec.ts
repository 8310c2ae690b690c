/// <reference lib="dom" />
// The signed-in frame: live indicator, theme switch, profile, and the phone layout (burger menu,
// no sideways scrolling).
import { unique } from "../support/api";
import { emulateScheme, expectAccessible } from "../support/axe";
import { expect, expectShell, signIn, test } from "../support/fixtures";
import { en } from "../support/i18n";
import { expectNoHorizontalScroll } from "../support/layout";
import { phone, screens } from "../support/screens";

test("the live indicator is online once signed in", async ({ page, adminApi }) => {
  const user = await adminApi.createUser({ role: "sales_rep" });
  await signIn(page, user);
  await expectShell(page);
  await expect(page.getByTestId("live-indicator")).toHaveText(en("live.online"));
});

test("the theme can be switched in the user menu, and both themes pass axe on the profile page", async ({ page, adminApi }) => {
  const user = await adminApi.createUser({ role: "sales_rep" });
  await signIn(page, user, "/profile");
  await expectShell(page);
  await expect(page.getByRole("heading", { name: en("profile.title"), level: 2 })).toBeVisible();
  await expectAccessible(page, { name: "profile" });
  await screens(page, "profile");

  await page.getByTestId("user-menu").click();
  await page.getByRole("menuitem", { name: en("theme.dark") }).click();
  await expect(page.locator("html")).toHaveAttribute("data-mantine-color-scheme", "dark");
  // An explicit choice wins over the system setting and survives a reload.
  await emulateScheme(page, "light");
  await page.reload();
  await expectShell(page);
  await expect(page.locator("html")).toHaveAttribute("data-mantine-color-scheme", "dark");
  await expectAccessible(page, { name: "profile (dark chosen in the menu)", schemes: ["dark"] });
  await screens(page, "profile-chosen-dark", ["desktop"]);
});

test("the profile saves the name", async ({ page, adminApi }) => {
  const user = await adminApi.createUser({ role: "sales_rep" });
  await signIn(page, user, "/profile");
  await expectShell(page);
  const name = unique("Renamed");
  const field = page.getByRole("textbox", { name: en("profile.name"), exact: true });
  await field.fill(name);
  await page.getByRole("button", { name: en("action.save") }).click();
  await expect(page.getByText(en("profile.saved"))).toBeVisible();
  await expect(page.getByTestId("user-menu")).toContainText(name);
});

test.describe("at phone width (375×740)", () => {
  test.use({ viewport: phone });

  test("the navigation opens from the burger menu and the pages fit the width", async ({ page, adminApi }) => {
    await signIn(page, (await adminApi.createUser({ role: "administrator" })) as { email: string; password: string });
    await expectShell(page);
    await expectNoHorizontalScroll(page);

    const burger = page.getByRole("button", { name: en("nav.toggle") });
    const navigation = page.getByRole("navigation", { name: en("nav.label") });
    await expect(burger).toBeVisible();
    // Collapsed, the navigation is moved out of the viewport, and out of the Tab order too.
    await expect(navigation).not.toBeInViewport();
    const offscreen: string[] = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        const box = el?.getBoundingClientRect();
        return {
          text: (el?.textContent || el?.getAttribute("aria-label") || el?.tagName || "").trim().slice(0, 30),
          left: box?.left ?? 0,
          right: box?.right ?? 0,
        };
      });
      if (focused.right <= 0 || focused.left >= phone.width) offscreen.push(`${focused.text} (x=${Math.round(focused.left)})`);
    }
    expect.soft(offscreen, `Tab reaches links of the collapsed navigation, off screen: ${offscreen.join(", ")}`).toEqual([]);

    await burger.click();
    await expect(navigation).toBeInViewport();
    await expectAccessible(page, { name: "navigation on a phone" });
    await screens(page, "nav-phone-open", ["phone"]);
    await navigation.getByRole("link", { name: en("nav.users") }).click();
    await expect(page).toHaveURL(/\/admin\/users/);
    // Choosing a page closes the menu again.
    await expect(navigation).not.toBeInViewport();
    await expectNoHorizontalScroll(page);

    await burger.click();
    await navigation.getByRole("link", { name: en("nav.home") }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(navigation).not.toBeInViewport();
  });

  test("the profile form is usable on a phone", async ({ page, adminApi }) => {
    const user = await adminApi.createUser({ role: "sales_rep" });
    await signIn(page, user, "/profile");
    await expectShell(page);
    await expectNoHorizontalScroll(page);
    const field = page.getByRole("textbox", { name: en("profile.name"), exact: true });
    const box = await field.boundingBox();
    expect(box, "name field is laid out").not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(phone.width);
    const name = unique("Phone");
    await field.fill(name);
    const save = page.getByRole("button", { name: en("action.save") });
    await save.scrollIntoViewIfNeeded();
    await save.click();
    await expect(page.getByText(en("profile.saved"))).toBeVisible();
    await expectNoHorizontalScroll(page);
  });
});
