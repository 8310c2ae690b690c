/// <reference lib="dom" />
// The settings and finishing touches of contracts: an administrator edits the value-segment
// thresholds (a change saved elsewhere meanwhile answers 412 and the page offers to keep the edits)
// and the reminder defaults (a new contract then offers the new lead time). On a client card: the
// contract links a revision of the company's contract document and links to it; global search finds
// the contract and opens it on the Contracts tab; a manual invoice with a product line and a free
// line is issued; a payment left on account is applied to it afterwards. Desktop and phone screens.
import type { Locator, Page } from "@playwright/test";
import { unique, type Api } from "../support/api";
import { expect, expectShell, signIn, test } from "../support/fixtures";
import { en } from "../support/i18n";
import { expectNoHorizontalScroll } from "../support/layout";
import { settle } from "../support/screens";

type Segments = { keyMinScore: number; longStandingMinMonths: number; newMaxMonths: number; version: number };
type Reminders = { contractLeadDays: number; invoiceLeadDays: number; collectionSteps: number[]; version: number };
type Contract = { id: string; version: number; documentRevisionId: string | null; document: { id: string; revisionNumber: number } | null };
type Invoice = { id: string; number: string; total: string; outstanding: string; status: string; lines: { description: string }[] };
type Payment = { id: string; unapplied: string; allocations: { invoiceNumber: string; amount: string }[] };

const phoneTall = { width: 390, height: 844 } as const;

/** Screenshots at desktop size and at 390×844 (full page; no sideways scrolling on the phone). */
async function shoot(page: Page, name: string): Promise<void> {
  const original = page.viewportSize();
  for (const [size, viewport] of [
    ["desktop", { width: 1280, height: 800 }],
    ["phone", phoneTall],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(200);
    await settle(page);
    if (size === "phone") await expectNoHorizontalScroll(page);
    await page.screenshot({
      path: test.info().outputPath(`screens/contracts-settings-${name}-${size}.png`),
      fullPage: true,
      animations: "disabled",
    });
  }
  if (original) await page.setViewportSize(original);
}

async function put<T>(api: Api, path: string, body: unknown, version: number): Promise<T> {
  const response = await api.context.fetch(path, {
    method: "PUT",
    headers: { accept: "application/json", "x-csrf-token": await api.refreshCsrf(), "if-match": `"${version}"` },
    data: body,
  });
  expect(response.ok(), `PUT ${path} answered ${response.status()}: ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

/** Uploads a text file as a new document (or, with `documentId`, its next revision). */
async function upload(api: Api, path: string, query: Record<string, string>, content: string) {
  const response = await api.context.fetch(path, {
    method: "POST",
    params: query,
    headers: { accept: "application/json", "content-type": "application/octet-stream", "x-csrf-token": await api.refreshCsrf() },
    data: Buffer.from(content, "utf8"),
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: string; current: { id: string; number: number } };
}

/** Picks an option of a Mantine select, typing first to narrow it. */
async function choose(page: Page, input: Locator, typed: string, option: RegExp): Promise<void> {
  await input.click();
  if (typed) await input.fill(typed);
  await page.getByRole("option", { name: option }).first().click();
}

const answer = (page: Page, method: string, path: RegExp) =>
  page.waitForResponse((response) => response.request().method() === method && path.test(new URL(response.url()).pathname));

test("administrators edit the segment thresholds and reminder defaults; a concurrent change answers 412", async ({ page, adminApi }) => {
  test.setTimeout(180_000);
  const user = await adminApi.createUser({ role: "administrator" });
  const original = await adminApi.get<Segments>("/api/settings/value-segments");
  const originalReminders = await adminApi.get<Reminders>("/api/settings/reminders");
  try {
    // ── value segments ──
    await signIn(page, user, "/admin/value-segments");
    await expectShell(page);
    await expect(page.getByRole("heading", { name: en("settings:valueSegments.title") })).toBeVisible();
    const keyScore = page.getByTestId("segments-keyMinScore");
    await expect(keyScore).toHaveValue(String(original.keyMinScore));
    await shoot(page, "segments");

    // Out of range: said on the field, nothing sent.
    await keyScore.fill("101");
    await page.getByTestId("segments-save").click();
    await expect(page.getByText(en("settings:valueSegments.between", { min: 1, max: 100 }))).toBeVisible();
    const unchanged = await adminApi.get<Segments>("/api/settings/value-segments");
    expect(unchanged.version).toBe(original.version);

    // Editing while someone else saves: the live change marks the form stale, saving answers 412,
    // keeping the edits saves them over the newest version.
    const mine = original.keyMinScore === 77 ? 78 : 77;
    await keyScore.fill(String(mine));
    const theirs = await put<Segments>(
      adminApi,
      "/api/settings/value-segments",
      {
        keyMinScore: original.keyMinScore,
        longStandingMinMonths: original.longStandingMinMonths,
        newMaxMonths: original.newMaxMonths === 12 ? 13 : 12,
      },
      original.version,
    );
    await expect(page.getByTestId("settings-stale")).toBeVisible();
    const refused = answer(page, "PUT", /^\/api\/settings\/value-segments$/);
    await page.getByTestId("segments-save").click();
    expect((await refused).status()).toBe(412);
    await expect(page.getByTestId("settings-stale")).toBeVisible();
    await shoot(page, "segments-stale");
    await page.getByTestId("settings-keep-mine").click();
    const saved = answer(page, "PUT", /^\/api\/settings\/value-segments$/);
    await page.getByTestId("segments-save").click();
    expect((await saved).status()).toBe(200);
    await expect(page.getByTestId("settings-stale")).toBeHidden();
    await expect(page.getByTestId("value-segments")).toHaveAttribute("data-version", String(theirs.version + 1));
    expect(await adminApi.get<Segments>("/api/settings/value-segments")).toMatchObject({ keyMinScore: mine, version: theirs.version + 1 });

    // ── reminders ──
    await page.goto("/admin/reminders");
    await expect(page.getByRole("heading", { name: en("settings:reminders.title") })).toBeVisible();
    const lead = originalReminders.contractLeadDays === 21 ? 22 : 21;
    await page.getByTestId("reminders-contract-lead").fill(String(lead));
    await page.getByTestId("reminders-invoice-lead").fill("5");
    const steps = page.getByTestId("reminders-step");
    const stepCount = originalReminders.collectionSteps.length;
    await expect(steps).toHaveCount(stepCount);
    // Steps must ascend: a step before its predecessor is refused on the field.
    if (stepCount >= 6) await page.getByTestId(`reminders-remove-${stepCount - 1}`).click();
    await page.getByTestId("reminders-add-step").click();
    const added = page.getByTestId(`reminders-step-${Math.min(stepCount, 5)}`);
    await added.fill("0");
    await page.getByTestId("reminders-save").click();
    await expect(page.getByText(en("settings:reminders.ascending"))).toBeVisible();
    await added.fill("120");
    await shoot(page, "reminders");
    const savedReminders = answer(page, "PUT", /^\/api\/settings\/reminders$/);
    await page.getByTestId("reminders-save").click();
    expect((await savedReminders).status()).toBe(200);
    const now = await adminApi.get<Reminders>("/api/settings/reminders");
    expect(now).toMatchObject({ contractLeadDays: lead, invoiceLeadDays: 5 });
    expect(now.collectionSteps.at(-1)).toBe(120);

    // A new contract offers the new default lead time (empty field: the default applies).
    const company = await adminApi.createCompany({ name: unique("Reminded client") });
    await page.goto(`/companies/${company.id}?tab=contracts`);
    await page.getByTestId("panel-contracts").getByTestId("contract-new").click();
    const form = page.getByTestId("contract-form");
    await expect(form.getByTestId("contract-reminder-lead")).toHaveAttribute(
      "placeholder",
      en("contracts:form.defaultLeadDays_other", { count: lead }),
    );
    const number = `R-${unique("x").split(" ")[1]!.toUpperCase()}`;
    await form.getByTestId("contract-number").fill(number);
    await form.getByTestId("contract-title").fill("Default lead time");
    await choose(page, form.getByTestId("contract-currency"), "EUR", /^EUR/);
    await form.getByTestId("contract-form-submit").click();
    await expect(form).toBeHidden();
    await expect(page.getByTestId("contract-detail")).toContainText(en("contracts:detail.days_other", { count: lead }));
  } finally {
    const segments = await adminApi.get<Segments>("/api/settings/value-segments");
    await put(
      adminApi,
      "/api/settings/value-segments",
      { keyMinScore: original.keyMinScore, longStandingMinMonths: original.longStandingMinMonths, newMaxMonths: original.newMaxMonths },
      segments.version,
    );
    const reminders = await adminApi.get<Reminders>("/api/settings/reminders");
    await put(
      adminApi,
      "/api/settings/reminders",
      {
        contractLeadDays: originalReminders.contractLeadDays,
        invoiceLeadDays: originalReminders.invoiceLeadDays,
        collectionSteps: originalReminders.collectionSteps,
      },
      reminders.version,
    );
  }
});

test("a contract links its document and is found by search; a manual invoice is issued and money on account applied to it", async ({
  page,
  adminApi,
}) => {
  test.setTimeout(180_000);
  const token = unique("x").split(" ")[1]!.toUpperCase();
  const user = await adminApi.createUser({ role: "administrator" });
  const company = await adminApi.createCompany({ name: unique("Papers client") });
  const productCode = `FEE-${token}`;
  await adminApi.post("/api/products", {
    code: productCode,
    name: `Setup fee ${token}`,
    category: "Services",
    unit: "pcs",
    kind: "goods",
    prices: [{ currency: "EUR", listPrice: "300.00" }],
  });
  const document = await upload(
    adminApi,
    "/api/documents",
    { recordType: "company", recordId: company.id, kind: "contract", title: `Agreement ${token}`, fileName: "agreement-v1.txt" },
    "Agreement, first draft",
  );
  const second = await upload(
    adminApi,
    `/api/documents/${document.id}/revisions`,
    { fileName: "agreement-signed.txt", note: "Signed" },
    "Agreement, signed",
  );
  const number = `D-${token}`;
  const contract = await adminApi.post<Contract>(`/api/companies/${company.id}/contracts`, {
    number,
    title: "Signed papers",
    currency: "EUR",
  });

  // ── global search opens the contract on its company's Contracts tab ──
  await signIn(page, user, "/");
  await expectShell(page);
  await page.keyboard.press("Control+K");
  await page.getByRole("textbox", { name: en("palette.placeholder") }).fill(number);
  const hit = page.getByTestId("palette-hit").filter({ hasText: number });
  await expect(hit).toContainText(en("object.contract"));
  await hit.click();
  await expect(page).toHaveURL(new RegExp(`/companies/${company.id}\\?.*contract=${contract.id}`));
  const detail = page.getByTestId("contract-detail");
  await expect(detail.getByTestId("contract-heading")).toContainText(number);
  await expect(detail.getByTestId("contract-document-none")).toBeVisible();

  // ── link the signed revision of the contract document ──
  await detail.getByTestId("contract-edit").click();
  const form = page.getByTestId("contract-form");
  await choose(page, form.getByTestId("contract-document"), token, new RegExp(`Agreement ${token}`));
  // Without a revision the form says so.
  await form.getByTestId("contract-form-submit").click();
  await expect(form.getByText(en("contracts:form.pickRevision"))).toBeVisible();
  await choose(page, form.getByTestId("contract-document-revision"), "", /^Revision 2 · agreement-signed\.txt/);
  await shoot(page, "contract-document-dialog");
  await form.getByTestId("contract-form-submit").click();
  await expect(form).toBeHidden();
  const link = detail.getByTestId("contract-document-link");
  await expect(link).toContainText(en("contracts:detail.document", { title: `Agreement ${token}`, number: 2 }));
  await expect(link).toHaveAttribute("href", `/documents/${document.id}?revision=${second.current.id}`);
  const linked = await adminApi.get<Contract>(`/api/companies/${company.id}/contracts/${contract.id}`);
  expect(linked).toMatchObject({ documentRevisionId: second.current.id, document: { id: document.id, revisionNumber: 2 } });
  await shoot(page, "contract-document");
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/documents/${document.id}`));
  await page.goBack();
  await expect(page.getByTestId("contract-detail")).toBeVisible();

  // ── a manual invoice: a product line and a free-text line ──
  await page.getByTestId("tab-receivables").click();
  const receivables = page.getByTestId("panel-receivables");
  await receivables.getByTestId("invoice-new").click();
  const invoiceForm = page.getByTestId("invoice-form");
  await choose(page, invoiceForm.getByTestId("invoice-currency"), "EUR", /^EUR/);
  await choose(page, invoiceForm.getByTestId("invoice-line-product").first(), productCode, new RegExp(`^${productCode} ·`));
  await expect(invoiceForm.getByTestId("invoice-line-price").first()).toHaveValue("300.00");
  await invoiceForm.getByTestId("invoice-line-quantity").first().fill("2");
  await invoiceForm.getByTestId("invoice-line-add").click();
  // An empty free line is refused before sending.
  await invoiceForm.getByTestId("invoice-form-submit").click();
  await expect(invoiceForm.getByTestId("invoice-line").nth(1).getByText(en("contracts:form.required"))).toBeVisible();
  await invoiceForm.getByTestId("invoice-line-description").nth(1).fill("Travel");
  await invoiceForm.getByTestId("invoice-line-price").nth(1).fill("150.5");
  await expect(invoiceForm.getByTestId("invoice-total")).toContainText("€750.50");
  await shoot(page, "invoice-dialog");
  await invoiceForm.getByTestId("invoice-form-submit").click();
  await expect(invoiceForm).toBeHidden();
  await expect(receivables.getByTestId("invoice-row")).toHaveCount(1);
  await expect(receivables.getByTestId("ar-open")).toContainText("€750.50");
  const invoices = (await adminApi.get<{ items: Invoice[] }>(`/api/companies/${company.id}/invoices`)).items;
  expect(invoices).toHaveLength(1);
  expect(invoices[0]).toMatchObject({ status: "issued", total: "750.50" });
  // (The server keeps no line order within an invoice: compared as a set.)
  expect(invoices[0]!.lines.map((line) => line.description).sort()).toEqual([`${productCode} · Setup fee ${token}`, "Travel"].sort());

  // ── money received without an invoice stays on account; applied later ──
  const today = new Date().toISOString().slice(0, 10);
  await adminApi.post(`/api/companies/${company.id}/payments`, { currency: "EUR", amount: "500.00", receivedOn: today, allocations: [] });
  const paymentRow = receivables.getByTestId("payment-row");
  await expect(paymentRow.getByTestId("payment-unapplied")).toContainText("€500.00");
  await paymentRow.getByTestId("payment-allocate").click();
  const allocate = page.getByTestId("allocate-form");
  // Proposed oldest first: all 500 on the one open invoice.
  await expect(allocate.getByTestId("allocate-apply")).toHaveValue("500.00");
  await allocate.getByTestId("allocate-apply").fill("600");
  await allocate.getByTestId("allocate-form-submit").click();
  await expect(allocate.getByTestId("allocate-error")).toHaveText(en("contracts:allocate.tooMuch"));
  await allocate.getByTestId("allocate-apply").fill("450");
  await shoot(page, "allocate-dialog");
  await allocate.getByTestId("allocate-form-submit").click();
  await expect(allocate).toBeHidden();
  await expect(paymentRow.getByTestId("payment-unapplied")).toContainText("€50.00");
  await expect(receivables.getByTestId("ar-open")).toContainText("€300.50");
  const payments = (await adminApi.get<{ items: Payment[] }>(`/api/companies/${company.id}/payments`)).items;
  expect(payments[0]).toMatchObject({ unapplied: "50.00", allocations: [{ invoiceNumber: invoices[0]!.number, amount: "450.00" }] });
  await shoot(page, "receivables");
});
