/// <reference lib="dom" />
// Contacts: creating one on a company with the duplicate warning and "save anyway", editing the
// reporting line, a role at another company, merging two records of one person, the vCard round
// trip (export one, import it into another company) and the screens at phone width.
import { readFile } from "node:fs/promises";
import type { Locator, Page } from "@playwright/test";
import { unique, uniqueEmail, type Api } from "../support/api";
import { expectAccessible } from "../support/axe";
import { expect, expectShell, signIn, test } from "../support/fixtures";
import { en } from "../support/i18n";
import { phone, screens } from "../support/screens";
import { expectNoHorizontalScroll, expectWithinWidth } from "../support/layout";

type Contact = {
  id: string;
  companyId: string;
  firstName: string;
  lastName: string;
  fullName: string;
  reportsToId: string | null;
  emails: { type: string; address: string }[];
  phones: { type: string; number: string; e164: string | null }[];
  birthday: string | null;
  consentEmail: boolean;
  roles: { id: string; companyId: string; companyName: string; title: string | null; endedOn: string | null }[];
  version: number;
};

function createContact(api: Api, body: Record<string, unknown>): Promise<Contact> {
  return api.post<Contact>("/api/contacts", { ignoreDuplicates: true, ...body });
}

/** Picks `label` in a Mantine select of `scope` (the input carries the data-testid), typing `search` first where it searches. */
async function choose(page: Page, scope: Locator, testId: string, label: string, search = label): Promise<void> {
  const input = scope.getByTestId(testId);
  await input.click();
  if (await input.isEditable()) await input.fill(search);
  await page.getByRole("option", { name: label, exact: true }).click();
}

const dialog = (page: Page, titleKey: string, values?: Record<string, string>) => page.getByRole("dialog", { name: en(titleKey, values) });

test("a contact created on a company warns of a likely duplicate while typing and saves anyway", async ({ page, adminApi }) => {
  const user = await adminApi.createUser({ role: "administrator" });
  const company = await adminApi.createCompany({ name: unique("Contact Co") });
  const lastName = unique("Lindqvist").replace(/\s+/g, "");
  const existing = await createContact(adminApi, {
    companyId: company.id,
    firstName: "Anna",
    lastName,
    emails: [{ type: "work", address: uniqueEmail("anna") }],
  });
  const email = uniqueEmail("anna-new");

  await signIn(page, user, "/contacts");
  await expectShell(page);
  await page.getByTestId("contact-new").click();
  const form = page.getByTestId("contact-create-form");
  await expect(form.getByTestId("field-lastName")).toBeVisible();

  // Nothing is sent without the required company and last name.
  await form.getByTestId("contact-create-form-submit").click();
  await expect(form.getByTestId("field-lastName")).toHaveAttribute("aria-invalid", "true");

  await choose(page, form, "field-companyId", company.name);
  await form.getByTestId("field-firstName").fill("Anna");
  await form.getByTestId("field-lastName").fill(lastName);
  const hints = page.getByTestId("duplicate-hints");
  await expect(hints).toBeVisible();
  await expect(hints.getByTestId("duplicate-candidate").filter({ hasText: existing.fullName })).toBeVisible();

  await form.getByTestId("field-title").fill("Chief Financial Officer");
  await form.getByTestId("field-emails-0-value").fill(email);
  await form.getByTestId("field-phones-0-value").fill("+46 70 123 45 67");
  await form.getByTestId("field-birthday").fill("1985-04-12");
  await form.getByTestId("field-birthday").press("Tab");
  // The form may still be settling (duplicate hints arriving) when the switch is clicked: check until it holds.
  await expect(async () => {
    await form.getByTestId("field-consentEmail").check({ timeout: 2_000 });
    await expect(form.getByTestId("field-consentEmail")).toBeChecked({ timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
  await expectAccessible(page, { name: "new contact form with duplicate hints" });
  await screens(page, "contact-create");

  const refused = page.waitForResponse(
    (response) => response.request().method() === "POST" && new URL(response.url()).pathname === "/api/contacts",
  );
  await form.getByTestId("contact-create-form-submit").click();
  expect((await refused).status()).toBe(409);
  const confirm = dialog(page, "components:duplicates.contact.dialogTitle");
  await expect(confirm).toBeVisible();
  await expect(confirm.getByText(existing.fullName)).toBeVisible();
  await screens(page, "contact-duplicate-dialog", ["desktop"]);
  await confirm.getByTestId("duplicate-save-anyway").click();

  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}/);
  await expect(page.getByTestId("contact-title")).toHaveText(`Anna ${lastName}`);
  await expect(page.getByTestId("contact-company-link")).toHaveText(company.name);
  await expect(page.getByTestId("contact-fact-channels").getByTestId("consent-email")).toHaveAttribute("data-granted", "true");
  const id = page.url().split("/contacts/")[1]!.split(/[?#]/)[0]!;
  const saved = await adminApi.get<Contact>(`/api/contacts/${id}`);
  expect(saved).toMatchObject({ companyId: company.id, firstName: "Anna", lastName, birthday: "1985-04-12", consentEmail: true });
  expect(saved.emails).toEqual([{ type: "work", address: email }]);
  expect(saved.phones[0]).toMatchObject({ number: "+46 70 123 45 67", e164: "+46701234567" });
  await expectAccessible(page, { name: "contact page" });
  await screens(page, "contact-page");

  // The company link goes back to the client card.
  await page.getByTestId("contact-company-link").click();
  await expect(page).toHaveURL(new RegExp(`/companies/${company.id}`));
});

test("a likely duplicate opens from the new-contact form instead of adding the person again", async ({ page, adminApi }) => {
  const user = await adminApi.createUser({ role: "administrator" });
  const company = await adminApi.createCompany({ name: unique("Twin Co") });
  const lastName = unique("Holm").replace(/\s+/g, "");
  const existing = await createContact(adminApi, { companyId: company.id, firstName: "Ola", lastName });

  await signIn(page, user, "/contacts");
  await expectShell(page);
  await page.getByTestId("contact-new").click();
  const form = page.getByTestId("contact-create-form");
  await choose(page, form, "field-companyId", company.name);
  await form.getByTestId("field-lastName").fill(lastName);
  const candidate = page.getByTestId("duplicate-hints").getByTestId("duplicate-candidate").filter({ hasText: existing.fullName });
  await expect(candidate).toBeVisible();
  // A real link: it can also be opened in a new tab.
  const open = candidate.getByTestId("duplicate-open");
  await expect(open).toHaveAttribute("href", `/contacts/${existing.id}`);
  await open.click();

  await expect(page).toHaveURL(new RegExp(`/contacts/${existing.id}`));
  await expect(page.getByTestId("contact-title")).toHaveText(existing.fullName);
  await expect(page.getByTestId("contact-create-drawer")).toBeHidden();
});

test("reports-to is picked among the company's people, and a role at another company is added and ended", async ({ page, adminApi }) => {
  const user = await adminApi.createUser({ role: "administrator" });
  const company = await adminApi.createCompany({ name: unique("Org Co") });
  const other = await adminApi.createCompany({ name: unique("Board Co") });
  const token = unique("Boss").replace(/\s+/g, "");
  const boss = await createContact(adminApi, { companyId: company.id, firstName: "Berit", lastName: token });
  // Someone of another company with the same name is not offered.
  await createContact(adminApi, { companyId: other.id, firstName: "Bo", lastName: token });
  const person = await createContact(adminApi, { companyId: company.id, firstName: "Carl", lastName: unique("Report") });

  await signIn(page, user, `/contacts/${person.id}`);
  await expectShell(page);
  const form = page.getByTestId("contact-form");
  const reportsTo = form.getByTestId("field-reportsToId");
  await reportsTo.click();
  await reportsTo.fill(token);
  // Options show the person's title and company under the name.
  await expect(page.getByRole("option", { name: boss.fullName })).toBeVisible();
  await expect(page.getByRole("option", { name: `Bo ${token}` })).toHaveCount(0);
  await page.getByRole("option", { name: boss.fullName }).click();
  await form.getByTestId("field-department").fill("Finance");
  await form.getByTestId("contact-form-submit").click();
  await expect(page.getByTestId("contact-fact-reports-to")).toContainText(boss.fullName);
  expect(await adminApi.get<Contact>(`/api/contacts/${person.id}`)).toMatchObject({ reportsToId: boss.id });

  await page.getByTestId("tab-roles").click();
  await expect(page.getByTestId("role-primary")).toContainText(company.name);
  await page.getByTestId("role-add").click();
  const roleForm = page.getByTestId("role-form");
  await choose(page, roleForm, "field-companyId", other.name);
  await roleForm.getByTestId("field-title").fill("Board member");
  await roleForm.getByTestId("field-startedOn").fill("2023-01-15");
  await roleForm.getByTestId("field-startedOn").press("Tab");
  await roleForm.getByTestId("role-form-submit").click();
  const card = page.getByTestId("role-card").filter({ hasText: other.name });
  await expect(card).toContainText("Board member");
  await expect(card).toContainText(en("contacts:role.active"));
  await screens(page, "contact-roles");

  await card.getByTestId("role-menu").click();
  await page.getByTestId("role-end").click();
  await page
    .getByRole("button", { name: en("contacts:role.end") })
    .last()
    .click();
  await expect(card).toContainText(en("contacts:role.endedBadge"));
  const withRole = await adminApi.get<Contact>(`/api/contacts/${person.id}`);
  expect(withRole.roles).toHaveLength(1);
  expect(withRole.roles[0]).toMatchObject({ companyId: other.id, title: "Board member" });
  expect(withRole.roles[0]!.endedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

  await page.getByTestId("tab-history").click();
  await expect(page.getByTestId("history-entry").first()).toBeVisible();
  await expectAccessible(page, { name: "contact history" });
});

test("two records of one person are merged, choosing a value per field", async ({ page, adminApi }) => {
  const user = await adminApi.createUser({ role: "administrator" });
  const company = await adminApi.createCompany({ name: unique("Merge Co") });
  const lastName = unique("Svensson").replace(/\s+/g, "");
  const kept = await createContact(adminApi, { companyId: company.id, firstName: "Eva", lastName, title: "Buyer" });
  const twin = await createContact(adminApi, {
    companyId: company.id,
    firstName: "Eva",
    lastName,
    title: "Head of Purchasing",
    emails: [{ type: "work", address: uniqueEmail("eva") }],
  });

  await signIn(page, user, `/contacts/${kept.id}`);
  await expectShell(page);
  await page.getByTestId("contact-merge").click();
  const merge = dialog(page, "contacts:merge.title");
  await merge.getByTestId("merge-candidate").filter({ hasText: twin.fullName }).first().click();
  await expect(merge.getByTestId("merge-row-title")).toBeVisible();
  await merge.getByTestId("merge-take-title").check();
  await screens(page, "contact-merge", ["desktop"]);
  await merge.getByTestId("merge-submit").click();
  await page.getByRole("button", { name: en("contacts:merge.confirm") }).click();

  await expect(page.getByTestId("contact-fact-title")).toContainText("Head of Purchasing");
  const merged = await adminApi.get<Contact>(`/api/contacts/${kept.id}`);
  expect(merged.emails.map((item) => item.address)).toEqual(twin.emails.map((item) => item.address));
  expect((await adminApi.raw("GET", `/api/contacts/${twin.id}`)).status()).toBe(404);
});

test("a contact exported as vCard imports again into another company; broken cards are reported", async ({ page, adminApi }) => {
  const user = await adminApi.createUser({ role: "administrator" });
  const source = await adminApi.createCompany({ name: unique("vCard From") });
  const target = await adminApi.createCompany({ name: unique("vCard To") });
  const lastName = unique("Nyström").replace(/\s+/g, "");
  const email = uniqueEmail("ingrid");
  const person = await createContact(adminApi, {
    companyId: source.id,
    firstName: "Ingrid",
    lastName,
    title: "Plant manager",
    emails: [{ type: "work", address: email }],
    phones: [{ type: "mobile", number: "+46 70 765 43 21" }],
  });

  await signIn(page, user, `/contacts/${person.id}`);
  await expectShell(page);
  const downloading = page.waitForEvent("download");
  await page.getByTestId("contact-vcard").click();
  const card = await readFile((await (await downloading).path())!, "utf8");
  expect(card).toContain("BEGIN:VCARD");
  expect(card).toContain("VERSION:4.0");
  expect(card).toContain(lastName);
  expect(card.toLowerCase()).toContain(email);

  // The list's export follows its search.
  await page.goto(`/contacts?q=${encodeURIComponent(lastName)}`);
  await expect(page.getByTestId("contacts-row")).toHaveCount(1);
  const listDownload = page.waitForEvent("download");
  await page.getByTestId("contacts-export-vcard").click();
  const listed = await readFile((await (await listDownload).path())!, "utf8");
  expect(listed.match(/BEGIN:VCARD/g)).toHaveLength(1);

  // The person leaves the first company; the card brings them back at the other one (with a card
  // without a name, which is reported), imported from the list filtered to that company.
  await adminApi.delete(`/api/contacts/${person.id}`);
  await page.goto(`/contacts?f.companyId=${target.id}`);
  await expectShell(page);
  await page.getByTestId("vcard-import").click();
  const importer = dialog(page, "contacts:vcard.importTitle");
  const broken = "BEGIN:VCARD\r\nVERSION:4.0\r\nNOTE:no name here\r\nEND:VCARD\r\n";
  const chooser = page.waitForEvent("filechooser");
  await importer.getByTestId("vcard-file").click();
  await (await chooser).setFiles({ name: "people.vcf", mimeType: "text/vcard", buffer: Buffer.from(`${card}\r\n${broken}`, "utf8") });
  await importer.getByTestId("vcard-import-submit").click();
  await expect(importer.getByTestId("vcard-import-summary")).toContainText(en("contacts:vcard.created_one", { formatted: "1" }));
  await expect(importer.getByTestId("vcard-import-errors")).toContainText("2");
  await screens(page, "contact-vcard-import", ["desktop"]);
  await importer.getByTestId("vcard-import-close").click();

  await expect(page.getByTestId("contacts-row").filter({ hasText: lastName })).toHaveCount(1);
  const imported = await adminApi.get<{ items: Contact[] }>("/api/contacts", { "filter[companyId]": target.id });
  expect(imported.items).toHaveLength(1);
  expect(imported.items[0]).toMatchObject({ firstName: "Ingrid", lastName, companyId: target.id });
  expect(imported.items[0]!.emails.map((item) => item.address)).toEqual([email]);
});

test("the command palette finds a contact and opens it", async ({ page, adminApi }) => {
  const user = await adminApi.createUser({ role: "administrator" });
  const company = await adminApi.createCompany({ name: unique("Palette Contact Co") });
  const lastName = unique("Palettesson").replace(/\s+/g, "");
  const person = await createContact(adminApi, { companyId: company.id, firstName: "Pia", lastName });
  await signIn(page, user);
  await expectShell(page);
  await page.keyboard.press("Control+K");
  const search = page.getByRole("textbox", { name: en("palette.placeholder") });
  await search.pressSequentially(lastName, { delay: 10 });
  const hit = page.getByTestId("palette-hit").filter({ hasText: person.fullName });
  await expect(hit).toContainText(en("object.contact"));
  await hit.click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${person.id}`));
  await expect(page.getByTestId("contact-title")).toHaveText(person.fullName);
});

test("a custom field of contacts is edited on its tab, shown as a list column and filtered on", async ({ page, adminApi }) => {
  const user = await adminApi.createUser({ role: "administrator" });
  const company = await adminApi.createCompany({ name: unique("Custom Co") });
  const key = `tier_${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
  const label = `Tier ${key.slice(5)}`;
  const section = await adminApi.post<{ id: string }>("/api/custom-sections", {
    object: "contact",
    labels: { en: `Account ${key.slice(5)}`, sv: `Konto ${key.slice(5)}`, "zh-CN": `账户 ${key.slice(5)}` },
  });
  await adminApi.post("/api/custom-fields", {
    sectionId: section.id,
    key,
    type: "choice",
    labels: { en: label, sv: `Nivå ${key.slice(5)}`, "zh-CN": `等级 ${key.slice(5)}` },
    options: [
      { value: "gold", labels: { en: "Gold", sv: "Guld", "zh-CN": "金牌" } },
      { value: "silver", labels: { en: "Silver", sv: "Silver", "zh-CN": "银牌" } },
    ],
  });
  const person = await createContact(adminApi, { companyId: company.id, firstName: "Greta", lastName: unique("Custom") });
  await createContact(adminApi, { companyId: company.id, firstName: "Gustav", lastName: unique("Custom") });

  await signIn(page, user, `/contacts/${person.id}?tab=custom`);
  await expectShell(page);
  const form = page.getByTestId("contact-custom-form");
  await expect(form.getByText(label)).toBeVisible();
  await choose(page, form, `field-custom:${key}`, "Gold");
  await form.getByTestId("contact-custom-form-submit").click();
  await expect
    .poll(async () => (await adminApi.get<{ custom: Record<string, unknown> }>(`/api/contacts/${person.id}`)).custom[key])
    .toBe("gold");
  await expectAccessible(page, { name: "contact custom fields" });
  await screens(page, "contact-custom", ["desktop"]);

  await page.goto(`/contacts?f.companyId=${company.id}&f.custom.${key}=gold`);
  const rows = page.getByTestId("contacts-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(person.fullName);
  await expect(page.getByTestId(`filter-chip-custom.${key}`)).toContainText("Gold");
  await page.getByTestId("contacts-columns").click();
  await page.getByTestId(`column-toggle-custom.${key}`).click();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId(`column-custom.${key}`)).toHaveText(label);
  await expect(rows.first()).toContainText("Gold");
});

test.describe("at phone width (375×740)", () => {
  test.use({ viewport: phone });

  test("the contacts list, a contact and the new-contact form fit the screen", async ({ page, adminApi }) => {
    const user = await adminApi.createUser({ role: "administrator" });
    const company = await adminApi.createCompany({ name: unique("Phone Contact Co") });
    const token = unique("Phone").replace(/\s+/g, "");
    const person = await createContact(adminApi, {
      companyId: company.id,
      firstName: "Maximiliane",
      lastName: `${token}-Wallenberg-Oxenstierna`,
      title: "Vice President Industrial Equipment and Maintenance",
      emails: [{ type: "work", address: uniqueEmail("maximiliane.wallenberg-oxenstierna") }],
      phones: [{ type: "work", number: "+46 8 123 456 78" }],
      consentEmail: true,
    });
    await signIn(page, user, `/contacts?q=${encodeURIComponent(token)}`);
    await expectShell(page);
    const rows = page.getByTestId("contacts-row");
    await expect(rows).toHaveCount(1);
    await expectNoHorizontalScroll(page);
    await expectWithinWidth(page, '[data-testid="contacts-row"], [data-testid="contacts-search"], [data-testid="contact-new"]');
    await expect(rows.first()).toContainText(en("contacts:field.companyId"));
    await expectAccessible(page, { name: "contacts list on a phone" });
    await screens(page, "contacts-list-phone", ["phone"]);

    await rows.first().click();
    await expect(page.getByTestId("contact-title")).toHaveText(person.fullName);
    await expectNoHorizontalScroll(page);
    await expectWithinWidth(page, '[data-testid="contact-title"], [data-testid="contact-form"] input, [data-testid="contact-actions"] a');
    await screens(page, "contact-page-phone", ["phone"]);

    await page.goto("/contacts");
    await page.getByTestId("contact-new").click();
    const form = page.getByTestId("contact-create-form");
    await expect(form.getByTestId("field-lastName")).toBeVisible();
    await expectWithinWidth(page, '[data-testid="contact-create-form"] input, [data-testid="contact-create-form-submit"]');
    await screens(page, "contact-create-phone", ["phone"]);
  });
});
