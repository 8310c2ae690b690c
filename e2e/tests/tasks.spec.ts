/// <reference lib="dom" />
// Tasks and the inbox: Ann gives Bo a task on a client; it appears in Bo's "My work" and Bo's
// bell counts it live in his own browser; Bo opens it from the notification and ticks it done.
// Bo switches assignments off in his profile and the next one does not reach his inbox. The
// client card's Tasks tab adds one by quick add; empty and error states at both sizes.
import path from "node:path";
import type { Locator, Page } from "@playwright/test";
import { Api, unique } from "../support/api";
import { expect, expectShell, signIn, test } from "../support/fixtures";
import { en } from "../support/i18n";
import { expectNoHorizontalScroll } from "../support/layout";
import { phone, screens, settle } from "../support/screens";

type Task = { id: string; title: string; status: string; version: number; assigneeId: string };

/** A common phone (390×844): no sideways scrolling, and a full-page screenshot beside the other screens. */
async function atHandset(page: Page, name: string): Promise<void> {
  const original = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await settle(page);
  await expectNoHorizontalScroll(page);
  await page.screenshot({
    path: path.join(test.info().project.outputDir, "screens", `${name}-handset.png`),
    fullPage: true,
    animations: "disabled",
  });
  if (original) await page.setViewportSize(original);
}

/** Picks `label` in a Mantine select (typing first into searchable ones). */
async function choose(page: Page, input: Locator, label: string): Promise<void> {
  await input.click();
  if (await input.isEditable()) await input.fill(label);
  await page.getByRole("option", { name: label }).first().click();
}

/** `YYYY-MM-DDTHH:mm` two days from now at 10:00, as a datetime-local input takes it (the browser's zone is the user's: UTC by default). */
function inTwoDays(): string {
  const date = new Date(Date.now() + 2 * 86_400_000);
  return `${date.toISOString().slice(0, 10)}T10:00`;
}

test("a task for a colleague reaches their My work and their bell live; they open it from the notification and tick it done", async ({
  page,
  adminApi,
  openAs,
}) => {
  test.setTimeout(180_000);
  const ann = await adminApi.createUser({ role: "administrator", name: unique("Ann") });
  const bo = await adminApi.createUser({ role: "account_manager", name: unique("Bo") });
  // Bo's own client: he may read it, so his row and his notification name it.
  const company = await adminApi.createCompany({ name: unique("Renewal Client"), ownerId: bo.id });
  const title = unique("Call about the renewal");

  await signIn(page, ann, "/my-work");
  await expectShell(page);
  const bob = await openAs(bo, "/my-work");
  await expectShell(bob.page);
  const bell = bob.page.getByTestId("notifications");
  await expect(bell).toHaveAttribute("data-unread", "0");

  await test.step("empty My work, and its error state when the server fails", async () => {
    for (const view of ["overdue", "today", "upcoming", "no_date", "done"])
      await expect(bob.page.getByTestId(`section-${view}`)).toContainText(en(`tasks:empty.${view}`));
    await screens(bob.page, "tasks-my-work-empty");
    await bob.page.route("**/api/tasks?*", (route) => route.fulfill({ status: 500, body: "{}" }));
    await bob.page.reload();
    await expect(bob.page.getByTestId("section-today").getByRole("button", { name: en("common:action.retry") })).toBeVisible();
    await screens(bob.page, "tasks-my-work-error");
    await bob.page.unroute("**/api/tasks?*");
    await bob.page.reload();
    await expectShell(bob.page);
    await expect(bob.page.getByTestId("section-today")).toContainText(en("tasks:empty.today"));
  });

  await test.step("Ann creates the task for Bo on the client, due in two days, high priority", async () => {
    await page.getByTestId("task-new").click();
    const dialog = page.getByTestId("task-dialog");
    await dialog.getByTestId("task-title").fill(title);
    await dialog.getByTestId("task-description").fill("Ask about the second site and the price list.");
    await choose(page, dialog.getByTestId("task-assignee"), bo.name);
    await dialog.getByTestId("task-due-input").fill(inTwoDays());
    await choose(page, dialog.getByTestId("task-priority-input"), en("tasks:priority.high"));
    await choose(page, dialog.getByTestId("task-reminder"), en("tasks:reminder.hours_one", { count: 1 }));
    await choose(page, dialog.getByTestId("task-company"), company.name);
    await screens(page, "tasks-new-dialog");
    const created = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/api/tasks");
    await dialog.getByTestId("task-form-submit").click();
    expect((await created).status()).toBe(201);
    await expect(dialog).toBeHidden();
    await page.getByTestId("my-work-assigned").getByText(en("tasks:page.mine")).waitFor();
    await page.getByTestId("my-work-assigned").locator("label").nth(1).click();
    const row = page.getByTestId("section-upcoming").getByTestId("task-row").filter({ hasText: title });
    await expect(row).toBeVisible();
    await expect(row).toContainText(en("tasks:row.for", { name: bo.name }));
    await expect(row.getByTestId("task-priority")).toHaveText(en("tasks:priority.high"));
  });

  await test.step("Bo's bell counts it live, and his My work lists it without a reload", async () => {
    await expect(bell).toHaveAttribute("data-unread", "1");
    const row = bob.page.getByTestId("section-upcoming").getByTestId("task-row").filter({ hasText: title });
    await expect(row).toBeVisible();
    await expect(row).toContainText(company.name);
    await expect(row).toContainText(en("tasks:row.from", { name: ann.name }));
    await screens(bob.page, "tasks-my-work");
    await atHandset(bob.page, "tasks-my-work");
  });

  await test.step("Bo opens the inbox and follows the notification to the task", async () => {
    await bell.click();
    const inbox = bob.page.getByTestId("inbox");
    const item = inbox.getByTestId("notification").filter({ hasText: title });
    await expect(item).toHaveAttribute("data-unread", "true");
    await expect(item).toContainText(en("notifications:text.assignment", { actor: ann.name, title }));
    await expect(item).toContainText(company.name);
    await screens(bob.page, "tasks-inbox");
    await atHandset(bob.page, "tasks-inbox");
    await bob.page.setViewportSize(phone);
    await expectNoHorizontalScroll(bob.page);
    await bob.page.setViewportSize({ width: 1280, height: 800 });
    await item.click();
    await expect(bob.page).toHaveURL(/\/my-work\?task=/);
    const dialog = bob.page.getByTestId("task-dialog");
    await expect(dialog.getByTestId("task-title")).toHaveValue(title);
    await expect(bell).toHaveAttribute("data-unread", "0");
    await screens(bob.page, "tasks-edit-dialog");
    await dialog.getByTestId("task-form-cancel").click();
    await expect(dialog).toBeHidden();
    await expect(bob.page).toHaveURL(/\/my-work$/);
  });

  await test.step("Bo edits it: urgent now, and Ann's list shows the change live", async () => {
    const row = bob.page.getByTestId("section-upcoming").getByTestId("task-row").filter({ hasText: title });
    await row.getByTestId("task-open").click();
    const dialog = bob.page.getByTestId("task-dialog");
    await choose(bob.page, dialog.getByTestId("task-priority-input"), en("tasks:priority.urgent"));
    const saved = bob.page.waitForResponse((r) => r.request().method() === "PATCH" && new URL(r.url()).pathname.startsWith("/api/tasks/"));
    await dialog.getByTestId("task-form-submit").click();
    expect((await saved).status()).toBe(200);
    await expect(dialog).toBeHidden();
    await expect(row.getByTestId("task-priority")).toHaveText(en("tasks:priority.urgent"));
    const annRow = page.getByTestId("section-upcoming").getByTestId("task-row").filter({ hasText: title });
    await expect(annRow.getByTestId("task-priority")).toHaveText(en("tasks:priority.urgent"));
  });

  await test.step("Bo adds one for himself by quick add: it lands in Today", async () => {
    const own = unique("Prepare the offer");
    await bob.page.getByTestId("quick-add").getByTestId("quick-add-title").fill(own);
    await bob.page.getByTestId("quick-add").getByTestId("quick-add-title").press("Enter");
    await expect(bob.page.getByTestId("section-today").getByTestId("task-row").filter({ hasText: own })).toBeVisible();
    await expect(bob.page.getByTestId("quick-add").getByTestId("quick-add-title")).toHaveValue("");
    await expect(bob.page.getByTestId("section-today-count")).toHaveText("1");
  });

  await test.step("Bo ticks it done: it leaves Upcoming for Done, and Ann's list follows", async () => {
    const row = bob.page.getByTestId("section-upcoming").getByTestId("task-row").filter({ hasText: title });
    const done = bob.page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/complete"));
    await row.getByTestId("task-done").check();
    expect((await done).status()).toBe(200);
    await expect(bob.page.getByTestId("section-done").getByTestId("task-row").filter({ hasText: title })).toHaveAttribute(
      "data-status",
      "done",
    );
    await expect(bob.page.getByTestId("section-upcoming").getByTestId("task-row").filter({ hasText: title })).toHaveCount(0);
    await expect(page.getByTestId("section-done").getByTestId("task-row").filter({ hasText: title })).toBeVisible();
    await bob.page.setViewportSize(phone);
    await settle(bob.page);
    await expectNoHorizontalScroll(bob.page);
    await bob.page.setViewportSize({ width: 1280, height: 800 });
  });

  await test.step("the full inbox page lists it read", async () => {
    await bob.page.goto("/notifications");
    const item = bob.page.getByTestId("notifications-list").getByTestId("notification").filter({ hasText: title });
    await expect(item).toHaveAttribute("data-unread", "false");
    await screens(bob.page, "tasks-notifications-page");
  });
});

test("switching a kind of notification off keeps it out of the inbox; the client card's Tasks tab adds a task", async ({
  page,
  adminApi,
  openAs,
}) => {
  test.setTimeout(120_000);
  const bo = await adminApi.createUser({ role: "administrator", name: unique("Bo") });
  const company = await adminApi.createCompany({ name: unique("Tab Client"), ownerId: bo.id });
  await signIn(page, bo, "/profile");
  await expectShell(page);

  await test.step("Bo turns assignments off in his profile", async () => {
    const preferences = page.getByTestId("notification-preferences");
    const assignment = preferences.getByTestId("preference-assignment");
    await expect(assignment).toBeChecked();
    const saved = page.waitForResponse((r) => r.request().method() === "PUT" && r.url().endsWith("/api/notifications/preferences"));
    // A click, then the state is awaited: the switch is controlled by the query cache, which re-renders a tick later.
    await assignment.click({ force: true });
    expect((await saved).status()).toBe(200);
    await expect(assignment).not.toBeChecked();
    await page.reload();
    await expect(page.getByTestId("notification-preferences").getByTestId("preference-assignment")).not.toBeChecked();
    await screens(page, "tasks-preferences");
    await atHandset(page, "tasks-preferences");
    // A save that fails puts the switch back.
    await page.route("**/api/notifications/preferences", (route) =>
      route.request().method() === "PUT" ? route.fulfill({ status: 500, body: "{}" }) : route.fallback(),
    );
    const mention = page.getByTestId("notification-preferences").getByTestId("preference-mention");
    await mention.click({ force: true });
    await expect(page.getByText(en("error.server")).first()).toBeVisible();
    await expect(mention).toBeChecked();
    await page.unroute("**/api/notifications/preferences");
  });

  await test.step("a task given to him arrives in My work but not in his inbox", async () => {
    const ann = await adminApi.createUser({ role: "administrator", name: unique("Ann") });
    const annApi = await openAs(ann, "/");
    const title = unique("Quiet task");
    const response = await annApi.page.request.post("/api/tasks", {
      headers: { "x-csrf-token": await csrfOf(annApi.page), "content-type": "application/json" },
      data: { title, assigneeId: bo.id },
    });
    expect(response.status()).toBe(201);
    await page.goto("/my-work");
    await expect(page.getByTestId("section-no_date").getByTestId("task-row").filter({ hasText: title })).toBeVisible();
    await expect(page.getByTestId("notifications")).toHaveAttribute("data-unread", "0");
    const unread = await page.request.get("/api/notifications/unread-count");
    expect(await unread.json()).toEqual({ count: 0 });
  });

  await test.step("the Tasks tab of the client card adds a task by quick add", async () => {
    await page.goto(`/companies/${company.id}?tab=tasks`);
    const panel = page.getByTestId("company-tasks");
    await expect(panel.getByTestId("company-task-list")).toContainText(en("tasks:company.emptyOpen"));
    await screens(page, "tasks-company-tab-empty");
    const title = unique("Send the price list");
    await panel.getByTestId("quick-add-title").fill(title);
    await choose(page, panel.getByTestId("quick-add-due"), en("tasks:quickAdd.due.tomorrow"));
    await panel.getByTestId("quick-add-title").press("Enter");
    const row = panel.getByTestId("task-row").filter({ hasText: title });
    await expect(row).toBeVisible();
    await screens(page, "tasks-company-tab");
    await page.setViewportSize(phone);
    await expectNoHorizontalScroll(page);
    const task = (await adminApi.get<{ items: Task[] }>(`/api/companies/${company.id}/tasks`)).items.find((t) => t.title === title);
    expect(task?.assigneeId).toBe(bo.id);
  });
});

test("the inbox page: empty and error states, read and unread marks, mark all read, and a link to a task that is gone", async ({
  page,
  adminApi,
}) => {
  test.setTimeout(120_000);
  const bo = await adminApi.createUser({ role: "sales_rep", name: unique("Bo") });
  const ann = await adminApi.createUser({ role: "administrator", name: unique("Ann") });
  await signIn(page, bo, "/notifications");
  await expectShell(page);
  const bell = page.getByTestId("notifications");

  await test.step("empty, then the error state when the server fails, then empty again", async () => {
    await expect(page.getByText(en("notifications:empty"))).toBeVisible();
    await expect(page.getByTestId("notifications-read-all")).toBeDisabled();
    await screens(page, "tasks-notifications-empty");
    await page.route("**/api/notifications?*", (route) => route.fulfill({ status: 500, body: "{}" }));
    await page.reload();
    await expect(page.getByRole("button", { name: en("common:action.retry") })).toBeVisible();
    await screens(page, "tasks-notifications-error");
    await page.unroute("**/api/notifications?*");
    await page.getByRole("button", { name: en("common:action.retry") }).click();
    await expect(page.getByText(en("notifications:empty"))).toBeVisible();
  });

  const annApi = await Api.signIn(ann);
  const first = await annApi.post<Task>("/api/tasks", { title: unique("First errand"), assigneeId: bo.id });
  const second = await annApi.post<Task>("/api/tasks", { title: unique("Second errand"), assigneeId: bo.id });
  const list = page.getByTestId("notifications-list");
  const itemOf = (task: Task) => list.getByTestId("notification").filter({ hasText: task.title });

  await test.step("both arrive live: the bell counts two and the list shows them unread, newest first", async () => {
    await expect(bell).toHaveAttribute("data-unread", "2");
    await expect(list.getByTestId("notification")).toHaveCount(2);
    await expect(list.getByTestId("notification").first()).toContainText(second.title);
    await expect(itemOf(first)).toHaveAttribute("data-unread", "true");
    await expect(itemOf(second)).toHaveAttribute("data-unread", "true");
  });

  await test.step("marks one read and unread again; the bell follows", async () => {
    const toggle = list.locator(":scope > div").filter({ hasText: first.title }).getByTestId("notification-toggle");
    await toggle.click();
    await expect(itemOf(first)).toHaveAttribute("data-unread", "false");
    await expect(bell).toHaveAttribute("data-unread", "1");
    await page
      .getByTestId("notifications-filter")
      .getByText(en("notifications:filter.unread_one", { count: 1 }))
      .click();
    await expect(list.getByTestId("notification")).toHaveCount(1);
    await expect(itemOf(second)).toBeVisible();
    await page.getByTestId("notifications-filter").getByText(en("notifications:filter.all")).click();
    await toggle.click();
    await expect(itemOf(first)).toHaveAttribute("data-unread", "true");
    await expect(bell).toHaveAttribute("data-unread", "2");
    await screens(page, "tasks-notifications-unread");
    await atHandset(page, "tasks-notifications-unread");
  });

  await test.step("mark all read: the bell empties and Unread says nothing is left", async () => {
    await page.getByTestId("notifications-read-all").click();
    await expect(bell).toHaveAttribute("data-unread", "0");
    await expect(itemOf(first)).toHaveAttribute("data-unread", "false");
    await expect(itemOf(second)).toHaveAttribute("data-unread", "false");
    await expect(page.getByTestId("notifications-read-all")).toBeDisabled();
    await page
      .getByTestId("notifications-filter")
      .getByText(en("notifications:filter.unread_other", { count: 0 }))
      .click();
    await expect(page.getByText(en("notifications:emptyUnread"))).toBeVisible();
    await page.getByTestId("notifications-filter").getByText(en("notifications:filter.all")).click();
  });

  await test.step("a notification whose task was deleted opens My work with a notice, not a broken dialog", async () => {
    await annApi.delete(`/api/tasks/${second.id}`, second.version);
    await itemOf(second).click();
    await expect(page).toHaveURL(new RegExp(`/my-work\\?task=${second.id}`));
    const notice = page.getByTestId("task-linked-missing");
    await expect(notice).toHaveText(en("tasks:page.linkedMissing"));
    await expect(page.getByTestId("task-dialog")).toHaveCount(0);
    await screens(page, "tasks-linked-missing");
    await notice.getByRole("button", { name: en("tasks:page.linkedClose") }).click();
    await expect(page).toHaveURL(/\/my-work$/);
    await expect(notice).toHaveCount(0);
    // The one still there opens as a dialog from its notification.
    await page.goto("/notifications");
    await itemOf(first).click();
    await expect(page.getByTestId("task-dialog").getByTestId("task-title")).toHaveValue(first.title);
  });
  await annApi.dispose();
});

/** The page's session's CSRF token, as the web app reads it. */
async function csrfOf(page: Page): Promise<string> {
  const session = await page.request.get("/api/auth/session");
  return ((await session.json()) as { csrfToken: string }).csrfToken;
}
