/// <reference lib="dom" />
// The timeline (corporate memory): on a client card a user logs a call with two contacts and a
// next step for a colleague; the colleague, signed in in a browser of their own, sees the task
// arrive in My work and their bell count it without a reload. A note that @mentions the colleague
// reaches their bell too and leads to the entry. Filters by type, words, person and date; pinned
// notes on top; an edit of an entry someone changed meanwhile (412 → reload and say so); the call
// on a contact's page. System entries (stage, grade, owner, documents) and the whole group's
// timeline with each entry's company. The XSS corpus stored as notes renders with no dialog and no
// script running. Screens at desktop and phone size, with the loading, empty and error states.
import type { Locator, Page } from "@playwright/test";
import { Api, unique } from "../support/api";
import { expectAccessible } from "../support/axe";
import { expect, expectShell, signIn, test } from "../support/fixtures";
import { en } from "../support/i18n";
import { expectNoHorizontalScroll } from "../support/layout";
import path from "node:path";
import { phone, screens, settle } from "../support/screens";
import { xssCorpus } from "../../server/src/modules/timeline/timeline.xss-corpus";

type Entry = {
  id: string;
  kind: string;
  subject: string | null;
  bodyHtml: string | null;
  pinned: boolean;
  version: number;
  nextStep: { text: string; assigneeId: string; taskId: string | null } | null;
  contacts: { id: string; name: string }[];
};
type Contact = { id: string; fullName: string };
type Task = { id: string; title: string; assigneeId: string; related: { type: string; id: string } | null };
type Notification = { kind: string; link: string | null; params: Record<string, unknown> };
type Company = { id: string; name: string; version: number };

/** A phone the size of a current handset (the shared `screens` helper covers a smaller one). */
const handset = { width: 390, height: 844 } as const;

/** A full-page screenshot at 390×844 next to the others, then back to the desktop size; no horizontal scrolling there. */
async function handsetScreen(page: Page, name: string): Promise<void> {
  await page.setViewportSize(handset);
  await page.waitForTimeout(150);
  await settle(page);
  await expectNoHorizontalScroll(page);
  await page.screenshot({
    path: path.join(test.info().project.outputDir, "screens", `${name}-390x844.png`),
    fullPage: true,
    animations: "disabled",
    caret: "hide",
  });
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** `YYYY-MM-DDTHH:mm` two days from now at 10:00, as a datetime-local input takes it (the user's zone is UTC by default). */
function inTwoDays(): string {
  const date = new Date(Date.now() + 2 * 86_400_000);
  return `${date.toISOString().slice(0, 10)}T10:00`;
}

/** PATCH /api/companies/:id with its current version, as another user would. */
async function changeCompany(api: Api, id: string, body: Record<string, unknown>): Promise<Company> {
  const current = await api.get<Company>(`/api/companies/${id}`);
  return api.patch<Company>(`/api/companies/${id}`, body, current.version);
}

/** Uploads a plain-text file as a document's first revision (POST /api/documents) or its next one. */
async function upload(api: Api, url: string, query: Record<string, string>, content: string): Promise<{ id: string }> {
  const csrf = await api.refreshCsrf();
  const response = await api.context.fetch(url, {
    method: "POST",
    params: query,
    headers: { accept: "application/json", "content-type": "application/octet-stream", "x-csrf-token": csrf },
    data: Buffer.from(content, "utf8"),
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: string };
}

/** PUT /api/companies/:id/parent (If-Match: the highest version of the company's links). */
async function setParent(api: Api, companyId: string, parentId: string): Promise<void> {
  const links = (await api.get<{ items: { version: number }[] }>(`/api/companies/${companyId}/links`)).items;
  const version = links.reduce((highest, link) => Math.max(highest, link.version), 0);
  const csrf = await api.refreshCsrf();
  const response = await api.context.fetch(`/api/companies/${companyId}/parent`, {
    method: "PUT",
    headers: { accept: "application/json", "x-csrf-token": csrf, "if-match": `"${version}"` },
    data: { parentId, relation: "subsidiary", share: 100 },
  });
  expect(response.status(), await response.text()).toBe(200);
}

/** Picks `label` in a Mantine select (typing first into searchable ones); `exact: false` for options that show more (a person's email). */
async function choose(page: Page, input: Locator, label: string, exact = true): Promise<void> {
  await input.click();
  if (await input.isEditable()) await input.fill(label);
  await page.getByRole("option", { name: label, exact }).first().click();
}

function answer(page: Page, method: string, path: RegExp) {
  return page.waitForResponse((response) => response.request().method() === method && path.test(new URL(response.url()).pathname));
}

async function createContact(api: Api, companyId: string, firstName: string, lastName: string) {
  return api.post<Contact>("/api/contacts", { companyId, firstName, lastName, ignoreDuplicates: true });
}

/** Types into the rich-text editor and picks the colleague from the @mention suggestions. */
async function mention(page: Page, editor: Locator, name: string) {
  await editor.pressSequentially(`@${name.split(" ")[0]!.slice(0, 4)}`);
  const suggestions = page.getByTestId("mention-suggestions");
  await expect(suggestions.getByTestId("mention-option").filter({ hasText: name })).toBeVisible();
  await suggestions.getByTestId("mention-option").filter({ hasText: name }).click();
  await expect(suggestions).toBeHidden();
}

test("a call with a next step reaches the colleague's My work and bell live; a note mentions them; filters and pins on the client card", async ({
  page,
  adminApi,
  openAs,
}) => {
  test.setTimeout(240_000);
  const user = await adminApi.createUser({ role: "administrator", name: unique("Tina Timeline") });
  const colleague = await adminApi.createUser({ role: "administrator", name: unique("Colin Colleague") });
  const company = await adminApi.createCompany({ name: unique("Memory Works") });
  const anna = await createContact(adminApi, company.id, "Anna", unique("Andersson"));
  const bo = await createContact(adminApi, company.id, "Bo", unique("Berg"));
  const asColleague = await Api.signIn(colleague);
  const panel = page.getByTestId("timeline-panel");
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });

  await signIn(page, user, `/companies/${company.id}?tab=timeline`);
  await expectShell(page);
  // The colleague works in a browser of their own, on their My work page.
  const other = await openAs(colleague, "/my-work");
  await expectShell(other.page);
  const bell = other.page.getByTestId("notifications");
  await expect(bell).toHaveAttribute("data-unread", "0");
  await expect(other.page.getByTestId("section-upcoming")).toContainText(en("tasks:empty.upcoming"));

  await test.step("the tab comes right after the overview and starts empty", async () => {
    const tabs = page.getByRole("tab");
    await expect(tabs.nth(1)).toHaveText(en("timeline:tab"));
    await expect(panel.getByText(en("timeline:empty.title"))).toBeVisible();
    await settle(page);
    await expectAccessible(page, { name: "empty timeline" });
    await screens(page, "timeline-empty");
    await handsetScreen(page, "timeline-empty");
  });

  let call: Entry;
  await test.step("log a call with two contacts, an outcome and a next step for a colleague", async () => {
    await panel.getByTestId("timeline-log").click();
    const dialog = page.getByTestId("entry-dialog");
    await expect(dialog.getByTestId("entry-kind")).toHaveValue(en("timeline:kind.call"));
    // Nothing to say yet: the form asks for a subject or text before sending.
    await dialog.getByTestId("entry-form-submit").click();
    await expect(dialog.getByText(en("timeline:form.subjectOrText"))).toBeVisible();
    await dialog.getByTestId("entry-subject-input").fill("Renewal call");
    await choose(page, dialog.getByTestId("entry-contacts"), anna.fullName);
    await choose(page, dialog.getByTestId("entry-contacts"), bo.fullName);
    await dialog.getByTestId("entry-duration").fill("25");
    await dialog.getByTestId("entry-body-editor-input").click();
    await page.keyboard.type("They want the new price list before Friday.");
    await dialog.getByTestId("entry-outcome-input").fill("Proposal requested");
    await dialog.getByTestId("entry-with-next-step").check();
    await dialog.getByTestId("entry-next-step-text").fill("Send the proposal");
    await dialog.getByTestId("entry-next-step-due").fill(inTwoDays());
    await choose(page, dialog.getByTestId("entry-next-step-assignee"), colleague.name, false);
    await expectAccessible(page, { name: "log interaction dialog", schemes: ["light"] });
    await screens(page, "timeline-log-dialog");
    await handsetScreen(page, "timeline-log-dialog");
    const post = answer(page, "POST", /^\/api\/timeline$/);
    await dialog.getByTestId("entry-form-submit").click();
    const response = await post;
    expect(response.status()).toBe(201);
    call = (await response.json()) as Entry;
    await expect(dialog).toBeHidden();
    const card = panel.locator(`[data-testid="timeline-entry"][data-entry="${call.id}"]`);
    await expect(card.getByTestId("entry-subject")).toHaveText("Renewal call");
    await expect(card.getByTestId("entry-contact")).toHaveText([anna.fullName, bo.fullName].sort((a, b) => a.localeCompare(b)));
    await expect(card.getByTestId("entry-outcome")).toContainText("Proposal requested");
    await expect(card.getByTestId("entry-next-step")).toContainText("Send the proposal");
    await expect(card.getByTestId("entry-next-step")).toContainText(colleague.name);
    await expect(panel.getByTestId("timeline-day").first()).toHaveText(en("timeline:day.today"));
    // The next step is the colleague's task, about this entry.
    expect(call.nextStep).toMatchObject({ text: "Send the proposal", assigneeId: colleague.id });
    const task = await asColleague.get<Task>(`/api/tasks/${call.nextStep!.taskId}`);
    expect(task).toMatchObject({ title: "Send the proposal", assigneeId: colleague.id, related: { type: "timeline_entry", id: call.id } });
  });

  await test.step("the colleague's bell counts the task and their My work lists it, without a reload", async () => {
    await expect(bell).toHaveAttribute("data-unread", "1");
    const row = other.page.getByTestId("section-upcoming").getByTestId("task-row").filter({ hasText: "Send the proposal" });
    await expect(row).toBeVisible();
    await expect(row).toContainText(company.name);
    await expect(row).toContainText(en("tasks:row.from", { name: user.name }));
    await screens(other.page, "timeline-colleague-my-work", ["desktop"]);
  });

  let note: Entry;
  await test.step("write a note that mentions the colleague, who is notified once", async () => {
    const composer = panel.getByTestId("note-composer");
    const editor = composer.getByTestId("note-editor-input");
    await editor.click();
    await editor.pressSequentially("Please check the discount with ");
    await mention(page, editor, colleague.name);
    await editor.pressSequentially("before we send it.");
    await composer.getByRole("button", { name: en("timeline:editor.bold") }).click();
    await editor.pressSequentially(" Important!");
    const post = answer(page, "POST", /^\/api\/timeline$/);
    await composer.getByTestId("note-add").click();
    const response = await post;
    expect(response.status()).toBe(201);
    note = (await response.json()) as Entry;
    const card = panel.locator(`[data-testid="timeline-entry"][data-entry="${note.id}"]`);
    const body = card.getByTestId("entry-body");
    await expect(body.locator('[data-type="mention"]')).toHaveText(`@${colleague.name}`);
    await expect(body.locator("strong")).toHaveText("Important!");
    // The composer is empty again for the next note.
    await expect(editor).toHaveText("");
    await expect
      .poll(async () => {
        const inbox = await asColleague.get<{ items: Notification[] }>("/api/notifications");
        return inbox.items.filter((item) => item.kind === "mention" && item.link?.includes(note.id)).length;
      })
      .toBe(1);
    // It reaches the colleague's bell live too, and leads to the entry on the card.
    await expect(bell).toHaveAttribute("data-unread", "2");
    await bell.click();
    const item = other.page.getByTestId("inbox").getByTestId("notification").filter({ hasText: company.name }).first();
    await expect(item).toHaveAttribute("data-unread", "true");
    await expect(other.page.getByTestId("inbox").getByTestId("notification")).toHaveCount(2);
    const mentionItem = other.page
      .getByTestId("inbox")
      .getByTestId("notification")
      .filter({ hasText: en("notifications:text.mentionNoTitle", { actor: user.name }) });
    await mentionItem.first().click();
    await expect(other.page).toHaveURL(new RegExp(`/companies/${company.id}\\?.*entry=${note.id}`));
    const linked = other.page.getByTestId("timeline-panel").locator(`[data-entry="${note.id}"]`);
    await expect(linked).toBeVisible();
    await expect(bell).toHaveAttribute("data-unread", "1");
  });

  await test.step("filter by type and by words, then clear", async () => {
    await panel.getByTestId("filter-kind-call").click();
    await expect(panel.getByTestId("timeline-entry")).toHaveCount(1);
    await expect(panel.getByTestId("timeline-entry")).toHaveAttribute("data-kind", "call");
    await panel.getByTestId("filter-kind-call").click();
    await panel.getByTestId("filter-search").fill("discount");
    await expect(panel.getByTestId("timeline-entry")).toHaveCount(1);
    await expect(panel.getByTestId("timeline-entry")).toHaveAttribute("data-kind", "note");
    await panel.getByTestId("filter-search").fill("nothing like this anywhere");
    await expect(panel.getByText(en("timeline:empty.filteredTitle"))).toBeVisible();
    await screens(page, "timeline-filtered-empty", ["desktop"]);
    await panel.getByTestId("timeline-empty-clear").click();
    await expect(panel.getByTestId("timeline-entry")).toHaveCount(2);
  });

  let meeting: Entry;
  await test.step("filter by person (who wrote it, whom it involved) and by date", async () => {
    // The colleague logged a meeting with Bo ten days ago.
    meeting = await asColleague.post<Entry>("/api/timeline", {
      companyId: company.id,
      kind: "meeting",
      subject: "Kick-off meeting",
      contactIds: [bo.id],
      occurredAt: new Date(Date.now() - 10 * 86_400_000).toISOString(),
    });
    const list = panel.getByTestId("timeline-list");
    await expect(list.locator(`[data-entry="${meeting.id}"]`)).toBeVisible();
    await expect(list.getByTestId("timeline-entry")).toHaveCount(3);
    await choose(page, panel.getByTestId("filter-author"), colleague.name, false);
    await expect(list.getByTestId("timeline-entry")).toHaveCount(1);
    await expect(list.getByTestId("timeline-entry")).toHaveAttribute("data-entry", meeting.id);
    await panel.getByTestId("filter-clear").click();
    await expect(list.getByTestId("timeline-entry")).toHaveCount(3);
    await choose(page, panel.getByTestId("filter-contact"), bo.fullName);
    await expect(list.getByTestId("timeline-entry")).toHaveCount(2);
    await expect(list.locator(`[data-entry="${note.id}"]`)).toHaveCount(0);
    await panel.getByTestId("filter-clear").click();
    // From five days ago: the meeting is older.
    const from = panel.getByTestId("filter-from");
    await from.fill(new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10));
    await from.press("Tab");
    await expect(list.getByTestId("timeline-entry")).toHaveCount(2);
    await expect(list.locator(`[data-entry="${meeting.id}"]`)).toHaveCount(0);
    await panel.getByTestId("filter-clear").click();
    // Up to yesterday: only the meeting.
    const to = panel.getByTestId("filter-to");
    await to.fill(new Date(Date.now() - 86_400_000).toISOString().slice(0, 10));
    await to.press("Tab");
    await expect(list.getByTestId("timeline-entry")).toHaveCount(1);
    await expect(list.getByTestId("timeline-entry")).toHaveAttribute("data-entry", meeting.id);
    await screens(page, "timeline-filtered", ["desktop"]);
    await panel.getByTestId("filter-clear").click();
    await expect(list.getByTestId("timeline-entry")).toHaveCount(3);
  });

  await test.step("pin the note: it shows on top of the card", async () => {
    const card = panel.getByTestId("timeline-list").locator(`[data-testid="timeline-entry"][data-entry="${note.id}"]`);
    await card.getByTestId("entry-actions").click();
    const patch = answer(page, "PATCH", new RegExp(`^/api/timeline/${note.id}$`));
    await page.getByTestId("entry-pin").click();
    expect((await patch).status()).toBe(200);
    const pinned = panel.getByTestId("timeline-pinned");
    await expect(pinned.locator(`[data-entry="${note.id}"]`)).toBeVisible();
    await settle(page);
    await expectAccessible(page, { name: "timeline with entries" });
    await screens(page, "timeline-entries");
    await page.setViewportSize(phone);
    await expect(pinned).toBeVisible();
    await expectNoHorizontalScroll(page);
    await page.setViewportSize({ width: 1280, height: 800 });
    await handsetScreen(page, "timeline-entries");
  });

  await test.step("an edit based on an old version is refused, reloaded and said; the next save applies", async () => {
    const card = panel.getByTestId("timeline-list").locator(`[data-testid="timeline-entry"][data-entry="${call.id}"]`);
    await card.getByTestId("entry-actions").click();
    await page.getByTestId("entry-edit").click();
    const dialog = page.getByTestId("entry-dialog");
    await dialog.getByTestId("entry-outcome-input").fill("Proposal requested by Friday");
    // Meanwhile the author changes the entry from elsewhere.
    const asUser = await Api.signIn(user);
    await asUser.patch<Entry>(`/api/timeline/${call.id}`, { subject: "Renewal call (Q3)" }, call.version);
    await asUser.dispose();
    const stale = answer(page, "PATCH", new RegExp(`^/api/timeline/${call.id}$`));
    await dialog.getByTestId("entry-form-submit").click();
    expect((await stale).status()).toBe(412);
    await expect(dialog.getByTestId("entry-form-stale")).toBeVisible();
    const saved = answer(page, "PATCH", new RegExp(`^/api/timeline/${call.id}$`));
    await dialog.getByTestId("entry-form-submit").click();
    expect((await saved).status()).toBe(200);
    await expect(dialog).toBeHidden();
    await expect(card.getByTestId("entry-outcome")).toContainText("Proposal requested by Friday");
    // Only what this user changed was sent again: the other change stays.
    await expect(card.getByTestId("entry-subject")).toHaveText("Renewal call (Q3)");
  });

  await test.step("the call shows on the timeline of each contact it involved", async () => {
    await page.goto(`/contacts/${anna.id}?tab=timeline`);
    const contactPanel = page.getByTestId("timeline-panel");
    await expect(contactPanel.locator(`[data-entry="${call.id}"]`)).toBeVisible();
    await expect(contactPanel.locator(`[data-entry="${note.id}"]`)).toHaveCount(0);
    // Entries there name their company (a link that reads as one).
    await expect(contactPanel.locator(`[data-entry="${call.id}"]`).getByRole("link", { name: company.name })).toBeVisible();
    await settle(page);
    await expectAccessible(page, { name: "contact timeline" });
    await screens(page, "timeline-contact", ["desktop"]);
    await handsetScreen(page, "timeline-contact");
  });

  expect(dialogs).toEqual([]);
  await asColleague.dispose();
});

test("stage, grade and owner changes and documents added show as system entries, live", async ({ page, adminApi }) => {
  test.setTimeout(120_000);
  const user = await adminApi.createUser({ role: "administrator", name: unique("Sam System") });
  const newOwner = await adminApi.createUser({ role: "account_manager", name: unique("Olga Owner") });
  const company = await adminApi.createCompany({ name: unique("Changing Ltd"), ownerId: user.id });
  const asUser = await Api.signIn(user);
  await asUser.post<Entry>("/api/timeline", { companyId: company.id, kind: "decision", subject: "Go for the framework deal" });

  await signIn(page, user, `/companies/${company.id}?tab=timeline`);
  await expectShell(page);
  const panel = page.getByTestId("timeline-panel");
  const list = panel.getByTestId("timeline-list");
  await expect(list.getByTestId("timeline-entry")).toHaveCount(1);

  // Each change made elsewhere appears on the open card without a reload, newest first.
  await changeCompany(asUser, company.id, { stage: "customer" });
  await expect(list.getByTestId("system-text").first()).toContainText(
    en("timeline:system.stageChanged", { from: en("companies:stage.lead"), to: en("companies:stage.customer") }),
  );
  await changeCompany(asUser, company.id, { gradeOverride: "A" });
  await expect(list.locator('[data-kind="system"]')).toHaveCount(2);
  await changeCompany(asUser, company.id, { ownerId: newOwner.id });
  await expect(list.getByTestId("system-text").first()).toContainText(
    en("timeline:system.ownerChanged", { from: user.name, to: newOwner.name }),
  );
  const document = await upload(
    asUser,
    "/api/documents",
    {
      recordType: "company",
      recordId: company.id,
      kind: "proposal",
      title: "Framework proposal",
      fileName: "proposal.txt",
      note: "First draft",
    },
    "The first draft of the framework proposal.",
  );
  await expect(list.getByTestId("system-text").first()).toContainText(en("timeline:system.documentAdded", { title: "Framework proposal" }));
  await expect(list.getByTestId("system-text").first()).toContainText("First draft");
  await upload(asUser, `/api/documents/${document.id}/revisions`, { fileName: "proposal-v2.txt", note: "Prices updated" }, "Second draft.");
  await expect(list.getByTestId("system-text").first()).toContainText(
    en("timeline:system.documentRevised", { title: "Framework proposal", revision: 2 }),
  );
  await expect(list.getByTestId("timeline-entry")).toHaveCount(6);
  // Who made each change.
  for (const line of await list.getByTestId("system-text").all()) await expect(line).toContainText(user.name);
  // The grade line says it in words, whatever the grade was before.
  const grade = (
    await asUser.get<{ items: (Entry & { systemKind: string | null; systemData: Record<string, unknown> })[] }>(
      `/api/companies/${company.id}/timeline`,
      { "filter[kind]": "system" },
    )
  ).items.find((entry) => entry.systemKind === "grade_changed")!;
  const gradeText = grade.systemData.from
    ? en("timeline:system.gradeChanged", { from: en(`companies:grade.${String(grade.systemData.from)}`), to: en("companies:grade.A") })
    : en("timeline:system.gradeSet", { to: en("companies:grade.A") });
  await expect(list.locator(`[data-entry="${grade.id}"]`)).toContainText(gradeText);
  // Nobody can change a system entry: no actions on them.
  await expect(list.locator('[data-kind="system"]').getByTestId("entry-actions")).toHaveCount(0);

  await test.step("the System type filter keeps only them", async () => {
    await panel.getByTestId("filter-kind-system").click();
    await expect(list.getByTestId("timeline-entry")).toHaveCount(5);
    await expect(list.locator('[data-kind="decision"]')).toHaveCount(0);
    await panel.getByTestId("filter-kind-system").click();
    await expect(list.getByTestId("timeline-entry")).toHaveCount(6);
  });
  await settle(page);
  await expectAccessible(page, { name: "timeline with system entries" });
  await screens(page, "timeline-system");
  await handsetScreen(page, "timeline-system");

  await test.step("on a phone the person and date filters fold away behind a button", async () => {
    await page.setViewportSize(handset);
    await expect(panel.getByTestId("filter-author")).toHaveCount(0);
    await panel.getByTestId("filter-more").click();
    await expect(panel.getByTestId("filter-author")).toBeVisible();
    await expect(panel.getByTestId("filter-from")).toBeVisible();
    await handsetScreen(page, "timeline-phone-filters");
  });
  await asUser.dispose();
});

test("the whole group's timeline: entries of every company of the group, each with its company, live", async ({ page, adminApi }) => {
  test.setTimeout(120_000);
  const user = await adminApi.createUser({ role: "administrator", name: unique("Greta Group") });
  const holding = await adminApi.createCompany({ name: unique("Holding AB") });
  const daughter = await adminApi.createCompany({ name: unique("Daughter GmbH") });
  const stranger = await adminApi.createCompany({ name: unique("Unrelated Oy") });
  await setParent(adminApi, daughter.id, holding.id);
  const asUser = await Api.signIn(user);
  const onHolding = await asUser.post<Entry>("/api/timeline", {
    companyId: holding.id,
    kind: "meeting",
    subject: "Board meeting at the holding",
  });
  const onDaughter = await asUser.post<Entry>("/api/timeline", {
    companyId: daughter.id,
    kind: "visit",
    subject: "Site visit at the daughter",
  });
  const elsewhere = await asUser.post<Entry>("/api/timeline", { companyId: stranger.id, kind: "call", subject: "Not of this group" });

  // The topics the server confirms this page watches (the group's root topic comes with the group's answer).
  const watching = new Set<string>();
  page.on("websocket", (socket) =>
    socket.on("framereceived", (frame) => {
      try {
        const message = JSON.parse(String(frame.payload)) as { type?: string; topics?: string[] };
        if (message.type === "subscribed") for (const topic of message.topics ?? []) watching.add(topic);
      } catch {
        // not a JSON frame
      }
    }),
  );
  await signIn(page, user, `/companies/${daughter.id}?tab=timeline`);
  await expectShell(page);
  const panel = page.getByTestId("timeline-panel");
  const list = panel.getByTestId("timeline-list");
  // The company's own timeline first: its entries only, without a company label.
  await expect(list.getByTestId("timeline-entry")).toHaveCount(1);
  await expect(list.locator(`[data-entry="${onDaughter.id}"]`)).toBeVisible();
  await expect(list.locator(`[data-entry="${onDaughter.id}"]`).getByRole("link", { name: daughter.name })).toHaveCount(0);

  await panel.getByTestId("timeline-scope").getByText(en("timeline:scope.group"), { exact: true }).click();
  await expect(list.getByTestId("timeline-entry")).toHaveCount(2);
  await expect(list.locator(`[data-entry="${onHolding.id}"]`).getByRole("link", { name: holding.name })).toBeVisible();
  await expect(list.locator(`[data-entry="${onDaughter.id}"]`).getByRole("link", { name: daughter.name })).toBeVisible();
  await expect(list.locator(`[data-entry="${elsewhere.id}"]`)).toHaveCount(0);

  // A note written on the holding meanwhile appears in the group's timeline without a reload
  // (written once the page watches the root's topic, as a colleague's note would be).
  await expect.poll(() => watching.has(`company:${holding.id}`), { timeout: 10_000 }).toBe(true);
  const later = await asUser.post<Entry>("/api/timeline", {
    companyId: holding.id,
    kind: "note",
    body: "<p>The holding decides in May.</p>",
  });
  await expect(list.locator(`[data-entry="${later.id}"]`)).toBeVisible();
  await expect(list.locator(`[data-entry="${later.id}"]`).getByRole("link", { name: holding.name })).toBeVisible();
  await expect(list.getByTestId("timeline-entry")).toHaveCount(3);
  await settle(page);
  await expectAccessible(page, { name: "group timeline" });
  await screens(page, "timeline-group");
  await handsetScreen(page, "timeline-group");

  // The company label leads to that company's card.
  await list.locator(`[data-entry="${onHolding.id}"]`).getByRole("link", { name: holding.name }).click();
  await expect(page).toHaveURL(new RegExp(`/companies/${holding.id}`));
  await asUser.dispose();
});

test("the XSS corpus stored as notes renders inert: no dialog, no script, no handler", async ({ page, adminApi }) => {
  test.setTimeout(180_000);
  const user = await adminApi.createUser({ role: "administrator" });
  const company = await adminApi.createCompany({ name: unique("Hostile Input") });
  const asUser = await Api.signIn(user);
  for (const [index, payload] of xssCorpus.entries())
    await asUser.post<Entry>("/api/timeline", { companyId: company.id, kind: "note", body: `<p>Payload ${index}</p>${payload}` });
  await asUser.dispose();
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });

  await signIn(page, user, `/companies/${company.id}?tab=timeline`);
  await expectShell(page);
  const panel = page.getByTestId("timeline-panel");
  await expect(panel.getByTestId("timeline-entry").first()).toBeVisible();
  // Every page of entries on screen ("Show older" may hide for a moment while a live refetch runs).
  await expect(async () => {
    const more = panel.getByTestId("timeline-more");
    if (await more.isVisible()) {
      await more.click({ timeout: 2_000 });
      await settle(page);
    }
    await expect(panel.getByTestId("timeline-entry")).toHaveCount(xssCorpus.length, { timeout: 1_000 });
  }).toPass({ timeout: 45_000 });
  // Hover and click every body, as a reader would.
  for (const body of await panel.getByTestId("entry-body").all()) await body.hover();
  await page.waitForTimeout(500);
  const found = await panel.evaluate((root) => ({
    dangerous: root.querySelectorAll(
      '[data-testid="entry-body"] :is(script, img, svg, iframe, object, embed, style, link, meta, base, form, input, video, audio, math, template, textarea, select)',
    ).length,
    handlers: Array.from(root.querySelectorAll('[data-testid="entry-body"] *')).filter((element) =>
      Array.from(element.attributes).some((attribute) => /^on|^style$|^src/i.test(attribute.name)),
    ).length,
    unsafeLinks: Array.from(root.querySelectorAll<HTMLAnchorElement>('[data-testid="entry-body"] a')).filter(
      (link) => !/^(https?:|mailto:)/.test(link.href) || link.rel !== "noopener noreferrer nofollow",
    ).length,
    ran: (window as unknown as { __xss?: unknown }).__xss !== undefined,
  }));
  expect(found).toEqual({ dangerous: 0, handlers: 0, unsafeLinks: 0, ran: false });
  expect(dialogs).toEqual([]);
  await screens(page, "timeline-xss", ["desktop"]);
});

test("the timeline shows its loading and error states, and a retry recovers", async ({ page, adminApi }) => {
  const user = await adminApi.createUser({ role: "administrator" });
  const company = await adminApi.createCompany({ name: unique("Flaky Network") });
  let fail = true;
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/api\/companies\/[^/]+\/timeline/, async (route) => {
    if (route.request().url().includes("pinned")) return route.continue();
    await held;
    if (fail)
      return route.fulfill({
        status: 503,
        contentType: "application/json",
        body: JSON.stringify({ code: "unavailable", message: "Down" }),
      });
    return route.continue();
  });
  await signIn(page, user, `/companies/${company.id}?tab=timeline`);
  const panel = page.getByTestId("timeline-panel");
  await expect(panel.getByRole("status").first()).toBeVisible();
  await screens(page, "timeline-loading", ["desktop"]);
  release();
  await expect(panel.getByRole("alert")).toBeVisible({ timeout: 20_000 });
  await screens(page, "timeline-error");
  await handsetScreen(page, "timeline-error");
  fail = false;
  await panel.getByRole("button", { name: en("action.retry") }).click();
  await expect(panel.getByText(en("timeline:empty.title"))).toBeVisible();
});
