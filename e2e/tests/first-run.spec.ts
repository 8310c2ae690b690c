// (a) First run on the empty database: the setup page creates the administrator and signs them
// in. Runs before every other test (the "first-run" project) and creates the administrator the
// others use, so it asserts only what the rest depends on; the setup page's accessibility result
// is saved and asserted by auth.spec.ts (a contrast problem must not hide every other result).
import { writeFileSync } from "node:fs";
import { admin } from "../support/api";
import { auditAccessibility } from "../support/axe";
import { expect, expectShell, test } from "../support/fixtures";
import { en } from "../support/i18n";
import { screens } from "../support/screens";
import { setupAxeReport } from "../support/state";

test("first-run setup creates the administrator and signs them in", async ({ page, request }) => {
  const status = (await (await request.get("/api/setup")).json()) as { needsSetup: boolean };
  test.skip(!status.needsSetup, "the server is already set up (a reused server): nothing to set up");

  await test.step("an empty installation opens the setup page", async () => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/setup$/);
    await expect(page.getByRole("heading", { name: en("setup.title") })).toBeVisible();
    writeFileSync(setupAxeReport(), await auditAccessibility(page, { name: "setup" }));
    await screens(page, "setup");
  });

  await test.step("the form checks its fields before sending", async () => {
    await page.getByRole("button", { name: en("setup.submit") }).click();
    await expect(page.getByText(en("validation.required")).first()).toBeVisible();
    await page.getByRole("textbox", { name: en("auth.password"), exact: true }).fill("short");
    await page.getByRole("button", { name: en("setup.submit") }).click();
    await expect(page.getByText(en("validation.passwordMin", { count: 8 }), { exact: true })).toBeVisible();
    await page.getByRole("textbox", { name: en("setup.confirmPassword"), exact: true }).fill("different");
    await page.getByRole("button", { name: en("setup.submit") }).click();
    await expect(page.getByText(en("validation.passwordMismatch"))).toBeVisible();
  });

  await test.step("creating the administrator signs them in", async () => {
    await page.getByRole("textbox", { name: en("setup.name"), exact: true }).fill(admin.name);
    await page.getByRole("textbox", { name: en("auth.email"), exact: true }).fill(admin.email);
    await page.getByRole("textbox", { name: en("auth.password"), exact: true }).fill(admin.password);
    await page.getByRole("textbox", { name: en("setup.confirmPassword"), exact: true }).fill(admin.password);
    // The other tests start from an empty client list: demo data is offered, off by default, and left off.
    const demo = page.getByRole("checkbox", { name: en("setup.demoData") });
    await expect(demo).not.toBeChecked();
    await demo.check();
    await demo.uncheck();
    await page.getByRole("button", { name: en("setup.submit") }).click();
    await expect(page).toHaveURL(/\/$/);
    await expectShell(page);
    await expect(page.getByRole("heading", { name: en("home.greeting", { name: admin.name }) })).toBeVisible();
    const session = (await (await page.request.get("/api/auth/session")).json()) as { user: { email: string; role: { key: string } } };
    expect(session.user).toMatchObject({ email: admin.email, role: { key: "administrator" } });
  });

  await test.step("the setup page is gone once set up", async () => {
    expect(((await (await request.get("/api/setup")).json()) as { needsSetup: boolean }).needsSetup).toBe(false);
    await page.goto("/setup");
    await expect(page).not.toHaveURL(/\/setup$/);
  });
});
