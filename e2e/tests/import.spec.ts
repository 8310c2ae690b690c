/// <reference lib="dom" />
// CSV import of companies: a file with two bad rows (a missing name, a country that does not
// exist) goes through the wizard — columns matched by their names, the preview marks the bad
// cells, a dry run and the real run list the errors with their line numbers, the errors come
// as CSV — then the fixed file is imported again with duplicates skipped, so only the two fixed
// rows are added. A long import stopped half-way keeps the rows it committed and resumes
// where it stopped. And the wizard at phone width.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { Api, unique } from "../support/api";
import { expectAccessible } from "../support/axe";
import { expect, expectShell, signIn, test } from "../support/fixtures";
import { en } from "../support/i18n";
import { expectNoHorizontalScroll, expectWithinWidth } from "../support/layout";
import { phone, screens } from "../support/screens";

const fixtures = path.join(import.meta.dirname, "..", "fixtures");

/** A fixture with this run's token in the company names, so reruns on the same server do not match earlier rows. */
function csvFile(name: string, token: string) {
  const text = readFileSync(path.join(fixtures, name), "utf8").replaceAll("{{token}}", token);
  return { name, mimeType: "text/csv", buffer: Buffer.from(text, "utf8") };
}

/** Chooses the file and uploads it; the wizard continues on the import's own page. */
async function upload(page: Page, file: ReturnType<typeof csvFile>): Promise<string> {
  await page.getByTestId("import-file-input").setInputFiles(file);
  await expect(page.getByTestId("import-file-name")).toHaveText(file.name);
  await expect(page.getByTestId("import-file-size")).not.toBeEmpty();
  await page.getByTestId("import-upload").click();
  await expect(page).toHaveURL(/\/imports\/[0-9a-f-]{36}/);
  await expect(page.getByTestId("import-steps")).toHaveAttribute("data-step", "mapping");
  return page.url().split("/imports/")[1]!.split(/[?#]/)[0]!;
}

const column = (page: Page, header: string) => page.locator(`[data-testid="import-column"][data-header="${header}"]`);
const stat = (page: Page, key: string) => page.getByTestId(`import-stat-${key}-value`);
const errorRow = (page: Page, line: number) => page.locator(`[data-testid="import-error-row"][data-line="${line}"]`);

test("a CSV with two bad rows shows their errors by line; the fixed file adds only those rows", async ({ page, adminApi }) => {
  test.slow();
  const user = await adminApi.createUser({ role: "administrator" });
  const token = unique("Imp").split(" ")[1]!;
  await signIn(page, user, "/companies");
  await expectShell(page);

  // The navigation leads to the imports, which are empty for a new user.
  await page.getByRole("link", { name: en("imports:nav") }).click();
  await expect(page).toHaveURL(/\/imports$/);
  await expect(page.getByText(en("imports:history.empty"))).toBeVisible();
  await page.getByTestId("imports-new").click();
  await expect(page).toHaveURL(/\/imports\/new/);
  await expect(page.getByTestId("import-steps")).toHaveAttribute("data-step", "file");

  // 1. The file: companies (the default), chosen through the file input the drop zone opens.
  await expect(page.getByTestId("import-object").getByRole("radio", { name: en("imports:object.company.plural") })).toBeChecked();
  await page.getByTestId("import-file-input").setInputFiles(csvFile("companies-with-errors.csv", token));
  await screens(page, "import-file");
  const firstId = await upload(page, csvFile("companies-with-errors.csv", token));
  await expect(page.getByTestId("import-page")).toContainText("companies-with-errors.csv");

  // 2. Columns: suggested from the header names (semicolons, UTF-8), required name marked.
  await expect(column(page, "Company name").getByTestId("import-column-target")).toHaveValue(`${en("imports:field.company.name")} *`);
  await expect(column(page, "Country").getByTestId("import-column-target")).toHaveValue(en("imports:field.company.country"));
  await expect(column(page, "City").getByTestId("import-column-target")).toHaveValue(en("imports:field.company.city"));
  await expect(page.getByTestId("import-mapped-count")).toHaveText(en("imports:mapping.count", { mapped: 4, total: 4 }));
  await expectAccessible(page, { name: "import column mapping" });
  await screens(page, "import-mapping");

  // The mapping saved under a name, for the next file like this one (a name is required).
  const mappingName = `Companies ${token}`;
  await page.getByTestId("import-save-mapping").click();
  const naming = page.getByTestId("import-save-mapping-dialog");
  await naming.getByTestId("import-mapping-form-submit").click();
  await expect(naming.getByTestId("import-mapping-name")).toHaveAttribute("aria-invalid", "true");
  await naming.getByTestId("import-mapping-name").fill(mappingName);
  await naming.getByTestId("import-mapping-form-submit").click();
  await expect(naming).toBeHidden();
  await expect(page.getByText(en("imports:saved.saved", { name: mappingName }))).toBeVisible();
  await page.getByTestId("import-next").click();

  // 3. Duplicates: skip is the default, each choice explained.
  await expect(page.getByTestId("import-steps")).toHaveAttribute("data-step", "options");
  await expect(page.getByTestId("import-duplicates-skip")).toHaveAttribute("data-checked", "true");
  await expect(page.getByTestId("import-options")).toContainText(en("imports:options.update.title"));
  await screens(page, "import-options");
  await page.getByTestId("import-next").click();

  // 4. Preview: the bad cells of lines 4 (no name) and 5 (no such country) are marked.
  await expect(page.getByTestId("import-steps")).toHaveAttribute("data-step", "preview");
  const previewRows = page.getByTestId("import-preview-row");
  await expect(previewRows).toHaveCount(5);
  await expect(page.locator('[data-testid="import-preview-row"][data-invalid]')).toHaveCount(2);
  await expect(page.locator('[data-testid="import-preview-row"][data-line="4"] td[data-field="name"][data-invalid]')).toBeVisible();
  await expect(page.locator('[data-testid="import-preview-row"][data-line="5"] td[data-field="country"][data-invalid]')).toHaveText(
    "Atlantis",
  );
  await expect(page.locator('[data-testid="import-preview-row"][data-line="2"]')).toContainText(`Fjord Analytics ${token}`);
  await expect(page.locator('[data-testid="import-preview-row"][data-line="2"]')).toContainText("Göteborg");

  // The dry run checks every row, writes nothing, and lists the errors a real run would give.
  await page.getByTestId("import-dry-run-start").click();
  await expect(page.getByTestId("import-dry-run-outcome")).toContainText(en("imports:dryRun.problems_other", { rows: 2 }), {
    timeout: 30_000,
  });
  await expect(stat(page, "created")).toHaveText("3");
  await expect(stat(page, "errors")).toHaveText("2");
  await expect(errorRow(page, 4)).toContainText(en("imports:field.company.name"));
  await expect(errorRow(page, 5)).toContainText(en("imports:field.company.country"));
  const afterDryRun = await adminApi.get<{ items: { name: string }[] }>("/api/companies", { q: token, limit: 50 });
  expect(afterDryRun.items.filter((company) => company.name.includes(token))).toEqual([]);
  await expectAccessible(page, { name: "import preview and dry run" });
  await screens(page, "import-preview");

  // 5 and 6. The real run: progress, then the result with the same two errors by line.
  await page.getByTestId("import-start").click();
  await expect(page.getByTestId("import-progress")).toBeVisible();
  await expect(page.getByTestId("import-outcome")).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  await expect(page.getByTestId("import-steps")).toHaveAttribute("data-step", "result");
  await expect(page.getByTestId("import-progress-rows")).toHaveAttribute("data-processed", "5");
  await expect(stat(page, "created")).toHaveText("3");
  await expect(stat(page, "skipped")).toHaveText("0");
  await expect(stat(page, "errors")).toHaveText("2");
  await expect(page.getByTestId("import-error-row")).toHaveCount(2);
  await expect(errorRow(page, 4)).toContainText(en("imports:field.company.name"));
  await expect(errorRow(page, 5)).toContainText(en("imports:field.company.country"));
  await expect(errorRow(page, 5)).toContainText(/country|ISO|code/i);
  await expectAccessible(page, { name: "import result" });
  await screens(page, "import-result");

  // The errors as CSV: each failed line with its problems and its original cells.
  const downloading = page.waitForEvent("download");
  await page.getByTestId("import-errors-csv").click();
  const download = await downloading;
  const errorsCsv = readFileSync((await download.path())!, "utf8");
  expect(errorsCsv).toContain("import_line");
  expect(errorsCsv).toMatch(/^4[,;]/m);
  expect(errorsCsv).toContain(`Harbor Foods ${token}`);
  expect(errorsCsv).not.toContain(`Fjord Analytics ${token}`);

  // The fixed file, imported again with duplicates skipped: only the two fixed rows are added.
  await page.getByTestId("import-another").click();
  await expect(page).toHaveURL(/\/imports\/new\?object=company/);
  const secondId = await upload(page, csvFile("companies-fixed.csv", token));
  expect(secondId).not.toBe(firstId);
  await expect(column(page, "Company name").getByTestId("import-column-target")).toHaveValue(`${en("imports:field.company.name")} *`);
  // A column left out (choosing its field again deselects it), then the saved mapping brings it back.
  const country = column(page, "Country").getByTestId("import-column-target");
  await country.click();
  await page.getByRole("option", { name: en("imports:field.company.country"), exact: true }).click();
  await expect(country).toHaveValue("");
  await expect(page.getByTestId("import-mapped-count")).toHaveText(en("imports:mapping.count", { mapped: 3, total: 4 }));
  await page.getByTestId("import-apply-mapping").click();
  await page.getByRole("option", { name: en("imports:saved.option", { name: mappingName, matching: 4, total: 4 }) }).click();
  await expect(country).toHaveValue(en("imports:field.company.country"));
  await expect(page.getByTestId("import-mapped-count")).toHaveText(en("imports:mapping.count", { mapped: 4, total: 4 }));
  // Deleted, it is no longer offered.
  await page.getByRole("button", { name: en("imports:saved.manage") }).click();
  await page.getByRole("menuitem", { name: mappingName }).click();
  await page
    .getByRole("dialog")
    .getByRole("button", { name: en("imports:saved.delete") })
    .click();
  await expect(page.getByText(en("imports:saved.deleted", { name: mappingName }))).toBeVisible();
  await expect(page.getByTestId("import-apply-mapping")).toBeDisabled();
  await page.getByTestId("import-next").click();
  await page.getByTestId("import-duplicates-skip").click();
  await page.getByTestId("import-next").click();
  await expect(page.locator('[data-testid="import-preview-row"][data-invalid]')).toHaveCount(0);
  await page.getByTestId("import-start").click();
  await expect(page.getByTestId("import-progress")).toBeVisible();
  await expect(page.getByTestId("import-outcome")).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  await expect(stat(page, "created")).toHaveText("2");
  await expect(stat(page, "skipped")).toHaveText("3");
  await expect(stat(page, "errors")).toHaveText("0");
  await expect(page.getByText(en("imports:errors.none"))).toBeVisible();

  const companies = await adminApi.get<{ items: { name: string; country: string | null }[] }>("/api/companies", { q: token, limit: 50 });
  const imported = companies.items.filter((company) => company.name.includes(token));
  expect(imported.map((company) => company.name).sort()).toEqual(
    ["Fjord Analytics", "Granite Works", "Harbor Foods", "Lumen Labs", "Nordic Retail"].map((name) => `${name} ${token}`),
  );
  expect(imported.find((company) => company.name.startsWith("Harbor"))?.country).toBe("DK");
  expect(imported.find((company) => company.name.startsWith("Granite"))?.country).toBe("NO");

  // The imported companies in their list, newest first; both imports in the history.
  await page.getByTestId("import-open-list").click();
  await expect(page).toHaveURL(/\/companies\?sort=-createdAt/);
  await page.getByTestId("companies-search").fill(token);
  await expect(page.getByTestId("companies-row")).toHaveCount(5);
  await page.goto("/imports");
  await expect(page.getByTestId("imports-row")).toHaveCount(2);
  await expect(page.getByTestId("imports-row").first()).toContainText("companies-fixed.csv");
  await screens(page, "import-history");
});

test("a long import stopped half-way keeps what it committed and resumes where it stopped", async ({ page, adminApi }) => {
  test.setTimeout(150_000);
  const user = await adminApi.createUser({ role: "administrator" });
  const token = unique("Stp").split(" ")[1]!;
  // Chunks of 1,000 rows commit one after another: 6,000 rows take a few seconds, time enough to stop half-way.
  const rows = 6_000;
  const lines = ["Company name;Country", ...Array.from({ length: rows }, (_, i) => `Stop Test ${i} ${token};SE`)];
  const file = { name: "companies-long.csv", mimeType: "text/csv", buffer: Buffer.from(`${lines.join("\r\n")}\r\n`, "utf8") };
  const asUser = await Api.signIn(user);
  type Job = { status: string; totalRows: number; processedRows: number; createdRows: number; errorRows: number };
  // Counted page by page: a list's total is exact only up to 1,000 (then an estimate).
  const imported = async () => {
    let count = 0;
    let cursor: string | null = null;
    do {
      const page: { items: unknown[]; nextCursor: string | null } = await adminApi.get("/api/companies", {
        q: token,
        limit: 200,
        ...(cursor ? { cursor } : {}),
      });
      count += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    return count;
  };

  await signIn(page, user, "/imports/new?object=company");
  await expectShell(page);
  const id = await upload(page, file);
  await page.getByTestId("import-next").click();
  await expect(page.getByTestId("import-steps")).toHaveAttribute("data-step", "options");
  await page.getByTestId("import-next").click();
  await expect(page.getByTestId("import-steps")).toHaveAttribute("data-step", "preview");
  await page.getByTestId("import-start").click();

  // Running, its progress live; stopped once the first chunk is in.
  await expect(page.getByTestId("import-steps")).toHaveAttribute("data-step", "run");
  const progress = page.getByTestId("import-progress-rows");
  await expect(progress).toHaveAttribute("data-total", String(rows));
  await expect.poll(async () => Number(await progress.getAttribute("data-processed")), { timeout: 30_000 }).toBeGreaterThan(0);
  await page.getByTestId("import-cancel").click();
  await page
    .getByRole("dialog")
    .getByRole("button", { name: en("imports:cancel.confirm") })
    .click();
  await expect(page.getByTestId("import-outcome")).toHaveAttribute("data-status", "cancelled", { timeout: 30_000 });
  await expect(page.getByTestId("import-steps")).toHaveAttribute("data-step", "result");
  await expect(page.getByTestId("import-outcome")).toContainText(en("imports:result.cancelled"));

  // Stopped between two chunks: what it counts is exactly what it wrote, and it did not reach the end.
  const stopped = await asUser.get<Job>(`/api/imports/${id}`);
  expect(stopped.status).toBe("cancelled");
  expect(stopped.processedRows).toBeGreaterThan(0);
  expect(stopped.processedRows).toBeLessThan(rows);
  expect(stopped.processedRows % 1_000).toBe(0);
  expect(stopped.createdRows).toBe(stopped.processedRows);
  expect(await imported()).toBe(stopped.createdRows);
  await expect(progress).toHaveAttribute("data-processed", String(stopped.processedRows));
  await expect(stat(page, "created")).toHaveText(stopped.createdRows.toLocaleString("en-US"));
  await expectAccessible(page, { name: "stopped import" });
  await screens(page, "import-stopped");

  // Resumed: it goes on from the next row to the end — every row once, none twice.
  await page.getByTestId("import-resume").click();
  await expect(page.getByTestId("import-outcome")).toHaveAttribute("data-status", "done", { timeout: 90_000 });
  await expect(page.getByTestId("import-resume")).toHaveCount(0);
  await expect(progress).toHaveAttribute("data-processed", String(rows));
  await expect(stat(page, "created")).toHaveText(rows.toLocaleString("en-US"));
  const done = await asUser.get<Job>(`/api/imports/${id}`);
  expect(done).toMatchObject({ status: "done", processedRows: rows, createdRows: rows, errorRows: 0 });
  expect(await imported()).toBe(rows);
  await asUser.dispose();
});

test.describe("at phone width (375×740)", () => {
  test.use({ viewport: phone });

  test("the import wizard fits the screen at every step", async ({ page, adminApi }) => {
    const user = await adminApi.createUser({ role: "administrator" });
    const token = unique("Pho").split(" ")[1]!;
    await signIn(page, user, "/imports/new?object=company");
    await expectShell(page);
    await expect(page.getByTestId("import-steps")).toHaveAttribute("data-step", "file");
    await expectNoHorizontalScroll(page);
    await expectWithinWidth(page, '[data-testid="import-drop"], [data-testid="import-upload"]');

    await upload(page, csvFile("companies-with-errors.csv", token));
    await expectNoHorizontalScroll(page);
    await expectWithinWidth(page, '[data-testid="import-column"], [data-testid="import-next"]');
    await page.getByTestId("import-next").click();
    await expect(page.getByTestId("import-steps")).toHaveAttribute("data-step", "options");
    await expectNoHorizontalScroll(page);
    await page.getByTestId("import-next").click();
    await expect(page.getByTestId("import-preview-row")).toHaveCount(5);
    // The preview table scrolls inside its box; the page does not.
    await expectNoHorizontalScroll(page);
    await expectWithinWidth(page, '[data-testid="import-start"], [data-testid="import-dry-run-start"]');
    await page.getByTestId("import-start").click();
    await expect(page.getByTestId("import-outcome")).toHaveAttribute("data-status", "done", { timeout: 60_000 });
    await expect(page.getByTestId("import-error-row")).toHaveCount(2);
    await expectNoHorizontalScroll(page);
    await expectWithinWidth(
      page,
      '[data-testid="import-stats"], [data-testid="import-open-list"], [data-testid="import-another"], [data-testid="import-errors-csv"]',
    );
    await expectAccessible(page, { name: "import result on a phone" });
    await page.goto("/imports");
    await expect(page.getByTestId("imports-row")).toHaveCount(1);
    await expectNoHorizontalScroll(page);
  });
});
