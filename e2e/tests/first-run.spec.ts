// (a) First run on the empty database: the setup page creates the administrator and signs them
// in; then sign out, a wrong password, and signing in again. Runs before every other test (the
// "first-run" project), and creates the administrator the others use.
import { admin } from "../support/api";
import { expectAccessible } from "../support/axe";
import { expect, expectShell, test } from "../support/fixtures";
import { en } from "../support/i18n";
import { screens } from "../support/screens";

test("first-run setup creates the administrator, then sign out, a wrong password, and sign in", async ({ page, request }) => {
  const status = (await (await request.get("/api/setup")).json()) as { needsSetup: boolean };
  test.skip(!status.needsSetup, "the server is already set up (a reused server): nothing to set up");

  await test.step("an empty installation opens the setup page", async () => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/setup$/);
    await expect(page.getByRole("heading", { name: en("setup.title") })).toBeVisible();
    await expectAccessible(page, { name: "setup" });
    await screens(page, "setup");
  });

  await test.step("the form checks its fields before sending", async () => {
    await page.getByRole("button", { name: en("setup.submit") }).click();
    await expect(page.getByText(en("validation.required")).first()).toBeVisible();
    await page.getByRole("textbox", { name: en("auth.password"), exact: true }).fill("short");
    await page.getByRole("button", { name: en("setup.submit") }).click();
    await expect(page.getByText(en("validation.passwordMin", { count: 8 }), { exact: true })).toBeVisible();
  });

  await test.step("creating the administrator signs them in", async () => {
    await page.getByRole("textbox", { name: en("setup.name"), exact: true }).fill(admin.name);
    await page.getByRole("textbox", { name: en("auth.email"), exact: true }).fill(admin.email);
    await page.getByRole("textbox", { name: en("auth.password"), exact: true }).fill(admin.password);
    await page.getByRole("textbox", { name: en("setup.confirmPassword"), exact: true }).fill(admin.password);
    await page.getByRole("button", { name: en("setup.submit") }).click();
    await expect(page).toHaveURL(/\/$/);
    await expectShell(page);
    await expect(page.getByRole("heading", { name: en("home.greeting", { name: admin.name }) })).toBeVisible();
    await expectAccessible(page, { name: "home (admin)" });
    await screens(page, "home-admin");
  });

  await test.step("the setup page is gone once set up", async () => {
    expect(((await (await page.request.get("/api/setup")).json()) as { needsSetup: boolean }).needsSetup).toBe(false);
    await page.goto("/setup");
    await expect(page).not.toHaveURL(/\/setup$/);
  });

  await test.step("sign out returns to the sign-in page and ends the session", async () => {
    await page.goto("/");
    await expectShell(page);
    await page.getByTestId("user-menu").click();
    await page.getByTestId("sign-out").click();
    await expect(page).toHaveURL(/\/sign-in/);
    expect((await page.request.get("/api/auth/session")).status()).toBe(401);
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByRole("heading", { name: en("auth.signInTitle") })).toBeVisible();
    await expectAccessible(page, { name: "sign-in" });
    await screens(page, "sign-in");
  });

  await test.step("a wrong password shows an error and keeps the user on the sign-in page", async () => {
    await page.getByRole("textbox", { name: en("auth.email"), exact: true }).fill(admin.email);
    await page.getByRole("textbox", { name: en("auth.password"), exact: true }).fill("not the right password");
    await page.getByRole("button", { name: en("auth.signIn") }).click();
    await expect(page.getByTestId("sign-in-error")).toHaveText(en("auth.invalidCredentials"));
    await expect(page).toHaveURL(/\/sign-in/);
    await expectAccessible(page, { name: "sign-in with an error" });
    await screens(page, "sign-in-error", ["phone"]);
  });

  await test.step("the right password signs in", async () => {
    await page.getByRole("textbox", { name: en("auth.password"), exact: true }).fill(admin.password);
    await page.getByRole("button", { name: en("auth.signIn") }).click();
    await expect(page).toHaveURL(/\/$/);
    await expectShell(page);
    await expect(page.getByRole("heading", { name: en("home.greeting", { name: admin.name }) })).toBeVisible();
  });
});
