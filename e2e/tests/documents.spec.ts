/// <reference lib="dom" />
// Documents with revisions on a client card: the empty tab, a proposal uploaded and revised twice
// with change notes, its history, a metadata comparison, a pinned comment on the second revision,
// the PDF and image previews, a share link to the third revision opened and downloaded in a
// signed-out browser, then revoked (the link's page says it is gone). File names carrying XSS
// payloads show as plain text everywhere. Screens at desktop and phone size.
import { readFile } from "node:fs/promises";
import { crc32, deflateSync } from "node:zlib";
import type { Locator, Page } from "@playwright/test";
import { Api, unique } from "../support/api";
import { expectAccessible } from "../support/axe";
import { expect, expectShell, newAppContext, signIn, test } from "../support/fixtures";
import { en } from "../support/i18n";
import { expectNoHorizontalScroll } from "../support/layout";
import { screens, settle } from "../support/screens";

type Revision = { id: string; number: number; fileName: string; size: number; note: string | null; sha256: string };
type DocumentDetail = { id: string; title: string; version: number; revisionCount: number; current: Revision; revisions: Revision[] };
type Comment = {
  id: string;
  revisionId: string;
  revisionNumber: number;
  body: string;
  anchor: { page: number; x: number; y: number } | null;
};
type Share = { id: string; state: string; revisionNumber: number };

/** A PDF whose pages show `lines` (one a page), with a valid cross-reference table. */
function pdf(lines: string[]): Buffer {
  const pages = lines.map((_, index) => 3 + index * 2);
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    `<< /Type /Pages /Kids [${pages.map((id) => `${id} 0 R`).join(" ")}] /Count ${lines.length} >>`,
  ];
  const font = 3 + lines.length * 2;
  for (const [index, line] of lines.entries()) {
    const stream = `BT /F1 28 Tf 72 700 Td (${line.replace(/[\\()]/g, "\\$&")}) Tj ET 0.2 0.4 0.8 rg 72 420 468 200 re f`;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${4 + index * 2} 0 R /Resources << /Font << /F1 ${font} 0 R >> >> >>`,
      `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    );
  }
  objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

/** A `width`×`height` RGB PNG with a diagonal two-colour split (something to see in the preview). */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const typed = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed) >>> 0);
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const at = y * (width * 3 + 1) + 1 + x * 3;
      rows.set(x / width > y / height ? [230, 120, 30] : [40, 90, 200], at);
    }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** File names that would run if ever put into the page as markup (no slash: a name is its last path segment). */
const hostileNames = [
  `<img src=x onerror=alert(1)>.png`,
  `"><svg onload=window.__xss=1>.pdf`,
  `<a href=javascript:alert(document.cookie)>click<a>.pdf`,
];

/** Markup a hostile name could have become under `root`: elements other than our icons, event-handler attributes, a script that ran. */
function inert(root: Locator) {
  return root.evaluate((element) => ({
    markup: element.querySelectorAll(":is(script, iframe, object, embed, img, svg:not(.tabler-icon), a[href^='javascript' i])").length,
    handlers: Array.from(element.querySelectorAll("*")).filter((inner) =>
      Array.from(inner.attributes).some((attribute) => /^on/i.test(attribute.name)),
    ).length,
    ran: (window as unknown as { __xss?: unknown }).__xss !== undefined,
  }));
}

function answer(page: Page, method: string, path: RegExp) {
  return page.waitForResponse((response) => response.request().method() === method && path.test(new URL(response.url()).pathname));
}

/** Picks `label` in a Mantine select. */
async function choose(page: Page, input: Locator, label: string): Promise<void> {
  await input.click();
  await page.getByRole("option", { name: label, exact: true }).click();
}

/** The preview shows a drawn PDF page: the canvas has pixels other than white. */
async function expectPdfDrawn(preview: Locator): Promise<void> {
  await expect(preview).toHaveAttribute("data-rendered", "true", { timeout: 20_000 });
  await expect
    .poll(() =>
      preview.locator("canvas").evaluate((canvas: HTMLCanvasElement) => {
        const context = canvas.getContext("2d");
        if (!context || canvas.width === 0) return 0;
        const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
        let coloured = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i]! < 200 || data[i + 1]! < 200 || data[i + 2]! < 200) coloured++;
        return coloured;
      }),
    )
    .toBeGreaterThan(1000);
}

test("a proposal in three revisions: history, comparison, a comment on revision 2, previews and a share link", async ({
  page,
  adminApi,
  browser,
}) => {
  test.setTimeout(180_000);
  const user = await adminApi.createUser({ role: "administrator", name: unique("Doris Documents") });
  const company = await adminApi.createCompany({ name: unique("Paper Trail") });
  const files = [
    { name: "proposal-v1.pdf", buffer: pdf(["Proposal, first draft"]), note: "First draft for the kick-off" },
    { name: "proposal-v2.pdf", buffer: pdf(["Proposal, new prices", "Appendix: price list"]), note: "Prices updated after the meeting" },
    { name: "proposal-final.pdf", buffer: pdf(["Proposal, final", "Appendix: price list", "Terms"]), note: "Final terms agreed" },
  ] as const;
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });

  await signIn(page, user, `/companies/${company.id}?tab=documents`);
  await expectShell(page);
  const panel = page.getByTestId("documents-panel");

  await test.step("the Documents tab starts empty, with a place to drop files", async () => {
    await expect(page.getByRole("tab", { name: en("documents:tab") })).toHaveAttribute("aria-selected", "true");
    await expect(panel.getByText(en("documents:list.empty"))).toBeVisible();
    await expect(panel.getByText(en("documents:list.emptyHint"))).toBeVisible();
    await expect(panel.getByTestId("documents-drop")).toBeVisible();
    await settle(page);
    await expectAccessible(page, { name: "empty documents tab" });
    await screens(page, "documents-empty");
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoHorizontalScroll(page);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  let document: DocumentDetail;
  await test.step("upload the first revision of a proposal with a change note", async () => {
    await panel
      .getByTestId("documents-drop-input")
      .setInputFiles({ name: files[0].name, mimeType: "application/pdf", buffer: files[0].buffer });
    const dialog = page.getByTestId("upload-dialog");
    const entry = dialog.getByTestId("upload-entry");
    await expect(entry).toHaveCount(1);
    // The title starts from the file name; the kind from the filter (none: proposal).
    await expect(entry.getByTestId("upload-title")).toHaveValue("proposal-v1");
    await expect(entry.getByTestId("upload-kind")).toHaveValue(en("documents:kind.proposal"));
    await entry.getByTestId("upload-title").fill("");
    await expect(entry.getByText(en("documents:upload.titleRequired"))).toBeVisible();
    await expect(dialog.getByTestId("upload-submit")).toBeDisabled();
    await entry.getByTestId("upload-title").fill("Proposal 2025");
    await entry.getByTestId("upload-note").fill(files[0].note);
    await expect(dialog.getByTestId("upload-limits")).toBeVisible();
    await screens(page, "documents-upload-dialog");
    const post = answer(page, "POST", /^\/api\/documents$/);
    await dialog.getByTestId("upload-submit").click();
    const response = await post;
    expect(response.status()).toBe(201);
    document = (await response.json()) as DocumentDetail;
    await expect(dialog).toBeHidden();
    expect(document.current).toMatchObject({ number: 1, fileName: files[0].name, note: files[0].note, size: files[0].buffer.length });
    const row = panel.locator(`[data-testid="document-row"][data-document="${document.id}"]`);
    await expect(row.getByTestId("document-link")).toHaveText("Proposal 2025");
    await expect(row).toContainText(files[0].name);
    await expect(panel.locator('[data-testid="documents-group"][data-kind="proposal"]')).toBeVisible();
  });

  await test.step("open it and upload revisions 2 and 3, each with its change note", async () => {
    await panel.getByTestId("document-link").click();
    await expect(page).toHaveURL(new RegExp(`/documents/${document.id}`));
    await expect(page.getByTestId("document-title")).toHaveText("Proposal 2025");
    await expectPdfDrawn(page.getByTestId("preview-pdf"));
    for (const [index, file] of files.slice(1).entries()) {
      const number = index + 2;
      await page.getByTestId("document-new-revision").click();
      const dialog = page.getByTestId("revision-dialog");
      await expect(dialog.getByRole("heading", { name: en("documents:revision.newTitle", { number }) })).toBeVisible();
      await expect(dialog.getByTestId("revision-submit")).toBeDisabled();
      await dialog.getByTestId("revision-drop-input").setInputFiles({ name: file.name, mimeType: "application/pdf", buffer: file.buffer });
      await expect(dialog.getByTestId("revision-file")).toContainText(file.name);
      await dialog.getByTestId("revision-note").fill(file.note);
      if (number === 2) await screens(page, "documents-new-revision");
      const post = answer(page, "POST", new RegExp(`^/api/documents/${document.id}/revisions$`));
      await dialog.getByTestId("revision-submit").click();
      const response = await post;
      expect(response.status()).toBe(201);
      document = (await response.json()) as DocumentDetail;
      await expect(dialog).toBeHidden();
      expect(document.current).toMatchObject({ number, fileName: file.name, note: file.note });
      await expect(page.getByTestId("preview-caption")).toContainText(file.name);
    }
    // The newest revision shows; it has three pages.
    const preview = page.getByTestId("preview-pdf");
    await expectPdfDrawn(preview);
    await expect(preview).toHaveAttribute("data-pages", "3");
    await page.getByTestId("preview-next").click();
    await expect(page.getByTestId("preview-page-number")).toHaveText(en("documents:preview.page", { page: 2, pages: 3 }));
    await expectPdfDrawn(preview);
  });

  await test.step("the revision history lists all three, newest first, with author and change note", async () => {
    await page.getByTestId("tab-revisions").click();
    const revisions = page.getByTestId("revision");
    await expect(revisions).toHaveCount(3);
    await expect(revisions.nth(0)).toHaveAttribute("data-number", "3");
    await expect(revisions.nth(2)).toHaveAttribute("data-number", "1");
    await expect(page.getByTestId("revision-note-text")).toHaveText([files[2].note, files[1].note, files[0].note]);
    for (const revision of await revisions.all()) await expect(revision).toContainText(user.name);
    await expect(revisions.nth(0).getByText(en("documents:revision.current"))).toBeVisible();
    // Every revision can be downloaded, byte for byte.
    const download = page.waitForEvent("download");
    await page.locator('[data-testid="revision"][data-number="1"]').getByTestId("revision-download").click();
    const saved = await download;
    expect(saved.suggestedFilename()).toBe(files[0].name);
    expect(await readFile(await saved.path())).toEqual(files[0].buffer);
    await settle(page);
    await expectAccessible(page, { name: "document page with revisions" });
    await screens(page, "documents-revisions");
  });

  await test.step("compare revision 2 with 3, then 1 with 3: what changed is marked", async () => {
    await page.locator('[data-testid="revision"][data-number="3"]').getByTestId("revision-compare").click();
    const dialog = page.getByTestId("compare-dialog");
    await expect(dialog.getByTestId("compare-result")).toBeVisible();
    const row = (field: string) => dialog.locator(`[data-testid="compare-row"][data-field="${field}"]`);
    await expect(row("fileName")).toHaveAttribute("data-changed", "true");
    await expect(row("fileName")).toContainText(files[1].name);
    await expect(row("fileName")).toContainText(files[2].name);
    await expect(row("note")).toHaveAttribute("data-changed", "true");
    await expect(row("size")).toHaveAttribute("data-changed", "true");
    await expect(row("author")).toHaveAttribute("data-changed", "false");
    await expect(row("contentType")).toHaveAttribute("data-changed", "false");
    await expect(dialog.getByTestId("compare-content")).toHaveText(en("documents:compare.differs"));
    await expect(dialog).toContainText(en("documents:compare.larger", { size: "" }).trim());
    await screens(page, "documents-compare");
    const fetched = answer(page, "GET", new RegExp(`^/api/documents/${document.id}/compare$`));
    await choose(page, dialog.getByTestId("compare-from"), en("documents:revision.label", { number: 1, fileName: files[0].name }));
    const comparison = (await (await fetched).json()) as { from: Revision; to: Revision; changed: string[] };
    expect(comparison.from.number).toBe(1);
    expect(comparison.to.number).toBe(3);
    await expect(row("note")).toContainText(files[0].note);
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
  });

  let comment: Comment;
  await test.step("comment on revision 2, pinned to a spot on its first page", async () => {
    await page.locator('[data-testid="revision"][data-number="2"]').getByTestId("revision-view").click();
    await expect(page).toHaveURL(new RegExp(`revision=${document.revisions.find((r) => r.number === 2)!.id}`));
    await expect(page.getByTestId("preview-caption")).toContainText(files[1].name);
    const preview = page.getByTestId("preview-pdf");
    await expectPdfDrawn(preview);
    await page.getByTestId("tab-comments").click();
    const comments = page.getByTestId("comments-panel");
    await expect(comments.getByText(en("documents:comments.empty", { number: 2 }))).toBeVisible();
    await comments.getByTestId("comment-text").fill("The discount on page 1 should be 12%, not 10%.");
    await comments.getByTestId("comment-place-pin").click();
    await expect(comments.getByTestId("comment-pin-hint")).toBeVisible();
    const surface = preview.getByTestId("preview-surface");
    await expect(surface).toHaveAttribute("data-placing", "true");
    const box = (await surface.boundingBox())!;
    await surface.click({ position: { x: box.width * 0.25, y: box.height * 0.5 } });
    await expect(surface.getByTestId("preview-pin")).toHaveCount(1);
    await expect(comments.getByText(en("documents:comments.pinned", { page: 1 }))).toBeVisible();
    const post = answer(page, "POST", /\/comments$/);
    await comments.getByTestId("comment-submit").click();
    const response = await post;
    expect(response.status()).toBe(201);
    comment = (await response.json()) as Comment;
    expect(comment).toMatchObject({ revisionNumber: 2, body: "The discount on page 1 should be 12%, not 10%." });
    expect(comment.anchor!.page).toBe(1);
    expect(comment.anchor!.x).toBeCloseTo(0.25, 1);
    expect(comment.anchor!.y).toBeCloseTo(0.5, 1);
    await expect(comments.getByTestId("comment")).toHaveCount(1);
    await expect(comments.getByTestId("comment-body")).toHaveText(comment.body);
    await expect(comments.getByTestId("comment-text")).toHaveValue("");
    await expect(page.getByTestId("tab-comments")).toHaveText(en("documents:comments.tab_one", { count: 1 }));
    await settle(page);
    await screens(page, "documents-comment");
  });

  await test.step("the comment belongs to revision 2 only; resolving it closes it", async () => {
    await page.getByTestId("tab-revisions").click();
    await page.locator('[data-testid="revision"][data-number="3"]').getByTestId("revision-view").click();
    await expect(page.getByTestId("preview-caption")).toContainText(files[2].name);
    await page.getByTestId("tab-comments").click();
    await expect(page.getByTestId("comments-panel").getByText(en("documents:comments.empty", { number: 3 }))).toBeVisible();
    await expect(page.getByTestId("preview-pin")).toHaveCount(0);
    await page.getByTestId("tab-revisions").click();
    await page.locator('[data-testid="revision"][data-number="2"]').getByTestId("revision-view").click();
    await page.getByTestId("tab-comments").click();
    const item = page.getByTestId("comment");
    await expect(item).toHaveAttribute("data-resolved", "false");
    const patch = answer(page, "PATCH", new RegExp(`/comments/${comment.id}$`));
    await item.getByTestId("comment-resolve").click();
    expect((await patch).status()).toBe(200);
    await expect(item).toHaveAttribute("data-resolved", "true");
    await expect(page.getByTestId("tab-comments")).toHaveText(en("documents:comments.tab_other", { count: 0 }));
    // A colleague's comment on the same revision arrives live.
    const colleague = await adminApi.createUser({ role: "administrator", name: unique("Colin Colleague") });
    const asColleague = await Api.signIn(colleague);
    const second = document.revisions.find((revision) => revision.number === 2)!;
    await asColleague.post<Comment>(`/api/documents/${document.id}/revisions/${second.id}/comments`, { body: "Agreed, 12% it is." });
    await asColleague.dispose();
    await expect(page.getByTestId("comment")).toHaveCount(2);
    await expect(page.getByTestId("comment").nth(1)).toContainText(colleague.name);
    await expect(page.getByTestId("comment").nth(1).getByTestId("comment-body")).toHaveText("Agreed, 12% it is.");
    await expect(page.getByTestId("tab-comments")).toHaveText(en("documents:comments.tab_one", { count: 1 }));
  });

  let address = "";
  await test.step("share revision 3 by a link that expires in 7 days", async () => {
    await page.getByTestId("document-share").click();
    const dialog = page.getByTestId("share-dialog");
    await expect(dialog.getByText(en("documents:share.none"))).toBeVisible();
    // The dialog starts with the revision on screen (2); the third is chosen.
    await expect(dialog.getByTestId("share-revision")).toHaveValue(en("documents:revision.label", { number: 2, fileName: files[1].name }));
    await choose(page, dialog.getByTestId("share-revision"), en("documents:revision.label", { number: 3, fileName: files[2].name }));
    await expect(dialog.getByTestId("share-expiry")).toHaveValue(en("documents:share.days_other", { count: 7 }));
    const post = answer(page, "POST", /\/shares$/);
    await dialog.getByTestId("share-create").click();
    expect((await post).status()).toBe(201);
    await expect(dialog.getByTestId("share-created")).toBeVisible();
    address = await dialog.getByTestId("share-address").inputValue();
    expect(address).toMatch(new RegExp(`^${new URL(page.url()).origin}/share/[A-Za-z0-9_-]{20,}$`));
    const link = dialog.getByTestId("share-link");
    await expect(link).toHaveCount(1);
    await expect(link).toHaveAttribute("data-state", "active");
    await expect(link).toContainText(en("documents:revision.short", { number: 3 }));
    await settle(page);
    await expectAccessible(page, { name: "share dialog", schemes: ["light"] });
    await screens(page, "documents-share-dialog");
  });

  const outside = await newAppContext(browser, { acceptDownloads: true });
  const stranger = await outside.newPage();
  stranger.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const strangerErrors: string[] = [];
  stranger.on("pageerror", (error) => strangerErrors.push(error.message));

  await test.step("a signed-out browser opens the link, sees revision 3's preview and downloads it", async () => {
    await stranger.goto(address);
    await expect(stranger.getByTestId("share-title")).toHaveText("Proposal 2025");
    await expect(stranger.getByTestId("share-meta")).toContainText(files[2].name);
    await expect(stranger.getByTestId("share-meta")).toContainText(
      en("documents:public.meta", { number: 3, fileName: "", size: "", date: "" }).split(" · ")[0]!,
    );
    // Signed out: no app shell and no session.
    await expect(stranger.getByTestId("user-menu")).toHaveCount(0);
    const preview = stranger.getByTestId("preview-pdf");
    await expectPdfDrawn(preview);
    await expect(preview).toHaveAttribute("data-pages", "3");
    const download = stranger.waitForEvent("download");
    await stranger.getByTestId("share-download").click();
    const saved = await download;
    expect(saved.suggestedFilename()).toBe(files[2].name);
    expect(await readFile(await saved.path())).toEqual(files[2].buffer);
    await settle(stranger);
    await expectAccessible(stranger, { name: "share page" });
    await screens(stranger, "documents-share-page");
    await stranger.setViewportSize({ width: 390, height: 844 });
    await expectPdfDrawn(preview);
    await expectNoHorizontalScroll(stranger);
    await stranger.setViewportSize({ width: 1280, height: 800 });
  });

  await test.step("the link counts its opens; revoking it makes the page say it no longer works", async () => {
    const dialog = page.getByTestId("share-dialog");
    // The open arrives live in the dialog that stayed open.
    const link = dialog.getByTestId("share-link");
    await expect(link).toContainText(en("documents:share.opens_one", { count: 1 }));
    await link.getByTestId("share-revoke").click();
    const confirmation = page.getByRole("dialog", { name: en("documents:share.revokeTitle") });
    await expect(confirmation).toBeVisible();
    const removal = answer(page, "DELETE", /\/shares\/[^/]+$/);
    await confirmation.getByRole("button", { name: en("documents:share.revoke") }).click();
    expect((await removal).status()).toBe(204);
    await expect(link).toHaveAttribute("data-state", "revoked");
    await expect(link.getByTestId("share-revoke")).toHaveCount(0);
    await expect(link).toContainText(en("documents:share.state.revoked"));
    const asUser = await Api.signIn(user);
    const shares = await asUser.get<{ items: Share[] }>(`/api/documents/${document.id}/shares`);
    await asUser.dispose();
    expect(shares.items.map((share) => share.state)).toEqual(["revoked"]);

    const token = address.split("/share/")[1]!;
    const answered = stranger.waitForResponse((response) => new URL(response.url()).pathname === `/api/public/shares/${token}`);
    await stranger.reload();
    expect((await answered).status()).toBe(404);
    await expect(stranger.getByTestId("share-gone")).toBeVisible();
    await expect(stranger.getByText(en("documents:public.goneTitle"))).toBeVisible();
    await expect(stranger.getByTestId("share-download")).toHaveCount(0);
    // The file is gone through the link too.
    expect((await stranger.request.get(`/api/public/shares/${token}/content`)).status()).toBe(404);
    await screens(stranger, "documents-share-gone");
  });
  await outside.close();

  await test.step("on a phone the document page fits the screen", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expect(page.getByTestId("document-title")).toHaveText("Proposal 2025");
    await expectPdfDrawn(page.getByTestId("preview-pdf"));
    await expectNoHorizontalScroll(page);
    await page.getByTestId("tab-revisions").click();
    await expect(page.getByTestId("revision")).toHaveCount(3);
    await expectNoHorizontalScroll(page);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await test.step("the client card lists the proposal at revision 3", async () => {
    await page.getByTestId("document-back").click();
    const row = panel.locator(`[data-testid="document-row"][data-document="${document.id}"]`);
    await expect(row).toContainText(files[2].name);
    await expect(row).toContainText(en("documents:revision.short", { number: 3 }));
  });

  expect(strangerErrors).toEqual([]);
  expect(dialogs).toEqual([]);
});

test("an image previews in the browser; hostile file names render as plain text", async ({ page, adminApi, browser }) => {
  test.setTimeout(120_000);
  const user = await adminApi.createUser({ role: "administrator" });
  const company = await adminApi.createCompany({ name: unique("Hostile Names") });
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const image = png(480, 320);

  await signIn(page, user, `/companies/${company.id}?tab=documents`);
  await expectShell(page);
  const panel = page.getByTestId("documents-panel");
  await expect(panel.getByText(en("documents:list.empty"))).toBeVisible();

  await test.step("upload an image and two PDFs under hostile names, as manuals", async () => {
    await panel.getByTestId("documents-kind-filter").click();
    await page.getByRole("option", { name: en("documents:kind.manual"), exact: true }).click();
    await expect(panel.getByText(en("documents:list.emptyKind", { kind: en("documents:kind.manual") }))).toBeVisible();
    await panel.getByTestId("documents-drop-input").setInputFiles([
      { name: hostileNames[0]!, mimeType: "image/png", buffer: image },
      { name: hostileNames[1]!, mimeType: "application/pdf", buffer: pdf(["Hostile one"]) },
      { name: hostileNames[2]!, mimeType: "application/pdf", buffer: pdf(["Hostile two"]) },
    ]);
    const dialog = page.getByTestId("upload-dialog");
    await expect(dialog.getByTestId("upload-entry")).toHaveCount(3);
    for (const title of await dialog.getByTestId("upload-title").all()) await expect(title).not.toHaveValue("");
    await expect(dialog.getByTestId("upload-kind").first()).toHaveValue(en("documents:kind.manual"));
    await expect(dialog.getByTestId("upload-submit")).toHaveText(en("documents:upload.submit_other", { count: 3 }));
    await dialog.getByTestId("upload-submit").click();
    await expect(dialog).toBeHidden({ timeout: 20_000 });
    await expect(panel.getByTestId("document-row")).toHaveCount(3);
  });

  await test.step("the names show as text in the list, on the page and in the history", async () => {
    for (const name of hostileNames) await expect(panel.getByText(name, { exact: false }).first()).toBeVisible();
    await settle(page);
    await screens(page, "documents-hostile-list");
    const row = panel.getByTestId("document-row").filter({ hasText: hostileNames[0]! });
    await row.getByTestId("document-link").click();
    await expect(page.getByTestId("preview-caption")).toContainText(hostileNames[0]!);
    const preview = page.getByTestId("preview-image");
    const img = preview.locator("img");
    await expect(img).toHaveAttribute("alt", hostileNames[0]!);
    await expect.poll(() => img.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth)).toBe(480);
    await page.getByTestId("tab-revisions").click();
    await expect(page.getByTestId("revision")).toContainText(hostileNames[0]!);
    // The only image on the page is the preview itself, its name as alt text.
    await expect(page.getByTestId("document-page").locator("img")).toHaveCount(1);
    expect(await inert(page.getByTestId("document-title"))).toEqual({ markup: 0, handlers: 0, ran: false });
    expect(await inert(page.getByTestId("revisions"))).toEqual({ markup: 0, handlers: 0, ran: false });
    await settle(page);
    await expectAccessible(page, { name: "image document" });
    await screens(page, "documents-image");
  });

  await test.step("a comment pinned on the image", async () => {
    await page.getByTestId("tab-comments").click();
    const comments = page.getByTestId("comments-panel");
    await comments.getByTestId("comment-text").fill(`<img src=x onerror=alert("comment")> the logo is too small`);
    await comments.getByTestId("comment-place-pin").click();
    const surface = page.getByTestId("preview-image").getByTestId("preview-surface");
    await surface.click({ position: { x: 40, y: 40 } });
    await comments.getByTestId("comment-submit").click();
    await expect(comments.getByTestId("comment-body")).toHaveText(`<img src=x onerror=alert("comment")> the logo is too small`);
    await expect(surface.getByTestId("preview-pin")).toHaveCount(1);
  });

  await test.step("the share page of the image shows it, and its name as text, signed out", async () => {
    await page.getByTestId("document-share").click();
    const dialog = page.getByTestId("share-dialog");
    await dialog.getByTestId("share-create").click();
    const address = await dialog.getByTestId("share-address").inputValue();
    const context = await newAppContext(browser);
    const stranger = await context.newPage();
    stranger.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await stranger.goto(address);
    await expect(stranger.getByTestId("share-meta")).toContainText(hostileNames[0]!);
    expect(await inert(stranger.getByTestId("share-meta"))).toEqual({ markup: 0, handlers: 0, ran: false });
    const img = stranger.getByTestId("preview-image").locator("img");
    await expect.poll(() => img.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth)).toBe(480);
    expect(await stranger.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    await context.close();
    await page.keyboard.press("Escape");
  });

  await test.step("nothing of the names ran or became markup", async () => {
    await page.getByTestId("document-back").click();
    await expect(panel.getByTestId("document-row")).toHaveCount(3);
    for (const row of await panel.getByTestId("document-row").all()) await row.hover();
    await page.waitForTimeout(300);
    for (const row of await panel.getByTestId("document-row").all())
      expect(await inert(row)).toEqual({ markup: 0, handlers: 0, ran: false });
  });
  expect(dialogs).toEqual([]);
});

test("the documents tab and the document page show their loading and error states, and a retry recovers", async ({ page, adminApi }) => {
  const user = await adminApi.createUser({ role: "administrator" });
  const company = await adminApi.createCompany({ name: unique("Flaky Files") });
  let fail = true;
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/api\/documents\?/, async (route) => {
    await held;
    if (fail)
      return route.fulfill({
        status: 503,
        contentType: "application/json",
        body: JSON.stringify({ code: "unavailable", message: "Down" }),
      });
    return route.continue();
  });
  await signIn(page, user, `/companies/${company.id}?tab=documents`);
  const panel = page.getByTestId("documents-panel");
  await expect(panel.getByRole("status").first()).toBeVisible();
  await screens(page, "documents-loading", ["desktop"]);
  release();
  await expect(panel.getByRole("alert")).toBeVisible({ timeout: 20_000 });
  await screens(page, "documents-error");
  fail = false;
  await panel.getByRole("button", { name: en("action.retry") }).click();
  await expect(panel.getByText(en("documents:list.empty"))).toBeVisible();

  await test.step("a document that is not there (or hidden) says so", async () => {
    await page.goto("/documents/00000000-0000-4000-8000-000000000000");
    await expect(page.getByRole("alert")).toBeVisible();
    await expect(page.getByTestId("document-page")).toHaveCount(0);
  });
});

test("a contact's document shows on the contact's tab and on the client card, named by the contact", async ({ page, adminApi }) => {
  const user = await adminApi.createUser({ role: "administrator" });
  const company = await adminApi.createCompany({ name: unique("Contact Papers") });
  const contact = await adminApi.post<{ id: string; fullName: string }>("/api/contacts", {
    companyId: company.id,
    firstName: "Cecilia",
    lastName: unique("Contract"),
    ignoreDuplicates: true,
  });
  await signIn(page, user, `/contacts/${contact.id}?tab=documents`);
  await expectShell(page);
  const panel = page.getByTestId("documents-panel");
  await expect(panel.getByText(en("documents:list.empty"))).toBeVisible();
  await panel
    .getByTestId("documents-drop-input")
    .setInputFiles({ name: "signed-contract.pdf", mimeType: "application/pdf", buffer: pdf(["Signed"]) });
  const dialog = page.getByTestId("upload-dialog");
  await choose(page, dialog.getByTestId("upload-kind"), en("documents:kind.contract"));
  const post = answer(page, "POST", /^\/api\/documents$/);
  await dialog.getByTestId("upload-submit").click();
  const created = (await (await post).json()) as DocumentDetail & { recordType: string; kind: string };
  expect(created).toMatchObject({ recordType: "contact", kind: "contract", title: "signed-contract" });
  await expect(panel.locator('[data-testid="documents-group"][data-kind="contract"]').getByTestId("document-row")).toHaveCount(1);

  await page.goto(`/companies/${company.id}?tab=documents`);
  const row = panel.locator(`[data-testid="document-row"][data-document="${created.id}"]`);
  await expect(row).toContainText(en("documents:list.onContact", { name: contact.fullName }));
  await row.getByTestId("document-link").click();
  await expect(page.getByTestId("document-back")).toHaveText(en("documents:page.back", { name: contact.fullName }));
  await page.getByTestId("document-back").click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${contact.id}`));
  await expect(panel.getByTestId("document-row")).toHaveCount(1);
});
