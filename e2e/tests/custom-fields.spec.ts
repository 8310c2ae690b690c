/// <reference lib="dom" />
// Custom fields: an administrator defines a company section "Procurement" with labels in two
// languages and fields (a choice with options, money, a date), reorders them with the move
// buttons and by dragging, sees the server's answers (409 key taken, 412 changed elsewhere,
// archived instead of deleted while records hold values); the grade rules screen saves; a sales
// rep reads the definitions through the API but cannot open the settings screens.
import type { Locator, Page } from "@playwright/test";
import { Api, unique, type Company } from "../support/api";
import { expectAccessible } from "../support/axe";
import { expect, expectShell, signIn, test } from "../support/fixtures";
import { en, findEnglish, tr } from "../support/i18n";
import { expectNoHorizontalScroll } from "../support/layout";
import { phone, screens, settle } from "../support/screens";

type Field = {
  id: string;
  key: string;
  type: string;
  labels: Record<string, string>;
  position: number;
  archived: boolean;
  version: number;
};
type Section = { id: string; labels: Record<string, string>; position: number; version: number; fields: Field[] };
type Layout = { object: string; sections: Section[] };

const layout = (api: Api, object = "company") => api.get<Layout>("/api/custom-fields", { object });
const sectionOf = async (api: Api, en: string) => (await layout(api)).sections.find((section) => section.labels.en === en);
const keysOf = async (api: Api, en: string) => (await sectionOf(api, en))?.fields.map((field) => field.key) ?? [];

/** Picks `label` in a Mantine Select (the input carries the data-testid). */
async function choose(page: Page, input: Locator, label: string): Promise<void> {
  await input.click();
  await page.getByRole("option", { name: label, exact: true }).click();
}

/** Waits for the answer to a request to an API path (PATCH / POST / DELETE) and returns its status. */
function answer(page: Page, method: string, path: RegExp) {
  return page.waitForResponse((response) => response.request().method() === method && path.test(new URL(response.url()).pathname));
}

test("an administrator defines a company section in two languages, adds fields and reorders them", async ({ page, adminApi }) => {
  test.setTimeout(150_000);
  const token = unique("x").split(" ")[1]!.toLowerCase();
  const sectionName = `Procurement ${token}`;
  const sectionSv = `Inköp ${token}`;
  const labels = { channel: `Purchase channel ${token}`, budget: `Annual budget ${token}`, renewal: `Contract renewal ${token}` };
  const keys = { channel: `purchase_channel_${token}`, budget: `annual_budget_${token}`, renewal: `contract_renewal_${token}` };
  const user = await adminApi.createUser({ role: "administrator" });
  await signIn(page, user, "/admin/custom-fields");
  await expectShell(page);
  await expect(page.getByRole("heading", { name: en("settings:customFields.title") })).toBeVisible();
  await expect(page.getByTestId("tab-company")).toHaveAttribute("aria-selected", "true");
  const layoutOnScreen = page.getByTestId("layout-company");
  await expect(layoutOnScreen).toBeVisible();

  await test.step("add the section with English and Swedish labels", async () => {
    await layoutOnScreen.getByTestId("section-add").click();
    const dialog = page.getByTestId("section-dialog");
    await expect(dialog.getByTestId("section-label-en")).toBeFocused();
    // English is required: checked before anything is sent.
    await dialog.getByTestId("section-form-submit").click();
    await expect(dialog.getByText(en("settings:problem.englishRequired"))).toBeVisible();
    await dialog.getByTestId("section-label-en").fill(sectionName);
    await dialog.getByTestId("section-label-sv").fill(sectionSv);
    await expectAccessible(page, { name: "new custom section dialog", schemes: ["light"] });
    const post = answer(page, "POST", /^\/api\/custom-sections$/);
    await dialog.getByTestId("section-form-submit").click();
    expect((await post).status()).toBe(201);
    await expect(dialog).toBeHidden();
    const card = page.locator(`[data-testid="section-card"][data-section="${sectionName}"]`);
    await expect(card.getByTestId("section-title")).toHaveText(sectionName);
    await expect(card.getByText(`Svenska: ${sectionSv}`)).toBeVisible();
    expect((await sectionOf(adminApi, sectionName))?.labels).toEqual({ en: sectionName, sv: sectionSv });
  });

  const card = page.locator(`[data-testid="section-card"][data-section="${sectionName}"]`);
  const rows = card.getByTestId("field-row");

  await test.step("add a choice field with two options (key made from the English label)", async () => {
    await card.getByTestId("field-add").click();
    const dialog = page.getByTestId("field-dialog");
    await dialog.getByTestId("field-label-en").fill(labels.channel);
    await dialog.getByTestId("field-label-zh-CN").fill(`采购渠道 ${token}`);
    await expect(dialog.getByTestId("field-key")).toHaveValue(keys.channel);
    await choose(page, dialog.getByTestId("field-type"), en("settings:fieldType.choice"));
    await expect(dialog.getByTestId("options-editor")).toBeVisible();
    // An option without a label is refused on its field.
    await dialog.getByTestId("field-form-submit").click();
    await expect(dialog.getByText(en("settings:problem.englishRequired"))).toBeVisible();
    await dialog.getByTestId("option-label-0-en").fill("Framework agreement");
    await expect(dialog.getByTestId("option-value-0")).toHaveValue("framework-agreement");
    await dialog.getByTestId("option-label-0-sv").fill("Ramavtal");
    await dialog.getByTestId("option-add").click();
    await dialog.getByTestId("option-label-1-en").fill("Spot purchase");
    await dialog.getByTestId("option-label-1-sv").fill("Direktköp");
    // The preview uses the shared custom-value input and view: a choice shows by its label.
    await choose(page, dialog.getByTestId("field-preview-input"), "Spot purchase");
    await expect(dialog.getByTestId("field-preview-value")).toHaveText("Spot purchase");
    await expectAccessible(page, { name: "new custom field dialog", schemes: ["light"] });
    await screens(page, "custom-field-dialog");
    const post = answer(page, "POST", /^\/api\/custom-fields$/);
    await dialog.getByTestId("field-form-submit").click();
    expect((await post).status()).toBe(201);
    await expect(dialog).toBeHidden();
    await expect(rows).toHaveCount(1);
    const created = (await sectionOf(adminApi, sectionName))!.fields[0]!;
    expect(created).toMatchObject({
      key: keys.channel,
      type: "choice",
      labels: { en: labels.channel, "zh-CN": `采购渠道 ${token}` },
      options: [
        { value: "framework-agreement", labels: { en: "Framework agreement", sv: "Ramavtal" } },
        { value: "spot-purchase", labels: { en: "Spot purchase", sv: "Direktköp" } },
      ],
    });
  });

  await test.step("add a money field and a date field", async () => {
    for (const [label, type] of [
      [labels.budget, "money"],
      [labels.renewal, "date"],
    ] as const) {
      await card.getByTestId("field-add").click();
      const dialog = page.getByTestId("field-dialog");
      await dialog.getByTestId("field-label-en").fill(label);
      await choose(page, dialog.getByTestId("field-type"), en(`settings:fieldType.${type}`));
      await expect(dialog.getByTestId("options-editor")).toHaveCount(0);
      const preview = dialog.getByTestId("field-preview-input");
      if (type === "money") {
        await preview.fill("1234.5");
        await expect(dialog.getByTestId("field-preview-value")).toHaveText("€1,234.50");
      } else {
        await preview.fill("2026-03-01");
        await preview.press("Enter"); // tries the value; does not submit the dialog
        await preview.blur();
        await expect(dialog.getByTestId("field-preview-value")).toHaveText("Mar 1, 2026");
      }
      const post = answer(page, "POST", /^\/api\/custom-fields$/);
      await dialog.getByTestId("field-form-submit").click();
      expect((await post).status()).toBe(201);
      await expect(dialog).toBeHidden();
    }
    await expect(rows).toHaveCount(3);
    expect(await keysOf(adminApi, sectionName)).toEqual([keys.channel, keys.budget, keys.renewal]);
  });

  await test.step("a key in use is refused on the key field", async () => {
    await card.getByTestId("field-add").click();
    const dialog = page.getByTestId("field-dialog");
    await dialog.getByTestId("field-label-en").fill("Duplicate");
    await dialog.getByTestId("field-key").fill(keys.budget);
    await dialog.getByTestId("field-form-submit").click();
    await expect(dialog.getByText(en("settings:problem.keyTaken"))).toBeVisible();
    await dialog.getByTestId("field-form-cancel").click();
    await expect(dialog).toBeHidden();
    expect(await keysOf(adminApi, sectionName)).toHaveLength(3);
  });

  await test.step("reorder with the move buttons and by dragging; the order is saved", async () => {
    // Move buttons: the date field one up.
    const saved = answer(page, "PATCH", /^\/api\/custom-fields\//);
    await rows.filter({ hasText: labels.renewal }).getByTestId("field-up").click();
    expect((await saved).status()).toBe(200);
    await expect(rows.nth(1)).toHaveAttribute("data-key", keys.renewal);
    await expect.poll(() => keysOf(adminApi, sectionName)).toEqual([keys.channel, keys.renewal, keys.budget]);

    // Drag the money field (last) by its handle to the top.
    await expect(card.getByTestId("field-up").first()).toBeDisabled();
    await expect(rows.nth(2).getByTestId("field-up")).toBeEnabled();
    const handle = rows.nth(2).getByTestId("drag-handle");
    const target = await rows.nth(0).boundingBox();
    const from = await handle.boundingBox();
    await page.mouse.move(from!.x + from!.width / 2, from!.y + from!.height / 2);
    await page.mouse.down();
    for (let step = 1; step <= 12; step++) {
      await page.mouse.move(from!.x + from!.width / 2, from!.y + from!.height / 2 - ((from!.y - target!.y + 8) * step) / 12);
    }
    await page.mouse.up();
    await expect(rows.nth(0)).toHaveAttribute("data-key", keys.budget);
    await expect.poll(() => keysOf(adminApi, sectionName)).toEqual([keys.budget, keys.channel, keys.renewal]);

    // The keyboard drives the drag too: Space picks the handle up, an arrow moves, Space drops;
    // each step is announced to screen readers.
    await expect(rows.nth(2).getByTestId("field-up")).toBeEnabled(); // the last save is done
    const live = page.locator('[id^="DndLiveRegion"]');
    await rows.nth(2).getByTestId("drag-handle").focus();
    await page.keyboard.press("Space");
    // (dnd-kit says "picked up" and, at once, where the item is over: the latter stays.)
    await expect(live.filter({ hasText: en("settings:drag.over", { name: labels.renewal, position: 3, count: 3 }) })).toHaveCount(1);
    await page.keyboard.press("ArrowUp");
    await expect(live.filter({ hasText: en("settings:drag.over", { name: labels.renewal, position: 2, count: 3 }) })).toHaveCount(1);
    await page.keyboard.press("Space");
    await expect.poll(() => keysOf(adminApi, sectionName)).toEqual([keys.budget, keys.renewal, keys.channel]);
    await expect(rows.nth(1)).toHaveAttribute("data-key", keys.renewal);
  });

  await test.step("sections move too", async () => {
    const other = await adminApi.post<Section>("/api/custom-sections", { object: "company", labels: { en: `Logistics ${token}` } });
    const otherCard = page.locator(`[data-testid="section-card"][data-section="Logistics ${token}"]`);
    await expect(otherCard).toBeVisible(); // arrives live
    // Other tests may add sections meanwhile: move it up until it is above the Procurement section.
    const procurementId = (await sectionOf(adminApi, sectionName))!.id;
    const order = async () => (await layout(adminApi)).sections.map((section) => section.id);
    let ids = await order();
    expect(ids.indexOf(other.id)).toBeGreaterThan(ids.indexOf(procurementId));
    for (let moves = 0; moves < 10 && ids.indexOf(other.id) > ids.indexOf(procurementId); moves++) {
      const was = ids.indexOf(other.id);
      await otherCard.getByTestId("section-up").click();
      await expect(layoutOnScreen).not.toHaveAttribute("data-busy");
      ids = await order();
      expect(ids.indexOf(other.id), "one place up, saved").toBe(was - 1);
    }
    expect(ids.indexOf(other.id)).toBeLessThan(ids.indexOf(procurementId));
    const onScreen = await page.getByTestId("section-card").evaluateAll((cards) => cards.map((card) => card.getAttribute("data-section")));
    expect(onScreen.indexOf(`Logistics ${token}`)).toBeLessThan(onScreen.indexOf(sectionName));
    await adminApi.delete(`/api/custom-sections/${other.id}`);
    await expect(otherCard).toHaveCount(0);
  });

  await test.step("a change made elsewhere meanwhile: 412 said in the dialog, saving again applies", async () => {
    await rows.filter({ hasText: labels.channel }).getByTestId("field-actions").click();
    await page.getByTestId("field-edit").click();
    const dialog = page.getByTestId("field-dialog");
    await expect(dialog.getByTestId("field-key")).toBeDisabled();
    await expect(dialog.getByTestId("field-type")).toBeDisabled();
    const current = (await sectionOf(adminApi, sectionName))!.fields.find((field) => field.key === keys.channel)!;
    await adminApi.patch(
      `/api/custom-fields/${current.id}`,
      { labels: { ...current.labels, sv: `Inköpskanal ${token}` } },
      current.version,
    );
    await dialog.getByTestId("field-label-en").fill(`${labels.channel} (main)`);
    const stale = answer(page, "PATCH", /^\/api\/custom-fields\//);
    await dialog.getByTestId("field-form-submit").click();
    expect((await stale).status()).toBe(412);
    await expect(dialog.getByTestId("field-form-stale")).toBeVisible();
    const retry = answer(page, "PATCH", /^\/api\/custom-fields\//);
    await dialog.getByTestId("field-form-submit").click();
    expect((await retry).status()).toBe(200);
    await expect(dialog).toBeHidden();
    await expect(rows.filter({ hasText: `${labels.channel} (main)` })).toBeVisible();
  });

  await test.step("deleting a field records hold values for archives it instead; restore brings it back", async () => {
    const company = await adminApi.post<Company>("/api/companies", {
      name: unique("Custom value AB"),
      custom: { [keys.renewal]: "2027-01-31" },
    });
    const row = rows.filter({ hasText: labels.renewal });
    await row.getByTestId("field-actions").click();
    await page.getByTestId("field-delete").click();
    const confirmDialog = page.getByRole("dialog").filter({ hasText: en("settings:field.deleteMessage") });
    const removed = answer(page, "DELETE", /^\/api\/custom-fields\//);
    await confirmDialog.getByRole("button", { name: en("action.delete"), exact: true }).click();
    expect((await removed).status()).toBe(200);
    await expect(page.getByText(en("settings:field.archivedInstead", { name: labels.renewal }))).toBeVisible();
    await expect(row.getByTestId("field-archived")).toBeVisible();
    expect((await adminApi.company(company.id)) as Company & { custom: Record<string, unknown> }).toMatchObject({
      custom: { [keys.renewal]: "2027-01-31" },
    });
    await row.getByTestId("field-actions").click();
    await page.getByTestId("field-restore").click();
    await expect(row.getByTestId("field-archived")).toHaveCount(0);
  });

  await test.step("a field without values is deleted", async () => {
    const temp = await adminApi.post<Field>("/api/custom-fields", {
      sectionId: (await sectionOf(adminApi, sectionName))!.id,
      key: `temp_${token}`,
      type: "yes_no",
      labels: { en: `Temporary ${token}` },
    });
    const row = card.locator(`[data-testid="field-row"][data-key="${temp.key}"]`);
    await expect(row).toBeVisible();
    await row.getByTestId("field-actions").click();
    await page.getByTestId("field-delete").click();
    const removed = answer(page, "DELETE", /^\/api\/custom-fields\//);
    await page
      .getByRole("dialog")
      .getByRole("button", { name: en("action.delete"), exact: true })
      .click();
    expect((await removed).status()).toBe(204);
    await expect(row).toHaveCount(0);
  });

  await expectAccessible(page, { name: "custom fields screen" });
  await screens(page, "custom-fields");

  await test.step("at phone width the screen fits without scrolling sideways", async () => {
    await page.setViewportSize(phone);
    await expect(card.getByTestId("section-title")).toBeVisible();
    await expectNoHorizontalScroll(page);
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});

test("the grade rules screen explains the rules and saves them", async ({ page, adminApi }) => {
  const user = await adminApi.createUser({ role: "administrator" });
  await signIn(page, user, "/admin/grade-rules");
  await expectShell(page);
  await expect(page.getByTestId("grade-explanation")).toContainText(en("settings:grades.howOverride"));
  await expect(page.getByTestId("grade-row")).toHaveCount(4);
  const before = await adminApi.get<{ rules: { grade: string; enabled: boolean }[]; version: number }>("/api/settings/grade-rules");
  // A disabled rule's thresholds change nothing about other tests' companies.
  const disabled = before.rules.find((rule) => !rule.enabled);
  test.skip(!disabled, "every grade rule is enabled on this server");
  const grade = disabled!.grade;
  await expect(page.getByTestId("grades-save")).toBeDisabled();
  await page.getByTestId(`grade-${grade}-revenue`).fill("12.345");
  await page.getByTestId("grades-save").click();
  await expect(page.getByText(en("settings:grades.badAmount"))).toBeVisible();
  await page.getByTestId(`grade-${grade}-revenue`).fill("250 000");
  await page.getByTestId(`grade-${grade}-tenure`).fill("18");
  const put = answer(page, "PUT", /^\/api\/settings\/grade-rules$/);
  await page.getByTestId("grades-save").click();
  expect((await put).status()).toBe(200);
  await expect(page.getByTestId("grades-save")).toBeDisabled();
  const after = await adminApi.get<{
    rules: { grade: string; minRevenue12m: string | null; minTenureMonths: number | null; enabled: boolean }[];
  }>("/api/settings/grade-rules");
  expect(after.rules.find((rule) => rule.grade === grade)).toMatchObject({ minTenureMonths: 18, enabled: false });
  expect(Number(after.rules.find((rule) => rule.grade === grade)!.minRevenue12m)).toBe(250000);
  await expectAccessible(page, { name: "grade rules screen" });
  await screens(page, "grade-rules");
});

test("a sales rep reads the definitions but cannot open the settings screens", async ({ adminApi, openAs }) => {
  const rep = await adminApi.createUser({ role: "sales_rep" });
  const sectionName = unique("Procurement");
  await adminApi.post("/api/custom-sections", { object: "contact", labels: { en: sectionName, sv: `Inköp ${sectionName}` } });
  const repApi = await Api.signIn(rep);
  try {
    expect((await repApi.get<Layout>("/api/custom-fields", { object: "contact" })).sections.map((s) => s.labels.en)).toContain(sectionName);
    const refused = await repApi.raw("POST", "/api/custom-sections", { body: { object: "contact", labels: { en: "Not allowed" } } });
    expect(refused.status()).toBe(403);
  } finally {
    await repApi.dispose();
  }

  const { page } = await openAs(rep, "/admin/custom-fields?object=contact");
  await expectShell(page);
  await expect(page.getByTestId("forbidden")).toBeVisible();
  await expect(page.getByText(sectionName)).toHaveCount(0);
  const nav = page.getByRole("navigation", { name: en("nav.label") });
  await expect(nav.getByRole("link", { name: en("settings:nav.customFields") })).toHaveCount(0);
  await page.goto("/admin/grade-rules");
  await expectShell(page);
  await expect(page.getByTestId("forbidden")).toBeVisible();
  await expectAccessible(page, { name: "settings forbidden for a sales rep", schemes: ["light"] });
});

test("the settings screens speak Swedish", async ({ page, adminApi }) => {
  const user = await adminApi.createUser({ role: "administrator", locale: "sv" });
  const token = unique("Sv");
  const section = await adminApi.post<Section>("/api/custom-sections", {
    object: "contact",
    labels: { en: `Hobbies ${token}`, sv: `Fritid ${token}` },
  });
  await adminApi.post("/api/custom-fields", {
    sectionId: section.id,
    key: `sport_${token.split(" ")[1]!.toLowerCase()}`,
    type: "multi_choice",
    labels: { en: `Sport ${token}` },
    options: [{ value: "golf", labels: { en: "Golf" } }],
  });
  const userData = [user.name, user.email];
  await signIn(page, user, "/admin/custom-fields?object=contact");
  await expectShell(page);
  await expect(page.getByRole("heading", { name: tr("sv", "settings:customFields.title") })).toBeVisible();
  const card = page.locator(`[data-testid="section-card"][data-section="Hobbies ${token}"]`);
  await expect(card.getByTestId("section-title")).toHaveText(`Fritid ${token}`);
  await expect(card.getByText(tr("sv", "settings:fieldType.multi_choice"))).toBeVisible();
  await settle(page);
  expect(await findEnglish(page, "sv", userData)).toEqual([]);
  await card.getByTestId("field-add").click();
  await expect(page.getByTestId("field-dialog")).toBeVisible();
  expect(await findEnglish(page, "sv", userData)).toEqual([]);
  await page.getByTestId("field-form-cancel").click();

  await page.goto("/admin/grade-rules");
  await expectShell(page);
  await expect(page.getByTestId("grade-explanation")).toContainText(tr("sv", "settings:grades.howOverride"));
  await settle(page);
  expect(await findEnglish(page, "sv", userData)).toEqual([]);
  await screens(page, "grade-rules-sv", ["desktop"]);
});
