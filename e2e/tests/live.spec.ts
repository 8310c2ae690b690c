/// <reference lib="dom" />
// (c) Live updates: a change made through the API by another user appears on an open company page
// and an open companies list without a reload; and after the live socket is dropped the tab shows
// it, reconnects, and refetches what it missed.
import type { Page, WebSocketRoute } from "@playwright/test";
import { Api, unique } from "../support/api";
import { expect, expectShell, signIn, test } from "../support/fixtures";
import { en } from "../support/i18n";

/** Marks the document; the mark is gone if the page reloads or navigates away for real. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __e2eMark: boolean }).__e2eMark = true));
}
async function expectSameDocument(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __e2eMark?: boolean }).__e2eMark === true), "the page was not reloaded").toBe(
    true,
  );
}

/** Records every value the live indicator's data-status takes from now on. */
async function recordLiveStatus(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __liveStatuses: string[] };
    w.__liveStatuses = [];
    const seen = new WeakSet<Element>();
    const watch = () => {
      const indicator = document.querySelector('[data-testid="live-indicator"]');
      if (!indicator || seen.has(indicator)) return;
      seen.add(indicator);
      w.__liveStatuses.push(indicator.getAttribute("data-status") ?? "");
      new MutationObserver(() => w.__liveStatuses.push(indicator.getAttribute("data-status") ?? "")).observe(indicator, {
        attributes: true,
        attributeFilter: ["data-status"],
      });
    };
    watch();
    new MutationObserver(watch).observe(document.body, { childList: true, subtree: true });
  });
}
const liveStatuses = (page: Page) => page.evaluate(() => (window as unknown as { __liveStatuses: string[] }).__liveStatuses);

const listRow = (page: Page, name: string) => page.getByTestId("companies-row").filter({ hasText: name });

test("a change made elsewhere shows up on the open company page and companies list without a reload", async ({ page, adminApi }) => {
  const viewer = await adminApi.createUser({ role: "administrator" });
  const editorUser = await adminApi.createUser({ role: "administrator" });
  const token = unique("Live");
  const company = await adminApi.createCompany({ name: `${token} Industries` });

  await signIn(page, viewer, `/companies/${company.id}`);
  await expectShell(page);
  await expect(page.getByTestId("company-title")).toHaveText(company.name);
  await expect(page.getByTestId("live-indicator")).toHaveText(en("live.online"));

  const list = await page.context().newPage();
  await list.goto(`/companies?q=${encodeURIComponent(token)}`);
  await expectShell(list);
  await expect(listRow(list, company.name)).toBeVisible();
  await markDocument(page);
  await markDocument(list);

  // Another user, another session: the API with the session's CSRF token and If-Match.
  const editor = await Api.signIn(editorUser);
  try {
    const renamed = `${token} Holding`;
    const updated = await editor.renameCompany(company.id, renamed);
    expect(updated.version).toBe(company.version + 1);

    await expect(page.getByTestId("company-title")).toHaveText(renamed);
    await expect(listRow(list, renamed)).toBeVisible();
    await expect(listRow(list, company.name)).toHaveCount(0);
    // The form on the page follows the record while the user is not editing it.
    await expect(page.getByTestId("company-form").getByTestId("field-name")).toHaveValue(renamed);
    await expectSameDocument(page);
    await expectSameDocument(list);
    await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-status", "online");
    await expect(list.getByTestId("live-indicator")).toHaveAttribute("data-status", "online");

    // A new company shows up in the list too.
    const added = await editor.createCompany({ name: `${token} Added` });
    await expect(listRow(list, added.name)).toBeVisible();
    await expectSameDocument(list);
  } finally {
    await editor.dispose();
  }
});

test("when the live connection drops, the tab shows it, reconnects and refetches what it missed", async ({ page, adminApi }) => {
  const viewer = await adminApi.createUser({ role: "administrator" });
  const token = unique("Reconnect");
  const company = await adminApi.createCompany({ name: `${token} AB` });

  // The page's WebSocket goes through this route: forwarded to the server, except that the test
  // can drop it and hold back the reconnect until it has looked at the indicator.
  const sockets: WebSocketRoute[] = [];
  let holding = false;
  const held: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/api\/live$/, (ws) => {
    sockets.push(ws);
    if (holding) held.push(ws);
    else ws.connectToServer();
  });

  await signIn(page, viewer, `/companies?q=${encodeURIComponent(token)}`);
  await expectShell(page);
  await expect(listRow(page, company.name)).toBeVisible();
  expect(sockets).toHaveLength(1);
  await recordLiveStatus(page);
  await markDocument(page);

  // Drop the connection from the server side of the route; keep the reconnect waiting.
  holding = true;
  await sockets[0]!.close({ code: 1012, reason: "e2e: server restart" });
  await expect.poll(() => liveStatuses(page)).toContain("offline");
  await expect.poll(() => held.length, { timeout: 10_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-status", "connecting");
  await expect(page.getByTestId("live-indicator")).toHaveText(en("live.connecting"));

  // A change while the tab is not listening: no event reaches it.
  const renamed = `${token} Renamed`;
  await adminApi.renameCompany(company.id, renamed);
  await page.waitForTimeout(1_000);
  await expect(listRow(page, company.name)).toBeVisible();

  // Let the reconnect through: online again, and the list is fetched anew (the missed change shows).
  const refetch = page.waitForResponse(
    (response) => new URL(response.url()).pathname === "/api/companies" && response.request().method() === "GET",
  );
  holding = false;
  for (const ws of held.splice(0)) ws.connectToServer();
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-status", "online", { timeout: 15_000 });
  expect((await refetch).ok()).toBe(true);
  await expect(listRow(page, renamed)).toBeVisible();
  await expectSameDocument(page);

  const statuses = await liveStatuses(page);
  expect(statuses.slice(statuses.indexOf("offline"))).toEqual(expect.arrayContaining(["offline", "connecting", "online"]));
  expect(statuses.at(-1)).toBe("online");

  // Live events flow again on the new connection.
  const again = `${token} Again`;
  await adminApi.renameCompany(company.id, again);
  await expect(listRow(page, again)).toBeVisible();
});

test("an offline indicator reconnects at once when clicked", async ({ page, adminApi }) => {
  const viewer = await adminApi.createUser({ role: "administrator" });
  const sockets: WebSocketRoute[] = [];
  let refuse = false;
  await page.routeWebSocket(/\/api\/live$/, (ws) => {
    sockets.push(ws);
    // While refusing, each attempt is closed at once (the backoff grows, the tab stays offline).
    if (refuse) void ws.close({ code: 1013, reason: "e2e: try again later" });
    else ws.connectToServer();
  });
  await signIn(page, viewer, "/");
  await expectShell(page);

  refuse = true;
  await sockets[0]!.close({ code: 1012, reason: "e2e" });
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-status", "offline");
  await expect(page.getByTestId("live-indicator")).toHaveText(en("live.offline"));
  // Its name tells what a click does.
  await expect(page.getByTestId("live-indicator")).toHaveAccessibleName(
    new RegExp(en("live.offlineHint").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")),
  );

  refuse = false;
  await page.getByTestId("live-indicator").click();
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-status", "online", { timeout: 5_000 });
});
