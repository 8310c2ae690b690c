/// <reference lib="dom" />
// Companies: creating one through the form, the list and the record page, and (f) the phone
// layout: the list readable without sideways scrolling of the page, the form usable.
import type { Page } from "@playwright/test";
import { unique } from "../support/api";
import { expectAccessible } from "../support/axe";
import { expect, expectShell, signIn, test } from "../support/fixtures";
import { en } from "../support/i18n";
import { phone, screens } from "../support/screens";
import { expectNoHorizontalScroll, expectWithinWidth } from "../support/layout";

const rows = (page: Page) => page.getByTestId("companies-row");

test("a company created through the form opens on its page and is listed", async ({ page, adminApi }) => {
  const user = await adminApi.createUser({ role: "administrator" });
  const name = unique("Created Co");
  await signIn(page, user, "/companies");
  await expectShell(page);

  await page.getByTestId("company-new").click();
  const form = page.getByTestId("company-create-form");
  await expect(form.getByTestId("field-name")).toBeVisible();
  // The required name is checked before anything is sent.
  await form.getByTestId("company-create-form-submit").click();
  await expect(form.getByTestId("field-name")).toHaveAttribute("aria-invalid", "true");
  await form.getByTestId("field-name").fill(name);
  await expectAccessible(page, { name: "new company form" });
  await form.getByTestId("company-create-form-submit").click();

  await expect(page).toHaveURL(/\/companies\/[0-9a-f-]{36}/);
  await expect(page.getByTestId("company-title")).toHaveText(name);
  const id = page.url().split("/companies/")[1]!.split(/[?#]/)[0]!;
  const created = await adminApi.company(id);
  expect(created).toMatchObject({ name, ownerId: user.id, securityLevel: 0 });

  await page.getByTestId("company-back").click();
  await expect(page).toHaveURL(/\/companies(\?|$)/);
  await page.getByTestId("companies-search").fill(name);
  await expect(rows(page).filter({ hasText: name })).toHaveCount(1);
});

test("a company that does not exist shows the not-found state", async ({ page, adminApi }) => {
  const user = await adminApi.createUser({ role: "administrator" });
  await signIn(page, user, "/companies/00000000-0000-4000-8000-000000000000");
  await expectShell(page);
  await expect(page.getByTestId("company-not-found")).toBeVisible();
  await expectAccessible(page, { name: "company not found" });
});

test.describe("at phone width (375×740)", () => {
  test.use({ viewport: phone });

  test("the companies list is readable without scrolling sideways, and a company opens from it", async ({ page, adminApi }) => {
    const user = await adminApi.createUser({ role: "administrator" });
    const token = unique("Phone");
    const long = await adminApi.createCompany({ name: `${token} Nordic Industrial Equipment and Maintenance Holding` });
    await adminApi.createCompany({ name: `${token} Short AB` });
    await signIn(page, user, `/companies?q=${encodeURIComponent(token)}`);
    await expectShell(page);
    await expect(rows(page)).toHaveCount(2);

    await expectNoHorizontalScroll(page);
    await expectWithinWidth(page, '[data-testid="companies-row"], [data-testid="companies-search"], [data-testid="company-new"]');
    // The names are there to read, and each row shows its fields with their labels.
    await expect(rows(page).filter({ hasText: `${token} Short AB` })).toBeVisible();
    await expect(rows(page).first()).toContainText(en("companies:field.ownerId"));
    await expectAccessible(page, { name: "companies list on a phone" });
    await screens(page, "companies-list-phone", ["phone"]);

    await rows(page).filter({ hasText: long.name }).click();
    await expect(page).toHaveURL(new RegExp(`/companies/${long.id}`));
    await expect(page.getByTestId("company-title")).toHaveText(long.name);
    await expectNoHorizontalScroll(page);
    await expectWithinWidth(page, '[data-testid="company-title"], [data-testid="company-form"] input');
  });

  test("a company can be created and edited with the forms on a phone", async ({ page, adminApi }) => {
    const user = await adminApi.createUser({ role: "administrator" });
    const name = unique("Phone form");
    await signIn(page, user, "/companies");
    await expectShell(page);

    await page.getByTestId("company-new").click();
    const create = page.getByTestId("company-create-form");
    await expect(create.getByTestId("field-name")).toBeVisible();
    await expectWithinWidth(page, '[data-testid="company-create-form"] input, [data-testid="company-create-form-submit"]');
    await create.getByTestId("field-name").fill(name);
    await screens(page, "company-create-phone", ["phone"]);
    await create.getByTestId("company-create-form-submit").click();
    await expect(page.getByTestId("company-title")).toHaveText(name);

    const edit = page.getByTestId("company-form");
    await edit.getByTestId("field-name").fill(`${name} edited`);
    const submit = edit.getByTestId("company-form-submit");
    await submit.scrollIntoViewIfNeeded();
    await expect(submit).toBeInViewport();
    await submit.click();
    await expect(page.getByTestId("company-title")).toHaveText(`${name} edited`);
    await expectNoHorizontalScroll(page);
  });
});
