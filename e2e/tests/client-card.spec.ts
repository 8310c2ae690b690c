/// <reference lib="dom" />
// The client card: a lead created with only a name and a contact name and enriched to a customer
// (with the stage history); the duplicate warning while typing and on save, then a merge; tabs
// that survive drilling down and coming back; the list's filters and bulk stage change; custom
// fields in the UI language; and the card at phone width.
import type { Page } from "@playwright/test";
import { unique, type Api } from "../support/api";
import { expectAccessible } from "../support/axe";
import { expect, expectShell, signIn, test } from "../support/fixtures";
import { en } from "../support/i18n";
import { phone, screens } from "../support/screens";
import { expectNoHorizontalScroll, expectWithinWidth } from "../support/layout";

type CompanyBody = {
  id: string;
  name: string;
  stage: string;
  version: number;
  kind: string;
  website: string | null;
  country: string | null;
};
type ContactBody = { id: string; fullName: string; companyId: string; lastName: string };

const companyIdOf = (page: Page) => page.url().split("/companies/")[1]!.split(/[?#]/)[0]!;

async function contactsOf(api: Api, companyId: string): Promise<ContactBody[]> {
  return (await api.get<{ items: ContactBody[] }>("/api/contacts", { "filter[companyId]": companyId })).items;
}

/** Picks an option of a Mantine select by typing into it and choosing the option with this text. */
async function choose(page: Page, testId: string, text: string, scope = page.locator("body")): Promise<void> {
  const input = scope.getByTestId(testId);
  await input.click();
  // Short lists are not searchable (the input is read-only): pick from the open list.
  if (await input.isEditable()) await input.fill(text);
  await page.getByRole("option", { name: text, exact: true }).first().click();
}

test("a lead created with only a name and a contact name is enriched to a customer, with the stage history", async ({ page, adminApi }) => {
  test.slow();
  const user = await adminApi.createUser({ role: "administrator" });
  const name = unique("Lead Minimal");
  const lastName = unique("Berg").replace(/\s+/g, "");
  await signIn(page, user, "/companies");
  await expectShell(page);

  await test.step("create the lead: a name and one contact name", async () => {
    await page.getByTestId("company-new").click();
    const form = page.getByTestId("company-create-form");
    await expect(form.getByTestId("field-name")).toBeFocused();
    await expect(form.getByTestId("field-kind")).toHaveCount(0);
    await form.getByTestId("field-name").fill(name);
    await form.getByTestId("field-contactFirstName").fill("Anna");
    await form.getByTestId("field-contactLastName").fill(lastName);
    await expectAccessible(page, { name: "new lead form" });
    await screens(page, "client-card-new-lead", ["desktop"]);
    await form.getByTestId("company-create-form-submit").click();
    await expect(page).toHaveURL(/\/companies\/[0-9a-f-]{36}/);
    await expect(page.getByTestId("company-title")).toHaveText(name);
  });
  const id = companyIdOf(page);
  const created = await adminApi.get<CompanyBody>(`/api/companies/${id}`);
  expect(created).toMatchObject({ name, stage: "lead", kind: "client" });
  const people = await contactsOf(adminApi, id);
  expect(people.map((person) => person.fullName)).toEqual([`Anna ${lastName}`]);

  const stepper = page.getByTestId("company-stages");
  await expect(stepper.getByTestId("company-stage-step-lead")).toHaveAttribute("data-state", "current");
  await expect(stepper.getByTestId("company-stage-step-customer")).toHaveAttribute("data-state", "todo");

  await test.step("enrich it: website, industry, country and a phone number", async () => {
    const form = page.getByTestId("company-form");
    await form.getByTestId("field-website").fill("minimal-lead.example");
    await form.getByTestId("field-industry").fill("Logistics");
    await choose(page, "field-country", "Sweden", form);
    await form.getByTestId("field-phones-add").click();
    await form.getByTestId("field-phones-0-value").fill("+46 8 123 456 78");
    await form.getByTestId("company-form-submit").click();
    await expect(form).not.toHaveAttribute("data-dirty", /.*/);
    await expect(page.getByTestId("company-fact-country")).toContainText("Sweden");
    await expect(page.getByTestId("company-fact-industry")).toContainText("Logistics");
    const saved = await adminApi.get<CompanyBody>(`/api/companies/${id}`);
    expect(saved.country).toBe("SE");
    expect(saved.website).toContain("minimal-lead.example");
  });

  await test.step("move it on: prospect, then customer", async () => {
    for (const stage of ["prospect", "customer"] as const) {
      await page.getByTestId("company-stage-menu").click();
      await page.getByTestId(`company-stage-to-${stage}`).click();
      await expect(stepper).toHaveAttribute("data-stage", stage);
    }
    await expect(stepper.getByTestId("company-stage-step-lead")).toHaveAttribute("data-state", "done");
    await expect(stepper.getByTestId("company-stage-step-prospect")).toHaveAttribute("data-state", "done");
    await expect(stepper.getByTestId("company-stage-step-customer")).toHaveAttribute("data-state", "current");
    // Each stage reached shows when; the one not reached shows nothing.
    for (const stage of ["lead", "prospect", "customer"]) await expect(stepper.getByTestId(`company-stage-date-${stage}`)).toHaveText(/\d/);
    await expect(stepper.getByTestId("company-stage-date-former")).not.toHaveText(/\d/);

    await page.getByTestId("company-stage-history-button").click();
    const history = page.getByTestId("company-stage-history");
    await expect(history.getByTestId("stage-change").first()).toContainText(en("companies:stage.customer"));
    await expect(history.getByTestId("stage-change")).toHaveCount(
      (await adminApi.get<{ items: unknown[] }>(`/api/companies/${id}/stages`)).items.length,
    );
    expect(
      (await adminApi.get<{ items: { toStage: string }[] }>(`/api/companies/${id}/stages`)).items.map((change) => change.toStage),
    ).toEqual(expect.arrayContaining(["prospect", "customer"]));
    await screens(page, "client-card-customer", ["desktop"]);
    await page.keyboard.press("Escape");
  });

  await test.step("the first contact is on the Contacts tab", async () => {
    await page.getByTestId("tab-contacts").click();
    await expect(page.getByTestId("company-contacts-row").filter({ hasText: lastName })).toBeVisible();
    await expectAccessible(page, { name: "client card contacts" });
  });
});

test("a likely duplicate is shown while typing and on save; saved anyway, it is merged into the original", async ({ page, adminApi }) => {
  // Three dialogs, each checked with axe in two themes and photographed: more than the default minute.
  test.slow();
  const user = await adminApi.createUser({ role: "administrator" });
  const token = unique("Nordlys").replace(/\s+/g, " ");
  const original = await adminApi.post<CompanyBody>("/api/companies", {
    name: `${token} AB`,
    website: "https://www.nordlys-e2e.example",
    ignoreDuplicates: true,
  });
  await signIn(page, user, "/companies");
  await expectShell(page);

  await page.getByTestId("company-new").click();
  const form = page.getByTestId("company-create-form");
  await test.step("while typing: the original is listed with the reason", async () => {
    await form.getByTestId("field-name").pressSequentially(`${token} Corp.`, { delay: 5 });
    const hints = page.getByTestId("duplicate-hints");
    await expect(hints).toBeVisible();
    const candidate = hints.getByTestId("duplicate-candidate").filter({ hasText: original.name });
    await expect(candidate).toBeVisible();
    await expect(candidate).toContainText(en("components:duplicates.reason.name"));
    await form.getByTestId("field-contactLastName").fill("Duplicate");
    await expectAccessible(page, { name: "duplicate hints" });
    await screens(page, "client-card-duplicate-hints", ["desktop"]);
  });

  await test.step("on save: 409 with the candidates; back to the form, then save anyway", async () => {
    const created = () =>
      page.waitForResponse((response) => response.request().method() === "POST" && new URL(response.url()).pathname === "/api/companies");
    const dialog = page.getByRole("dialog", { name: en("components:duplicates.company.dialogTitle") });
    let refused = created();
    await form.getByTestId("company-create-form-submit").click();
    expect((await refused).status()).toBe(409);
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId("duplicate-candidate").filter({ hasText: original.name })).toBeVisible();
    // Back to the form: nothing saved, the form keeps what was typed.
    await dialog.getByTestId("duplicate-cancel").click();
    await expect(dialog).toBeHidden();
    await expect(form.getByTestId("field-name")).toHaveValue(`${token} Corp.`);
    refused = created();
    await form.getByTestId("company-create-form-submit").click();
    expect((await refused).status()).toBe(409);
    await expect(dialog).toBeVisible();
    await expectAccessible(page, { name: "duplicate dialog" });
    await screens(page, "client-card-duplicate-dialog", ["desktop"]);
    await dialog.getByTestId("duplicate-save-anyway").click();
    await expect(page.getByTestId("company-title")).toHaveText(`${token} Corp.`);
  });
  const duplicateId = companyIdOf(page);
  expect(duplicateId).not.toBe(original.id);

  await test.step("merge the duplicate into the original, keeping the original's values", async () => {
    await page.getByTestId("company-more").click();
    await page.getByTestId("company-merge").click();
    const dialog = page.getByRole("dialog", { name: en("companies:merge.title", { name: `${token} Corp.` }) });
    await expect(dialog).toBeVisible();
    const pick = dialog.getByTestId("merge-pick");
    await pick.click();
    await pick.fill(token);
    await page.getByRole("option", { name: original.name }).click();
    await expect(dialog.getByTestId("merge-fields")).toBeVisible();
    await dialog.getByTestId("merge-keep").getByText(original.name).click();
    // Both names differ: the kept company's name stays unless chosen otherwise.
    await expect(dialog.getByTestId("merge-row-name")).toHaveAttribute("data-from", "kept");
    await expect(dialog.getByTestId("merge-row-website")).toHaveAttribute("data-from", "kept");
    await expectAccessible(page, { name: "merge dialog" });
    await screens(page, "client-card-merge", ["desktop", "phone"]);
    await dialog.getByTestId("merge-confirm").click();
    await expect(page).toHaveURL(new RegExp(`/companies/${original.id}`));
    await expect(page.getByTestId("company-title")).toHaveText(original.name);
  });

  // The duplicate is gone, its old address leads to the original, and its contact moved there.
  const gone = await adminApi.raw("GET", `/api/companies/${duplicateId}`);
  expect(gone.status()).toBe(404);
  expect(await adminApi.get<{ id: string }>(`/api/companies/merged/${duplicateId}`)).toEqual({ id: original.id });
  expect((await contactsOf(adminApi, original.id)).map((person) => person.lastName)).toContain("Duplicate");
  await page.goto(`/companies/${duplicateId}`);
  await expect(page).toHaveURL(new RegExp(`/companies/${original.id}`));
  await expect(page.getByTestId("company-title")).toHaveText(original.name);
});

test("the card's tabs survive drilling down into a contact and coming back", async ({ page, adminApi }) => {
  const user = await adminApi.createUser({ role: "administrator" });
  const company = await adminApi.post<CompanyBody>("/api/companies", {
    name: unique("Tabs AB"),
    contact: { firstName: "Eva", lastName: "Lind" },
    ignoreDuplicates: true,
  });
  const [boss] = await contactsOf(adminApi, company.id);
  const report = await adminApi.post<ContactBody>("/api/contacts", {
    companyId: company.id,
    firstName: "Olle",
    lastName: "Strand",
    reportsToId: boss!.id,
    ignoreDuplicates: true,
  });
  await signIn(page, user, `/companies/${company.id}`);
  await expectShell(page);

  await page.getByTestId("tab-contacts").click();
  await expect(page).toHaveURL(/[?&]tab=contacts/);
  const row = page.getByTestId("company-contacts-row").filter({ hasText: "Strand" });
  await row.getByTestId("contact-link").click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${report.id}`));
  await page.goBack();
  await expect(page).toHaveURL(/[?&]tab=contacts/);
  await expect(page.getByTestId("panel-contacts")).toBeVisible();
  await expect(page.getByTestId("tab-contacts")).toHaveAttribute("aria-selected", "true");

  await test.step("the org chart draws the reporting line and opens a person", async () => {
    await page.getByTestId("company-contacts-view").getByText(en("companies:contacts.orgChart")).click();
    const chart = page.getByTestId("org-chart");
    await expect(chart.getByTestId("org-chart-node")).toHaveCount(2);
    await expect(chart.locator(".react-flow__edge")).toHaveCount(1);
    await expectAccessible(page, { name: "org chart" });
    await screens(page, "client-card-org-chart", ["desktop"]);
    await chart.getByTestId("org-chart-node").filter({ hasText: "Eva Lind" }).click();
    await expect(page).toHaveURL(new RegExp(`/contacts/${boss!.id}`));
    await page.goBack();
    await expect(page.getByTestId("org-chart")).toBeVisible();
  });

  await page.getByTestId("tab-history").click();
  await expect(page).toHaveURL(/[?&]tab=history/);
  await page.goBack();
  await expect(page.getByTestId("tab-contacts")).toHaveAttribute("aria-selected", "true");
});

test("the list filters by stage and by My clients, and changes the stage and owner of selected companies", async ({ page, adminApi }) => {
  const user = await adminApi.createUser({ role: "administrator" });
  const seller = await adminApi.createUser({ role: "administrator", name: unique("Seller") });
  const token = unique("Filter");
  const mine = await adminApi.post<CompanyBody>("/api/companies", {
    name: `${token} Mine`,
    ownerId: user.id,
    stage: "prospect",
    ignoreDuplicates: true,
  });
  const other = await adminApi.post<CompanyBody>("/api/companies", { name: `${token} Other`, stage: "lead", ignoreDuplicates: true });
  await signIn(page, user, `/companies?q=${encodeURIComponent(token)}`);
  await expectShell(page);
  const rows = page.getByTestId("companies-row");
  await expect(rows).toHaveCount(2);

  await page.getByTestId("companies-mine").click();
  await expect(page).toHaveURL(/f\.ownerId=me/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(mine.name);
  await expect(page.getByTestId("filter-chip-ownerId")).toContainText(en("companies:filter.me"));
  await page.getByTestId("companies-mine").click();
  await expect(rows).toHaveCount(2);

  await page.getByTestId("companies-filters").click();
  await choose(page, "filter-stage", en("companies:stage.lead"));
  await page.keyboard.press("Escape");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(other.name);
  await page.getByTestId("filter-chip-stage").locator("button").click();
  await expect(rows).toHaveCount(2);

  await page.getByTestId("companies-select-all").check();
  await page.getByTestId("bulk-stage").click();
  const dialog = page.getByRole("dialog", { name: en("companies:bulk.stageTitle_other", { count: 2 }) });
  await choose(page, "bulk-choice-value", en("companies:stage.customer"), dialog);
  await dialog.getByTestId("bulk-choice-submit").click();
  await expect(dialog).toBeHidden();
  await expect.poll(async () => (await adminApi.get<CompanyBody>(`/api/companies/${mine.id}`)).stage).toBe("customer");
  expect((await adminApi.get<CompanyBody>(`/api/companies/${other.id}`)).stage).toBe("customer");
  await expect(rows.filter({ hasText: en("companies:stage.customer") })).toHaveCount(2);

  await test.step("assign both to another owner", async () => {
    await page.getByTestId("companies-select-all").check();
    await page.getByTestId("bulk-assign").click();
    const assign = page.getByRole("dialog", { name: en("companies:bulk.assignTitle_other", { count: 2 }) });
    // Nothing is sent without an owner.
    await assign.getByTestId("bulk-choice-submit").click();
    await expect(assign.getByText(en("components:validation.required"))).toBeVisible();
    const owner = assign.getByTestId("bulk-choice-value");
    await owner.click();
    await owner.fill(seller.name);
    await page.getByRole("option").filter({ hasText: seller.name }).first().click();
    await assign.getByTestId("bulk-choice-submit").click();
    await expect(assign).toBeHidden();
    for (const company of [mine, other])
      await expect.poll(async () => (await adminApi.get<{ ownerId: string }>(`/api/companies/${company.id}`)).ownerId).toBe(seller.id);
    await expect(rows.filter({ hasText: seller.name })).toHaveCount(2);
  });
});

test("a custom section with fields in two languages shows on the card, in the list and in Swedish", async ({ page, adminApi }) => {
  const token = unique("cf").replace(/\W+/g, "").toLowerCase();
  const section = await adminApi.post<{ id: string }>("/api/custom-sections", {
    object: "company",
    labels: { en: `Partner data ${token}`, sv: `Partneruppgifter ${token}` },
  });
  await adminApi.post("/api/custom-fields", {
    sectionId: section.id,
    key: `tier_${token}`.slice(0, 40),
    type: "choice",
    labels: { en: `Partner tier ${token}`, sv: `Partnernivå ${token}` },
    options: [
      { value: "gold", labels: { en: "Gold", sv: "Guld" } },
      { value: "silver", labels: { en: "Silver", sv: "Silver" } },
    ],
  });
  const user = await adminApi.createUser({ role: "administrator", locale: "sv" });
  const company = await adminApi.createCompany({ name: unique("Custom AB") });
  await signIn(page, user, `/companies/${company.id}?tab=custom`);
  await expectShell(page);

  const card = page.locator('[data-testid^="custom-section-"]').filter({ hasText: `Partneruppgifter ${token}` });
  await expect(card).toBeVisible();
  await expect(card).toContainText(`Partnernivå ${token}`);
  const key = `tier_${token}`.slice(0, 40);
  await choose(page, `field-custom:${key}`, "Guld", card);
  await card.getByTestId(`custom-form-${section.id}-submit`).click();
  await expect
    .poll(async () => (await adminApi.get<{ custom: Record<string, unknown> }>(`/api/companies/${company.id}`)).custom[key])
    .toBe("gold");
  await screens(page, "client-card-custom-sv", ["desktop"]);

  // In the list: an optional column, and a filter by the field (here from the address, as a link would carry it).
  await page.goto(`/companies?q=${encodeURIComponent(company.name)}&f.custom.${key}=gold`);
  const row = page.getByTestId("companies-row").filter({ hasText: company.name });
  await expect(row).toBeVisible();
  await expect(page.getByTestId(`filter-chip-custom.${key}`)).toContainText("Guld");
  await page.getByTestId("companies-columns").click();
  await page.getByTestId(`column-toggle-custom.${key}`).click();
  await page.keyboard.press("Escape");
  await expect(row).toContainText("Guld");
  await page.goto(`/companies?q=${encodeURIComponent(company.name)}&f.custom.${key}=silver`);
  await expect(page.getByTestId("companies-row")).toHaveCount(0);
});

test.describe("at phone width (375×740)", () => {
  test.use({ viewport: phone });

  test("the card, its stepper, tabs and the full create form fit the screen", async ({ page, adminApi }) => {
    const user = await adminApi.createUser({ role: "administrator" });
    const company = await adminApi.post<CompanyBody>("/api/companies", {
      name: unique("Pocket Card Fjällräven Underhållsteknik Koncern"),
      stage: "customer",
      country: "SE",
      industry: "Industrial maintenance",
      contact: { firstName: "Kim", lastName: "Öberg" },
      ignoreDuplicates: true,
    });
    await signIn(page, user, `/companies/${company.id}`);
    await expectShell(page);
    await expect(page.getByTestId("company-title")).toHaveText(company.name);
    await expectNoHorizontalScroll(page);
    await expectWithinWidth(
      page,
      '[data-testid="company-title"], [data-testid^="company-stage-step-"], [data-testid="company-actions"] button, [data-testid="company-form"] input',
    );
    await expectAccessible(page, { name: "client card on a phone" });
    await screens(page, "client-card-phone", ["phone"]);

    await page.getByTestId("tab-contacts").click();
    await expect(page.getByTestId("company-contacts-row").filter({ hasText: "Öberg" })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await screens(page, "client-card-contacts-phone", ["phone"]);

    await page.goto("/companies");
    await page.getByTestId("company-new").click();
    await page.getByTestId("company-create-more").click();
    const form = page.getByTestId("company-create-form");
    await expect(form.getByTestId("field-kind")).toBeVisible();
    await form.getByTestId("field-addresses-add").click();
    await expectWithinWidth(page, '[data-testid="company-create-form"] input, [data-testid="company-create-form-submit"]');
    await screens(page, "client-card-create-all-phone", ["phone"]);
  });
});
