/// <reference lib="dom" />
// (h) Keyboard only: the sign-in form can be filled in and sent without a mouse, and the skip
// link takes keyboard users past the header and navigation to the content.
import type { Page } from "@playwright/test";
import { expect, expectShell, signIn, test } from "../support/fixtures";
import { en } from "../support/i18n";

const activeElement = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName ?? "",
      type: el?.getAttribute("type") ?? "",
      id: el?.id ?? "",
      text: el?.textContent?.trim() ?? "",
      inMain: !!el?.closest("#main"),
    };
  });

test("the sign-in form works with the keyboard alone", async ({ page, adminApi }) => {
  const user = await adminApi.createUser({ role: "sales_rep" });
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: en("auth.signInTitle") })).toBeVisible();

  // The email field has the focus from the start.
  await expect(page.getByRole("textbox", { name: en("auth.email"), exact: true })).toBeFocused();
  await page.keyboard.type(user.email);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("textbox", { name: en("auth.password"), exact: true })).toBeFocused();
  await page.keyboard.type(user.password);
  await page.keyboard.press("Enter");

  await expect(page).toHaveURL(/\/$/);
  await expectShell(page);
  await expect(page.getByRole("heading", { name: en("home.greeting", { name: user.name }) })).toBeVisible();
});

test("a wrong password typed with the keyboard shows the error, and Tab reaches the submit button", async ({ page, adminApi }) => {
  const user = await adminApi.createUser({ role: "sales_rep" });
  await page.goto("/sign-in");
  await expect(page.getByRole("textbox", { name: en("auth.email"), exact: true })).toBeFocused();
  await page.keyboard.type(user.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type("wrong password, typed");
  // Tab on to the button (the password visibility toggle is skipped) and press it with Space.
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press("Tab");
    if ((await activeElement(page)).text === en("auth.signIn")) break;
  }
  expect((await activeElement(page)).text).toBe(en("auth.signIn"));
  await page.keyboard.press("Space");
  await expect(page.getByTestId("sign-in-error")).toHaveText(en("auth.invalidCredentials"));
});

test("the skip link is the first stop and moves the focus to the content", async ({ page, adminApi }) => {
  const user = await adminApi.createUser({ role: "sales_rep" });
  await signIn(page, user);
  await expectShell(page);
  await expect(page.getByRole("heading", { name: en("home.greeting", { name: user.name }) })).toBeVisible();

  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: en("a11y.skipToContent") });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");

  // The content area takes the focus; the next Tab goes to something inside it, not the header.
  await expect.poll(async () => (await activeElement(page)).id).toBe("main");
  await page.keyboard.press("Tab");
  expect((await activeElement(page)).inMain).toBe(true);
});
